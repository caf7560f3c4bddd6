"""Settings: one frozen dataclass per stage, defaults in `defaults.toml` beside this file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class GroupSettings:
    join_threshold: float
    window_days: int
    span_days: int
    max_candidates: int
    entity_weight: float
    shared_weight: float
    cross_threshold: float
    cross_min_terms: int
    profile_terms: int
    copy_threshold: float
    storyline_threshold: float
    storyline_merge: float
    storyline_move_margin: float
    storyline_split: float
    storyline_damping: float


@dataclass(frozen=True, slots=True)
class SummarySettings:
    max_sentences: int
    min_sentences: int
    mmr_lambda: float
    support_threshold: float
    per_article: int
    max_candidates: int


@dataclass(frozen=True, slots=True)
class TimelineSettings:
    background_days: int
    same_event_threshold: float


@dataclass(frozen=True, slots=True)
class QuoteSettings:
    same_statement_ratio: int


@dataclass(frozen=True, slots=True)
class ReadSettings:
    max_bytes: int
    max_line_chars: int
    jsonl_text: tuple[str, ...]
    jsonl_title: tuple[str, ...]
    jsonl_url: tuple[str, ...]
    jsonl_published: tuple[str, ...]
    jsonl_outlet: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CleanSettings:
    min_repeats: int


@dataclass(frozen=True, slots=True)
class Settings:
    clean: CleanSettings
    group: GroupSettings
    summary: SummarySettings
    timeline: TimelineSettings
    quotes: QuoteSettings
    read: ReadSettings


def _section(cls: type[Any], values: dict[str, Any], name: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown setting(s) in [{name}]: {', '.join(sorted(unknown))}")
    # TOML arrays become tuples, so that settings stay immutable and hashable
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def load_settings(path: Path | None = None) -> Settings:
    """The default settings, overridden by the TOML file at `path` when given."""
    with resources.files("corroborate").joinpath("defaults.toml").open("rb") as fh:
        data: dict[str, dict[str, Any]] = tomllib.load(fh)
    if path is not None:
        with path.open("rb") as fh:
            user = tomllib.load(fh)
        for name, values in user.items():
            if name not in data or not isinstance(values, dict):
                raise ValueError(f"{path}: unknown settings section [{name}]")
            data[name] = {**data[name], **values}
    types = {f.name: f.type for f in fields(Settings)}
    sections = {
        "clean": CleanSettings,
        "group": GroupSettings,
        "summary": SummarySettings,
        "timeline": TimelineSettings,
        "quotes": QuoteSettings,
        "read": ReadSettings,
    }
    missing = set(types) - set(data)
    if missing:
        raise ValueError(f"defaults.toml lacks section(s): {', '.join(sorted(missing))}")
    return Settings(**{name: _section(cls, data[name], name) for name, cls in sections.items()})


__all__ = ["Settings", "load_settings", "replace"]
