"""Tests of corroborate.dates.expressions beyond calendar dates: parts of the day, clock
times, lengths, sets, references, years, TIMEX3 values, and the French TimeBank score."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
from conftest import ROOT, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.dates.expressions import Timex, date_lexicon, find_time_expressions, find_timexes
from corroborate.model import Span, TimeExpr

sys.path.insert(0, str(ROOT / "bench"))
import timebank  # noqa: E402  (the benchmark module, importable once bench/ is on the path)

TIMEX_VALUE = re.compile(
    r"^(?:\d{4}(?:-\d{2}(?:-\d{2}(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?)?|-W\d{2})?"
    r"|P(?:T?(?:\d+(?:\.\d+)?|X)[HMSDWY])|XXXX-WXX-[1-7]|(?:PRESENT|PAST|FUTURE)_REF)$")


def _exprs(text: str, anchor: str | None, lang: str = "fr") -> tuple[TimeExpr, ...]:
    return find_time_expressions(text, [Span(0, len(text))], anchor, date_lexicon(lang))


def _timexes(text: str, anchor: str | None, lang: str = "fr") -> tuple[Timex, ...]:
    return find_timexes(text, [Span(0, len(text))], anchor, date_lexicon(lang))


EXPRESSIONS = [
    # a part of the day belongs to the day's expression; the value stays the day
    ("Il a été arrêté mardi soir.", "2022-01-12", "mardi soir", "2022-01-11"),
    ("Hier en fin d'après-midi, la police est intervenue.", "2022-01-12",
     "Hier en fin d'après-midi", "2022-01-11"),
    # the weekday written with a date without year tells the year
    ("La réunion du jeudi 16 septembre a été annulée.", "2022-01-12",
     "du jeudi 16 septembre", "2021-09-16"),
    # a month before a past verb lies on or before the anchor's month
    ("En juin, le président avait qualifié la situation de grave.", "2012-03-01", "En juin",
     "2011-06"),
    ("Le sommet aura lieu en juin.", "2012-03-01", "en juin", "2012-06"),
    ("Il a été libéré en septembre dernier.", "2012-09-20", "en septembre dernier", "2011-09"),
    # a date that the governing verb does not date stays the nearest
    ("Il a décidé d'organiser un référendum le 26 février.", "2012-02-18", "le 26 février",
     "2012-02-26"),
    ("Une réunion est prévue le 16 juillet à Bruxelles.", "1999-07-09", "le 16 juillet",
     "1999-07-16"),
    ("Ils ont obtenu jusqu'au 30 juin pour conclure.", "1999-05-21", "jusqu'au 30 juin",
     "1999-06-30"),
    # two-digit years at the end of a phrase
    ("Il avait été élu le 10 novembre 93, sans surprise.", "2002-01-21", "le 10 novembre 93",
     "1993-11-10"),
    # bare years: in ranges, at the end of a phrase
    ("La population a augmenté entre 1990 et 1999.", "1999-07-07", "1999", "1999"),
    ("Il fut directeur de 1982 à 1987, puis ministre.", "2002-01-21", "1982", "1982"),
    ("Par rapport au recensement de 1990.", "1999-07-07", "1990", "1990"),
    ("Le même jour, à Paris, le 2 mars 2012.", "2012-03-05", "le 2 mars 2012", "2012-03-02"),
    ("Le 2 mars 2012, un attentat. Le même jour, une manifestation.", "2012-03-05",
     "Le même jour", "2012-03-02"),
    # English and Spanish
    ("He was arrested on Tuesday evening.", "2022-01-12", "on Tuesday evening", "2022-01-11"),
    ("Between 1982 and 1990 the city grew.", "2022-01-12", "1990", "1990"),
    ("Fue detenido el martes por la noche.", "2022-01-12", "el martes por la noche",
     "2022-01-11"),
]


@pytest.mark.parametrize(("text", "anchor", "surface", "value"), EXPRESSIONS)
def test_time_expressions_resolved(text: str, anchor: str, surface: str, value: str) -> None:
    lang = "en" if re.search(r"\b(?:the|was|on)\b", text) else "es" if "Fue" in text else "fr"
    found = {t.text: t.value for t in _exprs(text, anchor, lang)}
    assert found.get(surface, "missing") == value, found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Je pense que sa mère viendra.", "fr"),  # "Je" is no jeudi, "sa" no samedi
        ("14 de les 17 régions sont touchées.", "fr"),
        ("La plus grande crise des 30 années d'indépendance.", "fr"),
        ("Il y avait 2021 personnes et 1 500 blessés.", "fr"),
        ("Un homme de 38 ans et Paul Martin, 19 ans, sont blessés.", "fr"),
        ("Les 6-16 ans et les moins de 17 ans sont invités.", "fr"),
        ("Ils ont gagné une seconde fois.", "fr"),
        ("A 38-year-old man, aged 40, was hurt.", "en"),
        ("Un joven de 19 años resultó herido.", "es"),
    ],
)
def test_time_expressions_false_hits_not_found(text: str, lang: str) -> None:
    assert _exprs(text, "2022-01-12", lang) == ()
    assert [t.text for t in _timexes(text, "2022-01-12", lang)
            if t.type != "DURATION" or "années" not in t.text] == []


def test_time_expressions_clock_after_a_date_is_no_two_digit_year() -> None:
    found = _exprs("Le 22 octobre 17:22, par Paul.", "2013-10-19")
    assert [(t.text, t.value) for t in found] == [("Le 22 octobre", "2013-10-22")]


TIMEXES = [
    ("fr", "Il a parlé hier soir.", "2022-01-12", "hier soir", "TIME", "2022-01-11TEV"),
    ("fr", "Rendez-vous samedi 5 juin à 17 h dans la cour.", "1999-05-22", "17 h", "TIME",
     "1999-06-05T17:00"),
    ("fr", "Le feu a pris vers 0 h 40 jeudi.", "2003-02-22", "0 h 40", "TIME",
     "2003-02-22T00:40"),
    ("fr", "Il l'a vu à midi.", "2003-02-22", "midi", "TIME", "2003-02-22T12:00"),
    ("fr", "Il est resté en 1975 au pouvoir.", "2003-02-22", "1975", "DATE", "1975"),
    ("fr", "Ils ont jusqu'au 30 juin.", "1999-05-21", "30 juin", "DATE", "1999-06-30"),
    ("fr", "Il est absent cette semaine.", "1999-07-09", "cette semaine", "DATE", "1999-W27"),
    ("fr", "Il a été condamné à 10 ans de prison.", "1999-05-21", "10 ans", "DURATION",
     "P10Y"),
    ("fr", "Leur association durera plus de vingt ans.", "1999-05-30", "plus de vingt ans",
     "DURATION", "P20Y"),
    ("fr", "Il devance Irvine de 30,4 secondes.", "1999-05-17", "30,4 secondes", "DURATION",
     "PT30.4S"),
    ("fr", "Il a attendu quelques jours.", "1999-05-17", "quelques jours", "DURATION", "PXD"),
    ("fr", "Ces dernières 24 heures ont été calmes.", "1999-05-17", "Ces dernières 24 heures",
     "DURATION", "PT24H"),
    ("fr", "Six ans après, il revient.", "1999-05-17", "Six ans après", "DURATION", "P6Y"),
    ("fr", "La fête a lieu chaque année.", "1999-05-17", "chaque année", "SET", "P1Y"),
    ("fr", "Il se réunit tous les jeudis.", "1999-05-17", "tous les jeudis", "SET",
     "XXXX-WXX-4"),
    ("fr", "Une croissance de 0,4 % par an.", "1999-05-17", "an", "SET", "P1Y"),
    ("fr", "Pour l'instant, rien ne bouge.", "1999-05-17", "Pour l'instant", "TIME",
     "PRESENT_REF"),
    ("en", "He said it at 14:30 on Monday.", "2022-01-12", "14:30", "TIME", "2022-01-12T14:30"),
    ("en", "He waited for three days.", "2022-01-12", "three days", "DURATION", "P3D"),
    ("en", "They meet every Monday.", "2022-01-12", "every Monday", "SET", "XXXX-WXX-1"),
    ("en", "Prices are currently high.", "2022-01-12", "currently", "TIME", "PRESENT_REF"),
    ("es", "Llegó a las 14.30 horas.", "2022-01-12", "las 14.30 horas", "TIME",
     "2022-01-12T14:30"),
    ("es", "Fue condenado a 30 años de cárcel.", "2022-01-12", "30 años", "DURATION", "P30Y"),
    ("es", "Se reúnen todos los lunes.", "2022-01-12", "todos los lunes", "SET", "XXXX-WXX-1"),
    ("es", "Ahora es distinto.", "2022-01-12", "Ahora", "TIME", "PRESENT_REF"),
]


@pytest.mark.parametrize(("lang", "text", "anchor", "surface", "kind", "value"), TIMEXES)
def test_time_expressions_timex_values(lang: str, text: str, anchor: str, surface: str,
                                       kind: str, value: str) -> None:
    found = {t.text: (t.type, t.value) for t in _timexes(text, anchor, lang)}
    assert found.get(surface) == (kind, value), found


def test_time_expressions_lengths_sets_references_are_no_dossier_dates() -> None:
    text = "Pendant trois jours, chaque année, maintenant, à 18 h, il a parlé mardi."
    assert [t.text for t in _exprs(text, "2022-01-12")] == ["mardi"]
    assert [t.type for t in _timexes(text, "2022-01-12")] == [
        "DURATION", "SET", "TIME", "TIME", "DATE"]


def test_time_expressions_timebank_parser_keeps_offsets() -> None:
    raw = ("<TimeML><DCT><TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1999-05-17\"/></DCT><TEXT>\n"
           "Il a &amp; dit <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"1999-05-16\">hier</TIMEX3>"
           " qu'il <EVENT eid=\"e1\">partira</EVENT> <TIMEX3 tid=\"t3\" type=\"DURATION\" "
           "value=\"P3D\">trois jours </TIMEX3>.\n</TEXT></TimeML>")
    doc = timebank.parse_timeml(raw, "x")
    assert doc.dct == "1999-05-17"
    assert [(g.span.of(doc.text), g.type, g.value) for g in doc.gold] == [
        ("hier", "DATE", "1999-05-16"), ("trois jours", "DURATION", "P3D")]
    assert "&amp;" not in doc.text and "<" not in doc.text


def test_time_expressions_timebank_value_f1_floor() -> None:
    """The French TimeBank gate: value F1 at or above 0.80 (HeidelTime fr: 0.7363)."""
    files = sorted((SHARED / "data" / "fr-timebank" / "Data").glob("*.tml"))
    assert len(files) > 100
    tally = timebank.Tally()
    for path in files:
        doc = timebank.parse_timeml(path.read_text(encoding="utf-8"), path.stem)
        timebank.score(doc, timebank.run_document(doc), tally, [], set(), set())
    assert tally.f1(tally.value) >= 0.80
    assert tally.f1(tally.strict) >= 0.82 and tally.f1(tally.relaxed) >= 0.88


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(list("0123456789 ,.:'’-éèaàdhijlmnorstuv\n"))
                  | st.text(max_size=3)
                  | st.sampled_from(["18 h", "h", "soir", "mardi", "hier", "ans", "de", "chaque",
                                     "tous les", "jeudis", "par", "an", "2002", "et", "1999",
                                     "plus de", "vingt", "secondes", "maintenant", "93",
                                     "octobre", "at", "14:30", "every", "años", "a las",
                                     "por la noche", "âgé"]),
                  max_size=40).map("".join),
    anchor=st.none() | st.dates().map(dt.date.isoformat),
    lang=st.sampled_from(["fr", "en", "es"]),
)
def test_time_expressions_property_timexes_slice_back(text: str, anchor: str | None,
                                                      lang: str) -> None:
    for timex in _timexes(text, anchor, lang):
        assert text[timex.span.start:timex.span.end] == timex.text and timex.text
        assert timex.type in {"DATE", "TIME", "DURATION", "SET"}
        assert timex.value is None or TIMEX_VALUE.match(timex.value), timex
