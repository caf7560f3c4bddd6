"""Origins, outlets and machine-translation flags."""

from __future__ import annotations

import pytest

from corroborate.clean import clean_lexicon, label_lines
from corroborate.model import Article
from corroborate.sources import (
    find_dateline,
    find_origins,
    find_outlet,
    find_title,
    is_machine_translated,
    source_lexicon,
)

LEX = source_lexicon("fr")


def _origins(text: str) -> list[tuple[str, str]]:
    lines = label_lines(text, clean_lexicon())
    return [(o.name, o.span.of(text)) for o in find_origins(text, lines, LEX)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le ministre a parlé devant la presse, citant TASS le 12 janvier dans son discours.", [("TASS", "citant TASS")]),
        ("Le retrait commencera jeudi, selon l'agence Sputnik, qui cite des sources militaires.", [("Sputnik", "selon l'agence Sputnik")]),
        ("Le retrait a commencé jeudi matin dans tout le pays (AFP) et se poursuivra demain.", [("AFP", "AFP")]),
        ("Le bilan s'est alourdi à vingt morts dans la nuit.\nSource : AA", [("Anadolu", "Source : AA")]),
        ("Un AA de la ligue a perdu son match hier soir face à une équipe locale.", []),
    ],
)
def test_sources_find_named_origins(text: str, expected: list[tuple[str, str]]) -> None:
    assert _origins(text) == expected


def test_sources_find_official_origins() -> None:
    found = _origins("Le président a reçu les ministres, a rapporté mercredi le service de presse présidentiel.")
    assert found and found[0][0] == "service de presse présidentiel"


def test_sources_outlet_from_domain_line_and_promo() -> None:
    text = "Le maire a inauguré le pont mardi, devant des centaines d'habitants réunis.\nexemple-info.com\n"
    lines = label_lines(text, clean_lexicon())
    article = Article(id="a-x", source="x", text=text, format="text")
    outlet = find_outlet(article, text, lines, LEX)
    assert outlet is not None and outlet.value == "exemple-info.com"
    promo = "Le maire a inauguré le pont mardi, devant des centaines d'habitants réunis.\nRejoignez La Gazette sur Telegram\n"
    lines = label_lines(promo, clean_lexicon())
    outlet = find_outlet(Article(id="a-y", source="y", text=promo, format="text"), promo, lines, LEX)
    assert outlet is not None and (outlet.value, outlet.how) == ("La Gazette", "promo-line")


def test_sources_machine_translation_disclaimer() -> None:
    text = "Le maire a inauguré le pont mardi, devant des centaines d'habitants.\nThis text was automatically translated.\n"
    assert is_machine_translated(label_lines(text, clean_lexicon()))
    assert not is_machine_translated(label_lines("Le maire a inauguré le pont mardi.\n", clean_lexicon()))


@pytest.mark.parametrize(
    ("first_line", "dateline", "place", "day", "agency"),
    [
        ("JAKARTA - Le président a confirmé le retrait des troupes dès jeudi matin.", "JAKARTA -", "JAKARTA", None, None),
        ("NOURSOULTAN, 11 janvier (Reuters) - Le président a limogé son gouvernement.", "NOURSOULTAN, 11 janvier (Reuters) -", "NOURSOULTAN", 11, "Reuters"),
        ("LE CAIRE, 2 février 2013 (AFP) - Des milliers de manifestants ont défilé.", "LE CAIRE, 2 février 2013 (AFP) -", "LE CAIRE", 2, "AFP"),
        ("EL CAIRO, 2 feb (EFE) - Miles de personas se manifestaron este sábado.", "EL CAIRO, 2 feb (EFE) -", "EL CAIRO", 2, "EFE"),
        ("WASHINGTON (Reuters) — The president signed the bill on Monday evening.", "WASHINGTON (Reuters) —", "WASHINGTON", None, "Reuters"),
        ("Paris :, 13 (EUROPE PRESSE)\nLe retrait des troupes a commencé ce jeudi dans tout le pays.", "Paris :, 13 (EUROPE PRESSE)", "Paris", 13, "EUROPE PRESSE"),
    ],
)
def test_sources_dateline_shapes(first_line: str, dateline: str, place: str, day: int | None, agency: str | None) -> None:
    text = first_line + "\nLa suite de l'article donne d'autres détails sur la situation, selon des témoins.\n"
    found = find_dateline(text, label_lines(text, clean_lexicon()), LEX)
    assert found is not None
    assert found.span.of(text) == dateline
    assert (found.place, found.day, found.agency) == (place, day, agency)


@pytest.mark.parametrize(
    "first_line",
    [
        "Le président, 45 ans (PS), a déclaré mardi que la réforme serait votée avant l'été.",
        "ONU: le Conseil de sécurité se réunit en urgence après les frappes de la nuit.",
        "En 2021, le pays a connu une croissance de 3 %, selon les chiffres officiels publiés hier.",
    ],
)
def test_sources_no_dateline_in_ordinary_sentences(first_line: str) -> None:
    text = first_line + "\nLa suite de l'article donne d'autres détails sur la situation, selon des témoins.\n"
    assert find_dateline(text, label_lines(text, clean_lexicon()), LEX) is None


def test_sources_title_and_outlet_evidence() -> None:
    text = "Le pont de Lyon rouvre à la circulation\nLe maire a inauguré le pont mardi, devant des centaines d'habitants réunis.\nexemple-info.com\n"
    lines = label_lines(text, clean_lexicon())
    article = Article(id="a-x", source="x", text=text, format="text")
    title = find_title(article, text, lines)
    assert title is not None and title.how == "title-line" and title.span is not None
    assert title.span.of(text) == "Le pont de Lyon rouvre à la circulation"
    outlet = find_outlet(article, text, lines, LEX)
    assert outlet is not None and outlet.how == "domain-line" and outlet.span is not None
    assert outlet.span.of(text) == outlet.value == "exemple-info.com"
    with_meta = Article(id="a-y", source="y", text=text, format="html", title="Le pont de Lyon rouvre à la circulation",
                        url="https://www.exemple.fr/pont")
    title = find_title(with_meta, text, lines)
    assert title is not None and title.how == "metadata" and title.span is not None and title.span.start == 0
    no_domain = "Le maire a inauguré le pont mardi, devant des centaines d'habitants réunis.\n"
    outlet = find_outlet(with_meta, no_domain, label_lines(no_domain, clean_lexicon()), LEX)
    assert outlet is not None and (outlet.value, outlet.how, outlet.span) == ("exemple.fr", "url", None)
