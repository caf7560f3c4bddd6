"""Tests of bench/data/figures_gold.tsv: the hand-annotated numeric claims are well formed.

The gold file holds offsets and labels only; the texts are read from ../shared at run time.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from conftest import ML_CRISIS, ROOT

from corroborate.langdata import available_languages, load_toml
from corroborate.model import Article
from corroborate.read import read_source
from corroborate.settings import load_settings

GOLD = ROOT / "bench" / "data" / "figures_gold.tsv"


def _rows() -> list[list[str]]:
    return [line.split("\t") for line in GOLD.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@cache
def _text(rel: str) -> str:
    item = next(read_source(str(ML_CRISIS / rel), load_settings().read))
    assert isinstance(item, Article), f"{rel} cannot be read: {item}"
    return item.text


def _measures() -> set[str]:
    """Every measure key some language's figure data can give, and '-' for none."""
    keys = {"-", str(load_toml("_common", "figures").get("percent_measure"))}
    for lang in available_languages():
        data = load_toml(lang, "figures")
        for table in ("nouns", "participles", "before"):
            keys |= {str(v) for v in dict(data.get(table, {})).values()}
    return keys


def test_figures_gold_covers_enough_articles_in_both_languages() -> None:
    by_lang: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        by_lang[row[0].split("/", 1)[0]].add(row[0])
    assert len(by_lang["fr"]) >= 18 and len(by_lang["es"]) >= 18
    assert sum(len(paths) for paths in by_lang.values()) >= 30
    assert len([r for r in _rows() if r[1] != "-"]) >= 100


def test_figures_gold_rows_have_seven_columns_and_known_labels() -> None:
    measures = _measures()
    for row in _rows():
        assert len(row) == 7, row
        assert (ML_CRISIS / row[0]).is_file(), row[0]
        if row[1] == "-":
            assert row[2:] == ["", "", "", "", ""], row
            continue
        start, end, amount_end = int(row[1]), int(row[2]), int(row[3])
        assert 0 <= start < amount_end <= end, row
        low = float(row[4]) if row[4] else None
        high = float(row[5]) if row[5] else None
        assert low is not None or high is not None, row
        assert low is None or high is None or low <= high, row
        assert row[6] in measures, row


@pytest.mark.parametrize("rel", sorted({row[0] for row in _rows()}))
def test_figures_gold_spans_slice_real_text(rel: str) -> None:
    text = _text(rel)
    spans = []
    for row in _rows():
        if row[0] != rel or row[1] == "-":
            continue
        start, end, amount_end = int(row[1]), int(row[2]), int(row[3])
        assert end <= len(text)
        surface, amount = text[start:end], text[start:amount_end]
        assert surface and surface == surface.strip(), (rel, start)
        assert amount == amount.strip(), (rel, start)
        assert any(c.isdigit() or c.isalpha() for c in amount)
        spans.append((start, end))
    spans.sort()
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), "overlapping claims"


def test_figures_gold_file_holds_no_article_text() -> None:
    # Only paths, integers, numbers and measure keys: no third-party text in the repository.
    for row in _rows():
        assert all(len(cell) < 40 for cell in row[1:]), row
    assert Path(GOLD).stat().st_size < 20_000
