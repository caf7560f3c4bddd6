"""Terminal rendering of a story dossier with rich.

Article text is always wrapped in `rich.text.Text`, never passed as a markup string, so
square brackets in an article ("[Vidéo]") are printed, not interpreted as styles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from corroborate.render.markdown import DossierView, Marker, build_view

TOP_ENTITIES = 15
_VERDICT_STYLE = {"discrepancy": "bold red", "update": "bold yellow", "agree": "green"}


def render_terminal(dossier: Mapping[str, Any], console: Console) -> None:
    """Read a story dossier dict; print it to `console`: sources, summary, figures
    (discrepancies in red, updates in yellow), timeline, quotes by speaker, top entities."""
    view = build_view(dossier)
    console.rule(Text(view.title, style="bold"))
    facts = [f"{len(view.articles)} article(s)", view.period]
    facts.append("languages: " + (", ".join(view.languages) or "unknown"))
    if view.id:
        facts.append(f"story {view.id}")
    console.print(Text(" · ".join(facts), style="dim"), justify="center")
    _sources(view, console)
    _summary(view, console)
    _figures(view, console)
    _timeline(view, console)
    _quotes(view, console)
    _entities(view, console)


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold underline"))


def _markers(markers: Sequence[Marker]) -> Text:
    return Text("".join(m.label for m in markers), style="cyan")


def _sources(view: DossierView, console: Console) -> None:
    table = Table(title="Sources", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Outlet / title")
    table.add_column("Lang")
    table.add_column("Published")
    table.add_column("Origins")
    table.add_column("Removed", justify="right")
    for a in view.articles:
        label = Text()
        label.append(a.label, style="bold")
        if a.title and a.title != a.label:
            label.append("\n" + a.title)
        if a.machine_translated:
            label.append(" (machine-translated)", style="yellow")
        table.add_row(
            Text(f"[{a.number}]", style="cyan"),
            label,
            Text(a.language or "?"),
            Text(f"{a.published} ({a.published_how})" if a.published_how else a.published or "?"),
            Text(", ".join(o.name for o in a.origins) or "—"),
            str(a.removed),
        )
    console.print()
    if view.articles:
        console.print(table)
    else:
        console.print(Text("Sources: no article.", style="dim"))


def _summary(view: DossierView, console: Console) -> None:
    _heading(console, "Summary")
    if not view.summary:
        console.print(Text("No summary sentence.", style="dim"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for s in view.summary:
        line = Text(s.sentence + " ")
        line.append_text(_markers(s.markers))
        line.append(" " + s.support, style="dim")
        grid.add_row("•", line)
    console.print(grid)


def _figures(view: DossierView, console: Console) -> None:
    _heading(console, "Figures")
    if not view.figures:
        console.print(Text("No figure.", style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD, show_lines=False)
    table.add_column("Measure", style="bold")
    table.add_column("Verdict", max_width=28)
    table.add_column("Claim")
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Qualifier")
    table.add_column("As of", no_wrap=True)
    table.add_column("Src", no_wrap=True)
    for f in view.figures:
        style = _VERDICT_STYLE.get(f.verdict, "dim")
        verdict = Text(("⚠ " if f.alarming else "") + f.verdict, style=style)
        if f.breakdown:
            verdict.append("\n" + f.breakdown, style="dim")
        for n, c in enumerate(f.claims):
            table.add_row(
                Text(f.measure) if n == 0 else Text(""),
                verdict if n == 0 else Text(""),
                Text(c.text),
                Text(c.value, style="bold red" if c.odd else ""),
                Text(c.qualifier or ""),
                Text(c.as_of or ""),
                _markers([c.marker]),
                end_section=n == len(f.claims) - 1,
            )
    console.print(table)


def _timeline(view: DossierView, console: Console) -> None:
    _heading(console, "Timeline")
    if not view.timeline:
        console.print(Text("No dated event.", style="dim"))
        return
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("Date", no_wrap=True, style="bold")
    table.add_column("Event")
    table.add_column("Src", no_wrap=True)
    for e in view.timeline:
        event = Text("(background) ", style="dim italic") if e.background else Text()
        event.append(e.event, style="dim" if e.background else "")
        table.add_row(Text(e.date), event, _markers(e.markers))
    console.print(table)


def _quotes(view: DossierView, console: Console) -> None:
    _heading(console, "Quotes")
    if not view.speakers:
        console.print(Text("No quote.", style="dim"))
    for speaker in view.speakers:
        console.print(Text(speaker.name, style="bold magenta"))
        for statement in speaker.statements:
            q = statement.quote
            line = Text("« ")
            line.append(q.text, style="italic")
            line.append(" » ")
            if q.speaker_text:
                line.append(f"— {q.speaker_text} ", style="dim")
            line.append_text(_markers([q.marker]))
            console.print(Padding(line, (0, 0, 0, 2)))
            for v in statement.variants:
                variant = Text("same statement in ", style="dim")
                variant.append_text(_markers([v.marker]))
                variant.append(": « " + v.text + " »", style="dim")
                console.print(Padding(variant, (0, 0, 0, 6)))


def _entities(view: DossierView, console: Console) -> None:
    shown = min(TOP_ENTITIES, len(view.entities))
    _heading(console, f"Entities (top {shown} of {len(view.entities)})")
    if not view.entities:
        console.print(Text("No entity.", style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Entity", style="bold")
    table.add_column("Kind")
    table.add_column("Variants")
    table.add_column("Mentions", justify="right")
    table.add_column("Articles", justify="right")
    for e in view.entities[:TOP_ENTITIES]:
        table.add_row(
            Text(e.name),
            Text(e.kind),
            Text(", ".join(e.variants)),
            str(e.mentions),
            str(e.articles),
        )
    console.print(table)
