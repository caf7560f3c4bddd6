"""Every record type of corroborate, and their (de)serialisation.

Records are frozen dataclasses; collections are tuples.  `Article.text` is the single
source of text: every extracted item holds a `Span` into it, so that
``article.text[span.start:span.end]`` is the item's surface form.

`to_data` / `from_data` turn any record into plain JSON-able data and back; the store
uses them to persist annotations, so this is the only place that knows how a record is
laid out on disk.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar


def content_id(prefix: str, *parts: str) -> str:
    """A stable id: `prefix-` and the first 16 hex digits of the SHA-256 of the parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into `Article.text`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}:{self.end}")

    def of(self, text: str) -> str:
        """The surface form of this span in `text`."""
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def shifted(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)


class LineLabel(StrEnum):
    """What a line of an article is.  Only `CONTENT`, `TITLE` and `SUBHEADING` carry the
    article itself; `DATELINE`, `BYLINE` and `CREDIT` carry metadata; the rest is page
    noise, kept with its label but not analysed."""

    CONTENT = "content"
    TITLE = "title"
    SUBHEADING = "subheading"
    DATELINE = "dateline"
    BYLINE = "byline"
    CREDIT = "credit"
    BLANK = "blank"
    NAVIGATION = "navigation"
    BREADCRUMB = "breadcrumb"
    RELATED_LINK = "related-link"
    PROMO = "promo"
    COMMENT = "comment"
    COMMENT_FORM = "comment-form"
    COUNTER = "counter"
    MT_DISCLAIMER = "mt-disclaimer"
    FOREIGN_HEADLINE = "foreign-headline"
    FOREIGN_DATE = "foreign-date"
    OUTLET = "outlet"
    TAG = "tag"

    @property
    def is_body(self) -> bool:
        """True for the lines whose text is the article itself."""
        return self in _BODY_LABELS


_BODY_LABELS = frozenset({LineLabel.CONTENT, LineLabel.TITLE, LineLabel.SUBHEADING})


class Kind(StrEnum):
    """Entity kinds, as in the dossier contract."""

    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"
    MISC = "MISC"


@dataclass(frozen=True, slots=True)
class Article:
    """An input document as read: its decoded text and what its container said of it."""

    id: str
    source: str
    text: str
    format: str  # text | html (also a WARC record's page) | jsonl
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date given by the container (HTML/JSONL metadata)
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that gave no article, and why (shown to the user, never dropped)."""

    source: str
    status: str  # missing | empty | binary | unreadable | invalid | too-large
    error: str


@dataclass(frozen=True, slots=True)
class Line:
    """One line of `Article.text` (without its line break) and its label."""

    n: int  # 1-based
    span: Span
    label: LineLabel
    reason: str = ""  # which rule or feature decided the label
    # n of the first line of the hard-wrapped paragraph it belongs to (0: a line alone);
    # a sentence runs on across the lines of one paragraph
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article's body lines."""

    span: Span
    line: int  # n of the line holding it


@dataclass(frozen=True, slots=True)
class Published:
    """The publication date of an article and the evidence it was taken from."""

    value: str  # ISO 8601: 2022-01-12, 2022-01 or 2022
    how: str  # metadata | dateline | weekday-consistency | latest-mention | …
    evidence: Span | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A metadata value (a title, an outlet) and where it was taken from."""

    value: str
    how: str  # metadata | title-line | domain-line | self-description | promo | credit | url | …
    span: Span | None = None  # in Article.text, when the text holds it


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline an article opens with: "JAKARTA - ", "Paris :, 13 (EUROPE PRESSE)",
    "NOURSOULTAN, 11 janvier (Reuters) -"."""

    span: Span  # the whole dateline, separator included
    place: str | None
    day: int | None  # day of the month when written
    date_text: str | None  # the date as written ("11 janvier", "13")
    agency: str | None  # the agency named in brackets, as written


@dataclass(frozen=True, slots=True)
class Origin:
    """A source the article relies on: a news agency, an official press service…"""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention in one article."""

    span: Span
    text: str
    kind: Kind
    key: str  # folded form used to merge variants
    # A role mention ("le président kazakh") has its folded role here, and as `key` the
    # key of the person the article itself ties it to ("" when the article does not).
    role: str = ""


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression and the date it denotes, resolved against `anchor`."""

    span: Span
    text: str
    value: str | None  # ISO 8601 (day, month or year granularity), None if unresolved
    anchor: str | None  # the date it was resolved against
    kind: str  # date | relative | weekday | offset | month | year | duration


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation (its span excludes the quotation marks) and who said it."""

    span: Span
    text: str
    speaker_span: Span | None
    speaker_text: str | None  # the speaker as written, or the cue ("a-t-il ajouté")
    speaker_key: str | None  # entity key of the speaker when resolved
    cue: str | None  # the speech verb or "selon"


@dataclass(frozen=True, slots=True)
class Claim:
    """A number stated in the text with the noun it counts."""

    span: Span  # the amount and its noun: "environ 8 000 personnes"
    text: str
    value: float | None  # exact value when there is one
    min: float | None  # interval for vague amounts and qualifiers
    max: float | None
    qualifier: str | None  # environ | plus de | au moins | …
    noun: str | None  # the counted noun as written
    measure: str | None  # normalised measure: troops | deaths | injured | arrests | …
    as_of: str | None  # ISO date the figure is stated for, when known


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """An article with everything the per-article stages found in it."""

    article: Article
    lines: tuple[Line, ...]
    sentences: tuple[Sentence, ...]
    language: str
    title: str | None
    outlet: str | None
    published: Published | None
    machine_translated: bool
    origins: tuple[Origin, ...]
    mentions: tuple[Mention, ...]
    times: tuple[TimeExpr, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    title_evidence: Evidence | None = None
    outlet_evidence: Evidence | None = None
    dateline: Dateline | None = None

    @property
    def id(self) -> str:
        return self.article.id

    def body_lines(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.label.is_body)


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer to a span of one article."""

    article: str
    span: Span


@dataclass(frozen=True, slots=True)
class Story:
    """A set of articles about the same events."""

    id: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity of a story with all its spellings and mentions."""

    id: str
    name: str
    kind: Kind
    variants: tuple[str, ...]
    mentions: tuple[Citation, ...]
    merged_by: tuple[str, ...] = ()  # evidence of each merge


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression of one article of a story."""

    article: str
    expr: TimeExpr


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A quote of one article of a story, with its speaker entity and its variants."""

    id: str
    article: str
    quote: Quote
    speaker: str | None  # entity id
    same_statement_as: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A numeric claim of one article of a story."""

    article: str
    claim: Claim


@dataclass(frozen=True, slots=True)
class Figure:
    """The claims of a story that measure the same thing, and whether they agree."""

    measure: str
    verdict: str  # agree | discrepancy | update | single
    claims: tuple[ClaimRef, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event with the sentences that report it."""

    date: str
    event: str
    citations: tuple[Citation, ...]
    background: bool = False


@dataclass(frozen=True, slots=True)
class Support:
    articles: int
    origins: int


@dataclass(frozen=True, slots=True)
class SummarySentence:
    sentence: str
    citations: tuple[Citation, ...]
    support: Support


@dataclass(frozen=True, slots=True)
class Brief:
    """The consolidated dossier of one story."""

    story: Story
    title: str
    articles: tuple[AnnotatedArticle, ...]
    entities: tuple[Entity, ...]
    times: tuple[TimeRef, ...]
    quotes: tuple[QuoteRef, ...]
    figures: tuple[Figure, ...]
    timeline: tuple[TimelineEntry, ...]
    summary: tuple[SummarySentence, ...]
    origins: tuple[tuple[str, ...], ...] = field(default=())  # article ids per origin
    # article id -> the article of the story it is a near-duplicate copy of (the first of
    # its copy group); articles that copy nothing are absent
    copies: dict[str, str] = field(default_factory=dict)


# -- (de)serialisation -----------------------------------------------------------------

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """Turn a record (or a tuple of them) into JSON-able lists, dicts and scalars."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_data(item) for item in obj]
    if isinstance(obj, dict):
        return {str(key): to_data(value) for key, value in obj.items()}
    if isinstance(obj, StrEnum):
        return obj.value
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild a record of type `cls` from what `to_data` produced."""
    return typing.cast(T, _build(cls, data))


def _build(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(options[0], data)
    if origin is dict:
        _, value_type = typing.get_args(tp)
        return {key: _build(value_type, value) for key, value in data.items()}
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item) for item in data)
        return tuple(_build(a, item) for a, item in zip(args, data, strict=True))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{name: _build(hints[name], value) for name, value in data.items()})
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return tp(data)
    return data
