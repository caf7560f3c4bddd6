"""Records and their (de)serialisation."""

from __future__ import annotations

import pytest

from corroborate.model import (
    AnnotatedArticle,
    Article,
    Claim,
    Kind,
    Line,
    LineLabel,
    Mention,
    Published,
    Span,
    content_id,
    from_data,
    to_data,
)


def test_model_span_rejects_inverted_ranges() -> None:
    with pytest.raises(ValueError):
        Span(5, 2)
    assert Span(2, 5).of("abcdefg") == "cde"
    assert Span(0, 10).contains(Span(2, 3)) and not Span(0, 2).overlaps(Span(2, 3))


def test_model_ids_are_stable_content_hashes() -> None:
    assert content_id("a", "texte") == content_id("a", "texte")
    assert content_id("a", "texte") != content_id("a", "texte ")
    assert content_id("s", "x").startswith("s-") and len(content_id("s", "x")) == 18


def test_model_annotated_article_round_trips() -> None:
    text = "M. Dupont a vu 2 000 soldats."
    annotated = AnnotatedArticle(
        article=Article(id="a-1", source="x.txt", text=text, format="text", metadata=(("k", "v"),)),
        lines=(Line(1, Span(0, len(text)), LineLabel.CONTENT, "prose"),),
        sentences=(),
        language="fr",
        title=None,
        outlet=None,
        published=Published("2022-01-12", "metadata", None),
        machine_translated=False,
        origins=(),
        mentions=(Mention(Span(3, 9), "Dupont", Kind.PER, "dupont"),),
        times=(),
        quotes=(),
        claims=(Claim(Span(15, 28), "2 000 soldats", 2000.0, None, None, None, "soldats", "troops", None),),
    )
    data = to_data(annotated)
    assert data["lines"][0]["label"] == "content" and data["mentions"][0]["kind"] == "PER"
    back = from_data(AnnotatedArticle, data)
    assert back == annotated
    assert isinstance(back.lines[0].label, LineLabel) and isinstance(back.mentions[0].kind, Kind)
