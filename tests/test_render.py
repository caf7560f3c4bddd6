"""Tests of the Markdown, HTML and terminal renderers on a hand-made story dossier."""

from __future__ import annotations

import copy
import io
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from corroborate.render.html import build_chart, render_html
from corroborate.render.markdown import (
    LineView,
    build_view,
    cited_text,
    format_amount,
    md,
    render_markdown,
    source_name,
)
from corroborate.render.terminal import render_terminal

# Three short articles of an invented story, written for these tests.
TEXT_1 = (
    "Crue de la Vésubie : 1 200 habitants évacués\n"
    "NICE, 14 mars (Agence Sud)\n"
    "Le préfet Jean-Marc Lefèvre a ordonné mardi l'évacuation de 1 200 habitants de Lantosque.\n"
    "« Nous ne prendrons aucun risque », a déclaré M. Lefèvre.\n"
    "Des dizaines de blessés légers ont été pris en charge.\n"
    "Lire aussi : le budget de la région adopté\n"
    "Laisser un commentaire"
)
TEXT_2 = (
    "Inondations : la vallée sous l'eau\n"
    "Selon la préfecture, 1 500 personnes ont quitté leur domicile lundi.\n"
    "Le préfet Jean-Marc Lefebvre a promis une aide rapide.\n"
    "« Nous ne prendrons aucun risque », a affirmé le préfet.\n"
    "La dernière crue comparable remonte à 1994."
)
TEXT_3 = (
    "Floods force 1,200 people from their homes\n"
    "Prefect Jean-Marc Lefevre ordered the evacuation on Tuesday, citing Agence Sud.\n"
    "\"We will take no risk,\" the prefect said."
)


def _lines(text: str, labels: list[str]) -> list[dict[str, Any]]:
    out, position = [], 0
    for n, (line, label) in enumerate(zip(text.split("\n"), labels, strict=True), 1):
        out.append(
            {"n": n, "start": position, "end": position + len(line), "label": label, "text": line}
        )
        position += len(line) + 1
    return out


def _cite(article: str, text: str, surface: str, **extra: Any) -> dict[str, Any]:
    start = text.index(surface)
    return {"article": article, "start": start, "end": start + len(surface), **extra}


@pytest.fixture
def dossier() -> dict[str, Any]:
    lines_1 = _lines(
        TEXT_1,
        ["title", "dateline", "content", "content", "content", "related-link", "comment-form"],
    )
    return {
        "story": {
            "id": "s-0123456789abcdef",
            "title": "Crue de la Vésubie : évacuations à Lantosque",
            "languages": ["fr", "en"],
            "first_date": "1994-11-05",
            "last_date": "2024-03-14",
        },
        "articles": [
            {
                "id": "a-1",
                "source": "corpus/courrier.txt",
                "outlet": "Le Courrier du Sud",
                "title": "Crue de la Vésubie : 1 200 habitants évacués",
                "language": "fr",
                "published": "2024-03-14",
                "published_evidence": {
                    **_cite("a-1", TEXT_1, "NICE, 14 mars"), "text": "NICE, 14 mars",
                    "how": "dateline",
                },
                "machine_translated": False,
                "origins": [{"name": "Agence Sud", **_cite("a-1", TEXT_1, "Agence Sud"),
                             "text": "Agence Sud"}],
                "lines": lines_1,
                "removed": 3,
            },
            {
                "id": "a-2",
                "source": "https://example.org/crue-vallee",
                "outlet": "Radio Vallée",
                "title": "Inondations : la vallée sous l'eau",
                "language": "fr",
                "published": "2024-03-13",
                "published_evidence": None,
                "machine_translated": False,
                "origins": [],
                "lines": _lines(TEXT_2, ["title", "content", "content", "content", "content"]),
                "removed": 0,
            },
            {
                "id": "a-3",
                "source": "corpus/alpine.html",
                "outlet": None,
                "title": "Floods force 1,200 people from their homes",
                "language": "en",
                "published": None,
                "published_evidence": None,
                "machine_translated": True,
                "origins": [{"name": "Agence Sud", **_cite("a-3", TEXT_3, "Agence Sud"),
                             "text": "citing Agence Sud"}],
                "lines": _lines(TEXT_3, ["title", "content", "content"]),
                "removed": 0,
            },
        ],
        "entities": [
            {
                "id": "e-prefet", "name": "Jean-Marc Lefèvre", "kind": "PER",
                "variants": ["Jean-Marc Lefèvre", "Jean-Marc Lefebvre", "Jean-Marc Lefevre"],
                "merged_by": ["Lefebvre ~ Lefèvre: edit distance 1 and same title"],
                "mentions": [
                    {**_cite("a-1", TEXT_1, "Jean-Marc Lefèvre"), "text": "Jean-Marc Lefèvre"},
                    {**_cite("a-1", TEXT_1, "M. Lefèvre"), "text": "M. Lefèvre"},
                    {**_cite("a-2", TEXT_2, "Jean-Marc Lefebvre"), "text": "Jean-Marc Lefebvre"},
                    {**_cite("a-3", TEXT_3, "Jean-Marc Lefevre"), "text": "Jean-Marc Lefevre"},
                ],
            },
            {
                "id": "e-lantosque", "name": "Lantosque", "kind": "LOC", "variants": [],
                "merged_by": [],
                "mentions": [{**_cite("a-1", TEXT_1, "Lantosque"), "text": "Lantosque"}],
            },
        ],
        "time_expressions": [],
        "quotes": [
            {"id": "q-1", **_cite("a-1", TEXT_1, "Nous ne prendrons aucun risque"),
             "text": "Nous ne prendrons aucun risque", "speaker": "e-prefet",
             "speaker_text": "M. Lefèvre", "speaker_name": "Jean-Marc Lefèvre",
             "same_statement_as": ["q-2", "q-3"]},
            {"id": "q-2", **_cite("a-2", TEXT_2, "Nous ne prendrons aucun risque"),
             "text": "Nous ne prendrons aucun risque", "speaker": "e-prefet",
             "speaker_text": "le préfet", "speaker_name": "Jean-Marc Lefèvre",
             "same_statement_as": ["q-1"]},
            {"id": "q-3", **_cite("a-3", TEXT_3, "We will take no risk,"),
             "text": "We will take no risk,", "speaker": None,
             "speaker_text": "the prefect said", "speaker_name": None,
             "same_statement_as": ["q-1"]},
        ],
        "figures": [
            {
                "measure": "evacuated", "verdict": "discrepancy",
                "claims": [
                    {**_cite("a-1", TEXT_1, "1 200 habitants"), "text": "1 200 habitants",
                     "value": 1200, "min": None, "max": None, "qualifier": None,
                     "as_of": "2024-03-12", "noun": "habitants", "measure": "evacuated"},
                    {**_cite("a-2", TEXT_2, "1 500 personnes"), "text": "1 500 personnes",
                     "value": 1500, "min": None, "max": None, "qualifier": None,
                     "as_of": "2024-03-11", "noun": "personnes", "measure": "evacuated"},
                    {**_cite("a-3", TEXT_3, "1,200 people"), "text": "1,200 people",
                     "value": 1200, "min": None, "max": None, "qualifier": None,
                     "as_of": None, "noun": "people", "measure": "evacuated"},
                ],
            },
            {
                "measure": "injured", "verdict": "single",
                "claims": [
                    {**_cite("a-1", TEXT_1, "Des dizaines de blessés"),
                     "text": "Des dizaines de blessés", "value": None, "min": 20, "max": 99,
                     "qualifier": "des dizaines", "as_of": None, "noun": "blessés",
                     "measure": "injured"},
                ],
            },
        ],
        "timeline": [
            {"date": "2024-03-12", "event": "Le préfet ordonne l'évacuation de Lantosque.",
             "background": False,
             "citations": [
                 {**_cite("a-1", TEXT_1, "Le préfet Jean-Marc Lefèvre a ordonné mardi"),
                  "text": TEXT_1.split("\n")[2]},
                 {**_cite("a-3", TEXT_3, "Prefect Jean-Marc Lefevre"),
                  "text": TEXT_3.split("\n")[1]},
             ]},
            {"date": "1994-11-05", "event": "La dernière crue comparable.",
             "background": True,
             "citations": [{**_cite("a-2", TEXT_2, "La dernière crue comparable remonte à 1994."),
                            "text": "La dernière crue comparable remonte à 1994."}]},
            {"date": "2024-03-11", "event": "1 500 personnes quittent leur domicile.",
             "background": False,
             "citations": [{**_cite("a-2", TEXT_2, "1 500 personnes ont quitté"),
                            "text": TEXT_2.split("\n")[1]}]},
        ],
        "summary": [
            {"sentence": TEXT_1.split("\n")[2],
             "citations": [_cite("a-1", TEXT_1, TEXT_1.split("\n")[2]),
                           _cite("a-3", TEXT_3, TEXT_3.split("\n")[1])],
             "support": {"articles": 2, "origins": 1}},
            {"sentence": TEXT_2.split("\n")[1],
             "citations": [_cite("a-2", TEXT_2, TEXT_2.split("\n")[1])],
             "support": {"articles": 1, "origins": 1}},
        ],
    }


# -- the view ---------------------------------------------------------------------------


def test_render_view_numbers_articles_and_marks_odd_values(dossier: dict[str, Any]) -> None:
    view = build_view(dossier)
    assert [a.number for a in view.articles] == [1, 2, 3]
    assert view.articles[2].label == "Floods force 1,200 people from their homes"
    evacuated = view.figures[0]
    # 1 200 is given by two articles, 1 500 by one: only 1 500 stands out.
    assert [c.odd for c in evacuated.claims] == [False, True, False]
    assert evacuated.breakdown == "1\u00a0200 (2 articles) vs 1\u00a0500 (1 article)"
    assert [e.date for e in view.timeline] == ["1994-11-05", "2024-03-11", "2024-03-12"]


def test_render_view_groups_statement_variants_under_resolved_speaker(
    dossier: dict[str, Any],
) -> None:
    view = build_view(dossier)
    assert [s.name for s in view.speakers] == ["Jean-Marc Lefèvre"]
    statement = view.speakers[0].statements[0]
    assert statement.quote.marker.number == 1
    assert sorted(v.marker.number or 0 for v in statement.variants) == [2, 3]


def test_render_view_ranks_entities_by_mentions(dossier: dict[str, Any]) -> None:
    view = build_view(dossier)
    top = view.entities[0]
    assert (top.name, top.mentions, top.articles) == ("Jean-Marc Lefèvre", 4, 3)
    assert "Jean-Marc Lefèvre" not in top.variants


def test_render_view_marker_links_to_the_cited_line(dossier: dict[str, Any]) -> None:
    view = build_view(dossier)
    marker = view.summary[0].markers[0]
    assert (marker.anchor, marker.line_anchor) == ("art-1", "art-1-l3")


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ({"value": 2300}, "2\u00a0300"),
        ({"value": 2.5}, "2.5"),
        ({"value": None, "min": 10, "max": 100}, "10–100"),
        ({"value": None, "min": 160, "max": None}, "≥ 160"),
        ({"value": None, "min": None, "max": 50}, "≤ 50"),
        ({}, "?"),
    ],
)
def test_render_format_amount_values_and_intervals(claim: dict[str, Any], expected: str) -> None:
    assert format_amount(claim) == expected


def test_render_partial_dossier_renders_everything() -> None:
    for output in (render_markdown({}), render_html({"story": None, "articles": "x"})):
        assert "Untitled story" in output


# -- Markdown ---------------------------------------------------------------------------


def test_render_markdown_has_title_markers_and_discrepancy_row(dossier: dict[str, Any]) -> None:
    text = render_markdown(dossier)
    assert text.startswith("# Crue de la Vésubie : évacuations à Lantosque\n")
    assert re.search(r"^\| \*\*evacuated\*\* \| \*\*⚠ discrepancy\*\*.*\| \[1\] \|$", text, re.MULTILINE)
    assert "| **1\u00a0500 ⚠** |" in text
    summary = text.split("## Summary")[1].split("##")[0]
    assert "[1][3] *(2 articles, 1 origin)*" in summary
    assert "[1]: #art-1" in text
    assert '<a id="art-3"></a>' in text
    assert "**machine-translated**" in text


def test_render_markdown_marks_background_and_quotes_by_speaker(dossier: dict[str, Any]) -> None:
    text = render_markdown(dossier)
    assert "| 1994-11-05 | *background:* La dernière crue comparable. | [2] |" in text
    quotes = text.split("## Quotes")[1].split("## Entities")[0]
    assert "### Jean-Marc Lefèvre" in quotes
    assert "same statement in [3]: « We will take no risk, »" in quotes


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("a | b", r"a \| b"), ("<b>x</b>", r"\<b\>x\</b\>"), ("[1]", r"\[1\]"), ("x\ny", "x y")],
)
def test_render_md_escapes_markup(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


# -- HTML -------------------------------------------------------------------------------


def test_render_html_is_a_full_offline_document(dossier: dict[str, Any]) -> None:
    page = render_html(dossier)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(", page)
    assert '<table class="figures">' in page
    assert '<tbody class="figure discrepancy">' in page
    assert "<svg" in page and "<circle" in page
    assert 'href="#art-1" data-line="art-1-l3"' in page


def test_render_html_escapes_article_text(dossier: dict[str, Any]) -> None:
    hostile = copy.deepcopy(dossier)
    hostile["story"]["title"] = "<script>alert(1)</script>"
    hostile["articles"][0]["title"] = '"><img src=x onerror=alert(2)>'
    hostile["articles"][0]["lines"][6]["text"] = "<iframe src=//evil>"
    page = render_html(hostile)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "<iframe" not in page
    assert page.count("<script>") == 1  # the page's own


def test_render_html_shows_removed_lines_with_label(dossier: dict[str, Any]) -> None:
    page = render_html(dossier)
    row = re.search(r'<tr id="art-1-l7" class="removed">(.*?)</tr>', page, re.DOTALL)
    assert row is not None
    assert "comment-form" in row[1] and "Laisser un commentaire" in row[1]
    assert '<tr id="art-1-l3" class="">' in page


def test_render_chart_breaks_long_gaps_and_stacks_same_day(dossier: dict[str, Any]) -> None:
    view = build_view(dossier)
    chart = build_chart(view.timeline)
    assert chart is not None
    assert [c.label for c in chart.columns] == ["1994-11-05", "2024-03-11", "2024-03-12"]
    assert [g.label for g in chart.gaps] == ["29 y"]
    assert chart.columns[0].dots[0].background
    assert build_chart(()) is None


# -- terminal ---------------------------------------------------------------------------


def test_render_terminal_prints_title_and_discrepancy(dossier: dict[str, Any]) -> None:
    console = Console(record=True, width=120, file=io.StringIO(), color_system="standard")
    render_terminal(dossier, console)
    text = console.export_text(clear=False)
    assert "Crue de la Vésubie : évacuations à Lantosque" in text
    assert "⚠ discrepancy" in text
    assert "1\u00a0500" in text and "Jean-Marc Lefèvre" in text
    assert "[1][3]" in text
    assert "\x1b[1;31m⚠ discrepancy" in console.export_text(styles=True)


def test_render_terminal_prints_brackets_in_text_literally(dossier: dict[str, Any]) -> None:
    dossier["summary"][0]["sentence"] = "[bold]pas de style[/bold] [Vidéo]"
    console = Console(record=True, width=120, file=io.StringIO())
    render_terminal(dossier, console)
    assert "[bold]pas de style[/bold] [Vidéo]" in console.export_text()


# -- properties -------------------------------------------------------------------------

_texts = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_texts, line=_texts, sentence=_texts, value=st.none() | st.floats(allow_nan=False))
def test_render_arbitrary_text_never_breaks_and_stays_escaped(
    title: str, line: str, sentence: str, value: float | None
) -> None:
    # Every text is wrapped in a tag-like sentinel that must never reach the page raw.
    title, line, sentence = (f"<zz-{t}>" for t in (title, line, sentence))
    data: dict[str, Any] = {
        "story": {"title": title},
        "articles": [{"id": "a", "title": title, "outlet": line, "source": sentence,
                      "lines": [{"n": 1, "start": 0, "end": len(line), "label": "promo",
                                 "text": line}]}],
        "summary": [{"sentence": sentence, "citations": [{"article": "a", "start": 0, "end": 5}]}],
        "figures": [{"measure": title, "claims": [{"article": "zz", "text": line, "value": value},
                                                    {"article": "a", "text": sentence}]}],
        "timeline": [{"date": title, "event": sentence, "citations": []}],
        "quotes": [{"id": "q", "article": "a", "text": sentence, "speaker": line,
                    "speaker_text": title, "same_statement_as": ["q", "none"]}],
        "entities": [{"id": line, "name": title, "variants": [sentence], "merged_by": [line],
                      "mentions": [{"article": "a"}]}],
    }
    assert "<zz-" not in render_html(data)
    assert not re.search(r"(?<!\\)<zz-", render_markdown(data))
    console = Console(record=True, width=80, file=io.StringIO())
    render_terminal(data, console)
    assert title.replace("\n", " ")[:3] in console.export_text().replace("\n", " ")


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\n"),
                        max_size=12), min_size=1, max_size=6), st.data())
def test_render_cited_text_slices_back_to_the_span(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    views, position = [], 0
    for n, line in enumerate(lines, 1):
        views.append(LineView(n, "content", line, False, f"l{n}", "", position, position + len(line)))
        position += len(line) + 1
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert cited_text(views, start, end) == text[start:end]


@pytest.mark.parametrize(("source", "name"), [
    ("../shared/seeds/000_39b1.txt", "000_39b1.txt"),
    ("C:\\crawl\\page.html", "page.html"),
    ("feed.jsonl:12", "feed.jsonl:12"),
    ("https://example.org/news/1", "https://example.org/news/1"),
])
def test_render_an_untitled_article_is_named_by_its_file_not_its_folders(source: str, name: str) -> None:
    assert source_name(source) == name
    view = build_view({"story": {"id": "s-1"}, "articles": [{"id": "a-1", "source": source}]})
    assert view.articles[0].label == name and view.articles[0].source == source
