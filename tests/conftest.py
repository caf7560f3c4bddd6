"""Shared fixtures: paths to the real data in ../shared, and one real CLI run on the seeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from corroborate.model import Line, LineLabel, Span

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
ML_CRISIS = SHARED / "data" / "ml-crisis"
TODAY = "2026-11-22"  # fixed reference date, so runs are reproducible


def plain_lines(text: str) -> tuple[Line, ...]:
    """Each non-empty line CONTENT, the others BLANK: a stand-in for the clean stage in
    tests of the stages after it."""
    lines, pos = [], 0
    for n, raw in enumerate(text.split("\n"), 1):
        label = LineLabel.CONTENT if raw.strip() else LineLabel.BLANK
        lines.append(Line(n, Span(pos, pos + len(raw)), label))
        pos += len(raw) + 1
    return tuple(lines)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> Run:
    """Run the real command line (`python -m corroborate`) in a subprocess."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "corroborate", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=600,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5, f"expected the five seed articles in {SEEDS}"
    return files


@dataclass
class Brief:
    out: Path
    run: Run
    index: dict[str, Any]
    stories: list[dict[str, Any]]


@pytest.fixture(scope="session")
def seed_brief(tmp_path_factory: pytest.TempPathFactory, seeds: list[Path]) -> Brief:
    """`corroborate brief ../shared/seeds --out DIR`, run once for the session."""
    out = tmp_path_factory.mktemp("brief")
    run = run_cli("brief", str(SEEDS), "--out", str(out), "--today", TODAY)
    assert run.returncode == 0, run.stderr
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    stories = [json.loads((out / s["file"]).read_text(encoding="utf-8")) for s in index["stories"]]
    return Brief(out, run, index, stories)
