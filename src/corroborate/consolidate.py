"""Consolidate: merge the per-article annotations of a story into its dossier.

Entities are clustered over the story (every spelling one entity); quotes get their
speaker entity and the quotes of other articles that state the same thing; claims are
grouped by what they measure and judged (agree / discrepancy / update / single); dated
sentences become timeline entries, one per event however many articles report it; the
summary is chosen by `summary.summarize`.  Each fact keeps its citations.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .clean import content_words, sentence_text
from .copies import copy_groups, origin_groups
from .entities import cluster_entities, entity_lexicon
from .figures import figure_lexicon, judge_claims
from .group import content_lemmas
from .model import (
    AnnotatedArticle,
    Brief,
    Citation,
    ClaimRef,
    Entity,
    Figure,
    Kind,
    LineLabel,
    QuoteRef,
    Story,
    TimelineEntry,
    TimeRef,
    content_id,
)
from .roles import attach_roles, role_lexicon
from .settings import Settings
from .sources import origin_key
from .statements import link_statements, statement
from .summary import summarize

_VERDICT_ORDER = {"discrepancy": 0, "update": 1, "agree": 2, "single": 3}


def build_brief(story_id: str, articles: Sequence[AnnotatedArticle], settings: Settings) -> Brief:
    """Reads the annotated articles of one story, produces its dossier."""
    articles = sorted(articles, key=lambda a: (a.published.value if a.published else "9999", a.id))
    language = story_language(articles)
    mentions = [(a.id, m) for a in articles for m in a.mentions]
    entities = attach_roles(cluster_entities(mentions, entity_lexicon(language)), mentions,
                            role_lexicon(language))
    groups_of_copies = copy_groups(articles, settings.group.copy_threshold)
    origin_of = origin_groups({a.id: origin_key(a) for a in articles}, groups_of_copies)
    groups: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        groups[origin_of[a.id]].append(a.id)
    summary = summarize(articles, origin_of, settings.summary)
    return Brief(
        story=Story(story_id, tuple(a.id for a in articles)),
        title=story_title(articles, summary[0].sentence if summary else None),
        articles=tuple(articles),
        entities=entities,
        times=tuple(TimeRef(a.id, t) for a in articles for t in a.times),
        quotes=consolidate_quotes(articles, entities, settings.quotes.same_statement_ratio),
        figures=consolidate_figures(articles),
        timeline=build_timeline(articles, settings.timeline.same_event_threshold, settings.timeline.background_days),
        summary=summary,
        origins=tuple(tuple(ids) for ids in groups.values()),
        copies={a: first for a, first in groups_of_copies.items() if first != a},
    )


def story_language(articles: Sequence[AnnotatedArticle]) -> str:
    """The most common language of the story's articles."""
    counts = Counter(a.language for a in articles)
    return counts.most_common(1)[0][0] if counts else "und"


def story_title(articles: Sequence[AnnotatedArticle], fallback: str | None) -> str:
    """The article title that shares most words with the rest of the story."""
    titles = [a.title for a in articles if a.title]
    if not titles:
        return _shorten(fallback or "Untitled story")
    vocabulary: Counter[str] = Counter()
    for a in articles:
        for line in a.body_lines():
            vocabulary.update(content_words(line.span.of(a.article.text)))

    def score(title: str) -> float:
        words = content_words(title)
        return sum(vocabulary[w] for w in words) / (1 + len(words)) if words else 0.0

    return max(titles, key=lambda t: (score(t), -len(t)))


def _shorten(sentence: str, limit: int = 120) -> str:
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def consolidate_quotes(
    articles: Sequence[AnnotatedArticle], entities: Sequence[Entity], same_ratio: int
) -> tuple[QuoteRef, ...]:
    """The story's quotes with their speaker entity (a person or an organisation) and
    the quotes of other articles that state the same thing."""
    speakers = [e for e in entities if e.kind in (Kind.PER, Kind.ORG)]
    entity_at = {(c.article, c.span): e.id for e in speakers for c in e.mentions}
    entity_by_key: dict[str, str] = {}
    for a in articles:
        for m in a.mentions:
            found = entity_at.get((a.id, m.span))
            if found and m.key:
                entity_by_key.setdefault(m.key, found)
    drafts = []
    for a in articles:
        mention_spans = [m.span for m in a.mentions if (a.id, m.span) in entity_at]
        for q in a.quotes:
            speaker = None
            if q.speaker_span is not None:
                inside = [span for span in mention_spans if q.speaker_span.contains(span)]
                speaker = entity_at[(a.id, inside[0])] if inside else None
            if speaker is None and q.speaker_key:
                speaker = entity_by_key.get(q.speaker_key)
            qid = content_id("q", a.id, str(q.span.start), str(q.span.end))
            drafts.append((qid, a.id, q, speaker, statement(qid, a.id, speaker, q.text, a.language)))
    same = link_statements([d[4] for d in drafts], same_ratio / 100)
    return tuple(QuoteRef(qid, article, quote, speaker, same[qid]) for qid, article, quote, speaker, _ in drafts)


def consolidate_figures(articles: Sequence[AnnotatedArticle]) -> tuple[Figure, ...]:
    """Claims grouped by measure, each group with its verdict; disagreements first.

    Unit measures (money, durations, percentages) say *how* something is counted, not
    *what*: two percentages of a story are rarely of the same thing, so they are not
    grouped nor judged here (they stay in the articles' claims)."""
    by_measure: dict[str, list[ClaimRef]] = defaultdict(list)
    for a in articles:
        units = figure_lexicon(a.language).units
        for claim in a.claims:
            if claim.measure and claim.measure not in units:
                by_measure[claim.measure].append(ClaimRef(a.id, claim))
    figures = [
        Figure(measure, judge_claims([r.claim for r in refs]), tuple(refs)) for measure, refs in by_measure.items()
    ]
    figures.sort(key=lambda f: (_VERDICT_ORDER.get(f.verdict, 9), -len(f.claims), f.measure))
    return tuple(figures)


def build_timeline(
    articles: Sequence[AnnotatedArticle], same_event: float, background_days: int
) -> tuple[TimelineEntry, ...]:
    """Dated sentences as events: one entry per event, with every article reporting it.

    A report is a body sentence holding a time expression resolved to a day; the reports
    of one day are clustered into events (`_cluster_reports`: average-linkage over the
    overlap of their content lemmas, `same_event` the least similarity within an event).
    A piece of sentence cut off by a line break of the source (it starts in lower case)
    is no event a reader can use and is left out.  Entries are sorted by date, the events
    of one day by how many articles report them."""
    starts = [a.published.value for a in articles if a.published and len(a.published.value) == 10]
    story_start = date.fromisoformat(min(starts)) if starts else None
    events: dict[str, list[_Report]] = defaultdict(list)
    for a in articles:
        labels = {line.n: line.label for line in a.lines}
        sentence_starts = [s.span.start for s in a.sentences]
        for expr in a.times:
            if not expr.value or len(expr.value) != 10:
                continue
            at = bisect_right(sentence_starts, expr.span.start) - 1
            sentence = a.sentences[at] if at >= 0 and a.sentences[at].span.contains(expr.span) else None
            if sentence is None or labels.get(sentence.line) is not LineLabel.CONTENT:
                continue
            text = sentence_text(a.article.text, sentence)
            if is_fragment(text):
                continue
            citation = Citation(a.id, sentence.span)
            bucket = events[expr.value]
            if any(r.citation == citation for r in bucket):
                continue
            bucket.append(_Report(text, citation, frozenset(content_lemmas(text, a.language)), expr.kind == "date"))
    entries = []
    for day, reports in sorted(events.items()):
        background = story_start is not None and date.fromisoformat(day) < story_start - timedelta(days=background_days)
        clusters = _cluster_reports(reports, same_event)
        clusters.sort(key=lambda c: -len({r.citation.article for r in c}))
        for cluster in clusters:
            entries.append(TimelineEntry(day, _central(cluster).text, tuple(r.citation for r in cluster), background))
    return tuple(entries)


def is_fragment(sentence: str) -> bool:
    """True when a sentence starts with a lower-case letter (after any punctuation; a digit
    is a start): the tail of a sentence the source cut with a line break, not a statement
    of its own."""
    first = next((ch for ch in sentence if ch.isalnum()), "")
    return first.islower()


def select_timeline(
    entries: Sequence[TimelineEntry],
    n_dates: int,
    per_date: int,
    first: str | None = None,
    last: str | None = None,
) -> tuple[TimelineEntry, ...]:
    """Reads a story's timeline entries; produces a short timeline of at most `n_dates`
    dates (within `first`..`last`, ISO, when given) and `per_date` entries each, in date
    order.

    A date is ranked by how many articles report something on it: a day many outlets
    write about is a key day of the story, one sentence dating something in passing is
    not; among dates reported equally often the earlier comes first (a story's opening
    days are its context).  Within a date, events reported by more articles come first.
    (On ML-Crisis this plain count beat counting sentences, explicit dates only,
    retrospective mentions, neighbouring days and date spreading: bench/timeline_eval.py.)"""
    by_day: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in entries:
        if (first is None or entry.date >= first) and (last is None or entry.date <= last):
            by_day[entry.date].append(entry)

    def reporters(day: str) -> int:
        return len({c.article for e in by_day[day] for c in e.citations})

    days = sorted(by_day, key=lambda d: (-reporters(d), d))[:max(0, n_dates)]
    chosen: list[TimelineEntry] = []
    for day in sorted(days):
        ranked = sorted(by_day[day], key=lambda e: -len({c.article for c in e.citations}))
        chosen += ranked[:max(0, per_date)]
    return tuple(chosen)


@dataclass(frozen=True, slots=True)
class _Report:
    """A dated sentence of one article: its text, where it is, its content lemmas."""

    text: str
    citation: Citation
    words: frozenset[str]
    explicit: bool  # the day is written out ("le 7 janvier"), not implied ("mardi")


# The reports of one day clustered together at most (beyond, the rest join the nearest
# cluster one by one): the similarity matrix is this number squared.
_MAX_CLUSTERED = 1500


def event_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient of two sets of content lemmas — shared lemmas over the smaller
    set, so that a short sentence ("les manifestations ont commencé le 2 janvier") is the
    same event as a long one that adds details — and 0 under two shared lemmas."""
    shared = len(a & b)
    return shared / min(len(a), len(b)) if shared >= 2 else 0.0


def _cluster_reports(reports: Sequence[_Report], threshold: float) -> list[list[_Report]]:
    """Reads the reports of one day, produces them clustered into events: average-linkage
    agglomeration (independent of the order of the articles) cut where the mean
    similarity between two clusters falls under `threshold`."""
    head, tail = list(reports[:_MAX_CLUSTERED]), reports[_MAX_CLUSTERED:]
    if len(head) < 2:
        clusters = [head] if head else []
    else:
        import numpy as np
        from sklearn.cluster import AgglomerativeClustering

        distance = np.ones((len(head), len(head)))
        for i, a in enumerate(head):
            distance[i, i] = 0.0
            for j in range(i + 1, len(head)):
                distance[i, j] = distance[j, i] = 1.0 - event_similarity(a.words, head[j].words)
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold
        ).fit_predict(distance)
        grouped: dict[int, list[_Report]] = {}
        for label, report in zip(labels, head, strict=True):
            grouped.setdefault(int(label), []).append(report)
        clusters = list(grouped.values())
    for report in tail:
        scored = [(_mean_similarity(report, c), c) for c in clusters]
        best = max(scored, key=lambda sc: sc[0], default=None)
        if best is not None and best[0] >= threshold:
            best[1].append(report)
        else:
            clusters.append([report])
    return clusters


def _mean_similarity(report: _Report, cluster: Sequence[_Report]) -> float:
    return sum(event_similarity(report.words, other.words) for other in cluster) / len(cluster)


def _central(cluster: Sequence[_Report]) -> _Report:
    """The report that says what the others say: the most similar to the rest of its
    cluster; among equals one that writes its date out, then the longest."""
    return max(cluster, key=lambda r: (_mean_similarity(r, cluster), r.explicit, len(r.text)))
