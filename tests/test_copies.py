"""Near-duplicate copies: fingerprints, copy groups, one origin per copied dispatch, and
copies filed into their original's story."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from corroborate.copies import MIN_SHINGLES, copy_groups, fingerprint, origin_groups, shingles
from corroborate.model import Article
from corroborate.pipeline import annotate_article, brief_for, ingest
from corroborate.settings import load_settings
from corroborate.store import Store

TODAY = date(2026, 11, 22)

DISPATCH = (
    "Le gouvernement a annoncé jeudi la fermeture de toutes les écoles de la région "
    "pendant trois jours après les fortes pluies qui ont inondé plusieurs villages. "
    "Les services de secours ont évacué près de deux cents familles durant la nuit, a "
    "précisé le préfet lors d'une conférence de presse. Les routes principales restent "
    "coupées et les habitants sont invités à ne pas se déplacer avant samedi."
)
REWRITE = (
    "Les écoles de la région resteront fermées jusqu'à dimanche, selon les autorités. "
    "Des pluies d'une rare violence ont noyé des dizaines de maisons, et les pompiers "
    "ont passé la nuit à mettre les familles à l'abri. Le préfet demande aux habitants "
    "de rester chez eux tant que les routes ne sont pas rouvertes."
)
OTHER = (
    "Le club de football de la ville a remporté dimanche la finale de la coupe régionale "
    "devant plus de dix mille spectateurs réunis au stade municipal. L'entraîneur a salué "
    "la performance de ses joueurs et promis une fête populaire sur la grande place dès "
    "le retour de l'équipe, attendu lundi en fin de matinée."
)


def _page(body: str, outlet: str, extra: str = "") -> str:
    """A crawled page: the outlet's own furniture around the body."""
    return (f"Accueil > Actualités > Région\n{outlet} : l'info de votre région\n\n"
            f"{body}{extra}\n\nPartager sur Facebook\nLire aussi : les résultats du loto\n")


def _annotated(text: str, name: str):  # type: ignore[no-untyped-def]
    return annotate_article(Article(id=name, source=name, text=text, format="text"), TODAY)


def test_copies_shingles_ignore_case_accents_and_punctuation() -> None:
    assert shingles("Le Préfet, a dit: « rentrez chez vous » !") == \
        shingles("le prefet a dit rentrez chez vous")
    assert len(shingles("un deux trois")) == 0


def test_copies_fingerprint_reads_the_body_not_the_page() -> None:
    a = fingerprint(_annotated(_page(DISPATCH, "La Gazette"), "a"))
    b = fingerprint(_annotated(_page(DISPATCH, "Le Courrier du Soir",
                                     " Notre journal vous tiendra informés."), "b"))
    c = fingerprint(_annotated(_page(REWRITE, "La Gazette"), "c"))
    assert a is not None and b is not None and c is not None
    assert a.jaccard(b) >= 0.7  # the same dispatch on two sites
    assert a.jaccard(c) < 0.3  # the same news retold in other words is not a copy
    assert len(a.bands) == 16 and len(set(a.bands)) == 16


def test_copies_short_bodies_have_no_fingerprint() -> None:
    short = _annotated("Le préfet a parlé jeudi soir devant la presse réunie.\n", "s")
    assert fingerprint(short) is None
    assert MIN_SHINGLES > 5


def test_copies_groups_link_copies_and_leave_the_rest_alone() -> None:
    articles = [
        _annotated(_page(DISPATCH, "La Gazette"), "a2"),
        _annotated(_page(OTHER, "La Gazette"), "a3"),
        _annotated(_page(DISPATCH, "Le Courrier"), "a1"),
        _annotated(_page(REWRITE, "Le Courrier"), "a4"),
    ]
    groups = copy_groups(articles, 0.5)
    assert groups == {"a1": "a1", "a2": "a1", "a3": "a3", "a4": "a4"}


@pytest.mark.parametrize(
    ("origin_of", "copies", "expected"),
    [
        # copies of one another are one origin even when only one names its agency
        ({"a": "origin:AFP", "b": "outlet:x", "c": "outlet:y"}, {"b": "a"}, 2),
        # two articles citing one agency are one origin, a copy of either joins them
        ({"a": "origin:AFP", "b": "origin:AFP", "c": "outlet:y"}, {"c": "b"}, 1),
        ({"a": "article:a", "b": "article:b"}, {}, 2),
    ],
)
def test_copies_origin_groups_join_agencies_and_copies(origin_of: dict[str, str], copies: dict[str, str],
                                                      expected: int) -> None:
    assert len(set(origin_groups(origin_of, copies).values())) == expected


def _feed(tmp_path: Path, records: list[dict[str, str]]) -> Path:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return feed


def test_copies_a_copy_joins_its_original_story_and_counts_as_one_origin(tmp_path: Path) -> None:
    settings = load_settings()
    records = [
        {"text": _page(DISPATCH, "La Gazette"), "outlet": "La Gazette", "published": "2021-11-04",
         "url": "https://gazette.example/a"},
        {"text": _page(OTHER, "La Gazette"), "outlet": "La Gazette", "published": "2021-11-04",
         "url": "https://gazette.example/b"},
        # the dispatch re-run five days later by another outlet, with its own page around it
        {"text": _page(DISPATCH, "Le Courrier", " Plus d'informations dans notre édition."),
         "outlet": "Le Courrier", "published": "2021-11-09", "url": "https://courrier.example/c"},
    ]
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(_feed(tmp_path, records))], store, settings, TODAY)
        assert report.added == 3
        dispatches = {a.outlet: a for a in store.articles() if "écoles" in a.article.text}
        original, copy = dispatches["La Gazette"], dispatches["Le Courrier"]
        stories = {a.id: store.article_story(a.id) for a in store.articles()}
        copy_story = stories[copy.id]
        assert copy_story is not None
        assert sum(1 for s in stories.values() if s == copy_story) == 2
        brief = brief_for(store, copy_story, settings)
    assert original.id in brief.story.articles
    assert brief.copies == {copy.id: min(copy.id, original.id)} or \
        brief.copies == {original.id: min(copy.id, original.id)}
    assert len(brief.origins) == 1


def test_copies_the_collection_year_dates_an_article_without_a_year(tmp_path: Path) -> None:
    settings = load_settings()
    towns = ["Lille", "Rennes", "Nantes", "Dijon", "Brest", "Metz"]
    records = [
        {"text": f"{town}, le {d} mars 2011 - La mairie de {town} a ouvert un nouveau marché "
                 f"couvert sur la place centrale, avec quarante commerçants.\n"}
        for d, town in zip(range(3, 9), towns, strict=True)
    ]
    # 15 March is a Tuesday in 2011 (and 2016, 2022): the text alone cannot pick the year
    records.append({"text": "Le port de Toulon a accueilli mardi 15 mars un navire-école venu "
                            "d'Italie, sous les applaudissements des habitants.\n"})
    with Store(tmp_path / "s.db") as store:
        ingest([str(_feed(tmp_path, records))], store, settings, TODAY)
        last = next(a for a in store.articles() if "Toulon" in a.article.text)
        assert store.read_years() == {2011: 6}
    assert last.published is not None
    assert (last.published.value, last.published.how) == ("2011-03-15", "weekday-consistency+year-from-collection")
