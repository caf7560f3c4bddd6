"""The model-free entity recogniser measured against spaCy's French model.

    .venv/bin/python bench/fallback_agreement.py [--root ../shared/data/ml-crisis] [--limit N]

Languages without a packaged spaCy model (Spanish, English… here) get entities from
capitalisation, word rarity (wordfreq) and CLDR place names.  French has both, so this
runs both on the body lines of the French ML-Crisis articles and scores the fallback's
mentions (after the same cleaning, `extract_mentions`) against spaCy `fr_core_news_sm`'s
as the reference: span P/R/F1 (exact span), the same with the kind required, and the
agreement per kind.  spaCy is not the truth (bench/entities_eval.py scores against the
hand-made gold): this says how far the fallback is from the model, on the same texts.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from corroborate.clean import clean_lexicon, label_lines
from corroborate.entities import capital_recognizer, entity_lexicon, extract_mentions, load_recognizer
from corroborate.model import Kind

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ml-crisis"


def _prf(tp: int, found: int, truth: int) -> str:
    p = tp / found if found else 0.0
    r = tp / truth if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"p={p:.3f} r={r:.3f} f1={f:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="articles at most (0 = all)")
    args = parser.parse_args()
    paths = sorted((args.root / "fr").glob("*/*/*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    lex = entity_lexicon("fr")
    model, fallback = load_recognizer("fr"), capital_recognizer("fr")
    counts: Counter[str] = Counter()
    per_kind: Counter[tuple[str, str]] = Counter()
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = label_lines(text, clean_lexicon())
        ref = {(m.span.start, m.span.end): m.kind for m in extract_mentions(text, lines, model, lex)}
        got = {(m.span.start, m.span.end): m.kind for m in extract_mentions(text, lines, fallback, lex)}
        counts["ref"] += len(ref)
        counts["got"] += len(got)
        counts["span"] += len(ref.keys() & got.keys())
        counts["typed"] += sum(1 for k in ref.keys() & got.keys() if ref[k] is got[k])
        for k in ref.keys() & got.keys():
            per_kind[(ref[k].value, got[k].value)] += 1
        for kind in Kind:
            counts[f"ref_{kind.value}"] += sum(1 for v in ref.values() if v is kind)
            counts[f"got_{kind.value}"] += sum(1 for v in got.values() if v is kind)
            counts[f"typed_{kind.value}"] += sum(
                1 for k in ref.keys() & got.keys() if ref[k] is kind and got[k] is kind)
    print(f"articles={len(paths)} spacy_mentions={counts['ref']} fallback_mentions={counts['got']}")
    print(f"span_exact {_prf(counts['span'], counts['got'], counts['ref'])}")
    print(f"typed_exact {_prf(counts['typed'], counts['got'], counts['ref'])}")
    for kind in Kind:
        v = kind.value
        print(f"typed_{v} {_prf(counts[f'typed_{v}'], counts[f'got_{v}'], counts[f'ref_{v}'])}")
    print("kinds on shared spans (spacy -> fallback): " + ", ".join(
        f"{a}->{b}={n}" for (a, b), n in per_kind.most_common()))


if __name__ == "__main__":
    main()
