"""Timeline summarisation scored on ML-Crisis (French, Spanish) against its reference timelines.

    .venv/bin/python bench/timeline_eval.py [--root ../shared/data/ml-crisis] [--lang fr es]
                                            [--topic egypt …] [--cache DIR] [--show N]

Protocol.  Per language and topic (egypt, libya, syria, yemen — each a whole crisis over
one to three years), the system sees the topic's articles as text only: each is written
into a temporary JSONL file as `{"text": …}` (no path, folder date or metadata reaches
the code) and ingested in folder order into a fresh temporary store by the real pipeline
(`pipeline.ingest`, `today` fixed to 2026-11-22), so publication dates are inferred from
the texts and the stories they join, exactly as in bench/date_pipeline.py.  The topic's
annotated articles are then treated as one story, as tilse does with a topic (the
pipeline's own stories are events, far smaller than a crisis): `consolidate.
build_timeline` gives every dated event with the articles reporting it, and
`consolidate.select_timeline` keeps a timeline in the standard TLS setting — as many
dates as the reference (l), k sentences per date with k the reference's average number
of sentences per date rounded down (at least 1; tilse's `average_length_in_sentences`),
dates limited to the reference's first..last date (tilse's TimelineProperties).

Scores (bench/timeline_metrics.py, an implementation of the tilse definitions): date
selection P/R/F1 (exact dates), and ROUGE-1 / ROUGE-2 F1 in the concat, agreement, align,
align+ and align+ m:1 variants (Martschat & Markert 2017), printed as concat, agreement,
align_date, align_plus and align — plain `align` is align+ m:1, the recommended one.  Tokens: lowercase, accents folded, simple word tokens (runs of
letters and digits), no stemming and no stop-word removal.  Printed per topic, then the
mean over topics per language (macro average, as in the TLS literature).  Reference
point: the best published date F1 on the (English) Crisis data set is 0.389, by an
LLM-based system; ML-Crisis topics hold far fewer articles than Crisis, so the figures
compare only roughly.

`--given-published` is a diagnostic that breaks the protocol on purpose: each article is
dated again with its folder date given as metadata (`pipeline.date_article`), so that its
time expressions are resolved against the true publication date — the gap to the normal
run is what publication-date errors cost the timeline.

`date_ceiling` is the share of reference dates among the dates the candidate timeline has
at all (what a perfect date ranking could reach); `--cache DIR` keeps the annotated
articles of each topic (pickled) so that timeline changes can be measured without
annotating again (delete the folder after changing an annotation stage).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeline_metrics import METRICS, Timeline, date_f1, parse_reference  # noqa: E402

from corroborate.consolidate import build_timeline, select_timeline  # noqa: E402
from corroborate.model import AnnotatedArticle, content_id  # noqa: E402
from corroborate.pipeline import date_article, ingest  # noqa: E402
from corroborate.settings import Settings, load_settings  # noqa: E402
from corroborate.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ml-crisis"
TODAY = dt.date(2026, 11, 22)
TOPICS = ("egypt", "libya", "syria", "yemen")


def topic_paths(root: Path, lang: str, topic: str) -> list[Path]:
    """The article files of one topic, in folder (publication) order."""
    return sorted((root / lang / topic).glob("*/*.txt"))


def annotate_topic(paths: list[Path], settings: Settings) -> list[AnnotatedArticle]:
    """Reads article files; produces them annotated and dated by the real pipeline from
    their text alone (see the module docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        with feed.open("w", encoding="utf-8") as out:
            for path in paths:
                text = path.read_text(encoding="utf-8", errors="replace")
                out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        with Store(Path(tmp) / "s.db") as store:
            ingest([str(feed)], store, settings, TODAY)
            stored: list[AnnotatedArticle] = store.articles()
            return stored


def cached_topic(root: Path, lang: str, topic: str, settings: Settings,
                 cache: Path | None) -> list[AnnotatedArticle]:
    """`annotate_topic`, read from / written to `cache` when given."""
    file = cache / f"{lang}-{topic}.pickle" if cache else None
    if file is not None and file.exists():
        with file.open("rb") as fh:
            loaded: list[AnnotatedArticle] = pickle.load(fh)
            return loaded
    articles = annotate_topic(topic_paths(root, lang, topic), settings)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("wb") as fh:
            pickle.dump(articles, fh)
    return articles


def with_given_published(articles: list[AnnotatedArticle], paths: list[Path]) -> list[AnnotatedArticle]:
    """Reads annotated articles and their files; produces them dated again with their folder
    date given as metadata (the `--given-published` diagnostic)."""
    folder = {content_id("a", p.read_text(encoding="utf-8", errors="replace")): p.parts[-2] for p in paths}
    return [date_article(replace(a, article=replace(a.article, published=folder[a.id])), TODAY)
            for a in articles]


def per_date(reference: Timeline) -> int:
    """k: the reference's average number of sentences per date, rounded down, at least 1."""
    return max(1, sum(len(s) for s in reference.values()) // max(1, len(reference)))


def system_timeline(articles: list[AnnotatedArticle], reference: Timeline,
                    settings: Settings) -> tuple[dict[dt.date, list[str]], set[dt.date]]:
    """Reads a topic's annotated articles and its reference; produces the system's
    timeline in the TLS setting, and every date its full timeline has."""
    entries = build_timeline(articles, settings.timeline.same_event_threshold,
                             settings.timeline.background_days)
    first, last = min(reference).isoformat(), max(reference).isoformat()
    chosen = select_timeline(entries, len(reference), per_date(reference), first, last)
    timeline: dict[dt.date, list[str]] = {}
    for entry in chosen:
        timeline.setdefault(dt.date.fromisoformat(entry.date), []).append(entry.event)
    return timeline, {dt.date.fromisoformat(e.date) for e in entries}


def score_topic(predicted: Timeline, reference: Timeline) -> dict[str, float]:
    """Every figure of one topic (F1 unless named otherwise)."""
    dates = date_f1(predicted, reference)
    figures = {"date_p": dates.precision, "date_r": dates.recall, "date_f1": dates.f1}
    for name, metric in METRICS.items():
        for n in (1, 2):
            figures[f"{name}_r{n}_f1"] = metric(predicted, reference, n).f1
    return figures


def _line(label: str, figures: dict[str, float], keys: list[str]) -> str:
    return label + " " + " ".join(f"{k}={figures[k]:.3f}" for k in keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=DEFAULT)
    parser.add_argument("--lang", nargs="+", default=["fr", "es"])
    parser.add_argument("--topic", nargs="+", default=list(TOPICS))
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--given-published", action="store_true",
                        help="diagnostic: resolve dates against the true (folder) publication dates")
    parser.add_argument("--show", type=int, default=0, help="print the first N dates of each timeline")
    args = parser.parse_args()
    settings = load_settings()
    print(f"ML-Crisis under {args.root}; text only through the pipeline, today={TODAY}; "
          "one story per topic; l = reference dates, k = floor(mean sentences per date)"
          + ("; DIAGNOSTIC: true publication dates given" if args.given_published else ""))
    print("tokens: lowercase, accents folded, word tokens, no stemming, no stop-word removal; "
          "align = align+ m:1 (align_date, align_plus: tilse's align, align+); anchor: best published date F1 on Crisis (en) 0.389")
    keys: list[str] = []
    for lang in args.lang:
        rows = []
        for topic in args.topic:
            started = time.perf_counter()
            reference = parse_reference((args.root / lang / "reference" / f"{topic}.txt").read_text("utf-8"))
            articles = cached_topic(args.root, lang, topic, settings, args.cache)
            if args.given_published:
                articles = with_given_published(articles, topic_paths(args.root, lang, topic))
            predicted, every_date = system_timeline(articles, reference, settings)
            figures = score_topic(predicted, reference)
            figures["date_ceiling"] = len(set(reference) & every_date) / len(reference)
            keys = list(figures)
            rows.append(figures)
            print(_line(f"lang={lang} topic={topic} articles={len(articles)} l={len(reference)} "
                        f"k={per_date(reference)} ({time.perf_counter() - started:.0f} s)", figures, keys))
            for day in sorted(predicted)[:args.show]:
                mark = "*" if day in reference else " "
                print(f"   {mark} {day} {' | '.join(predicted[day])[:160]}")
        mean = {k: sum(r[k] for r in rows) / len(rows) for k in keys}
        print(_line(f"lang={lang} mean", mean, keys))


if __name__ == "__main__":
    main()
