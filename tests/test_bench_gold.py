"""The hand-annotated gold of bench/entities_eval.py and bench/quotes_eval.py is well
formed: offsets into the ML-Crisis articles as corroborate reads them, known labels, the
quotes inside the annotated body, enough articles in both languages.  No text is printed:
failures name the path and offsets only."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from conftest import ML_CRISIS, ROOT

from corroborate.model import Article, Span
from corroborate.read import read_source
from corroborate.settings import load_settings

ENTITIES = ROOT / "bench" / "data" / "entities_gold.tsv"
QUOTES = ROOT / "bench" / "data" / "quotes_gold.tsv"
ENTITY_TYPES = {"PER", "ORG", "LOC", "ROLE", "BODY"}
CLUSTER = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")

Row = tuple[str, Span, str, str]  # path, span, label, cluster


def _rows(path: Path, columns: int) -> list[Row]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        assert len(cells) == columns, f"{path.name}:{n}: {len(cells)} columns, expected {columns}"
        assert cells[1].isdigit() and cells[2].isdigit(), f"{path.name}:{n}: offsets must be integers"
        start, end = int(cells[1]), int(cells[2])
        assert start < end, f"{path.name}:{n}: empty or reversed span {start}:{end}"
        rows.append((cells[0], Span(start, end), cells[3], cells[-1]))
    return rows


@cache
def _text(path: str) -> str:
    items = list(read_source(str(ML_CRISIS / path), load_settings().read))
    article = items[0]
    assert len(items) == 1 and isinstance(article, Article), f"{path}: not read as one article"
    text: str = article.text
    return text


def _bodies(rows: list[Row]) -> dict[str, list[Span]]:
    bodies: dict[str, list[Span]] = defaultdict(list)
    for path, span, label, _ in rows:
        if label == "BODY":
            bodies[path].append(span)
    return bodies


@pytest.mark.parametrize(("gold", "columns"), [(ENTITIES, 5), (QUOTES, 4)])
def test_bench_gold_spans_slice_to_trimmed_text(gold: Path, columns: int) -> None:
    for path, span, _, _ in _rows(gold, columns):
        text = _text(path)
        assert span.end <= len(text), f"{gold.name}: {path} {span.start}:{span.end} beyond the text"
        surface = span.of(text)
        assert surface.strip(), f"{gold.name}: {path} {span.start}:{span.end} is blank"
        assert surface == surface.strip(), f"{gold.name}: {path} {span.start}:{span.end} has edge spaces"


def test_bench_gold_entity_labels_and_clusters() -> None:
    rows = _rows(ENTITIES, 5)
    for path, span, label, cluster in rows:
        assert label in ENTITY_TYPES, f"{path} {span.start}: unknown type {label}"
        if label == "BODY":
            assert cluster == "-", f"{path} {span.start}: a BODY row has cluster -"
        else:
            assert CLUSTER.fullmatch(cluster), f"{path} {span.start}: bad cluster id {cluster}"


def test_bench_gold_mentions_lie_in_the_body_and_do_not_overlap() -> None:
    rows = _rows(ENTITIES, 5)
    bodies = _bodies(rows)
    spans: dict[str, list[Span]] = defaultdict(list)
    for path, span, label, _ in rows:
        if label == "BODY":
            continue
        assert any(b.contains(span) for b in bodies[path]), f"{path} {span.start}: outside the BODY rows"
        spans[path].append(span)
    for path, found in spans.items():
        found.sort()
        for a, b in zip(found, found[1:], strict=False):
            assert not a.overlaps(b), f"{path}: mentions {a.start} and {b.start} overlap"


def test_bench_gold_quotes_have_known_speakers_inside_the_body() -> None:
    entities = _rows(ENTITIES, 5)
    clusters = {cluster for _, _, label, cluster in entities if label != "BODY"}
    bodies = _bodies(entities)
    quotes = _rows(QUOTES, 4)
    assert len(quotes) >= 100
    for path, span, _, speaker in quotes:
        assert path in bodies, f"{path}: quotes of an article without BODY rows"
        assert any(b.contains(span) for b in bodies[path]), f"{path} {span.start}: quote outside the body"
        assert speaker == "?" or speaker in clusters, f"{path} {span.start}: unknown speaker {speaker}"


def test_bench_gold_covers_enough_articles_in_both_languages() -> None:
    paths = {path for path, _, _, _ in _rows(ENTITIES, 5)}
    assert len(paths) >= 30
    languages = {path.split("/")[0] for path in paths}
    assert {"fr", "es"} <= languages
    assert all(path.split("/")[1] in {"egypt", "libya", "syria", "yemen"} for path in paths)
    assert {path for path, _, _, _ in _rows(QUOTES, 4)} <= paths
