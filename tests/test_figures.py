"""Tests of figures.py: numeric claims, their intervals and verdicts."""

from __future__ import annotations

import math

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.figures import (
    VERDICTS,
    claim_interval,
    extract_claims,
    figure_lexicon,
    fold_text,
    judge_claims,
)
from corroborate.langdata import available_languages, load_toml
from corroborate.model import Claim, Sentence, Span, TimeExpr

# Publication dates of the seed articles (read by a person from their text).
SEED_PUBLISHED = {"000": "2022-01-12", "001": "2022-01-11", "002": "2022-01-13",
                  "003": "2022-01-12", "004": "2022-01-12"}


def _one_sentence(text: str) -> tuple[Sentence, ...]:
    return (Sentence(Span(0, len(text)), 1),)


def _line_sentences(text: str) -> tuple[Sentence, ...]:
    """Each non-empty line is one sentence (the real splitter lives elsewhere)."""
    sentences = []
    pos = 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            sentences.append(Sentence(Span(pos, pos + len(line)), n))
        pos += len(line) + 1
    return tuple(sentences)


def _claims(text: str, lang: str = "fr", times: tuple[TimeExpr, ...] = (),
            published: str | None = None) -> tuple[Claim, ...]:
    return extract_claims(text, _one_sentence(text), times, published, figure_lexicon(lang))


def _claim(text: str = "", value: float | None = None, lo: float | None = None,
           hi: float | None = None, qualifier: str | None = None,
           as_of: str | None = None) -> Claim:
    return Claim(Span(0, len(text)), text, value, lo, hi, qualifier, "x", "m", as_of)


# -- extraction --------------------------------------------------------------------------

SNIPPETS = [
    # lang, text, claim text, value, min, max, qualifier, measure
    ("fr", "Ils ont déployé 2 300 soldats.", "2 300 soldats", 2300, None, None, None, "troops"),
    ("fr", "Ils ont déployé 2\u00a0300 soldats.", "2\u00a0300 soldats", 2300, None, None, None,
     "troops"),
    ("fr", "Ils ont déployé 2\u202f300 militaires.", "2\u202f300 militaires", 2300, None, None,
     None, "troops"),
    ("fr", "Un contingent de quelque 2.000 hommes.", "quelque 2.000 hommes", 2000, None, None,
     "quelque", "troops"),
    ("fr", "L'arrestation de plus de 10.000 personnes.", "plus de 10.000 personnes", None, 10000,
     None, "plus de", "arrests"),
    ("fr", "Environ 8 000 personnes avaient été arrêtées.", "Environ 8 000 personnes", 8000,
     None, None, "environ", "arrests"),
    ("fr", "Cela a entraîné la mort de plus de 160 personnes.", "plus de 160 personnes", None,
     160, None, "plus de", "deaths"),
    ("fr", "Les heurts ont fait des dizaines de morts.", "des dizaines de morts", None, 20, 99,
     None, "deaths"),
    ("fr", "On compte des centaines de blessés.", "des centaines de blessés", None, 200, 999,
     None, "injured"),
    ("fr", "Des milliers de détenus attendent.", "Des milliers de détenus", None, 2000, 9999,
     None, "arrests"),
    ("fr", "Une dizaine de victimes.", "Une dizaine de victimes", None, 8, 12, None, "deaths"),
    ("fr", "Plusieurs centaines de manifestants.", "Plusieurs centaines de manifestants", None,
     200, 999, None, "protesters"),
    ("fr", "Quelque 2,5 millions de personnes déplacées.", "Quelque 2,5 millions de personnes",
     2_500_000, None, None, "quelque", "displaced"),
    ("fr", "Trois mille policiers mobilisés.", "Trois mille policiers", 3000, None, None, None,
     "police"),
    ("fr", "Vingt et un manifestants blessés.", "Vingt et un manifestants", 21, None, None, None,
     "injured"),
    ("fr", "Quatre-vingt-dix-neuf blessés.", "Quatre-vingt-dix-neuf blessés", 99, None, None,
     None, "injured"),
    ("fr", "Un million de personnes évacuées.", "Un million de personnes", 1_000_000, None,
     None, None, "evacuated"),
    ("fr", "Près d’un millier de réfugiés.", "Près d’un millier de réfugiés", None, 800,
     1200, "près d'", "refugees"),
    ("fr", "Au moins 12 otages.", "Au moins 12 otages", None, 12, None, "au moins", "hostages"),
    ("fr", "Moins de 50 morts.", "Moins de 50 morts", None, None, 50, "moins de", "deaths"),
    ("fr", "Jusqu'à 300 gendarmes.", "Jusqu'à 300 gendarmes", None, None, 300, "jusqu'à",
     "police"),
    ("fr", "Presque 40 blessés.", "Presque 40 blessés", 40, None, None, "presque", "injured"),
    ("fr", "Le retrait s'achèvera avec maximum 10 véhicules.", "maximum 10 véhicules", None,
     None, 10, "maximum", "vehicles"),
    ("fr", "Ils ont déployé 250 équipements.", "250 équipements", 250, None, None, None,
     "equipment"),
    ("fr", "Le taux atteint 12,5 %.", "12,5 %", 12.5, None, None, None, "percent"),
    ("fr", "Il a acheté 14 tableaux.", "14 tableaux", 14, None, None, None, None),
    ("fr", "Environ 300 personnes ont défilé.", "Environ 300 personnes", 300, None, None,
     "environ", "protesters"),
    ("fr", "Environ 300 personnes sont là.", "Environ 300 personnes", 300, None, None,
     "environ", None),
    ("en", "More than 1,200 protesters were arrested.", "More than 1,200 protesters", None, 1200,
     None, "more than", "arrests"),
    ("en", "About 2,000 Russian troops arrived.", "About 2,000 Russian troops", 2000, None, None,
     "about", "troops"),
    ("en", "Dozens of people were killed.", "Dozens of people", None, 20, 99, None, "deaths"),
    ("en", "Hundreds of wounded were treated.", "Hundreds of wounded", None, 200, 999, None,
     "injured"),
    ("en", "Thousands of demonstrators gathered.", "Thousands of demonstrators", None, 2000, 9999,
     None, "protesters"),
    ("en", "It caused the deaths of at least 160 people.", "at least 160 people", None, 160, None,
     "at least", "deaths"),
    ("en", "Two hundred and fifty soldiers left.", "Two hundred and fifty soldiers", 250, None,
     None, None, "troops"),
    ("en", "Up to 10 civilians died.", "Up to 10 civilians", None, None, 10, "up to", "deaths"),
    ("en", "Nearly 2.5 million people were displaced.", "Nearly 2.5 million people", 2_500_000,
     None, None, "nearly", "displaced"),
    ("en", "Ten soldiers were wounded.", "Ten soldiers", 10, None, None, None, "injured"),
    ("en", "The quake killed at least 1,500 people.", "at least 1,500 people", None, 1500, None,
     "at least", "deaths"),
    ("en", "Police arrested 150 people.", "150 people", 150, None, None, None, "arrests"),
    ("fr", "L'explosion a tué 30 personnes.", "30 personnes", 30, None, None, None, "deaths"),
    ("fr", "Plus de 200 casques bleus arrivent.", "Plus de 200 casques bleus", None, 200, None,
     "plus de", "troops"),
    ("fr", "Des dizaines de blessés et de morts.", "Des dizaines de blessés", None, 20, 99, None,
     "injured"),
    # separators: Swiss apostrophe, English comma, English decimal point before a multiplier
    ("fr", "Suivi par près de 50'000 personnes.", "près de 50'000 personnes", 50000, None, None,
     "près de", None),
    ("fr", "Ils ont envoyé 1,200 soldats.", "1,200 soldats", 1200, None, None, None, "troops"),
    ("fr", "Environ 8.5 millions d'utilisateurs.", "Environ 8.5 millions d'utilisateurs",
     8_500_000, None, None, "environ", None),
    ("fr", "Un don de 12 milliards de dollars.", "12 milliards de dollars", 12e9, None, None,
     None, "money"),
    ("fr", "Les bilans dénombrent entre 70 et 300 morts.", "entre 70 et 300 morts", None, 70,
     300, None, "deaths"),
    ("fr", "L'opération s'est achevée en 14 de les 17 régions.", "14 de les 17 régions", 14,
     None, None, None, None),
    ("fr", "Il a tué trois des petits-enfants.", "trois des petits-enfants", 3, None, None, None,
     "deaths"),
    ("fr", "Faisant quinze martyrs.", "quinze martyrs", 15, None, None, None, "deaths"),
    ("fr", "Il a régné 30 ans sans partage.", "30 ans", 30, None, None, None, "duration"),
    ("fr", "Au moins 108 personnes ont perdu la vie.", "Au moins 108 personnes",
     None, 108, None, "au moins", "deaths"),
    ("fr", "Des milliers d'égyptiens se sont regroupés place Tahrir.",
     "Des milliers d'égyptiens", None, 2000, 9999, None, "protesters"),
    ("es", "Murieron 300 personas, según las cifras.", "300 personas", 300, None, None, None,
     "deaths"),
    ("es", "Al menos 15 personas murieron.", "Al menos 15 personas", None, 15, None,
     "al menos", "deaths"),
    ("es", "Unos 3.000 manifestantes salieron.", "Unos 3.000 manifestantes", 3000, None, None,
     "unos", "protesters"),
    ("es", "Más de 65,000 personas han desaparecido.", "Más de 65,000 personas", None, 65000,
     None, "más de", "missing"),
    ("es", "Se registraron centenares de heridos.", "centenares de heridos", None, 200, 999,
     None, "injured"),
    ("es", "Decenas de miles de personas protestan.", "Decenas de miles de personas", None,
     20000, 99999, None, "protesters"),
    ("es", "Entregó seis millones de dólares.", "seis millones de dólares", 6_000_000, None,
     None, None, "money"),
    ("es", "Cerca de 1,5 millones de desplazados.", "Cerca de 1,5 millones de desplazados",
     1_500_000, None, None, "cerca de", "displaced"),
    ("es", "Mata al menos a 33 civiles.", "al menos a 33 civiles", None, 33, None,
     "al menos a", "deaths"),
    ("es", "Treinta y dos soldados heridos.", "Treinta y dos soldados", 32, None, None, None,
     "injured"),
    ("es", "Decretó tres días de luto.", "tres días", 3, None, None, None, "duration"),
    ("es", "Obtuvo el 51,8 % de los votos.", "51,8 %", 51.8, None, None, None, "percent"),
]


@pytest.mark.parametrize(
    ("lang", "text", "surface", "value", "low", "high", "qualifier", "measure"), SNIPPETS
)
def test_figures_extracts_snippet(lang: str, text: str, surface: str, value: float | None,
                                  low: float | None, high: float | None,
                                  qualifier: str | None, measure: str | None) -> None:
    claims = _claims(text, lang)
    assert [c.text for c in claims] == [surface]
    claim = claims[0]
    assert text[claim.span.start:claim.span.end] == claim.text
    assert (claim.value, claim.min, claim.max) == (value, low, high)
    assert claim.qualifier == qualifier
    assert claim.measure == measure


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Les manifestations ont commencé le 2 janvier."),
        ("fr", "Il est né en 2021, à 11h05, le 1er mai."),
        ("fr", "Le 3e régiment est arrivé à 11 h 05."),
        ("fr", "La plus grande crise des 30 années d'indépendance."),
        ("fr", "Ils partiront dans deux jours, au plus tard dans une dizaine de jours."),
        ("fr", "Appelez le 01 23 45 67 89 avant 2022."),
        ("fr", "Un rôle très important, une mission réussie."),
        ("fr", "La version 3.8.18 du site 237online.com, voir page 12."),
        ("en", "On January 13, 2022 at 11:05 they left, 3 days later."),
        ("en", "It happened in 1999 and the 2nd time on 4 July."),
        ("en", "One of the leaders said so."),
        ("fr", "Le fils du colonel, Seif, 29 ans, et plusieurs amis."),
        ("fr", "Il a fait défection il y a trois jours, deux jours plus tard il partait."),
        ("fr", "Au pouvoir depuis quarante-deux ans, âgé de 69 ans."),
        ("fr", "Plusieurs bâtiments et quelques voitures ont brûlé."),
        ("es", "Niños de 9 años, en Beni Suef el 7 de octubre."),
        ("es", "En el poder desde hace 32 años, a unos 1,5 km del palacio."),
        ("es", "Hasta el domingo 28 de mayo; 9 سنين."),
    ],
)
def test_figures_rejects_non_claims(lang: str, text: str) -> None:
    assert _claims(text, lang) == ()


def test_figures_sub_counts_take_the_measure_before_them() -> None:
    text = "Le 25 mai, 108 personnes ont été tuées, dont 49 enfants et 34 femmes."
    claims = _claims(text)
    assert [(c.text, c.measure) for c in claims] == [
        ("108 personnes", "deaths"),
        ("49 enfants", "deaths"),
        ("34 femmes", "deaths"),
    ]


def test_figures_keeps_several_claims_in_text_order() -> None:
    text = "Les troubles ont fait des dizaines de morts et des centaines de blessés."
    claims = _claims(text)
    assert [(c.text, c.measure) for c in claims] == [
        ("des dizaines de morts", "deaths"),
        ("des centaines de blessés", "injured"),
    ]


def test_figures_skips_numbers_inside_time_expressions() -> None:
    text = "Il restera 12 soldats et 30 policiers."
    start = text.index("12")
    time = TimeExpr(Span(start, start + 2), "12", "2022-01-12", None, "date")
    claims = _claims(text, times=(time,))
    assert [c.text for c in claims] == ["30 policiers"]


def test_figures_as_of_from_nearest_time_of_the_sentence() -> None:
    text = "Le 2 janvier, des émeutes. Lundi, environ 8 000 personnes ont été arrêtées."
    monday = text.index("Lundi")
    jan2 = text.index("2 janvier")
    times = (
        TimeExpr(Span(jan2, jan2 + 9), "2 janvier", "2022-01-02", None, "date"),
        TimeExpr(Span(monday, monday + 5), "Lundi", "2022-01-10", None, "weekday"),
    )
    second = text.index("Lundi")
    sentences = (Sentence(Span(0, second - 1), 1), Sentence(Span(second, len(text)), 1))
    claims = extract_claims(text, sentences, times, "2022-01-11", figure_lexicon("fr"))
    assert [(c.text, c.as_of) for c in claims] == [("environ 8 000 personnes", "2022-01-10")]


def test_figures_as_of_defaults_to_published() -> None:
    claims = _claims("Il y a 40 blessés.", published="2022-01-11")
    assert [c.as_of for c in claims] == ["2022-01-11"]


def test_figures_only_reads_the_given_sentences() -> None:
    text = "40 blessés. 50 morts."
    sentences = (Sentence(Span(12, len(text)), 1),)
    claims = extract_claims(text, sentences, (), None, figure_lexicon("fr"))
    assert [c.text for c in claims] == ["50 morts"]


def test_figures_fold_text_keeps_length() -> None:
    text = "Près d’un millier\u202fİstanbul\u00a0ÉTÉ"
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded == "près d'un millier İstanbul été"  # "İ" would grow when lowered


# -- intervals and verdicts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (_claim(value=2300), (2300, 2300)),
        (_claim(value=2000, qualifier="quelque"), (1800, 2200)),
        (_claim(lo=160, qualifier="plus de"), (160, math.inf)),
        (_claim(hi=50, qualifier="moins de"), (0, 50)),
        (_claim(lo=20, hi=99), (20, 99)),
        (_claim(), (0, math.inf)),
    ],
)
def test_figures_claim_interval(claim: Claim, expected: tuple[float, float]) -> None:
    assert claim_interval(claim) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("claims", "verdict"),
    [
        ([_claim(value=2300)], "single"),
        ([_claim(value=2000), _claim(value=2000, qualifier="quelque")], "agree"),
        ([_claim(value=2300), _claim(value=2000), _claim(value=2000, qualifier="quelque")],
         "discrepancy"),
        ([_claim(lo=20, hi=99), _claim(lo=200, hi=999), _claim(lo=2000, hi=9999)],
         "discrepancy"),
        ([_claim(value=8000, qualifier="environ", as_of="2022-01-10"),
          _claim(lo=10000, qualifier="plus de", as_of="2022-01-12")], "update"),
        ([_claim(value=10000, as_of="2022-01-10"), _claim(value=8000, as_of="2022-01-12")],
         "discrepancy"),
        ([_claim(value=8000, as_of="2022-01"), _claim(value=10000, as_of="2022-01-12")],
         "discrepancy"),
        ([_claim(value=8000, as_of="2022-01-10"), _claim(value=10000, as_of="2022-01-10")],
         "discrepancy"),
        ([_claim(value=8000), _claim(value=10000, as_of="2022-01-12")], "discrepancy"),
        ([_claim(lo=160), _claim(value=164), _claim(lo=100, hi=200)], "agree"),
    ],
)
def test_figures_judge_claims(claims: list[Claim], verdict: str) -> None:
    assert judge_claims(claims) == verdict


# -- the seed articles ---------------------------------------------------------------------


def _seed_claims() -> dict[str, tuple[Claim, ...]]:
    assert SEEDS.is_dir(), f"the seed articles are missing from {SEEDS}"
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        key = path.name[:3]
        times: tuple[TimeExpr, ...] = ()
        if key == "001":  # "Lundi" before the publication on Tuesday 11 January
            at = text.index("Lundi")
            times = (TimeExpr(Span(at, at + 5), "Lundi", "2022-01-10", "2022-01-11", "weekday"),)
        claims = extract_claims(text, _line_sentences(text), times, SEED_PUBLISHED[key],
                                figure_lexicon("fr"))
        for claim in claims:
            assert text[claim.span.start:claim.span.end] == claim.text
        out[key] = claims
    return out


def test_figures_seed_claims_found() -> None:
    found = {(key, c.text, c.measure) for key, claims in _seed_claims().items() for c in claims}
    expected = {
        ("000", "des dizaines de blessés", "injured"),
        ("001", "2 300 soldats", "troops"),
        ("001", "250 équipements", "equipment"),
        ("001", "des dizaines de morts", "deaths"),
        ("001", "environ 8 000 personnes", "arrests"),
        ("002", "2 000 soldats", "troops"),
        ("002", "plus de 160 personnes", "deaths"),
        ("002", "des milliers de détenus", "arrests"),
        ("003", "quelque 2.000 hommes", "troops"),
        ("003", "des dizaines de morts", "deaths"),
        ("003", "des centaines de blessés", "injured"),
        ("003", "plus de 10.000 personnes", "arrests"),
        ("004", "des milliers de blessés", "injured"),
    }
    assert expected <= found
    # Nothing else is measured: no date, year or duration of the seeds became a figure.
    assert {f for f in found if f[2] is not None} == expected
    assert all("janvier" not in text for _, text, _ in found)


def test_figures_seed_verdicts() -> None:
    claims = _seed_claims()
    by_measure: dict[str, list[Claim]] = {}
    for key in sorted(claims):
        for claim in claims[key]:
            if claim.measure:
                by_measure.setdefault(claim.measure, []).append(claim)
    assert judge_claims(by_measure["troops"]) == "discrepancy"  # 2 300 vs 2 000
    assert judge_claims(by_measure["troops"][1:]) == "agree"  # 2 000 vs quelque 2.000
    assert judge_claims(by_measure["injured"]) == "discrepancy"  # dizaines/centaines/milliers
    assert judge_claims(by_measure["equipment"]) == "single"
    monday, later = (c for c in by_measure["arrests"] if "milliers" not in c.text)
    assert (monday.as_of, later.as_of) == ("2022-01-10", "2022-01-12")
    assert judge_claims([monday, later]) == "update"  # environ 8 000, then plus de 10.000
    # "des dizaines" on 11 and 12 January, "plus de 160" on the 13th: a toll that grew.
    assert judge_claims(by_measure["deaths"]) == "update"
    # "des milliers de détenus" published after "plus de 10.000" is lower: no update.
    assert judge_claims(by_measure["arrests"]) == "discrepancy"


# -- language data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang", sorted({"fr", "en", "es"} | {lang for lang in available_languages() if load_toml(lang, "figures")})
)
def test_figures_language_data_is_valid(lang: str) -> None:
    assert load_toml(lang, "figures"), f"data/{lang}/figures.toml missing"
    lex = figure_lexicon(lang)
    assert set(lex.qualifiers.values()) <= {"about", "over", "under"}
    assert all(0 < low <= high for low, high in lex.vague.values())
    assert all(m and m == m.strip() for m in [*lex.nouns.values(), *lex.participles.values()])
    assert lex.numbers and lex.multipliers and lex.nouns
    assert not (set(lex.nouns) & lex.function_words)


def test_figures_language_without_data_finds_no_measure() -> None:
    lex = figure_lexicon("xx-none")
    claims = extract_claims("12 soldats", _one_sentence("12 soldats"), (), None, lex)
    assert all(c.measure is None for c in claims)


# -- properties ----------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "2 300", "2.000", "10.000", "1,200", "2,5", "millions", "mille", "des dizaines", "de", "d'",
    "d’", "plus de", "environ", "près d'", "quelque", "soldats", "personnes", "arrêtées",
    "morts",
    "vingt", "et", "un", "une", "dizaine", "deux", "cent", "hundred", "and", "of", "dozens",
    "more than", "people", "killed", "%", "janvier", "11h05", "le 13", "\u00a0", "\u202f", "-",
    "'", ".", ",", "\n", "İ", "quatre-vingt", "la mort de", "entre", "y", "miles", "de las",
    "dont", "ans", "il y a", "plus tard", "50'000", "8.5", "سنين", "al menos a",
])


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=4),
    lang=st.sampled_from(["fr", "en", "es"]),
)
def test_figures_any_text_gives_valid_spans(pieces: list[str], cuts: list[int],
                                            lang: str) -> None:
    text = " ".join(pieces)
    bounds = sorted({0, len(text), *(min(c, len(text)) for c in cuts)})
    sentences = tuple(Sentence(Span(a, b), 1) for a, b in zip(bounds, bounds[1:], strict=False))
    times = (TimeExpr(Span(0, min(3, len(text))), text[:3], "2022-01-01", None, "date"),)
    claims = extract_claims(text, sentences, times, "2022-01-12", figure_lexicon(lang))
    for claim in claims:
        assert text[claim.span.start:claim.span.end] == claim.text
        assert claim.noun is not None and claim.noun in claim.text
        low, high = claim_interval(claim)
        assert low <= high
    assert judge_claims(claims) in VERDICTS


def _grouped(value: int, mark: str) -> str:
    return f"{value:,}".replace(",", mark)


@settings(max_examples=200, deadline=None)
@given(
    value=st.integers(min_value=0, max_value=999_999_999),
    style=st.sampled_from(["plain", " ", "\u00a0", "\u202f", ".", "'", ","]),
    lang=st.sampled_from(["fr", "es", "en"]),
)
def test_figures_numbers_survive_format_then_parse(value: int, style: str, lang: str) -> None:
    number = str(value) if style == "plain" else _grouped(value, style)
    if style == "plain" and 1000 <= value <= 2100:
        number = _grouped(value, " ")  # a bare four-digit number may be a year
    noun = {"fr": "soldats", "es": "soldados", "en": "soldiers"}[lang]
    text = f"Ils ont compté {number} {noun}."
    claims = _claims(text, lang)
    assert [c.value for c in claims] == [value]
    assert claims[0].text == f"{number} {noun}"
    assert claims[0].measure == "troops"


@settings(max_examples=100, deadline=None)
@given(whole=st.integers(min_value=1, max_value=99), tenth=st.integers(min_value=1, max_value=9),
       lang=st.sampled_from(["fr", "es"]))
def test_figures_decimal_millions_survive_format_then_parse(whole: int, tenth: int,
                                                           lang: str) -> None:
    word = {"fr": "millions de personnes", "es": "millones de personas"}[lang]
    text = f"Environ {whole},{tenth} {word}."
    claims = _claims(text, lang)
    assert [c.value for c in claims] == [pytest.approx((whole + tenth / 10) * 1_000_000)]
