"""Clean: label every line of an article, and split its body into sentences.

A line's label comes first from the noise patterns of the language data files (every
language's patterns apply: pages mix languages), then from its place in the page:

1. Lines the caller has already seen in other articles of the same outlet (`repeated`)
   are page furniture, unless they are long prose that shares the article's words.
2. The article body is the densest run of prose: every line gets a weight (prose counts
   by its length, short lines and noise lines cost), and the body is the contiguous run
   with the highest total (Kadane's maximum subarray) inside one zone of the page; zones
   are separated by hard barriers (three noise lines in a row, a comment header).  A
   related link followed by comment-shaped prose ends it; one noise line followed by an
   on-topic paragraph does not.  Short lines inside the body are its subheadings; a line
   ending with a colon and the line it announces (a quoted tweet) are body.
3. Above the body, the headline lines that share the article's words are its title (and
   standfirst); the others are navigation, or a sidebar headline when a date follows.
4. Below the body, a comment header, a comment form or a line written like a reader's
   comment (first person outside quotation marks, "@name", "!!!", missing spaces after a
   full stop) opens the comment zone: what follows is `comment`.  Other lines there are
   related links (headline-shaped) or navigation.

Nothing is removed: noise lines keep their label, their span and the reason.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
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
# A statement, not a question or an exclamation (headline lists are full of those).
_SENTENCE_END = re.compile(r"[.…]\s*[»\"”’)\]]*\s*$")
_WORD = re.compile(r"[^\W\d_]{4,}")
_SPACES = re.compile(r"\s+")
# Text between quotation marks is someone else's words: first person there is a quote.
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
# A sentence end glued to the next sentence ("pas.Si", "plainte ?L"): typed, not edited.
_GLUED = re.compile(r"[^\W\d_]{2}\s?[.!?]+[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’])")
_SHOUTED = re.compile(r"[!?]{2,}|\.{4,}")
_HANDLE = re.compile(r"(?:^|\s)@\w")

# Weights of the body search: what a line adds to (prose) or costs (the rest) a run.
_PROSE_WORDS_PER_POINT = 8.0
_PROSE_MAX_WORDS = 60
_SHORT_COST = -1.0
_METADATA_COST = -0.5
_NOISE_COST = -2.0
_CREDIT_COST = -3.0
_COMMENT_SHAPED_COST = -0.5
_BARRIER_RUN = 3
# This many headline-shaped lines in a row (short, no final punctuation, no pattern): a
# list of links to other stories, never the inside of an article.
_HEADLINE_RUN = 5
# A run of prose above the first comment header is the article when it weighs this much
# (about three full paragraphs; a standfirst above a comment counter does not), however
# heavy the discussion below.
_ARTICLE_MIN_WEIGHT = 8.0
# A line broken off mid-sentence holds at least this many words (a wrapped paragraph's
# lines are long; a name or a tag above a lowercase line is not one of them).
_WRAP_MIN_WORDS = 3
# A page is wrapped at a fixed width when this many lines run on into a small letter; a
# line then runs on when it fills the width (between these shares of the median length
# of those lines) without ending its sentence.
_WRAP_EVIDENCE = 5
_WRAP_FULL = 0.8
_WRAP_LONGEST = 1.3
_REATTACH_OVERLAP = 0.25
_OVERLAP_GAIN = 2.0
_GROW_MIN_WEIGHT = -0.5
_HALF_COMMENT_WEIGHT = 0.5
# A line this long whose only comment mark is a glued full stop weighs as prose.
_JOINED_MIN_WORDS = 120
# "Eman Hashim tweete :" announces a quotation: part of the body, whatever its length.
_INTRO_WEIGHT = 0.5
_METADATA = frozenset({LineLabel.BYLINE, LineLabel.DATELINE, LineLabel.COUNTER, LineLabel.OUTLET})
_COMMENT_OPENERS = frozenset({LineLabel.COMMENT, LineLabel.COMMENT_FORM})
# The title block is searched among this many headline lines above the body (a caption
# or a kicker may sit between the title and the first paragraph).
_TITLE_WINDOW = 5
# A repeated line stays article text only if it is this long and shares this much.
_REPEATED_KEEP_OVERLAP = 0.5


@dataclass(frozen=True, slots=True)
class CleanLexicon:
    """Compiled noise patterns of all languages, and the structural thresholds."""

    patterns: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    date_lines: tuple[re.Pattern[str], ...]
    first_person: tuple[re.Pattern[str], ...]
    common_words: frozenset[str]
    title_min_overlap: float
    prose_min_words: int
    tag_max_words: int
    # A byline or date line: a full date written with a year, and around it only
    # times, weekdays, month names, cue words ("Publié le", "Actualizado") and names.
    full_date: re.Pattern[str] | None = None
    date_filler: frozenset[str] = frozenset()
    byline_max_names: int = 8


@cache
def clean_lexicon() -> CleanLexicon:
    """Compile the boilerplate patterns of every language folder, once."""
    merged: dict[str, list[re.Pattern[str]]] = {}
    first_person: list[re.Pattern[str]] = []
    common: set[str] = set()
    structure: dict[str, float] = {}
    for lang in available_languages():
        data = load_toml(lang, "boilerplate")
        for table, flags in (("patterns", re.IGNORECASE), ("patterns-case", 0)):
            for label, patterns in data.get(table, {}).items():
                merged.setdefault(label, []).extend(re.compile(p, flags) for p in patterns)
        shape = data.get("comment-shape", {})
        first_person.extend(re.compile(p, re.IGNORECASE) for p in shape.get("first-person", ()))
        # Words that say nothing of the topic must not make a headline look on-topic.
        common.update(fold(w) for w in load_toml(lang, "stopwords").get("words", ()))
        common.update(fold(w) for w in data.get("overlap", {}).get("ignore", ()))
        structure = {**dict(data.get("structure", {})), **structure}
    unknown = set(merged) - set(_PRECEDENCE) - {_DATE_LINE}
    if unknown:
        raise ValueError(f"boilerplate data names unknown labels: {sorted(unknown)}")
    full_date, filler = _date_line_vocabulary()
    return CleanLexicon(
        patterns=tuple((label, tuple(merged[label])) for label in _PRECEDENCE if label in merged),
        date_lines=tuple(merged.get(_DATE_LINE, ())),
        first_person=tuple(first_person),
        common_words=frozenset(common),
        title_min_overlap=float(structure.get("title_min_overlap", 0.25)),
        prose_min_words=int(structure.get("prose_min_words", 25)),
        tag_max_words=int(structure.get("tag_max_words", 3)),
        full_date=full_date,
        date_filler=filler,
        byline_max_names=int(structure.get("byline_max_names", 8)),
    )


def _date_line_vocabulary() -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """The full-date pattern and the filler words of byline and date lines, from every
    language's month and weekday names (data/<lang>/dates.toml) and the `[date-line-words]`
    table of its boilerplate.toml (cue words, time words, links such as "de", "of")."""
    months: set[str] = set()
    filler: set[str] = set()
    links: set[str] = set()
    for lang in available_languages():
        dates = load_toml(lang, "dates")
        for key in ("months", "weekdays"):
            for forms in dates.get(key, ()):
                for form in forms:
                    word = fold(form).rstrip(".")
                    filler.add(word)
                    if key == "months":
                        months.add(word)
        table = load_toml(lang, "boilerplate").get("date-line-words", {})
        filler.update(fold(w) for w in table.get("words", ()))
        links.update(fold(w) for w in table.get("date-links", ()))
        filler.update(fold(w) for w in table.get("date-links", ()))
    if not months:
        return None, frozenset(filler)
    month = "|".join(re.escape(m) for m in sorted(months, key=lambda m: (-len(m), m)))
    link = f"(?:(?:{'|'.join(re.escape(w) for w in sorted(links))})\\s+)?" if links else ""
    year = r"(?:18|19|20)\d\d"
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:[^\W\d_]{1,2}|[º°])?"
    pattern = "|".join((
        rf"(?<![\d/.-])\d{{1,2}}[/.-]\d{{1,2}}[/.-]{year}",
        rf"(?<!\d){year}-\d{{1,2}}-\d{{1,2}}(?!\d)",
        rf"(?<![\w/.]){day}\.?\s+{link}(?:{month})\.?,?\s+{link}{year}",
        rf"(?<!\w)(?:{month})\.?\s+{day},?\s+{link}{year}",  # "Febrero 23 de 2011"
    ))
    return re.compile(pattern, re.IGNORECASE), frozenset(filler)


# Bylines and date lines are short: a longer line is prose that happens to hold a date.
_DATE_LINE_MAX_CHARS = 200
_PLAIN = re.compile(r"^[\w\s,.'’-]+$")
_ASIDE = re.compile(r"^\s*\([^()]*\)[.,;]?\s*$")
_TIME = re.compile(r"(?<!\w)\d{1,2}\s*[:h.]\s*\d{2}(?:[:.]\d{2})?(?!\d)")
_TOKEN = re.compile(r"[^\W_](?:[\w.@'’-]*\w)?")


def date_line_kind(surface: str, lex: CleanLexicon) -> str | None:
    """Reads a line, produces "date" when it is a full date (with its year) and nothing
    but times, weekdays and cue words ("Jueves 03/02/2011. Actualizado 19:03h."),
    "byline" when names stand beside them ("Agencias, Bruselas | 12/03/2011 7:59 am",
    "Marie Lemoine — 11 juillet 2011 à 0h00"), else None.  A name is a capitalised
    word, a number or an address; a lower-case word other than a filler makes the line
    prose (a caption, a sentence).  A line wholly in brackets ("(Tripoli, 7 février
    2011).") is an aside of the text — where and when a quoted speech or video was made
    — not the article's own date line."""
    if lex.full_date is None or len(surface) > _DATE_LINE_MAX_CHARS or _ASIDE.match(surface):
        return None
    folded = fold(surface)
    if len(folded) != len(surface) or not lex.full_date.search(folded):
        return None
    rest = _TIME.sub(" ", lex.full_date.sub(" ", folded))
    names = 0
    for m in _TOKEN.finditer(rest):
        word = m.group(0)
        if word in lex.date_filler or word.isdigit():
            continue
        original = surface[m.start() : m.end()]
        if not (original[0].isupper() or original[0].isdigit() or any(c in word for c in ".@")):
            return None
        names += 1
    if names > lex.byline_max_names:
        return None
    return "byline" if names else "date"


def split_lines(text: str) -> tuple[Span, ...]:
    """The span of every line of `text`, line breaks (and a trailing \\r) excluded."""
    spans = []
    start = 0
    for piece in text.split("\n"):
        end = start + len(piece)
        stop = end - 1 if piece.endswith("\r") else end
        spans.append(Span(start, stop))
        start = end + 1
    return tuple(spans)


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents (for comparisons, never for output)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def line_key(surface: str) -> str:
    """Reads a line's text, produces the key under which an outlet's repeated lines are
    counted: folded (lower case, no accents), spaces collapsed, ends stripped."""
    return _SPACES.sub(" ", fold(surface)).strip()


def content_words(text: str) -> frozenset[str]:
    """Folded words of four letters or more (a cheap stand-in for content words)."""
    return frozenset(_WORD.findall(fold(text)))


def comment_features(surface: str, lex: CleanLexicon) -> int:
    """Reads a prose line, produces how many marks of a reader's comment it bears
    (`comment_marks`)."""
    return sum(comment_marks(surface, lex))


def comment_marks(surface: str, lex: CleanLexicon) -> tuple[bool, bool, bool, bool, bool]:
    """Reads a prose line, produces which marks of a reader's comment it bears: first
    person outside quotation marks, a lower-case start, "@name", "!!"/"??", a full stop
    glued to the next sentence."""
    unquoted = _QUOTED.sub(" ", surface)
    first = surface.lstrip(" \t-–—•*\"'«“(")
    return (
        any(p.search(unquoted) for p in lex.first_person),
        bool(first) and first[0].islower(),
        bool(_HANDLE.search(surface)),
        bool(_SHOUTED.search(surface)),
        bool(_GLUED.search(surface)),
    )


# No mark of a comment; a full stop glued to the next sentence and nothing else.
_NO_MARKS = (False, False, False, False, False)
_GLUED_ONLY = (False, False, False, False, True)


def label_lines(text: str, lex: CleanLexicon, repeated: frozenset[str] = frozenset()) -> tuple[Line, ...]:
    """Reads an article's text (and the keys, see `line_key`, of the lines its outlet
    repeats on other pages), produces one labelled `Line` per line of it; the lines of a
    hard-wrapped paragraph are read and labelled together (`Line.paragraph`)."""
    spans = split_lines(text)
    lines = [s.of(text).strip() for s in spans]
    matched = [_match_line(surface, lex) for surface in lines]
    paragraphs = _paragraphs(lines, [m == _OPEN for m in matched])
    surfaces = [" ".join(lines[i] for i in members) for members in paragraphs]
    # a wrapped paragraph is read again whole; a line alone keeps what it matched
    found = [matched[m[0]] if len(m) == 1 else _match_line(surfaces[k], lex) for k, m in enumerate(paragraphs)]
    labels = [label for label, _, _, _ in found]
    reasons = [reason for _, reason, _, _ in found]
    page = _Page(surfaces, labels, reasons, [d for _, _, d, _ in found], lex, [k for _, _, _, k in found])
    page.mark_repeated(repeated, [[lines[i] for i in members] for members in paragraphs])
    page.label_by_structure()
    of_line = {i: k for k, members in enumerate(paragraphs) for i in members}
    lines_out = []
    for n, span in enumerate(spans):
        k = of_line[n]
        wrapped = len(paragraphs[k]) > 1
        lines_out.append(Line(n=n + 1, span=span, label=labels[k] or LineLabel.CONTENT,
                              reason=reasons[k] + (" (a wrapped paragraph)" if wrapped else ""),
                              paragraph=paragraphs[k][0] + 1 if wrapped else 0))
    return tuple(lines_out)


# What a line's own text says: its pattern label and reason, whether it is a date line (of
# the patterns, or a date and nothing else: "Mercredi 30 janvier"), the kind of date line
# its shape makes (`date_line_kind`).
_Matched = tuple[LineLabel | None, str, bool, str | None]
_OPEN: _Matched = (None, "", False, None)


def _match_line(surface: str, lex: CleanLexicon) -> _Matched:
    """What a line (or a wrapped paragraph) says by its own text, see `_Matched`."""
    label, reason = _match_patterns(surface, lex)
    if label is not None:
        return label, reason, False, None
    if any(p.search(surface) for p in lex.date_lines) or _date_words_only(surface, lex):
        return None, reason, True, None
    return None, reason, False, date_line_kind(surface, lex)


def _date_words_only(surface: str, lex: CleanLexicon) -> bool:
    """Whether a line is a date and nothing else, year or not ("Mercredi 30 janvier"): a
    date line, never the end of a wrapped sentence."""
    if not _PLAIN.match(surface):  # "février 2011 (4) …": a sentence's tail and a note
        return False
    tokens = _TOKEN.findall(fold(surface))
    return (any(t.isdigit() for t in tokens)
            and all(t.isdigit() or t.rstrip(".") in lex.date_filler for t in tokens))


def _paragraphs(surfaces: Sequence[str], open_: Sequence[bool]) -> list[list[int]]:
    """Reads the stripped lines of a page and whether each is open (no pattern names it:
    not a date, a link, a credit …), produces the line numbers of its paragraphs: a line
    that carries on the sentence the line above broke off (a hard-wrapped text, "…
    l'impact des\nsanctions …") belongs to that line's paragraph; every other line is a
    paragraph of its own.  A wrapped article read line by line is a pile of short lines
    without final punctuation — the shape of a headline list — and would be taken for one.

    A line of a few words without final punctuation is broken off when the next starts
    with a small letter (or it ends on a comma or a hyphen); on a page wrapped at a fixed
    width — several such breaks — also when it fills that width ("… l'Irak de\nSaddam
    Hussein …")."""
    pairs = [i for i in range(len(surfaces) - 1) if open_[i] and open_[i + 1]
             and not _FINAL_PUNCT.search(surfaces[i]) and len(surfaces[i].split()) >= _WRAP_MIN_WORDS]
    evident = [i for i in pairs if surfaces[i + 1][0].islower() or surfaces[i][-1] in ",-‐"]
    joined = set(evident)
    if len(evident) >= _WRAP_EVIDENCE:
        width = sorted(len(surfaces[i]) for i in evident)[len(evident) // 2]
        joined.update(i for i in pairs if _WRAP_FULL * width <= len(surfaces[i]) <= _WRAP_LONGEST * width)
        joined = _runs_with(joined, set(evident))
    paragraphs: list[list[int]] = []
    for i in range(len(surfaces)):
        if i - 1 in joined:
            paragraphs[-1].append(i)
        else:
            paragraphs.append([i])
    return paragraphs


def _runs_with(joined: set[int], evident: set[int]) -> set[int]:
    """The joins of `joined` that belong to a run of consecutive joins holding one of
    `evident`: a paragraph the width alone would make (a list of headlines as long as the
    page's lines, each starting with a capital) is no paragraph."""
    kept: set[int] = set()
    run: list[int] = []
    for i in sorted(joined) + [-2]:
        if run and i != run[-1] + 1:
            if evident.intersection(run):
                kept.update(run)
            run = []
        run.append(i)
    return kept


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


class _Page:
    """The lines of one article while they are being labelled (mutates `labels` and
    `reasons`, which belong to `label_lines`)."""

    def __init__(
        self,
        surfaces: Sequence[str],
        labels: list[LineLabel | None],
        reasons: list[str],
        date_line: Sequence[bool],
        lex: CleanLexicon,
        dated: Sequence[str | None] = (),
    ) -> None:
        self.surfaces = surfaces
        self.labels = labels
        self.reasons = reasons
        self.date_line = date_line
        # Bylines and date lines found by their shape (see `date_line_kind`): unlike a
        # bare date line of the patterns, they never make the headline above foreign.
        self.dated = list(dated) or [None] * len(surfaces)
        self.lex = lex
        self.prose = [
            labels[i] is None and not date_line[i] and self.dated[i] is None and _is_prose(s, lex)
            for i, s in enumerate(surfaces)
        ]
        self.words = [content_words(s) - lex.common_words for s in surfaces]
        self.vocabulary: Counter[str] = Counter()
        self.in_vocabulary = {i for i, is_prose in enumerate(self.prose) if is_prose}
        for i in self.in_vocabulary:
            self.vocabulary.update(self.words[i])

    # -- overlap with the article ------------------------------------------------------

    def overlap(self, i: int) -> float:
        """Share of line i's content words found in the (other) prose lines."""
        own = self.words[i]
        if not own:
            return 0.0
        mine = 1 if i in self.in_vocabulary else 0
        return sum(1 for w in own if self.vocabulary[w] - mine > 0) / len(own)

    # -- furniture the outlet repeats -------------------------------------------------

    def mark_repeated(self, repeated: frozenset[str], paragraphs: Sequence[Sequence[str]] = ()) -> None:
        """Label as furniture the open lines the outlet repeats on other pages (a wrapped
        paragraph when all its lines are repeated: the outlet memory keeps lines)."""
        if not repeated:
            return
        members = paragraphs or [[s] for s in self.surfaces]
        hits = [i for i, label in enumerate(self.labels)
                if label is None and all(line_key(s) in repeated for s in members[i])]
        prose_total = sum(self.prose)
        prose_hits = sum(1 for i in hits if self.prose[i])
        # Most of the prose seen elsewhere: this page is a copy of another, not furniture.
        if prose_total and prose_hits * 2 > prose_total:
            return
        for i in hits:
            words = len(self.surfaces[i].split())
            score = self.overlap(i)
            if words >= self.lex.prose_min_words and score >= _REPEATED_KEEP_OVERLAP:
                continue
            if self.prose[i]:
                label = LineLabel.PROMO if words >= self.lex.prose_min_words else LineLabel.RELATED_LINK
            elif words <= self.lex.tag_max_words:
                label = LineLabel.NAVIGATION
            else:
                label = LineLabel.RELATED_LINK
            self.labels[i] = label
            self.reasons[i] = f"repeated on other pages of the outlet, overlap {score:.2f}"
            self.prose[i] = False

    # -- the body ---------------------------------------------------------------------

    def weight(self, i: int) -> float:
        """What line i adds to a run of body lines (negative: what it costs)."""
        label = self.labels[i]
        if label is None:
            if self.date_line[i] or self.dated[i]:
                return _METADATA_COST
            if not self.prose[i]:
                # An announcing line and what it announces belong to the body.
                return _INTRO_WEIGHT if self._introduces(i) or self._is_quoted(i) else _SHORT_COST
            found = _NO_MARKS if self._is_quoted(i) else comment_marks(self.surfaces[i], self.lex)
            marks = sum(found)
            # A long paragraph whose one mark is a glued full stop is paragraphs the page's
            # extraction joined (a lost line break: "Zawawi.Treinta"), not a reader.
            if found == _GLUED_ONLY and len(self.surfaces[i].split()) >= _JOINED_MIN_WORDS:
                marks = 0
            if marks >= 2:
                return _COMMENT_SHAPED_COST
            words = min(len(self.surfaces[i].split()), _PROSE_MAX_WORDS)
            # A short sentence ("Faut-il reconstruire ?") weighs little: headline lists
            # are full of them; the body is made of long paragraphs.
            full = words / _PROSE_WORDS_PER_POINT - 1.0
            # Sharing the page's words pulls a line in; a teaser of another story does not.
            full += _OVERLAP_GAIN * (self.overlap(i) - self.lex.title_min_overlap)
            return min(full, _HALF_COMMENT_WEIGHT) if marks == 1 else full
        if label in _METADATA:
            return _METADATA_COST
        if label is LineLabel.CREDIT:
            return _CREDIT_COST
        return _NOISE_COST

    def is_barrier(self, order: Sequence[int], k: int) -> bool:
        """Whether the k-th non-blank line closes a zone of the page: a comment header or
        form, or a noise line next to another noise line."""

        def noise(j: int) -> bool:
            label = self.labels[order[j]]
            return label is not None and label not in _METADATA and label is not LineLabel.BLANK

        if self.labels[order[k]] in _COMMENT_OPENERS:
            return True
        if self._headline_run(order, k) >= _HEADLINE_RUN:
            return True
        # Three noise lines in a row: a link list or a footer, not a break in the text.
        if not noise(k):
            return False
        run = 1
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(order) and noise(j):
                run += 1
                j += step
        return run >= _BARRIER_RUN

    def _headline_shaped(self, i: int) -> bool:
        return (self.labels[i] is None and not self.prose[i] and not self.date_line[i]
                and not self.dated[i] and not _FINAL_PUNCT.search(self.surfaces[i])
                and not self._introduces(i))

    def _headline_run(self, order: Sequence[int], k: int) -> int:
        """How many headline-shaped lines in a row the k-th non-blank line belongs to."""
        if not self._headline_shaped(order[k]):
            return 0
        run = 1
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(order) and self._headline_shaped(order[j]):
                run += 1
                j += step
        return run

    def find_body(self) -> tuple[int, int] | None:
        """The first and last line of the densest run of prose, or None without prose."""
        order = [i for i, label in enumerate(self.labels) if label is not LineLabel.BLANK]
        best: tuple[float, int, int] | None = None
        before_comments: tuple[float, int, int] | None = None  # the best run above them
        total = 0.0
        start = 0
        for k, i in enumerate(order):
            if self.is_barrier(order, k):
                if self.labels[i] in _COMMENT_OPENERS and before_comments is None:
                    before_comments = best
                total, start = 0.0, k + 1
                continue
            if total <= 0.0:
                total, start = 0.0, k
            total += self.weight(i)
            if total > 0.0 and (best is None or total > best[0]):
                best = (total, order[start], i)
        # The readers write under the article: a long discussion does not outweigh the
        # article above it.
        if (before_comments is not None and best is not None and before_comments != best
                and before_comments[0] >= _ARTICLE_MIN_WEIGHT):
            best = before_comments
        if best is None:
            # No run weighs anything (a one-paragraph page): its longest prose line.
            prose = [i for i in order if self.prose[i]]
            if not prose:
                return None
            longest = max(prose, key=lambda i: len(self.surfaces[i]))
            best = (0.0, longest, longest)
        first, last = best[1], best[2]
        # The run may open on a costless line; the body starts and ends with prose.
        while first < last and not self.prose[first]:
            first += 1
        while last > first and not self.prose[last]:
            last -= 1
        if not self.prose[first]:
            return None
        first, last = self._grow(first, -1), self._grow(last, 1)
        last = self._bridge_subheadings(self._cut_before_comments(first, last))
        return first, self._reattach_below(last)

    def _bridge_subheadings(self, last: int) -> int:
        """Extend the body over a subheading-shaped line (short, no final punctuation, no
        pattern) to the paragraph after it when that paragraph reads like the article:
        a sentence, not a reader's comment — however few words it shares (a short
        article's vocabulary is small)."""
        while True:
            nxt = [j for j in range(last + 1, len(self.labels)) if self.labels[j] is not LineLabel.BLANK][:2]
            if len(nxt) < 2:
                return last
            head, j = nxt
            if self.labels[head] is not None or self.prose[head] or self.date_line[head] or self.dated[head]:
                return last
            if self._is_tag_sized(head) or _FINAL_PUNCT.search(self.surfaces[head]):
                return last
            if self.labels[j] is not None or not self.prose[j] or not _SENTENCE_END.search(self.surfaces[j]):
                return last
            if comment_features(self.surfaces[j], self.lex) or self.weight(j) <= 0.0:
                return last
            last = self._grow(j, 1)

    def _grow(self, end: int, step: int) -> int:
        """Extend the body from `end` over the sentences touching it (a short lead the
        run found too light), stopping at anything else."""
        j = end + step
        while 0 <= j < len(self.labels):
            if self.labels[j] is LineLabel.BLANK:
                j += step
                continue
            if self.labels[j] is not None or not self.prose[j] or not _SENTENCE_END.search(self.surfaces[j]):
                break
            if self.weight(j) <= _GROW_MIN_WEIGHT:
                break
            end = j
            j += step
        return end

    def _reattach_below(self, last: int) -> int:
        """Extend the body over one noise line ("Lire aussi …") to a paragraph that
        shares the article's words and reads like the article, not like a reader."""
        while True:
            nxt = [j for j in range(last + 1, len(self.labels)) if self.labels[j] is not LineLabel.BLANK][:2]
            if len(nxt) < 2 or self.labels[nxt[0]] in _COMMENT_OPENERS or self.labels[nxt[0]] is None:
                return last
            j = nxt[1]
            if not (self.prose[j] and self.labels[j] is None):
                return last
            if comment_features(self.surfaces[j], self.lex) or self.overlap(j) < _REATTACH_OVERLAP:
                return last
            last = j

    def _cut_before_comments(self, first: int, last: int) -> int:
        """End the body at a related link followed by prose written like a comment:
        a link list closing the article, then the readers (which the run may bridge)."""
        for i in range(first + 1, last + 1):
            if self.labels[i] is not LineLabel.RELATED_LINK:
                continue
            after = next((j for j in range(i + 1, last + 1) if self.prose[j]), None)
            if after is None or comment_features(self.surfaces[after], self.lex) == 0:
                continue
            end = max((j for j in range(first, i) if self.prose[j]), default=first)
            return end
        return last

    # -- labels -----------------------------------------------------------------------

    def label_by_structure(self) -> None:
        """Label the lines no pattern claimed, from the body run and each line's place."""
        body = self.find_body()
        open_lines = [i for i, label in enumerate(self.labels) if label is None]
        if body is None:
            for i in open_lines:
                self._set(i, LineLabel.CONTENT, "no prose in the article: kept as content")
            return
        first, last = body
        # The article's words are those of its body, not of the page around it.
        self.vocabulary = Counter()
        self.in_vocabulary = {i for i in range(first, last + 1) if self.prose[i] and self.labels[i] is None}
        for i in self.in_vocabulary:
            self.vocabulary.update(self.words[i])
        for i in open_lines:
            if first <= i <= last:
                self._label_inside(i)
        self._label_above(first)
        self._label_below(last)

    def _set(self, i: int, label: LineLabel, reason: str) -> None:
        self.labels[i] = label
        self.reasons[i] = reason

    def _label_inside(self, i: int) -> None:
        if self.dated[i]:
            self._set_dated(i, None)
        elif self.date_line[i]:
            self._set(i, LineLabel.DATELINE, "a date alone on its line")
        elif self.prose[i] or self._introduces(i) or self._is_quoted(i):
            self._set(i, LineLabel.CONTENT, "prose of the article's body")
        else:
            self._set(i, LineLabel.SUBHEADING, "short line inside the article's body")

    def _label_above(self, first: int) -> None:
        """Title block right above the body; navigation and sidebar headlines above it."""
        thr = self.lex.title_min_overlap
        window = [
            i
            for i in range(first - 1, -1, -1)
            if self.labels[i] is None and not self.date_line[i] and not self.dated[i] and not self._is_tag_sized(i)
        ][:_TITLE_WINDOW]
        # The on-topic headlines right above the body: kicker, title, standfirst, caption.
        block: list[int] = []
        misses = 0
        for i in window:
            # Past an off-topic line, only a clearly on-topic one still joins the block.
            if self.overlap(i) >= thr * (1 + misses):
                block.append(i)
                misses = 0
                continue
            # One off-topic line (a byline, a caption) may sit inside the block.
            misses += 1
            if misses > 1:
                break
        title = max(block, key=lambda j: (self.overlap(j), -j), default=None)
        previous: LineLabel | None = None
        for i in range(first):
            label = self.labels[i]
            if label is not None:
                if label is not LineLabel.BLANK:
                    previous = label
                continue
            score = self.overlap(i)
            if self.dated[i]:
                self._set_dated(i, LineLabel.FOREIGN_DATE if previous is LineLabel.FOREIGN_HEADLINE else None)
            elif self.date_line[i]:
                if previous is LineLabel.FOREIGN_HEADLINE:
                    self._set(i, LineLabel.FOREIGN_DATE, "date under a foreign headline")
                else:
                    self._set(i, LineLabel.DATELINE, "a date alone on its line")
            elif i == title:
                self._set(i, LineLabel.TITLE, f"headline right above the body, overlap {score:.2f}")
            elif i in block:
                self._set(i, LineLabel.SUBHEADING, f"headline next to the title, overlap {score:.2f}")
            elif self._is_tag_sized(i):
                if score >= self.lex.title_min_overlap:
                    self._set(i, LineLabel.TAG, f"short category line, overlap {score:.2f}")
                else:
                    self._set(i, LineLabel.NAVIGATION, f"short line above the article, overlap {score:.2f}")
            elif self._next_is_date(i):
                self._set(i, LineLabel.FOREIGN_HEADLINE, f"headline with its own date, overlap {score:.2f}")
            else:
                self._set(i, LineLabel.NAVIGATION, f"headline not about this article, overlap {score:.2f}")
            previous = self.labels[i]

    def _label_below(self, last: int) -> None:
        """Comments once a comment opener is seen; related links and navigation otherwise."""
        in_comments = False
        previous: LineLabel | None = None
        for i in range(last + 1, len(self.labels)):
            label = self.labels[i]
            if label is not None:
                if label in _COMMENT_OPENERS:
                    in_comments = True
                elif label is not LineLabel.BLANK:
                    in_comments = False
                if label is not LineLabel.BLANK:
                    previous = label
                continue
            if in_comments and (
                self.prose[i]
                or self._is_tag_sized(i)
                or self._introduces(i)
                or comment_features(self.surfaces[i], self.lex) > 0
            ):
                # Prose, and the short lines between (a pseudo, "Répondre"), are the readers'.
                self._set(i, LineLabel.COMMENT, "in the comments after the article")
                continue
            in_comments = False
            if self.dated[i]:
                foreign = previous in (LineLabel.RELATED_LINK, LineLabel.NAVIGATION, LineLabel.FOREIGN_HEADLINE)
                self._set_dated(i, LineLabel.FOREIGN_DATE if foreign else None)
            elif self.date_line[i]:
                if previous in (LineLabel.RELATED_LINK, LineLabel.NAVIGATION, LineLabel.FOREIGN_HEADLINE):
                    self._set(i, LineLabel.FOREIGN_DATE, "date under a headline after the article")
                else:
                    self._set(i, LineLabel.DATELINE, "a date alone on its line")
            elif self.prose[i] and comment_features(self.surfaces[i], self.lex) >= 1:
                in_comments = True
                self._set(i, LineLabel.COMMENT, "prose written like a reader's comment after the article")
            elif self.prose[i]:
                self._set(i, LineLabel.NAVIGATION, f"prose after the article, overlap {self.overlap(i):.2f}")
            elif self._is_tag_sized(i):
                self._set(i, LineLabel.NAVIGATION, "short line after the article")
            else:
                self._set(i, LineLabel.RELATED_LINK, f"headline after the article, overlap {self.overlap(i):.2f}")
            previous = self.labels[i]

    def _set_dated(self, i: int, foreign: LineLabel | None) -> None:
        """Label a byline or date line found by its shape (or `foreign`, the date of a
        headline that is not the article's)."""
        if foreign is not None:
            self._set(i, foreign, "byline or date under a headline that is not the article's")
        elif self.dated[i] == "byline":
            self._set(i, LineLabel.BYLINE, "names beside a full date and its time")
        else:
            self._set(i, LineLabel.DATELINE, "a full date with its weekday, time or cue words")

    def _introduces(self, i: int) -> bool:
        """Whether line i announces what follows (it ends with a colon)."""
        return self.surfaces[i].endswith(":")

    def _is_quoted(self, i: int) -> bool:
        """Whether line i follows a line announcing it: a quotation, whoever wrote it."""
        before = next((j for j in range(i - 1, -1, -1) if self.labels[j] is not LineLabel.BLANK), None)
        return before is not None and self._introduces(before)

    def _is_tag_sized(self, i: int) -> bool:
        surface = self.surfaces[i]
        return len(surface.split()) <= self.lex.tag_max_words and not _FINAL_PUNCT.search(surface)

    def _next_is_date(self, i: int) -> bool:
        """Whether the next non-blank line after `i` is a date alone on its line."""
        for j in range(i + 1, len(self.labels)):
            if self.labels[j] is LineLabel.BLANK:
                continue
            return self.date_line[j]
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


_LINE_BREAK = re.compile(r"[ \t\r]*\n\s*")
_BOUNDARY = re.compile(r"[.!?…]+[»\"”’)\]]*(?=\s+[«\"“(\-–—]?\s*[A-ZÀ-ÖØ-Þ0-9])")
_OPENERS = "«“"
_CLOSERS = "»”"


def split_sentences(text: str, lines: Sequence[Line], lex: SentenceLexicon) -> tuple[Sentence, ...]:
    """Reads the body lines, produces their sentences (never across a line break but
    inside a hard-wrapped paragraph, nor inside « » quotation marks, nor after an
    abbreviation or an initial).  A sentence is counted in the line it starts in."""
    sentences: list[Sentence] = []
    for block in _blocks(lines):
        base = block[0].span.start
        surface = text[base : block[-1].span.end]
        starts = [line.span.start - base for line in block]
        start = 0
        for match in _BOUNDARY.finditer(surface):
            end = match.end()
            before = surface[start : match.start()]
            if _ends_with_abbreviation(before, lex) or _quote_depth(surface[start:end]) > 0:
                continue
            _append_sentence(sentences, block, starts, base, surface, start, end)
            start = end
        _append_sentence(sentences, block, starts, base, surface, start, len(surface))
    return tuple(sentences)


def sentence_text(text: str, sentence: Sentence) -> str:
    """A sentence as shown to a reader: its text, the line breaks of a wrapped paragraph
    read as spaces (its span still points at the source)."""
    return _LINE_BREAK.sub(" ", sentence.span.of(text))


def _blocks(lines: Sequence[Line]) -> list[list[Line]]:
    """The body lines, each alone or with the following lines of its wrapped paragraph."""
    blocks: list[list[Line]] = []
    for line in lines:
        if not line.label.is_body:
            continue
        last = blocks[-1][-1] if blocks else None
        if (last is not None and line.paragraph and line.paragraph == last.paragraph
                and line.n == last.n + 1):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _ends_with_abbreviation(before: str, lex: SentenceLexicon) -> bool:
    token = before.rsplit(None, 1)[-1] if before.strip() else ""
    token = token.lstrip('(«"“')
    return token in lex.abbreviations or (len(token) == 1 and token.isupper())


def _quote_depth(segment: str) -> int:
    return sum(segment.count(c) for c in _OPENERS) - sum(segment.count(c) for c in _CLOSERS)


def _append_sentence(out: list[Sentence], block: Sequence[Line], starts: Sequence[int], base: int,
                     surface: str, start: int, end: int) -> None:
    piece = surface[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if end - trail > start + lead:
        line = block[bisect_right(starts, start + lead) - 1]
        out.append(Sentence(span=Span(base + start + lead, base + end - trail), line=line.n))
