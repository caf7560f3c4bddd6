"""Time expressions: find them in an article and resolve them against a date.

`find_time_expressions` finds explicit dates ("le 13 janvier 2022", "January 13"),
relative days ("hier", "demain"), weekdays ("mardi", "ce jeudi", "jeudi prochain"),
offsets ("dans deux jours", "il y a trois jours", "deux jours plus tard", "la semaine
dernière", "la veille"), durations that set an end ("dans une dizaine de jours"), months
("en janvier 2022", "mi-mars") and years in a year context ("en 2021") — and resolves each
against the publication date.  `find_timexes` gives the same expressions and also lengths
("trois jours"), sets ("chaque année"), clock times ("18 h") and references
("maintenant") in ISO-TimeML TIMEX3 terms (type and value), for evaluation and export.

All words and patterns come from `data/<lang>/dates.toml` (placeholders such as
``{day}`` and ``{month}`` are documented at the top of the French file); this module only
knows the calendar.  Matching runs on a same-length normalised copy of the text
(typographic apostrophes and hyphens folded), so offsets are those of the original text.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from threading import Lock
from types import MappingProxyType
from typing import Any

from ..langdata import load_toml
from ..language import trie_alternation
from ..model import LineLabel, Span, TimeExpr

__all__ = ["DateLexicon", "Timex", "date_lexicon", "find_time_expressions", "find_timexes"]

# One character for one character, so that offsets into the copy are offsets into the text.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
                       "\u2010": "-", "\u2011": "-"})

# Overlapping candidates: the longest wins, then the most specific kind.
_KIND_RANK = {"date": 0, "month": 1, "offset": 2, "period": 3, "anchored": 4, "relday": 5,
              "year": 6, "weekday": 7, "age": 8, "length": 9, "set": 10, "clock": 11, "reference": 12}

# Kinds that name a day, to which a part of the day or a clock time may be attached.
_DAY_KINDS = frozenset({"date", "weekday", "relday", "anchored"})
# Kinds that are no point or period of the calendar: found for TIMEX3 (`find_timexes`),
# left out of the dossier's time expressions, which are dates.
_UNDATED = frozenset({"length", "set", "reference", "clock", "age"})
# TIMEX3 unit letters; hours, minutes and seconds take the "T" of times.
_TIMEX_UNITS = {"hour": "TH", "minute": "TM", "second": "TS", "day": "D", "week": "W",
                "month": "M", "year": "Y"}

_METADATA_LABELS = frozenset({LineLabel.DATELINE, LineLabel.BYLINE, LineLabel.CREDIT})

# How far after the latest past date mentioned the publication may be (days), when
# nothing in the article bounds it.
_WINDOW_DAYS = 10
# How far a date may lie on the "wrong" side of the anchor for the tense of its clause
# before the tense moves it a year ("il est arrivé le 13 janvier" in an article dated the
# 12th; "a décidé d'organiser un référendum le 26 février" on 18 February): anchors
# inferred from the text may be off, and the verb governing a date is often not the one of
# its event.  Months: one month.
_TENSE_SLACK = dt.timedelta(days=31)
# How many years back the year of an article that writes no year is searched.
_YEARS_BACK = 12


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One compiled pattern of the lexicon and what a match of it means."""

    kind: str  # date | month | year | weekday | relday | anchored | period | offset
    #           | length | set | clock | reference
    regex: re.Pattern[str]
    sign: int = 1
    base: str = "anchor"  # anchor | previous
    duration: bool = False
    requires: str | None = None  # a tense the clause must have for the match to count


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class DateLexicon:
    """The compiled date vocabulary of one language (see `date_lexicon`)."""

    lang: str
    patterns: tuple[_Pattern, ...]
    months: Mapping[str, int]  # folded form -> 1..12
    weekdays: Mapping[str, int]  # folded form -> 0 (Monday) .. 6
    directions: Mapping[str, str]  # -> last | next
    prefixes: Mapping[str, str]  # -> plain | deadline
    relative_days: Mapping[str, int]
    anchored_days: Mapping[str, int]
    periods: Mapping[str, tuple[str, int]]
    numbers: Mapping[str, int]
    approximate: Mapping[str, int]
    units: Mapping[str, str]  # -> hour | day | week | month | year
    past_cues: tuple[re.Pattern[str], ...]
    future_cues: tuple[re.Pattern[str], ...]
    published_cue: re.Pattern[str] | None
    published_tail: re.Pattern[str] | None  # matches text that ends with "Publié le"
    updated_cue: re.Pattern[str] | None  # matches text that ends with "mis à jour (le)"
    day_parts: Mapping[str, str] = field(default_factory=_empty)  # folded form -> MO | AF | EV | NI
    part_after: re.Pattern[str] | None = None  # a part of the day right after a day
    part_end: re.Pattern[str] | None = None  # a surface that ends with a part of the day
    references: Mapping[str, str] = field(default_factory=_empty)  # -> PRESENT_REF | PAST_REF | ...
    set_words: Mapping[str, str] = field(default_factory=_empty)  # -> a TIMEX3 set value
    clock_words: Mapping[str, str] = field(default_factory=_empty)  # -> HH:MM
    timex_strip: re.Pattern[str] | None = None  # leading words a TIMEX3 extent leaves out
    # matches text that ends with "cet article a été publié le": the article naming its
    # own publication, anywhere in its text
    self_published: re.Pattern[str] | None = None
    # finds, anywhere in a line, the cues that name this very article ("* Este artículo
    # apareció en la edición impresa del …"): such a line is read whatever its label
    self_published_in: re.Pattern[str] | None = None
    # an anniversary with its count ("premier anniversaire"): group "n" is the count's
    # form, a key of `anniversary_ordinals`
    anniversary: re.Pattern[str] | None = None
    anniversary_ordinals: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class _Hit:
    """A matched expression before resolution (independent of any anchor)."""

    span: Span
    kind: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    direction: str | None = None  # last | next | this
    deadline: bool = False
    delta: int = 0  # relative days, anchored days, period count
    unit: str | None = None
    amount: int | None = None  # None for vague amounts ("quelques")
    approximate: bool = False
    bounded: bool = False
    sign: int = 1
    base: str = "anchor"
    duration: bool = False
    exact: bool = False  # an offset meant to the day ("il y a un an jour pour jour")
    that_year: bool = False  # a date of the year last written ("le 24 mars de cette année-là")
    tense: str | None = None  # past | future | None (unknown)
    part: str | None = None  # part of the day (TIMEX3 code: MO, AF, EV, NI)
    clock: str | None = None  # HH:MM
    quantity: str | None = None  # the amount as TIMEX3 writes it ("3", "30.4", "X")
    code: str | None = None  # a TIMEX3 value given by the data (references, set words)


# -- the lexicon ---------------------------------------------------------------------


def _fold(words: str) -> str:
    """The lookup key of a matched form: folded apostrophes, lower case, single spaces."""
    return " ".join(words.translate(_FOLD).casefold().split())


def _tokens(word: str, trailing_space: bool = False) -> list[str]:
    """The regex tokens of a folded form: its characters escaped, spaces as `\\s+`."""
    tokens: list[str] = []
    for part in word.split():
        if tokens:
            tokens.append(r"\s+")
        tokens.extend(re.escape(ch) for ch in part)
    return [*tokens, r"\s+"] if trailing_space else tokens


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words` (longest first; spaces match any whitespace), as a
    trie: the month or number words are tried one character at a time."""
    forms = sorted({_fold(w) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return trie_alternation(_tokens(w) for w in forms)


def _context(words: Iterable[str]) -> str:
    """Context words followed by a space, except those ending in ' or - ("mi-", "d'")."""
    forms = sorted({_fold(w) for w in words}, key=lambda w: (-len(w), w))
    return trie_alternation(_tokens(w, trailing_space=not w.endswith(("'", "-")))
                            for w in forms)


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    return {_fold(k): v for k, v in value.items()} if isinstance(value, Mapping) else {}


def _names(data: Mapping[str, Any], key: str) -> dict[str, int]:
    """Forms of a list of lists (months, weekdays) -> index of their list."""
    return {_fold(form): i for i, forms in enumerate(data.get(key, [])) for form in forms}


def _placeholders(data: Mapping[str, Any], lex: DateLexicon) -> dict[str, str]:
    def group(name: str, alternatives: str) -> str:
        return f"(?P<{name}>{alternatives})" if alternatives else "(?!)"

    suffixes = _alternation(data.get("ordinal_suffixes", []))
    numbers = _alternation([*lex.numbers, *lex.approximate, *data.get("vague_numbers", [])])
    links = _context(data.get("unit_links", []))
    return {
        "day": r"(?P<day>3[01]|[12]\d|0?[1-9])" + (f"(?:{suffixes})?" if suffixes else "")
        + r"(?!\d)",
        "monthnum": r"(?P<monthnum>1[0-2]|0?[1-9])(?!\d)",
        "year": r"(?P<year>(?:18|19|20)\d\d)(?!\d)",
        "month": group("month", _alternation(lex.months)),
        "weekday": group("weekday", _alternation(lex.weekdays)),
        "dir": group("dir", _alternation(lex.directions)),
        "this": group("this", _alternation(data.get("this_words", []))),
        "prefix": f"(?:(?P<prefix>{_alternation(lex.prefixes)})\\s+)?" if lex.prefixes else "",
        "mctx": f"(?:{_context(data.get('month_contexts', [])) or '(?!)'})",
        "yctx": f"(?:{_context(data.get('year_contexts', [])) or '(?!)'})",
        "qual": (f"(?:(?P<qual>{_alternation(data.get('bound_qualifiers', []))})\\s+)?"
                 if data.get("bound_qualifiers") else ""),
        "num": f"(?P<num>\\d{{1,3}}(?:,\\d+)?|{numbers})" if numbers else r"(?P<num>\d{1,3})",
        "hour": r"(?P<hour>2[0-4]|[01]?\d)(?!\d)",
        "minute": r"(?P<minute>[0-5]\d)(?!\d)",
        # Only at the end of a phrase: "octobre 98," but not "le 3 mars 20 manifestants".
        "yy": r"(?P<yy>'?\d\d)(?=\s*(?:[,;)!?\u00bb]|[.:](?!\d)|$))",
        "clockword": group("clockword", _alternation(lex.clock_words)),
        "unit": (f"(?:{links})?" if links else "") + group("unit", _alternation(lex.units)),
    }


def _compile(template: str, fill: Mapping[str, str]) -> re.Pattern[str]:
    """A data-file pattern with its placeholders filled, bounded by non-word characters."""
    body = re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), m.group(0)), template)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@cache
def date_lexicon(lang: str) -> DateLexicon:
    """Reads `data/<lang>/dates.toml` and produces the compiled lexicon of that language
    (an empty but valid lexicon, which finds nothing, when the file is missing)."""
    data = load_toml(lang, "dates")
    periods = {k: (str(v[0]), int(v[1])) for k, v in _table(data, "relative_periods").items()}
    cues = data.get("published_cues", [])
    updated = data.get("updated_cues", [])
    named = data.get("self_named_cues", [])
    selfcues = data.get("self_published_cues", []) + named
    ordinals = {k: int(v) for k, v in _table(data, "anniversary_ordinals").items()}
    anniversaries = data.get("anniversary_words", [])
    parts = _table(data, "day_parts")
    links = _context(data.get("day_part_links", []))
    strip = _context(data.get("timex_strip", []))
    lex = DateLexicon(
        lang=lang,
        patterns=(),
        months=MappingProxyType({k: v + 1 for k, v in _names(data, "months").items()}),
        weekdays=MappingProxyType(_names(data, "weekdays")),
        directions=MappingProxyType(_table(data, "directions")),
        prefixes=MappingProxyType(_table(data, "date_prefixes")),
        relative_days=MappingProxyType(_table(data, "relative_days")),
        anchored_days=MappingProxyType(_table(data, "anchored_days")),
        periods=MappingProxyType(periods),
        numbers=MappingProxyType(_table(data, "numbers")),
        approximate=MappingProxyType(_table(data, "approximate_numbers")),
        units=MappingProxyType(_table(data, "units")),
        past_cues=tuple(re.compile(p, re.IGNORECASE) for p in data.get("past_cues", [])),
        future_cues=tuple(re.compile(p, re.IGNORECASE) for p in data.get("future_cues", [])),
        published_cue=(re.compile(rf"^\W*(?:{_alternation(cues)})(?!\w)", re.IGNORECASE)
                       if cues else None),
        published_tail=(re.compile(rf"(?<!\w)(?:{_alternation(cues)})\W*$", re.IGNORECASE)
                        if cues else None),
        updated_cue=(re.compile(rf"(?<!\w)(?:{_alternation(updated)})\W*$", re.IGNORECASE)
                     if updated else None),
        day_parts=MappingProxyType(parts),
        part_after=(re.compile(rf"\s+(?:{links})?(?P<part>{_alternation(parts)})(?!\w)",
                               re.IGNORECASE) if parts else None),
        part_end=(re.compile(rf"(?<!\w)(?P<part>{_alternation(parts)})$", re.IGNORECASE)
                  if parts else None),
        references=MappingProxyType({k: str(v) for k, v in _table(data, "references").items()}),
        set_words=MappingProxyType({k: str(v) for k, v in _table(data, "set_words").items()}),
        clock_words=MappingProxyType({k: str(v) for k, v in _table(data, "clock_words").items()}),
        timex_strip=re.compile(rf"(?:{strip})+", re.IGNORECASE) if strip else None,
        self_published=(re.compile(rf"(?:{'|'.join(selfcues)})\W*$", re.IGNORECASE)
                        if selfcues else None),
        self_published_in=re.compile("|".join(named), re.IGNORECASE) if named else None,
        anniversary=(re.compile(rf"(?<!\w)(?P<n>{_alternation(ordinals)})\s+"
                                rf"(?:{_alternation(anniversaries)})(?!\w)", re.IGNORECASE)
                     if ordinals and anniversaries else None),
        anniversary_ordinals=MappingProxyType(ordinals),
    )
    fill = _placeholders(data, lex)
    patterns: list[_Pattern] = []
    for kind in ("date", "month", "year", "weekday", "clock", "length", "set", "age"):
        patterns += [_Pattern(kind, _compile(t, fill)) for t in data.get(f"{kind}_patterns", [])]
    for kind, table in (("relday", lex.relative_days), ("anchored", lex.anchored_days),
                        ("period", lex.periods), ("reference", lex.references),
                        ("set", lex.set_words)):
        if table:
            patterns.append(_Pattern(kind, _compile(f"(?P<{kind}>{_alternation(table)})", fill)))
    for entry in data.get("offsets", []):
        patterns.append(_Pattern("offset", _compile(entry["pattern"], fill),
                                 sign=int(entry.get("sign", 1)),
                                 base=str(entry.get("base", "anchor")),
                                 duration=bool(entry.get("duration", False)),
                                 requires=entry.get("requires")))
    return replace(lex, patterns=tuple(patterns))


# -- finding ---------------------------------------------------------------------------


def _group(m: re.Match[str], name: str) -> str | None:
    """A named group's text, None when the pattern lacks the group or it did not match."""
    return m.group(name) if name in m.re.groupindex else None


def _century(yy: str | None) -> int | None:
    """A two-digit year ("octobre 98", "'93") in the century that puts it within the
    last 80 years or the next 20 of 2000."""
    if not yy:
        return None
    value = int(yy.lstrip("'"))
    return 2000 + value if value < 30 else 1900 + value


def _hit(m: re.Match[str], pattern: _Pattern, lex: DateLexicon) -> _Hit:
    """The meaning of one match, read from its named groups."""
    def text(name: str) -> str | None:
        value = _group(m, name)
        return _fold(value) if value else None

    day, monthnum, year = text("day"), text("monthnum"), text("year")
    month_name, weekday, direction, this = text("month"), text("weekday"), text("dir"), text("this")
    hit = _Hit(
        span=Span(m.start(), m.end()),
        kind=pattern.kind,
        day=int(re.sub(r"\D", "", day)) if day else None,
        month=int(monthnum) if monthnum else lex.months.get(month_name or ""),
        year=int(year) if year else _century(text("yy")),
        weekday=lex.weekdays.get(weekday) if weekday else None,
        direction="this" if this else lex.directions.get(direction) if direction else None,
        deadline=lex.prefixes.get(text("prefix") or "") == "deadline",
        sign=pattern.sign, base=pattern.base, duration=pattern.duration,
        exact=bool(_group(m, "exact")), that_year=bool(_group(m, "thatyear")),
    )
    key = text(pattern.kind) or ""
    if pattern.kind == "relday":
        return replace(hit, delta=int(lex.relative_days.get(key, 0)))
    if pattern.kind == "anchored":
        return replace(hit, delta=int(lex.anchored_days.get(key, 0)))
    if pattern.kind == "period":
        unit, count = lex.periods.get(key, ("week", 0))
        return replace(hit, unit=unit, delta=count)
    if pattern.kind == "reference":
        return replace(hit, code=lex.references.get(key))
    if pattern.kind == "set" and key:
        return replace(hit, code=lex.set_words.get(key))
    if pattern.kind == "clock":
        word = text("clockword")
        hour, minute = text("hour"), text("minute")
        clock = (lex.clock_words.get(word) if word
                 else f"{int(hour):02d}:{int(minute or 0):02d}" if hour else None)
        return replace(hit, clock=clock)
    if pattern.kind in ("offset", "length", "set"):
        num = text("num") or ""
        amount = (int(num) if num.isdigit() else lex.numbers.get(num, lex.approximate.get(num)))
        if re.fullmatch(r"\d+,\d+", num):
            quantity: str | None = num.replace(",", ".")
        elif amount is not None:
            quantity = str(amount)
        else:  # vague ("quelques", "plusieurs") or unwritten ("ces derniers jours")
            quantity = "X"
        return replace(hit, unit=lex.units.get(text("unit") or ""), amount=amount,
                       approximate=num in lex.approximate, bounded=text("qual") is not None,
                       quantity=quantity)
    return hit


_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u00bb\u201d)\]]*\s+")


def _pieces(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-like pieces of `norm[start:end]`, split after . ! ? (not after "M.")."""
    pieces: list[tuple[int, int]] = []
    last = start
    for m in _BOUNDARY.finditer(norm, start, end):
        before = norm[max(start, m.start() - 2) : m.start()]
        initial = len(before) == 2 and before[1].isalpha() and not before[0].isalnum()
        if m.group(0)[0] == "." and initial:
            continue  # an initial or an honorific ("M."), not the end of a sentence
        pieces.append((last, m.end()))
        last = m.end()
    pieces.append((last, end))
    return pieces


@dataclass(frozen=True, slots=True)
class _PieceCues:
    """The verb cues of one piece, indexed so that the cue governing each expression is
    found in logarithmic time (a piece may be a whole 200 000-character line)."""

    starts: tuple[int, ...]  # cue starts, ascending
    latest: tuple[tuple[int, str] | None, ...]  # per prefix: (end, tense) reaching furthest
    first: tuple[str, ...]  # tense of the cue at that start (the earliest listed on a tie)


def _piece_cues(norm: str, piece: tuple[int, int], lex: DateLexicon) -> _PieceCues:
    """Every cue match of the piece, in the order the rules list them: future cues first,
    so that on a tie ("est prévue", a passive that reads like a past) the future wins."""
    listed = [(m.start(), m.end(), tense)
              for tense, cues in (("future", lex.future_cues), ("past", lex.past_cues))
              for cue in cues for m in cue.finditer(norm, piece[0], piece[1])]
    order = sorted(range(len(listed)), key=lambda i: (listed[i][0], i))
    latest: list[tuple[int, str] | None] = [None]
    best: tuple[int, int, str] | None = None  # (end, -listed index, tense)
    for i in order:
        start, end, tense = listed[i]
        if best is None or (end, -i) > best[:2]:
            best = (end, -i, tense)
        latest.append((best[0], best[2]))
    return _PieceCues(starts=tuple(listed[i][0] for i in order), latest=tuple(latest),
                      first=tuple(listed[i][2] for i in order))


def _tense(cues: _PieceCues, span: Span) -> str | None:
    """The tense of the verb cue governing `span` within its piece: the cue before it
    reaching furthest ("a déclaré, mardi", "commencera le 13 janvier"; a cue may run into
    the expression), else the nearest after it ("Lundi, le gouvernement a annoncé"); None
    when the piece has no cue.  Ties go to the cue listed first."""
    before = cues.latest[bisect_left(cues.starts, span.start)]
    if before is not None:
        return before[1]
    after = bisect_left(cues.starts, span.end)
    return cues.first[after] if after < len(cues.starts) else None


@lru_cache(maxsize=8)
def _folded(text: str) -> str:
    """The same-length normalised copy of a text (kept: the stages scan one article's
    text many times, and str.translate is slow)."""
    return text.translate(_FOLD)


# The last few scans: an article's lines are scanned for its publication date twice
# (header dates, then all dates) and again when its story re-dates it.  Behind a lock:
# the web server annotates uploads in threads.
_ScanKey = tuple[str, tuple[Span, ...], int]
_SCANS: OrderedDict[_ScanKey, tuple[DateLexicon, tuple[_Hit, ...]]] = OrderedDict()
_SCANS_KEPT = 16
_SCANS_LOCK = Lock()


def _scan(text: str, spans: Sequence[Span], lex: DateLexicon) -> tuple[_Hit, ...]:
    """Every time expression inside `spans`, unresolved, in text order (remembered for
    the last few texts: the result depends on nothing else)."""
    key = (text, tuple(spans), id(lex))
    with _SCANS_LOCK:
        kept = _SCANS.get(key)
        if kept is not None and kept[0] is lex:
            _SCANS.move_to_end(key)
            return kept[1]
    hits = _scan_spans(text, key[1], lex)
    with _SCANS_LOCK:
        _SCANS[key] = (lex, hits)
        while len(_SCANS) > _SCANS_KEPT:
            _SCANS.popitem(last=False)
    return hits


def _scan_spans(text: str, spans: Sequence[Span], lex: DateLexicon) -> tuple[_Hit, ...]:
    """`_scan` without the memory: every pattern over every span; overlapping candidates
    resolved longest first."""
    norm = _folded(text)
    found: dict[tuple[int, int], _Hit] = {}
    for span in spans:
        start, end = min(span.start, len(text)), min(span.end, len(text))
        candidates = [(m, p) for p in lex.patterns for m in p.regex.finditer(norm, start, end)
                      if m.end() > m.start()]
        candidates.sort(key=lambda c: (c[0].start() - c[0].end(), _KIND_RANK[c[1].kind],
                                       c[0].start()))
        # taken spans are disjoint: sorted by start, they are sorted by end too, so the
        # one starting last before a candidate's end is the only one it can overlap
        taken_starts: list[int] = []
        taken_ends: list[int] = []
        pieces = _pieces(norm, start, end)
        piece_starts = [p[0] for p in pieces]
        piece_cues: dict[tuple[int, int], _PieceCues] = {}
        hits: list[_Hit] = []
        for m, pattern in candidates:
            at = bisect_left(taken_starts, m.end())
            if at and taken_ends[at - 1] > m.start():
                continue
            hit = _hit(m, pattern, lex)
            if hit.kind in ("weekday", "date", "month") or pattern.requires:
                index = bisect_right(piece_starts, m.start()) - 1
                piece = pieces[index] if index >= 0 and m.start() < pieces[index][1] \
                    else (start, end)
                if piece not in piece_cues:
                    piece_cues[piece] = _piece_cues(norm, piece, lex)
                tense = _tense(piece_cues[piece], hit.span)
                # A deadline given in the past ("a donné jusqu'au 30 juin") still lies ahead.
                hit = replace(hit, tense=None if hit.deadline and tense == "past" else tense)
                if pattern.requires and hit.tense != pattern.requires:
                    continue  # "the worst crisis in 30 years" is no date
            taken_starts.insert(at, m.start())
            taken_ends.insert(at, m.end())
            hits.append(hit)
        for hit in _attach(sorted(hits, key=lambda h: h.span.start), norm, end, lex):
            found.setdefault((hit.span.start, hit.span.end), hit)
    return _with_that_year(tuple(found[k] for k in sorted(found)))


def _with_that_year(hits: tuple[_Hit, ...]) -> tuple[_Hit, ...]:
    """The hits in text order, where a date of "that year" ("el 24 de marzo de ese año",
    "le 2 mai de la même année") takes the year last written before it."""
    if not any(h.that_year for h in hits):
        return hits
    out: list[_Hit] = []
    last: int | None = None
    for hit in hits:
        if hit.that_year and hit.year is None and last is not None:
            hit = replace(hit, year=last)
        if hit.year is not None and hit.kind in ("date", "month", "year"):
            last = hit.year
        out.append(hit)
    return tuple(out)


def _attach(hits: Sequence[_Hit], norm: str, end: int, lex: DateLexicon) -> list[_Hit]:
    """Reads the hits of one span in text order, produces them with the parts of the day
    joined to the day they belong to ("mardi soir", "hier en fin d'après-midi"), so that
    each is one expression of that day."""
    out: list[_Hit] = []
    for i, hit in enumerate(hits):
        limit = hits[i + 1].span.start if i + 1 < len(hits) else end
        if hit.kind in _DAY_KINDS and lex.part_after is not None:
            m = lex.part_after.match(norm, hit.span.end, limit)
            if m:
                hit = replace(hit, span=Span(hit.span.start, m.end()),
                              part=lex.day_parts.get(_fold(m.group("part"))))
        if hit.kind in _DAY_KINDS and hit.part is None and lex.part_end is not None:
            m = lex.part_end.search(norm, hit.span.start, hit.span.end)
            if m:  # a relative day that names its part itself ("hier soir")
                hit = replace(hit, part=lex.day_parts.get(_fold(m.group("part"))))
        out.append(hit)
    return out


# -- calendar ------------------------------------------------------------------------------


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_iso(value: str | None) -> tuple[dt.date | None, int | None, int | None]:
    """An ISO day, month or year -> (day, year, month) with what is known."""
    if not value:
        return None, None, None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None, None, None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month and day:
        return _date(year, int(month), int(day)), year, int(month)
    return None, year, int(month) if month and 1 <= int(month) <= 12 else None


def _nearest(month: int, day: int, pivot: dt.date, direction: str | None,
             tense: str | None = None) -> dt.date | None:
    """The date with this month and day nearest to `pivot` (or strictly before / after
    with a direction; on or before / after with a past / future tense and no direction)."""
    options = [d for y in (pivot.year - 1, pivot.year, pivot.year + 1)
               if (d := _date(y, month, day)) is not None]
    if direction == "last":
        options = [d for d in options if d < pivot][-1:]
    elif direction == "next":
        options = [d for d in options if d > pivot][:1]
    elif tense == "past" and any(d <= pivot + _TENSE_SLACK for d in options):
        options = [d for d in options if d <= pivot + _TENSE_SLACK][-1:]
    elif tense == "future" and any(d >= pivot - _TENSE_SLACK for d in options):
        options = [d for d in options if d >= pivot - _TENSE_SLACK][:1]
    return min(options, key=lambda d: (abs((d - pivot).days), d)) if options else None


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def _weekday_date(weekday: int, anchor: dt.date, direction: str | None,
                  tense: str | None) -> dt.date:
    """The day named by a weekday mention, seen from `anchor`."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == "last":
        return anchor - dt.timedelta(days=back or 7)
    if direction == "next":
        return anchor + dt.timedelta(days=ahead or 7)
    if tense == "past":
        return anchor - dt.timedelta(days=back)
    if tense == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back) if back <= ahead else anchor + dt.timedelta(days=ahead)


def _period(unit: str | None, count: int, day: dt.date | None, year: int | None,
            month: int | None) -> str | None:
    """A week, month or year relative to the anchor, at the finest honest granularity:
    a week is given as its month (or year) only when it lies entirely inside one."""
    if unit == "week" and day is not None:
        monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=count)
        sunday = monday + dt.timedelta(days=6)
        if (monday.year, monday.month) == (sunday.year, sunday.month):
            return f"{monday.year:04d}-{monday.month:02d}"
        return f"{monday.year:04d}" if monday.year == sunday.year else None
    if unit == "month" and year is not None and month is not None:
        y, m = _add_months(year, month, count)
        return f"{y:04d}-{m:02d}"
    if unit == "year" and year is not None:
        return f"{year + count:04d}"
    return None


def _shift(base: dt.date, unit: str | None, amount: int, exact: bool = False) -> str | None:
    """`base` moved by `amount` units, as ISO at the unit's granularity (the day, when
    the offset is meant to the day: "il y a un an jour pour jour")."""
    if unit in ("second", "minute", "hour", "day", "week"):
        days = (amount * 7 if unit == "week" else int(amount / 24) if unit == "hour"
                else 0 if unit in ("second", "minute") else amount)
        try:
            return (base + dt.timedelta(days=days)).isoformat()
        except OverflowError:
            return None
    if unit in ("month", "year"):
        months = amount * (12 if unit == "year" else 1)
        if exact:
            moved = _months_on(base, months)
            return moved.isoformat() if moved is not None else None
        y, m = _add_months(base.year, base.month, months)
        if not 1 <= y <= 9999:
            return None
        return f"{y:04d}-{m:02d}" if unit == "month" else f"{y:04d}"
    return None


def _months_on(day: dt.date, months: int) -> dt.date | None:
    """`day` that many months on, to the day: the same day of the month, or the month's
    last ("31 janvier" a month on is 28 or 29 February); None past the calendar."""
    y, m = _add_months(day.year, day.month, months)
    if not 1 <= y <= 9999:
        return None
    return dt.date(y, m, min(day.day, monthrange(y, m)[1]))


def _resolve(hit: _Hit, anchor: str | None,
             previous: dt.date | None) -> tuple[str | None, str | None]:
    """(value, anchor used) of one expression."""
    day, year, month = _parse_iso(anchor)
    iso = anchor if (day or year) else None
    if hit.kind == "date" and hit.month and hit.day:
        if hit.year is not None:
            explicit = _date(hit.year, hit.month, hit.day)
            return (explicit.isoformat() if explicit else None), iso
        if day is not None and hit.weekday is not None:
            # "jeudi 16 septembre": the weekday tells the year, when one near the anchor fits.
            fits = [d for y in (day.year - 1, day.year, day.year + 1)
                    if (d := _date(y, hit.month, hit.day)) and d.weekday() == hit.weekday]
            if fits:
                return min(fits, key=lambda d: abs((d - day).days)).isoformat(), iso
        if day is not None:
            found = _nearest(hit.month, hit.day, day, hit.direction, hit.tense)
            return (found.isoformat() if found else None), iso
        if year is not None:
            found = _date(year, hit.month, hit.day)
            return (found.isoformat() if found else None), iso
        return None, None
    if hit.kind == "month" and hit.month:
        if hit.year is not None:
            return f"{hit.year:04d}-{hit.month:02d}", iso
        if year is None:
            return None, None
        if month is None:
            return f"{year:04d}-{hit.month:02d}", iso
        here = year * 12 + month
        hit_month = hit.month
        years = [year - 1, year, year + 1]
        # A past verb puts the month on or before the anchor's, a future one on or after.
        if hit.direction == "last":
            years = [y for y in years if y * 12 + hit_month < here]
        elif hit.direction == "next":
            years = [y for y in years if y * 12 + hit_month > here]
        elif hit.tense == "past":
            years = [y for y in years if y * 12 + hit_month <= here + 1]
        elif hit.tense == "future":
            years = [y for y in years if y * 12 + hit_month >= here - 1]
        best = min(years, key=lambda y: abs(y * 12 + hit_month - here))
        return f"{best:04d}-{hit.month:02d}", iso
    if hit.kind == "year" and hit.year is not None:
        return f"{hit.year:04d}", iso
    if hit.kind == "period":
        return _period(hit.unit, hit.delta, day, year, month), iso
    if hit.kind in ("relday", "weekday", "offset", "anchored"):
        base = previous if hit.kind == "anchored" or hit.base == "previous" else day
        if base is None:
            return None, None
        used = base.isoformat()
        if hit.kind == "relday":
            return (base + dt.timedelta(days=hit.delta)).isoformat(), used
        if hit.kind == "anchored":
            return (base + dt.timedelta(days=hit.delta)).isoformat(), used
        if hit.kind == "weekday" and hit.weekday is not None:
            return _weekday_date(hit.weekday, base, hit.direction, hit.tense).isoformat(), used
        if hit.kind == "offset" and hit.amount is not None:
            return _shift(base, hit.unit, hit.sign * hit.amount, hit.exact), used
        return None, used
    return None, None


def _kind(hit: _Hit) -> str:
    if hit.kind == "relday":
        return "relative"
    if hit.kind in ("anchored", "period"):
        return "offset"
    if hit.kind == "offset":
        return "duration" if hit.duration or hit.approximate or hit.bounded else "offset"
    return hit.kind


def _resolved(text: str, spans: Sequence[Span], anchor: str | None,
              lex: DateLexicon) -> list[tuple[_Hit, str | None, str | None]]:
    """Every expression of the spans with its (value, anchor used), in text order."""
    out: list[tuple[_Hit, str | None, str | None]] = []
    previous: dt.date | None = None
    day = anchor if anchor and _parse_iso(anchor)[0] else None
    for hit in _scan(text, spans, lex):
        if hit.kind == "clock":
            # A clock time is on the last day named before it ("samedi 5 juin ... 17 h").
            out.append((hit, day, day))
            continue
        try:
            value, used = _resolve(hit, anchor, previous)
        except OverflowError:  # an anchor at the edge of the calendar
            value, used = None, None
        out.append((hit, value, used))
        if hit.kind in _DAY_KINDS and value and len(value) == 10:
            day = value
        if hit.kind == "date" and value and len(value) == 10:
            previous = dt.date.fromisoformat(value)
    return out


def find_time_expressions(text: str, spans: Sequence[Span], anchor: str | None,
                          lex: DateLexicon) -> tuple[TimeExpr, ...]:
    """Time expressions inside the given spans of `text` (the body sentences), resolved
    against `anchor` (ISO day, the publication date; None -> values only for fully
    explicit dates).  Only expressions that name a point or period of the calendar are
    produced: lengths ("trois jours"), sets ("chaque année"), bare clock times and
    references ("maintenant") are left to `find_timexes`.

    Resolution rules: a date without a year takes the year that puts it nearest to the
    anchor ("le 28 décembre" in an article of 3 January is the previous December), on or
    before it when the verb of its clause is past, on or after when it is future;
    "dernier"/"prochain" force before/after; months likewise.  A weekday is the most
    recent such day on or
    before the anchor when the nearest verb of its clause is past, the next on or after
    when it is future, strictly before/after with "dernier"/"prochain", else the nearest.
    "Deux jours plus tard", "la veille" count from the last explicit day-precise date
    written before them (unresolved when there is none).  "La semaine dernière" is given
    as its month (its year if it straddles two months).  Vague amounts ("quelques jours")
    stay unresolved; round or bounded ones ("une dizaine", "maximum dix") are durations.
    A part of the day or a clock time joined to a day ("mardi soir", "hier à 10 h") is in
    the span; the value stays the day.
    """
    return tuple(TimeExpr(span=hit.span, text=hit.span.of(text), value=value, anchor=used,
                          kind=_kind(hit))
                 for hit, value, used in _resolved(text, spans, anchor, lex)
                 if hit.kind not in _UNDATED)


# -- TIMEX3 ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression as ISO-TimeML's TIMEX3 sees it: its extent (leading prepositions
    left out: "en 1975" -> "1975"), type (DATE, TIME, DURATION, SET) and normalised value
    ("2022-01-13", "2022-W02", "2022-01-11TEV", "2022-01-11T10:00", "P3D", "PXY", "P1W",
    "XXXX-WXX-4", "PRESENT_REF"), None when it cannot be normalised."""

    span: Span
    text: str
    type: str
    value: str | None


def _week(day: dt.date, count: int) -> str:
    """The ISO week `count` weeks from the one of `day`, as TIMEX3 writes it."""
    year, week, _ = (day + dt.timedelta(weeks=count)).isocalendar()
    return f"{year:04d}-W{week:02d}"


def _length(hit: _Hit) -> str | None:
    """The TIMEX3 duration of an amount of units ("trois jours" -> P3D, "quelques
    heures" -> PTXH)."""
    unit = _TIMEX_UNITS.get(hit.unit or "")
    if unit is None or hit.quantity is None:
        return None
    return f"P{unit[:-1]}{hit.quantity}{unit[-1]}"


def _timex(hit: _Hit, value: str | None, anchor: str | None) -> tuple[str, str | None]:
    """(TIMEX3 type, TIMEX3 value) of one resolved expression."""
    if hit.kind == "reference":
        return "TIME", hit.code
    if hit.kind == "set":
        if hit.code:
            return "SET", hit.code
        if hit.weekday is not None:
            return "SET", f"XXXX-WXX-{hit.weekday + 1}"
        return "SET", _length(replace(hit, quantity="1" if hit.quantity == "X" else
                                      hit.quantity))
    if hit.kind == "length":
        return "DURATION", _length(hit)
    if hit.kind == "clock":
        return "TIME", f"{value}T{hit.clock}" if value and hit.clock else None
    if hit.kind == "period" and hit.unit == "week":
        day, _, _ = _parse_iso(anchor)
        return "DATE", _week(day, hit.delta) if day else None
    if hit.kind == "offset" and value is None:
        # "six ans après" with nothing to count from, "il y a quelques mois": an amount.
        return "DURATION", _length(hit)
    if value is not None and len(value) == 10 and (hit.clock or hit.part):
        return "TIME", f"{value}T{hit.clock or hit.part}"
    return "DATE", value


def find_timexes(text: str, spans: Sequence[Span], anchor: str | None,
                 lex: DateLexicon) -> tuple[Timex, ...]:
    """Reads the given spans of `text` and the anchor (ISO day, the document's creation
    or publication date), produces every time expression in TIMEX3 terms, in text order:
    the dates of `find_time_expressions` and also lengths, sets, clock times and
    references to the present, past or future (for TimeML evaluation and export)."""
    out: list[Timex] = []
    for hit, value, used in _resolved(text, spans, anchor, lex):
        if hit.kind == "age":
            continue
        kind, timex = _timex(hit, value, used or anchor)
        start = hit.span.start
        if lex.timex_strip is not None:
            m = lex.timex_strip.match(_folded(text), start, hit.span.end)
            if m and m.end() < hit.span.end:
                start = m.end()
        span = Span(start, hit.span.end)
        out.append(Timex(span=span, text=span.of(text), type=kind, value=timex))
    return tuple(out)
