"""The dossier as JSON: the public contract of `../shared/OUTPUT.md`.

`dossier_to_dict` is the only place that maps records to the documented keys; the
Markdown, HTML and terminal renderers read its output, so every view shows the same
facts.  Keys beyond the contract are additions (line text, titles, merge evidence…).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .. import __version__
from ..model import AnnotatedArticle, Brief, Citation, Dateline, Evidence, LineLabel
from ..store import InputRow


def _citation(citation: Citation, texts: Mapping[str, str]) -> dict[str, Any]:
    return {
        "article": citation.article,
        "start": citation.span.start,
        "end": citation.span.end,
        "text": citation.span.of(texts[citation.article]),
    }


def _number(value: float | None) -> float | int | None:
    """Whole numbers as integers (2300, not 2300.0)."""
    return int(value) if value is not None and float(value).is_integer() else value


def _evidence(evidence: Evidence | None, text: str) -> dict[str, Any] | None:
    if evidence is None:
        return None
    span = evidence.span
    return {
        "value": evidence.value,
        "how": evidence.how,
        "start": span.start if span else None,
        "end": span.end if span else None,
        "text": span.of(text) if span else None,
    }


def _dateline(dateline: Dateline | None, text: str) -> dict[str, Any] | None:
    if dateline is None:
        return None
    return {
        "start": dateline.span.start,
        "end": dateline.span.end,
        "text": dateline.span.of(text),
        "place": dateline.place,
        "day": dateline.day,
        "date": dateline.date_text,
        "agency": dateline.agency,
    }


def _article(a: AnnotatedArticle, copy_of: str | None = None) -> dict[str, Any]:
    text = a.article.text
    evidence = None
    if a.published is not None:
        span = a.published.evidence
        evidence = {
            "start": span.start if span else None,
            "end": span.end if span else None,
            "text": span.of(text) if span else None,
            "how": a.published.how,
        }
    return {
        "id": a.id,
        "source": a.article.source,
        "title": a.title,
        "url": a.article.url,
        "outlet": a.outlet,
        "language": a.language,
        "published": a.published.value if a.published else None,
        "published_evidence": evidence,
        "title_evidence": _evidence(a.title_evidence, text),
        "outlet_evidence": _evidence(a.outlet_evidence, text),
        "dateline": _dateline(a.dateline, text),
        "machine_translated": a.machine_translated,
        "copy_of": copy_of,
        "origins": [
            {"name": o.name, "start": o.span.start, "end": o.span.end, "text": o.span.of(text)}
            for o in a.origins
        ],
        "removed": sum(
            1 for line in a.lines if not line.label.is_body and line.label is not LineLabel.BLANK
        ),
        "lines": [
            {
                "n": line.n,
                "start": line.span.start,
                "end": line.span.end,
                "label": line.label.value,
                "text": line.span.of(text),
                "reason": line.reason,
            }
            for line in a.lines
        ],
    }


def story_dates(brief: Brief) -> tuple[str | None, str | None]:
    dates = sorted(a.published.value for a in brief.articles if a.published)
    return (dates[0], dates[-1]) if dates else (None, None)


def story_languages(articles: Sequence[AnnotatedArticle]) -> list[str]:
    return sorted({a.language for a in articles})


def dossier_to_dict(brief: Brief) -> dict[str, Any]:
    """The story file of the contract (`stories/<id>.json`) for one dossier."""
    texts = {a.id: a.article.text for a in brief.articles}
    names = {e.id: e.name for e in brief.entities}
    first, last = story_dates(brief)
    return {
        "story": {
            "id": brief.story.id,
            "title": brief.title,
            "languages": story_languages(brief.articles),
            "first_date": first,
            "last_date": last,
        },
        "articles": [_article(a, brief.copies.get(a.id)) for a in brief.articles],
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "kind": e.kind.value,
                "variants": list(e.variants),
                "mentions": [_citation(c, texts) for c in e.mentions],
                "merged_by": list(e.merged_by),
            }
            for e in brief.entities
        ],
        "time_expressions": [
            {
                "article": t.article,
                "start": t.expr.span.start,
                "end": t.expr.span.end,
                "text": t.expr.text,
                "value": t.expr.value,
                "anchor": t.expr.anchor,
                "kind": t.expr.kind,
            }
            for t in brief.times
        ],
        "quotes": [
            {
                "id": q.id,
                "article": q.article,
                "start": q.quote.span.start,
                "end": q.quote.span.end,
                "text": q.quote.text,
                "speaker": q.speaker,
                "speaker_name": names.get(q.speaker) if q.speaker else None,
                "speaker_text": q.quote.speaker_text,
                "cue": q.quote.cue,
                "same_statement_as": list(q.same_statement_as),
            }
            for q in brief.quotes
        ],
        "figures": [
            {
                "measure": f.measure,
                "verdict": f.verdict,
                "claims": [
                    {
                        "article": r.article,
                        "start": r.claim.span.start,
                        "end": r.claim.span.end,
                        "text": r.claim.text,
                        "value": _number(r.claim.value),
                        "min": _number(r.claim.min),
                        "max": _number(r.claim.max),
                        "qualifier": r.claim.qualifier,
                        "noun": r.claim.noun,
                        "measure": r.claim.measure,
                        "as_of": r.claim.as_of,
                    }
                    for r in f.claims
                ],
            }
            for f in brief.figures
        ],
        "timeline": [
            {
                "date": entry.date,
                "event": entry.event,
                "background": entry.background,
                "citations": [_citation(c, texts) for c in entry.citations],
            }
            for entry in brief.timeline
        ],
        "summary": [
            {
                "sentence": s.sentence,
                "citations": [_citation(c, texts) for c in s.citations],
                "support": {"articles": s.support.articles, "origins": s.support.origins},
            }
            for s in brief.summary
        ],
        "origins": [list(ids) for ids in brief.origins],
    }


def story_entry(brief: Brief, file: str) -> dict[str, Any]:
    """The entry of one story in index.json."""
    first, last = story_dates(brief)
    return {
        "id": brief.story.id,
        "title": brief.title,
        "articles": list(brief.story.articles),
        "languages": story_languages(brief.articles),
        "first_date": first,
        "last_date": last,
        "file": file,
    }


@dataclass(frozen=True, slots=True)
class IndexArticle:
    """What index.json says of a stored article (kept instead of the article itself, so
    that writing the index of a large store holds a few fields per article, no texts)."""

    title: str | None
    outlet: str | None
    language: str | None
    published: str | None


def index_article(a: AnnotatedArticle) -> IndexArticle:
    return IndexArticle(a.title, a.outlet, a.language, a.published.value if a.published else None)


def index_to_dict(
    stories: Sequence[Mapping[str, Any]],
    inputs: Sequence[InputRow],
    articles: Mapping[str, IndexArticle],
    story_of: Mapping[str, str],
    now: datetime | None = None,
) -> dict[str, Any]:
    """index.json: every story, and every input with its status (failures included)."""
    generated = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    entries = []
    for row in inputs:
        a = articles.get(row.article_id) if row.article_id else None
        entries.append(
            {
                "id": row.article_id,
                "source": row.source,
                "title": a.title if a else None,
                "outlet": a.outlet if a else None,
                "language": a.language if a else None,
                "published": a.published if a else None,
                "story": story_of.get(row.article_id) if row.article_id else None,
                "status": row.status,
                "error": row.error,
            }
        )
    return {
        "generated": generated,
        "tool": {"name": "corroborate", "version": __version__},
        "stories": list(stories),
        "articles": entries,
    }


def dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
