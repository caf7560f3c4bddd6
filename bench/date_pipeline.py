"""Publication dates as the pipeline finds them: the text, then the article's story.

    .venv/bin/python bench/date_pipeline.py [--lang fr es] [--limit N]

Every ML-Crisis article of a language is written, text only, into a temporary JSONL
file (so no path, folder date or metadata reaches the code), ingested into a temporary
store in folder order — each article joins a story and may take its dates from it — and
its stored publication date is compared with its folder date.  Same figures as
bench/date_scores.py (which scores the text alone), with the same definition of a text
that "supports" a date (and the stricter "year-supported" subset).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from date_scores import (  # noqa: E402
    DEFAULT,
    TODAY,
    Case,
    _articles,
    _supported,
    _year_supported,
    summarise,
)

from corroborate.model import content_id  # noqa: E402
from corroborate.pipeline import ingest  # noqa: E402
from corroborate.settings import load_settings  # noqa: E402
from corroborate.store import Store  # noqa: E402


def score_pipeline(root: Path, lang: str, limit: int = 0) -> tuple[dict[str, float], Counter[str]]:
    """Ingest the articles of one language and score their stored publication dates;
    also count how each date was found."""
    articles = list(_articles(root, lang))
    if limit:
        articles = articles[:limit]
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        truths = {}
        with feed.open("w", encoding="utf-8") as out:
            for path, truth in articles:
                text = path.read_text(encoding="utf-8", errors="replace")
                truths[content_id("a", text)] = (path, truth)
                out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        with Store(Path(tmp) / "s.db") as store:
            ingest([str(feed)], store, load_settings(), TODAY)
            stored = store.articles()
    cases, hows = [], Counter[str]()
    for annotated in stored:
        path, truth = truths[annotated.id]
        hows[annotated.published.how if annotated.published else "none"] += 1
        text, lines = annotated.article.text, annotated.lines
        supported = _supported(text, lines, lang, truth)
        strict = supported and _year_supported(text, lines, lang, truth)
        cases.append(Case(path, truth, annotated.published, supported, strict))
    return summarise(cases), hows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=DEFAULT)
    parser.add_argument("--lang", nargs="+", default=["fr", "es"])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    print(f"truth: folder dates under {args.root}; today={TODAY}; text only, through the pipeline")
    for lang in args.lang:
        figures, hows = score_pipeline(args.root, lang, args.limit)
        print(f"[{lang}]")
        for prefix, name in (("", "all"), ("supported_", "supported"),
                             ("year_supported_", "year-supp.")):
            cells = " ".join(
                f"{key}={figures[prefix + key]:.1%}"
                for key in ("exact", "within_one_day", "wrong", "not_found", "day_month_within_one_day")
            )
            print(f"{name:<10} n={int(figures[prefix + 'n'])} {cells}")
        print("how: " + ", ".join(f"{how}={n}" for how, n in hows.most_common()))


if __name__ == "__main__":
    main()
