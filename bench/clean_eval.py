"""How well the article is separated from the page, and how well its date is found.

    .venv/bin/python bench/clean_eval.py

Runs both evaluations on ../shared/data/ml-crisis and prints their figures:

- line labels (bench/label_scores.py): on hand-labelled pages (bench/data/
  ml_crisis_line_gold.tsv: path, line number, gold label — no text), the share of the
  article's lines kept as its text, of navigation lines and of all noise removed, and of
  reader comments labelled `comment`; once for each page alone, once with the lines its
  outlet repeats (lines seen on two other pages of the same folder stand in for the
  store's outlet memory);
- publication dates (bench/date_scores.py): every fr and es article, its folder date as
  the truth, the code seeing only the text (no path, no metadata, no story): exact,
  within one day, wrong, not found — over all articles and over those whose text
  supports a date, and over the stricter year-supported subset (the text also writes the
  year, see bench/date_scores.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import date_scores  # noqa: E402  (bench modules live beside this file)
import label_scores  # noqa: E402


def main() -> None:
    """Print the line-label shares and the publication-date figures, fr and es."""
    print("== line labels (bench/label_scores.py: hand-labelled ML-Crisis pages)")
    print(f"{'':24s} {'page alone':>10s} {'+repeated':>10s}")
    alone = label_scores.score_labels(label_scores.GOLD, label_scores.ML_CRISIS)
    repeated = label_scores.score_labels(label_scores.GOLD, label_scores.ML_CRISIS,
                                         with_repeated=True)
    for key in alone:
        print(f"  {key:22s} {alone[key]:10.3f} {repeated.get(key, 0.0):10.3f}")
    print()
    print("== publication dates (bench/date_scores.py: folder date = truth, text only)")
    for lang in ("fr", "es"):
        figures = date_scores.summarise(date_scores.score_cases(date_scores.DEFAULT, lang))
        for prefix, name in (("", "all"), ("supported_", "supported"),
                             ("year_supported_", "year-supp.")):
            print(f"  [{lang}] {name:<10s} n={int(figures[prefix + 'n']):<4d} "
                  f"exact={figures[prefix + 'exact']:.1%} "
                  f"within1d={figures[prefix + 'within_one_day']:.1%} "
                  f"wrong={figures[prefix + 'wrong']:.1%} "
                  f"missing={figures[prefix + 'not_found']:.1%}")


if __name__ == "__main__":
    main()
