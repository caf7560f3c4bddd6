"""Summary: an extractive summary of a story whose every sentence cites its sources.

Candidate sentences are the sentences of the articles' content lines.  Each is scored by
its centrality (TF-IDF cosine of lemmas with the sentences of the *other* articles), by
corroboration (how many independent origins have a sentence close to it) and by its
position in its article (news puts the essential first); sentences that lean on a
previous one ("Il a ajouté…") are ranked down.  Maximal marginal relevance then picks
5–10 sentences without repeating one another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from .clean import fold, sentence_text
from .group import content_lemmas
from .langdata import available_languages, load_toml
from .model import AnnotatedArticle, Citation, LineLabel, Span, SummarySentence, Support
from .settings import SummarySettings

_MIN_CHARS = 40
_MAX_CHARS = 500


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence of one article considered for the summary."""

    article: str
    span: Span
    text: str
    position: int  # rank of the sentence in its article, 0 first
    lemmas: tuple[str, ...]


@cache
def weak_starts(lang: str) -> tuple[str, ...]:
    if lang not in available_languages():
        return ()
    return tuple(fold(w) for w in load_toml(lang, "summary").get("weak_starts", ()))


def summary_candidates(
    articles: Sequence[AnnotatedArticle], per_article: int, limit: int
) -> list[Candidate]:
    """The sentences of the content lines of every article, in article order: at most
    `per_article` from each (the first ones: news puts the essential first) and at most
    `limit` in all (the earliest positions across articles), so that the similarity
    matrix stays bounded however long the articles or large the story."""
    found: list[Candidate] = []
    for annotated in articles:
        labels = {line.n: line.label for line in annotated.lines}
        position = 0
        for sentence in annotated.sentences:
            if labels.get(sentence.line) is not LineLabel.CONTENT:
                continue
            surface = sentence_text(annotated.article.text, sentence)
            if _MIN_CHARS <= len(surface) <= _MAX_CHARS:
                lemmas = tuple(content_lemmas(surface, annotated.language))
                if lemmas:
                    found.append(Candidate(annotated.id, sentence.span, surface, position, lemmas))
            position += 1
            if position >= per_article:
                break
    if len(found) > limit:
        kept = set(sorted(range(len(found)), key=lambda i: (found[i].position, i))[:limit])
        found = [c for i, c in enumerate(found) if i in kept]
    return found


def similarity_matrix(candidates: Sequence[Candidate]) -> NDArray[np.float64]:
    """Cosine similarity of the candidates' TF-IDF lemma vectors."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not candidates:
        return np.zeros((0, 0))
    vectorizer = TfidfVectorizer(analyzer=lambda lemmas: lemmas, sublinear_tf=True)
    matrix = vectorizer.fit_transform([c.lemmas for c in candidates])
    return np.asarray((matrix @ matrix.T).toarray(), dtype=np.float64)


def summarize(
    articles: Sequence[AnnotatedArticle],
    origin_of: Mapping[str, str],
    settings: SummarySettings,
) -> tuple[SummarySentence, ...]:
    """Reads a story's articles and the origin of each, produces its cited summary."""
    candidates = summary_candidates(articles, settings.per_article, settings.max_candidates)
    if not candidates:
        return ()
    sims = similarity_matrix(candidates)
    language = {a.id: a.language for a in articles}
    n = len(candidates)
    index = {a.id: k for k, a in enumerate(articles)}
    owner = np.array([index[c.article] for c in candidates])
    other = owner[:, None] != owner[None, :]
    centrality = np.where(other, sims, 0.0).sum(axis=1) / max(1, len(articles) - 1)
    close = (sims >= settings.support_threshold) & other
    supporters = [
        {candidates[i].article} | {articles[k].id for k in np.unique(owner[close[i]])} for i in range(n)
    ]
    origins = np.array([len({origin_of.get(a, a) for a in s}) for s in supporters], dtype=np.float64)
    relevance = (
        _normalise(centrality)
        + _normalise(origins)
        + np.array([1.0 / (1.0 + c.position) for c in candidates]) * 0.5
        - np.array([0.5 if _leans_back(c, language[c.article]) else 0.0 for c in candidates])
    )
    chosen = _mmr(relevance, sims, settings)
    out = []
    for i in chosen:
        backing = supporters[i]
        citations = [Citation(candidates[i].article, candidates[i].span)]
        for article in sorted(backing - {candidates[i].article}):
            rows = np.flatnonzero(owner == index[article])
            j = int(rows[np.argmax(sims[i, rows])])
            citations.append(Citation(article, candidates[j].span))
        support = Support(articles=len(backing), origins=len({origin_of.get(a, a) for a in backing}))
        out.append(SummarySentence(candidates[i].text, tuple(citations), support))
    return tuple(out)


def _normalise(values: NDArray[np.float64]) -> NDArray[np.float64]:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values


def _leans_back(candidate: Candidate, lang: str) -> bool:
    head = fold(candidate.text[:40])
    return any(head == w or head.startswith((w + " ", w + "'", w + "’", w + ",")) for w in weak_starts(lang))


def _mmr(relevance: NDArray[np.float64], sims: NDArray[np.float64], settings: SummarySettings) -> list[int]:
    chosen: list[int] = []
    left = set(range(len(relevance)))
    top = float(relevance.max()) if relevance.size else 0.0
    while left and len(chosen) < settings.max_sentences:
        def gain(i: int) -> float:
            redundancy = max((float(sims[i, j]) for j in chosen), default=0.0)
            return settings.mmr_lambda * float(relevance[i]) - (1 - settings.mmr_lambda) * redundancy

        best = max(sorted(left), key=gain)
        if len(chosen) >= settings.min_sentences and float(relevance[best]) < 0.5 * top:
            break
        if max((float(sims[best, j]) for j in chosen), default=0.0) > 0.8:
            left.discard(best)  # a near-repeat of a chosen sentence
            continue
        chosen.append(best)
        left.discard(best)
    return chosen
