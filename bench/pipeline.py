"""Throughput of the whole pipeline (read → store → dossiers) on a folder of articles.

    .venv/bin/python bench/pipeline.py [FOLDER ...] [--limit N]

Default input: ../shared/data/ml-crisis/fr.  Prints articles/s, words/s, the number of
stories, and the peak memory of the process.  A first article is annotated before the
clock starts, so that loading spaCy and the language data is not counted.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from corroborate.pipeline import annotate_article, brief_for, ingest
from corroborate.read import iter_sources, read_source
from corroborate.settings import load_settings
from corroborate.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ml-crisis" / "fr"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(DEFAULT)])
    parser.add_argument("--limit", type=int, default=0, help="at most this many files")
    args = parser.parse_args()
    settings = load_settings()
    sources = [s for s in iter_sources(args.inputs) if "/reference/" not in s]
    if args.limit:
        sources = sources[: args.limit]
    if not sources:
        sys.exit("no input")
    warm = next(a for s in sources for a in read_source(s, settings.read) if hasattr(a, "text"))
    annotate_article(warm, date.today())  # loads models and language data
    words = sum(len(Path(s).read_text(encoding="utf-8", errors="replace").split()) for s in sources)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        report = ingest(sources, store, settings, date.today())
        ingested = time.perf_counter() - start
        stories = store.stories()
        for row in stories:
            brief_for(store, row.id, settings)
        total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inputs={len(sources)} articles={report.added} failed={len(report.failures)} words={words}")
    print(f"ingest_s={ingested:.1f} dossiers_s={total - ingested:.1f} total_s={total:.1f}")
    print(f"articles_per_s={report.added / total:.2f} words_per_s={words / total:.0f}")
    print(f"stories={len(stories)} largest_story={max((r.size for r in stories), default=0)}")
    print(f"peak_rss_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
