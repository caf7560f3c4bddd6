"""Tests of consolidate.py: the figures of a story."""

from __future__ import annotations

from corroborate.consolidate import consolidate_figures
from corroborate.model import AnnotatedArticle, Article, Claim, Line, LineLabel, Span


def _article(ident: str, text: str, claims: tuple[Claim, ...]) -> AnnotatedArticle:
    return AnnotatedArticle(
        article=Article(id=ident, source=f"{ident}.txt", text=text, format="text"),
        lines=(Line(1, Span(0, len(text)), LineLabel.CONTENT),), sentences=(), language="fr",
        title=None, outlet=None, published=None, machine_translated=False, origins=(),
        mentions=(), times=(), quotes=(), claims=claims)


def _claim(text: str, value: float, measure: str) -> Claim:
    return Claim(Span(0, len(text)), text, value, None, None, None, None, measure, None)


def test_consolidate_figures_judges_counts_not_units() -> None:
    a = _article("a-1", "2 300 soldats, 40 %", (_claim("2 300 soldats", 2300, "troops"),
                                                 _claim("40 %", 40, "percent")))
    b = _article("a-2", "2 000 soldats, 75 %", (_claim("2 000 soldats", 2000, "troops"),
                                                 _claim("75 %", 75, "percent")))
    figures = consolidate_figures([a, b])
    assert [(f.measure, f.verdict) for f in figures] == [("troops", "discrepancy")]
