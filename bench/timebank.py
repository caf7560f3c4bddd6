"""Time expressions scored on the French TimeBank (TIMEX3 extents and values).

    .venv/bin/python bench/timebank.py [--root ../shared/data/fr-timebank]
                                       [--show missing|spurious|value|all] [--type DATE ...]

Truth: the inline ``<TIMEX3 type=… value=…>`` tags of each ``Data/*.tml`` file (French
TimeBank 1.1, Bittar et al. 2011).  The text scored is the content of ``<TEXT>`` with every
tag stripped and XML entities decoded; gold extents are character offsets into that text.
The system sees the text only, and the document creation time (``<DCT>``) as its anchor
(the publication date), and runs `dates.find_timexes` over the whole text.

Scoring follows the TempEval-3 evaluation script: strict = same extent, relaxed = the
extents overlap (one-to-one, each gold TIMEX3 matched at most once), value = among the
relaxed matches, the normalised value equals the gold ``value`` attribute.  Each figure is
an F1 with precision over the system's expressions and recall over the gold ones.

Compared against: HeidelTime's French rules on the same corpus, strict F1 85.99, relaxed
90.97, value F1 73.63 (as published).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corroborate.dates.expressions import date_lexicon, find_timexes
from corroborate.model import Span

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "fr-timebank"
HEIDELTIME = {"strict_f1": 0.8599, "relaxed_f1": 0.9097, "value_f1": 0.7363}

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Gold:
    """One annotated TIMEX3: its extent in the stripped text, type and value."""

    span: Span
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Document:
    """One TimeML file: the stripped text, its creation date and its gold TIMEX3s."""

    name: str
    text: str
    dct: str
    gold: tuple[Gold, ...]


def parse_timeml(raw: str, name: str) -> Document:
    """Reads one TimeML file's content, produces the text of its ``<TEXT>`` element with
    every tag removed (entities decoded, so offsets are those of the plain text), the DCT
    value, and the TIMEX3 extents found inside the text."""
    dct_match = re.search(r"<DCT>\s*<TIMEX3[^>]*?value=\"([^\"]*)\"", raw)
    dct = dct_match.group(1) if dct_match else ""
    start = raw.find("<TEXT>")
    end = raw.find("</TEXT>")
    body = raw[start + len("<TEXT>") : end] if start >= 0 and end >= 0 else ""
    parts: list[str] = []
    length = 0
    open_timex: list[tuple[int, str, str]] = []
    gold: list[Gold] = []
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, tag, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
        if tag != "TIMEX3" or empty:
            continue
        if closing:
            if open_timex:
                begin, kind, value = open_timex.pop()
                gold.append(Gold(Span(begin, length), kind, value))
            continue
        fields = dict(_ATTR.findall(attrs))
        open_timex.append((length, fields.get("type", ""), fields.get("value", "")))
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    # The annotation sometimes includes the spaces around an expression: trim them, as
    # the TempEval scorer compares tokens, not characters.
    trimmed = []
    for g in gold:
        s, e = g.span.start, g.span.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        trimmed.append(Gold(Span(s, e), g.type, g.value))
    return Document(name, text, dct, tuple(sorted(trimmed, key=lambda g: g.span.start)))


@dataclass(frozen=True, slots=True)
class Found:
    """One system expression: extent, surface, TIMEX3 type and value."""

    span: Span
    text: str
    type: str
    value: str | None


@dataclass(slots=True)
class Tally:
    """Counts for the three TempEval-3 figures."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def f1(self, hits: int) -> float:
        """F1 of `hits` with precision over system and recall over gold counts."""
        p = hits / self.system if self.system else 0.0
        r = hits / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def pr(self, hits: int) -> tuple[float, float]:
        """(precision, recall) of `hits`."""
        return (hits / self.system if self.system else 0.0, hits / self.gold if self.gold else 0.0)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def score(doc: Document, found: Sequence[Found], tally: Tally,
          report: list[str], show: set[str], types: set[str]) -> None:
    """Adds one document's matches to `tally` (and lines to `report` for --show)."""
    gold = [g for g in doc.gold if not types or g.type in types]
    tally.gold += len(gold)
    tally.system += len(found)
    used: set[int] = set()
    for f in found:
        best = max((i for i, g in enumerate(gold) if i not in used and _overlap(f.span, g.span)),
                   key=lambda i: _overlap(f.span, gold[i].span), default=None)
        if best is None:
            if "spurious" in show or "all" in show:
                report.append(f"{doc.name}\tSPURIOUS\t{f.text!r}\t{f.value}")
            continue
        used.add(best)
        g = gold[best]
        tally.relaxed += 1
        tally.strict += f.span == g.span
        tally.value += f.value == g.value
        if f.value != g.value and ("value" in show or "all" in show):
            report.append(f"{doc.name}\tVALUE\t{doc.text[g.span.start:g.span.end]!r}\t"
                          f"{g.type} {g.value}\tgot {f.text!r} {f.value}")
        elif f.span != g.span and ("extent" in show or "all" in show):
            report.append(f"{doc.name}\tEXTENT\t{doc.text[g.span.start:g.span.end]!r}\t"
                          f"got {f.text!r}")
    if "missing" in show or "all" in show:
        for i, g in enumerate(gold):
            if i not in used:
                report.append(f"{doc.name}\tMISSING\t{doc.text[g.span.start:g.span.end]!r}\t"
                              f"{g.type} {g.value}")


def run_document(doc: Document) -> list[Found]:
    """The system's TIMEX3s for one document, anchored on its DCT."""
    lex = date_lexicon("fr")
    anchor = doc.dct if len(doc.dct) == 10 else None
    return [Found(t.span, t.text, t.type, t.value)
            for t in find_timexes(doc.text, [Span(0, len(doc.text))], anchor, lex)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT)
    parser.add_argument("--show", nargs="*", default=[],
                        choices=["missing", "spurious", "value", "extent", "all"])
    parser.add_argument("--type", nargs="*", default=[], help="score only these gold types")
    args = parser.parse_args(argv)
    files = sorted((args.root / "Data").glob("*.tml"))
    if not files:
        print(f"no TimeML files under {args.root}/Data", file=sys.stderr)
        return 1
    docs = [parse_timeml(f.read_text(encoding="utf-8"), f.stem) for f in files]
    run_document(docs[0])  # warm-up: compiles the lexicon
    tally, report = Tally(), []
    began = time.perf_counter()
    for doc in docs:
        score(doc, run_document(doc), tally, report, set(args.show), set(args.type))
    took = time.perf_counter() - began
    for line in report:
        print(line)
    by_type = Counter(g.type for d in docs for g in d.gold)
    print(f"documents={len(docs)} gold={tally.gold} system={tally.system} "
          f"gold_types={dict(sorted(by_type.items()))} seconds={took:.2f}")
    for name, hits in (("strict", tally.strict), ("relaxed", tally.relaxed),
                       ("value", tally.value)):
        p, r = tally.pr(hits)
        print(f"{name}: P={p:.4f} R={r:.4f} F1={tally.f1(hits):.4f}")
    print(f"strict_f1={tally.f1(tally.strict):.4f} relaxed_f1={tally.f1(tally.relaxed):.4f} "
          f"value_f1={tally.f1(tally.value):.4f}")
    print("HeidelTime fr (published): " + " ".join(f"{k}={v:.4f}" for k, v in HEIDELTIME.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
