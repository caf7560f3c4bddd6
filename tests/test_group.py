"""Story grouping: profiles, candidates, the join decision."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from corroborate.dates import FROM_RELATED_LINKS
from corroborate.group import (
    COMMON_KEY_DF,
    MIN_LOOKUP_KEYS,
    ArticleProfile,
    StoryProfile,
    add_to_story,
    choose_story,
    content_lemmas,
    lookup_keys,
    new_story_profile,
    profile_article,
    within_window,
)
from corroborate.model import Article, Published
from corroborate.pipeline import annotate_article, ingest
from corroborate.settings import load_settings
from corroborate.store import Store

SETTINGS = load_settings().group


def _profile(name: str, terms: dict[str, float], published: str | None = "2022-01-12",
             read: bool = True) -> ArticleProfile:
    return ArticleProfile(name, terms, published, tuple(sorted(terms)), read)


def test_group_content_lemmas_drop_stop_words_and_fold() -> None:
    lemmas = content_lemmas("Les soldats sont rentrés dans leurs casernes après la mission.", "fr")
    assert "soldat" in lemmas and "caserne" in lemmas and "mission" in lemmas
    assert not {"les", "dans", "leurs", "apres"} & set(lemmas)


def test_group_article_joins_the_story_it_shares_most_with() -> None:
    kazakh = new_story_profile("s-a", _profile("a1", {"e:tokaiev": 3.0, "retrait": 1.0, "otsc": 2.0}))
    egypt = new_story_profile("s-b", _profile("b1", {"e:morsi": 3.0, "caire": 1.0, "manifestation": 1.0}))
    article = _profile("a2", {"e:tokaiev": 3.0, "otsc": 1.0, "troupe": 1.0})
    chosen, score = choose_story(article, [egypt, kazakh], {}, 2, SETTINGS)
    assert chosen == "s-a" and score > SETTINGS.join_threshold


def test_group_unrelated_article_starts_a_new_story() -> None:
    kazakh = new_story_profile("s-a", _profile("a1", {"e:tokaiev": 3.0, "retrait": 1.0}))
    chosen, score = choose_story(_profile("c1", {"football": 1.0, "match": 1.0}), [kazakh], {}, 1, SETTINGS)
    assert chosen is None and score == 0.0


def test_group_time_window_keeps_distant_events_apart() -> None:
    story = new_story_profile("s-a", _profile("a1", {"e:tokaiev": 3.0}, "2022-01-12"))
    assert within_window(_profile("a2", {}, "2022-01-20"), story, 10)
    assert not within_window(_profile("a3", {}, "2022-03-01"), story, 10)
    assert within_window(_profile("a4", {}, None), story, 10)
    same_terms_later = _profile("a5", {"e:tokaiev": 3.0}, "2023-01-12")
    assert choose_story(same_terms_later, [story], {}, 1, SETTINGS)[0] is None
    # a year only assumed (the text writes none) keeps nothing apart, on either side
    assert within_window(_profile("a6", {}, "2026-01-12", read=False), story, 10)
    assumed = new_story_profile("s-b", _profile("b1", {"e:tokaiev": 3.0}, "2026-01-06", read=False))
    assert within_window(_profile("a7", {}, "2022-01-12"), assumed, 10)


def test_group_a_story_does_not_chain_past_its_span() -> None:
    # a subject covered every four days: each article is within the window of the last
    story = new_story_profile("s-a", _profile("a0", {"e:tokaiev": 3.0}, "2022-01-01"))
    for n, day in enumerate(("2022-01-05", "2022-01-09", "2022-01-13"), start=1):
        article = _profile(f"a{n}", {"e:tokaiev": 3.0}, day)
        assert within_window(article, story, 4, 14)
        story = add_to_story(story, article, 60)
    # the next is within the window too, but the story would then span 16 days
    later = _profile("a4", {"e:tokaiev": 3.0}, "2022-01-17")
    assert within_window(later, story, 4) and not within_window(later, story, 4, 14)
    assert choose_story(later, [story], {}, 4, replace(SETTINGS, span_days=14))[0] is None
    assert choose_story(later, [story], {}, 4, replace(SETTINGS, span_days=30))[0] == "s-a"


def test_group_story_profile_accumulates() -> None:
    story = new_story_profile("s-a", _profile("a1", {"x": 1.0}, "2022-01-12"))
    grown = add_to_story(story, _profile("a2", {"x": 1.0, "y": 2.0}, "2022-01-10"), 10)
    assert grown == StoryProfile("s-a", {"y": 2.0, "x": 2.0}, 2, "2022-01-10", "2022-01-12",
                                 "2022-01-10", "2022-01-12")
    assert date.fromisoformat(grown.first or "") < date.fromisoformat(grown.last or "")


CROSS_LANGUAGE = [
    # one event told in four languages (Cyrillic included): names, places, organisations
    # and figures are what they share
    ("fr", "Les forces de l'OTSC ont commencé jeudi à quitter le Kazakhstan, a annoncé le "
           "président Kassym-Jomart Tokaïev à Almaty. Selon Tokaïev, le retrait des 2 300 soldats "
           "de l'OTSC s'achèvera dans dix jours. Le Kazakhstan a connu des émeutes à Almaty."),
    ("ru", "Миротворческие силы ОДКБ в четверг начали покидать Казахстан, заявил президент "
           "Касым-Жомарт Токаев в Алматы. По словам Токаева, вывод 2300 военнослужащих ОДКБ "
           "завершится через десять дней. В начале месяца в Алматы произошли беспорядки."),
    ("en", "CSTO troops began leaving Kazakhstan on Thursday, President Kassym-Jomart Tokayev said "
           "in Almaty. According to Tokayev, the withdrawal of the 2,300 CSTO soldiers will be "
           "completed within ten days. Kazakhstan saw deadly riots in Almaty earlier this month."),
    ("es", "Las tropas de la OTSC comenzaron el jueves a abandonar Kazajistán, anunció el presidente "
           "Kassym-Jomart Tokáyev en Almaty. Según Tokáyev, la retirada de los 2.300 soldados de la "
           "OTSC concluirá en diez días. Kazajistán vivió disturbios mortales en Almaty."),
]
# the same country and president, another event, in another language: not the same story
OTHER_EVENT = ("es", "El presidente de Kazajistán, Kassym-Jomart Tokáyev, inauguró el martes en Astaná "
                     "una nueva línea de ferrocarril hacia China, con una inversión de 900 millones.")


def test_group_one_event_in_four_languages_is_one_story(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    records = [*CROSS_LANGUAGE, OTHER_EVENT]
    feed.write_text("\n".join(json.dumps({"text": t + "\n", "published": "2022-01-13"}, ensure_ascii=False)
                              for _, t in records) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest([str(feed)], store, load_settings(), date(2026, 11, 22))
        story_of = {a.article.text[:30]: (a.language, store.article_story(a.id)) for a in store.articles()}
    event = {story_of[t[:30]] for _, t in CROSS_LANGUAGE}
    assert {lang for lang, _ in event} == {"fr", "ru", "en", "es"}
    assert len({story for _, story in event}) == 1
    assert story_of[OTHER_EVENT[1][:30]][1] not in {story for _, story in event}


def test_group_the_seeds_are_one_story_in_any_order(tmp_path: Path) -> None:
    from conftest import SEEDS

    from corroborate.model import Article
    from corroborate.pipeline import annotate_article, file_article

    today = date(2026, 11, 22)
    seeds = [annotate_article(Article(id=p.stem, source=str(p), text=p.read_text(encoding="utf-8"),
                                      format="text"), today) for p in sorted(SEEDS.glob("*.txt"))]
    # the second seed first (its year is only assumed when it comes alone), then the others
    orders = [[1, 0, 2, 3, 4], [4, 3, 2, 1, 0], [3, 1, 4, 0, 2], [0, 1, 2, 3, 4]]
    for n, order in enumerate(orders):
        with Store(tmp_path / f"s{n}.db") as store:
            stories = {file_article(seeds[i], store, load_settings(), today) for i in order}
        assert len(stories) == 1, order


DEPLOYMENT_AND_WITHDRAWAL = [
    # the same force, country and president: deployed, then withdrawn a week later
    ("2022-01-06", "L'OTSC a décidé jeudi d'envoyer des troupes au Kazakhstan à la demande du président "
                   "Kassym-Jomart Tokaïev. Les premiers parachutistes russes sont arrivés à Almaty dans la "
                   "nuit. Le déploiement de cette force est une première pour l'alliance."),
    ("2022-01-07", "Les avions russes ont continué vendredi de débarquer des soldats de l'OTSC à Almaty. Le "
                   "président Tokaïev a remercié Moscou pour l'envoi rapide de ces renforts, déployés pour "
                   "protéger les aéroports et les bâtiments officiels du Kazakhstan."),
    ("2022-01-13", "Les soldats de l'OTSC ont commencé jeudi à quitter le Kazakhstan, a annoncé le président "
                   "Tokaïev. Le retrait de la force, qui avait été déployée la semaine dernière à Almaty, doit "
                   "s'achever dans dix jours."),
    ("2022-01-14", "Le départ des troupes de l'OTSC du Kazakhstan se poursuit vendredi. Tokaïev a assuré que "
                   "la mission était terminée. Les derniers soldats quitteront Almaty avant la fin de la "
                   "semaine prochaine, selon le ministère de la Défense."),
]


def test_group_deployment_and_withdrawal_are_two_stories_of_one_storyline(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": t + "\n", "published": d}, ensure_ascii=False)
                              for d, t in DEPLOYMENT_AND_WITHDRAWAL) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest([str(feed)], store, load_settings(), date(2026, 11, 22))
        story_of = {a.published.value: store.article_story(a.id) for a in store.articles() if a.published}
        line_of = store.storylines()
    deployed = {story_of["2022-01-06"], story_of["2022-01-07"]}
    withdrawn = {story_of["2022-01-13"], story_of["2022-01-14"]}
    assert len(deployed) == 1 and len(withdrawn) == 1 and deployed != withdrawn
    assert len({line_of[s] for s in deployed | withdrawn if s}) == 1


def test_group_an_undated_lookup_leaves_out_keys_common_to_many_articles() -> None:
    keys = {f"rare{i}": 1.0 for i in range(12)} | {"n:100": 1.0, "president": 1.0}
    undated = _profile("u", keys, published=None, read=False)
    df = {"n:100": COMMON_KEY_DF + 1, "president": 10 * COMMON_KEY_DF, "rare0": COMMON_KEY_DF}
    assert set(lookup_keys(undated, None, df)) == {f"rare{i}" for i in range(12)}
    # within its own periods, a dated article keeps every key
    assert lookup_keys(undated, (1, -1), df) == undated.keys
    # too few rare keys: the rarest are kept all the same
    few = _profile("f", {"rare0": 1.0, "n:100": 1.0, "president": 1.0}, published=None, read=False)
    assert lookup_keys(few, None, df) == ("n:100", "president", "rare0")[:MIN_LOOKUP_KEYS]
    assert "president" not in lookup_keys(_profile("g", keys | {f"x{i}": 1.0 for i in range(3)}), None, df)


def test_group_day_from_related_links_is_not_read_from_the_text() -> None:
    # a day guessed from the page's related links dates the article, but is no date its
    # story read: it must not widen the story's read range
    article = Article(id="a", source="hidden", text="Le ministre a parlé à Lyon.\n", format="text")
    annotated = annotate_article(article, date(2026, 11, 22))
    guessed = profile_article(replace(annotated, published=Published("2018-04-12", FROM_RELATED_LINKS)),
                              SETTINGS)
    read = profile_article(replace(annotated, published=Published("2018-04-12", "dateline")), SETTINGS)
    assert guessed.published == "2018-04-12" and not guessed.read_from_text
    assert read.read_from_text
