"""Role mentions: "le président kazakh", "le chef de l'État", "le ministre de la Défense".

A news story names a person once and then refers to them by office.  `find_roles` finds
the definite role descriptions of one article and ties those the article itself resolves:

- an apposition names the person right there: "le président kazakh Kassym-Jomart
  Tokayev", "le président, Kasim Jomart Yokayev,", "Tokaïev, président du Kazakhstan";
- a later *bare* role ("le président", "le chef de l'État", "le président du pays") is the
  last person the article gave that office (or a synonym of it) to;
- a qualified role ("le président kazakh") is the person the article named with the same
  qualified role anywhere.

`attach_roles` then works over the story: a role mention still unresolved joins the one
person the whole story gives that role — and stays out when the story gives it to two
people.  A wrong link is worse than a missed one, so ambiguity always leaves a mention
unlinked, and every link carries its evidence in `Entity.merged_by`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from corroborate.entities import SAME_LENGTH, EntityLexicon, fold
from corroborate.langdata import load_toml
from corroborate.model import Citation, Entity, Kind, Line, Mention, Span

# Words with the elided article kept apart ("l'État" -> "l'", "État"); hyphens split, so
# "porte-parole" is matched word by word against the folded role tuples.
_TOKEN = re.compile(r"\w+'?")


# A bare role ("le président") continues the last holder of its office named at most
# this many body lines (paragraphs) before; further back the antecedent is a guess.
_RECENT_LINES = 3


@dataclass(frozen=True, slots=True)
class RoleLexicon:
    """The role part of a language's `entities.toml`, folded and split into words."""

    roles: tuple[tuple[str, ...], ...]  # longest first
    determiners: tuple[tuple[str, ...], ...]  # longest first
    genitive: frozenset[tuple[str, ...]]
    synonyms: dict[str, str]  # folded head -> the head it stands for
    relative: frozenset[tuple[str, ...]]
    stops: frozenset[str]
    function_words: frozenset[str]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _TOKEN.findall(phrase.translate(SAME_LENGTH)))


@cache
def role_lexicon(lang: str) -> RoleLexicon:
    """Reads `data/<lang>/entities.toml`, produces its compiled role lexicon (once)."""
    data = load_toml(lang, "entities")
    phrases = [str(p) for p in (*data.get("roles", ()), *data.get("role_phrases", ()))]
    return RoleLexicon(
        roles=tuple(sorted({_words(p) for p in phrases if _words(p)}, key=len, reverse=True)),
        determiners=tuple(sorted({_words(str(d)) for d in data.get("role_determiners", ())},
                                 key=len, reverse=True)),
        genitive=frozenset(_words(str(d)) for d in data.get("role_genitive", ())),
        synonyms={" ".join(_words(str(a))): " ".join(_words(str(b)))
                  for a, b in data.get("role_synonyms", ())},
        relative=frozenset(_words(str(c)) for c in data.get("relative_complements", ())),
        stops=frozenset(fold(str(w)) for w in data.get("role_stops", ())),
        function_words=frozenset(fold(str(w)) for w in data.get("function_words", ())),
    )


@dataclass(frozen=True, slots=True)
class _Role:
    start: int  # offsets in the line
    end: int
    head: str  # the office, synonyms folded: "president"
    key: str  # the office with its qualifiers: "president kazakh"
    bare: bool  # no qualifier that tells which person
    genitive: bool  # "du colonel": the complement of another noun ("le fils du colonel")
    whole: bool  # the description was read to its end


def find_roles(text: str, lines: Sequence[Line], names: Sequence[Mention],
               lex: EntityLexicon, roles: RoleLexicon) -> tuple[Mention, ...]:
    """Reads an article's text, its lines and its name mentions; produces its role
    mentions (kind PER, `role` set), with `key` the tied person's key when the article
    resolves them (apposition, last person of that office, same qualified role)."""
    if not roles.roles:
        return ()
    people = sorted((m for m in names if m.kind in (Kind.PER, Kind.MISC) and not m.role),
                    key=lambda m: m.span.start)
    found: list[tuple[int, Span, _Role, str]] = []  # body line, span, role, apposition key
    body = [line for line in lines if line.label.is_body and line.span.end > line.span.start]
    for number, line in enumerate(body):
        line_text = line.span.of(text).translate(SAME_LENGTH)
        offset = line.span.start
        for role in _line_roles(line_text, roles):
            span = Span(offset + role.start, offset + role.end)
            if any(m.span.start < span.end and span.start < m.span.end and m.kind is not Kind.PER
                   for m in names):
                continue  # a word of an organisation's or a place's name
            named = _apposition(text, span, people, roles, comma=not role.genitive)
            if not named and (not role.whole or (re.match(r" \w", line_text[role.end:])
                                                 and line_text[role.end + 1].isupper())):
                # a description read in part, or the office of a name the recogniser
                # missed ("le prince Khalifa"): which person is unknown
                continue
            found.append((number, span, role, named))
    by_key: dict[str, str] = {}
    for _, _, role, named in found:
        if named and not role.bare:
            by_key.setdefault(role.key, named)
    last: dict[str, tuple[str, int]] = {}  # head -> (key, line) of its last holder named
    mentions = []
    for number, span, role, named in found:
        key = named or by_key.get(role.key, "")
        if not key and role.bare and role.head in last:
            # the last holder of the office, if named in this paragraph or a close one
            held_by, seen_at = last[role.head]
            key = held_by if number - seen_at <= _RECENT_LINES else ""
        if key:
            last[role.head] = (key, number)
        mentions.append(Mention(span=span, text=span.of(text), kind=Kind.PER, key=key,
                                role=role.key))
    return tuple(mentions)


def _line_roles(line: str, lex: RoleLexicon) -> list[_Role]:
    tokens = list(_TOKEN.finditer(line))
    folded = [fold(t.group()) for t in tokens]
    found: list[_Role] = []
    i = 0
    while i < len(tokens):
        role = next((r for r in lex.roles if tuple(folded[i:i + len(r)]) == r
                     and _joined(line, tokens, i, len(r))), None)
        det = _determiner(line, tokens, folded, i, lex) if role else None
        if role is None or (det is None and not line[:tokens[i].start()].rstrip().endswith(",")):
            i += 1
            continue
        j = i + len(role)
        qualifiers: list[str] = []
        complements = 0
        # qualifiers: adjectives ("kazakh") and at most two complements ("du ministère des
        # Affaires étrangères"), each possibly followed by adjectives
        while j < len(tokens) and len(qualifiers) < 8 and _gap(line, tokens, j) == " ":
            if folded[j] in lex.stops:  # "le président a …" ("à" folds to "a" too)
                break
            complement = _complement(line, tokens, folded, j, lex) if complements < 2 else 0
            if complement:
                qualifiers.extend(folded[j:complement])
                j, complements = complement, complements + 1
                continue
            if not _qualifier(tokens[j].group(), lex):
                break
            qualifiers.append(folded[j])
            j += 1
        after = line[tokens[j - 1].end():]
        if re.match(r"-\w", after):
            i = j  # "président-fondateur", "ministre-conseiller": another office
            continue
        head = " ".join(role)
        head = lex.synonyms.get(head, head)
        bare = not qualifiers or tuple(qualifiers) in lex.relative
        key = head if bare else " ".join((*role, *qualifiers))
        # a description that goes on ("chargé de la communauté …") was not read whole
        whole = not (j < len(tokens) and _gap(line, tokens, j) == " "
                     and tokens[j].group().islower() and folded[j] in lex.function_words
                     and folded[j] not in lex.stops)
        found.append(_Role(tokens[i].start(), tokens[j - 1].end(), head, key, bare,
                           det in lex.genitive, whole))
        i = j
    return found


def _qualifier(word: str, lex: RoleLexicon) -> bool:
    """A lower-case word that may qualify an office ("kazakh", "russe", "sortant")."""
    folded = fold(word)
    return (word.isalpha() and word.islower() and len(word) > 2
            and folded not in lex.stops and folded not in lex.function_words)


def _gap(line: str, tokens: Sequence[re.Match[str]], j: int) -> str:
    """The text between token j-1 and token j ('' after an elided article)."""
    return line[tokens[j - 1].end():tokens[j].start()]


def _joined(line: str, tokens: Sequence[re.Match[str]], i: int, size: int) -> bool:
    """Tokens i..i+size-1 written as one phrase (spaces, hyphens, elisions only)."""
    return all(_gap(line, tokens, k) in ("", " ", "-") for k in range(i + 1, i + size))


def _determiner(line: str, tokens: Sequence[re.Match[str]], folded: Sequence[str], i: int,
                lex: RoleLexicon) -> tuple[str, ...] | None:
    """The definite determiner right before token i ("le", "du", "de l'"), if any."""
    for det in lex.determiners:
        k = i - len(det)
        if k >= 0 and tuple(folded[k:i]) == det and _joined(line, tokens, k, len(det) + 1):
            return det
    return None


def _complement(line: str, tokens: Sequence[re.Match[str]], folded: Sequence[str], j: int,
                lex: RoleLexicon) -> int:
    """End token index of "de la Défense", "du Kazakhstan", "de l'État" starting at j, or 0."""
    k = j
    while (k < len(tokens) and folded[k] in lex.function_words and k - j < 2
           and tokens[k].group().islower()):  # "De Gaulle" is a name
        k += 1
    if k == j or k >= len(tokens) or not _joined(line, tokens, j, k - j + 1):
        return 0
    word = tokens[k].group()
    if not word.isalpha() or folded[k] in lex.stops or folded[k] in lex.function_words:
        return 0
    return k + 1


def _apposition(text: str, span: Span, people: Sequence[Mention], lex: RoleLexicon,
                comma: bool) -> str:
    """The key of the person named right next to the role: "le président X", "le président,
    X," (with `comma`: not after "le fils du colonel, X"), "X, président …",
    "X, le président …" — or ''."""
    for m in people:
        if m.span.start >= span.end:
            if text[span.end:m.span.start].translate(SAME_LENGTH) in ((" ", ", ") if comma
                                                                      else (" ",)):
                return m.key
            break
    for m in reversed(people):
        if m.span.end <= span.start:
            gap = text[m.span.end:span.start].translate(SAME_LENGTH)
            if gap.startswith(", ") and (gap == ", " or _words(gap) in lex.determiners):
                return m.key
            break
    return ""


# -- the story --------------------------------------------------------------------------


def attach_roles(entities: Sequence[Entity], mentions: Sequence[tuple[str, Mention]],
                 roles: RoleLexicon) -> tuple[Entity, ...]:
    """Reads a story's entities (built from its name mentions) and all its (article,
    mention) pairs; produces the entities with the role mentions that resolve to exactly
    one person added to their mentions, and the evidence of each link in `merged_by`."""
    at: dict[tuple[str, Span], int] = {
        (c.article, c.span): i for i, e in enumerate(entities) for c in e.mentions}
    in_article: dict[tuple[str, str], set[int]] = defaultdict(set)
    in_story: dict[str, set[int]] = defaultdict(set)
    for article, m in mentions:
        found = at.get((article, m.span))
        if not m.role and found is not None and entities[found].kind is Kind.PER:
            in_article[(article, m.key)].add(found)
            in_story[m.key].add(found)

    def person(article: str, key: str) -> int | None:
        for options in (in_article.get((article, key)), in_story.get(key)):
            if options:
                return next(iter(options)) if len(options) == 1 else None
        return None

    role_mentions = [(a, m) for a, m in mentions if m.role]
    linked: dict[int, list[tuple[str, Mention]]] = defaultdict(list)
    evidence: dict[int, list[str]] = defaultdict(list)
    by_role: dict[str, set[int]] = defaultdict(set)
    by_head: dict[str, set[int]] = defaultdict(set)
    pending = []
    for article, m in role_mentions:
        who = person(article, m.key) if m.key else None
        if who is None:
            pending.append((article, m))
            continue
        linked[who].append((article, m))
        by_role[m.role].add(who)
        by_head[_head(m.role, roles)].add(who)
        evidence[who].append(f"role {_plain(m.text)} (named in the article)")
    for article, m in pending:
        options = by_role.get(m.role) or set()
        if len(options) != 1 and m.role == _head(m.role, roles):
            options = by_head.get(m.role) or set()  # a bare office: one holder in the story
        if len(options) == 1:
            who = next(iter(options))
            linked[who].append((article, m))
            evidence[who].append(f"role {_plain(m.text)} (one holder in the story)")
    result = []
    for i, entity in enumerate(entities):
        if i not in linked:
            result.append(entity)
            continue
        citations = sorted({*entity.mentions, *(Citation(a, m.span) for a, m in linked[i])},
                           key=lambda c: (c.article, c.span.start, c.span.end))
        result.append(replace(entity, mentions=tuple(citations),
                              merged_by=tuple(dict.fromkeys((*entity.merged_by, *evidence[i])))))
    result.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return tuple(result)


def _head(role_key: str, roles: RoleLexicon) -> str:
    """The office of a folded role key ("president kazakh" -> "president")."""
    words = tuple(role_key.split())
    for role in roles.roles:
        if words[:len(role)] == role:
            head = " ".join(role)
            return roles.synonyms.get(head, head)
    return role_key


def _plain(surface: str) -> str:
    return " ".join(surface.split()).casefold()
