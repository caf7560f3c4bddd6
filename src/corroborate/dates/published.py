"""The publication date of an article, with the evidence it was found from.

Metadata first, then bylines and datelines, then an inference from the dates and
weekdays of the body, then the dates of the article's story (see `infer_published`).
Reads the same language data as `expressions` (`data/<lang>/dates.toml`).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from ..langdata import load_toml
from ..model import Article, Line, LineLabel, Published, Span
from .expressions import (
    _METADATA_LABELS,
    _WINDOW_DAYS,
    _YEARS_BACK,
    DateLexicon,
    _date,
    _folded,
    _Hit,
    _months_on,
    _nearest,
    _parse_iso,
    _scan,
)

# What may stand between a relative expression and the date that glosses it: "hier, 12
# janvier", "ayer (12 de enero)", "hier 12 janvier".
_GLOSS_GAP = re.compile(r"[ \t\u00a0,;:()\[\]\-\u2013\u2014]*")
# A year right after a date that has none, in a byline: "25 de febrero 2011", "31 de Marzo
# de 2011" glued to what follows ("201131/03/2011").
_YEAR_AFTER = re.compile(r"[\s,]*(?:[^\W\d_]{1,3}\s+)?((?:18|19|20)\d\d)")
# A numeric date with a two-digit year ("15/01/12"): only read in bylines and datelines.
_SHORT_YEAR_DATE = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{2})(?![\d/.])")
_NOT_THE_PAGE_YEAR = frozenset({LineLabel.CREDIT, LineLabel.FOREIGN_DATE,
                                LineLabel.FOREIGN_HEADLINE})
# Lines of other stories: what they say of a publication is theirs.
_OTHER_STORIES = frozenset({LineLabel.FOREIGN_DATE, LineLabel.FOREIGN_HEADLINE})
# A year written as a bare number anywhere on the page.
_BARE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
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
    weeks after the date's week; `months` first moves the date that many months on ("hace
    cuatro años": 48).  `month` None: only the day of the month is written."""

    day: int
    month: int | None
    year: int | None
    span: Span
    how: str
    low: int = 0
    high: int = 0
    weeks: int | None = None
    months: int = 0

    def days(self, written: dt.date) -> list[dt.date]:
        """The publication days this fix allows when its date is `written`."""
        if self.months:
            moved = _months_on(written, self.months)
            if moved is None:
                return []
            written = moved
        if self.weeks is not None:
            monday = written - dt.timedelta(days=written.weekday()) + dt.timedelta(weeks=self.weeks)
            return [monday + dt.timedelta(days=i) for i in range(7)]
        return [written + dt.timedelta(days=i) for i in range(self.low, self.high + 1)]


def _publication_cue(norm: str, line: Line, lex: DateLexicon) -> bool:
    """Whether a line of the folded text starts with a publication cue ("Publié le")."""
    return lex.published_cue is not None and bool(lex.published_cue.search(line.span.of(norm)))


# A publication or update cue ends right before its date: only this much of the line
# before a date is searched for one (a long line must not be searched once per date).
_CUE_REACH = 160


def _line_year(norm: str, hit: _Hit, line: Line) -> int | None:
    """The year written right after a date without one in a byline or dateline: "viernes
    25 de febrero 2011, actualizada", "Jueves, 31 de Marzo de 201131/03/2011"."""
    m = _YEAR_AFTER.match(norm, hit.span.end, line.span.end)
    return int(m.group(1)) if m else None


def _short_year_dates(norm: str, line: Line, today: dt.date) -> list[tuple[dt.date, Span]]:
    """Numeric dates with a two-digit year in a byline or dateline ("Publié le 15/01/12 à
    00h00"), day first; the century is the one that does not put the date after today."""
    found: list[tuple[dt.date, Span]] = []
    for m in _SHORT_YEAR_DATE.finditer(norm, line.span.start, line.span.end):
        short = int(m.group(3))
        year = 2000 + short if 2000 + short <= today.year else 1900 + short
        when = _date(year, int(m.group(2)), int(m.group(1)))
        if when is not None:
            found.append((when, Span(m.start(), m.end())))
    return found


def _names_itself(norm: str, line: Line, lex: DateLexicon) -> bool:
    """Whether a line of the folded text names the article's own publication ("* Este
    artículo apareció en la edición impresa del …"): such a line is the article's, however
    the cleaner labelled it (a footnote after the body looks like a related link)."""
    return (lex.self_published_in is not None and line.label not in _OTHER_STORIES
            and lex.self_published_in.search(norm, line.span.start, line.span.end) is not None)


def _header_date(text: str, lines: Sequence[Line], lex: DateLexicon,
                 today: dt.date) -> Published | None:
    """The first full date of a dateline, byline or credit line, of a body line that
    starts with a publication cue, or written right after the article names its own
    publication ("Cet article a été publié le", anywhere in the body); a date after an
    update cue ("Mis à jour le") only when no other is written.  In a dateline, byline
    or credit line a date may take the year written right after it, and a numeric date
    may have a two-digit year."""
    norm = _folded(text)
    found: list[tuple[bool, int, dt.date, Span]] = []
    readable = [ln for ln in lines if ln.label.is_body or ln.label in _METADATA_LABELS
                or _names_itself(norm, ln, lex)]
    starts = [ln.span.start for ln in readable]
    covered: list[Span] = []
    cued: dict[int, bool] = {}  # line start → whether it starts with a publication cue
    for hit in _scan(text, [ln.span for ln in readable], lex):  # one pass: _scan folds the text
        if hit.kind == "date" and hit.month and hit.day:
            line = readable[bisect_right(starts, hit.span.start) - 1]
            year = hit.year
            if year is None and line.label in _METADATA_LABELS:
                year = _line_year(norm, hit, line)
            if year is None:
                continue
            covered.append(hit.span)
            if line.span.start not in cued:
                cued[line.span.start] = _publication_cue(norm, line, lex)
            metadata = line.label in _METADATA_LABELS or cued[line.span.start]
            when = _date(year, hit.month, hit.day)
            if when is None or when > today:
                continue
            before_start = max(line.span.start, hit.span.start - _CUE_REACH)
            before = norm[before_start : hit.span.start]
            own = lex.self_published is not None and lex.self_published.search(before)
            if not own and not (line.label.is_body or line.label in _METADATA_LABELS):
                continue  # a noise line is read for the article's own publication only
            if not metadata and not own:
                # inside a body line only after a capitalised cue: "… Reuters Publié le
                # 12 mars 2011" is a byline run into the text, "un rapport publié le 3
                # mars 2010" is not; or after the article names itself ("Esta nota fue
                # publicada originalmente el …")
                cue = lex.published_tail.search(before) if lex.published_tail else None
                if cue is None or not text[before_start + cue.start()].isupper():
                    continue
            updated = lex.updated_cue is not None and bool(lex.updated_cue.search(before))
            found.append((updated, hit.span.start, when, hit.span))
    for line in readable:
        if line.label not in _METADATA_LABELS:
            continue
        for when, span in _short_year_dates(norm, line, today):
            if when <= today and not any(c.start <= span.start < c.end for c in covered):
                before = norm[max(line.span.start, span.start - _CUE_REACH) : span.start]
                updated = lex.updated_cue is not None and bool(lex.updated_cue.search(before))
                found.append((updated, span.start, when, span))
    if not found:
        return None
    _, _, when, span = min(found, key=lambda f: (f[0], f[1]))
    return Published(when.isoformat(), "dateline", span)


def _page_year(text: str, lines: Sequence[Line], today: dt.date) -> int | None:
    """The year the page writes most often as a bare number ("#Yemen_2011", "la Syrie
    2011" in a series note), when no dated expression of the body writes one: a hint for
    the year of dates written without it, never a date itself.  Credit lines are not
    read ("© 2020" is when the page was served, not when the article was written), nor
    the headlines and dates of other stories."""
    counts: Counter[int] = Counter()
    for line in lines:
        if line.label in _NOT_THE_PAGE_YEAR:
            continue
        for m in _BARE_YEAR.finditer(text, line.span.start, line.span.end):
            if int(m.group(0)) <= today.year:
                counts[int(m.group(0))] += 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


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


# How many of the first body lines a line holding nothing but a date may be.
_DATE_LINE_REACH = 5


def _date_line_fix(text: str, lines: Sequence[Line], hits: Sequence[_Hit]) -> _Fix | None:
    """A line holding nothing but a date ("Mercredi 30 janvier", "12 mars 2011.") among
    the first `_DATE_LINE_REACH` body lines: the date the page gives the article, as a
    dateline would."""
    for line in [ln for ln in lines if ln.label.is_body][:_DATE_LINE_REACH]:
        for hit in hits:
            if hit.kind == "date" and hit.month and hit.day and not hit.deadline \
                    and line.span.start <= hit.span.start and hit.span.end <= line.span.end:
                rest = text[line.span.start:hit.span.start] + text[hit.span.end:line.span.end]
                if not any(ch.isalnum() for ch in rest):
                    return _Fix(hit.day, hit.month, hit.year, hit.span, "dateline")
    return None


# How far (characters) from the anniversary words the date of the event may be written.
_ANNIVERSARY_REACH = 1000
# The end of a sentence, for the sentence an anniversary is named in.
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[^\W\d_])")


def _anniversary_fix(norm: str, lines: Sequence[Line], hits: Sequence[_Hit],
                     lex: DateLexicon, today: dt.date) -> _Fix | None:
    """What an anniversary says of the publication day: "le premier anniversaire du
    soulèvement" with "15 mars 2011" the full date written nearest the words -> 15 March
    2012.  Read in body lines only; the first anniversary with such a date within
    `_ANNIVERSARY_REACH` characters is taken, unless its own sentence already dates it
    (a date or a month with its year before the words)."""
    if lex.anniversary is None:
        return None
    full = [h for h in hits if h.kind == "date" and h.year is not None and h.month and h.day
            and not h.deadline]
    if not full:
        return None
    for line in lines:
        if not line.label.is_body:
            continue
        for m in lex.anniversary.finditer(norm, line.span.start, line.span.end):
            count = lex.anniversary_ordinals.get(" ".join(m.group("n").casefold().split()))
            if not count:
                continue
            # "El 15 de marzo del 2012 se cumplió el primer aniversario", "en janvier
            # 2012, à l'occasion du premier anniversaire": the sentence dates the
            # anniversary itself, which says nothing of the publication
            start = max((e.end() for e in _SENTENCE_END.finditer(norm, line.span.start,
                                                                  m.start())),
                        default=line.span.start)
            if any(h.year is not None and h.kind in ("date", "month")
                   and start <= h.span.start < m.start() for h in hits):
                continue
            def gap(h: _Hit, m: re.Match[str] = m) -> int:
                return min(abs(h.span.start - m.end()), abs(m.start() - h.span.end))

            event = min(full, key=gap)
            if gap(event) > _ANNIVERSARY_REACH:
                continue
            when = _date((event.year or 0) + count, event.month or 1, event.day or 1)
            if when is not None and when <= today:
                return _Fix(when.day, when.month, when.year, Span(m.start(), m.end()),
                            "anniversary")
    return None


_MONTHS_PER = {"month": 1, "year": 12}


def _gloss(rel: _Hit, date: _Hit) -> _Fix | None:
    """What a relative expression glossed by a date says of the publication day:
    "hier, 12 janvier" -> the 13th; "il y a deux jours, le 10" -> the 12th; "le 15 mars
    2011, il y a un an jour pour jour" -> 15 March 2012; "lundi
    dernier, 10 janvier" -> within the 7 days after; "la semaine dernière, le 5" -> the
    week after the 5th's; "este jueves (24.03.2016)" -> that day."""
    if date.deadline or not (date.month and date.day):
        return None
    fix = _Fix(date.day, date.month, date.year, Span(min(rel.span.start, date.span.start),
                                                      max(rel.span.end, date.span.end)),
               "relative-date")
    if rel.kind == "relday":
        return replace(fix, low=-rel.delta, high=-rel.delta)
    if (rel.kind == "offset" and rel.base == "anchor" and rel.amount
            and not (rel.duration or rel.approximate or rel.bounded)):
        if rel.unit == "day":
            return replace(fix, low=-rel.sign * rel.amount, high=-rel.sign * rel.amount)
        if rel.unit in _MONTHS_PER and rel.exact:
            # "El 15 de marzo de 2011, hace ahora cuatro años": written on that day's
            # return, as an anniversary is ("hace dos años, el 30 de agosto de 2008" may
            # be two and a half)
            return replace(fix, months=-rel.sign * rel.amount * _MONTHS_PER[rel.unit])
    if rel.kind == "weekday" and rel.direction == "this":
        # "este jueves (24.03.2016)", "ce mardi 3 septembre": the day of the writing,
        # when the date falls on that weekday
        written = _date(date.year, date.month, date.day) if date.year is not None else None
        if written is not None and written.weekday() != rel.weekday:
            return None
        return replace(fix, low=0, high=0)
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
    """A candidate publication day: how well the weekdays and dates fit it (`fit`), and
    the drift from the latest date written (see `_DRIFT`)."""

    fit: int
    drift: float
    day: dt.date
    evidence: Span
    how: str

    @property
    def score(self) -> float:
        """The fit less the drift."""
        return self.fit - self.drift


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
            today: dt.date) -> tuple[list[dt.date], _Hit, dt.date] | None:
    """Candidate days from the dates alone: on or after the latest past date, before the
    nearest future one (at most `_WINDOW_DAYS` after), not after `today`; and the day the
    publication most likely is, that they were read from (the latest past date, else the
    day before the nearest future one)."""
    past_ids = {id(h) for h in past}  # (by identity: a long text has thousands of hits)
    past_days = [(when, h) for h, when in placed if id(h) in past_ids]
    future_days = sorted(when for h, when in placed if id(h) not in past_ids and not h.deadline)
    if past_days:
        low, low_hit = max(past_days, key=lambda p: p[0])
        anchor = low
    elif future_days:
        low = future_days[0] - dt.timedelta(days=_WINDOW_DAYS)
        low_hit = next(h for h, when in placed if when == future_days[0])
        anchor = future_days[0] - dt.timedelta(days=1)
    else:
        return None
    if low > today:
        return None
    # a date announced in the future tense has not come yet (else it would be "today")
    later = [d - dt.timedelta(days=1) for d in future_days if d > low]
    high = min(later[0] if later else low + dt.timedelta(days=_WINDOW_DAYS), today)
    return [low + dt.timedelta(days=i) for i in range((high - low).days + 1)], low_hit, anchor


# How many years after the latest year a text writes a date written with its weekday but
# no year may lie ("el martes 4 de abril" where the latest year written is 2015: 2017).
_LATER_YEARS = 6


def _pin_weekday_years(hits: Sequence[_Hit], written_years: Sequence[int],
                       today: dt.date) -> tuple[_Hit, ...]:
    """The hits, where a date written with its weekday but no year ("mercredi 30
    janvier") takes the one year that makes the weekday true among the years the text
    writes with that month ("janvier 2013"), else among the latest year it writes and
    the one before, else the years next to the latest ("samedi 10 mars" a year after "le
    15 mars 2011"), else the first of the following years (see `_later_years`).  A
    weekday pins a year only among the years the text speaks of or just after them: any
    weekday is true of a day every few years.  Where two years fit alike, none is
    taken."""
    spoken = set(written_years)
    latest = max(spoken, default=None)
    by_month: dict[int, set[int]] = {}  # month -> the years written with it
    for h in hits:
        if h.year is not None and h.month and h.kind in ("date", "month"):
            by_month.setdefault(h.month, set()).add(h.year)
    out: list[_Hit] = []
    for hit in hits:
        if _weekday_date(hit) and latest is not None:
            same_month = by_month.get(hit.month or 0, set())
            recent = {y for y in spoken - same_month if y >= latest - 1}
            near = {latest - 1, latest + 1} - spoken
            later = _later_years(hit, latest, today) if not same_month else []
            for years in (same_month, recent, near, later):
                fits = [y for y in years if _weekday_holds(hit, y, today)]
                if fits:
                    if len(fits) == 1:
                        hit = replace(hit, year=fits[0])
                    break
        out.append(hit)
    return tuple(out)


def _later_years(hit: _Hit, latest: int, today: dt.date) -> list[int]:
    """The first year, two to `_LATER_YEARS` after the latest year the text writes, in
    which a weekday-and-date hit's weekday holds: such a date is of the article's own
    time, which is at or after the years the text recalls ("el martes 4 de abril" in a
    text whose latest year is 2015 -> 2017; an older year it writes, "desde 2006", is
    history).  None when the text writes the date's month with a year: a weekday that
    fits none of them is a slip, not a later year."""
    for year in range(latest + 2, min(latest + _LATER_YEARS, today.year) + 1):
        if _weekday_holds(hit, year, today):
            return [year]
    return []


def _hinted_years(year_hint: int, story_range: tuple[dt.date, dt.date] | None) -> set[int]:
    """The years a story or collection hint speaks of: the hint, the year before it, and
    the years of the story's range."""
    years = {year_hint, year_hint - 1}
    if story_range is not None:
        years |= {story_range[0].year, story_range[1].year}
    return years


def _contradicted(hits: Sequence[_Hit], years: set[int]) -> bool:
    """Whether a date written with its weekday but no year ("jeudi 13 janvier") falls on
    another weekday in every one of `years`: the text then says the hint is wrong."""
    return any(_weekday_date(hit) and not any(_weekday_holds(hit, y) for y in years) for hit in hits)


def _weekday_date(hit: _Hit) -> bool:
    """A date written with its weekday but no year: "jeudi 13 janvier"."""
    return hit.kind == "date" and hit.year is None and hit.weekday is not None \
        and bool(hit.month) and bool(hit.day)


def _weekday_holds(hit: _Hit, year: int, today: dt.date | None = None) -> bool:
    """Whether a weekday-and-date hit's weekday is true of its day in `year` (a day
    after `today`, when given, does not count)."""
    day = _date(year, hit.month or 1, hit.day or 1)
    return day is not None and day.weekday() == hit.weekday and (today is None or day <= today)


def _years_of_days(dated: Sequence[_Hit]) -> dict[tuple[int, int], int]:
    """The year of each (month, day) the text writes with one year only: "le 15 mars"
    after "15.03.2011" is that day again."""
    years: dict[tuple[int, int], set[int]] = {}
    for hit in dated:
        if hit.year is not None:
            years.setdefault((hit.month or 1, hit.day or 1), set()).add(hit.year)
    return {key: next(iter(ys)) for key, ys in years.items() if len(ys) == 1}


def _place(dated: Sequence[_Hit], pivot: dt.date) -> list[tuple[_Hit, dt.date]]:
    """The day of each date hit, in reading order: a date written with its year is that
    day; one without is placed nearest the date read just before it, as a reader follows
    a chronology from "1 de diciembre" to "23 de enero" into the next year.  A date read
    before any other has no chronology to follow: it is the day the text writes with its
    year elsewhere ("desde el 15 de marzo" over a chronology opening "15.03.2011"), else
    the one nearest `pivot`."""
    placed: list[tuple[_Hit, dt.date]] = []
    previous = pivot
    known = _years_of_days(dated)
    for hit in sorted(dated, key=lambda h: h.span.start):
        month, day = hit.month or 1, hit.day or 1
        year = hit.year if hit.year is not None or placed else known.get((month, day))
        when = (_date(year, month, day) if year is not None
                else _nearest(month, day, previous, None))
        if when is not None:
            placed.append((hit, when))
            previous = when
    return placed


# What each day between a candidate publication day and the latest date written costs
# (in weekday-score points).
_DRIFT = 0.5


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
    placed = _place(dated, pivot)
    anchor: dt.date | None = None
    if written is not None and fix is not None:
        candidates, base_span, base_how = [d for d in fix.days(written) if d <= today], fix.span, fix.how
    else:
        window = _window(placed, past, today)
        if window is None:
            return []
        candidates, low_hit, anchor = window
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
        # news is written soon after the latest event it dates: each day further from
        # it needs more weekday evidence
        drift = _DRIFT * abs((pub_day - anchor).days) if anchor is not None else 0.0
        scored = [(_weekday_score(h, pub_day), h) for h in weekdays]
        top = max(scored, key=lambda p: p[0], default=None)
        evidence, how = base_span, base_how
        if base_how == "latest-mention" and top is not None and top[0] > 0:
            evidence, how = top[1].span, "weekday-consistency"
        elif base_how == "latest-mention" and consistency > 0 and fitting is not None:
            evidence, how = fitting.span, "weekday-consistency"
        # a weekday said again and again is one piece of evidence: its best-fitting
        # mention counts, once
        per_weekday: dict[int | None, int] = {}
        for score, hit in scored:
            per_weekday[hit.weekday] = max(score, per_weekday.get(hit.weekday, score))
        out.append(_Guess(consistency + sum(per_weekday.values()), drift, pub_day, evidence, how))
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
            story_range: tuple[dt.date, dt.date] | None,
            hinted_how: str = "+year-from-story") -> Published | None:
    """The best guess.  The years are told apart by the fit alone: among the years whose
    days fit best, the story's range decides (the best-fitting day nearest it), else the
    story's year, the year the text writes, the latest year.  Within the year, the day
    that fits best less its drift, the earliest of equal ones."""
    if not guesses:
        return None
    top = max(g.fit for g in guesses)
    tied = sorted((g for g in guesses if g.fit == top), key=lambda g: g.day)
    years = {g.day.year for g in tied}
    near = (min(tied, key=lambda g: (_distance(g.day, story_range), g.day))
            if story_range is not None and len({g.day for g in tied}) > 1 else None)
    if near is not None and story_range is not None \
            and _distance(near.day, story_range) <= _WINDOW_DAYS:
        return Published(near.day.isoformat(),
                         near.how + (YEAR_FROM_STORY if len(years) > 1 else DAY_FROM_STORY),
                         near.evidence)
    year, suffix = tied[0].day.year, ""
    if len(years) > 1:
        year = (year_hint if year_hint in years else prior_year if prior_year in years
                else max(years))
        suffix = hinted_how if year == year_hint else YEAR_ASSUMED
    chosen = max((g for g in guesses if g.day.year == year),
                 key=lambda g: (g.score, -g.day.toordinal()))
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


# How many days apart the dates of two related links may lie and still be one stretch.
_LINK_GAP = 7
# A day guessed from the page's related links, not read in the article: grouping does not
# count it among the dates a story read.  It is not re-dated from the story: a story's
# range and a weekday mention are weaker evidence than the links on the page itself.
FROM_RELATED_LINKS = "related-links"


def _related_links_date(text: str, lines: Sequence[Line], lex: DateLexicon,
                        today: dt.date) -> Published | None:
    """For a page that dates nothing of its own, the day of the stories it links to as
    related ("… (12.04.2018)"): they are chosen when the article is written, so most of
    them date from the days up to it.  Their full dates are chained into stretches (no
    two consecutive more than `_LINK_GAP` days apart); the stretch holding most links,
    the earliest of equal ones (a later one is the "latest news" of the day the page was
    captured), gives its last day.  A lone dated link is no stretch: None."""
    links = [ln.span for ln in lines if ln.label is LineLabel.RELATED_LINK]
    dated = sorted((when, hit.span) for hit in _scan(text, links, lex)
                   if hit.kind == "date" and hit.year is not None and hit.month and hit.day
                   and (when := _date(hit.year, hit.month, hit.day)) is not None
                   and when <= today)
    stretches: list[list[tuple[dt.date, Span]]] = []
    for item in dated:
        if stretches and (item[0] - stretches[-1][-1][0]).days <= _LINK_GAP:
            stretches[-1].append(item)
        else:
            stretches.append([item])
    best = max(stretches, key=len, default=[])  # max keeps the first of equal ones
    if len(best) < 2:
        return None
    when, span = best[-1]
    return Published(when.isoformat(), FROM_RELATED_LINKS, span)


YEAR_ASSUMED = "+year-assumed"
YEAR_FROM_STORY = "+year-from-story"
# The year most of the collection's dated articles were written in: a weaker hint than
# the story's, for an article that joins no dated story.
YEAR_FROM_COLLECTION = "+year-from-collection"
DAY_FROM_STORY = "+day-from-story"


def infer_published(article: Article, lines: Sequence[Line], lex: DateLexicon,
                    today: dt.date, year_hint: int | None = None,
                    story_range: tuple[dt.date, dt.date] | None = None,
                    hinted_how: str = YEAR_FROM_STORY) -> Published | None:
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
       "Paris :, 13 (EUROPE PRESSE)", or one of the first five body lines holding nothing
       but a date: "Mercredi 30 janvier"; how = "dateline"), else from a relative expression
       glossed by a date on the same line (how = "relative-date"): "hier, 12 janvier" ->
       the 13th, "avant-hier" -> two days after, "il y a trois jours, le 10" -> the 13th,
       "le 15 mars 2011, il y a un an jour pour jour" -> 15 March 2012,
       "aujourd'hui (12.01.2022)" -> that day, "lundi dernier, 10 janvier" -> one of the
       seven days after, "la semaine dernière, le 5 janvier" -> the week after the 5th's;
       else from an anniversary: "premier anniversaire" with "15 mars 2011" the full date
       written nearest it -> 15 March 2012 (how = "anniversary"; not when its own sentence
       dates the anniversary: "El 15 de marzo del 2012 se cumplió el primer aniversario").
    4. Otherwise candidates from the dates written: on or after the latest past date and
       before the nearest future one (at most ten days after), not after `today`; dates
       after "jusqu'au"/"d'ici le" bound nothing; a lone dateline day fixes the day.
       A date without a year lies nearest the date read before it, so a chronology
       runs on into the next year; a date read before any other is the day the text
       writes with its year elsewhere, else the one nearest the latest full date.
    Candidate days are scored by the weekday mentions: a past-tense "mercredi" fits a
    Wednesday publication (or a Thursday one, less), "ce jeudi" a Thursday best, a
    future "jeudi" the day before; "mardi 13 janvier" must match its date; a weekday
    said several times counts once, by its best-fitting mention.  Each day
    between a candidate and the latest past date (or the day before the nearest future
    one) costs half a point: "mercredi" said three times after "jeudi 4 octobre" is the
    Wednesday before it, not one a week later.  how = "weekday-consistency" when a
    weekday fitted, else "latest-mention".  Years are told apart by the weekdays alone;
    equal ones are broken by the story's range when given (the tied day nearest it,
    within ten days; how += "+day-from-story" or "+year-from-story"), else by the rules
    below.
    A date written with its weekday but no year ("mercredi 30 janvier") takes the one
    year where the weekday holds among those the text writes with that month ("janvier
    2013"), else the latest year it writes and the one before, else next to the latest,
    else the first of the five after those (not when that month is written with a year:
    the weekday is then a slip); it then counts as a full date.
    When no year is written the years are tried (the year the text writes in "en 2011",
    "janvier 2011" and the next one when it writes one; else, with `year_hint`, that year
    and the one before it and the years of `story_range` — unless a date written with its
    weekday falls on another weekday in all of them; else `today.year` and the twelve
    before, and the hint's years); several years fitting equally -> `year_hint` if it is
    one of them (how += `hinted_how`: "+year-from-story", or "+year-from-collection" when
    the hint is the collection's most common year), else the written year or the latest
    (how += "+year-assumed").
    5. No day-and-month date at all: with `story_range`, the day of a past-tense weekday
       mention ("s'est rendu mercredi") within three days of the range, nearest to it
       (how = "story-weekday", evidence = the weekday).
    6. Still nothing: the last day of the stretch of time most of the page's related links
       are dated in (how = "related-links", see `_related_links_date`); else None.
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
    norm = _folded(text)
    fix = (_dateline_fix(text, usable, lex) or _gloss_fix(norm, hits)
           or _anniversary_fix(norm, usable, hits, lex, today))
    written_years = [h.year for h in hits if h.year is not None and h.year <= today.year]
    hits = _pin_weekday_years(hits, written_years, today)
    fix = fix or _date_line_fix(text, usable, hits)
    explicit = [d for h in hits if h.kind == "date" and h.year is not None and h.month and h.day
                and (d := _date(h.year, h.month, h.day)) is not None and d <= today]
    prior_year = max(written_years, default=None) or _page_year(text, lines, today)
    guesses: list[_Guess] = []
    from_hint = False
    if fix is not None and fix.year is not None:
        guesses = _safe_guesses(fix.year, hits, fix, today, None)
    elif explicit:
        pivot = max(explicit)
        guesses = _safe_guesses(pivot.year, hits, fix, today, pivot)
    else:
        if prior_year:
            years = list(range(min(prior_year + 1, today.year), prior_year - 1, -1))
        elif year_hint is not None and year_hint <= today.year \
                and not _contradicted(hits, spoken := _hinted_years(year_hint, story_range)):
            # the text writes no year: its weekdays choose only among the years its story
            # (or collection) speaks of, not among any years they happen to fit
            years = sorted((y for y in spoken if y <= today.year), reverse=True)
            from_hint = True
        else:
            years = list(range(today.year, max(today.year - _YEARS_BACK, dt.MINYEAR), -1))
            if year_hint is not None and year_hint <= today.year:
                years += [y for y in (year_hint, year_hint - 1) if y not in years]
        for year in years:
            guesses += _safe_guesses(year, hits, fix, today, None)
    chosen = _choose(guesses, year_hint, prior_year, story_range, hinted_how)
    if chosen is None:
        weekday = _story_weekday(hits, story_range, today) if story_range is not None else None
        return weekday or _related_links_date(text, lines, lex, today)
    if chosen is not None and from_hint and "+" not in chosen.how:
        # only the hint's years were tried: the year is the hint's, however well it fits
        chosen = replace(chosen, how=chosen.how + hinted_how)
    return chosen
