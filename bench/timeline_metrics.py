"""Timeline summarisation metrics: date selection F1 and the ROUGE variants of tilse.

Definitions follow Martschat & Markert, "Improving ROUGE for Timeline Summarization"
(EACL 2017) and "A Temporally Sensitive Submodular Framework for Timeline Summarization"
(CoNLL 2018), as implemented in their tilse toolkit; this is an independent
implementation for one reference timeline per topic (ML-Crisis has one).

A timeline maps dates to daily summaries (lists of sentences).  ROUGE-n counts n-gram
matches, clipped per n-gram (min of the two counts), between a predicted and a reference
text; precision = matches / predicted n-grams, recall = matches / reference n-grams,
both pooled (micro-averaged) over the pairs of daily summaries each variant compares:

- concat: every daily summary of each timeline concatenated, dates ignored;
- agreement: the summaries of one date compared only when the date is in both timelines
  (unmatched dates still add their n-grams to the denominators);
- align (date costs): dates of the two timelines aligned one-to-one minimising
  1 - 1/(|d1 - d2| + 1); each aligned pair's matches weighted by 1/(|d1 - d2| + 1);
- align+ (date + content costs): the same with cost date_cost * (1 - approx ROUGE-1 F1);
- align+ m:1: each date aligned to its cheapest counterpart (many-to-one), date + content
  costs — tilse's recommended variant.

For precision the predicted dates are aligned to reference dates, for recall the
reference dates to predicted ones; a date left unaligned counts its n-grams in the
denominator only.  Date F1: exact-date set overlap between the two timelines.

Tokens (`tokenize`): lowercase, accents folded (NFKD without combining marks), maximal
runs of letters and digits; no stemming, no stop-word removal (the tilse defaults of
Porter stemming and an English stop list do not apply to French or Spanish).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

Timeline = Mapping[date, Sequence[str]]
"""A timeline: date → its daily summary, a list of sentences."""

_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one metric."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0


@dataclass(frozen=True, slots=True)
class _Counts:
    """Clipped n-gram matches and the n-gram totals of predicted and reference text."""

    matches: float
    predicted: int
    reference: int


def tokenize(text: str) -> list[str]:
    """Reads a sentence, produces its lowercase accent-folded word tokens."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _TOKEN.findall(folded)


def _ngrams(sentences: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    # n-grams are taken over the summary's tokens run together, sentence after sentence,
    # as ROUGE does on a multi-sentence summary
    tokens = [t for s in sentences for t in tokenize(s)]
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _counts(predicted: Sequence[str], reference: Sequence[str], n: int) -> _Counts:
    mine, theirs = _ngrams(predicted, n), _ngrams(reference, n)
    matches = sum(min(c, theirs[g]) for g, c in mine.items())
    return _Counts(matches, sum(mine.values()), sum(theirs.values()))


def rouge_n(predicted: Sequence[str], reference: Sequence[str], n: int) -> Score:
    """Reads two summaries (lists of sentences), produces their ROUGE-n."""
    counts = [_counts(predicted, reference, n)]
    return _score(counts, counts)


def _score(for_precision: Sequence[_Counts], for_recall: Sequence[_Counts]) -> Score:
    p_den = sum(c.predicted for c in for_precision)
    r_den = sum(c.reference for c in for_recall)
    return Score(
        sum(c.matches for c in for_precision) / p_den if p_den else 0.0,
        sum(c.matches for c in for_recall) / r_den if r_den else 0.0,
    )


def date_f1(predicted: Timeline, reference: Timeline) -> Score:
    """Reads two timelines, produces precision/recall/F1 of the predicted date set."""
    mine, theirs = set(predicted), set(reference)
    both = len(mine & theirs)
    return Score(both / len(mine) if mine else 0.0, both / len(theirs) if theirs else 0.0)


def concat_rouge(predicted: Timeline, reference: Timeline, n: int) -> Score:
    """Reads two timelines, produces ROUGE-n of their concatenated summaries."""
    mine = [s for d in sorted(predicted) for s in predicted[d]]
    theirs = [s for d in sorted(reference) for s in reference[d]]
    return rouge_n(mine, theirs, n)


def agreement_rouge(predicted: Timeline, reference: Timeline, n: int) -> Score:
    """Reads two timelines, produces ROUGE-n comparing summaries of the same date only."""
    for_p = [_counts(predicted[d], reference.get(d, ()), n) for d in predicted]
    for_r = [_counts(predicted.get(d, ()), reference[d], n) for d in reference]
    return _score(for_p, for_r)


def _date_weight(a: date, b: date) -> float:
    return 1.0 / (abs(a.toordinal() - b.toordinal()) + 1)


def _approx_rouge1_f1(predicted: Sequence[str], reference: Sequence[str]) -> float:
    return rouge_n(predicted, reference, 1).f1


CostFn = Callable[[date, date, Timeline, Timeline], float]


def _date_cost(p: date, r: date, predicted: Timeline, reference: Timeline) -> float:
    return 1.0 - _date_weight(p, r)


def _date_content_cost(p: date, r: date, predicted: Timeline, reference: Timeline) -> float:
    return (1.0 - _date_weight(p, r)) * (1.0 - _approx_rouge1_f1(predicted[p], reference[r]))


def _one_to_one(costs: NDArray[np.float64]) -> list[tuple[int, int]]:
    rows, cols = linear_sum_assignment(costs)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)]


def _many_to_one(costs: NDArray[np.float64]) -> list[tuple[int, int]]:
    # each row to its cheapest column; ties to the first (the earliest date)
    return [(i, int(np.argmin(row))) for i, row in enumerate(costs)] if costs.shape[1] else []


def _aligned(
    predicted: Timeline,
    reference: Timeline,
    n: int,
    cost: CostFn,
    assign: Callable[[NDArray[np.float64]], list[tuple[int, int]]],
) -> Score:
    mine, theirs = sorted(predicted), sorted(reference)

    def side(rows: list[str], cols: list[str], pair: Callable[[str, str], tuple[str, str]],
             unmatched: Callable[[str], _Counts]) -> list[_Counts]:
        """The counts of one direction: `rows` dates aligned to `cols` dates."""
        costs = np.array([[cost(*pair(a, b), predicted, reference) for b in cols] for a in rows], dtype=np.float64)
        found, matched = [], set()
        for i, j in assign(costs.reshape(len(rows), len(cols))):
            p, r = pair(rows[i], cols[j])
            c = _counts(predicted[p], reference[r], n)
            found.append(_Counts(c.matches * _date_weight(p, r), c.predicted, c.reference))
            matched.add(i)
        return found + [unmatched(rows[i]) for i in range(len(rows)) if i not in matched]

    # precision: predicted dates (rows) aligned to reference dates; recall: the reverse
    for_p = side(mine, theirs, lambda a, b: (a, b), lambda d: _counts(predicted[d], (), n))
    for_r = side(theirs, mine, lambda a, b: (b, a), lambda d: _counts((), reference[d], n))
    return _score(for_p, for_r)


def align_rouge(predicted: Timeline, reference: Timeline, n: int) -> Score:
    """Reads two timelines, produces ROUGE-n after a one-to-one alignment of their dates
    by date distance (tilse "align")."""
    return _aligned(predicted, reference, n, _date_cost, _one_to_one)


def align_plus_rouge(predicted: Timeline, reference: Timeline, n: int) -> Score:
    """Reads two timelines, produces ROUGE-n after a one-to-one alignment by date distance
    and content (tilse "align+")."""
    return _aligned(predicted, reference, n, _date_content_cost, _one_to_one)


def align_m1_rouge(predicted: Timeline, reference: Timeline, n: int) -> Score:
    """Reads two timelines, produces ROUGE-n after a many-to-one alignment by date
    distance and content (tilse "align+ m:1")."""
    return _aligned(predicted, reference, n, _date_content_cost, _many_to_one)


METRICS: dict[str, Callable[[Timeline, Timeline, int], Score]] = {
    "concat": concat_rouge,
    "agreement": agreement_rouge,
    "align_date": align_rouge,
    "align_plus": align_plus_rouge,
    "align": align_m1_rouge,
}
"""The ROUGE variants by the names printed: tilse's "align" is `align_date`, "align+" is
`align_plus`, and the recommended "align+ m:1" is plain `align`."""


def parse_reference(text: str) -> dict[date, list[str]]:
    """Reads a reference timeline file (blocks of an ISO date line and one sentence per
    line, separated by lines of dashes), produces date → sentences."""
    timeline: dict[date, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or set(line) == {"-"}:
            continue
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line):
            current = timeline.setdefault(date.fromisoformat(line), [])
        elif current is not None:
            current.append(line)
    return timeline
