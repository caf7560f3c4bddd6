"""Line labels against hand-labelled ML-Crisis pages.

How it is measured: `bench/data/ml_crisis_line_gold.tsv` lists, for 17 French and 16
Spanish pages of ML-Crisis (several outlets each: Le Monde, Le Figaro, Le Point,
L'Express, 20 Minutes, Libération, Slate, Global Voices, El Mundo, El País, La Vanguardia,
20minutos, DW, BBC, CNN, Público, Cubadebate, Reuters…), the label a human reader gives
every non-blank line.  Each page is labelled by `clean.label_lines` and, per language:

- body kept: share of gold body lines (content, title, subheading) labelled as body;
- navigation removed: share of gold navigation lines labelled as anything but body;
- noise removed: the same over all gold page noise (navigation, related-link, promo,
  comment-form, comment);
- comment labelled / comment removed: share of gold comment lines labelled `comment`,
  and labelled as anything but body.

Captions, bylines, credits, datelines and lines marked unsure are listed but not scored.
The pages are scored twice: alone, and with `repeated` = the keys of the lines found on
at least two other pages of the same language folder (a stand-in for "seen on other pages
of the same outlet", which the pipeline builds from its store).  The SHA1 column of the
gold file guards against a changed page (the text itself stays outside the repository).

Run: `.venv/bin/python bench/label_scores.py`
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

from corroborate.clean import clean_lexicon, label_lines, line_key

BODY = frozenset({"content", "title", "subheading"})
NOISE = frozenset({"navigation", "related-link", "promo", "comment-form", "comment"})
ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "ml_crisis_line_gold.tsv"
ML_CRISIS = ROOT.parent / "shared" / "data" / "ml-crisis"
_REPEATED_MIN_PAGES = 2


def read_gold(gold_path: Path) -> dict[str, list[tuple[int, str, str]]]:
    """The gold file as {relative path: [(line number, label, sha1 of 12 chars)]}."""
    pages: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for raw in gold_path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        path, n, label, digest = raw.split("\t")
        pages[path].append((int(n), label, digest))
    return dict(pages)


@cache
def _page_counts(folder: Path) -> tuple[Counter[str], dict[str, frozenset[str]]]:
    """How many pages of a language folder hold each line key, and each page's keys."""
    counts: Counter[str] = Counter()
    keys: dict[str, frozenset[str]] = {}
    for path in sorted(folder.glob("*/*/*.txt")):
        own = frozenset(k for k in (line_key(s) for s in path.read_text(encoding="utf-8").splitlines()) if k)
        keys[str(path)] = own
        counts.update(own)
    return counts, keys


def repeated_elsewhere(page: Path) -> frozenset[str]:
    """Keys of the lines of `page` found on at least two other pages of its folder."""
    counts, keys = _page_counts(page.parents[2])
    own = keys.get(str(page), frozenset())
    return frozenset(k for k in own if counts[k] - 1 >= _REPEATED_MIN_PAGES)


def score_labels(gold_path: Path, ml_crisis: Path, with_repeated: bool = False) -> dict[str, float]:
    """Reads the gold file and the pages it names, produces the shares described in the
    module docstring, keyed `<lang>.<measure>` (and `all.<measure>`)."""
    lex = clean_lexicon()
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for rel, rows in read_gold(gold_path).items():
        page = ml_crisis / rel
        text = page.read_text(encoding="utf-8")
        repeated = repeated_elsewhere(page) if with_repeated else frozenset()
        lines = label_lines(text, lex, repeated)
        lang = rel.split("/", 1)[0]
        for n, gold, digest in rows:
            line = lines[n - 1]
            surface = line.span.of(text).strip()
            if hashlib.sha1(surface[:12].encode()).hexdigest() != digest:
                raise ValueError(f"{rel}:{n} is not the line that was labelled")
            found = line.label.value
            measures: list[tuple[str, bool]] = []
            if gold in BODY:
                measures.append(("body_kept", line.label.is_body))
            if gold == "navigation":
                measures.append(("navigation_removed", not line.label.is_body))
            if gold in NOISE:
                measures.append(("noise_removed", not line.label.is_body))
            if gold == "comment":
                measures.append(("comment_labelled", found == "comment"))
                measures.append(("comment_removed", not line.label.is_body))
            for name, ok in measures:
                for scope in (lang, "all"):
                    totals[f"{scope}.{name}"] += 1
                    hits[f"{scope}.{name}"] += int(ok)
    return {key: hits[key] / totals[key] for key in sorted(totals)}


def main() -> None:
    """Print the scores, without and with the outlet's repeated lines."""
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD
    pages = read_gold(gold)
    print(f"gold: {gold.name}, {len(pages)} pages, {sum(len(r) for r in pages.values())} lines")
    for with_repeated in (False, True):
        scores = score_labels(gold, ML_CRISIS, with_repeated=with_repeated)
        print("with repeated lines" if with_repeated else "page alone")
        for key, value in scores.items():
            print(f"  {key:28s} {value:.3f}")


if __name__ == "__main__":
    main()
