"""Tests of corroborate.dates: time expressions and the publication date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.dates import date_lexicon, find_time_expressions, infer_published
from corroborate.langdata import available_languages, load_toml
from corroborate.model import Article, Line, LineLabel, Published, Span, TimeExpr

ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _find(text: str, anchor: str | None, lang: str = "fr") -> tuple[TimeExpr, ...]:
    return find_time_expressions(text, [Span(0, len(text))], anchor, date_lexicon(lang))


def _lines(text: str, labels: dict[int, LineLabel] | None = None) -> list[Line]:
    """Every line CONTENT (BLANK when empty) except those given by number."""
    lines, pos = [], 0
    for n, raw in enumerate(text.split("\n"), 1):
        label = (labels or {}).get(n, LineLabel.CONTENT if raw.strip() else LineLabel.BLANK)
        lines.append(Line(n, Span(pos, pos + len(raw)), label))
        pos += len(raw) + 1
    return lines


# -- find_time_expressions -----------------------------------------------------------

FRENCH = [
    # explicit dates, with and without year, with their prepositions
    ("Il est arrivé le 13 janvier.", "2022-01-12", "le 13 janvier", "2022-01-13", "date"),
    ("Signé le 13 janvier 2021 à Paris.", "2022-01-12", "le 13 janvier 2021", "2021-01-13",
     "date"),
    ("Des heurts depuis le 2 janvier dernier.", "2022-01-12", "depuis le 2 janvier dernier",
     "2022-01-02", "date"),
    ("L'état d'urgence court jusqu'au 19 janvier.", "2022-01-12", "jusqu'au 19 janvier",
     "2022-01-19", "date"),
    ("Ils seront rentrés d’ici le 19 janvier.", "2022-01-12", "d’ici le 19 janvier",
     "2022-01-19", "date"),
    ("Le 1er février, le vote aura lieu.", "2022-01-12", "Le 1er février", "2022-02-01", "date"),
    ("Le mardi 11 janvier, il a parlé.", "2022-01-12", "Le mardi 11 janvier", "2022-01-11",
     "date"),
    ("La réunion du 28 décembre a été reportée.", "2022-01-03", "du 28 décembre",
     "2021-12-28", "date"),
    ("Le vote est prévu le 3 janvier.", "2021-12-28", "le 3 janvier", "2022-01-03", "date"),
    ("Publié le 02/02/2013.", "2022-01-12", "le 02/02/2013", "2013-02-02", "date"),
    # relative days
    ("Il l'a dit hier.", "2022-01-12", "hier", "2022-01-11", "relative"),
    ("Il partira après-demain.", "2022-01-12", "après-demain", "2022-01-14", "relative"),
    ("C'était avant-hier.", "2022-01-12", "avant-hier", "2022-01-10", "relative"),
    # weekdays: tense and determiners decide the direction
    ("Le président a déclaré, mardi, que tout allait bien.", "2022-01-12", "mardi",
     "2022-01-11", "weekday"),
    ("Il s'est rendu mercredi à Almaty.", "2022-01-12", "mercredi", "2022-01-12", "weekday"),
    ("L'aéroport doit lui reprendre du service jeudi.", "2022-01-12", "jeudi", "2022-01-13",
     "weekday"),
    ("Le retrait commencera ce jeudi.", "2022-01-11", "ce jeudi", "2022-01-13", "weekday"),
    ("Le retrait a commencé ce jeudi.", "2022-01-13", "ce jeudi", "2022-01-13", "weekday"),
    ("Rendez-vous jeudi prochain.", "2022-01-13", "jeudi prochain", "2022-01-20", "weekday"),
    ("Il était là mercredi dernier.", "2022-01-12", "mercredi dernier", "2022-01-05", "weekday"),
    ("Lundi, le gouvernement a annoncé des arrestations.", "2022-01-12", "Lundi", "2022-01-10",
     "weekday"),
    # offsets and durations
    ("Les forces partiront dans deux jours.", "2022-01-12", "dans deux jours", "2022-01-14",
     "offset"),
    ("Cela s'est produit il y a trois jours.", "2022-01-12", "il y a trois jours", "2022-01-09",
     "offset"),
    # a year ago is a year; a year ago to the day is a day
    ("La révolte a éclaté il y a un an.", "2022-01-12", "il y a un an", "2021", "offset"),
    ("La révolte a éclaté il y a un an jour pour jour.", "2022-01-12",
     "il y a un an jour pour jour", "2021-01-12", "offset"),
    ("Ils quitteront le pays dans une dizaine de jours.", "2022-01-12",
     "dans une dizaine de jours", "2022-01-22", "duration"),
    ("Le retrait s'achèvera dans maximum dix jours.", "2022-01-12", "dans maximum dix jours",
     "2022-01-22", "duration"),
    ("Le procès aura lieu dans trois mois.", "2022-01-12", "dans trois mois", "2022-04", "offset"),
    ("Il y a eu des violences la semaine dernière.", "2022-01-12", "la semaine dernière",
     "2022-01", "offset"),
    ("Les élections ont eu lieu l'an dernier.", "2022-01-12", "l'an dernier", "2021", "offset"),
    # months and years only in their context
    ("Le plan date de janvier 2022.", "2023-05-01", "janvier 2022", "2022-01", "month"),
    ("Il sera jugé en mars.", "2022-01-12", "en mars", "2022-03", "month"),
    ("Les travaux reprendront mi-mai.", "2022-01-12", "mi-mai", "2022-05", "month"),
    ("Le pays est en crise depuis 2019.", "2022-01-12", "depuis 2019", "2019", "year"),
    ("Le bilan de l'année 2020 est lourd.", "2022-01-12", "l'année 2020", "2020", "year"),
]


@pytest.mark.parametrize(("text", "anchor", "surface", "value", "kind"), FRENCH)
def test_dates_french_expression_resolved(text: str, anchor: str, surface: str, value: str,
                                          kind: str) -> None:
    found = {t.text: t for t in _find(text, anchor)}
    assert surface in found, f"{surface!r} not in {list(found)}"
    assert found[surface].value == value
    assert found[surface].kind == kind


ENGLISH = [
    ("On January 13, 2022 they left.", "2022-01-12", "On January 13, 2022", "2022-01-13", "date"),
    ("It began 13 January.", "2022-01-12", "13 January", "2022-01-13", "date"),
    ("The president said on Tuesday that all was well.", "2022-01-12", "on Tuesday",
     "2022-01-11", "weekday"),
    ("Troops will leave next Thursday.", "2022-01-12", "next Thursday", "2022-01-13", "weekday"),
    ("Officials said yesterday that it was over.", "2022-01-12", "yesterday", "2022-01-11",
     "relative"),
    ("The troops will leave in two days.", "2022-01-12", "in two days", "2022-01-14", "offset"),
    ("It happened three days ago.", "2022-01-12", "three days ago", "2022-01-09", "offset"),
    ("The revolt began four years ago today.", "2022-01-12", "four years ago today",
     "2018-01-12", "offset"),
    ("They will be back within a couple of days.", "2022-01-12", "within a couple of days",
     "2022-01-14", "duration"),
    ("Unrest has lasted since 2019.", "2022-01-12", "since 2019", "2019", "year"),
    ("It was decided in May 2021.", "2022-01-12", "in May 2021", "2021-05", "month"),
]


SPANISH = [
    ("El 13 de enero de 2022 comenzó la retirada.", "2022-01-12", "El 13 de enero de 2022",
     "2022-01-13", "date"),
    ("El presidente dijo el martes que todo iba bien.", "2022-01-12", "el martes", "2022-01-11",
     "weekday"),
    ("Las tropas saldrán dentro de dos días.", "2022-01-12", "dentro de dos días", "2022-01-14",
     "offset"),
    ("Ocurrió hace tres días.", "2022-01-12", "hace tres días", "2022-01-09", "offset"),
    ("La revuelta empezó hace ahora cuatro años.", "2022-01-12", "hace ahora cuatro años",
     "2018-01-12", "offset"),
    ("Lo anunció ayer.", "2022-01-12", "ayer", "2022-01-11", "relative"),
    ("Hubo protestas la semana pasada.", "2022-01-12", "la semana pasada", "2022-01", "offset"),
]


@pytest.mark.parametrize(("text", "anchor", "surface", "value", "kind", "lang"),
                         [(*case, "en") for case in ENGLISH] + [(*case, "es") for case in SPANISH])
def test_dates_other_language_expression_resolved(text: str, anchor: str, surface: str,
                                                  value: str, kind: str, lang: str) -> None:
    found = {t.text: t for t in _find(text, anchor, lang)}
    assert surface in found, f"{surface!r} not in {list(found)}"
    assert found[surface].value == value
    assert found[surface].kind == kind


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Je m'entretiens avec les dirigeants.", "fr"),
        ("Sa propre présence a joué un rôle.", "fr"),
        ("sa mission a réussi, sa tâche aussi.", "fr"),
        ("La sonde est arrivée sur Mars sans encombre.", "fr"),
        ("Il mai pas dit ça.", "fr"),
        ("L'opération s'est achevée en 14 de les 17 régions du pays.", "fr"),
        ("La plus grande crise des 30 années d'indépendance.", "fr"),
        ("Ils ont déployé 2 300 soldats et 250 équipements.", "fr"),
        ("Il y avait 2021 personnes et 1 500 blessés.", "fr"),
        ("Ils se réunissent tous les lundis.", "fr"),
        ("You may go now, and march on.", "en"),
        ("The worst crisis in 30 years, said the minister.", "en"),
        ("Fue la peor crisis en 30 años.", "es"),
    ],
)
def test_dates_false_hits_not_found(text: str, lang: str) -> None:
    assert _find(text, "2022-01-12", lang) == ()


def test_dates_tomorrow_today_are_two_expressions() -> None:
    text = "« Demain (aujourd’hui), le retrait commencera."
    found = _find(text, "2022-01-12")
    assert [(t.text, t.value, t.kind) for t in found] == [
        ("Demain", "2022-01-13", "relative"), ("aujourd’hui", "2022-01-12", "relative")]
    assert all(t.anchor == "2022-01-12" for t in found)


def test_dates_later_counts_from_previous_explicit_date() -> None:
    text = "Les manifestations ont commencé le 2 janvier. Deux jours plus tard, des émeutes."
    later = _find(text, "2022-01-12")[-1]
    assert (later.text, later.value, later.anchor, later.kind) == (
        "Deux jours plus tard", "2022-01-04", "2022-01-02", "offset")


@pytest.mark.parametrize("text", ["Deux jours plus tard, des émeutes.",
                                  "La visite survient à la veille du retrait."])
def test_dates_relative_to_previous_without_previous_is_unresolved(text: str) -> None:
    (found,) = _find(text, "2022-01-12")
    assert found.value is None and found.anchor is None


def test_dates_vague_amount_is_found_unresolved() -> None:
    text = "Le 2 janvier, des heurts ; quelques jours plus tard, des émeutes."
    vague = _find(text, "2022-01-12")[-1]
    assert (vague.text, vague.value, vague.anchor) == ("quelques jours plus tard", None,
                                                        "2022-01-02")


def test_dates_without_anchor_only_explicit_dates_have_values() -> None:
    text = "Le 13 janvier 2022, il a parlé. Mardi, puis le 14 janvier, en 2021 et hier."
    values = {t.text: t.value for t in _find(text, None)}
    assert values == {"Le 13 janvier 2022": "2022-01-13", "Mardi": None, "le 14 janvier": None,
                      "en 2021": "2021", "hier": None}


def test_dates_only_inside_given_spans() -> None:
    text = "Hier il pleuvait. Demain il fera beau."
    found = find_time_expressions(text, [Span(18, len(text))], "2022-01-12", date_lexicon("fr"))
    assert [t.text for t in found] == ["Demain"]


def test_dates_unknown_language_finds_nothing() -> None:
    lex = date_lexicon("xx")
    assert lex.patterns == ()
    assert find_time_expressions("le 13 janvier, mardi", [Span(0, 20)], "2022-01-12", lex) == ()


@pytest.mark.parametrize("lang", [lang for lang in available_languages()
                                  if load_toml(lang, "dates")])
def test_dates_language_data_is_complete(lang: str) -> None:
    data = load_toml(lang, "dates")
    lex = date_lexicon(lang)
    assert len(data["months"]) == 12 and sorted(set(lex.months.values())) == list(range(1, 13))
    assert len(data["weekdays"]) == 7 and sorted(set(lex.weekdays.values())) == list(range(7))
    assert lex.patterns and lex.relative_days and lex.numbers and lex.units
    assert set(lex.units.values()) <= {"second", "minute", "hour", "day", "week", "month",
                                       "year"}
    assert set(lex.directions.values()) <= {"last", "next"}


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(list("0123456789 ,.'’-éèaàdeijlmnorstuvhJLMD\n"))
                  | st.text(max_size=3)
                  | st.sampled_from(["janvier", "mardi", "demain", "dans", "jours", "plus tard",
                                     "il y a", "deux", "ce", "le", "2022", "en", "la veille",
                                     "a déclaré", "commencera", "dernier", "mai", "semaine",
                                     "in", "ago", "will", "hace", "días"]),
                  max_size=40).map("".join),
    cut=st.tuples(st.integers(0, 200), st.integers(0, 200)),
    anchor=st.none() | st.dates().map(dt.date.isoformat),
    lang=st.sampled_from(["fr", "en", "es"]),
)
def test_dates_property_spans_slice_back(text: str, cut: tuple[int, int], anchor: str | None,
                                         lang: str) -> None:
    start, end = sorted(min(c, len(text)) for c in cut)
    spans = [Span(0, len(text)), Span(start, end)]
    for expr in find_time_expressions(text, spans, anchor, date_lexicon(lang)):
        assert text[expr.span.start:expr.span.end] == expr.text
        assert expr.value is None or ISO.match(expr.value)
        assert expr.kind in {"date", "relative", "weekday", "offset", "month", "year",
                             "duration"}


# -- infer_published -------------------------------------------------------------------------


def test_dates_published_from_metadata_first() -> None:
    article = Article(id="a", source="x", text="Publié le 02 février 2013", format="html",
                      published="2022-01-12T10:00:00Z")
    assert infer_published(article, _lines(article.text), date_lexicon("fr"),
                           dt.date(2026, 1, 1)).value == "2022-01-12"


@pytest.mark.parametrize(
    ("text", "labels", "value", "evidence"),
    [
        ("Titre\nPublié le 02 février 2013 à 11h05\nMardi, il a parlé.", {2: LineLabel.BYLINE},
         "2013-02-02", "le 02 février 2013"),
        ("Titre\nPublié le 02 février 2013 à 11h05\nMardi, il a parlé.", {},
         "2013-02-02", "le 02 février 2013"),
        ("Paris, 13 janvier 2022 (AFP)\nLe retrait a commencé.", {1: LineLabel.DATELINE},
         "2022-01-13", "13 janvier 2022"),
    ],
)
def test_dates_published_from_dateline(text: str, labels: dict[int, LineLabel], value: str,
                                       evidence: str) -> None:
    article = Article(id="a", source="x", text=text, format="text")
    found = infer_published(article, _lines(text, labels), date_lexicon("fr"),
                            dt.date(2026, 1, 1))
    assert found is not None and found.how == "dateline"
    assert found.value == value and found.evidence is not None
    assert found.evidence.of(text) == evidence


def test_dates_published_year_from_weekday_consistency() -> None:
    # 12 January is a Wednesday in 2022 (and in no later year up to 2026); a Wednesday
    # 13 January 2021 fits the text as well, so the year is only assumed
    text = ("Le ministre a déclaré mercredi que le couvre-feu instauré le 12 janvier sera "
            "levé le 14 janvier.")
    article = Article(id="a", source="x", text=text, format="text")
    found = infer_published(article, _lines(text), date_lexicon("fr"), dt.date(2026, 6, 1))
    assert found is not None
    assert (found.value, found.how) == ("2022-01-12", "weekday-consistency+year-assumed")
    assert found.evidence is not None and found.evidence.of(text) == "mercredi"


def test_dates_published_weekday_written_with_date_fixes_year() -> None:
    text = "Le sommet s'est tenu le jeudi 13 janvier à Moscou."
    article = Article(id="a", source="x", text=text, format="text")
    found = infer_published(article, _lines(text), date_lexicon("fr"), dt.date(2026, 6, 1))
    assert found is not None and found.value == "2022-01-13"


@pytest.mark.parametrize("text", ["Rien de daté ici.", "Il a parlé mardi, demain il partira."])
def test_dates_published_none_without_dates(text: str) -> None:
    article = Article(id="a", source="x", text=text, format="text")
    assert infer_published(article, _lines(text), date_lexicon("fr"), dt.date(2026, 1, 1)) is None


def test_dates_published_ignores_noise_lines() -> None:
    text = "- Le 22 novembre 2024\nRien de daté ici."
    article = Article(id="a", source="x", text=text, format="text")
    lex, today = date_lexicon("fr"), dt.date(2026, 1, 1)
    assert infer_published(article, _lines(text, {1: LineLabel.FOREIGN_DATE}), lex, today) is None
    assert infer_published(article, _lines(text), lex, today) is not None


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Le 2 janvier, il a parlé.", "Mardi, il a déclaré.",
                                 "Il viendra jeudi.", "jusqu'au 19 janvier", "Paris, 13 (AFP)",
                                 "le 29 février", "le 31 février", "", "hier",
                                 "le 31 décembre 2021"]),
                max_size=6),
       st.lists(st.sampled_from(list(LineLabel)), min_size=6, max_size=6),
       st.dates(min_value=dt.date(1900, 1, 1)))
def test_dates_property_published_never_fails(parts: list[str], labels: list[LineLabel],
                                              today: dt.date) -> None:
    text = "\n".join(parts)
    lines = [Line(ln.n, ln.span, labels[i % 6]) for i, ln in enumerate(_lines(text))]
    found = infer_published(Article(id="a", source="x", text=text, format="text"), lines,
                            date_lexicon("fr"), today)
    if found is not None:
        assert ISO.match(found.value) and found.value <= today.isoformat()
        assert found.evidence is None or found.evidence.end <= len(text)


# -- the seed articles -------------------------------------------------------------------------

# Noise lines of each seed by number (what the clean stage is expected to label).
SEED_LABELS: dict[str, dict[int, LineLabel]] = {
    "000": {12: LineLabel.MT_DISCLAIMER},
    "001": {1: LineLabel.FOREIGN_HEADLINE, 2: LineLabel.FOREIGN_DATE, 18: LineLabel.CREDIT},
    "002": {1: LineLabel.NAVIGATION, 5: LineLabel.COUNTER, 7: LineLabel.DATELINE,
            15: LineLabel.RELATED_LINK, 25: LineLabel.RELATED_LINK, 31: LineLabel.NAVIGATION,
            32: LineLabel.NAVIGATION},
    "003": {14: LineLabel.PROMO, 15: LineLabel.PROMO, 16: LineLabel.PROMO, 17: LineLabel.PROMO},
    "004": {3: LineLabel.TAG, 13: LineLabel.OUTLET, 15: LineLabel.COMMENT_FORM,
            17: LineLabel.COMMENT_FORM},
}


def _seed(prefix: str) -> tuple[Article, list[Line]]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    assert path is not None, f"seed {prefix} is missing from {SEEDS}"
    text = path.read_text(encoding="utf-8")
    return (Article(id=prefix, source=str(path), text=text, format="text"),
            _lines(text, SEED_LABELS[prefix]))


@pytest.mark.parametrize(
    ("prefix", "today", "value", "how"),
    [
        # the year follows from the weekdays: true even when read years later
        ("000", dt.date(2026, 3, 1), "2022-01-12", "weekday-consistency"),
        ("002", dt.date(2026, 3, 1), "2022-01-13", "dateline"),
        # no year can be told from the text alone: the latest one allowed by `today`;
        # 4 and 11 January fit alike (the story's range decides, see below)
        ("001", dt.date(2022, 6, 1), "2022-01-0", "weekday-consistency"),
        ("004", dt.date(2022, 6, 1), "2022-01-12", "weekday-consistency"),
        # no day-and-month date at all
        ("003", dt.date(2022, 6, 1), None, None),
    ],
)
def test_dates_published_seeds(prefix: str, today: dt.date, value: str | None,
                               how: str | None) -> None:
    article, lines = _seed(prefix)
    found = infer_published(article, lines, date_lexicon("fr"), today)
    if value is None:
        assert found is None
        return
    assert found is not None and found.value.startswith(value) and found.how.split("+")[0] == how
    assert found.evidence is not None
    assert any(ln.label.is_body or ln.label is LineLabel.DATELINE
               for ln in lines if ln.span.contains(found.evidence))


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_dates_published_year_from_the_story_when_the_text_fits_several(prefix: str) -> None:
    article, lines = _seed(prefix)
    lex, today = date_lexicon("fr"), dt.date(2026, 3, 1)
    alone = infer_published(article, lines, lex, today)
    assert alone is not None and alone.how.endswith("+year-assumed")
    hinted = infer_published(article, lines, lex, today, year_hint=2022)
    assert hinted is not None and hinted.value.startswith("2022-01")
    assert hinted.how.endswith("+year-from-story")
    # a hint older than the years tried by default is tried too
    older = infer_published(article, lines, lex, today, year_hint=2009)
    assert older is not None and older.value.startswith("2009-01")


@pytest.mark.parametrize(("hint", "value", "how"), [
    # 13 January is a Thursday in 2011 and 2022: the collection's year is taken
    (2011, "2011-01-13", "weekday-consistency+year-from-collection"),
    # 13 January 2021 is a Wednesday: the text contradicts the hint, which is not taken
    (2021, "2022-01-13", "weekday-consistency"),
])
def test_dates_published_year_hint_only_where_the_weekday_fits(hint: int, value: str, how: str) -> None:
    found = _published("Le ministre a parlé ce jeudi 13 janvier devant les députés.",
                       today=dt.date(2026, 6, 1), year_hint=hint, hinted_how="+year-from-collection")
    assert found is not None and (found.value, found.how) == (value, how)


def test_dates_published_seed_sidebar_date_ignored() -> None:
    article, lines = _seed("001")
    lex, today = date_lexicon("fr"), dt.date(2026, 3, 1)
    labelled = infer_published(article, lines, lex, today)
    unlabelled = infer_published(article, _lines(article.text), lex, today)
    assert labelled is not None and unlabelled is not None
    assert unlabelled.value[:4] in {"2024", "2025"}  # what reading the sidebar would give
    assert not unlabelled.how.endswith("+year-assumed")  # the sidebar's 2024 is "proof"
    # labelled, the year is only assumed (2022 and 2024 fit the text alike), and
    # nothing of the sidebar lines is evidence
    assert labelled.value[:4] not in {"2024", "2025"}
    assert labelled.how.endswith("+year-assumed") and labelled.evidence is not None
    assert labelled.evidence.start > lines[1].span.end


SEED_EXPRESSIONS = [
    ("000", "2022-01-12", [("le 13 janvier", "2022-01-13"), ("mercredi", "2022-01-12"),
                           ("Demain", "2022-01-13"), ("aujourd’hui", "2022-01-12"),
                           ("le 2 janvier", "2022-01-02"), ("quelques jours plus tard", None),
                           ("du 7 janvier", "2022-01-07")]),
    ("001", "2022-01-11", [("dans une dizaine de jours", "2022-01-21"), ("mardi", "2022-01-11"),
                           ("dans deux jours", "2022-01-13"), ("Lundi", "2022-01-10"),
                           ("la semaine dernière", "2022-01"), ("le 2 janvier", "2022-01-02")]),
    ("002", "2022-01-13", [("ce jeudi", "2022-01-13"), ("d’ici le 19 janvier", "2022-01-19"),
                           ("lundi", "2022-01-10"), ("Le 7 janvier", "2022-01-07")]),
    ("003", "2022-01-12", [("mercredi", "2022-01-12"), ("Demain", "2022-01-13"),
                           ("jeudi", "2022-01-13"), ("la semaine dernière", "2022-01")]),
    ("004", "2022-01-12", [("mercredi", "2022-01-12"), ("Deux jours plus tard", "2022-01-04"),
                           ("le 10 janvier", "2022-01-10")]),
]


@pytest.mark.parametrize(("prefix", "anchor", "expected"), SEED_EXPRESSIONS)
def test_dates_seed_expressions(prefix: str, anchor: str,
                                expected: list[tuple[str, str | None]]) -> None:
    article, lines = _seed(prefix)
    found = find_time_expressions(article.text, [ln.span for ln in lines if ln.label.is_body],
                                  anchor, date_lexicon("fr"))
    pairs = [(t.text, t.value) for t in found]
    for pair in expected:
        assert pair in pairs
    assert all(t.span.of(article.text) == t.text for t in found)
    # no year is made of "14 de les 17 régions", "30 années" or "2 300 soldats"
    assert not [t for t in found if t.kind == "year"]


# -- story range, glosses, datelines, bylines (publication date) ---------------------------

RANGE = (dt.date(2022, 1, 11), dt.date(2022, 1, 13))


def _published(text: str, lang: str = "fr", labels: dict[int, LineLabel] | None = None,
               today: dt.date = dt.date(2026, 6, 1), **kwargs: object) -> Published | None:
    article = Article(id="a", source="hidden", text=text, format="text")
    return infer_published(article, _lines(text, labels), date_lexicon(lang), today,
                           **kwargs)  # type: ignore[arg-type]


def test_dates_published_seed_003_from_story_weekday() -> None:
    article, lines = _seed("003")
    lex, today = date_lexicon("fr"), dt.date(2026, 3, 1)
    assert infer_published(article, lines, lex, today) is None
    found = infer_published(article, lines, lex, today, story_range=RANGE)
    assert found is not None and (found.value, found.how) == ("2022-01-12", "story-weekday")
    assert found.evidence is not None and found.evidence.of(article.text) == "mercredi"


def test_dates_published_seed_001_tie_broken_by_story_range() -> None:
    article, lines = _seed("001")
    lex, today = date_lexicon("fr"), dt.date(2022, 6, 1)
    alone = infer_published(article, lines, lex, today)
    assert alone is not None and alone.value == "2022-01-04"  # 4 and 11 January fit alike
    found = infer_published(article, lines, lex, today, story_range=RANGE)
    assert found is not None and found.value == "2022-01-11"
    # other years fit as well (2022 is only assumed): the range gives the year too
    assert found.how == "weekday-consistency+year-from-story"


@pytest.mark.parametrize(
    ("text", "lang", "story_range", "value"),
    [
        ("Le ministre s'est rendu mercredi à Almaty.", "fr", RANGE, "2022-01-12"),
        # the nearest Wednesday to a range that holds none
        ("Le ministre s'est rendu mercredi à Almaty.", "fr",
         (dt.date(2022, 1, 13), dt.date(2022, 1, 14)), "2022-01-12"),
        ("El presidente visitó el miércoles la ciudad.", "es", RANGE, "2022-01-12"),
        # no weekday, no date: nothing is invented
        ("Le ministre s'est rendu à Almaty.", "fr", RANGE, None),
        # a future weekday alone says nothing of the past
        ("Le ministre se rendra mercredi à Almaty.", "fr", RANGE, None),
    ],
)
def test_dates_published_story_weekday(text: str, lang: str,
                                       story_range: tuple[dt.date, dt.date],
                                       value: str | None) -> None:
    found = _published(text, lang, story_range=story_range)
    if value is None:
        assert found is None
        return
    assert found is not None and (found.value, found.how) == (value, "story-weekday")


def test_dates_published_story_range_far_from_the_text_is_ignored() -> None:
    text = "Le ministre a déclaré mardi que les heurts du 2 janvier 2022 étaient finis."
    alone = _published(text)
    far = _published(text, story_range=(dt.date(2023, 6, 1), dt.date(2023, 6, 2)))
    assert alone is not None and far == alone


@pytest.mark.parametrize(
    ("text", "lang", "value", "evidence"),
    [
        ("Le ministre a parlé hier, 12 janvier 2022, devant le Parlement.", "fr",
         "2022-01-13", "hier, 12 janvier 2022"),
        ("Le ministre a parlé hier (mercredi 12 janvier 2022).", "fr", "2022-01-13",
         "hier (mercredi 12 janvier 2022"),
        ("Le vote a eu lieu avant-hier, le 12 janvier 2022.", "fr", "2022-01-14",
         "avant-hier, le 12 janvier 2022"),
        ("Il est arrivé il y a deux jours, le 10 janvier 2022.", "fr", "2022-01-12",
         "il y a deux jours, le 10 janvier 2022"),
        ("Le rapport a été publié aujourd'hui (12.01.2022).", "fr", "2022-01-12",
         "aujourd'hui (12.01.2022"),
        ("El ministro habló ayer, 12 de enero de 2022, ante el Congreso.", "es", "2022-01-13",
         "ayer, 12 de enero de 2022"),
        ("El informe, publicado hoy (12.01.2022), es grave.", "es", "2022-01-12",
         "hoy (12.01.2022"),
        ("Llegó hace dos días, el 10 de enero de 2022.", "es", "2022-01-12",
         "hace dos días, el 10 de enero de 2022"),
    ],
)
def test_dates_published_relative_day_glossed_by_a_date(text: str, lang: str, value: str,
                                                        evidence: str) -> None:
    found = _published(text, lang)
    assert found is not None and (found.value, found.how) == (value, "relative-date")
    assert found.evidence is not None and found.evidence.of(text) == evidence


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        # "lundi dernier": one of the seven days after that Monday; "mardi" fixes it
        ("Lundi dernier, 10 janvier 2022, il a démissionné. Il a parlé mardi.",
         "2022-01-11", "2022-01-11"),
        ("Lundi dernier, 10 janvier 2022, il a démissionné.", "2022-01-11", "2022-01-17"),
        # "la semaine dernière": the week after the date's week
        ("Les heurts ont eu lieu la semaine dernière, le 5 janvier 2022.", "2022-01-10",
         "2022-01-16"),
    ],
)
def test_dates_published_period_glossed_by_a_date(text: str, first: str, last: str) -> None:
    found = _published(text)
    assert found is not None and found.how == "relative-date"
    assert first <= found.value <= last


def test_dates_published_gloss_year_from_weekday_when_unwritten() -> None:
    # 13 January 2022 is a Thursday, "hier" puts the publication then; no year written,
    # so the latest year with a Thursday 13 January is assumed
    text = "Le ministre a parlé hier, mercredi 12 janvier."
    found = _published(text, today=dt.date(2026, 6, 1))
    assert found is not None and found.value == "2022-01-13"
    assert found.how.startswith("relative-date")


@pytest.mark.parametrize(
    "text",
    [
        "La réunion de la matinée a eu lieu la mañana del 12 de enero de 2022.",
        "Il a fixé hier le 12 janvier 2022 comme date du vote.",
    ],
)
def test_dates_published_no_gloss_without_a_separator(text: str) -> None:
    found = _published(text, "es" if "mañana" in text else "fr")
    assert found is not None and found.how != "relative-date"


@pytest.mark.parametrize(
    ("text", "lang", "value", "evidence"),
    [
        ("NOURSOULTAN, 11 janvier (Reuters) - Le président a parlé mardi. Les heurts du "
         "5 janvier 2022 ont fait des morts.", "fr", "2022-01-11", "11 janvier"),
        ("LE CAIRE, 2 février 2013 (AFP) - Le président a parlé.", "fr", "2013-02-02",
         "2 février 2013"),
        ("EL CAIRO, 2 feb (EFE) - El presidente habló el sábado, como en 2013.", "es",
         "2013-02-02", "2 feb"),
        ("Titre\nParis :, 13 (EUROPE PRESSE)\nLe retrait a commencé le 10 janvier 2022.", "fr",
         "2022-01-13", "13"),
    ],
)
def test_dates_published_from_dateline_shapes(text: str, lang: str, value: str,
                                              evidence: str) -> None:
    labels = {2: LineLabel.DATELINE} if "PRESSE" in text else {}
    found = _published(text, lang, labels)
    assert found is not None and found.value == value and found.how == "dateline"
    assert found.evidence is not None and found.evidence.of(text) == evidence


@pytest.mark.parametrize(
    ("line", "lang", "label", "value"),
    [
        ("Publié le 02 février 2013 à 11h05 - Mis à jour le 03 février 2013", "fr",
         LineLabel.BYLINE, "2013-02-02"),
        ("Mis à jour le 03 février 2013 | Publié le 02 février 2013", "fr", LineLabel.BYLINE,
         "2013-02-02"),
        ("Mis à jour le 03 février 2013", "fr", LineLabel.BYLINE, "2013-02-03"),
        ("Por Juan Pérez | El Cairo | 2 de febrero de 2013", "es", LineLabel.BYLINE,
         "2013-02-02"),
        ("Actualizado: 03/02/2013 10:23", "es", LineLabel.BYLINE, "2013-02-03"),
        ("Publicado el 2 de febrero de 2013 - Actualizado el 3 de febrero de 2013", "es",
         LineLabel.CONTENT, "2013-02-02"),
        # a byline run into a body line: a capitalised cue
        ("Le Monde avec AFP Publié le 12 mars 2011 à 12h32 - Mis à jour le 14 mars 2011",
         "fr", LineLabel.CONTENT, "2011-03-12"),
    ],
)
def test_dates_published_from_byline(line: str, lang: str, label: LineLabel,
                                     value: str) -> None:
    text = f"Titre\n{line}\nLe texte de l'article."
    found = _published(text, lang, {2: label})
    assert found is not None and (found.value, found.how) == (value, "dateline")


def test_dates_published_lowercase_cue_in_prose_is_no_byline() -> None:
    text = "Le gouvernement a commenté mardi le rapport publié le 3 mars 2010."
    found = _published(text)
    assert found is not None and found.how != "dateline"


@pytest.mark.parametrize("label", [LineLabel.NAVIGATION, LineLabel.RELATED_LINK,
                                   LineLabel.FOREIGN_DATE, LineLabel.COMMENT, LineLabel.PROMO])
def test_dates_published_byline_in_noise_is_not_read(label: LineLabel) -> None:
    text = "Titre\nPublié le 02 février 2013 à 11h05\nRien de daté ici."
    assert _published(text, labels={2: label}) is None


def test_dates_published_year_written_in_the_text_preferred() -> None:
    # 14 January without a year: 2011 and 2012 fit alike; the text writes 2011
    text = "En 2011, la révolte a commencé. Le ministre a déclaré le 14 janvier que tout va bien."
    found = _published(text, today=dt.date(2026, 6, 1))
    assert found is not None and found.value == "2011-01-14"
    assert found.how.endswith("+year-assumed")


def test_dates_published_planned_weekday_is_future() -> None:
    # "prévue jeudi" is a coming Thursday: the article is of the Wednesday
    text = ("Des heurts ont éclaté mardi 15 février 2011. Ces manifestations interviennent "
            "avant une journée de colère prévue jeudi.")
    found = _published(text)
    assert found is not None and found.value == "2011-02-16"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        # a "this" weekday glossed by its date: the day of the writing
        ("El portavoz se disculpó este martes (11.04.2017) ante la prensa.", "es", "2017-04-11"),
        ("Le ministre a parlé ce jeudi (13.01.2022) devant les députés.", "fr", "2022-01-13"),
    ],
)
def test_dates_published_this_weekday_glossed_by_a_date(text: str, lang: str, value: str) -> None:
    found = _published(text, lang)
    assert found is not None and (found.value, found.how) == (value, "relative-date")


def test_dates_published_this_weekday_with_a_date_of_another_weekday_is_no_gloss() -> None:
    # 12 January 2022 is a Wednesday: "ce jeudi" does not name it
    found = _published("Le ministre a parlé ce jeudi (12.01.2022) devant les députés.")
    assert found is None or found.how != "relative-date"


@pytest.mark.parametrize(
    ("line", "lang", "value", "evidence"),
    [
        # a two-digit year, read in a byline only
        ("Publié le 15/01/12 à 00h00", "fr", "2012-01-15", "15/01/12"),
        # the year written after the date, in the same dateline
        ("viernes 25 de febrero 2011, actualizada 9:25 am", "es", "2011-02-25",
         "viernes 25 de febrero"),
        ("Jueves, 31 de Marzo de 201131/03/2011", "es", "2011-03-31", "Jueves, 31 de Marzo"),
    ],
)
def test_dates_published_from_byline_year_shapes(line: str, lang: str, value: str,
                                                 evidence: str) -> None:
    text = f"Titre\n{line}\nLe texte de l'article."
    found = _published(text, lang, {2: LineLabel.DATELINE})
    assert found is not None and (found.value, found.how) == (value, "dateline")
    assert found.evidence is not None and found.evidence.of(text) == evidence
    # the same shapes in a body line are no publication date
    body = _published(text, lang)
    assert body is None or body.how != "dateline" or body.value != value or "/12" not in line


@pytest.mark.parametrize(
    ("label", "year"),
    [
        # a year written as a bare number elsewhere on the page ("dossier Syrie 2011")
        # chooses among the years a weekday-and-date fits (2011, 2016, 2022)
        (LineLabel.RELATED_LINK, "2011"),
        # a copyright year says when the page was served, not when it was written
        (LineLabel.CREDIT, "2022"),
    ],
)
def test_dates_published_year_from_a_bare_year_of_the_page(label: LineLabel, year: str) -> None:
    text = ("Dossier : Syrie 2011\n" if label is LineLabel.RELATED_LINK else "© 2016 Le Site\n") + \
        "Le ministre a déclaré mardi 26 avril que tout allait bien."
    found = _published(text, labels={1: label})
    assert found is not None and found.value == f"{year}-04-26"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        # "mercredi" said three times is the Wednesday before Thursday 4 October, not a
        # Wednesday a week later
        ("Les boutiques étaient fermées jeudi 4 octobre 2012, au lendemain de la grève "
         "lancée mercredi. Mercredi, les marchands ont manifesté. La police est intervenue "
         "mercredi soir.", "fr", "2012-10-04"),
        # "el martes" twice and "el lunes" do not carry the article six days past
        # Wednesday 18 April
        ("La ONU aseguró el miércoles 18 de abril de 2018 que habló con las autoridades. "
         "El martes, los expertos esperaban. El martes no pudieron entrar. El lunes hubo "
         "disparos.", "es", "2018-04-18"),
    ],
)
def test_dates_published_weekdays_do_not_drift_far_from_the_latest_date(
        text: str, lang: str, value: str) -> None:
    found = _published(text, lang)
    assert found is not None and found.value == value


def test_dates_published_chronology_carries_the_year_forward() -> None:
    # a list read in order: "1 de diciembre" of 2011, then "23 de enero" and "23 de
    # marzo" of the next year, a Friday ("este viernes")
    text = ("La decisión de este viernes endurece las sanciones.\n"
            "- 17 de mayo de 2011. Primera lista de sancionados.\n"
            "- 2 de septiembre. Embargo sobre el crudo.\n"
            "- 1 de diciembre. Nueva ronda contra el petróleo.\n"
            "- 23 de enero. Los ministros añaden a 22 personas.\n"
            "- 23 de marzo. Última ronda de sanciones.")
    found = _published(text, "es")
    assert found is not None and found.value == "2012-03-23"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        # the article names its own first publication; the later update is not taken
        ("Rusia anunció el retiro de sus tropas el 14 de marzo de 2016.\n*Esta nota fue "
         "publicada originalmente el 1 de octubre de 2015. Esta versión fue actualizada el "
         "14 de marzo de 2016.", "es", "2015-10-01"),
        ("Les combats ont repris le 2 mars 2012. Cet article a été publié initialement le "
         "28 février 2012 et mis à jour depuis.", "fr", "2012-02-28"),
    ],
)
def test_dates_published_article_naming_its_own_publication(text: str, lang: str,
                                                           value: str) -> None:
    found = _published(text, lang)
    assert found is not None and (found.value, found.how) == (value, "dateline")


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("Los rebeldes avanzan hacia el oeste.\nEl régimen resiste en la capital.\n* Este "
         "artículo apareció en la edición impresa del Lunes, 7 de marzo de 2011", "es",
         "2011-03-07"),
        ("Les rebelles avancent vers l'ouest.\nLe régime résiste dans la capitale.\nCet "
         "article est paru dans l'édition du 7 mars 2011", "fr", "2011-03-07"),
        ("The rebels are advancing west.\nThe regime holds the capital.\nA version of "
         "this article appears in print on March 7, 2011", "en", "2011-03-07"),
    ],
)
def test_dates_published_note_naming_the_article_read_whatever_its_label(
        text: str, lang: str, value: str) -> None:
    # the print-edition note below the body was taken for a related link: it still
    # names the article's own publication
    found = _published(text, lang, labels={3: LineLabel.RELATED_LINK})
    assert found is not None and (found.value, found.how) == (value, "dateline")


def test_dates_published_other_article_in_a_link_is_not_the_article() -> None:
    # a related link dated by its own "Article publié le" is another article
    found = _published("Les rebelles avancent vers l'ouest.\nArticle publié le 2 mars 2011",
                       labels={2: LineLabel.RELATED_LINK})
    assert found is None or found.value != "2011-03-02"


def test_dates_published_first_date_takes_the_year_the_text_gives_that_day() -> None:
    # "desde el 15 de marzo" opens the text before any chronology: it is the 15 March the
    # chronology writes with its year, not the one after its last entry
    text = ("El país vive desde el 15 de marzo las protestas más graves de su historia.\n"
            "15.03.2011.- Miles de personas salen a la calle.\n"
            "20.06.2011.- El ejército entra en la ciudad.\n"
            "27.11.2011.- La Liga Árabe aprueba sanciones.")
    found = _published(text, "es")
    assert found is not None and found.value == "2011-11-27"


def test_dates_published_page_without_a_date_of_its_own_from_its_related_links() -> None:
    # nothing in the body dates it: the related stories, chosen when it was written, date
    # from the days up to it; the later link is the captured page's "latest news"
    text = ("El ministro pidió una solución negociada.\n"
            "Otro artículo sobre la crisis. (10.04.2018)\n"
            "Francia presenta pruebas. (12.04.2018)\n"
            "Rusia responde a Washington. (12.04.2018)\n"
            "Nuevas medidas sanitarias. (30.07.2020)\n"
            "Cierre de fronteras. (31.07.2020)")
    links = {n: LineLabel.RELATED_LINK for n in range(2, 7)}
    found = _published(text, "es", labels=links)
    assert found is not None and (found.value, found.how) == ("2018-04-12", "related-links")
    assert found.evidence is not None and found.evidence.of(text) == "12.04.2018"
    # a lone dated link is no stretch of time
    lone = _published("El ministro pidió una solución negociada.\nOtro artículo. (10.04.2018)",
                      "es", labels={2: LineLabel.RELATED_LINK})
    assert lone is None


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("Le 15 mars 2011, il y a un an jour pour jour, des manifestants défilaient à "
         "Deraa. Depuis, la répression n'a pas cessé.", "fr", "2012-03-15"),
        ("El 15 de marzo de 2011, hace ahora cuatro años, cientos de personas salieron a "
         "la calle en Deraa. Desde entonces la guerra no ha cesado.", "es", "2015-03-15"),
        ("On 15 March 2011, exactly four years ago, hundreds took to the streets of "
         "Deraa. The war has not stopped since.", "en", "2015-03-15"),
    ],
)
def test_dates_published_date_glossed_by_years_ago_to_the_day(text: str, lang: str,
                                                              value: str) -> None:
    found = _published(text, lang)
    assert found is not None and (found.value, found.how) == (value, "relative-date")


def test_dates_published_years_ago_without_exactness_fixes_no_day() -> None:
    # "hace dos años" of a treaty signed two and a half years before: no day's return
    found = _published("Desde que hace dos años, el 30 de agosto de 2008, Libia e Italia "
                       "firmaron el tratado, los negocios crecen.", "es")
    assert found is None or found.how != "relative-date"


@pytest.mark.parametrize(
    ("text", "lang", "surface"),
    [
        ("En 2013 la mezquita fue dañada. El 24 de marzo de ese año se desplomó el minarete.",
         "es", "El 24 de marzo de ese año"),
        ("En 2013, la mosquée fut touchée. Le 24 mars de la même année, le minaret tomba.",
         "fr", "Le 24 mars de la même année"),
        ("In 2013 the mosque was hit. On March 24 of that year its minaret fell.", "en",
         "On March 24 of that year"),
    ],
)
def test_dates_date_of_that_year_takes_the_year_last_written(text: str, lang: str,
                                                             surface: str) -> None:
    # read in 2017, "24 March of that year" is still 2013's, not the coming one
    found = [e for e in _find(text, "2017-03-21", lang) if e.kind == "date"]
    assert [(e.text, e.value) for e in found] == [(surface, "2013-03-24")]


def test_dates_published_other_publication_in_the_body_is_no_byline() -> None:
    # a report published on a date is not the article
    found = _published("Le rapport a été publié le 3 mars 2010. Il a été discuté mardi 9 "
                       "mars 2010 à Genève.")
    assert found is not None and found.value != "2010-03-03"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # "Mercredi 30 janvier" is of the January the text writes with its year (30 January
        # 2013 is a Wednesday; 2002, also written, is passed over for the same month's
        # year), not of the footnote's 2011
        ("Egypte, janvier 2013.\nMercredi 30 janvier, des heurts ont éclaté au Caire.\n"
         "Comme à Gênes en 2002, la police a chargé.\n(Tripoli, 7 février 2011).",
         "2013-01-30"),
        # "samedi 10 mars" is a Saturday the year after the 2011 the text writes
        ("Au moins 7500 morts depuis le début de la contestation le 15 mars 2011. Kofi "
         "Annan s'est rendu le samedi 10 mars à Damas.", "2012-03"),
    ],
)
def test_dates_published_weekday_pins_a_year_the_text_speaks_of(text: str, start: str) -> None:
    found = _published(text)
    assert found is not None and found.value.startswith(start)


@pytest.mark.parametrize(
    ("text", "lang", "start"),
    [
        # "mardi 4 avril" is of the article's own time, after the 2015 it recalls: 2017
        # (4 April is a Tuesday in 2006 too, but "depuis 2006" is history)
        ("Le même parti dirige le pays depuis 2006. Le dernier accord date de 2015.\n"
         "Mardi 4 avril, une attaque a fait des dizaines de morts.", "fr", "2017-04"),
        ("Los rebeldes controlan la ciudad desde 2009.\nEl lunes 22 de agosto, las "
         "tropas entraron en la plaza.", "es", "2011-08"),
    ],
)
def test_dates_published_weekday_date_is_of_the_years_after_those_recalled(
        text: str, lang: str, start: str) -> None:
    found = _published(text, lang)
    assert found is not None and found.value.startswith(start)


def test_dates_published_weekday_slip_keeps_the_written_year() -> None:
    # 4 May 2011 is a Wednesday: "jueves 4 de mayo" beside "04/05/2011" is a slip of
    # the weekday, not a later year where the 4th is a Thursday
    found = _published("El 04/05/2011 la policía cargó.\nEl jueves 4 de mayo, miles de "
                       "personas marcharon.", "es")
    assert found is not None and found.value.startswith("2011-05")


def test_dates_published_weekdays_choose_among_the_hint_years() -> None:
    # no year written: with a story year, the weekday is read among the story's years
    # (13 January is a Wednesday in 2010, the year before 2011), not in whichever later
    # year it also fits (2016, 2021)
    text = "Le ministre a parlé le mercredi 13 janvier devant les députés."
    hinted = _published(text, today=dt.date(2026, 6, 1), year_hint=2011)
    assert hinted is not None and hinted.value == "2010-01-13"
    assert hinted.how.endswith("+year-from-story")


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        # an article written for an anniversary: the event's day, so many years later
        ("La révolte a commencé le 15 mars 2011 à Deraa. À l'occasion du premier "
         "anniversaire du soulèvement, Amnesty publie un rapport.", "fr", "2012-03-15"),
        ("Las protestas comenzaron el 15 de marzo de 2011. Con motivo del cuarto "
         "aniversario del comienzo del conflicto, la ONG publicó un balance.", "es",
         "2015-03-15"),
    ],
)
def test_dates_published_anniversary(text: str, lang: str, value: str) -> None:
    found = _published(text, lang)
    assert found is not None and (found.value, found.how) == (value, "anniversary")


def test_dates_published_anniversary_dated_by_its_sentence_is_no_fix() -> None:
    # the sentence says when the anniversary was: it tells nothing of the publication
    found = _published("El 15 de marzo del 2012 se cumplió el primer aniversario del "
                       "levantamiento. Las protestas siguen.", "es")
    assert found is not None and found.how != "anniversary"
    assert found.value.startswith("2012-03")


def test_dates_published_weekday_said_twice_counts_once() -> None:
    # two mentions of "vendredi" do not outweigh four days of drift from Monday 21
    # February 2011: the article is of the Monday (or the day after)
    text = ("Des habitants ont témoigné le lundi 21 février 2011 depuis Tripoli. Une vidéo "
            "a montré le marché du vendredi. Une autre a été filmée après la prière du "
            "vendredi.")
    found = _published(text)
    assert found is not None and found.value in ("2011-02-21", "2011-02-22")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a line with nothing but a date under the title is the page's date for the
        # article, whatever dates the body goes on to (the "6 avril" of a movement's name)
        ("Egypte 2013\nLe chaos de l'hiver\nMercredi 30 janvier\nPar Luc Michel\n"
         "Les militants du Mouvement du 6 avril manifestent.\n(Tripoli, 7 février 2011).",
         "2013-01-30"),
        ("Crise au Caire\n12 mars 2011.\nLes heurts ont repris le 20 mars.", "2011-03-12"),
    ],
)
def test_dates_published_date_alone_on_a_first_line(text: str, value: str) -> None:
    found = _published(text)
    assert found is not None and (found.value, found.how) == (value, "dateline")


def test_dates_published_date_in_a_first_sentence_is_no_date_line() -> None:
    found = _published("Crise au Caire\nLes heurts du 12 mars 2011 ont repris.\nSuite.")
    assert found is None or found.how != "dateline"
