"""Static checks as part of the suite: mypy --strict on src/, ruff on everything."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_typing_mypy_strict_passes_on_src() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "src"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_typing_ruff_passes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "bench"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
