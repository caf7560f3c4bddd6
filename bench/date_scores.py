"""Publication-date inference scored on the ML-Crisis articles (French and Spanish).

    .venv/bin/python bench/date_scores.py [--root ../shared/data/ml-crisis] [--lang fr es]
                                          [--show wrong|missing|all]

Truth: the folder of each article is its publication date
(``<lang>/<topic>/<YYYY-MM-DD>/<id>.txt``).  The system never sees the path: each article
is given with source "hidden", its text only, no metadata and no story information, and
goes through the real pipeline pieces — `clean.label_lines`, `language.identify_language`
and `dates.infer_published` with `today` fixed to 2026-11-22.

Printed per language, over all articles and over the articles whose text supports a date:
n, exact (same day), within one day, wrong (a day-precise answer more than one day off, or
an answer of month/year precision), not found (None), and day_month_within_one_day (within
one day once the year is set aside: without story information, a year the text does not
write can only be assumed).

An article's text *supports a date* when (a) a date written anywhere in it (any line,
noise included) has the true date's day and month, or (b) a date written in a body,
dateline, byline or credit line lies within one day of the truth (dates without a year
placed in the year nearest the truth).  The other articles can only be dated by guessing
from weekdays and relative words, or not at all.

A stricter subset, *year-supported*: a supported article whose text also fixes the year of
a date within one day of the truth — the date is written with its year ("12/03/2011",
"3 juillet 2013"), or with a weekday that holds for that day in the true year ("martes 12
de julio") while the text writes that year (or the one before or after) somewhere: a
weekday pins the year only among the years the text speaks of.  A supported article that writes no year anywhere ("Manifestantes, 25 de
enero.") can only be given a year by assumption or from its story: it is in the first
count, not in this one.  Both counts are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corroborate.clean import clean_lexicon, label_lines
from corroborate.dates import date_lexicon, find_time_expressions, infer_published
from corroborate.language import identify_language
from corroborate.model import Article, Line, LineLabel, Published

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ml-crisis"
TODAY = dt.date(2026, 11, 22)
_READABLE = frozenset({LineLabel.DATELINE, LineLabel.BYLINE, LineLabel.CREDIT})
_YEAR = re.compile(r"(?<!\d)(?:18|19|20)\d\d(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Case:
    """One scored article: where it lies, its truth, what was inferred."""

    path: Path
    truth: dt.date
    found: Published | None
    supported: bool
    year_supported: bool = False

    @property
    def outcome(self) -> str:
        """exact | one-day | wrong | missing."""
        if self.found is None:
            return "missing"
        if len(self.found.value) != 10:
            return "wrong"
        gap = abs((dt.date.fromisoformat(self.found.value) - self.truth).days)
        return "exact" if gap == 0 else "one-day" if gap == 1 else "wrong"

    @property
    def day_right(self) -> bool:
        """Within one day once the year is set aside (a year the text does not write
        cannot be read from it)."""
        if self.found is None or len(self.found.value) != 10:
            return False
        try:
            found = dt.date.fromisoformat(self.found.value).replace(year=self.truth.year)
        except ValueError:  # 29 February
            return False
        return abs((found - self.truth).days) <= 1


def _articles(root: Path, lang: str) -> Iterator[tuple[Path, dt.date]]:
    for path in sorted((root / lang).glob("*/*/*.txt")):
        if path.parts[-3] == "reference":
            continue
        try:
            truth = dt.date.fromisoformat(path.parts[-2])
        except ValueError:
            continue
        yield path, truth


def _supported(text: str, lines: tuple[Line, ...], lang: str, truth: dt.date) -> bool:
    """Whether the text writes the true date (see the module docstring)."""
    lex = date_lexicon(lang)
    every = find_time_expressions(text, [ln.span for ln in lines], truth.isoformat(), lex)
    readable = [ln.span for ln in lines if ln.label.is_body or ln.label in _READABLE]
    for expr in every:
        if expr.kind == "date" and expr.value and len(expr.value) == 10:
            day = dt.date.fromisoformat(expr.value)
            if (day.month, day.day) == (truth.month, truth.day):
                return True
            inside = any(span.contains(expr.span) for span in readable)
            if inside and abs((day - truth).days) <= 1:
                return True
    return False


def _year_supported(text: str, lines: tuple[Line, ...], lang: str, truth: dt.date) -> bool:
    """Whether the text writes a date within one day of the truth together with its year
    or with a weekday that holds for it (see the module docstring)."""
    lex = date_lexicon(lang)
    every = find_time_expressions(text, [ln.span for ln in lines], truth.isoformat(), lex)
    era = any(abs(int(y) - truth.year) <= 1 for y in _YEAR.findall(text))
    for expr in every:
        if expr.kind != "date" or not expr.value or len(expr.value) != 10:
            continue
        day = dt.date.fromisoformat(expr.value)
        if abs((day - truth).days) > 1:
            continue
        if _YEAR.search(expr.text):
            return True
        weekdays = {lex.weekdays.get(w.casefold()) for w in _WORD.findall(expr.text)}
        if era and day.weekday() in weekdays:
            return True
    return False


def score_cases(root: Path, lang: str) -> list[Case]:
    """Reads every article of `root/<lang>`, produces one `Case` per article."""
    cases: list[Case] = []
    lexicon = clean_lexicon()
    for path, truth in _articles(root, lang):
        text = path.read_text(encoding="utf-8", errors="replace")
        article = Article(id=path.stem, source="hidden", text=text, format="text")
        lines = label_lines(text, lexicon)
        detected = identify_language(text, lines)
        found = infer_published(article, lines, date_lexicon(detected), TODAY)
        supported = _supported(text, lines, lang, truth)
        strict = supported and _year_supported(text, lines, lang, truth)
        cases.append(Case(path, truth, found, supported, strict))
    return cases


def _figures(cases: list[Case], prefix: str) -> dict[str, float]:
    counts = Counter(case.outcome for case in cases)
    n = len(cases)
    share = (lambda k: counts[k] / n) if n else (lambda k: 0.0)
    return {
        f"{prefix}n": float(n),
        f"{prefix}exact": share("exact"),
        f"{prefix}within_one_day": share("exact") + share("one-day"),
        f"{prefix}wrong": share("wrong"),
        f"{prefix}not_found": share("missing"),
        f"{prefix}day_month_within_one_day": (sum(c.day_right for c in cases) / n) if n else 0.0,
    }


def summarise(cases: list[Case]) -> dict[str, float]:
    """The figures of a list of cases: over all of them, over the supported ones (keys
    prefixed "supported_") and over the year-supported ones ("year_supported_"); shares
    are fractions of n."""
    return {**_figures(cases, ""), **_figures([c for c in cases if c.supported], "supported_"),
            **_figures([c for c in cases if c.year_supported], "year_supported_")}


def score_dates(root: Path, lang: str) -> dict[str, float]:
    """Reads the ML-Crisis articles of one language under `root`, produces the scores of
    the publication-date inference (see `summarise`)."""
    return summarise(score_cases(root, lang))


def _line(name: str, figures: dict[str, float], prefix: str) -> str:
    n = int(figures[f"{prefix}n"])
    parts = [f"{key}={figures[prefix + key]:.1%}" for key in
             ("exact", "within_one_day", "wrong", "not_found", "day_month_within_one_day")]
    return f"{name:<10} n={n:<4} " + " ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=DEFAULT)
    parser.add_argument("--lang", nargs="*", default=["fr", "es"])
    parser.add_argument("--show", choices=["wrong", "missing", "all"], default=None,
                        help="list the supported articles with this outcome")
    parser.add_argument("--strict", action="store_true",
                        help="with --show: list the year-supported articles only")
    args = parser.parse_args()
    if not args.root.is_dir():
        sys.exit(f"no data at {args.root}")
    print(f"truth: folder dates under {args.root}; today={TODAY}; no metadata, no story info")
    for lang in args.lang:
        cases = score_cases(args.root, lang)
        figures = summarise(cases)
        print(f"[{lang}]")
        print(_line("all", figures, ""))
        print(_line("supported", figures, "supported_"))
        print(_line("year-supp.", figures, "year_supported_"))
        if args.show:
            for case in cases:
                if (case.year_supported if args.strict else case.supported) and (args.show == "all" or case.outcome == args.show
                                       or (args.show == "wrong" and case.outcome == "wrong")):
                    got = case.found.value if case.found else None
                    how = case.found.how if case.found else ""
                    print(f"  {case.outcome:<8} {case.truth} got={got} how={how} "
                          f"{case.path.relative_to(args.root)}")


if __name__ == "__main__":
    main()
