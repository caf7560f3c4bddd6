"""Typed entities and their merging against the hand-annotated ML-Crisis gold.

    .venv/bin/python bench/entities_eval.py [--show N]

The 71 gold articles (bench/data/entities_gold.tsv, guidelines in ANNOTATION.md) are
ingested as `corroborate brief` does (read, annotate with the outlet line memory, file
into stories, fixed `today`), then the articles of each topic are consolidated together
as one story, so that one entity clustering covers a whole topic.  Only what lies in the
gold's BODY rows is scored.  Printed per language and overall, as key=value lines:

- typed P/R/F1: exact span and same kind (PER/ORG/LOC; system MISC mentions are left
  out, since the gold has no such kind), and the same per kind;
- untyped overlap P/R/F1: a system mention overlapping a gold mention matches it, one
  to one (a MISC mention counts only where it overlaps a gold mention);
- merge P/R/F1: over the pairs of found gold mentions of one topic, whether the system
  puts them in one entity where the gold puts them in one cluster — within an article,
  across articles of one language, and across languages.

`--show N` prints up to N errors of each sort (missed, spurious, mistyped, wrong merges).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from corroborate.consolidate import build_brief
from corroborate.model import AnnotatedArticle, Brief, Kind, Mention, Span
from corroborate.pipeline import ingest
from corroborate.settings import load_settings
from corroborate.store import Store

ROOT = Path(__file__).resolve().parents[1]
ML_CRISIS = ROOT.parent / "shared" / "data" / "ml-crisis"
GOLD_ENTITIES = ROOT / "bench" / "data" / "entities_gold.tsv"
GOLD_QUOTES = ROOT / "bench" / "data" / "quotes_gold.tsv"
TODAY = date(2026, 11, 22)  # after the corpus, fixed so that runs are reproducible
KINDS = ("PER", "ORG", "LOC")
BODY = "BODY"


@dataclass(frozen=True, slots=True)
class GoldRow:
    """One row of a gold file: a span of an article and its label and cluster."""

    path: str  # relative to ml-crisis/, e.g. fr/egypt/2013-11-19/ext_21.txt
    span: Span
    label: str  # PER | ORG | LOC | BODY for entities; the speaker cluster for quotes
    cluster: str

    @property
    def lang(self) -> str:
        return self.path.split("/", 1)[0]

    @property
    def topic(self) -> str:
        return self.path.split("/")[1]


def read_gold(path: Path) -> list[GoldRow]:
    """Reads a gold TSV (comment lines start with #); produces its rows.  Entity rows are
    path, start, end, type, cluster; quote rows path, start, end, speaker cluster (kept
    as both label and cluster)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        label = cells[3]
        cluster = cells[4] if len(cells) > 4 else cells[3]
        rows.append(GoldRow(cells[0], Span(int(cells[1]), int(cells[2])), label, cluster))
    return rows


@dataclass(frozen=True, slots=True)
class Run:
    """The pipeline's view of the gold articles: each annotated article by gold path,
    and the dossier of each topic (all its gold articles as one story)."""

    articles: dict[str, AnnotatedArticle]
    briefs: dict[str, Brief]


def run_pipeline(paths: Iterable[str], root: Path = ML_CRISIS) -> Run:
    """Reads the gold articles' files under `root`; produces their annotations as the
    store keeps them after an ingest, and one dossier per topic."""
    paths = sorted(set(paths))
    settings = load_settings()
    by_source = {str(root / p): p for p in paths}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "gold.db") as store:
        report = ingest(list(by_source), store, settings, TODAY)
        if report.failures:
            sys.exit(f"could not read: {[f.source for f in report.failures]}")
        stored = store.articles()
    articles = {by_source[a.article.source]: a for a in stored}
    topics: dict[str, list[AnnotatedArticle]] = defaultdict(list)
    for path, annotated in articles.items():
        topics[path.split("/")[1]].append(annotated)
    briefs = {topic: build_brief(f"s-{topic}", group, settings) for topic, group in topics.items()}
    return Run(articles, briefs)


def body_regions(rows: Iterable[GoldRow]) -> dict[str, list[Span]]:
    """The BODY spans of each gold article."""
    regions: dict[str, list[Span]] = defaultdict(list)
    for row in rows:
        if row.label == BODY:
            regions[row.path].append(row.span)
    return regions


def in_body(span: Span, regions: Sequence[Span]) -> bool:
    return any(region.contains(span) for region in regions)


def match_overlaps(gold: Sequence[Span], system: Sequence[Span]) -> dict[int, int]:
    """One-to-one matching of overlapping spans, largest overlaps first: gold index →
    system index."""
    pairs = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((-overlap, i, j))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs):
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def prf(correct: int, predicted: int, expected: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = correct / predicted if predicted else 0.0
    r = correct / expected if expected else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def figures(prefix: str, correct: int, predicted: int, expected: int) -> str:
    p, r, f = prf(correct, predicted, expected)
    return (f"{prefix}_p={p:.3f} {prefix}_r={r:.3f} {prefix}_f1={f:.3f} "
            f"{prefix}_n_gold={expected} {prefix}_n_sys={predicted}")


# -- entities -----------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """Counts of one language (or all) for the entity scores."""

    gold: int = 0
    typed_sys: int = 0
    typed_ok: int = 0
    overlap_sys: int = 0
    overlap_ok: int = 0
    per_kind: Counter[str] = field(default_factory=Counter)  # gold:K, sys:K, ok:K


def system_mentions(annotated: AnnotatedArticle, regions: Sequence[Span]) -> list[Mention]:
    """The article's name mentions (role mentions aside) inside the gold body."""
    return [m for m in annotated.mentions if not m.role and in_body(m.span, regions)]


def score_entities(gold: Sequence[GoldRow], run: Run, show: int = 0) -> dict[str, Tally]:
    """Typed and untyped mention scores per language ("all" too); with `show`, prints
    examples of errors."""
    regions = body_regions(gold)
    mentions = [row for row in gold if row.label != BODY]
    by_path: dict[str, list[GoldRow]] = defaultdict(list)
    for row in mentions:
        by_path[row.path].append(row)
    tallies: dict[str, Tally] = defaultdict(Tally)
    errors: dict[str, list[str]] = defaultdict(list)
    for path in sorted(regions):
        annotated = run.articles[path]
        text = annotated.article.text
        rows = by_path.get(path, [])
        found = system_mentions(annotated, regions[path])
        typed = [m for m in found if m.kind is not Kind.MISC]
        exact = {(r.span, r.label) for r in rows}
        matched = match_overlaps([r.span for r in rows], [m.span for m in found])
        hit_misc = {j for j in matched.values() if found[j].kind is Kind.MISC}
        counted = sum(1 for m in found if m.kind is not Kind.MISC) + len(hit_misc)
        for lang in (path.split("/")[0], "all"):
            t = tallies[lang]
            t.gold += len(rows)
            t.typed_sys += len(typed)
            t.typed_ok += sum(1 for m in typed if (m.span, m.kind.value) in exact)
            t.overlap_sys += counted
            t.overlap_ok += len(matched)
            for r in rows:
                t.per_kind[f"gold:{r.label}"] += 1
            for m in typed:
                t.per_kind[f"sys:{m.kind.value}"] += 1
                t.per_kind[f"ok:{m.kind.value}"] += (m.span, m.kind.value) in exact
        if show:
            for i, r in enumerate(rows):
                if i not in matched:
                    errors["missed"].append(f"{path}: {r.span.of(text)!r} {r.label}")
                else:
                    m = found[matched[i]]
                    if m.span != r.span:
                        errors["boundary"].append(f"{path}: gold {r.span.of(text)!r} system {m.text!r}")
                    elif m.kind.value != r.label:
                        errors["kind"].append(f"{path}: {m.text!r} gold {r.label} system {m.kind.value}")
            hit = set(matched.values())
            for j, m in enumerate(found):
                if j not in hit and m.kind is not Kind.MISC:
                    errors["spurious"].append(f"{path}: {m.text!r} {m.kind.value}")
    for sort, lines in errors.items():
        print(f"-- {sort} ({len(lines)})")
        for line in lines[:show]:
            print("   " + line)
    return tallies


# -- merging ------------------------------------------------------------------------------


def entity_of_mentions(brief: Brief) -> dict[tuple[str, Span], str]:
    """(article id, span) → entity id, for every mention of the dossier's entities."""
    return {(c.article, c.span): e.id for e in brief.entities for c in e.mentions}


@dataclass(frozen=True, slots=True)
class Found:
    """A gold mention the system found: its gold cluster and the system's entity."""

    path: str
    cluster: str
    entity: str | None
    surface: str


def found_mentions(gold: Sequence[GoldRow], run: Run) -> dict[str, list[Found]]:
    """Per topic, the gold mentions matched (by overlap) to a system name mention, with
    the entity the topic's dossier puts that mention in."""
    regions = body_regions(gold)
    by_path: dict[str, list[GoldRow]] = defaultdict(list)
    for row in gold:
        if row.label != BODY:
            by_path[row.path].append(row)
    result: dict[str, list[Found]] = defaultdict(list)
    for path in sorted(regions):
        annotated = run.articles[path]
        topic = path.split("/")[1]
        entity_at = entity_of_mentions(run.briefs[topic])
        rows = by_path.get(path, [])
        found = system_mentions(annotated, regions[path])
        matched = match_overlaps([r.span for r in rows], [m.span for m in found])
        for i, j in sorted(matched.items()):
            m = found[j]
            result[topic].append(Found(path, rows[i].cluster, entity_at.get((annotated.id, m.span)),
                                       m.text))
    return result


def pair_sort(a: Found, b: Found) -> str:
    if a.path == b.path:
        return "within_article"
    return "cross_article" if a.path.split("/")[0] == b.path.split("/")[0] else "cross_language"


def score_merges(found: dict[str, list[Found]], show: int = 0) -> Counter[str]:
    """Pairwise counts over the found gold mentions of each topic: for each sort of pair
    (and "all"), gold-same, system-same and both-same pairs."""
    counts: Counter[str] = Counter()
    wrong: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for items in found.values():
        for x, a in enumerate(items):
            for b in items[x + 1:]:
                gold_same = a.cluster == b.cluster
                sys_same = a.entity is not None and a.entity == b.entity
                if not gold_same and not sys_same:
                    continue
                for sort in (pair_sort(a, b), "all"):
                    counts[f"{sort}:gold"] += gold_same
                    counts[f"{sort}:sys"] += sys_same
                    counts[f"{sort}:ok"] += gold_same and sys_same
                if show and gold_same != sys_same:
                    first, second = sorted((a.surface, b.surface))
                    wrong["split" if gold_same else "merged"][(first, second)] += 1
    for sort, pairs in wrong.items():
        print(f"-- {sort} pairs ({sum(pairs.values())})")
        for (first, second), n in pairs.most_common(show):
            print(f"   {first!r} / {second!r} x{n}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ML_CRISIS)
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N errors of each sort")
    args = parser.parse_args()
    gold = read_gold(GOLD_ENTITIES)
    paths = {row.path for row in gold}
    run = run_pipeline(paths, args.root)
    print(f"gold={GOLD_ENTITIES.relative_to(ROOT)} articles={len(paths)} today={TODAY} "
          "scope=gold BODY rows; one story per topic")
    tallies = score_entities(gold, run, args.show)
    for lang in sorted(tallies, key=lambda k: (k == "all", k)):
        t = tallies[lang]
        print(f"[{lang}]")
        print(figures("typed", t.typed_ok, t.typed_sys, t.gold))
        print(figures("overlap", t.overlap_ok, t.overlap_sys, t.gold))
        for kind in KINDS:
            k = t.per_kind
            print(figures(f"typed_{kind}", k[f"ok:{kind}"], k[f"sys:{kind}"], k[f"gold:{kind}"]))
    counts = score_merges(found_mentions(gold, run), args.show)
    print("[merge] pairs of found gold mentions, one story per topic")
    for sort in ("within_article", "cross_article", "cross_language", "all"):
        print(figures(f"merge_{sort}", counts[f"{sort}:ok"], counts[f"{sort}:sys"], counts[f"{sort}:gold"]))


if __name__ == "__main__":
    main()
