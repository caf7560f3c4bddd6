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
  supports a date.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import date_scores  # noqa: E402  (bench modules live beside this file)
import label_scores  # noqa: E402


def main() -> None:
    print("== line labels")
    label_scores.main()
    print()
    print("== publication dates")
    sys.argv = sys.argv[:1]
    date_scores.main()


if __name__ == "__main__":
    main()
