"""Timeline metrics of bench/timeline_metrics.py (the tilse definitions) on tiny hand-made
timelines whose scores are worked out by hand, the reference parser on the real ML-Crisis
references, and the short-timeline selection of consolidate.select_timeline."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from conftest import ML_CRISIS, ROOT

from corroborate.consolidate import select_timeline
from corroborate.model import Citation, Span, TimelineEntry

sys.path.insert(0, str(ROOT / "bench"))
import timeline_eval  # noqa: E402  (the benchmark modules, importable once bench/ is on the path)
import timeline_metrics as tm  # noqa: E402

D1, D2, D3, D4, D5 = (date(2011, 1, d) for d in range(1, 6))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("L’Égypte, le 25 janvier !", ["l", "egypte", "le", "25", "janvier"]),
        ("Mohamed MORSI destituido", ["mohamed", "morsi", "destituido"]),
        ("« Dégage » — Moubarak", ["degage", "moubarak"]),
        ("", []),
    ],
)
def test_timeline_eval_tokenize_lowercases_folds_accents_and_drops_punctuation(text: str, tokens: list[str]) -> None:
    assert tm.tokenize(text) == tokens


def test_timeline_eval_date_f1_counts_exact_dates() -> None:
    score = tm.date_f1({D1: ["a"], D3: ["b"], D5: ["c"]}, {D1: ["x"], D2: ["y"], D3: ["z"], D4: ["w"]})
    assert (score.precision, score.recall) == (pytest.approx(2 / 3), pytest.approx(1 / 2))
    assert score.f1 == pytest.approx(4 / 7)


@pytest.mark.parametrize(("n", "precision", "recall"), [(1, 2 / 3, 2 / 4), (2, 1 / 2, 1 / 3)])
def test_timeline_eval_concat_clips_ngram_matches(n: int, precision: float, recall: float) -> None:
    # predicted a b c / reference a b d e: unigrams a, b match; bigram (a, b) matches
    score = tm.concat_rouge({D2: ["a b c"]}, {D1: ["a b"], D3: ["d e"]}, n)
    assert (score.precision, score.recall) == (pytest.approx(precision), pytest.approx(recall))


def test_timeline_eval_concat_counts_a_repeated_word_once_per_occurrence() -> None:
    score = tm.concat_rouge({D1: ["a a a"]}, {D1: ["a b"]}, 1)
    assert (score.precision, score.recall) == (pytest.approx(1 / 3), pytest.approx(1 / 2))


def test_timeline_eval_agreement_compares_same_dates_only() -> None:
    predicted = {D1: ["x y"], D2: ["a b"]}
    reference = {D2: ["a b c"], D3: ["x y"]}
    score = tm.agreement_rouge(predicted, reference, 1)
    # D1's words count against precision, D3's against recall: "x y" on the wrong day scores nothing
    assert (score.precision, score.recall) == (pytest.approx(2 / 4), pytest.approx(2 / 5))


def test_timeline_eval_align_weights_matches_by_date_distance() -> None:
    predicted = {D2: ["a b"]}
    reference = {D1: ["a b"], D5: ["c d"]}
    score = tm.align_rouge(predicted, reference, 1)
    # D2 aligned with D1 (one day off: weight 1/2); D5 left alone adds its 2 words to recall's denominator
    assert (score.precision, score.recall) == (pytest.approx(1 / 2), pytest.approx(1 / 4))


def test_timeline_eval_align_plus_lets_content_choose_the_alignment() -> None:
    predicted = {D2: ["c d"], D4: ["a b"]}
    reference = {D1: ["a b"], D3: ["c d"]}
    # by date alone D2-D1 and D4-D3 (total cost 1.0): the contents differ, nothing matches
    assert tm.align_rouge(predicted, reference, 1).f1 == 0.0
    # with content, D2-D3 (weight 1/2) and D4-D1 (weight 1/4): (2 * 1/2 + 2 * 1/4) / 4
    score = tm.align_plus_rouge(predicted, reference, 1)
    assert (score.precision, score.recall) == (pytest.approx(1.5 / 4), pytest.approx(1.5 / 4))


def test_timeline_eval_many_to_one_lets_several_reference_dates_share_a_predicted_one() -> None:
    predicted = {D2: ["a b"]}
    reference = {D1: ["a b"], D3: ["a b"]}
    one_to_one = tm.align_plus_rouge(predicted, reference, 1)
    many_to_one = tm.align_m1_rouge(predicted, reference, 1)
    assert one_to_one.recall == pytest.approx(1 / 4)
    assert many_to_one.recall == pytest.approx(2 / 4)
    assert one_to_one.precision == many_to_one.precision == pytest.approx(1 / 2)


@pytest.mark.parametrize("name", sorted(tm.METRICS))
@pytest.mark.parametrize("n", [1, 2])
def test_timeline_eval_identical_timelines_score_one(name: str, n: int) -> None:
    timeline = {D1: ["Manifestation au Caire.", "Des milliers de personnes."], D4: ["Le président démissionne."]}
    assert tm.METRICS[name](timeline, timeline, n).f1 == pytest.approx(1.0)


@pytest.mark.parametrize("name", sorted(tm.METRICS))
def test_timeline_eval_empty_prediction_scores_zero(name: str) -> None:
    assert tm.METRICS[name]({}, {D1: ["a b"]}, 1).f1 == 0.0
    assert tm.date_f1({}, {D1: ["a b"]}).f1 == 0.0


def test_timeline_eval_parse_reference_reads_blocks() -> None:
    text = "2011-01-25\nune manifestation .\nla police tire .\n-----\n2011-02-11\nil démissionne .\n"
    parsed = tm.parse_reference(text)
    assert parsed == {date(2011, 1, 25): ["une manifestation .", "la police tire ."],
                      date(2011, 2, 11): ["il démissionne ."]}
    assert timeline_eval.per_date(parsed) == 1


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("topic", timeline_eval.TOPICS)
def test_timeline_eval_parse_reference_reads_every_date_of_the_real_references(lang: str, topic: str) -> None:
    text = (ML_CRISIS / lang / "reference" / f"{topic}.txt").read_text(encoding="utf-8")
    date_lines = [ln.strip() for ln in text.splitlines() if len(ln.strip()) == 10 and ln.strip()[4] == "-"]
    parsed = tm.parse_reference(text)
    assert sorted(d.isoformat() for d in parsed) == sorted(set(date_lines))
    assert all(parsed.values())
    assert timeline_eval.per_date(parsed) >= 1


def _entry(day: str, event: str, *articles: str) -> TimelineEntry:
    return TimelineEntry(day, event, tuple(Citation(a, Span(0, len(event))) for a in articles))


def test_timeline_eval_select_timeline_keeps_the_dates_most_articles_report() -> None:
    entries = [
        _entry("2011-01-25", "Manifestation au Caire.", "a1", "a2"),
        _entry("2011-01-25", "La police tire.", "a3"),
        _entry("2011-01-26", "Une rencontre.", "a1"),
        _entry("2011-02-11", "Moubarak démissionne.", "a1", "a2"),
        _entry("2011-02-11", "Liesse place Tahrir.", "a4"),
        _entry("2012-06-30", "Hors de la période.", "a1", "a2", "a3", "a4", "a5"),
    ]
    chosen = select_timeline(entries, 2, 1, "2011-01-01", "2011-12-31")
    # two dates reported by three articles each; on each, the event most articles report
    assert [(e.date, e.event) for e in chosen] == [("2011-01-25", "Manifestation au Caire."),
                                                   ("2011-02-11", "Moubarak démissionne.")]
    assert len(select_timeline(entries, 10, 5)) == len(entries)
    assert select_timeline(entries, 0, 3) == ()
