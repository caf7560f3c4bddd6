"""Time expressions of an article and its publication date.

Two entry points:

- `find_time_expressions` finds explicit dates ("le 13 janvier 2022", "January 13"),
  relative days ("hier", "demain"), weekdays ("mardi", "ce jeudi", "jeudi prochain"),
  offsets ("dans deux jours", "il y a trois jours", "deux jours plus tard", "la semaine
  dernière", "la veille"), durations that set an end ("dans une dizaine de jours"),
  months ("en janvier 2022", "mi-mars") and years in a year context ("en 2021") — and
  resolves each against the publication date.
- `infer_published` finds the publication date: metadata, a dated dateline, or an
  inference from the body (see its docstring for the heuristics).

All words and patterns come from `data/<lang>/dates.toml` (placeholders such as
``{day}`` and ``{month}`` are documented at the top of the French file); this module only
knows the calendar.  Matching runs on a same-length normalised copy of the text
(typographic apostrophes and hyphens folded), so offsets are those of the original text.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from .langdata import load_toml
from .model import Article, Line, LineLabel, Published, Span, TimeExpr

__all__ = ["DateLexicon", "date_lexicon", "find_time_expressions", "infer_published"]

# One character for one character, so that offsets into the copy are offsets into the text.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
                       "\u2010": "-", "\u2011": "-"})

# Overlapping candidates: the longest wins, then the most specific kind.
_KIND_RANK = {"date": 0, "month": 1, "offset": 2, "period": 3, "anchored": 4, "relday": 5,
              "year": 6, "weekday": 7}

_METADATA_LABELS = frozenset({LineLabel.DATELINE, LineLabel.BYLINE, LineLabel.CREDIT})

# How far after the latest past date mentioned the publication may be (days), when
# nothing in the article bounds it.
_WINDOW_DAYS = 10
# How many years back the year of an article that writes no year is searched.
_YEARS_BACK = 12


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One compiled pattern of the lexicon and what a match of it means."""

    kind: str  # date | month | year | weekday | relday | anchored | period | offset
    regex: re.Pattern[str]
    sign: int = 1
    base: str = "anchor"  # anchor | previous
    duration: bool = False
    requires: str | None = None  # a tense the clause must have for the match to count


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
    tense: str | None = None  # past | future | None (unknown)


# -- the lexicon ---------------------------------------------------------------------


def _fold(words: str) -> str:
    """The lookup key of a matched form: folded apostrophes, lower case, single spaces."""
    return " ".join(words.translate(_FOLD).casefold().split())


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words` (longest first; spaces match any whitespace)."""
    forms = sorted({_fold(w) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in forms)


def _context(words: Iterable[str]) -> str:
    """Context words followed by a space, except those ending in ' or - ("mi-", "d'")."""
    parts: list[str] = []
    for word in sorted({_fold(w) for w in words}, key=lambda w: (-len(w), w)):
        body = r"\s+".join(re.escape(part) for part in word.split())
        parts.append(body if word.endswith(("'", "-")) else body + r"\s+")
    return "|".join(parts)


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
        "num": f"(?P<num>\\d{{1,3}}|{numbers})" if numbers else r"(?P<num>\d{1,3})",
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
    )
    fill = _placeholders(data, lex)
    patterns: list[_Pattern] = []
    for kind in ("date", "month", "year", "weekday"):
        patterns += [_Pattern(kind, _compile(t, fill)) for t in data.get(f"{kind}_patterns", [])]
    for kind, table in (("relday", lex.relative_days), ("anchored", lex.anchored_days),
                        ("period", lex.periods)):
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
        year=int(year) if year else None,
        weekday=lex.weekdays.get(weekday) if weekday else None,
        direction="this" if this else lex.directions.get(direction) if direction else None,
        deadline=lex.prefixes.get(text("prefix") or "") == "deadline",
        sign=pattern.sign, base=pattern.base, duration=pattern.duration,
    )
    key = text(pattern.kind) or ""
    if pattern.kind == "relday":
        return replace(hit, delta=int(lex.relative_days.get(key, 0)))
    if pattern.kind == "anchored":
        return replace(hit, delta=int(lex.anchored_days.get(key, 0)))
    if pattern.kind == "period":
        unit, count = lex.periods.get(key, ("week", 0))
        return replace(hit, unit=unit, delta=count)
    if pattern.kind == "offset":
        num = text("num") or ""
        amount = (int(num) if num.isdigit() else lex.numbers.get(num, lex.approximate.get(num)))
        return replace(hit, unit=lex.units.get(text("unit") or ""), amount=amount,
                       approximate=num in lex.approximate, bounded=text("qual") is not None)
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


def _tense(norm: str, piece: tuple[int, int], span: Span, lex: DateLexicon) -> str | None:
    """The tense of the verb cue governing `span` within its piece: the nearest cue before
    it ("a déclaré, mardi", "commencera le 13 janvier"), else the nearest after it ("Lundi,
    le gouvernement a annoncé"); None when the piece has no cue."""
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    for tense, cues in (("past", lex.past_cues), ("future", lex.future_cues)):
        for cue in cues:
            for m in cue.finditer(norm, piece[0], piece[1]):
                if m.start() < span.start:  # a cue may run into the expression
                    if before is None or m.end() > before[0]:
                        before = (m.end(), tense)
                elif m.start() >= span.end and (after is None or m.start() < after[0]):
                    after = (m.start(), tense)
    chosen = before or after
    return chosen[1] if chosen else None


@lru_cache(maxsize=8)
def _folded(text: str) -> str:
    """The same-length normalised copy of a text (kept: the stages scan one article's
    text many times, and str.translate is slow)."""
    return text.translate(_FOLD)


def _scan(text: str, spans: Sequence[Span], lex: DateLexicon) -> tuple[_Hit, ...]:
    """Every time expression inside `spans`, unresolved, in text order."""
    norm = _folded(text)
    found: dict[tuple[int, int], _Hit] = {}
    for span in spans:
        start, end = min(span.start, len(text)), min(span.end, len(text))
        candidates = [(m, p) for p in lex.patterns for m in p.regex.finditer(norm, start, end)
                      if m.end() > m.start()]
        candidates.sort(key=lambda c: (c[0].start() - c[0].end(), _KIND_RANK[c[1].kind],
                                       c[0].start()))
        taken: list[tuple[int, int]] = []
        pieces = _pieces(norm, start, end)
        for m, pattern in candidates:
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            hit = _hit(m, pattern, lex)
            if hit.kind in ("weekday", "date") or pattern.requires:
                piece = next((p for p in pieces if p[0] <= m.start() < p[1]), (start, end))
                hit = replace(hit, tense=_tense(norm, piece, hit.span, lex))
                if pattern.requires and hit.tense != pattern.requires:
                    continue  # "the worst crisis in 30 years" is no date
            taken.append((m.start(), m.end()))
            found.setdefault((m.start(), m.end()), hit)
    return tuple(found[k] for k in sorted(found))


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


def _nearest(month: int, day: int, pivot: dt.date, direction: str | None) -> dt.date | None:
    """The date with this month and day nearest to `pivot` (or strictly before / after)."""
    options = [d for y in (pivot.year - 1, pivot.year, pivot.year + 1)
               if (d := _date(y, month, day)) is not None]
    if direction == "last":
        options = [d for d in options if d < pivot][-1:]
    elif direction == "next":
        options = [d for d in options if d > pivot][:1]
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


def _shift(base: dt.date, unit: str | None, amount: int) -> str | None:
    """`base` moved by `amount` units, as ISO at the unit's granularity."""
    if unit in ("hour", "day", "week"):
        days = amount * 7 if unit == "week" else int(amount / 24) if unit == "hour" else amount
        try:
            return (base + dt.timedelta(days=days)).isoformat()
        except OverflowError:
            return None
    if unit == "month":
        y, m = _add_months(base.year, base.month, amount)
        return f"{y:04d}-{m:02d}" if 1 <= y <= 9999 else None
    if unit == "year":
        return f"{base.year + amount:04d}" if 1 <= base.year + amount <= 9999 else None
    return None


def _resolve(hit: _Hit, anchor: str | None,
             previous: dt.date | None) -> tuple[str | None, str | None]:
    """(value, anchor used) of one expression."""
    day, year, month = _parse_iso(anchor)
    iso = anchor if (day or year) else None
    if hit.kind == "date" and hit.month and hit.day:
        if hit.year is not None:
            explicit = _date(hit.year, hit.month, hit.day)
            return (explicit.isoformat() if explicit else None), iso
        if day is not None:
            found = _nearest(hit.month, hit.day, day, hit.direction)
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
        best = min((year - 1, year, year + 1), key=lambda y: abs(y * 12 + hit_month - here))
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
            return _shift(base, hit.unit, hit.sign * hit.amount), used
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


def find_time_expressions(text: str, spans: Sequence[Span], anchor: str | None,
                          lex: DateLexicon) -> tuple[TimeExpr, ...]:
    """Time expressions inside the given spans of `text` (the body sentences), resolved
    against `anchor` (ISO day, the publication date; None -> values only for fully
    explicit dates).

    Resolution rules: a date without a year takes the year that puts it nearest to the
    anchor ("le 28 décembre" in an article of 3 January is the previous December),
    "dernier"/"prochain" force before/after.  A weekday is the most recent such day on or
    before the anchor when the nearest verb of its clause is past, the next on or after
    when it is future, strictly before/after with "dernier"/"prochain", else the nearest.
    "Deux jours plus tard", "la veille" count from the last explicit day-precise date
    written before them (unresolved when there is none).  "La semaine dernière" is given
    as its month (its year if it straddles two months).  Vague amounts ("quelques jours")
    stay unresolved; round or bounded ones ("une dizaine", "maximum dix") are durations.
    """
    found: list[TimeExpr] = []
    previous: dt.date | None = None
    for hit in _scan(text, spans, lex):
        try:
            value, used = _resolve(hit, anchor, previous)
        except OverflowError:  # an anchor at the edge of the calendar
            value, used = None, None
        found.append(TimeExpr(span=hit.span, text=hit.span.of(text), value=value,
                              anchor=used, kind=_kind(hit)))
        if hit.kind == "date" and value and len(value) == 10:
            previous = dt.date.fromisoformat(value)
    return tuple(found)


# -- the publication date -------------------------------------------------------------

# What may stand between a relative expression and the date that glosses it: "hier, 12
# janvier", "ayer (12 de enero)", "hier 12 janvier".
_GLOSS_GAP = re.compile(r"[ \t\u00a0,;:()\[\]\-\u2013\u2014]*")
# A lone day of the month in a dateline line: "Paris :, 13 (EUROPE PRESSE)".
_LONE_DAY = re.compile(r"(?<![\w/.:-])(\d{1,2})(?![\w/:]|[.,]\d)")


@cache
def _dateline_patterns() -> tuple[re.Pattern[str], ...]:
    """The dateline shapes shared by all languages (data/_common/datelines.toml)."""
    return tuple(re.compile(p) for p in load_toml("_common", "datelines").get("patterns", ()))


def _from_metadata(value: str | None) -> Published | None:
    if not value:
        return None
    day, year, month = _parse_iso(value)
    if day is not None:
        return Published(day.isoformat(), "metadata")
    if year is not None and re.fullmatch(r"\d{4}(?:-\d{2})?", value.strip()):
        return Published(f"{year:04d}" + (f"-{month:02d}" if month else ""), "metadata")
    return None


@dataclass(frozen=True, slots=True)
class _Fix:
    """What a dateline or a glossed relative expression says of the publication day: it
    lies `low`..`high` days after the written date, or (`weeks`) in the week that many
    weeks after the date's week.  `month` None: only the day of the month is written."""

    day: int
    month: int | None
    year: int | None
    span: Span
    how: str
    low: int = 0
    high: int = 0
    weeks: int | None = None

    def days(self, written: dt.date) -> list[dt.date]:
        """The publication days this fix allows when its date is `written`."""
        if self.weeks is not None:
            monday = written - dt.timedelta(days=written.weekday()) + dt.timedelta(weeks=self.weeks)
            return [monday + dt.timedelta(days=i) for i in range(7)]
        return [written + dt.timedelta(days=i) for i in range(self.low, self.high + 1)]


def _publication_cue(text: str, line: Line, lex: DateLexicon) -> bool:
    return lex.published_cue is not None and bool(
        lex.published_cue.search(line.span.of(text).translate(_FOLD)))


def _header_date(text: str, lines: Sequence[Line], lex: DateLexicon,
                 today: dt.date) -> Published | None:
    """The first full date of a dateline, byline or credit line, or of a body line that
    starts with a publication cue; a date after an update cue ("Mis à jour le") only when
    no other is written."""
    norm = _folded(text)
    found: list[tuple[bool, int, dt.date, Span]] = []
    readable = [ln for ln in lines if ln.label.is_body or ln.label in _METADATA_LABELS]
    starts = [ln.span.start for ln in readable]
    for hit in _scan(text, [ln.span for ln in readable], lex):  # one pass: _scan folds the text
        if hit.kind == "date" and hit.year is not None and hit.month and hit.day:
            line = readable[bisect_right(starts, hit.span.start) - 1]
            metadata = line.label in _METADATA_LABELS or _publication_cue(text, line, lex)
            when = _date(hit.year, hit.month, hit.day)
            if when is None or when > today:
                continue
            before = norm[line.span.start : hit.span.start]
            if not metadata:
                # inside a body line only after a capitalised cue: "… Reuters Publié le
                # 12 mars 2011" is a byline run into the text, "un rapport publié le 3
                # mars 2010" is not
                cue = lex.published_tail.search(before) if lex.published_tail else None
                if cue is None or not text[line.span.start + cue.start()].isupper():
                    continue
            updated = lex.updated_cue is not None and bool(lex.updated_cue.search(before))
            found.append((updated, hit.span.start, when, hit.span))
    if not found:
        return None
    _, _, when, span = min(found, key=lambda f: (f[0], f[1]))
    return Published(when.isoformat(), "dateline", span)


def _month_prefix(word: str, lex: DateLexicon) -> int | None:
    """The month a dateline abbreviation ("feb", "janv") stands for, when only one
    month's forms start with it."""
    word = word.casefold().rstrip(".")
    if len(word) < 3:
        return None
    months = {n for form, n in lex.months.items() if form.rstrip(".").startswith(word)}
    return months.pop() if len(months) == 1 else None


def _parse_dateline(text: str, span: Span, lex: DateLexicon) -> _Fix | None:
    """The date part of a dateline: a date of the lexicon, or a day with an abbreviated
    month and a year as agencies write them ("2 feb", "13")."""
    for hit in _scan(text, [span], lex):
        if hit.kind == "date" and hit.month and hit.day:
            return _Fix(hit.day, hit.month, hit.year, hit.span, "dateline")
    tokens = re.findall(r"\w+\.?", span.of(text))
    numbers = [int(t) for t in tokens if t.isdigit()]
    day = next((n for n in numbers if 1 <= n <= 31), None)
    if day is None:
        return None
    month = next((m for t in tokens if not t[0].isdigit() and (m := _month_prefix(t, lex))), None)
    year = next((n for n in numbers if 1800 <= n <= 2099), None)
    return _Fix(day, month, year if month else None, span, "dateline")


def _dateline_fix(text: str, lines: Sequence[Line], lex: DateLexicon) -> _Fix | None:
    """The date of a dateline: a dateline line, or a dateline opening one of the first
    body lines ("LE CAIRE, 2 février 2013 (AFP) - …", "Paris :, 13 (EUROPE PRESSE)")."""
    datelines = [ln for ln in lines if ln.label is LineLabel.DATELINE]
    for line in datelines + [ln for ln in lines if ln.label.is_body][:3]:
        surface = line.span.of(text)
        for pattern in _dateline_patterns():
            m = pattern.match(surface)
            if m is not None and "date" in m.re.groupindex and m.group("date"):
                fix = _parse_dateline(text, Span(line.span.start + m.start("date"),
                                                 line.span.start + m.end("date")), lex)
                if fix is not None:
                    return fix
        if line.label is LineLabel.DATELINE:
            fix = _parse_dateline(text, line.span, lex)
            lone = _LONE_DAY.search(surface)
            if fix is not None and fix.month is not None:
                return fix
            if lone and 1 <= int(lone.group(1)) <= 31:
                start = line.span.start + lone.start(1)
                return _Fix(int(lone.group(1)), None, None, Span(start, start + len(lone.group(1))),
                            "dateline")
    return None


def _gloss(rel: _Hit, date: _Hit) -> _Fix | None:
    """What a relative expression glossed by a date says of the publication day:
    "hier, 12 janvier" -> the 13th; "il y a deux jours, le 10" -> the 12th; "lundi
    dernier, 10 janvier" -> within the 7 days after; "la semaine dernière, le 5" -> the
    week after the 5th's."""
    if date.deadline or not (date.month and date.day):
        return None
    fix = _Fix(date.day, date.month, date.year, Span(min(rel.span.start, date.span.start),
                                                      max(rel.span.end, date.span.end)),
               "relative-date")
    if rel.kind == "relday":
        return replace(fix, low=-rel.delta, high=-rel.delta)
    if (rel.kind == "offset" and rel.base == "anchor" and rel.unit == "day" and rel.amount
            and not (rel.duration or rel.approximate or rel.bounded)):
        return replace(fix, low=-rel.sign * rel.amount, high=-rel.sign * rel.amount)
    if rel.kind == "weekday" and rel.direction == "last":
        return replace(fix, low=1, high=7)
    if rel.kind == "weekday" and rel.direction == "next":
        return replace(fix, low=-7, high=-1)
    if rel.kind == "period" and rel.unit == "week" and rel.delta:
        return replace(fix, weeks=-rel.delta)
    return None


def _gloss_fix(text: str, hits: Sequence[_Hit]) -> _Fix | None:
    """The first relative expression written next to a date (either order, on one line)."""
    for a, b in zip(hits, hits[1:], strict=False):
        gap = _GLOSS_GAP.fullmatch(text, a.span.end, b.span.start)
        if gap is None:
            continue
        if not gap.group(0).strip(" \t\u00a0"):
            # with a space only, the date must start with its day or weekday: "la mañana
            # del 12" is a morning, "il l'a fixé hier le 12" a date that was fixed
            date = b if b.kind == "date" else a
            if date.weekday is None and not text[date.span.start].isdigit():
                continue
        fix = _gloss(a, b) if b.kind == "date" else _gloss(b, a) if a.kind == "date" else None
        if fix is not None:
            return fix
    return None


@dataclass(frozen=True, slots=True)
class _Guess:
    score: int
    day: dt.date
    evidence: Span
    how: str


def _weekday_score(hit: _Hit, day: dt.date) -> int:
    """How well a weekday mention fits a publication on `day`: reported past weekdays are
    the same day or the day before, "ce jeudi" most of all; future ones the days after."""
    if hit.weekday is None or hit.direction in ("last", "next"):
        return 0
    if hit.tense == "future":
        return {1: 2, 0: 1, 2: 1}.get((hit.weekday - day.weekday()) % 7, 0)
    back = (day.weekday() - hit.weekday) % 7
    if back == 0:
        return 3 if hit.direction == "this" else 2
    return 1 if back == 1 else 0


def _circular_latest(days: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Of (month, day) pairs without a year, the one that is latest when they are read as
    one stretch of time: the pair just before the widest gap of the calendar circle."""
    ordered = sorted(set(days))
    ordinal = [dt.date(2000, m, d).timetuple().tm_yday for m, d in ordered]  # leap year
    gaps = [((ordinal[(i + 1) % len(ordinal)] - ordinal[i]) % 366 or 366, i)
            for i in range(len(ordinal))]
    return ordered[max(gaps)[1]]


def _window(placed: Sequence[tuple[_Hit, dt.date]], past: Sequence[_Hit],
            today: dt.date) -> tuple[list[dt.date], _Hit] | None:
    """Candidate days from the dates alone: on or after the latest past date, before the
    nearest future one (at most `_WINDOW_DAYS` after), not after `today`."""
    past_days = [(when, h) for h, when in placed if h in past]
    future_days = sorted(when for h, when in placed if h not in past and not h.deadline)
    if past_days:
        low, low_hit = max(past_days, key=lambda p: p[0])
    elif future_days:
        low = future_days[0] - dt.timedelta(days=_WINDOW_DAYS)
        low_hit = next(h for h, when in placed if when == future_days[0])
    else:
        return None
    if low > today:
        return None
    # a date announced in the future tense has not come yet (else it would be "today")
    later = [d - dt.timedelta(days=1) for d in future_days if d > low]
    high = min(later[0] if later else low + dt.timedelta(days=_WINDOW_DAYS), today)
    return [low + dt.timedelta(days=i) for i in range((high - low).days + 1)], low_hit


def _guesses(year: int, hits: Sequence[_Hit], fix: _Fix | None, today: dt.date,
             pivot: dt.date | None) -> list[_Guess]:
    """Every candidate publication day, scored, when the dates without a year are placed
    around `pivot` (an explicit date), the fix's date, or their latest (month, day) in
    `year`."""
    dated = [h for h in hits if h.kind == "date" and h.month and h.day
             and _date(2000, h.month, h.day) is not None]  # 2000: leap, so 29 February exists
    past = [h for h in dated if not h.deadline and h.tense != "future" and h.direction != "next"]
    written: dt.date | None = None
    if fix is not None and fix.month is not None:
        written = (_date(fix.year, fix.month, fix.day) if fix.year is not None
                   else _nearest(fix.month, fix.day, pivot, None) if pivot is not None
                   else _date(year, fix.month, fix.day))
        if written is None:
            return []
        pivot = written
    if pivot is None:
        if not dated:
            return []
        month, day = _circular_latest([(h.month or 1, h.day or 1) for h in (past or dated)])
        pivot = _date(year, month, day) or _date(year, month, day - 1)
        if pivot is None:
            return []
    placed = [(h, when) for h in dated
              if (when := (_date(h.year, h.month or 1, h.day or 1) if h.year is not None
                           else _nearest(h.month or 1, h.day or 1, pivot, None))) is not None]
    if written is not None and fix is not None:
        candidates, base_span, base_how = [d for d in fix.days(written) if d <= today], fix.span, fix.how
    else:
        window = _window(placed, past, today)
        if window is None:
            return []
        candidates, low_hit = window
        base_span, base_how = low_hit.span, "latest-mention"
        if fix is not None:  # a lone day of the month in the dateline
            on_day = [d for i in range(32) if (d := candidates[0] + dt.timedelta(days=i)).day == fix.day]
            if on_day and on_day[0] <= today:
                candidates, base_span, base_how = on_day[:1], fix.span, fix.how
    checked = [(h, when.weekday() == h.weekday) for h, when in placed if h.weekday is not None]
    consistency = sum(3 if fits else -3 for _, fits in checked)
    fitting = next((h for h, fits in checked if fits), None)
    weekdays = [h for h in hits if h.kind == "weekday"]
    out: list[_Guess] = []
    for pub_day in candidates:
        scored = [(_weekday_score(h, pub_day), h) for h in weekdays]
        top = max(scored, key=lambda p: p[0], default=None)
        evidence, how = base_span, base_how
        if base_how == "latest-mention" and top is not None and top[0] > 0:
            evidence, how = top[1].span, "weekday-consistency"
        elif base_how == "latest-mention" and consistency > 0 and fitting is not None:
            evidence, how = fitting.span, "weekday-consistency"
        out.append(_Guess(consistency + sum(s for s, _ in scored), pub_day, evidence, how))
    return out


def _safe_guesses(year: int, hits: Sequence[_Hit], fix: _Fix | None, today: dt.date,
                  pivot: dt.date | None) -> list[_Guess]:
    try:
        return _guesses(year, hits, fix, today, pivot)
    except (OverflowError, ValueError):  # dates at the edge of the calendar
        return []


def _distance(day: dt.date, story_range: tuple[dt.date, dt.date]) -> int:
    first, last = story_range
    return max((first - day).days, (day - last).days, 0)


def _choose(guesses: Sequence[_Guess], year_hint: int | None, prior_year: int | None,
            story_range: tuple[dt.date, dt.date] | None) -> Published | None:
    """The best guess; among equally good ones the day nearest the story's range, else
    the story's year, the year the text writes, the latest year, and the earliest day."""
    if not guesses:
        return None
    top = max(g.score for g in guesses)
    tied = sorted((g for g in guesses if g.score == top), key=lambda g: g.day)
    years = {g.day.year for g in tied}
    chosen, suffix = tied[0], ""
    near = (min(tied, key=lambda g: (_distance(g.day, story_range), g.day))
            if story_range is not None and len({g.day for g in tied}) > 1 else None)
    if near is not None and story_range is not None \
            and _distance(near.day, story_range) <= _WINDOW_DAYS:
        chosen, suffix = near, YEAR_FROM_STORY if len(years) > 1 else DAY_FROM_STORY
    elif len(years) > 1:
        hinted = [g for g in tied if g.day.year == year_hint]
        wanted = prior_year if prior_year in years else max(years)
        chosen = hinted[0] if hinted else next(g for g in tied if g.day.year == wanted)
        suffix = YEAR_FROM_STORY if hinted else YEAR_ASSUMED
    return Published(chosen.day.isoformat(), chosen.how + suffix, chosen.evidence)


def _story_weekday(hits: Sequence[_Hit], story_range: tuple[dt.date, dt.date],
                   today: dt.date) -> Published | None:
    """The day of a past-tense weekday mention ("s'est rendu mercredi") within three days
    of the story's range, the one nearest the range (all weekday mentions scored)."""
    weekdays = [h for h in hits if h.kind == "weekday" and h.weekday is not None]
    if not any(h.tense == "past" and h.direction in (None, "this") for h in weekdays):
        return None
    first, last = story_range
    span = (last - first).days + 7
    days = [d for i in range(span) if (d := first + dt.timedelta(days=i - 3)) <= today]
    best: tuple[int, int, dt.date, Span] | None = None
    for day in days:
        scored = [(_weekday_score(h, day), h) for h in weekdays]
        score, top = max(scored, key=lambda p: p[0])
        key = (score, -_distance(day, story_range), day, top.span)
        if score > 0 and (best is None or key[:2] > best[:2]):
            best = key
    return Published(best[2].isoformat(), "story-weekday", best[3]) if best else None


YEAR_ASSUMED = "+year-assumed"
YEAR_FROM_STORY = "+year-from-story"
DAY_FROM_STORY = "+day-from-story"


def infer_published(article: Article, lines: Sequence[Line], lex: DateLexicon,
                    today: dt.date, year_hint: int | None = None,
                    story_range: tuple[dt.date, dt.date] | None = None) -> Published | None:
    """The publication date of an article and its evidence.

    Reads the article's metadata, its lines and their labels, and (optionally) the year
    and the publication range (first, last) of the story it belongs to; produces a
    `Published` or None.  Page noise is never read: only body lines and dateline, byline
    and credit lines (a sidebar date labelled foreign-date is not a candidate).  In order:

    1. `article.published` (metadata).
    2. A full date (day, month, year, not after `today`) in a dateline, byline or credit
       line, or in a body line that starts with a publication cue ("Publié le …"); the
       first one, except that a date after an update cue ("Mis à jour le") is taken only
       when no other is written.  how = "dateline".
    3. A fix of the day, from a dateline (a dateline line, or one opening one of the first
       three body lines: "NOURSOULTAN, 11 janvier (Reuters) -", "EL CAIRO, 2 feb (EFE) -",
       "Paris :, 13 (EUROPE PRESSE)"; how = "dateline"), else from a relative expression
       glossed by a date on the same line (how = "relative-date"): "hier, 12 janvier" ->
       the 13th, "avant-hier" -> two days after, "il y a trois jours, le 10" -> the 13th,
       "aujourd'hui (12.01.2022)" -> that day, "lundi dernier, 10 janvier" -> one of the
       seven days after, "la semaine dernière, le 5 janvier" -> the week after the 5th's.
    4. Otherwise candidates from the dates written: on or after the latest past date and
       before the nearest future one (at most ten days after), not after `today`; dates
       after "jusqu'au"/"d'ici le" bound nothing; a lone dateline day fixes the day.
    Candidate days are scored by the weekday mentions: a past-tense "mercredi" fits a
    Wednesday publication (or a Thursday one, less), "ce jeudi" a Thursday best, a
    future "jeudi" the day before; "mardi 13 janvier" must match its date.  how =
    "weekday-consistency" when a weekday fitted, else "latest-mention".  Equal scores are
    broken by the story's range when given (the tied day nearest it, within ten days;
    how += "+day-from-story" or "+year-from-story"), else by the rules below.
    When no year is written the years are tried (the year the text writes in "en 2011",
    "janvier 2011" and the next one when it writes one, else `today.year` and the twelve
    before); several years fitting equally -> `year_hint` if it is one of them (how +=
    "+year-from-story"), else the written year or the latest (how += "+year-assumed").
    5. No day-and-month date at all: with `story_range`, the day of a past-tense weekday
       mention ("s'est rendu mercredi") within three days of the range, nearest to it
       (how = "story-weekday", evidence = the weekday); else None.
    """
    meta = _from_metadata(article.published)
    if meta is not None:
        return meta
    text = article.text
    header = _header_date(text, lines, lex, today)
    if header is not None:
        return header
    usable = [ln for ln in lines if ln.label.is_body or ln.label in _METADATA_LABELS]
    hits = _scan(text, [ln.span for ln in usable], lex)
    fix = _dateline_fix(text, usable, lex) or _gloss_fix(_folded(text), hits)
    explicit = [d for h in hits if h.kind == "date" and h.year is not None and h.month and h.day
                and (d := _date(h.year, h.month, h.day)) is not None and d <= today]
    written_years = [h.year for h in hits if h.year is not None and h.year <= today.year]
    prior_year = max(written_years, default=None)
    guesses: list[_Guess] = []
    if fix is not None and fix.year is not None:
        guesses = _safe_guesses(fix.year, hits, fix, today, None)
    elif explicit:
        pivot = max(explicit)
        guesses = _safe_guesses(pivot.year, hits, fix, today, pivot)
    else:
        years = (range(min(prior_year + 1, today.year), prior_year - 1, -1) if prior_year
                 else range(today.year, max(today.year - _YEARS_BACK, dt.MINYEAR), -1))
        for year in years:
            guesses += _safe_guesses(year, hits, fix, today, None)
    chosen = _choose(guesses, year_hint, prior_year, story_range)
    if chosen is None and story_range is not None:
        return _story_weekday(hits, story_range, today)
    return chosen
