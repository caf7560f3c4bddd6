"""Copies: near-duplicate and syndicated copies of one text (MinHash, LSH).

Five outlets re-running one agency dispatch are one origin, whatever their page around
it.  An article's *fingerprint* is the MinHash (datasketch) of the word shingles of its
body lines, folded (case, accents, punctuation ignored), so that the navigation, promos
and comments of each outlet's page do not count.  Fingerprints are cut into LSH bands:
two articles that share a band are candidates, and a candidate is a copy when the
estimated Jaccard similarity of their shingles reaches the threshold.  The bands are
plain integers, so a store can index them like any other key: finding the copies of a new
article costs a few index lookups, whatever the size of the store.

The MinHash parameters are part of the stored index: changing them means regrouping.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash

from .clean import fold
from .model import AnnotatedArticle

NUM_PERM = 64
BANDS = 16  # x 4 rows: two texts of Jaccard 0.5 share a band with probability 0.65,
ROWS = NUM_PERM // BANDS  # of 0.7 with 0.99, of 0.3 with 0.12 (1 - (1 - J^4)^16)
SHINGLE = 5  # words per shingle
MIN_SHINGLES = 20  # shorter bodies have no fingerprint: too little text to call a copy
_SEED = 1
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The MinHash of an article's body and its LSH band keys."""

    article: str
    hashvalues: np.ndarray  # NUM_PERM unsigned 32-bit values
    bands: tuple[int, ...]  # BANDS signed 64-bit keys

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()

    def jaccard(self, other: Fingerprint) -> float:
        """The estimated Jaccard similarity of the two articles' shingles."""
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM


@cache
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=_SEED)


def shingles(text: str) -> set[bytes]:
    """The folded word `SHINGLE`-grams of `text`, as bytes."""
    words = _WORD.findall(fold(text))
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def band_keys(hashvalues: np.ndarray) -> tuple[int, ...]:
    """The LSH band keys of a MinHash: each band's rows hashed with the band's number."""
    keys = []
    for band in range(BANDS):
        rows = hashvalues[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def fingerprint(annotated: AnnotatedArticle) -> Fingerprint | None:
    """Reads an annotated article, produces the fingerprint of its body lines (None when
    the body is too short to tell a copy from a shared phrase)."""
    text = annotated.article.text
    found: set[bytes] = set()
    for line in annotated.body_lines():
        found |= shingles(line.span.of(text))
    if len(found) < MIN_SHINGLES:
        return None
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=template.permutations,
                      scheme=template.scheme)
    minhash.update_batch(sorted(found))
    values = np.asarray(minhash.hashvalues, dtype=np.uint32)
    return Fingerprint(annotated.id, values, band_keys(values))


def from_bytes(article: str, data: bytes) -> Fingerprint:
    """A fingerprint as `Fingerprint.to_bytes` stored it."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return Fingerprint(article, values, band_keys(values))


def best_copy(new: Fingerprint, candidates: Iterable[Fingerprint], threshold: float) -> tuple[str, float] | None:
    """The candidate the new article copies most closely, with its estimated Jaccard
    similarity, when it reaches `threshold`; ties go to the smallest id."""
    best: tuple[str, float] | None = None
    for other in candidates:
        if other.article == new.article:
            continue
        score = new.jaccard(other)
        if score >= threshold and (best is None or (score, best[0]) > (best[1], other.article)):
            best = (other.article, score)
    return best


def copy_groups(articles: Sequence[AnnotatedArticle], threshold: float) -> dict[str, str]:
    """Reads the articles of one story, produces article id -> the id of its copy group
    (the smallest id of the articles linked to it by copies, itself when it has none).
    Candidates come from shared bands, so the cost grows with the copies, not with the
    square of the story."""
    prints = {a.id: f for a in articles if (f := fingerprint(a)) is not None}
    by_band: dict[int, list[str]] = {}
    for article, found in prints.items():
        for key in found.bands:
            by_band.setdefault(key, []).append(article)
    parent = {a.id: a.id for a in articles}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for article, found in prints.items():
        candidates = {other for key in found.bands for other in by_band[key] if other < article}
        for other in candidates:
            if found.jaccard(prints[other]) >= threshold:
                a, b = root(article), root(other)
                parent[max(a, b)] = min(a, b)
    return {article: root(article) for article in parent}


def origin_groups(origin_of: Mapping[str, str], copies: Mapping[str, str]) -> dict[str, str]:
    """Article id -> the key of its independent origin: articles citing the same origin
    and articles that copy one another are one origin (transitively)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for article, origin in origin_of.items():
        union("article:" + article, origin)
        union("article:" + article, "copy:" + copies.get(article, article))
    return {article: root("article:" + article) for article in origin_of}
