"""Tests of statements.py: one statement across articles, wordings and languages."""

from __future__ import annotations

import pytest

from corroborate.statements import Statement, link_statements, statement

# a story's background quotes: they share its common words ("contingent", "paix")
_BACKGROUND = [
    ("b1", "x1", None, "Le contingent de paix a rempli sa mission avec honneur", "fr"),
    ("b2", "x2", None, "Le contingent de paix restera encore quelques jours", "fr"),
    ("b3", "x3", None, "La paix revient grâce au contingent et aux autorités", "fr"),
    ("b4", "x4", None, "Nous remercions le contingent pour la paix retrouvée", "fr"),
]


def _links(*quotes: tuple[str, str, str | None, str, str]) -> dict[str, tuple[str, ...]]:
    found = [statement(*q) for q in (*quotes, *_BACKGROUND)]
    return link_statements(found, 0.6)


@pytest.mark.parametrize("a, b", [
    # a rewording in the same language
    (("q1", "a1", "e-tok", "L'opération antiterroriste est terminée dans tout le pays, "
      "les forces étrangères vont rentrer", "fr"),
     ("q2", "a2", None, "l'opération anti-terroriste s'est terminée dans le pays et les "
      "forces étrangères rentreront", "fr")),
    # a translation: cognates meet after folding and cutting
    (("q1", "a1", "e-tok", "L'opération antiterroriste est terminée, la mission "
      "internationale quittera le territoire national", "fr"),
     ("q2", "a2", "e-tok", "La operación antiterrorista ha terminado y la misión "
      "internacional abandonará el territorio nacional", "es")),
    # an excerpt of a longer quote
    (("q1", "a1", None, "restaurer les infrastructures détruites de la capitale économique",
      "fr"),
     ("q2", "a2", None, "Le gouvernement doit restaurer les infrastructures détruites de la "
      "capitale économique avant le printemps, a-t-il insisté", "fr")),
])
def test_statements_same_statement_linked(a: tuple[str, str, str | None, str, str],
                                          b: tuple[str, str, str | None, str, str]) -> None:
    links = _links(a, b)
    assert links["q1"] == ("q2",) and links["q2"] == ("q1",)


@pytest.mark.parametrize("a, b", [
    # two speakers known and different
    (("q1", "a1", "e-tok", "L'opération antiterroriste est terminée dans tout le pays", "fr"),
     ("q2", "a2", "e-put", "L'opération antiterroriste est terminée dans tout le pays", "fr")),
    # figures that disagree are not one statement
    (("q1", "a1", None, "Nous avons envoyé 2000 soldats pour protéger les aéroports", "fr"),
     ("q2", "a2", None, "Nous avons envoyé 3000 soldats pour protéger les aéroports", "fr")),
    # only the story's common words in common
    (("q1", "a1", None, "Le contingent de paix a quitté Almaty ce matin sous la neige", "fr"),
     ("q2", "a2", None, "Le contingent de paix prépare des élections anticipées", "fr")),
    # too short to say
    (("q1", "a1", None, "grand rôle", "fr"), ("q2", "a2", None, "un grand rôle", "fr")),
    # the same article quoting itself twice is not corroboration
    (("q1", "a1", None, "L'opération antiterroriste est terminée dans tout le pays", "fr"),
     ("q2", "a1", None, "L'opération antiterroriste est terminée dans tout le pays", "fr")),
])
def test_statements_different_statements_apart(a: tuple[str, str, str | None, str, str],
                                               b: tuple[str, str, str | None, str, str]) -> None:
    links = _links(a, b)
    assert links["q1"] == () and links["q2"] == ()


def test_statements_terms_fold_inflections_and_numbers() -> None:
    s = statement("q", "a", None, "Les 2 300 soldats anti-terroristes sont arrivés", "fr")
    assert isinstance(s, Statement)
    assert "2300" in s.numbers
    assert any(t.startswith("antit") for t in s.terms)  # hyphen joined, then cut
    assert all(not t.isdigit() for t in s.terms)
