"""Tests of the story timeline (consolidate.build_timeline): one entry per event however
many articles report it, events of one day kept apart, fragments left out, background."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from conftest import Brief

from corroborate.consolidate import build_timeline, event_similarity, is_fragment
from corroborate.model import AnnotatedArticle, Article, TimelineEntry
from corroborate.pipeline import annotate_article

TODAY = date(2026, 11, 22)

# Three wordings of one event (protests on 2 March), a different event of the same day,
# and an event of another day — written for these tests.
TEXTS = {
    "a": "Des manifestations contre la hausse des prix du carburant ont éclaté le 2 mars dans "
         "plusieurs villes du pays.\nSous la pression des manifestations dans les villes du pays, le "
         "gouvernement a démissionné le 9 mars.",
    "b": "Pour rappel, les manifestations ont commencé le 2 mars dans plusieurs villes.",
    "c": "Le 2 mars, des milliers de personnes ont rejoint les manifestations dans plusieurs villes "
         "pour protester contre les prix.",
    "d": "Le 2 mars, la banque centrale a relevé son taux directeur d'un point.",
}


def _annotate(name: str, text: str, published: str = "2024-03-12") -> AnnotatedArticle:
    article = Article(id=f"a-{name}", source=f"{name}.txt", text=text, format="text", published=published)
    return annotate_article(article, TODAY)


@pytest.fixture(scope="module")
def articles() -> list[AnnotatedArticle]:
    return [_annotate(name, text) for name, text in TEXTS.items()]


def _events(entries: tuple[TimelineEntry, ...]) -> set[tuple[str, frozenset[str]]]:
    return {(e.date, frozenset(c.article for c in e.citations)) for e in entries}


def test_timeline_one_event_reported_by_three_articles_is_one_entry(articles: list[AnnotatedArticle]) -> None:
    entries = build_timeline(articles, 0.3, 1)
    day = [e for e in entries if e.date == "2024-03-02"]
    assert [sorted(c.article for c in e.citations) for e in day] == [["a-a", "a-b", "a-c"], ["a-d"]]
    assert "banque centrale" not in day[0].event and "manifestations" in day[0].event
    assert [e.date for e in entries] == sorted(e.date for e in entries)


def test_timeline_events_do_not_depend_on_the_order_of_the_articles(articles: list[AnnotatedArticle]) -> None:
    first = _events(build_timeline(articles, 0.3, 1))
    for order in itertools.permutations(articles):
        assert _events(build_timeline(list(order), 0.3, 1)) == first


def test_timeline_marks_events_before_the_story_began_as_background(articles: list[AnnotatedArticle]) -> None:
    entries = build_timeline(articles, 0.3, 1)  # every article published on 12 March
    assert {e.date: e.background for e in entries} == {"2024-03-02": True, "2024-03-09": True}
    later = build_timeline(articles + [_annotate("e", "Le 2 mars, rien.", "2024-03-01")], 0.3, 1)
    assert not any(e.background for e in later)


def test_timeline_reads_a_sentence_cut_by_a_line_break_whole() -> None:
    # the line breaks off mid-sentence: one sentence over two lines, shown on one line,
    # its citation the span of both
    text = ("Le ministre de l'Intérieur a présenté sa démission\n"
            "le 4 mars, lors d'une conférence de presse à Paris.\n"
            "Le 5 mars, le Parlement a voté la loi.")
    entries = build_timeline([_annotate("f", text)], 0.3, 1)
    assert [e.date for e in entries] == ["2024-03-04", "2024-03-05"]
    assert entries[0].event == ("Le ministre de l'Intérieur a présenté sa démission le 4 mars, "
                                "lors d'une conférence de presse à Paris.")
    assert entries[0].citations[0].span.of(text) == text.split("\nLe 5")[0]


@pytest.mark.parametrize(("text", "fragment"), [
    ("le 4 mars, lors d'une conférence de presse.", True),
    ("« Demain, le retrait commencera », a-t-il dit.", False),
    ("12 mars : le Parlement vote.", False),
])
def test_timeline_is_fragment(text: str, fragment: bool) -> None:
    assert is_fragment(text) is fragment


def test_timeline_event_similarity_is_the_overlap_of_the_smaller_set() -> None:
    short = frozenset({"manifestation", "ville", "commencer"})
    long = frozenset({"manifestation", "ville", "eclater", "prix", "carburant", "hausse"})
    assert event_similarity(short, long) == pytest.approx(2 / 3)
    assert event_similarity(short, frozenset({"manifestation", "banque"})) == 0.0  # one word shared


def test_timeline_seeds_background_protests_are_one_entry(seed_brief: Brief) -> None:
    (story,) = seed_brief.stories
    entries = story["timeline"]
    protests = [e for e in entries if e["date"] == "2022-01-02"]
    assert max(len({c["article"] for c in e["citations"]}) for e in protests) >= 3
    assert all(e["background"] for e in protests)
    withdrawal = [e for e in entries if e["date"] == "2022-01-13"]
    assert max(len({c["article"] for c in e["citations"]}) for e in withdrawal) >= 4
    assert not any(is_fragment(e["event"]) for e in entries)
