"""Ingest at scale: time per article and store size at 1k, 10k and 100k articles.

    .venv/bin/python bench/ingest_scale.py [--sizes 1000 10000 100000] [--window 500]
                                           [--root ../shared/data/ml-crisis] [--db PATH]

The pile is built from the real ML-Crisis articles (fr + es).  Each is read and
annotated once by the real pipeline (`annotate_article`: the per-article cost, the same
at any store size by construction — it never reads the store except for the outlet's
repeated lines, one indexed lookup).  Clone k of an article is the same article in a
*new vocabulary*: every word longer than three letters that is not a stop word is
replaced by a pseudo-word of the same length drawn from a hash of (word, k), consistently
across the whole clone, so spans stay valid, the clone's articles resemble one another
exactly as the originals do, and clones resemble nothing of other clones (no shared
lemmas, entity keys or shingles: "renaming entities" taken to every word).  Entity keys
are renamed the same way and the publication date is shifted by 7·k days.  The articles
are filed clone after clone, each clone in date order, into one growing SQLite store by the real incremental path
(`pipeline.file_article`: copies lookup, candidate stories from the key index, document
frequencies, story update, article, FTS index, one transaction each).

At each size the script prints the mean filing time of the last `--window` articles
filed before that size was reached (the cost of one more article in a store of that
size) as wall-clock and as this process's CPU time (the CPU figure is what the ratios
use: it does not move when other processes share the machine), the annotation time per
article (measured once), their sum, the store's size on disk and this process's resident
memory (it holds the annotated originals, whatever the store's size).  `--resume` goes on
filing into an existing `--db` (a long run in several sittings) and prints a row after the
first `--window` articles it files.  The sizes after the first are moved to the nearest
ones whose windows file the same originals as the first's (`aligned_sizes`: 10 000 ->
9 820, 100 000 -> 100 540 with 1 260 originals; `--exact-sizes` keeps them).  The
issue's goal: the cost per article at 100k within 2x of 1k.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import pickle
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from corroborate.group import stopwords
from corroborate.model import AnnotatedArticle, Article, Mention, Published
from corroborate.pipeline import annotate_article, file_article
from corroborate.read import read_inputs
from corroborate.settings import load_settings
from corroborate.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ml-crisis"
TODAY = dt.date(2026, 11, 22)
_WORD = re.compile(r"[^\W\d_]{4,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _pseudo(word: str, clone: int, keep: frozenset[str]) -> str:
    """A pseudo-word of the same length as `word` for clone `clone` (case kept)."""
    if clone == 0 or word.lower() in keep:
        return word
    digest = hashlib.blake2b(f"{clone}:{word.lower()}".encode(), digest_size=32).digest()
    letters = [_LETTERS[digest[i % 32] % 26] for i in range(len(word))]
    return "".join(c.upper() if o.isupper() else c for c, o in zip(letters, word, strict=True))


def _recode(text: str, clone: int, keep: frozenset[str]) -> str:
    return _WORD.sub(lambda m: _pseudo(m.group(0), clone, keep), text)


def clone(annotated: AnnotatedArticle, k: int) -> AnnotatedArticle:
    """Clone `k` of an annotated article (k = 0: the article itself)."""
    if k == 0:
        return annotated
    keep = stopwords(annotated.language)
    text = _recode(annotated.article.text, k, keep)
    published = annotated.published
    if published is not None and len(published.value) == 10:
        day = dt.date.fromisoformat(published.value) + dt.timedelta(days=7 * k)
        published = Published(day.isoformat(), published.how, published.evidence)
    article = replace(annotated.article, id=f"{annotated.id}-{k}", source=f"{annotated.article.source}#{k}",
                      text=text, title=_recode(annotated.article.title or "", k, keep) or None,
                      published=None)
    mentions = tuple(
        Mention(m.span, m.span.of(text), m.kind, f"{m.key}#{k}" if m.key else "", m.role)
        for m in annotated.mentions
    )
    return replace(annotated, article=article, published=published, mentions=mentions,
                   title=_recode(annotated.title or "", k, keep) or None)


def _annotate(root: Path, cache: Path | None) -> tuple[list[AnnotatedArticle], float]:
    """The annotated originals and the annotation time per article (both kept in the
    pickle `cache` between runs when given: a development aid)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            kept: tuple[list[AnnotatedArticle], float] = pickle.load(f)
        return kept
    settings = load_settings()
    paths = [str(p) for lang in ("fr", "es") for p in sorted((root / lang).glob("*/*/*.txt"))]
    started = time.perf_counter()
    found = [annotate_article(item, TODAY) for item in read_inputs(paths, settings.read)
             if isinstance(item, Article)]
    result = found, (time.perf_counter() - started) / max(len(found), 1)
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump(result, f)
    return result


def _day(annotated: AnnotatedArticle, k: int) -> str:
    """The publication day of clone k of an article ("0000" when it has none)."""
    p = annotated.published
    if p is None or len(p.value) != 10:
        return "0000"
    return (dt.date.fromisoformat(p.value) + dt.timedelta(days=7 * k)).isoformat()


def _rss_mb() -> int:
    """This process's resident memory now (Linux), MB; 0 where it cannot be read."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (OSError, ValueError, IndexError):
        return 0


def aligned_sizes(sizes: list[int], originals: int) -> list[int]:
    """Each size after the first moved to the nearest one that is the first plus a whole
    number of clones: every clone files the originals in the same order, so each timing
    window then files the same originals (in other vocabularies) and the sizes compare
    the store, not the articles (their lengths and names vary along a clone: windows of
    different originals at one store size differ by up to a fifth)."""
    first = sizes[0]
    return [first] + [first + max(1, round((n - first) / originals)) * originals for n in sizes[1:]]


def _store_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    # with --resume, a row is also printed after the first --window articles filed
    parser.add_argument("--window", type=int, default=500, help="articles timed at each size")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the annotated originals in this pickle between runs")
    parser.add_argument("--db", type=Path, default=None, help="where to build the store (default: a temp dir)")
    parser.add_argument("--resume", action="store_true",
                        help="go on filing the pile into an existing --db from where it stopped "
                             "(the articles it holds are the pile's first ones)")
    parser.add_argument("--exact-sizes", action="store_true",
                        help="time the windows ending at the sizes given, not at the nearest "
                             "sizes whose windows file the same originals as the first size's")
    args = parser.parse_args()
    if not args.root.is_dir():
        sys.exit(f"no data at {args.root}")
    originals, annotate_s = _annotate(args.root, args.cache)
    if not args.exact_sizes:
        args.sizes = aligned_sizes(args.sizes, len(originals))
    top = max(args.sizes)
    clones = -(-top // len(originals))
    pile = [(k, i) for k in range(clones) for i in range(len(originals))]
    # clone by clone, each in date order (undated articles first, as a crawl may bring them)
    pile = sorted(pile, key=lambda ki: (ki[0], _day(originals[ki[1]], ki[0]), ki[1]))[:top]
    print(f"originals={len(originals)} clones={clones} pile={len(pile)} "
          f"annotate_ms_per_article={annotate_s * 1000:.1f} cpu_count={os.cpu_count()}")
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "scale.db"
        print(f"{'articles':>9s} {'file ms/art':>12s} {'cpu ms/art':>11s} {'+annotate':>10s} {'store MB':>9s} "
              f"{'KB/article':>10s} {'stories':>8s} {'rss MB':>7s}")
        rows = []
        with Store(path) as store:
            timings: list[float] = []
            cpu: list[float] = []
            done = store.article_count() if args.resume else 0
            if args.resume:
                print(f"resuming after {done} articles already in {path}", flush=True)
            for n, (k, i) in enumerate(pile, start=1):
                if n <= done:
                    continue
                annotated = clone(originals[i], k)
                started, started_cpu = time.perf_counter(), time.process_time()
                file_article(annotated, store, settings, TODAY)
                timings.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                if n in args.sizes or (args.resume and n == done + args.window):
                    file_ms = 1000 * sum(timings[-args.window:]) / len(timings[-args.window:])
                    cpu_ms = 1000 * sum(cpu[-args.window:]) / len(cpu[-args.window:])
                    size = _store_bytes(Path(path))
                    stories = len(store.stories())
                    rows.append((n, cpu_ms))
                    print(f"{n:9d} {file_ms:12.2f} {cpu_ms:11.2f} {cpu_ms + annotate_s * 1000:10.1f} "
                          f"{size / 1e6:9.1f} {size / n / 1e3:10.1f} {stories:8d} {_rss_mb():7d}", flush=True)
        if len(rows) > 1:
            (n0, c0), (n1, c1) = rows[0], rows[-1]
            total0, total1 = c0 + annotate_s * 1000, c1 + annotate_s * 1000
            print(f"file_cpu_ratio_{n1}_vs_{n0}={c1 / c0:.2f} "
                  f"total_cpu_ratio_{n1}_vs_{n0}={total1 / total0:.2f}")


if __name__ == "__main__":
    main()
