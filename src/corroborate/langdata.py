"""Language data files: one folder per language under `corroborate/data/<lang>/`.

Stages never hard-code words of a language; they read them here.  Files are TOML
(tables of lists and mappings) or TSV (one entry a line, tab-separated columns, `#`
comments).  Everything is loaded once per process and returned read-only; a language
without a given file gets an empty table, so a stage simply finds nothing in it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

DATA_PACKAGE = "corroborate.data"


@cache
def available_languages() -> tuple[str, ...]:
    """The languages that have a data folder, sorted."""
    root = resources.files(DATA_PACKAGE)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")))


@cache
def load_toml(lang: str, name: str) -> Mapping[str, Any]:
    """The TOML file `data/<lang>/<name>.toml`, or an empty mapping when there is none."""
    path = resources.files(DATA_PACKAGE).joinpath(lang, f"{name}.toml")
    if not path.is_file():
        return MappingProxyType({})
    with path.open("rb") as fh:
        return MappingProxyType(tomllib.load(fh))


@cache
def load_tsv(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `data/<lang>/<name>.tsv` (blank lines and `#` comments skipped)."""
    path = resources.files(DATA_PACKAGE).joinpath(lang, f"{name}.tsv")
    if not path.is_file():
        return ()
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in raw.split("\t")))
    return tuple(rows)


def data_files(lang: str) -> tuple[str, ...]:
    """Names of the data files of one language (for validation)."""
    folder = resources.files(DATA_PACKAGE).joinpath(lang)
    return tuple(sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("_")))
