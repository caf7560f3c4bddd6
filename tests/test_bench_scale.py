"""The sizes bench/ingest_scale.py times: windows of the same originals at every size."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import ingest_scale  # noqa: E402  (the benchmark module, importable once bench/ is on the path)


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ([1000, 10000, 100000], [1000, 9820, 100540]),  # 1 000 + 7 and 79 clones of 1 260
        ([1000, 1100], [1000, 2260]),  # never the first size again: one clone at least
        ([500, 108000], [500, 107600]),
    ],
)
def test_ingest_scale_sizes_file_the_same_originals(sizes: list[int], expected: list[int]) -> None:
    aligned = ingest_scale.aligned_sizes(sizes, 1260)
    assert aligned == expected
    assert all((n - sizes[0]) % 1260 == 0 for n in aligned)
