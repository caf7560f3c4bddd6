"""Batch mode on Apache Spark: the dossiers of `corroborate brief`, from a Spark job.

`run_batch` reads folders of JSONL, Parquet, WARC (and anything else `brief` reads),
runs the per-article stages in Spark tasks, groups the articles into stories and
consolidates each story in parallel, then writes what `brief` writes — `index.json` and
`stories/<id>.json` (OUTPUT.md) — plus Parquet tables of articles, entities, quotes and
claims under `tables/`.  pyspark is an optional extra (`pip install corroborate[spark]`),
imported only when a job starts.

How the single-machine path is mirrored.  `brief` reads its inputs in `iter_sources`
order (each input as given, folders recursively in sorted name order, hidden entries
skipped), each file's articles in file order (JSONL lines, WARC records), and files them
one by one into an SQLite store; an article read again (same content hash) is filed
once, at its first reading.  Here every article carries that position (`Order`: the
input's index, the article's index in it; Parquet files are read in path order, rows in
file order) and every order-dependent step replays it:

1. annotation (`pipeline.annotate_article`) runs in parallel on every first reading —
   the language data and spaCy models are loaded once per Python worker by the stages'
   module-level caches (Spark reuses its workers);
2. the outlet line memory (lines an outlet repeats are page furniture) is replayed per
   outlet in input order (`repeated_line_sets`), and the articles it changes are
   annotated again with it — as `brief` does, which annotates with the memory of the
   articles filed before;
3. grouping: articles are split into blocks that can never share a story
   (`block_articles`: connected components of shared index keys and copy-detection
   bands, keys scoped to time segments separated by more than the grouping window);
   each block is filed with `pipeline.file_article`, in input order, into its own
   in-memory store that answers the two collection-wide questions — document
   frequencies and the years read so far — with the counts of the whole input up to that
   article (`term_ranks`, `years_before`), as the single store would;
4. each story is consolidated (`consolidate.build_brief`) in its own task and written
   with the JSON renderer; storylines are replayed on the driver in input order.

Exact: the line memory, the candidate stories of each article (a story sharing a key
with an article in time lies in its block), document frequencies, the collection's
years, copies, the dates a story lends its undated articles (a story never spans two
blocks), story and storyline ids.  Approximate, in rare cases: (a) a relabelling by the
line memory that changes the outlet found counts the article's lines under its first
outlet; (b) when more than `max_candidates` stories share keys with an article, the
stories of other blocks no longer crowd the list; (c) an undated article re-dated by its
story into another time segment does not link the keys of that segment.  The blocking
itself is computed on the driver from the articles' keys (a few hundred bytes each).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from .consolidate import build_brief
from .copies import fingerprint
from .group import StoryProfile, profile_article
from .model import AnnotatedArticle, Article, ReadFailure
from .pipeline import (
    annotate_article,
    file_article,
    file_in_storyline,
    line_keys,
    line_too_long,
    needs_story_dates,
    outlet_key,
    stage_failure,
)
from .read import ReadError, article_from_record, iter_sources, read_source
from .render.json import IndexArticle, dossier_to_dict, dumps, index_article, index_to_dict, story_entry
from .settings import GroupSettings, ReadSettings, Settings
from .store import InputRow, Store
from .storylines import (
    subject_terms,
)

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

_log = logging.getLogger(__name__)

Order = tuple[int, int]
"""Where `brief` meets an article: (index of the input, index of the article in it)."""

PARQUET_SUFFIXES = (".parquet", ".parq")
TABLES = ("articles", "entities", "quotes", "claims")


# -- pure steps ------------------------------------------------------------------------


def annotate_item(article: Article, today: date, max_line_chars: int,
                  repeated: frozenset[str] | None = None) -> AnnotatedArticle | ReadFailure:
    """Reads an article (and the lines its outlet repeated before it), produces its
    annotation — or the failure `brief` records for it: a line over `max_line_chars`, or
    a stage raising on it."""
    too_long = line_too_long(article, max_line_chars)
    if too_long is not None:
        return too_long
    memory = None if not repeated else (lambda _outlet, _keys: repeated)
    try:
        return annotate_article(article, today, repeated_lines=memory)
    except Exception as err:  # one article a stage fails on must not stop the job
        return stage_failure(article, err)


def repeated_line_sets(seen: Iterable[tuple[Order, frozenset[str]]], min_repeats: int) -> dict[Order, frozenset[str]]:
    """Reads the line keys of one outlet's articles, produces for each article (by its
    order) the keys already seen in at least `min_repeats` earlier articles of the outlet
    — what the store's line memory answers `brief` — only where there are some."""
    counts: Counter[str] = Counter()
    found: dict[Order, frozenset[str]] = {}
    for order, keys in sorted(seen):
        repeated = frozenset(k for k in keys if counts[k] >= min_repeats)
        if repeated:
            found[order] = repeated
        counts.update(keys)
    return found


@dataclass(frozen=True, slots=True)
class GroupingFacts:
    """What blocking and the collection-wide counts need of one annotated article."""

    order: Order
    article: str
    keys: tuple[str, ...]  # the story index keys of its profile
    terms: tuple[str, ...]  # the terms it adds to the document frequencies (the date changes none)
    bands: tuple[int, ...]  # copy-detection LSH bands
    read_day: date | None  # the day its publication date (read from its text) starts
    needs_dates: bool  # it may borrow the dates of its story or the collection's year


def grouping_facts(order: Order, annotated: AnnotatedArticle, settings: GroupSettings) -> GroupingFacts:
    """Reads an annotated article, produces its blocking facts."""
    profile = profile_article(annotated, settings)
    found = fingerprint(annotated)
    day = _first_day(profile.published) if profile.read_from_text and profile.published else None
    return GroupingFacts(order, annotated.id, profile.keys, tuple(profile.terms), found.bands if found else (),
                         day, needs_story_dates(annotated))


def _first_day(value: str) -> date | None:
    """The first day of an ISO day, month or year (as grouping reads them); None when
    it does not parse (grouping then keeps no window either)."""
    padded = value + ("-01-01" if len(value) == 4 else "-01" if len(value) == 7 else "")
    try:
        return date.fromisoformat(padded[:10])
    except ValueError:
        return None


def time_segments(days: Iterable[date], window_days: int) -> dict[date, int]:
    """Number the runs of days in which consecutive days are at most `window_days`
    apart: a story's range of read dates only grows by articles within the window of it,
    so it never crosses a longer gap."""
    segment: dict[date, int] = {}
    current, previous = 0, None
    for day in sorted(set(days)):
        if previous is not None and (day - previous).days > window_days:
            current += 1
        segment[day] = current
        previous = day
    return segment


def block_articles(facts: Sequence[GroupingFacts], window_days: int) -> dict[Order, int]:
    """Reads the grouping facts of every filed article, produces a block number per
    article (numbered by first order): articles of different blocks can never share a
    story.

    Two articles are linked when they share a copy band (a copy joins its original's
    story whatever the dates), or an index key within one time segment; an article
    without a date read from its text links a key across all segments (no window keeps
    it from a story).  A band shared across segments merges the segments between them:
    the copy's story then spans them."""
    segment = time_segments((f.read_day for f in facts if f.read_day), window_days)
    segments = _UnionFind()
    by_band: dict[int, list[int]] = defaultdict(list)
    for f in facts:
        if f.read_day is not None:
            for band in f.bands:
                by_band[band].append(segment[f.read_day])
    for seen in by_band.values():
        for s in range(min(seen) + 1, max(seen) + 1):
            segments.union(min(seen), s)

    links = _UnionFind()
    scoped_keys: dict[str, set[object]] = defaultdict(set)
    for f in facts:
        scope = segments.find(segment[f.read_day]) if f.read_day is not None else None
        for key in f.keys:
            links.union(("a", f.order), ("k", key, scope))
            scoped_keys[key].add(scope)
        for band in f.bands:
            links.union(("a", f.order), ("b", band))
    for key, scopes in scoped_keys.items():
        if None in scopes:  # an undated article's key reaches every segment
            for scope in scopes:
                links.union(("k", key, None), ("k", key, scope))
    number: dict[object, int] = {}
    blocks: dict[Order, int] = {}
    for f in sorted(facts, key=lambda f: f.order):
        root = links.find(("a", f.order))
        blocks[f.order] = number.setdefault(root, len(number))
    return blocks


class _UnionFind:
    """Disjoint sets over hashable nodes (path halving, union by first)."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, node: object) -> object:
        parent = self.parent
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, a: object, b: object) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def years_before(years: Iterable[tuple[Order, int | None, bool]]) -> dict[Order, dict[int, int]]:
    """Reads (order, year read from the text or None, needs dates) of every filed
    article, produces for each article that needs dates the years read by the articles
    filed before it — the store's `read_years` at its filing."""
    counts: Counter[int] = Counter()
    found: dict[Order, dict[int, int]] = {}
    for order, year, needs in sorted(years):
        if needs:
            found[order] = dict(counts)
        if year is not None:
            counts[year] += 1
    return found


class _PrimedStore(Store):
    """An in-memory store for one block, which answers the collection-wide questions of
    grouping (document frequencies, years read) with the counts of the whole input up
    to the article being filed, given before filing it."""

    def __init__(self) -> None:
        super().__init__(":memory:")
        self._frequencies: dict[str, int] = {}
        self._documents = 0
        self._years: dict[int, int] = {}

    def prime(self, frequencies: dict[str, int], documents: int, years: dict[int, int]) -> None:
        self._frequencies, self._documents, self._years = frequencies, documents, years

    def document_frequencies(self, terms: Sequence[str]) -> tuple[dict[str, int], int]:
        return {t: n for t in terms if (n := self._frequencies.get(t, 0))}, self._documents

    def read_years(self) -> dict[int, int]:
        return dict(self._years)


@dataclass(frozen=True, slots=True)
class BlockMember:
    """An article to file in its block, with the collection-wide counts before it."""

    order: Order
    annotated: AnnotatedArticle
    frequencies: dict[str, int]  # documents filed before it holding each of its terms
    documents: int  # documents filed before it
    years: dict[int, int] = field(default_factory=dict)  # years read before it (when it needs dates)


def group_block(members: Iterable[BlockMember], settings: Settings, today: date) -> list[tuple[str, Order, AnnotatedArticle]]:
    """Reads the articles of one block, produces (story id, order, article as filed —
    re-dated by its story when it needed dates) for each, filed in input order with
    `pipeline.file_article`."""
    store = _PrimedStore()
    try:
        orders: dict[str, Order] = {}
        for m in sorted(members, key=lambda m: m.order):
            store.prime(m.frequencies, m.documents, m.years)
            file_article(m.annotated, store, settings, today)
            orders[m.annotated.id] = m.order
        filed = store.articles()
        return [(store.article_story(a.id) or "", orders[a.id], a) for a in filed]
    finally:
        store.close()


def assign_storylines(filed: Iterable[tuple[Order, str, str, Mapping[str, float]]],
                      settings: GroupSettings) -> dict[str, str]:
    """Reads (order, article id, story id, subject terms) of every filed article, produces story id →
    storyline id, replaying in input order what filing does in `brief`: a new story
    joins the most similar storyline or starts one, then a storyline merges with a
    candidate that has come to look like it."""
    store = Store(":memory:")
    try:
        known: set[str] = set()
        for _order, article, story, terms in sorted(filed, key=lambda f: f[0]):
            if story not in known:
                store.save_story(StoryProfile(story, {}, 1, None, None), ())
                known.add(story)
            file_in_storyline(article, story, terms, store, settings)
        return store.storylines()
    finally:
        store.close()


# -- reading ---------------------------------------------------------------------------


def is_parquet(source: str) -> bool:
    """Whether an input is a Parquet file (read by Spark's own reader)."""
    return source.lower().endswith(PARQUET_SUFFIXES)


def list_sources(inputs: Sequence[str]) -> list[str]:
    """The inputs in `brief`'s order (`read.iter_sources`), without the bookkeeping files
    Spark and Hadoop write beside Parquet parts (`_SUCCESS`, `_metadata`…)."""
    sources = list(iter_sources(inputs))
    with_parquet = {os.path.dirname(s) for s in sources if is_parquet(s)}
    return [s for s in sources if not (os.path.basename(s).startswith("_") and os.path.dirname(s) in with_parquet)]


def read_ordered(index: int, source: str, settings: ReadSettings) -> Iterator[tuple[Order, Article | ReadFailure]]:
    """Reads one input that is not Parquet, produces its articles (or failures) with
    their order."""
    for n, item in enumerate(read_source(source, settings)):
        yield (index, n), item


def article_from_row(source: str, row: int, record: Mapping[str, Any], settings: ReadSettings) -> Article | ReadFailure:
    """Reads one Parquet row (its columns as a dict), produces an article under the
    JSONL keys of `[read]` (source `file:row`, rows counted from 1) or the failure."""
    where = f"{source}:{row + 1}"
    plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in record.items()}  # datetime is a date
    try:
        return article_from_record(where, plain, settings)
    except ReadError as err:
        return ReadFailure(source=where, status=err.status, error=str(err))


def _local_path(uri: str) -> str:
    """A local path from the file URI Spark reports for a Parquet part."""
    parsed = urlparse(uri)
    return os.path.realpath(unquote(parsed.path) if parsed.scheme in ("file", "") else uri)


# -- the Spark job ---------------------------------------------------------------------


@dataclass(slots=True)
class BatchReport:
    """What a batch run did."""

    read: int = 0  # articles filed
    already_stored: int = 0  # articles read again (same content)
    stories: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    blocks: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


def spark_session(master: str | None = None, partitions: int = 8, app: str = "corroborate batch") -> SparkSession:
    """A Spark session on `master` (default `local[*]`); in local mode the workers run
    this Python (the one with corroborate and its models installed)."""
    from pyspark.sql import SparkSession

    master = master or "local[*]"
    builder = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.python.worker.reuse", "true")  # the stages' caches (spaCy) live in the workers
    )
    if master.startswith("local"):
        # the JVM starts its Python workers from this variable (read when it launches)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
    return builder.getOrCreate()


def run_batch(
    spark: SparkSession,
    inputs: Sequence[str],
    out_dir: Path,
    settings: Settings,
    today: date,
    now: datetime | None = None,
) -> BatchReport:
    """Build the dossiers of `inputs` with Spark into `out_dir`: `index.json`,
    `stories/<id>.json` and the Parquet tables `tables/{articles,entities,quotes,claims}`.
    The story files are written by the tasks: `out_dir` must be a folder every executor
    can write (local mode, or a shared file system)."""
    sc = spark.sparkContext
    width = max(2, sc.defaultParallelism)
    sources = list_sources(inputs)
    report = BatchReport()

    # read, in brief's order
    plain = [(i, s) for i, s in enumerate(sources) if not is_parquet(s)]
    items: RDD[tuple[Order, Article | ReadFailure]] = sc.parallelize(plain, max(1, min(len(plain), width * 4))) \
        .flatMap(lambda p: read_ordered(p[0], p[1], settings.read))
    parquet = [(i, s) for i, s in enumerate(sources) if is_parquet(s)]
    if parquet:
        items = items.union(_read_parquet(spark, parquet, settings.read))
    items = items.cache()
    seen = items.map(lambda oi: (oi[0], oi[1].source, oi[1].id if isinstance(oi[1], Article) else None,
                                 oi[1] if isinstance(oi[1], ReadFailure) else None)).collect()
    started = time.monotonic()
    _log.info("read %d items from %d inputs (%.1f s)", len(seen), len(sources), time.monotonic() - started)
    first_of: dict[str, Order] = {}
    for order, _source, article_id, _failure in sorted(seen, key=lambda s: s[0]):
        if article_id is not None:
            first_of.setdefault(article_id, order)
    firsts = sc.broadcast(frozenset(first_of.values()))

    # annotate every first reading, then again those the outlet line memory changes
    max_line = settings.read.max_line_chars
    annotated = items.flatMap(lambda oi: _first_reading(oi, firsts.value)) \
        .map(lambda oa: (oa[0], (oa[1], annotate_item(oa[1], today, max_line)))).cache()
    min_repeats = settings.clean.min_repeats
    repeated = annotated.flatMap(_outlet_lines).groupByKey(width) \
        .flatMap(lambda kv: repeated_line_sets(kv[1], min_repeats).items())
    final = annotated.leftOuterJoin(repeated, width).mapValues(
        lambda v: v[0][1] if v[1] is None else annotate_item(v[0][0], today, max_line, v[1])).cache()

    # collection-wide counts and blocks
    group = settings.group
    ok = final.flatMap(_annotated_only)
    found = ok.map(lambda kv: grouping_facts(kv[0], kv[1], group)).cache()
    facts = found.map(lambda f: replace(f, terms=())).collect()
    _log.info("annotated %d articles (%.1f s)", len(facts), time.monotonic() - started)
    blocks = block_articles(facts, group.window_days)
    report.blocks = len(set(blocks.values()))
    documents = {f.order: n for n, f in enumerate(sorted(facts, key=lambda f: f.order))}
    years = years_before((f.order, f.read_day.year if f.read_day and not f.needs_dates else None, f.needs_dates)
                         for f in facts)
    shared = sc.broadcast((blocks, documents, years))
    frequencies = found.flatMap(lambda f: ((t, f.order) for t in f.terms)) \
        .groupByKey(width).flatMap(lambda kv: ((o, (kv[0], n)) for n, o in enumerate(sorted(kv[1])))) \
        .groupByKey(width).mapValues(dict)
    members = ok.join(frequencies, width).map(lambda kv: (shared.value[0][kv[0]], BlockMember(
        kv[0], kv[1][0], kv[1][1], shared.value[1][kv[0]], shared.value[2].get(kv[0], {}))))
    filed = members.groupByKey(max(1, min(report.blocks, width))) \
        .flatMap(lambda kv: group_block(kv[1], settings, today)).cache()

    # consolidate each story, write its file
    stories_dir = out_dir / "stories"
    stories_dir.mkdir(parents=True, exist_ok=True)
    results = filed.map(lambda f: (f[0], f[2])).groupByKey(width) \
        .map(lambda kv: consolidate_story(kv[0], list(kv[1]), settings, str(stories_dir))).cache()
    # one job gathers what the driver needs: subject terms, stories, failures
    lines: RDD[tuple[str, Any]] = filed.map(lambda f: ("line", (f[1], f[2].id, f[0], subject_terms(f[2]))))
    stories: RDD[tuple[str, Any]] = results.map(lambda r: ("story", (r.entry, r.size, r.first_date, r.articles)))
    failures: RDD[tuple[str, Any]] = final.flatMap(
        lambda kv: [("failed", kv)] if isinstance(kv[1], ReadFailure) else [])
    gathered: dict[str, list[Any]] = defaultdict(list)
    for tag, value in lines.union(stories).union(failures).collect():
        gathered[tag].append(value)
    storyline_of = assign_storylines(gathered["line"], group)
    summaries: list[tuple[dict[str, Any], int, str | None, tuple[AnnotatedArticle, ...]]] = gathered["story"]
    failed: dict[Order, AnnotatedArticle | ReadFailure] = dict(gathered["failed"])
    _log.info("filed %d articles in %d blocks, consolidated %d stories (%.1f s)", len(gathered["line"]),
              report.blocks, len(summaries), time.monotonic() - started)
    _write_tables(spark, results, out_dir / "tables", _failure_rows(seen, failed))
    _log.info("wrote the tables (%.1f s)", time.monotonic() - started)

    # index.json, in brief's story order
    story_of: dict[str, str] = {}
    stubs: dict[str, IndexArticle] = {}
    for entry, _size, _first, articles in summaries:
        for a in articles:
            story_of[a.id], stubs[a.id] = entry["id"], index_article(a)
    summaries.sort(key=lambda s: (-s[1], s[2] is not None, s[2] or "", s[0]["id"]))
    entries = [{**entry, "storyline": storyline_of.get(entry["id"])} for entry, *_ in summaries]
    rows = _input_rows(seen, first_of, failed, report)
    index = index_to_dict(entries, rows, stubs, story_of, now or datetime.now(UTC))
    (out_dir / "index.json").write_text(dumps(index), encoding="utf-8")
    report.read = len(stubs)
    report.stories = len(entries)
    for rdd in (items, annotated, final, found, filed, results):
        rdd.unpersist()
    return report


def _outlet_lines(
    kv: tuple[Order, tuple[Article, AnnotatedArticle | ReadFailure]],
) -> list[tuple[str, tuple[Order, frozenset[str]]]]:
    """(outlet key, (order, line keys)) of an annotated article that names its outlet."""
    order, (_, annotated) = kv
    if not isinstance(annotated, AnnotatedArticle) or annotated.outlet is None:
        return []
    return [(outlet_key(annotated.outlet), (order, frozenset(line_keys(annotated.article.text, annotated.lines))))]


def _first_reading(item: tuple[Order, Article | ReadFailure], firsts: frozenset[Order]) -> list[tuple[Order, Article]]:
    """The article when this is its first reading (a later one is a copy already filed)."""
    return [(item[0], item[1])] if item[0] in firsts and isinstance(item[1], Article) else []


def _annotated_only(kv: tuple[Order, AnnotatedArticle | ReadFailure]) -> list[tuple[Order, AnnotatedArticle]]:
    return [(kv[0], kv[1])] if isinstance(kv[1], AnnotatedArticle) else []


def _read_parquet(spark: SparkSession, files: Sequence[tuple[int, str]],
                  settings: ReadSettings) -> RDD[tuple[Order, Article | ReadFailure]]:
    """The rows of the Parquet inputs as articles, ordered by file, then row."""
    index_of = {os.path.realpath(path): i for i, path in files}
    frame = spark.read.parquet(*(path for _, path in files)).selectExpr(
        "*", "_metadata.file_path AS __corroborate_file", "_metadata.row_index AS __corroborate_row")

    def convert(row: Any) -> tuple[Order, Article | ReadFailure]:
        record = row.asDict(recursive=True)
        path = _local_path(record.pop("__corroborate_file"))
        number = int(record.pop("__corroborate_row"))
        return (index_of[path], number), article_from_row(path, number, record, settings)

    rdd: RDD[tuple[Order, Article | ReadFailure]] = frame.rdd.map(convert)
    return rdd


@dataclass(frozen=True, slots=True)
class StoryResult:
    """What the driver and the tables need of one consolidated story."""

    entry: dict[str, Any]  # its index.json entry
    size: int
    first_date: str | None  # the earliest publication date of its articles (as the store orders stories)
    articles: tuple[AnnotatedArticle, ...]  # without their text and annotations: the index needs the metadata
    rows: dict[str, tuple[tuple[Any, ...], ...]]  # table name → rows


def consolidate_story(story_id: str, articles: Sequence[AnnotatedArticle], settings: Settings,
                      stories_dir: str) -> StoryResult:
    """Consolidate one story (`build_brief`), write `stories/<id>.json`, and return its
    index entry, its articles' metadata and its table rows."""
    brief = build_brief(story_id, articles, settings)
    dossier = dossier_to_dict(brief)
    Path(stories_dir, f"{story_id}.json").write_text(dumps(dossier), encoding="utf-8")
    dates = [a.published.value for a in articles if a.published]
    stubs = tuple(_stub(a) for a in brief.articles)
    return StoryResult(story_entry(brief, f"stories/{story_id}.json"), len(articles), min(dates) if dates else None,
                       stubs, table_rows(dossier, brief.articles))


def _stub(a: AnnotatedArticle) -> AnnotatedArticle:
    """The article's metadata without its text and per-item annotations."""
    return replace(a, article=replace(a.article, text="", metadata=()), lines=(), sentences=(), mentions=(),
                   times=(), quotes=(), claims=(), origins=())


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def table_rows(dossier: Mapping[str, Any], articles: Sequence[AnnotatedArticle]) -> dict[str, tuple[tuple[Any, ...], ...]]:
    """Reads a story's dossier (the JSON contract) and its articles, produces the rows of
    the Parquet tables (columns in `TABLE_COLUMNS` order)."""
    story = dossier["story"]["id"]
    texts = {a.id: a.article.text for a in articles}
    return {
        "articles": tuple(
            (a["id"], a["source"], story, a["title"], a["outlet"], a["language"], a["published"],
             (a["published_evidence"] or {}).get("how"), a["machine_translated"], a["copy_of"], "ok", None,
             texts[a["id"]])
            for a in dossier["articles"]),
        "entities": tuple(
            (story, e["id"], e["name"], e["kind"], list(e["variants"]), len(e["mentions"]),
             sorted({m["article"] for m in e["mentions"]}))
            for e in dossier["entities"]),
        "quotes": tuple(
            (story, q["id"], q["article"], q["start"], q["end"], q["text"], q["speaker"], q["speaker_name"],
             q["speaker_text"], q["cue"], list(q["same_statement_as"]))
            for q in dossier["quotes"]),
        "claims": tuple(
            (story, f["measure"], f["verdict"], c["article"], c["start"], c["end"], c["text"], _float(c["value"]),
             _float(c["min"]), _float(c["max"]), c["qualifier"], c["noun"], c["measure"], c["as_of"])
            for f in dossier["figures"] for c in f["claims"]),
    }


# column name → Spark SQL type, per table
TABLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("id", "string"), ("source", "string"), ("story", "string"), ("title", "string"),
                 ("outlet", "string"), ("language", "string"), ("published", "string"),
                 ("published_how", "string"), ("machine_translated", "boolean"), ("copy_of", "string"),
                 ("status", "string"), ("error", "string"), ("text", "string")),
    "entities": (("story", "string"), ("id", "string"), ("name", "string"), ("kind", "string"),
                 ("variants", "array<string>"), ("mentions", "int"), ("articles", "array<string>")),
    "quotes": (("story", "string"), ("id", "string"), ("article", "string"), ("start", "int"), ("end", "int"),
               ("text", "string"), ("speaker", "string"), ("speaker_name", "string"), ("speaker_text", "string"),
               ("cue", "string"), ("same_statement_as", "array<string>")),
    "claims": (("story", "string"), ("measure", "string"), ("verdict", "string"), ("article", "string"),
               ("start", "int"), ("end", "int"), ("text", "string"), ("value", "double"), ("min", "double"),
               ("max", "double"), ("qualifier", "string"), ("noun", "string"), ("claim_measure", "string"),
               ("as_of", "string")),
}


def _failure_rows(seen: Sequence[tuple[Order, str, str | None, ReadFailure | None]],
                  failed: Mapping[Order, AnnotatedArticle | ReadFailure]) -> list[tuple[Any, ...]]:
    """Rows of the articles table for the inputs that gave no filed article."""
    read = [f for *_, f in seen if f is not None]
    return [(None, f.source, None, None, None, None, None, None, None, None, f.status, f.error, None)
            for f in (*read, *failed.values()) if isinstance(f, ReadFailure)]


def _write_tables(spark: SparkSession, results: RDD[StoryResult], folder: Path,
                  failures: Sequence[tuple[Any, ...]]) -> None:
    """Write the Parquet tables (replacing earlier ones)."""
    for name in TABLES:
        schema = ", ".join(f"`{column}` {kind}" for column, kind in TABLE_COLUMNS[name])
        rows = results.flatMap(lambda r, n=name: r.rows[n])  # type: ignore[misc]
        if name == "articles" and failures:
            rows = rows.union(spark.sparkContext.parallelize(list(failures), 1))
        spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(str(folder / name))


def _input_rows(seen: Sequence[tuple[Order, str, str | None, ReadFailure | None]], first_of: Mapping[str, Order],
                failed: Mapping[Order, AnnotatedArticle | ReadFailure], report: BatchReport) -> list[InputRow]:
    """The inputs as the store records them for `brief`: one row per source (the last
    reading wins), ordered by source; every failure also goes into `report`."""
    rows: dict[str, InputRow] = {}
    for order, source, article_id, failure in sorted(seen, key=lambda s: s[0]):
        if failure is not None:
            report.failures.append(failure)
            rows[source] = InputRow(source, None, failure.status, failure.error)
            continue
        assert article_id is not None
        first = first_of[article_id]
        problem = failed.get(first)
        if isinstance(problem, ReadFailure):  # a stage failed on it (and fails on every copy)
            failure = replace(problem, source=source)
            report.failures.append(failure)
            rows[source] = InputRow(source, None, failure.status, failure.error)
            continue
        if order != first:
            report.already_stored += 1
        rows[source] = InputRow(source, article_id, "ok", None)
    return [rows[s] for s in sorted(rows)]
