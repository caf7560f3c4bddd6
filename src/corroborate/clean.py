"""Clean: label every line of an article, and split its body into sentences.

A line's label comes first from the noise patterns of the language data files (every
language's patterns apply: pages mix languages), then from its features in the page:
whether it reads as prose or as a headline, its position before, inside or after the
run of prose, and how many of its content words the rest of the article shares.  A short
line at the top that shares the article's words is its title; one that does not is a
sidebar headline (with its date under it) or navigation.  Nothing is removed: noise lines
keep their label and their span.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .langdata import available_languages, load_toml
from .model import Line, LineLabel, Sentence, Span

_PRECEDENCE = (
    "mt-disclaimer",
    "comment-form",
    "comment",
    "related-link",
    "breadcrumb",
    "promo",
    "credit",
    "byline",
    "dateline",
    "outlet",
    "counter",
)
_DATE_LINE = "date-line"
_FINAL_PUNCT = re.compile(r"[.!?…]\s*[»\"”’)\]]*\s*$")
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True, slots=True)
class CleanLexicon:
    """Compiled noise patterns of all languages, and the structural thresholds."""

    patterns: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    date_lines: tuple[re.Pattern[str], ...]
    title_min_overlap: float
    prose_min_words: int
    tag_max_words: int


@cache
def clean_lexicon() -> CleanLexicon:
    """Compile the boilerplate patterns of every language folder, once."""
    merged: dict[str, list[re.Pattern[str]]] = {}
    structure: dict[str, float] = {}
    for lang in available_languages():
        data = load_toml(lang, "boilerplate")
        for table, flags in (("patterns", re.IGNORECASE), ("patterns-case", 0)):
            for label, patterns in data.get(table, {}).items():
                merged.setdefault(label, []).extend(re.compile(p, flags) for p in patterns)
        structure = {**dict(data.get("structure", {})), **structure}
    unknown = set(merged) - set(_PRECEDENCE) - {_DATE_LINE}
    if unknown:
        raise ValueError(f"boilerplate data names unknown labels: {sorted(unknown)}")
    return CleanLexicon(
        patterns=tuple((label, tuple(merged[label])) for label in _PRECEDENCE if label in merged),
        date_lines=tuple(merged.get(_DATE_LINE, ())),
        title_min_overlap=float(structure.get("title_min_overlap", 0.25)),
        prose_min_words=int(structure.get("prose_min_words", 25)),
        tag_max_words=int(structure.get("tag_max_words", 3)),
    )


def split_lines(text: str) -> tuple[Span, ...]:
    """The span of every line of `text`, line breaks (and a trailing \\r) excluded."""
    spans = []
    start = 0
    for n, piece in enumerate(text.split("\n")):
        end = start + len(piece)
        stop = end - 1 if piece.endswith("\r") else end
        spans.append(Span(start, stop))
        start = end + 1
        del n
    return tuple(spans)


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents (for comparisons, never for output)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def content_words(text: str) -> frozenset[str]:
    """Folded words of four letters or more (a cheap stand-in for content words)."""
    return frozenset(_WORD.findall(fold(text)))


def label_lines(text: str, lex: CleanLexicon) -> tuple[Line, ...]:
    """Reads an article's text, produces one labelled `Line` per line of it."""
    spans = split_lines(text)
    surfaces = [s.of(text).strip() for s in spans]
    labels: list[LineLabel | None] = []
    reasons: list[str] = []
    date_line = [False] * len(spans)
    for i, surface in enumerate(surfaces):
        label, reason = _match_patterns(surface, lex)
        labels.append(label)
        reasons.append(reason)
        if label is None and any(p.search(surface) for p in lex.date_lines):
            date_line[i] = True
    _label_by_structure(surfaces, labels, reasons, date_line, lex)
    return tuple(
        Line(n=i + 1, span=span, label=labels[i] or LineLabel.CONTENT, reason=reasons[i])
        for i, span in enumerate(spans)
    )


def _match_patterns(surface: str, lex: CleanLexicon) -> tuple[LineLabel | None, str]:
    if not surface:
        return LineLabel.BLANK, "blank"
    for label, patterns in lex.patterns:
        for pattern in patterns:
            if pattern.search(surface):
                return LineLabel(label), f"pattern {pattern.pattern!r}"
    return None, ""


def _is_prose(surface: str, lex: CleanLexicon) -> bool:
    words = len(surface.split())
    return words >= lex.prose_min_words or (words >= 4 and bool(_FINAL_PUNCT.search(surface)))


def _label_by_structure(
    surfaces: Sequence[str],
    labels: list[LineLabel | None],
    reasons: list[str],
    date_line: Sequence[bool],
    lex: CleanLexicon,
) -> None:
    """Label the lines no pattern claimed, from prose/headline shape, position and
    lexical overlap with the article's prose."""
    open_lines = [i for i, label in enumerate(labels) if label is None]
    prose = [i for i in open_lines if not date_line[i] and _is_prose(surfaces[i], lex)]
    if not prose:
        for i in open_lines:
            labels[i] = LineLabel.CONTENT
            reasons[i] = "no prose in the article: kept as content"
        return
    first, last = prose[0], prose[-1]
    words = {i: content_words(surfaces[i]) for i in open_lines}
    vocabulary: Counter[str] = Counter()
    for i in prose:
        vocabulary.update(words[i])

    def overlap(i: int) -> float:
        own = words[i]
        if not own:
            return 0.0
        shared = sum(1 for w in own if vocabulary[w] - (1 if i in prose_set else 0) > 0)
        return shared / len(own)

    prose_set = set(prose)
    title_found = False
    previous: LineLabel | None = None
    for i in open_lines:
        surface = surfaces[i]
        if date_line[i]:
            if previous is LineLabel.FOREIGN_HEADLINE:
                labels[i], reasons[i] = LineLabel.FOREIGN_DATE, "date under a foreign headline"
            else:
                labels[i], reasons[i] = LineLabel.DATELINE, "a date alone on its line"
        elif i in prose_set:
            labels[i], reasons[i] = LineLabel.CONTENT, "prose"
        elif i < first:
            labels[i], reasons[i] = _label_top_line(i, surface, overlap(i), title_found, date_line, labels, lex)
            title_found = title_found or labels[i] is LineLabel.TITLE
        elif i < last:
            labels[i], reasons[i] = LineLabel.SUBHEADING, "short line inside the article"
        else:
            score = overlap(i)
            if score >= lex.title_min_overlap:
                labels[i], reasons[i] = LineLabel.CONTENT, f"short closing line, overlap {score:.2f}"
            else:
                labels[i], reasons[i] = LineLabel.NAVIGATION, f"short line after the article, overlap {score:.2f}"
        previous = labels[i]


def _label_top_line(
    i: int,
    surface: str,
    score: float,
    title_found: bool,
    date_line: Sequence[bool],
    labels: Sequence[LineLabel | None],
    lex: CleanLexicon,
) -> tuple[LineLabel, str]:
    n_words = len(surface.split())
    shares = score >= lex.title_min_overlap
    if n_words <= lex.tag_max_words and not _FINAL_PUNCT.search(surface):
        if shares:
            return LineLabel.TAG, f"short category line, overlap {score:.2f}"
        return LineLabel.NAVIGATION, f"short line above the article, overlap {score:.2f}"
    if shares:
        if title_found:
            return LineLabel.SUBHEADING, f"headline after the title, overlap {score:.2f}"
        return LineLabel.TITLE, f"headline sharing the article's words, overlap {score:.2f}"
    followed_by_date = _next_open(i, labels, date_line)
    if followed_by_date:
        return LineLabel.FOREIGN_HEADLINE, f"headline with its own date, overlap {score:.2f}"
    return LineLabel.NAVIGATION, f"headline not about this article, overlap {score:.2f}"


def _next_open(i: int, labels: Sequence[LineLabel | None], date_line: Sequence[bool]) -> bool:
    """Whether the next non-blank line after `i` is a date alone on its line."""
    for j in range(i + 1, len(labels)):
        if labels[j] is LineLabel.BLANK:
            continue
        return date_line[j]
    return False


# -- sentences ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceLexicon:
    abbreviations: frozenset[str]


@cache
def sentence_lexicon(lang: str) -> SentenceLexicon:
    """Abbreviations of `lang` (and of English, common in every language's news)."""
    found: set[str] = set()
    for source in {lang, "en"}:
        found.update(load_toml(source, "sentences").get("abbreviations", ()))
    return SentenceLexicon(abbreviations=frozenset(found))


_BOUNDARY = re.compile(r"[.!?…]+[»\"”’)\]]*(?=\s+[«\"“(\-–—]?\s*[A-ZÀ-ÖØ-Þ0-9])")
_OPENERS = "«“"
_CLOSERS = "»”"


def split_sentences(text: str, lines: Sequence[Line], lex: SentenceLexicon) -> tuple[Sentence, ...]:
    """Reads the body lines, produces their sentences (never across a line, nor inside
    « » quotation marks, nor after an abbreviation or an initial)."""
    sentences: list[Sentence] = []
    for line in lines:
        if not line.label.is_body:
            continue
        surface = line.span.of(text)
        start = 0
        for match in _BOUNDARY.finditer(surface):
            end = match.end()
            before = surface[start : match.start()]
            if _ends_with_abbreviation(before, lex) or _quote_depth(surface[start:end]) > 0:
                continue
            _append_sentence(sentences, line, surface, start, end)
            start = end
        _append_sentence(sentences, line, surface, start, len(surface))
    return tuple(sentences)


def _ends_with_abbreviation(before: str, lex: SentenceLexicon) -> bool:
    token = before.rsplit(None, 1)[-1] if before.strip() else ""
    token = token.lstrip("(«\"“")
    return token in lex.abbreviations or (len(token) == 1 and token.isupper())


def _quote_depth(segment: str) -> int:
    return sum(segment.count(c) for c in _OPENERS) - sum(segment.count(c) for c in _CLOSERS)


def _append_sentence(out: list[Sentence], line: Line, surface: str, start: int, end: int) -> None:
    piece = surface[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if end - trail > start + lead:
        base = line.span.start
        out.append(Sentence(span=Span(base + start + lead, base + end - trail), line=line.n))
