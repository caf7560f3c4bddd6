"""Origins, outlets and machine-translation flags."""

from __future__ import annotations

import pytest

from corroborate.clean import clean_lexicon, label_lines
from corroborate.model import Article
from corroborate.sources import find_origins, find_outlet, is_machine_translated, source_lexicon

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
    assert find_outlet(article, text, lines, LEX) == "exemple-info.com"
    promo = "Le maire a inauguré le pont mardi, devant des centaines d'habitants réunis.\nRejoignez La Gazette sur Telegram\n"
    lines = label_lines(promo, clean_lexicon())
    assert find_outlet(Article(id="a-y", source="y", text=promo, format="text"), promo, lines, LEX) == "La Gazette"


def test_sources_machine_translation_disclaimer() -> None:
    text = "Le maire a inauguré le pont mardi, devant des centaines d'habitants.\nThis text was automatically translated.\n"
    assert is_machine_translated(label_lines(text, clean_lexicon()))
    assert not is_machine_translated(label_lines("Le maire a inauguré le pont mardi.\n", clean_lexicon()))
