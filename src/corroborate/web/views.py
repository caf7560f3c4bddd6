"""What the web pages show, computed from story dossier dicts and article texts.

Pure functions, no I/O: the app reads the store and hands the records here, so that every
page's content is testable without a server. Dossiers are the plain dicts of OUTPUT.md
(`render.json.dossier_to_dict`), the same the static HTML render reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from corroborate.render.markdown import BODY_LABELS, LineView, Marker, cited_text

# Highlight kinds, innermost first when spans nest (a name inside a quote links to the
# entity, the rest of the quote to the quote).
KINDS = ("entity", "time", "figure", "quote")
_CONTEXT = 90  # characters shown on each side of a mention on the entity page


@dataclass(frozen=True, slots=True)
class Cite:
    """A cited span of an article: where a dossier item comes from."""

    article: str
    start: int
    end: int

    @property
    def anchor(self) -> str:
        """The element id of the item in the dossier page."""
        return f"c-{self.article}-{self.start}-{self.end}"

    @property
    def href(self) -> str:
        """The article page with this span singled out."""
        return f"/articles/{self.article}?s={self.start}&e={self.end}#target"


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span of an article and the dossier item it links back to."""

    kind: str  # one of KINDS
    start: int
    end: int
    href: str
    title: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a line covered by the same marks; `mark` is the innermost one."""

    text: str
    start: int
    end: int
    kinds: tuple[str, ...]
    mark: Mark | None
    target: bool  # inside the span the page was opened for
    first_target: bool  # the first segment of it: the page scrolls there


@dataclass(frozen=True, slots=True)
class LineSegments:
    """One line of the article text with its label, cut into highlighted segments."""

    n: int
    label: str
    reason: str
    removed: bool
    start: int
    end: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class StoryItem:
    """One row of the stories list."""

    id: str
    title: str
    size: int
    first_date: str | None
    last_date: str | None
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A mention of an entity with the text around it on its line."""

    article: str
    article_label: str
    start: int
    end: int
    before: str
    text: str
    after: str

    @property
    def href(self) -> str:
        return Cite(self.article, self.start, self.end).href


def fold(text: str) -> str:
    """Case and accents ignored: "Tokaïev" and "TOKAIEV" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORD = re.compile(r"\w+")


def fold_words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


# -- citations of the dossier page --------------------------------------------------------


def cite_index(dossier: Mapping[str, Any]) -> dict[tuple[int, str], Cite]:
    """Read a dossier; produce the span of every cited item, keyed as `render.markdown`
    keys its markers: (article number, cited text).

    The shared view keeps only the article number and the excerpt of a citation; this
    gives the web page the exact span back, so that each marker links to the article view
    with the span singled out.
    """
    articles = _maps(dossier.get("articles"))
    numbers = {str(a.get("id")): n for n, a in enumerate(articles, 1)}
    lines = {str(a.get("id")): a.get("lines") or [] for a in articles}
    index: dict[tuple[int, str], Cite] = {}
    for raw in _citations(dossier):
        article = str(raw.get("article"))
        start, end = raw.get("start"), raw.get("end")
        if article not in numbers or not isinstance(start, int) or not isinstance(end, int):
            continue
        excerpt = raw.get("text") or cited_text(_line_views(lines[article]), start, end)
        index.setdefault((numbers[article], str(excerpt)), Cite(article, start, end))
    return index


def cite_of(index: Mapping[tuple[int, str], Cite], marker: Marker) -> Cite | None:
    """The span a marker of the shared view cites, when the dossier has it."""
    if marker.number is None:
        return None
    return index.get((marker.number, marker.excerpt))


def _citations(dossier: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    yield from _maps(dossier.get("quotes"))
    for figure in _maps(dossier.get("figures")):
        yield from _maps(figure.get("claims"))
    for entry in _maps(dossier.get("timeline")):
        yield from _maps(entry.get("citations"))
    for sentence in _maps(dossier.get("summary")):
        yield from _maps(sentence.get("citations"))


def _line_views(raw_lines: Sequence[Any]) -> list[LineView]:
    return [
        LineView(n=int(x.get("n", 0)), label=str(x.get("label")), text=str(x.get("text", "")), removed=False,
                 anchor="", reason="", start=int(x.get("start", 0)), end=int(x.get("end", 0)))
        for x in raw_lines if isinstance(x, Mapping)
    ]


# -- the article view -------------------------------------------------------------------


def article_marks(dossier: Mapping[str, Any], article_id: str, story_href: str) -> list[Mark]:
    """Read a story dossier; produce the highlights of one of its articles (entity
    mentions, time expressions, figures, quotes), each linking to its item in the
    dossier page at `story_href`."""
    marks: list[Mark] = []
    for entity in _maps(dossier.get("entities")):
        for m in _maps(entity.get("mentions")):
            if m.get("article") == article_id:
                marks.append(Mark("entity", int(m["start"]), int(m["end"]), f"{story_href}#{entity.get('id')}",
                                  f"{entity.get('name')} ({entity.get('kind')})"))
    timeline = [
        (c, entry) for entry in _maps(dossier.get("timeline")) for c in _maps(entry.get("citations"))
        if c.get("article") == article_id
    ]
    for t in _maps(dossier.get("time_expressions")):
        if t.get("article") != article_id:
            continue
        start, end = int(t["start"]), int(t["end"])
        # the timeline entry whose sentence holds this expression, if one does
        holder = next((c for c, _ in timeline if int(c["start"]) <= start and end <= int(c["end"])), None)
        anchor = Cite(article_id, int(holder["start"]), int(holder["end"])).anchor if holder else "timeline"
        marks.append(Mark("time", start, end, f"{story_href}#{anchor}", f"{t.get('text')} = {t.get('value')}"))
    for figure in _maps(dossier.get("figures")):
        for c in _maps(figure.get("claims")):
            if c.get("article") == article_id:
                start, end = int(c["start"]), int(c["end"])
                marks.append(Mark("figure", start, end, f"{story_href}#{Cite(article_id, start, end).anchor}",
                                  f"{figure.get('measure')}: {figure.get('verdict')}"))
    for q in _maps(dossier.get("quotes")):
        if q.get("article") == article_id:
            start, end = int(q["start"]), int(q["end"])
            speaker = q.get("speaker_name") or q.get("speaker_text") or "unattributed"
            marks.append(Mark("quote", start, end, f"{story_href}#{Cite(article_id, start, end).anchor}",
                              f"quote — {speaker}"))
    return [m for m in marks if m.start < m.end]


def segment_lines(
    text: str,
    lines: Sequence[Mapping[str, Any]],
    marks: Sequence[Mark],
    target: tuple[int, int] | None = None,
) -> list[LineSegments]:
    """Read an article's text, its labelled lines (dossier dicts) and its marks; produce
    each line cut at every mark boundary, so that the page highlights spans with plain
    runs of text (no nested links). Each segment is a slice of `text`."""
    ordered = sorted(marks, key=lambda m: (m.start, -m.end))
    result: list[LineSegments] = []
    first_target_done = False
    for raw in lines:
        start, end = int(raw.get("start", 0)), int(raw.get("end", 0))
        label = str(raw.get("label") or "content")
        here = [m for m in ordered if m.start < end and m.end > start]
        cuts = {start, end}
        for m in here:
            cuts.update((max(start, m.start), min(end, m.end)))
        if target is not None and target[0] < end and target[1] > start:
            cuts.update((max(start, target[0]), min(end, target[1])))
        bounds = sorted(cuts)
        segments: list[Segment] = []
        for low, high in zip(bounds, bounds[1:], strict=False):
            covering = [m for m in here if m.start <= low and m.end >= high]
            inner = min(covering, key=lambda m: (m.end - m.start, KINDS.index(m.kind)), default=None)
            kinds = tuple(k for k in KINDS if any(m.kind == k for m in covering))
            hit = target is not None and target[0] <= low and high <= target[1]
            segments.append(Segment(text[low:high], low, high, kinds, inner, hit, hit and not first_target_done))
            first_target_done = first_target_done or hit
        result.append(LineSegments(int(raw.get("n", 0)), label, str(raw.get("reason") or ""),
                                   label not in BODY_LABELS, start, end, tuple(segments)))
    return result


# -- entities across stories ------------------------------------------------------------


def entity_names(entity: Mapping[str, Any]) -> set[str]:
    """The folded name and variants of an entity dict."""
    names = {fold(str(entity.get("name", "")))}
    names.update(fold(str(v)) for v in entity.get("variants") or [])
    names.discard("")
    return names


def find_entity(dossier: Mapping[str, Any], entity_id: str) -> Mapping[str, Any] | None:
    return next((e for e in _maps(dossier.get("entities")) if e.get("id") == entity_id), None)


def same_entities(entity: Mapping[str, Any], dossier: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The entities of another dossier that are the same as `entity`: same kind and a
    name or variant in common, with accents and case ignored. One-word variants count
    only when they are the name itself, since a bare surname is shared by relatives."""
    kind = entity.get("kind")
    ours = {n for n in entity_names(entity) if " " in n or "-" in n} | {fold(str(entity.get("name", "")))}
    return [
        other for other in _maps(dossier.get("entities"))
        if other.get("kind") == kind and ours & entity_names(other)
    ]


def matching_entities(query: str, dossier: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The entities of a dossier whose name or a variant holds every word of `query`
    (accents and case ignored: "tokaiev" finds Tokaïev), most mentioned first."""
    words = fold_words(query)
    if not words:
        return []
    found = [
        e for e in _maps(dossier.get("entities"))
        if any(all(w in fold_words(name) for w in words) for name in [e.get("name", ""), *(e.get("variants") or [])])
    ]
    return sorted(found, key=lambda e: -len(e.get("mentions") or []))


def entity_mentions(
    entity: Mapping[str, Any], texts: Mapping[str, str], labels: Mapping[str, str]
) -> list[EntityMention]:
    """Each mention of an entity with up to `_CONTEXT` characters of its line around it."""
    found = []
    for m in _maps(entity.get("mentions")):
        article = str(m.get("article"))
        text = texts.get(article)
        if text is None:
            continue
        start, end = int(m["start"]), int(m["end"])
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        low, high = max(line_start, start - _CONTEXT), min(line_end, end + _CONTEXT)
        found.append(EntityMention(
            article, labels.get(article, article),
            start, end,
            ("…" if low > line_start else "") + text[low:start],
            text[start:end],
            text[end:high] + ("…" if high < line_end else ""),
        ))
    return found


_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Read a search snippet with its matches in [ ]; produce (text, is_match) runs, so
    that the page marks the matches without reading any of the text as markup."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _SNIPPET_MARK.finditer(snippet):
        if match.start() > position:
            parts.append((snippet[position : match.start()], False))
        parts.append((match.group(1), True))
        position = match.end()
    if position < len(snippet):
        parts.append((snippet[position:], False))
    return parts


# -- the stories list -------------------------------------------------------------------


def filter_stories(
    items: Sequence[StoryItem],
    language: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    only: set[str] | None = None,
) -> list[StoryItem]:
    """The stories in a language whose dates meet the period [date_from, date_to] (ISO
    prefixes compare as strings), restricted to `only` when given."""
    kept = []
    for item in items:
        if only is not None and item.id not in only:
            continue
        if language and language not in item.languages:
            continue
        if date_from and (item.last_date or item.first_date or "") < date_from:
            continue
        if date_to and (item.first_date or item.last_date or "9999") > date_to + "\uffff":
            continue
        kept.append(item)
    return kept


def _maps(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return [item for item in value if isinstance(item, Mapping)]
