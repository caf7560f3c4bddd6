"""Story grouping scored on ML-Crisis (French + Spanish), topics as labels.

    .venv/bin/python bench/group_eval.py [--root ../shared/data/ml-crisis] [--lang fr es]
                                         [--shuffles 3] [--chronological] [--limit N]

Every article is read and annotated once (the real pipeline, `today` fixed), then filed
into a fresh SQLite store by the real incremental path (`pipeline.file_article`), in
file order (language, topic, day: each topic arrives whole), with `--chronological` by
publication day (the folder date orders the pile, the code never sees it: a feed's
order, topics and languages mixed), and then in `--shuffles` random orders, each time
with the five seed articles dropped among the others.  Printed:

- pairwise and BCubed precision / recall / F1 against the ML-Crisis topics, over all
  articles (multilingual: a French and a Spanish article of one topic belong together)
  and per language (monolingual);
- the mixed pile: how many stories the seeds land in and how many other articles share
  their story (goal: one story, nothing else in it);
- order sensitivity: BCubed F1 of each order, and the adjusted Rand index between the
  grouping in file order and each other one, for stories and for storylines.

The ML-Crisis topics are whole crises over two or three years (Egypt 2011–2013 …), while
a story here is one event in a time window: a topic splits into many stories, so recall
against topics is low by construction.  The figures say how pure the stories are
(precision) and how far they are from the coarse topics (recall).
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import random
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from corroborate.model import AnnotatedArticle, Article
from corroborate.pipeline import annotate_article, file_article
from corroborate.read import read_inputs
from corroborate.settings import load_settings
from corroborate.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ml-crisis"
SEEDS = ROOT.parent / "shared" / "seeds"
TODAY = dt.date(2026, 11, 22)


def _annotate(paths: Sequence[Path]) -> list[AnnotatedArticle]:
    settings = load_settings()
    found = []
    for item in read_inputs([str(p) for p in paths], settings.read):
        if isinstance(item, Article):
            found.append(annotate_article(item, TODAY))
    return found


def _group(articles: Sequence[AnnotatedArticle], config: Path | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """article id -> story id and article id -> storyline id, filing the articles in
    the given order (with the settings of `config` over the defaults)."""
    settings = load_settings(config)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.db") as store:
        stories = {a.id: file_article(a, store, settings, TODAY) for a in articles}
        line_of = store.storylines()
    return stories, {a: line_of.get(s, s) for a, s in stories.items()}


def _annotate_cached(paths: Sequence[Path], cache: Path | None) -> list[AnnotatedArticle]:
    """`_annotate`, kept in a pickle at `cache` between runs (a development aid: delete
    it after changing any per-article stage)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            known: dict[str, AnnotatedArticle] = pickle.load(f)
        if all(str(p) in known for p in paths):
            return [known[str(p)] for p in paths]
    found = _annotate(paths)
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump(dict(zip(map(str, paths), found, strict=True)), f)
    return found


def _pairwise(labels: dict[str, str], stories: dict[str, str]) -> tuple[float, float, float]:
    ids = sorted(labels)
    by_story: dict[str, list[str]] = defaultdict(list)
    by_label: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        by_story[stories[i]].append(i)
        by_label[labels[i]].append(i)
    same_story = sum(len(m) * (len(m) - 1) // 2 for m in by_story.values())
    same_label = sum(len(m) * (len(m) - 1) // 2 for m in by_label.values())
    both = sum(n * (n - 1) // 2 for n in Counter((stories[i], labels[i]) for i in ids).values())
    return _prf(both, same_story, same_label)


def _bcubed(labels: dict[str, str], stories: dict[str, str]) -> tuple[float, float, float]:
    ids = sorted(labels)
    story_size = Counter(stories[i] for i in ids)
    label_size = Counter(labels[i] for i in ids)
    both = Counter((stories[i], labels[i]) for i in ids)
    p = sum(both[(stories[i], labels[i])] / story_size[stories[i]] for i in ids) / len(ids)
    r = sum(both[(stories[i], labels[i])] / label_size[labels[i]] for i in ids) / len(ids)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _prf(tp: int, found: int, truth: int) -> tuple[float, float, float]:
    p = tp / found if found else 0.0
    r = tp / truth if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _line(name: str, scores: tuple[float, float, float]) -> str:
    p, r, f = scores
    return f"{name}_p={p:.3f} {name}_r={r:.3f} {name}_f1={f:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT)
    parser.add_argument("--lang", nargs="+", default=["fr", "es"])
    parser.add_argument("--shuffles", type=int, default=3)
    parser.add_argument("--chronological", action="store_true",
                        help="also file the articles by publication day (the folder date), languages and topics mixed")
    parser.add_argument("--limit", type=int, default=0, help="articles per language at most")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the annotated articles in this pickle between runs")
    parser.add_argument("--config", type=Path, default=None,
                        help="a settings file over the defaults (e.g. other [group] thresholds)")
    args = parser.parse_args()

    labels: dict[str, str] = {}
    language: dict[str, str] = {}
    crisis: list[AnnotatedArticle] = []
    every: list[Path] = []
    for lang in args.lang:
        paths = sorted((args.root / lang).glob("*/*/*.txt"))
        if args.limit:
            paths = random.Random(7).sample(paths, min(args.limit, len(paths)))
        every += paths
    annotated_all = _annotate_cached([*every, *sorted(SEEDS.glob("*.txt"))], args.cache)
    seeds = annotated_all[len(every):]
    for path, annotated in zip(every, annotated_all, strict=False):
        labels[annotated.id] = path.parts[-3]  # the topic folder
        language[annotated.id] = path.parts[-4]
        crisis.append(annotated)
    seed_ids = {a.id for a in seeds}
    print(f"articles={len(crisis)} seeds={len(seeds)} topics={len(set(labels.values()))}")

    orders = [("file", list(crisis))]
    if args.chronological:  # as a live feed brings them: by publication day, topics mixed
        day = {a.id: path.parts[-2] for path, a in zip(every, crisis, strict=True)}
        orders.append(("chronological", sorted(crisis, key=lambda a: (day[a.id], a.id))))
    for n in range(args.shuffles):
        shuffled = list(crisis)
        random.Random(n).shuffle(shuffled)
        orders.append((f"shuffle{n}", shuffled))
    first: dict[str, str] | None = None
    first_lines: dict[str, str] = {}
    for name, order in orders:
        pile = list(order)
        rng = random.Random(100 + len(name))
        for seed in seeds:  # the seeds dropped among the others
            pile.insert(rng.randrange(len(pile) + 1), seed)
        stories, lines = _group(pile, args.config)
        crisis_stories = {i: stories[i] for i in labels}
        crisis_lines = {i: lines[i] for i in labels}
        n_stories = len(set(crisis_stories.values()))
        print(f"[{name}] stories={n_stories} "
              f"articles_per_story={len(crisis_stories) / max(n_stories, 1):.2f}")
        print(f"[{name}] all " + _line("pairwise", _pairwise(labels, crisis_stories)) + " "
              + _line("bcubed", _bcubed(labels, crisis_stories)))
        for lang in args.lang:
            sub = {i: t for i, t in labels.items() if language[i] == lang}
            print(f"[{name}] {lang} " + _line("pairwise", _pairwise(sub, crisis_stories)) + " "
                  + _line("bcubed", _bcubed(sub, crisis_stories)))
        n_lines = len(set(crisis_lines.values()))
        print(f"[{name}] storylines={n_lines} "
              f"articles_per_storyline={len(crisis_lines) / max(n_lines, 1):.2f}")
        print(f"[{name}] storylines all " + _line("pairwise", _pairwise(labels, crisis_lines)) + " "
              + _line("bcubed", _bcubed(labels, crisis_lines)))
        for lang in args.lang:
            sub = {i: t for i, t in labels.items() if language[i] == lang}
            print(f"[{name}] storylines {lang} " + _line("pairwise", _pairwise(sub, crisis_lines)) + " "
                  + _line("bcubed", _bcubed(sub, crisis_lines)))
        seed_lines = {lines[i] for i in seed_ids}
        line_intruders = sum(1 for i, s in lines.items() if s in seed_lines and i not in seed_ids)
        print(f"[{name}] seeds_storylines={len(seed_lines)} seeds_storyline_intruders={line_intruders}")
        seed_stories = {stories[i] for i in seed_ids}
        intruders = sum(1 for i, s in stories.items() if s in seed_stories and i not in seed_ids)
        print(f"[{name}] seeds_stories={len(seed_stories)} seeds_intruders={intruders}")
        ids = sorted(crisis_stories)
        if first is None:
            first, first_lines = crisis_stories, crisis_lines
        else:
            ari = adjusted_rand_score([first[i] for i in ids], [crisis_stories[i] for i in ids])
            line_ari = adjusted_rand_score([first_lines[i] for i in ids], [crisis_lines[i] for i in ids])
            print(f"[{name}] ari_vs_file_order={ari:.3f} storylines_ari_vs_file_order={line_ari:.3f}")


if __name__ == "__main__":
    main()
