"""Every language folder is valid: files parse, patterns compile, lexicons build."""

from __future__ import annotations

import re

import pytest

from corroborate.langdata import available_languages, data_files, load_toml, load_tsv

LANGUAGES = available_languages()


def test_langdata_has_french_and_english() -> None:
    assert {"fr", "en"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_langdata_files_parse(lang: str) -> None:
    files = data_files(lang)
    assert files, f"data/{lang} is empty"
    for name in files:
        stem, _, suffix = name.rpartition(".")
        assert suffix in {"toml", "tsv"}, f"data/{lang}/{name}: only .toml and .tsv belong here"
        if suffix == "toml":
            assert load_toml(lang, stem), f"data/{lang}/{name} is empty"
        else:
            rows = load_tsv(lang, stem)
            assert rows and all(row and row[0] for row in rows), f"data/{lang}/{name} has an empty row"


def _patterns(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [p for item in value for p in _patterns(item)]
    if isinstance(value, dict):
        return [p for item in value.values() for p in _patterns(item)]
    return []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["boilerplate", "sources"])
def test_langdata_patterns_compile(lang: str, name: str) -> None:
    for pattern in _patterns(dict(load_toml(lang, name))):
        re.compile(pattern)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_langdata_every_stage_builds_its_lexicon(lang: str) -> None:
    from corroborate.clean import clean_lexicon, sentence_lexicon
    from corroborate.dates import date_lexicon
    from corroborate.entities import entity_lexicon
    from corroborate.figures import figure_lexicon
    from corroborate.quotes import quote_lexicon
    from corroborate.sources import source_lexicon

    clean_lexicon()
    assert sentence_lexicon(lang).abbreviations
    date_lexicon(lang)
    entity_lexicon(lang)
    figure_lexicon(lang)
    quote_lexicon(lang)
    assert source_lexicon(lang).alias_of["TASS"] == "TASS"
