"""The same statement reported by several articles: rewordings, excerpts, translations.

Outlets quote one statement in different words ("l'opération antiterroriste est
terminée" / "l'opération anti-terroriste s'est achevée"), cut it differently, or
translate it ("la operación antiterrorista ha terminado").  Two quotes are linked when
most of the *distinctive* content of the shorter one is found in the longer one:

- terms are folded lemmas, spelled by the cross-language folds of
  `data/_common/cognates.toml` ("mission" / "misión" -> "mision") and cut to a short
  prefix, so that inflections and cognates meet ("antiterroriste" / "antiterrorista" ->
  "antit"); numbers are terms of their own and must agree;
- each term weighs by its rarity among the story's quotes (a word every quote of the
  story uses — "contingent", "paix" — says little about which statement it is);
- two quotes whose speakers are both known and differ are never one statement.

Candidates come from an inverted index of the terms, so a story with many quotes is not
compared pair by pair.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from corroborate.group import content_lemmas
from corroborate.langdata import load_toml

_NUMBER = re.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?")
_JOINED = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
PREFIX = 5  # letters kept of a lemma: "antiterroriste" / "antiterrorista" -> "antit"
MIN_TERMS = 3  # a shorter quote says too little to be matched


@dataclass(frozen=True, slots=True)
class Statement:
    """A quote as compared: its id, article, speaker entity (or None) and its terms."""

    id: str
    article: str
    speaker: str | None
    terms: frozenset[str]
    numbers: frozenset[str]


def statement(qid: str, article: str, speaker: str | None, text: str, lang: str) -> Statement:
    """Reads a quote's text, produces the terms it is compared by."""
    numbers = frozenset(re.sub(r"\D", "", n) for n in _NUMBER.findall(text))
    words = _JOINED.sub("", _NUMBER.sub(" ", text))  # "anti-terroriste" = "antiterroriste"
    terms = frozenset(_cognate(lemma)[:PREFIX] for lemma in content_lemmas(words, lang)
                      if lemma.isalpha())
    return Statement(qid, article, speaker, terms, numbers)


@cache
def _folds() -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in load_toml("_common", "cognates").get("folds", ()))


@lru_cache(maxsize=1 << 16)
def _cognate(lemma: str) -> str:
    """A folded lemma spelled the way its cognates in other languages meet it."""
    for a, b in _folds():
        lemma = lemma.replace(a, b)
    return lemma


def link_statements(statements: Sequence[Statement], threshold: float) -> dict[str, tuple[str, ...]]:
    """Reads a story's statements, produces for each id the ids of the statements of
    *other* articles that state the same thing (weighted containment ≥ `threshold`)."""
    df: Counter[str] = Counter(t for s in statements for t in s.terms)
    total = len(statements)
    weight = {t: math.log(1 + total / n) for t, n in df.items()}
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        for term in s.terms:
            index[term].append(i)
    links: dict[str, list[str]] = {s.id: [] for s in statements}
    for i, s in enumerate(statements):
        shared: Counter[int] = Counter(j for term in s.terms for j in index[term] if j > i)
        for j, count in shared.items():
            other = statements[j]
            if count < 2 or other.article == s.article:
                continue
            if _same(s, other, weight, threshold):
                links[s.id].append(other.id)
                links[other.id].append(s.id)
    return {qid: tuple(sorted(found)) for qid, found in links.items()}


def _same(a: Statement, b: Statement, weight: dict[str, float], threshold: float) -> bool:
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return False
    shorter, longer = (a, b) if len(a.terms) <= len(b.terms) else (b, a)
    if len(shorter.terms) < MIN_TERMS:
        return False
    if shorter.numbers and not shorter.numbers <= longer.numbers:
        return False  # "2 000 soldats" is not "3 000 soldats"
    total = sum(weight[t] for t in shorter.terms)
    found = sum(weight[t] for t in shorter.terms & longer.terms)
    return total > 0 and found / total >= threshold
