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
from datetime import date, timedelta

from .clean import content_words
from .copies import copy_groups, origin_groups
from .entities import cluster_entities, entity_lexicon
from .figures import figure_lexicon, judge_claims
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
    """Dated sentences as events: one entry per event, with every article reporting it."""
    starts = [a.published.value for a in articles if a.published and len(a.published.value) == 10]
    story_start = date.fromisoformat(min(starts)) if starts else None
    events: dict[str, list[tuple[str, Citation, frozenset[str]]]] = defaultdict(list)
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
            text = sentence.span.of(a.article.text)
            citation = Citation(a.id, sentence.span)
            words = content_words(text)
            bucket = events[expr.value]
            if any(c == citation for _, c, _ in bucket):
                continue
            bucket.append((text, citation, words))
    entries = []
    for day, reports in sorted(events.items()):
        for cluster in _cluster_reports(reports, same_event):
            event = max(cluster, key=lambda r: len(r[0]))[0]
            background = story_start is not None and date.fromisoformat(day) < story_start - timedelta(days=background_days)
            entries.append(TimelineEntry(day, event, tuple(r[1] for r in cluster), background))
    return tuple(entries)


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


def _cluster_reports(
    reports: list[tuple[str, Citation, frozenset[str]]], threshold: float
) -> list[list[tuple[str, Citation, frozenset[str]]]]:
    clusters: list[list[tuple[str, Citation, frozenset[str]]]] = []
    for report in reports:
        for cluster in clusters:
            if any(_jaccard(report[2], other[2]) >= threshold for other in cluster):
                cluster.append(report)
                break
        else:
            clusters.append([report])
    return clusters


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
