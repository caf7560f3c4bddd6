"""The command line: a thin layer over the pipeline, the store and the renderers.

Exit status: 0 when every input was read, 1 when some inputs could not be read (they are
listed with their reason; the others were processed), 2 for a usage error, 3 when the
store cannot be opened, fails during ingest, or a story is not found; 130 when
interrupted (Ctrl-C).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .model import AnnotatedArticle, ReadFailure, Span
from .pipeline import IngestReport, brief_for, ingest
from .read import iter_sources
from .render.json import IndexArticle, dossier_to_dict, dumps, index_article, index_to_dict, story_entry
from .settings import Settings, load_settings
from .store import Store, StoreError

EXIT_OK, EXIT_PARTIAL, EXIT_STORE = 0, 1, 3
EXIT_INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C (128 + SIGINT)
PROGRESS_FROM = 20  # inputs from which a progress bar is shown

err_console = Console(stderr=True)


def _settings(config: Path | None) -> Settings:
    try:
        return load_settings(config)
    except (OSError, ValueError) as err:
        raise click.UsageError(f"settings: {err}") from None


def _today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO date: {value!r}", param_hint="--today") from None


@contextmanager
def _open_store(path: Path) -> Iterator[Store]:
    try:
        store = Store(path)
    except StoreError as err:
        err_console.print(f"[red]error:[/] {err}")
        sys.exit(EXIT_STORE)
    try:
        yield store
    finally:
        store.close()


def _run_ingest(
    inputs: Sequence[str], store: Store, settings: Settings, today: date, quiet: bool, kept: bool = False
) -> IngestReport:
    """`ingest` with a progress bar; exits with EXIT_STORE when the store fails (disk
    full, locked for minutes, corrupt) and EXIT_INTERRUPTED on Ctrl-C, saying that the
    articles stored before are kept when the store is (`kept`)."""
    after = " The articles stored before are kept: the same command, run again, goes on." if kept else ""
    try:
        return _ingest_with_progress(inputs, store, settings, today, quiet)
    except (StoreError, sqlite3.Error) as err:
        err_console.print(Text.assemble(("error:", "red"), f" the store {store.path} failed: {err}.{after}"),
                          soft_wrap=True)
        sys.exit(EXIT_STORE)
    except KeyboardInterrupt:
        err_console.print(Text.assemble(("interrupted.", "red"), after), soft_wrap=True)
        sys.exit(EXIT_INTERRUPTED)


def _ingest_with_progress(
    inputs: Sequence[str], store: Store, settings: Settings, today: date, quiet: bool
) -> IngestReport:
    sources = list(iter_sources(inputs))
    if quiet or len(sources) < PROGRESS_FROM or not err_console.is_terminal:
        return ingest(sources, store, settings, today)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("reading", total=len(sources))
        seen: set[str] = set()

        def advance(source: str) -> None:
            # a JSONL line ("file:12") or a WARC record ("file#urn:…") advances its file once
            head = source if source in sources else source.split("#", 1)[0].rsplit(":", 1)[0]
            if head not in seen:
                seen.add(head)
                bar.update(task, completed=len(seen), description=Path(head).name[:40])

        return ingest(sources, store, settings, today, progress=advance)


def _report_failures(report: IngestReport) -> None:
    """One line per input that gave no article, on stderr: the input, its status, the
    reason.  Printed as plain text, unwrapped: file names and reasons hold brackets
    ("[read] max_bytes") that are no console markup, and a line per input greps well."""
    for failure in report.failures:
        line = Text.assemble(("skipped", "yellow"), f" {failure.source}: {failure.status}: {failure.error}")
        err_console.print(line, soft_wrap=True, highlight=False)


common_options = [
    click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="TOML file overriding defaults.toml."),
    click.option("--today", metavar="YYYY-MM-DD", help="Reference date for inferring publication dates (default: today)."),
]


def with_common(func: Any) -> Any:
    for option in reversed(common_options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corroborate")
def main() -> None:
    """corroborate: from the coverage of a news story to a dossier that cites its sources."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--quiet", is_flag=True, help="No overview, no progress bar.")
@with_common
def brief(inputs: tuple[str, ...], out_dir: Path, quiet: bool, config: Path | None, today: str | None) -> None:
    """Build the dossiers of INPUTS (files, folders, - for stdin) into --out.

    Writes index.json and, per story, stories/<id>.json, .md and .html."""
    settings = _settings(config)
    with tempfile.TemporaryDirectory(prefix="corroborate-") as tmp, _open_store(Path(tmp) / "brief.db") as store:
        report = _run_ingest(inputs, store, settings, _today(today), quiet)
        dossiers = write_dossiers(store, settings, out_dir)
    _report_failures(report)
    if not quiet:
        print_overview(dossiers, report, out_dir)
    sys.exit(EXIT_OK if report.ok else EXIT_PARTIAL)


def write_dossiers(store: Store, settings: Settings, out_dir: Path) -> list[dict[str, Any]]:
    """Export every story of the store into `out_dir` (the files of OUTPUT.md); returns
    each story's overview (`_overview`).  One story's dossier is in memory at a time."""
    from .render.html import render_html
    from .render.markdown import render_markdown

    stories_dir = out_dir / "stories"
    stories_dir.mkdir(parents=True, exist_ok=True)
    entries, overviews = [], []
    articles: dict[str, IndexArticle] = {}
    story_of: dict[str, str] = {}
    storyline_of = store.storylines()
    for row in store.stories():
        brief_ = brief_for(store, row.id, settings)
        dossier = dossier_to_dict(brief_)
        (stories_dir / f"{row.id}.json").write_text(dumps(dossier), encoding="utf-8")
        (stories_dir / f"{row.id}.md").write_text(render_markdown(dossier), encoding="utf-8")
        (stories_dir / f"{row.id}.html").write_text(render_html(dossier), encoding="utf-8")
        entries.append({**story_entry(brief_, f"stories/{row.id}.json"),
                        "storyline": storyline_of.get(row.id)})
        overviews.append(_overview(dossier))
        for a in brief_.articles:
            articles[a.id] = index_article(a)
            story_of[a.id] = row.id
    index = index_to_dict(entries, store.inputs(), articles, story_of)
    (out_dir / "index.json").write_text(dumps(index), encoding="utf-8")
    return overviews


def _overview(dossier: Mapping[str, Any]) -> dict[str, Any]:
    """What the terminal overview of `brief` shows of a dossier: the story, its number of
    articles, and the figures where its sources disagree."""
    return {
        "story": dossier["story"],
        "articles": len(dossier["articles"]),
        "disagreements": [
            {"measure": f["measure"], "verdict": f["verdict"], "claims": "; ".join(c["text"] for c in f["claims"])}
            for f in dossier["figures"] if f["verdict"] in ("discrepancy", "update")
        ],
    }


def print_overview(overviews: Sequence[Mapping[str, Any]], report: IngestReport, out_dir: Path) -> None:
    """Stories, articles per story, and the figures where sources disagree."""
    console = Console()
    stories_word = "story" if len(overviews) == 1 else "stories"
    articles_word = "article" if report.read == 1 else "articles"
    table = Table(title=f"{len(overviews)} {stories_word} from {report.read} {articles_word}", box=box.SIMPLE_HEAD)
    title_width = max(16, console.width - 62)
    for column in ("story", "n", "lang", "dates", "title"):
        table.add_column(column, no_wrap=True, justify="right" if column == "n" else "left")
    for d in overviews:
        s = d["story"]
        dates = f"{s['first_date'] or '?'} – {s['last_date'] or '?'}"
        title = s["title"] if len(s["title"]) <= title_width else s["title"][: title_width - 1] + "…"
        table.add_row(s["id"], str(d["articles"]), ",".join(s["languages"]), dates, title)
    console.print(table)
    for d in overviews:
        if d["disagreements"]:
            console.print(f"[bold]Figures where the sources of {d['story']['id']} disagree[/]")
        for figure in d["disagreements"]:
            console.print(f"{figure['measure']}: [red]{figure['verdict']}[/] — {figure['claims']}", highlight=False)
    console.print(f"Dossiers written to [bold]{out_dir}[/] (index.json, stories/*.json|md|html)")


@main.command(name="ingest")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=Path), help="SQLite store.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@with_common
def ingest_command(inputs: tuple[str, ...], db: Path, quiet: bool, config: Path | None, today: str | None) -> None:
    """Store INPUTS with their annotations in --db and file each into a story."""
    settings = _settings(config)
    with _open_store(db) as store:
        report = _run_ingest(inputs, store, settings, _today(today), quiet, kept=True)
    _report_failures(report)
    touched = len(report.stories)
    click.echo(
        f"{report.added} added, {report.already_stored} already stored, "
        f"{len(report.failures)} failed, {touched} {'story' if touched == 1 else 'stories'} touched"
    )
    sys.exit(EXIT_OK if report.ok else EXIT_PARTIAL)


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path), help="SQLite store.")
def stories(db: Path) -> None:
    """List the stories of the store, grouped by storyline (the stories of one subject
    across time and languages), the largest first."""
    with _open_store(db) as store:
        table = Table()
        for column in ("story", "articles", "first", "last", "storyline"):
            table.add_column(column)
        line_of = store.storylines()
        rows = store.stories()
        # the stories of one storyline together, the largest storyline first
        size_of: dict[str, int] = {}
        for row in rows:
            line = line_of.get(row.id, row.id)
            size_of[line] = size_of.get(line, 0) + row.size
        for row in sorted(rows, key=lambda r: (-size_of[line_of.get(r.id, r.id)], line_of.get(r.id, r.id),
                                                r.first_date or "", r.id)):
            table.add_row(row.id, str(row.size), row.first_date or "", row.last_date or "",
                          line_of.get(row.id, ""))
        Console().print(table)


@main.command()
@click.argument("query")
@click.option("--db", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path), help="SQLite store.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="Articles at most.")
def search(query: str, db: Path, limit: int) -> None:
    """Find the stored articles holding every word of QUERY (accents and case ignored:
    "tokaiev" finds Tokaïev), best first, with their story and a snippet."""
    with _open_store(db) as store:
        hits = store.search(query, limit)
    if not hits:
        click.echo(f"no article matches {query!r}")
        return
    table = Table()
    for column in ("story", "article", "published", "title", "snippet"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        # article text shown as text, never read as console markup
        table.add_row(hit.story_id, hit.article_id, hit.published or "", Text(hit.title or ""),
                      Text(hit.snippet))
    Console().print(table)


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path), help="SQLite store.")
@with_common
def regroup(db: Path, config: Path | None, today: str | None) -> None:
    """Group every stored article into stories again, from scratch, with the settings of
    --config (in one transaction: the old grouping stays if anything fails)."""
    from .pipeline import regroup as regroup_store

    with _open_store(db) as store:
        n = regroup_store(store, _settings(config), _today(today))
        articles = store.article_count()
    click.echo(f"{articles} articles in {n} {'story' if n == 1 else 'stories'}")


def _load_dossier(store: Store, story: str, config: Path | None) -> dict[str, Any]:
    story_id = store.find_story(story)
    if story_id is None:
        err_console.print(f"[red]error:[/] no story (or several) with id {story!r} in {store.path}")
        sys.exit(EXIT_STORE)
    return dossier_to_dict(brief_for(store, story_id, _settings(config)))


@main.command()
@click.argument("story")
@click.option("--db", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path), help="SQLite store.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="TOML file overriding defaults.toml.")
def show(story: str, db: Path, config: Path | None) -> None:
    """Show the dossier of STORY (an id or a unique prefix of one) in the terminal."""
    from .render.terminal import render_terminal

    with _open_store(db) as store:
        render_terminal(_load_dossier(store, story, config), Console())


@main.command()
@click.argument("story")
@click.option("--db", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path), help="SQLite store.")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="TOML file overriding defaults.toml.")
def export(story: str, db: Path, fmt: str, output: Path | None, config: Path | None) -> None:
    """Export the dossier of STORY as JSON, Markdown or HTML."""
    from .render.html import render_html
    from .render.markdown import render_markdown

    with _open_store(db) as store:
        dossier = _load_dossier(store, story, config)
    rendered = {"json": dumps, "md": render_markdown, "html": render_html}[fmt](dossier)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        output.write_text(rendered, encoding="utf-8")


_LABEL_STYLES = {
    "content": "",
    "title": "bold",
    "subheading": "bold",
    "dateline": "cyan",
    "byline": "cyan",
    "credit": "cyan",
    "blank": "dim",
}


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--noise-only", is_flag=True, help="Show only the lines that are not the article's text.")
@with_common
def inspect(inputs: tuple[str, ...], noise_only: bool, config: Path | None, today: str | None) -> None:
    """Show how INPUTS are read: every line with its label, then the metadata with its
    evidence (title, outlet, language, publication date, dateline, origins).

    Each article is read alone, as on its first ingest: the repetition of lines across an
    outlet's articles and the dates of the other articles of its story are not used."""

    from .pipeline import annotate_article
    from .read import read_inputs

    settings = _settings(config)
    day = _today(today)
    console = Console(highlight=False)
    failed = False
    for item in read_inputs(inputs, settings.read):
        if isinstance(item, ReadFailure):
            err_console.print(f"[yellow]skipped[/] {item.source}: {item.status}: {item.error}")
            failed = True
            continue
        annotated = annotate_article(item, day)
        text = item.text
        console.rule(Text(item.source, style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", style="dim", no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for line in annotated.lines:
            label = line.label.value
            if noise_only and (line.label.is_body or label == "blank"):
                continue
            style = _LABEL_STYLES.get(label, "red")
            surface = Text(line.span.of(text), style="dim" if style == "red" else "")
            grid.add_row(str(line.n), Text(label, style=style or "green"), surface)
        console.print(grid)
        console.print()
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold", no_wrap=True)
        facts.add_column(overflow="fold")
        for name, value in _metadata_rows(annotated):
            facts.add_row(name, Text(value))
        console.print(facts)
    sys.exit(EXIT_PARTIAL if failed else EXIT_OK)


def _metadata_rows(a: AnnotatedArticle) -> list[tuple[str, str]]:
    """The metadata of an article with where each value comes from, as display rows."""
    text = a.article.text

    def where(span: Span | None) -> str:
        return f" ← “{span.of(text)}” [{span.start}:{span.end}]" if span is not None else ""

    rows = [
        ("title", f"{a.title_evidence.value} ({a.title_evidence.how}){where(a.title_evidence.span)}"
         if a.title_evidence else "—"),
        ("outlet", f"{a.outlet_evidence.value} ({a.outlet_evidence.how}){where(a.outlet_evidence.span)}"
         if a.outlet_evidence else "—"),
        ("language", a.language),
        ("published", f"{a.published.value} ({a.published.how}){where(a.published.evidence)}"
         if a.published else "— (no evidence in the text)"),
    ]
    if a.dateline is not None:
        d = a.dateline
        parts = [f"place {d.place}"] + ([f"date {d.date_text}"] if d.date_text else [])
        parts += [f"agency {d.agency}"] if d.agency else []
        rows.append(("dateline", ", ".join(parts) + where(d.span)))
    for origin in a.origins:
        rows.append(("origin", f"{origin.name}{where(origin.span)}"))
    rows.append(("translated", "machine-translated (a disclaimer says so)" if a.machine_translated else "no"))
    removed = sum(1 for line in a.lines if not line.label.is_body and line.label.value != "blank")
    rows.append(("lines", f"{len(a.lines)} lines, {removed} not the article's text"))
    return rows


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=Path), help="SQLite store (created when missing).")
@click.option("--host", help="Address to listen on (default 127.0.0.1; another than loopback needs --public).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--public", is_flag=True, help="Allow other machines to reach the server (no authentication!).")
@click.option("--max-upload", default=20, show_default=True, type=click.IntRange(1, 2048), metavar="MB",
              help="Largest file accepted from the browser, in megabytes.")
@click.option("--uploads", type=click.Path(file_okay=False, path_type=Path),
              help="Folder keeping the uploaded files (default: DB.uploads beside the store).")
@with_common
def serve(db: Path, host: str | None, port: int, public: bool, max_upload: int, uploads: Path | None,
          config: Path | None, today: str | None) -> None:
    """Serve the stories of --db as a local web application (stories, dossiers,
    articles, entities, search, adding files) with its JSON API at /api."""
    from .web import PublicHostError, WebConfig, create_app, resolve_host, run_server

    try:
        address = resolve_host(host, public)
    except PublicHostError as err:
        raise click.UsageError(str(err)) from None
    day = _today(today) if today else None
    with _open_store(db):  # the same error and exit status as the other commands
        pass
    app = create_app(WebConfig(db=db, settings=_settings(config), today=day, max_upload_bytes=max_upload * 2**20,
                               uploads=uploads, public=public))
    if public:
        err_console.print(
            f"[bold red]warning:[/] serving on {address}:{port} with --public: anyone who can reach this "
            "machine can read every article of the store and add files to it; there is no authentication."
        )
    shown = f"[{address}]" if ":" in address else address
    click.echo(f"corroborate: serving {db} on http://{shown}:{port}/ (Ctrl-C to stop)")
    run_server(app, address, port)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.argument("output", type=click.Path(file_okay=False, path_type=Path))
@click.option("--engine", type=click.Choice(["spark"]), default="spark", show_default=True,
              help="Distributed engine (pyspark, the `spark` extra).")
@click.option("--master", help="Spark master URL, e.g. spark://host:7077 (default: local[*]).")
@click.option("--partitions", default=8, show_default=True, type=click.IntRange(1, 100_000),
              help="Spark SQL shuffle partitions.")
@click.option("--quiet", is_flag=True, help="No summary line.")
@with_common
def batch(inputs: tuple[str, ...], output: Path, engine: str, master: str | None, partitions: int, quiet: bool,
          config: Path | None, today: str | None) -> None:
    """Build the dossiers of INPUT (folders of JSONL, Parquet, WARC, text, HTML) into
    OUTPUT with a Spark job: the stories of `brief`, plus Parquet tables of articles,
    entities, quotes and claims in OUTPUT/tables."""
    settings = _settings(config)
    day = _today(today)
    try:
        from .batch import run_batch, spark_session
    except ImportError as err:  # pragma: no cover - depends on the installed extras
        raise click.UsageError(f"--engine {engine} needs pyspark: pip install 'corroborate[spark]' ({err})") from None
    spark = spark_session(master, partitions)
    try:
        report = run_batch(spark, inputs, output, settings, day)
    finally:
        spark.stop()
    for failure in report.failures:
        err_console.print(Text.assemble(("skipped", "yellow"), f" {failure.source}: {failure.status}: {failure.error}"),
                          soft_wrap=True, highlight=False)
    if not quiet:
        click.echo(f"{report.stories} {'story' if report.stories == 1 else 'stories'} from {report.read} articles "
                   f"({report.blocks} blocks, {len(report.failures)} failed) written to {output}")
    sys.exit(EXIT_OK if report.ok else EXIT_PARTIAL)


if __name__ == "__main__":
    main()
