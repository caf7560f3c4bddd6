"""Tests of roles.py: role mentions found in an article and linked over a story."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from conftest import plain_lines

from corroborate.entities import (
    EntityLexicon,
    cluster_entities,
    entity_lexicon,
    extract_mentions,
    mention_key,
)
from corroborate.model import Kind, Mention
from corroborate.roles import RoleLexicon, attach_roles, find_roles, role_lexicon


class _Fixed:
    """A recogniser answering with every occurrence of given (surface, label) pairs."""

    def __init__(self, found: Sequence[tuple[str, str]]) -> None:
        self.found = found

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        result = []
        for text in texts:
            spans = []
            for surface, label in self.found:
                at = text.find(surface)
                while at >= 0:
                    spans.append((at, at + len(surface), label))
                    at = text.find(surface, at + 1)
            result.append(spans)
        return result


@pytest.fixture(scope="module")
def fr() -> EntityLexicon:
    return entity_lexicon("fr")


@pytest.fixture(scope="module")
def roles_fr() -> RoleLexicon:
    return role_lexicon("fr")


def _annotate(text: str, names: Sequence[tuple[str, str]], lex: EntityLexicon,
              roles: RoleLexicon) -> tuple[Mention, ...]:
    lines = plain_lines(text)
    found = extract_mentions(text, lines, _Fixed(names), lex)
    return found + find_roles(text, lines, found, lex, roles)


def _roles(mentions: Sequence[Mention]) -> list[tuple[str, str]]:
    return [(m.text, m.key) for m in mentions if m.role]


def test_roles_apposition_and_last_holder(fr: EntityLexicon, roles_fr: RoleLexicon) -> None:
    text = ("Le président kazakh Ali Berik a parlé lundi.\n"
            "Le président a ensuite reçu le ministre de la Santé, Omar Dosov.\n"
            "Le ministre a promis des lits, selon le chef de l'État.")
    found = _annotate(text, [("Ali Berik", "PER"), ("Omar Dosov", "PER")], fr, roles_fr)
    assert _roles(found) == [
        ("président kazakh", "ali berik"),  # apposition
        ("président", "ali berik"),  # the last président named
        ("ministre de la Santé", "omar dosov"),  # apposition after a comma
        ("ministre", "omar dosov"),
        ("chef de l'État", "ali berik"),  # a synonym of président
    ]
    for m in found:
        assert text[m.span.start:m.span.end] == m.text


@pytest.mark.parametrize("text, names, expected", [
    # "a" (auxiliary) is not a qualifier: the bare role continues Berik
    ("Le président Ali Berik est arrivé.\nLe président a salué la foule.",
     [("Ali Berik", "PER")], [("président", "ali berik"), ("président", "ali berik")]),
    # a name right after the role that the recogniser missed: not the last holder
    ("Le prince Ali Berik règne.\nLe prince Khalid est parti.",
     [("Ali Berik", "PER")], [("prince", "ali berik")]),
    # "le fils du colonel, Omar": the name is the son's, not the colonel's
    ("Le colonel Ali Berik parle.\nLe fils du colonel, Omar Dosov, a fui.",
     [("Ali Berik", "PER"), ("Omar Dosov", "PER")],
     [("colonel", "ali berik"), ("colonel", "ali berik")]),
    # a compound office is another office
    ("Le président Ali Berik parle.\nLe président-fondateur du club a démissionné.",
     [("Ali Berik", "PER")], [("président", "ali berik")]),
    # an indefinite role is nobody in particular
    ("Le président Ali Berik parle.\nUn ministre a démissionné.",
     [("Ali Berik", "PER")], [("président", "ali berik")]),
    # a different qualifier is another office: not linked by the article
    ("Le président kazakh Ali Berik parle.\nLe président russe a répondu.",
     [("Ali Berik", "PER")], [("président kazakh", "ali berik"), ("président russe", "")]),
    # name first, role after the comma
    ("Selon Ali Berik, président du parti vert, tout va bien.",
     [("Ali Berik", "PER")], [("président du parti vert", "ali berik")]),
])
def test_roles_article_links(text: str, names: list[tuple[str, str]],
                             expected: list[tuple[str, str]], fr: EntityLexicon,
                             roles_fr: RoleLexicon) -> None:
    assert _roles(_annotate(text, names, fr, roles_fr)) == expected


def test_roles_bare_role_forgets_a_distant_holder(fr: EntityLexicon,
                                                 roles_fr: RoleLexicon) -> None:
    text = "Le président Ali Berik parle.\n" + "Un paragraphe sans rôle.\n" * 4 + \
        "Le président a signé."
    assert _roles(_annotate(text, [("Ali Berik", "PER")], fr, roles_fr))[-1] == ("président", "")


def _story(articles: dict[str, tuple[str, list[tuple[str, str]]]], lex: EntityLexicon,
           roles: RoleLexicon) -> tuple[list[tuple[str, Mention]], dict[str, str]]:
    pairs = [(a, m) for a, (text, names) in articles.items()
             for m in _annotate(text, names, lex, roles)]
    entities = attach_roles(cluster_entities(pairs, lex), pairs, roles)
    owner = {(c.article, c.span): e.name for e in entities for c in e.mentions}
    return pairs, {f"{a}:{m.text}@{m.span.start}": owner.get((a, m.span), "")
                   for a, m in pairs if m.role}


def test_roles_story_links_one_holder_only(fr: EntityLexicon, roles_fr: RoleLexicon) -> None:
    articles = {
        "a1": ("Le président kazakh Ali Berik a parlé.", [("Ali Berik", "PER")]),
        "a2": ("Le président kazakh a parlé.\nLe président russe a répondu.", []),
        "a3": ("Le président russe Ivan Petrov a parlé.", [("Ivan Petrov", "PER")]),
        "a4": ("Le président a parlé.", []),
    }
    _, owners = _story(articles, fr, roles_fr)
    assert owners == {
        "a1:président kazakh@3": "Ali Berik",
        "a2:président kazakh@3": "Ali Berik",  # the story names one président kazakh
        "a2:président russe@32": "Ivan Petrov",
        "a3:président russe@3": "Ivan Petrov",
        "a4:président@3": "",  # two présidents in the story: ambiguous, left alone
    }


def test_roles_evidence_and_no_new_entities(fr: EntityLexicon, roles_fr: RoleLexicon) -> None:
    pairs = [(a, m) for a, text in (("a1", "Le président Ali Berik parle."),
                                    ("a2", "Le roi a parlé."))
             for m in _annotate(text, [("Ali Berik", "PER")], fr, roles_fr)]
    entities = attach_roles(cluster_entities(pairs, fr), pairs, roles_fr)
    assert [e.name for e in entities] == ["Ali Berik"]  # the unlinked "roi" is no entity
    berik = entities[0]
    assert berik.kind is Kind.PER and len(berik.mentions) == 2
    assert berik.variants == ("Ali Berik",)  # a role is no spelling of the name
    assert any("président" in reason for reason in berik.merged_by)
    assert mention_key("Ali Berik", fr) == "ali berik"
