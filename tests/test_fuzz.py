"""Fuzzing: hypothesis over the parsers that have no property test of their own module
(datelines, origins, outlets, statements, copies, storylines, a whole article's
annotation), and a short run of the atheris harness on the readers (bench/fuzz_readers.py
runs it longer and prints what it tried)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborate.clean import clean_lexicon, label_lines
from corroborate.copies import fingerprint, shingles
from corroborate.model import Article
from corroborate.pipeline import annotate_article
from corroborate.sources import find_dateline, find_origins, find_outlet, source_lexicon
from corroborate.statements import link_statements, statement
from corroborate.storylines import subject_terms

TODAY = date(2026, 11, 22)
# Text made of the pieces that matter to these parsers, mixed with anything.
PIECES = st.sampled_from([
    "PARIS, 12 janvier (AFP) - ", "JAKARTA - ", "Paris :, 13 (EUROPE PRESSE)", "(Reuters)",
    "selon l'agence TASS", "Source : AA", "citant Sputnik", "« ", " »", "\"", "a déclaré",
    "M. Tokaïev", "le président kazakh", "2 300 soldats", "des dizaines de morts", "jeudi",
    "13 janvier 2022", "\n", "\n\n", " ", ".", ",", "Almaty", "OTSC", "Lire aussi", "©",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@given(TEXTS)
@settings(max_examples=150, deadline=None)
def test_fuzz_sources_never_raise_and_spans_slice_back(text: str) -> None:
    lines = label_lines(text, clean_lexicon())
    lex = source_lexicon("fr")
    dateline = find_dateline(text, lines, lex)
    if dateline is not None:
        assert 0 <= dateline.span.start <= dateline.span.end <= len(text)
        if dateline.date_text is not None:
            assert dateline.date_text in dateline.span.of(text)
    for origin in find_origins(text, lines, lex):
        assert 0 <= origin.span.start < origin.span.end <= len(text)
    outlet = find_outlet(Article(id="a", source="s", text=text, format="text"), text, lines, lex)
    if outlet is not None and outlet.span is not None:
        assert outlet.span.of(text).strip()


@given(st.lists(TEXTS, min_size=1, max_size=6))
@settings(max_examples=100, deadline=None)
def test_fuzz_statements_link_only_other_ids(texts: list[str]) -> None:
    statements = [statement(f"q{i}", f"a{i % 2}", None, t, "fr") for i, t in enumerate(texts)]
    links = link_statements(statements, 0.6)
    article_of = {s.id: s.article for s in statements}
    for qid, others in links.items():
        assert qid not in others
        assert all(article_of[o] != article_of[qid] for o in others)


@given(TEXTS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_a_whole_article_annotates_with_valid_spans(text: str) -> None:
    annotated = annotate_article(Article(id="a", source="s", text=text, format="text"), TODAY)
    assert [line.n for line in annotated.lines] == list(range(1, len(annotated.lines) + 1))
    for m in annotated.mentions:
        assert m.span.of(text) == m.text
    for q in annotated.quotes:
        assert 0 <= q.span.start < q.span.end <= len(text)
    for c in annotated.claims:
        assert 0 <= c.span.start < c.span.end <= len(text)
    for t in annotated.times:
        assert 0 <= t.span.start < t.span.end <= len(text)
    found = fingerprint(annotated)
    assert found is None or len(found.bands) == 16
    assert all(w > 0 for w in subject_terms(annotated).values())
    assert shingles(text) == shingles(text.upper())


def test_fuzz_atheris_harness_runs_on_the_readers() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fuzz_readers.py"), "-runs=400", "-max_len=1024", "-seed=7"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    summary = [line for line in run.stdout.splitlines() if line.startswith("runs=")]
    assert run.returncode == 0, run.stderr[-2000:]
    assert summary and summary[0].startswith("runs=400 ") and summary[0].endswith("unclear=0"), summary
