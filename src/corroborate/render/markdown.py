"""Markdown rendering of a story dossier, and the typed view every renderer shares.

The renderers take the dossier as the plain dict of ``stories/<id>.json`` (see OUTPUT.md)
so that they can run on a file written earlier as well as on a fresh pipeline result.
`build_view` reads that dict once, defensively, and turns it into small frozen records
(article numbers for citation markers, claims grouped by value, quotes grouped by speaker,
entities ranked by mentions); the Markdown, HTML and terminal renderers only lay it out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

BODY_LABELS = frozenset({"content", "title", "subheading"})
UNATTRIBUTED = "Unattributed"


# -- the view ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineView:
    """One line of an article with its label; `removed` when it is not article body."""

    n: int
    label: str
    text: str
    removed: bool
    anchor: str
    reason: str  # the rule that chose the label, when the cleaner says
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OriginView:
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article of the story, numbered as its citation marker ``[number]``."""

    number: int
    id: str
    anchor: str
    label: str  # outlet, else title, else source: what a reader recognises
    title: str | None
    outlet: str | None
    source: str
    language: str
    published: str | None
    published_how: str | None
    published_evidence: str | None
    machine_translated: bool
    origins: tuple[OriginView, ...]
    removed: int
    lines: tuple[LineView, ...]


@dataclass(frozen=True, slots=True)
class Marker:
    """A citation marker: the article number, where it links, and the cited text."""

    number: int | None  # None when the article is not part of the dossier
    anchor: str
    line_anchor: str | None
    excerpt: str

    @property
    def label(self) -> str:
        return f"[{self.number if self.number is not None else '?'}]"


@dataclass(frozen=True, slots=True)
class SummaryView:
    sentence: str
    markers: tuple[Marker, ...]
    articles: int
    origins: int

    @property
    def support(self) -> str:
        return f"({_plural(self.articles, 'article')}, {_plural(self.origins, 'origin')})"


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One claim of a figure; `odd` marks a value the other sources do not give."""

    marker: Marker
    text: str
    value: str  # exact value or interval, formatted
    qualifier: str | None
    as_of: str | None
    noun: str | None
    odd: bool


@dataclass(frozen=True, slots=True)
class FigureView:
    measure: str
    verdict: str
    breakdown: str  # "2 000 (2 articles) vs 2 300 (1 article)"
    claims: tuple[ClaimView, ...]

    @property
    def alarming(self) -> bool:
        return self.verdict == "discrepancy"


@dataclass(frozen=True, slots=True)
class EntryView:
    """A timeline entry; `anchor` is its row id in the HTML page."""

    date: str
    event: str
    background: bool
    markers: tuple[Marker, ...]
    anchor: str


@dataclass(frozen=True, slots=True)
class QuoteView:
    marker: Marker
    text: str
    speaker_text: str | None


@dataclass(frozen=True, slots=True)
class StatementView:
    """One statement: the quote first seen and its variants (translations, re-runs)."""

    quote: QuoteView
    variants: tuple[QuoteView, ...]


@dataclass(frozen=True, slots=True)
class SpeakerView:
    name: str
    entity: str | None
    statements: tuple[StatementView, ...]


@dataclass(frozen=True, slots=True)
class EntityView:
    id: str
    name: str
    kind: str
    variants: tuple[str, ...]
    mentions: int
    articles: int
    merged_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DossierView:
    """Everything a renderer shows, in display order."""

    id: str
    title: str
    languages: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    articles: tuple[ArticleView, ...]
    summary: tuple[SummaryView, ...]
    figures: tuple[FigureView, ...]
    timeline: tuple[EntryView, ...]
    speakers: tuple[SpeakerView, ...]
    entities: tuple[EntityView, ...]

    @property
    def period(self) -> str:
        if self.first_date and self.last_date and self.first_date != self.last_date:
            return f"{self.first_date} – {self.last_date}"
        return self.first_date or self.last_date or "undated"


def build_view(dossier: Mapping[str, Any]) -> DossierView:
    """Read a story dossier dict (OUTPUT.md plus render keys); produce its `DossierView`.

    Missing or null keys are tolerated: a partial dossier renders what it has.
    """
    story = _map(dossier.get("story"))
    articles = tuple(
        _article_view(number, raw) for number, raw in enumerate(_maps(dossier.get("articles")), 1)
    )
    index = {article.id: article for article in articles}
    entities = tuple(_entity_views(_maps(dossier.get("entities"))))
    names = {entity.id: entity.name for entity in entities}
    languages = _strs(story.get("languages")) or tuple(
        dict.fromkeys(a.language for a in articles if a.language)
    )
    return DossierView(
        id=_str(story.get("id")),
        title=_str(story.get("title")) or "Untitled story",
        languages=languages,
        first_date=_opt(story.get("first_date")),
        last_date=_opt(story.get("last_date")),
        articles=articles,
        summary=tuple(_summary_view(raw, index) for raw in _maps(dossier.get("summary"))),
        figures=tuple(_figure_view(raw, index) for raw in _maps(dossier.get("figures"))),
        timeline=_timeline_views(_maps(dossier.get("timeline")), index),
        speakers=_speaker_views(_maps(dossier.get("quotes")), index, names),
        entities=entities,
    )


def _article_view(number: int, raw: Mapping[str, Any]) -> ArticleView:
    anchor = f"art-{number}"
    lines = tuple(
        LineView(
            n=_int(line.get("n")),
            label=_str(line.get("label")) or "content",
            text=_str(line.get("text")),
            removed=(_str(line.get("label")) or "content") not in BODY_LABELS,
            anchor=f"{anchor}-l{_int(line.get('n'))}",
            reason=_str(line.get("reason")),
            start=_int(line.get("start")),
            end=_int(line.get("end")),
        )
        for line in _maps(raw.get("lines"))
    )
    evidence = _map(raw.get("published_evidence"))
    removed = raw.get("removed")
    source = _str(raw.get("source"))
    title = _opt(raw.get("title"))
    outlet = _opt(raw.get("outlet"))
    return ArticleView(
        number=number,
        id=_str(raw.get("id")),
        anchor=anchor,
        label=outlet or title or source_name(source) or f"article {number}",
        title=title,
        outlet=outlet,
        source=source,
        language=_str(raw.get("language")),
        published=_opt(raw.get("published")),
        published_how=_opt(evidence.get("how")),
        published_evidence=_opt(evidence.get("text")),
        machine_translated=bool(raw.get("machine_translated")),
        origins=_unique_origins(
            OriginView(name=_str(o.get("name")), text=_str(o.get("text")))
            for o in _maps(raw.get("origins"))
        ),
        removed=_int(removed) if removed is not None else sum(1 for x in lines if x.removed),
        lines=lines,
    )


def source_name(source: str) -> str:
    """What names an article with no outlet or title read: its URL as given, or the name
    of its file without the folders ("../data/crawl/0042.txt" -> "0042.txt"; a JSONL
    record keeps its line: "feed.jsonl:12")."""
    if "://" in source:
        return source
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _marker(raw: Mapping[str, Any], index: Mapping[str, ArticleView]) -> Marker:
    article = index.get(_str(raw.get("article")))
    start, end = _int(raw.get("start")), _int(raw.get("end"))
    if article is None:
        return Marker(None, "", None, _str(raw.get("text")))
    excerpt = _opt(raw.get("text")) or cited_text(article.lines, start, end)
    line = next((x for x in article.lines if x.start <= start <= x.end), None)
    return Marker(article.number, article.anchor, line.anchor if line else None, excerpt)


def cited_text(lines: Sequence[LineView], start: int, end: int) -> str:
    """Read an article's lines and a span; produce the text of that span.

    Lines carry their text but not the line breaks between them, so each character
    between two lines is restored as ``\n``: exact for ``\n``-separated text.
    """
    ordered = sorted((x for x in lines if x.start <= x.end), key=lambda x: x.start)
    pieces: list[str] = []
    position = start
    for n, line in enumerate(ordered):
        if line.start >= end:
            break
        if line.end < position:
            continue
        low, high = max(position, line.start), min(end, line.end)
        pieces.append("\n" * (low - position))
        pieces.append(line.text[low - line.start : high - line.start])
        position = high
        if end > high:
            # The break after this line runs to the next line, or is one character.
            following = ordered[n + 1].start if n + 1 < len(ordered) else high + 1
            gap = min(end, following) - high
            pieces.append("\n" * gap)
            position += gap
    return "".join(pieces)


def _summary_view(raw: Mapping[str, Any], index: Mapping[str, ArticleView]) -> SummaryView:
    support = _map(raw.get("support"))
    markers = _dedupe_markers(_marker(c, index) for c in _maps(raw.get("citations")))
    return SummaryView(
        sentence=_str(raw.get("sentence")),
        markers=markers,
        articles=_int(support.get("articles"), len({m.number for m in markers})),
        origins=_int(support.get("origins"), 1 if markers else 0),
    )


def _dedupe_markers(markers: Iterable[Marker]) -> tuple[Marker, ...]:
    seen: dict[int | None, Marker] = {}
    for marker in markers:
        seen.setdefault(marker.number, marker)
    return tuple(sorted(seen.values(), key=lambda m: (m.number is None, m.number or 0)))


def _figure_view(raw: Mapping[str, Any], index: Mapping[str, ArticleView]) -> FigureView:
    claims = _maps(raw.get("claims"))
    values = [format_amount(c) for c in claims]
    # Sources are counted, not claims: one article repeating a figure is one voice.
    # (in the claims' order, so that equal counts list the same way on every run)
    voices = dict.fromkeys((v, _str(c.get("article"))) for v, c in zip(values, claims, strict=False))
    counts = Counter(value for value, _ in voices)
    verdict = _str(raw.get("verdict")) or ("single" if len(claims) < 2 else "agree")
    majority = max(counts.values(), default=0)
    # A value is odd when another one is given by more articles; in a tie every value is
    # odd, since nothing says which source is right.
    tied = sum(1 for n in counts.values() if n == majority) > 1
    views = tuple(
        ClaimView(
            marker=_marker(claim, index),
            text=_str(claim.get("text")),
            value=value,
            qualifier=_opt(claim.get("qualifier")),
            as_of=_opt(claim.get("as_of")),
            noun=_opt(claim.get("noun")),
            odd=verdict == "discrepancy" and (tied or counts[value] < majority),
        )
        for claim, value in zip(claims, values, strict=True)
    )
    if verdict == "update":
        views = tuple(sorted(views, key=lambda c: c.as_of or "9999"))
        steps = [f"{c.value} ({c.as_of})" if c.as_of else c.value for c in views]
        breakdown = " → ".join(s for n, s in enumerate(steps) if n == 0 or steps[n - 1] != s)
    else:
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        breakdown = " vs ".join(f"{value} ({_plural(n, 'article')})" for value, n in ranked)
    return FigureView(
        measure=_str(raw.get("measure")) or "unclassified",
        verdict=verdict,
        breakdown=breakdown if len(counts) > 1 else "",
        claims=views,
    )


def format_amount(claim: Mapping[str, Any]) -> str:
    """Read a claim dict; produce its value (``2 300``) or interval (``10–100``, ``≥ 160``)."""
    value, low, high = (_num(claim.get(key)) for key in ("value", "min", "max"))
    if value is not None:
        return format_number(value)
    if low is not None and high is not None:
        return f"{format_number(low)}–{format_number(high)}"
    if low is not None:
        return f"≥ {format_number(low)}"
    if high is not None:
        return f"≤ {format_number(high)}"
    return "?"


def format_number(value: float) -> str:
    """Group thousands with a no-break space so a figure never wraps: 2300 → ``2 300``."""
    if value == int(value):
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u00a0")


def _timeline_views(
    raws: Sequence[Mapping[str, Any]], index: Mapping[str, ArticleView]
) -> tuple[EntryView, ...]:
    ordered = sorted(raws, key=lambda raw: _date_key(_str(raw.get("date"))))
    return tuple(
        EntryView(
            date=_str(raw.get("date")) or "undated",
            event=_str(raw.get("event")),
            background=bool(raw.get("background")),
            markers=_dedupe_markers(_marker(c, index) for c in _maps(raw.get("citations"))),
            anchor=f"t-{n}",
        )
        for n, raw in enumerate(ordered, 1)
    )


def parse_date(value: str) -> date | None:
    """Read an ISO date of day, month or year precision; produce its first day, or None."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


def _date_key(value: str) -> tuple[int, str]:
    return (0, value) if parse_date(value) is not None else (1, value)


def _speaker_views(
    raws: Sequence[Mapping[str, Any]],
    index: Mapping[str, ArticleView],
    names: Mapping[str, str],
) -> tuple[SpeakerView, ...]:
    ids = [_str(raw.get("id")) or f"#{n}" for n, raw in enumerate(raws)]
    position = {quote_id: n for n, quote_id in enumerate(ids)}
    parent = list(range(len(raws)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for n, raw in enumerate(raws):
        for other in _strs(raw.get("same_statement_as")):
            if other in position:
                a, b = root(n), root(position[other])
                parent[max(a, b)] = min(a, b)
    clusters: dict[int, list[int]] = {}
    for n in range(len(raws)):
        clusters.setdefault(root(n), []).append(n)

    by_speaker: dict[str | None, list[StatementView]] = {}
    speaker_names: dict[str | None, str] = {None: UNATTRIBUTED}
    for members in clusters.values():
        # The statement belongs to the first variant whose speaker was resolved.
        owner = next((n for n in members if _opt(raws[n].get("speaker"))), members[0])
        entity = _opt(raws[owner].get("speaker"))
        if entity is not None:
            speaker_names.setdefault(
                entity, _opt(raws[owner].get("speaker_name")) or names.get(entity, entity)
            )
        views = [_quote_view(raws[n], index) for n in [owner, *(m for m in members if m != owner)]]
        by_speaker.setdefault(entity, []).append(StatementView(views[0], tuple(views[1:])))
    ranked = sorted(
        by_speaker.items(),
        key=lambda item: (item[0] is None, -len(item[1]), speaker_names[item[0]].casefold()),
    )
    return tuple(
        SpeakerView(name=speaker_names[entity], entity=entity, statements=tuple(statements))
        for entity, statements in ranked
    )


def _quote_view(raw: Mapping[str, Any], index: Mapping[str, ArticleView]) -> QuoteView:
    return QuoteView(
        marker=_marker(raw, index),
        text=_str(raw.get("text")),
        speaker_text=_opt(raw.get("speaker_text")),
    )


def _entity_views(raws: Sequence[Mapping[str, Any]]) -> list[EntityView]:
    views = []
    for raw in raws:
        name = _str(raw.get("name"))
        mentions = _maps(raw.get("mentions"))
        views.append(
            EntityView(
                id=_str(raw.get("id")),
                name=name,
                kind=_str(raw.get("kind")) or "MISC",
                variants=tuple(v for v in dict.fromkeys(_strs(raw.get("variants"))) if v != name),
                mentions=len(mentions),
                articles=len({_str(m.get("article")) for m in mentions}),
                merged_by=_strs(raw.get("merged_by")),
            )
        )
    return sorted(views, key=lambda e: (-e.mentions, -e.articles, e.name.casefold()))


# -- tolerant readers of the JSON dict ----------------------------------------------------


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _maps(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _str(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _opt(value: Any) -> str | None:
    return _str(value) or None


def _strs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    return tuple(_str(item) for item in value if item is not None)


def _int(value: Any, default: int = 0) -> int:
    number = _num(value)
    return default if number is None else int(number)


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _unique_origins(origins: Iterable[OriginView]) -> tuple[OriginView, ...]:
    """Each origin once (an article may cite it several times), first mention kept."""
    seen: dict[str, OriginView] = {}
    for origin in origins:
        seen.setdefault(origin.name, origin)
    return tuple(seen.values())


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_VERDICT_MD = {"discrepancy": "**⚠ discrepancy**", "update": "*↻ update*", "agree": "✓ agree"}


def render_markdown(dossier: Mapping[str, Any]) -> str:
    """Read a story dossier dict; produce an analyst's Markdown brief citing its articles.

    Citation markers ``[n]`` are reference links to the numbered source list, so the
    file reads as plain text and renders as links.
    """
    view = build_view(dossier)
    out: list[str] = [f"# {md(view.title)}", ""]
    facts = [
        f"{_plural(len(view.articles), 'article')}",
        view.period,
        f"languages: {', '.join(view.languages) or 'unknown'}",
    ]
    if view.id:
        facts.append(f"story {view.id}")
    out += [" · ".join(md(f) for f in facts), ""]
    out += _md_sources(view)
    out += _md_summary(view)
    out += _md_figures(view)
    out += _md_timeline(view)
    out += _md_quotes(view)
    out += _md_entities(view)
    out += [f"[{a.number}]: #{a.anchor}" for a in view.articles]
    return "\n".join(out).rstrip() + "\n"


def md(text: str) -> str:
    """Escape article text for Markdown: one line, no markup, no raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _markers_md(markers: Sequence[Marker]) -> str:
    return "".join(m.label for m in markers)


def _md_sources(view: DossierView) -> list[str]:
    out = ["## Sources", ""]
    if not view.articles:
        return [*out, "No article.", ""]
    for a in view.articles:
        head = f"**[{a.number}] {md(a.label)}**"
        if a.title and a.title != a.label:
            head += f" — *{md(a.title)}*"
        details = [f"source: {md(a.source) or 'unknown'}", f"language: {md(a.language) or '?'}"]
        details.append(f"published: {_published_text(a, md)}")
        if a.origins:
            origins = ", ".join(
                f"{md(o.name)} (“{md(o.text)}”)" if o.text else md(o.name) for o in a.origins
            )
            details.append(f"origins: {origins}")
        if a.machine_translated:
            details.append("**machine-translated**")
        details.append(f"{_plural(a.removed, 'line')} removed")
        out += [f'<a id="{a.anchor}"></a>', head + "  ", " · ".join(details), ""]
    return out


def _published_text(article: ArticleView, escape: Callable[[str], str] = str) -> str:
    """Read an article view; produce its publication date and how it was found."""
    if not article.published:
        return "unknown"
    text = escape(article.published)
    if article.published_how:
        evidence = f": “{escape(article.published_evidence)}”" if article.published_evidence else ""
        text += f" ({escape(article.published_how)}{evidence})"
    return text


def _md_summary(view: DossierView) -> list[str]:
    out = ["## Summary", ""]
    if not view.summary:
        return [*out, "No summary sentence.", ""]
    for s in view.summary:
        out.append(f"- {md(s.sentence)} {_markers_md(s.markers)} *{s.support}*")
    return [*out, ""]


def _md_figures(view: DossierView) -> list[str]:
    out = ["## Figures", ""]
    if not view.figures:
        return [*out, "No figure.", ""]
    out += [
        "| Measure | Verdict | Claim | Value | Qualifier | As of | Source |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in view.figures:
        verdict = _VERDICT_MD.get(f.verdict, md(f.verdict))
        if f.breakdown:
            verdict += f": {md(f.breakdown)}"
        for n, c in enumerate(f.claims):
            value = f"**{c.value} ⚠**" if c.odd else c.value
            cells = [
                f"**{md(f.measure)}**" if n == 0 else "",
                verdict if n == 0 else "",
                md(c.text),
                value,
                md(c.qualifier or ""),
                md(c.as_of or ""),
                c.marker.label,
            ]
            out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


def _md_timeline(view: DossierView) -> list[str]:
    out = ["## Timeline", ""]
    if not view.timeline:
        return [*out, "No dated event.", ""]
    out += ["| Date | Event | Sources |", "|---|---|---|"]
    for e in view.timeline:
        event = f"*background:* {md(e.event)}" if e.background else md(e.event)
        out.append(f"| {md(e.date)} | {event} | {_markers_md(e.markers)} |")
    return [*out, ""]


def _md_quotes(view: DossierView) -> list[str]:
    out = ["## Quotes", ""]
    if not view.speakers:
        return [*out, "No quote.", ""]
    for speaker in view.speakers:
        out += [f"### {md(speaker.name)}", ""]
        for statement in speaker.statements:
            q = statement.quote
            cue = f" — *{md(q.speaker_text)}*" if q.speaker_text else ""
            out.append(f"- « {md(q.text)} »{cue} {q.marker.label}")
            for v in statement.variants:
                out.append(f"  - same statement in {v.marker.label}: « {md(v.text)} »")
        out.append("")
    return out


def _md_entities(view: DossierView) -> list[str]:
    out = ["## Entities", ""]
    if not view.entities:
        return [*out, "No entity.", ""]
    out += ["| Entity | Kind | Variants | Mentions | Articles |", "|---|---|---|---|---|"]
    for e in view.entities:
        variants = ", ".join(md(v) for v in e.variants)
        out.append(f"| {md(e.name)} | {md(e.kind)} | {variants} | {e.mentions} | {e.articles} |")
    return [*out, ""]
