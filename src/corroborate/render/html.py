"""Self-contained HTML rendering of a story dossier.

One file, no network: CSS and the few lines of JS are inline, the timeline chart is an
inline SVG whose geometry is computed here. The template is rendered with autoescape on,
so every piece of article text reaches the page as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from corroborate.render.markdown import DossierView, EntryView, build_view, parse_date

# Chart geometry, in SVG user units (pixels at 100 % zoom).
_COLUMN = 86
_GAP = 46
_MARGIN = 36
_DOT = 7
_STEP = 18
_MAX_STACK = 8
_LONG_GAP_DAYS = 14


@dataclass(frozen=True, slots=True)
class ChartDot:
    y: int
    background: bool
    title: str
    href: str


@dataclass(frozen=True, slots=True)
class ChartColumn:
    """The events of one date, stacked above the axis."""

    x: int
    label: str
    dots: tuple[ChartDot, ...]
    more: int  # events not drawn because the stack is full


@dataclass(frozen=True, slots=True)
class ChartGap:
    """A break in the axis where consecutive dates are far apart ("3 mo" later)."""

    x: int
    label: str


@dataclass(frozen=True, slots=True)
class TimelineChart:
    width: int
    height: int
    axis_y: int
    columns: tuple[ChartColumn, ...]
    gaps: tuple[ChartGap, ...]


def render_html(dossier: Mapping[str, Any]) -> str:
    """Read a story dossier dict; produce one self-contained, printable HTML page."""
    view = build_view(dossier)
    template = _environment().get_template("story.html.j2")
    return template.render(view=view, chart=build_chart(view.timeline))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("corroborate.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def build_chart(entries: Sequence[EntryView]) -> TimelineChart | None:
    """Read timeline entries sorted by date; produce the geometry of their SVG chart.

    The axis is ordinal (one column per date) with marked breaks, because a story's
    background often reaches back years while its events span days: a linear axis would
    squash the days into one point. Entries whose date does not parse are left out.
    """
    dated = [(parse_date(e.date), e) for e in entries]
    by_date: dict[str, list[EntryView]] = {}
    days: dict[str, int] = {}
    for day, entry in dated:
        if day is not None:
            by_date.setdefault(entry.date, []).append(entry)
            days[entry.date] = day.toordinal()
    if not by_date:
        return None
    stack = min(_MAX_STACK, max(len(v) for v in by_date.values()))
    axis_y = _MARGIN + stack * _STEP
    columns: list[ChartColumn] = []
    gaps: list[ChartGap] = []
    x = _MARGIN + _COLUMN // 2
    previous: int | None = None
    for label, group in by_date.items():
        if previous is not None:
            distance = days[label] - previous
            if distance > _LONG_GAP_DAYS:
                gaps.append(ChartGap(x - _COLUMN // 2 + _GAP // 2, _duration(distance)))
                x += _GAP
        previous = days[label]
        dots = tuple(
            ChartDot(
                y=axis_y - _DOT - 4 - n * _STEP,
                background=entry.background,
                title=f"{entry.date}: {entry.event}",
                href=f"#{entry.anchor}",
            )
            for n, entry in enumerate(group[:stack])
        )
        columns.append(ChartColumn(x, label, dots, len(group) - len(dots)))
        x += _COLUMN
    width = x - _COLUMN // 2 + _MARGIN
    return TimelineChart(width, axis_y + 40, axis_y, tuple(columns), tuple(gaps))


def _duration(days: int) -> str:
    if days >= 730:
        return f"{days // 365} y"
    if days >= 60:
        return f"{days // 30} mo"
    if days >= 14:
        return f"{days // 7} wk"
    return f"{days} d"


__all__ = ["DossierView", "TimelineChart", "build_chart", "render_html"]
