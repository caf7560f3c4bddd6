"""Quotes and their speakers against the hand-annotated ML-Crisis gold.

    .venv/bin/python bench/quotes_eval.py [--show N]

Same run as bench/entities_eval.py (the 71 gold articles ingested as `corroborate brief`
does, each topic consolidated as one story; only the gold BODY rows scored).  Printed
per language and overall, as key=value lines:

- exact P/R/F1: the system quote's span is the gold quote's span (marks excluded);
- overlap P/R/F1: a system quote overlapping a gold quote matches it, one to one;
- speaker accuracy over the overlap-matched quotes whose gold speaker is named: the
  system's speaker is resolved to a gold cluster through the gold mention its speaker
  span covers, else through the gold mentions of its speaker entity, else by its
  speaker text equal to a gold mention of the topic; `speaker_abstain` is the share of
  matched quotes with no named gold speaker (`?`) to which the system gives none either.

The anchor printed alongside: citron (BBC R&D, Newell et al. 2018) on English PARC 3.0,
exact-span F1 56.7 and overlap F1 83.2 for quote content spans.
`--show N` prints up to N errors of each sort.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entities_eval import (  # noqa: E402
    BODY,
    GOLD_ENTITIES,
    GOLD_QUOTES,
    ML_CRISIS,
    ROOT,
    TODAY,
    GoldRow,
    Run,
    body_regions,
    figures,
    in_body,
    match_overlaps,
    read_gold,
    run_pipeline,
)

from corroborate.model import Brief, QuoteRef, Span  # noqa: E402

CITRON = {"exact_f1": 0.567, "overlap_f1": 0.832}


class Speakers:
    """Resolves a system quote's speaker to a gold cluster (None when it names none
    that the gold knows)."""

    def __init__(self, entities: Sequence[GoldRow], run: Run) -> None:
        self.mentions: dict[str, list[GoldRow]] = defaultdict(list)
        for row in entities:
            if row.label != BODY:
                self.mentions[row.path].append(row)
        self.path_of = {a.id: path for path, a in run.articles.items()}
        self.entity_cluster: dict[str, str] = {}
        self.names: dict[str, dict[str, str]] = defaultdict(dict)  # topic → surface → cluster
        for path, rows in self.mentions.items():
            text = run.articles[path].article.text
            for row in rows:
                self.names[row.topic].setdefault(row.span.of(text).casefold(), row.cluster)
        self.roles = {(a.id, m.span) for a in run.articles.values() for m in a.mentions if m.role}
        for brief in run.briefs.values():
            self._index(brief)

    def _index(self, brief: Brief) -> None:
        """Each entity's gold cluster: the most frequent among its name mentions (its
        role mentions, "la porte-parole du département d'Etat", name no one)."""
        for entity in brief.entities:
            votes: Counter[str] = Counter()
            for c in entity.mentions:
                if (c.article, c.span) in self.roles:
                    continue
                cluster = self.at(self.path_of[c.article], c.span)
                if cluster:
                    votes[cluster] += 1
            if votes:
                self.entity_cluster[entity.id] = votes.most_common(1)[0][0]

    def at(self, path: str, span: Span) -> str | None:
        """The cluster of the gold mention overlapping `span` most."""
        best, size = None, 0
        for row in self.mentions.get(path, ()):
            overlap = min(row.span.end, span.end) - max(row.span.start, span.start)
            if overlap > size:
                best, size = row.cluster, overlap
        return best

    def resolve(self, path: str, ref: QuoteRef) -> str | None:
        """The gold cluster of the quote's speaker: the system's speaker entity first,
        else the gold mention its speaker span covers (a person before anything else),
        else a gold mention of the topic written as its speaker text."""
        quote = ref.quote
        if ref.speaker and ref.speaker in self.entity_cluster:
            return self.entity_cluster[ref.speaker]
        if quote.speaker_span is not None:
            covered = [row for row in self.mentions.get(path, ()) if row.span.overlaps(quote.speaker_span)]
            if covered:
                return max(covered, key=lambda row: row.label == "PER").cluster
        if quote.speaker_text:
            return self.names[path.split("/")[1]].get(quote.speaker_text.casefold())
        return None


def score_quotes(quotes: Sequence[GoldRow], entities: Sequence[GoldRow], run: Run,
                 show: int = 0) -> dict[str, Counter[str]]:
    """Counts per language ("all" too): gold, system, exact, overlap, and the speaker
    tallies of matched quotes; with `show`, prints examples of errors."""
    regions = body_regions(entities)
    speakers = Speakers(entities, run)
    gold_by_path: dict[str, list[GoldRow]] = defaultdict(list)
    for row in quotes:
        gold_by_path[row.path].append(row)
    refs: dict[str, list[QuoteRef]] = defaultdict(list)
    for brief in run.briefs.values():
        for ref in brief.quotes:
            refs[ref.article].append(ref)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    errors: dict[str, list[str]] = defaultdict(list)
    for path in sorted(regions):
        annotated = run.articles[path]
        text = annotated.article.text
        gold = gold_by_path.get(path, [])
        system = sorted((r for r in refs[annotated.id] if in_body(r.quote.span, regions[path])),
                        key=lambda r: r.quote.span)
        matched = match_overlaps([g.span for g in gold], [r.quote.span for r in system])
        exact = {g.span for g in gold} & {r.quote.span for r in system}
        tally = Counter(gold=len(gold), system=len(system), exact=len(exact), overlap=len(matched))
        for i, j in matched.items():
            expected, got = gold[i].cluster, speakers.resolve(path, system[j])
            if expected == "?":
                tally["unnamed"] += 1
                tally["abstained"] += got is None
            else:
                tally["named"] += 1
                tally["speaker_ok"] += got == expected
                tally["attributed"] += got is not None
                if got != expected:
                    said = system[j].quote.speaker_text
                    errors["speaker"].append(f"{path}: {_short(gold[i].span.of(text))} gold {expected} "
                                             f"system {got} ({said!r})")
            if gold[i].span != system[j].quote.span:
                errors["boundary"].append(f"{path}: gold {_short(gold[i].span.of(text))} "
                                          f"system {_short(system[j].quote.text)}")
        hit = set(matched.values())
        errors["missed"] += [f"{path}: {_short(g.span.of(text))} ({g.cluster})"
                             for i, g in enumerate(gold) if i not in matched]
        errors["spurious"] += [f"{path}: {_short(r.quote.text)}" for j, r in enumerate(system) if j not in hit]
        counts[path.split("/")[0]].update(tally)
        counts["all"].update(tally)
    if show:
        for sort in ("missed", "spurious", "boundary", "speaker"):
            print(f"-- {sort} ({len(errors[sort])})")
            for line in errors[sort][:show]:
                print("   " + line)
    return counts


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[:width - 25] + " … " + text[-20:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ML_CRISIS)
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N errors of each sort")
    args = parser.parse_args()
    entities, quotes = read_gold(GOLD_ENTITIES), read_gold(GOLD_QUOTES)
    run = run_pipeline({row.path for row in entities}, args.root)
    print(f"gold={GOLD_QUOTES.relative_to(ROOT)} articles={len(run.articles)} today={TODAY} "
          "scope=gold BODY rows; one story per topic")
    print("anchor=citron (BBC) English PARC 3.0 " + " ".join(f"citron_{k}={v:.3f}" for k, v in CITRON.items()))
    counts = score_quotes(quotes, entities, run, args.show)
    for lang in sorted(counts, key=lambda k: (k == "all", k)):
        c = counts[lang]
        print(f"[{lang}]")
        print(figures("exact", c["exact"], c["system"], c["gold"]))
        print(figures("overlap", c["overlap"], c["system"], c["gold"]))
        named, unnamed = c["named"], c["unnamed"]
        print(f"speaker_acc={c['speaker_ok'] / named if named else 0:.3f} speaker_n={named} "
              f"speaker_attributed={c['attributed'] / named if named else 0:.3f} "
              f"speaker_abstain={c['abstained'] / unnamed if unnamed else 0:.3f} speaker_unnamed_n={unnamed}")


if __name__ == "__main__":
    main()
