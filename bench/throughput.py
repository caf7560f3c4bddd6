"""Throughput of the whole pipeline against spaCy's NER alone, and peak memory of `brief`.

    .venv/bin/python bench/throughput.py [--root ../shared/data/ml-crisis] [--langs fr es]
                                         [--limit N] [--memory-sizes 315 630 0] [--no-memory]

On the ML-Crisis articles (fr + es, about 1 260 files, 1.66 M words), in one run:

1. the full pipeline, read → dossier: `ingest` into a fresh SQLite store, then for every
   story `brief_for` and its JSON dossier (`dossier_to_dict`);
2. the yardstick: spaCy `fr_core_news_sm` with only `tok2vec` and `ner` enabled (the other
   components disabled), `nlp.pipe` over the same article texts (a text longer than spaCy's
   `max_length` is cut at line breaks), counting the entities;
3. the cost of one very long line: an article whose body is a single line of 25 000 to
   200 000 characters (prose written for this benchmark), annotated alone — CPU µs per
   character should stay flat as the line grows (nothing quadratic in a line's length);
4. `corroborate brief` on N of the files (every k-th) in a subprocess for each of
   `--memory-sizes` (0 = all), its peak RSS read from `resource.getrusage(RUSAGE_CHILDREN)`.

Both timed parts run after a warm-up (models and language data loaded) with the BLAS
thread pools held to one thread, so that CPU seconds are seconds of one core: words/s
"per core" are words per CPU second of this process, which other processes on the machine
do not move.  Wall-clock figures are printed too.  The goal of issue 9:
`ratio_vs_spacy_ner` (pipeline words per CPU second ÷ spaCy NER words per CPU second) ≥ 1.
"""

from __future__ import annotations

import os

# Before numpy is imported (by spaCy): one BLAS thread, so that CPU time is one core's.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402 (after the thread settings above)
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

from corroborate.entities import entity_lexicon  # noqa: E402
from corroborate.model import Article  # noqa: E402
from corroborate.pipeline import annotate_article, brief_for, ingest  # noqa: E402
from corroborate.read import read_inputs  # noqa: E402
from corroborate.render.json import dossier_to_dict  # noqa: E402
from corroborate.settings import load_settings  # noqa: E402
from corroborate.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ml-crisis"
TODAY = date(2026, 1, 1)


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(started: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - started[0], cpu - started[1]


def _chunks(text: str, limit: int) -> list[str]:
    """A text cut at line breaks into pieces shorter than `limit` (spaCy refuses longer)."""
    if len(text) < limit:
        return [text]
    pieces, current, size = [], [], 0
    for line in text.splitlines(keepends=True):
        if size + len(line) >= limit and current:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(line[: limit - 1])
        size += len(current[-1])
    pieces.append("".join(current))
    return pieces


def run_pipeline(paths: list[str]) -> tuple[int, int, float, float, int]:
    """(articles, stories, wall s, CPU s, peak RSS MB) of read → store → every dossier."""
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        started = _clock()
        report = ingest(paths, store, settings, TODAY)
        stories = store.stories()
        for row in stories:
            dossier_to_dict(brief_for(store, row.id, settings))
        wall, cpu = _since(started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return report.added, len(stories), wall, cpu, peak


def run_spacy_ner(texts: list[str], model: str) -> tuple[int, float, float]:
    """(entities, wall s, CPU s) of spaCy's NER alone over the texts."""
    import spacy

    nlp = spacy.load(model, enable=["tok2vec", "ner"])
    pieces = [p for text in texts for p in _chunks(text, nlp.max_length)]
    for doc in nlp.pipe(pieces[:20]):  # warm-up
        len(doc.ents)
    started = _clock()
    entities = sum(len(doc.ents) for doc in nlp.pipe(pieces))
    wall, cpu = _since(started)
    return entities, wall, cpu


# Run in a small Python of its own: a child forked from this (large) process would count
# this process's pages in its peak until it executes `brief`.
_MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=False, "
            "stdout=subprocess.DEVNULL); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(u.ru_utime + u.ru_stime, u.ru_maxrss)")


def brief_peak(paths: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS MB) of `corroborate brief` over the paths, in a subprocess."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "corroborate",
                               "brief", *paths, "--out", out, "--quiet", "--today",
                               TODAY.isoformat()], check=True, capture_output=True, text=True)
        wall = time.perf_counter() - started
    cpu, peak_kb = done.stdout.split()
    return wall, float(cpu), int(peak_kb) // 1024


# Written for this benchmark: a name, a role, a date, a weekday, a quote with its speech
# verb, "selon", figures and a relative date in every sentence pair.
_PROSE = ("Le président Jean Dupont a déclaré mardi 12 mars 2013 à Lyon : « Nous ne céderons "
          "pas », selon l'agence Reuters. Deux jours plus tard, 2 300 soldats sont arrivés à "
          "Marseille, a ajouté le ministre Paul Martin, qui a dit qu'il partirait le 15 avril. ")


def long_line_cost(chars: int) -> tuple[float, int]:
    """(CPU s, items found) of annotating an article whose body is one line of `chars`
    characters of prose, between a title and a closing line."""
    line = (_PROSE * (chars // len(_PROSE) + 1))[:chars]
    text = f"Un titre de test pour la ligne longue\n\n{line}\n\nFin de l'article de test."
    article = Article(id=f"long-{chars}", source=f"long-{chars}", text=text, format="text")
    started = time.process_time()
    annotated = annotate_article(article, TODAY)
    cpu = time.process_time() - started
    found = len(annotated.mentions) + len(annotated.quotes) + len(annotated.times) + len(annotated.claims)
    return cpu, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT)
    parser.add_argument("--langs", nargs="+", default=["fr", "es"])
    parser.add_argument("--limit", type=int, default=0, help="at most this many files per language")
    parser.add_argument("--memory-sizes", type=int, nargs="+", default=[315, 630, 0],
                        help="files given to `brief` for its peak memory (0 = all)")
    parser.add_argument("--no-memory", action="store_true", help="skip the `brief` subprocesses")
    parser.add_argument("--long-lines", type=int, nargs="*", default=[25_000, 50_000, 100_000, 200_000],
                        help="lengths of the one-line articles timed (none: skip)")
    args = parser.parse_args()
    paths = []
    for lang in args.langs:
        found = sorted(str(p) for p in (args.root / lang).glob("*/*/*.txt"))
        paths += found[: args.limit] if args.limit else found
    if not paths:
        sys.exit(f"no articles under {args.root}")
    settings = load_settings()
    articles = [a for a in read_inputs(paths, settings.read) if isinstance(a, Article)]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    # warm-up: one article per language loads the models and the language data
    seen: set[str] = set()
    for article in articles:
        annotated = annotate_article(article, TODAY)
        if annotated.language in seen:
            continue
        seen.add(annotated.language)
        if len(seen) == len(args.langs):
            break
    print(f"files={len(paths)} articles={len(articles)} words={words} "
          f"chars={sum(map(len, texts))} cpu_count={os.cpu_count()}", flush=True)

    added, stories, wall, cpu, peak = run_pipeline(paths)
    print(f"pipeline: articles={added} stories={stories} wall_s={wall:.1f} cpu_s={cpu:.1f} "
          f"articles_per_s={added / wall:.2f} words_per_s={words / wall:.0f} "
          f"articles_per_cpu_s={added / cpu:.2f} words_per_cpu_s={words / cpu:.0f} "
          f"ms_per_article_cpu={1000 * cpu / max(added, 1):.1f} peak_rss_mb={peak}", flush=True)

    model = entity_lexicon("fr").spacy_model
    entities, s_wall, s_cpu = run_spacy_ner(texts, model)
    print(f"spacy_ner ({model}, tok2vec+ner, nlp.pipe): entities={entities} wall_s={s_wall:.1f} "
          f"cpu_s={s_cpu:.1f} words_per_s={words / s_wall:.0f} words_per_cpu_s={words / s_cpu:.0f}",
          flush=True)
    print(f"ratio_vs_spacy_ner={s_cpu / cpu:.2f} (per core, CPU seconds; "
          f"wall-clock {s_wall / wall:.2f})", flush=True)

    for chars in args.long_lines:
        l_cpu, found = long_line_cost(chars)
        print(f"long_line: chars={chars} cpu_s={l_cpu:.2f} us_per_char={1e6 * l_cpu / chars:.1f} "
              f"items={found}", flush=True)
    if args.no_memory:
        return
    for size in sorted(set(args.memory_sizes), key=lambda n: n or len(paths)):
        chosen = paths[::max(1, len(paths) // size)][:size] if size else paths
        b_wall, b_cpu, b_peak = brief_peak(chosen)
        print(f"brief: files={len(chosen)} wall_s={b_wall:.1f} cpu_s={b_cpu:.1f} "
              f"peak_rss_mb={b_peak}", flush=True)


if __name__ == "__main__":
    main()
