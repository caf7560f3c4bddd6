"""Numeric claims against a hand-annotated set of ML-Crisis articles.

    .venv/bin/python bench/figures_eval.py [--show] [--lang fr|es]

Reads bench/data/figures_gold.tsv (path, offsets and labels only — the texts stay in
../shared/data/ml-crisis; guidelines in bench/data/FIGURES_ANNOTATION.md), runs the
stages that feed `extract_claims` on each article (clean, language, sentences, time
expressions anchored on the folder date, as the pipeline does) and prints, per language
and overall, as `key=value` lines:

- span precision / recall / F1 of the claims, exact (qualifier, amount and counted noun
  all as annotated) and by overlap (one-to-one, largest overlap first);
- value accuracy: share of overlapping pairs whose [low, high] is the gold one (an exact
  value is [v, v]; "plus de 160" is [160, open]; "des dizaines" is [20, 99]);
- measure accuracy: share of overlapping pairs with the gold measure ("-" = none);
- full precision / recall / F1: claims that overlap a gold claim and have its value and
  its measure — the figure a dossier can use as it is.

`--show` lists the misses, the spurious claims and the wrong values or measures.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from corroborate.clean import clean_lexicon, label_lines, sentence_lexicon, split_sentences
from corroborate.dates import date_lexicon, find_time_expressions
from corroborate.figures import extract_claims, figure_lexicon
from corroborate.language import identify_language
from corroborate.model import Article, Claim
from corroborate.read import read_source
from corroborate.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "figures_gold.tsv"
ML_CRISIS = ROOT.parent / "shared" / "data" / "ml-crisis"


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    amount_end: int
    low: float | None
    high: float | None
    measure: str


def _number(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


def load_gold(path: Path = GOLD) -> dict[str, list[Gold]]:
    """Reads the gold file, produces its claims by article path (an article annotated
    without claims maps to an empty list)."""
    gold: dict[str, list[Gold]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        article = gold.setdefault(cells[0], [])
        if cells[1] == "-":
            continue
        article.append(Gold(int(cells[1]), int(cells[2]), int(cells[3]), _number(cells[4]),
                            _number(cells[5]), cells[6]))
    return gold


def system_claims(path: Path) -> tuple[Article, tuple[Claim, ...]]:
    """The claims the stages find in one ML-Crisis article (publication date = folder)."""
    item = next(read_source(str(path), load_settings().read))
    assert isinstance(item, Article), f"{path}: {item}"
    text = item.text
    lines = label_lines(text, clean_lexicon())
    lang = identify_language(text, lines)
    sentences = split_sentences(text, lines, sentence_lexicon(lang))
    published = path.parent.name
    times = find_time_expressions(text, [s.span for s in sentences], published, date_lexicon(lang))
    return item, extract_claims(text, sentences, times, published, figure_lexicon(lang))


def _bounds(claim: Claim) -> tuple[float | None, float | None]:
    if claim.value is not None:
        return (claim.value, claim.value)
    return (claim.min, claim.max)


def _prf(hit_p: int, n_sys: int, hit_r: int, n_gold: int) -> tuple[float, float, float]:
    p = hit_p / n_sys if n_sys else 0.0
    r = hit_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    exact: int = 0
    overlap: int = 0
    value: int = 0
    measure: int = 0
    full: int = 0
    articles: int = 0


def evaluate(show: bool, only: str | None) -> dict[str, Tally]:
    """Scores every gold article, produces the tallies per language and overall."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for rel, gold in sorted(load_gold().items()):
        lang = rel.split("/", 1)[0]
        if only and lang != only:
            continue
        article, claims = system_claims(ML_CRISIS / rel)
        text = article.text
        pairs: list[tuple[Gold, Claim]] = []
        free = list(claims)
        candidates = sorted(
            ((min(g.end, c.span.end) - max(g.start, c.span.start), gi, ci)
             for gi, g in enumerate(gold) for ci, c in enumerate(claims)
             if g.start < c.span.end and c.span.start < g.end),
            reverse=True,
        )
        used_g: set[int] = set()
        used_c: set[int] = set()
        for _, gi, ci in candidates:
            if gi in used_g or ci in used_c:
                continue
            used_g.add(gi)
            used_c.add(ci)
            pairs.append((gold[gi], claims[ci]))
        free = [c for ci, c in enumerate(claims) if ci not in used_c]
        for key in (lang, "all"):
            t = tallies[key]
            t.articles += 1
            t.gold += len(gold)
            t.system += len(claims)
            t.overlap += len(pairs)
            for g, c in pairs:
                value_ok = _bounds(c) == (g.low, g.high)
                measure_ok = (c.measure or "-") == g.measure
                t.exact += (c.span.start, c.span.end) == (g.start, g.end)
                t.value += value_ok
                t.measure += measure_ok
                t.full += value_ok and measure_ok
        if show:
            for gi, g in enumerate(gold):
                if gi not in used_g:
                    print(f"MISS   {rel} [{text[g.start:g.end]}] {g.low}..{g.high} {g.measure}")
            for c in free:
                print(f"EXTRA  {rel} [{c.text}] {_bounds(c)} {c.measure}")
            for g, c in pairs:
                if _bounds(c) != (g.low, g.high) or (c.measure or "-") != g.measure:
                    print(f"WRONG  {rel} [{c.text}] {_bounds(c)} {c.measure or '-'}"
                          f"  gold [{text[g.start:g.end]}] {(g.low, g.high)} {g.measure}")
    return tallies


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the errors")
    parser.add_argument("--lang", choices=("fr", "es"), help="only one language")
    args = parser.parse_args(argv)
    tallies = evaluate(args.show, args.lang)
    print(f"# {GOLD.relative_to(ROOT)} against corroborate.figures.extract_claims")
    for key in sorted(tallies, key=lambda k: (k == "all", k)):
        t = tallies[key]
        ep, er, ef = _prf(t.exact, t.system, t.exact, t.gold)
        op, orr, of = _prf(t.overlap, t.system, t.overlap, t.gold)
        fp, fr, ff = _prf(t.full, t.system, t.full, t.gold)
        print(f"{key}.articles={t.articles} {key}.gold={t.gold} {key}.system={t.system}")
        print(f"{key}.exact_p={ep:.3f} {key}.exact_r={er:.3f} {key}.exact_f1={ef:.3f}")
        print(f"{key}.overlap_p={op:.3f} {key}.overlap_r={orr:.3f} {key}.overlap_f1={of:.3f}")
        print(f"{key}.value_acc={t.value / t.overlap if t.overlap else 0:.3f} "
              f"{key}.measure_acc={t.measure / t.overlap if t.overlap else 0:.3f}")
        print(f"{key}.full_p={fp:.3f} {key}.full_r={fr:.3f} {key}.full_f1={ff:.3f}")


if __name__ == "__main__":
    sys.exit(main())
