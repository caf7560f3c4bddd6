"""Line labels and sentences, on hand-written snippets and on the real seed articles."""

from __future__ import annotations

import pytest
from conftest import SEEDS
from hypothesis import given
from hypothesis import strategies as st

from corroborate.clean import clean_lexicon, label_lines, sentence_lexicon, split_lines, split_sentences
from corroborate.model import LineLabel

LEX = clean_lexicon()

ARTICLE = """Accueil › Monde › Europe
La mairie de Lyon ferme la piscine municipale pour travaux
Par Jeanne Martin
La mairie de Lyon a annoncé lundi la fermeture de la piscine municipale pour six mois de travaux.
Les travaux de la piscine coûteront 2 millions d'euros, selon la mairie de Lyon.
Lire aussi : Un nouveau stade à Marseille
Les nageurs du club de Lyon devront s'entraîner à Villeurbanne pendant les travaux.
Source : AFP
Laisser un commentaire
Votre adresse e-mail ne sera pas publiée."""


def _labels(text: str) -> dict[str, LineLabel]:
    return {line.span.of(text): line.label for line in label_lines(text, LEX)}


def test_clean_labels_a_hand_written_page() -> None:
    labels = _labels(ARTICLE)
    assert labels["Accueil › Monde › Europe"] is LineLabel.BREADCRUMB
    assert labels["La mairie de Lyon ferme la piscine municipale pour travaux"] is LineLabel.TITLE
    assert labels["Par Jeanne Martin"] is LineLabel.BYLINE
    assert labels["Lire aussi : Un nouveau stade à Marseille"] is LineLabel.RELATED_LINK
    assert labels["Source : AFP"] is LineLabel.CREDIT
    assert labels["Laisser un commentaire"] is LineLabel.COMMENT_FORM
    assert labels["Votre adresse e-mail ne sera pas publiée."] is LineLabel.COMMENT_FORM
    content = [s for s, label in labels.items() if label is LineLabel.CONTENT]
    assert len(content) == 3


def test_clean_sidebar_headline_and_its_date_are_foreign() -> None:
    text = (
        "Un festival de jazz annulé à Montréal\n- Le 3 Mars 2021\n"
        "Le gouvernement a présenté mardi son budget, qui prévoit une hausse des dépenses de santé.\n"
        "Le budget sera débattu au Parlement dès la semaine prochaine, a précisé le gouvernement.\n"
    )
    labels = _labels(text)
    assert labels["Un festival de jazz annulé à Montréal"] is LineLabel.FOREIGN_HEADLINE
    assert labels["- Le 3 Mars 2021"] is LineLabel.FOREIGN_DATE


def test_clean_every_line_is_labelled_and_spans_slice_back() -> None:
    text = "ligne un\r\n\r\nligne trois\nfin"
    lines = label_lines(text, LEX)
    assert [line.span.of(text) for line in lines] == ["ligne un", "", "ligne trois", "fin"]
    assert [line.n for line in lines] == [1, 2, 3, 4]


def _seed_labels() -> dict[str, LineLabel]:
    labels: dict[str, LineLabel] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for line in label_lines(text, LEX):
            labels[line.span.of(text).strip()] = line.label
    return labels


@pytest.mark.parametrize(
    ("start", "label"),
    [
        ("The English, Chinese", LineLabel.MT_DISCLAIMER),
        ("L’Australie refuse", LineLabel.FOREIGN_HEADLINE),
        ("- Le 22 Novembre", LineLabel.FOREIGN_DATE),
        ("Source : AA", LineLabel.CREDIT),
        ("Accueil Dernières minutes", LineLabel.BREADCRUMB),
        ("Paris :, 13", LineLabel.DATELINE),
        ("Lire aussi", LineLabel.RELATED_LINK),
        ("Article précédent", LineLabel.RELATED_LINK),
        ("Article suivant", LineLabel.RELATED_LINK),
        ("Rejoignez Epoch Times", LineLabel.PROMO),
        ("? t.me/", LineLabel.PROMO),
        ("Comment pouvez-vous nous aider", LineLabel.PROMO),
        ("Epoch Times est un média", LineLabel.PROMO),
        ("237online.com", LineLabel.OUTLET),
        ("Laisser un commentaire", LineLabel.COMMENT_FORM),
        ("Votre adresse e-mail", LineLabel.COMMENT_FORM),
        ("Les troupes de maintien de la paix dirigées par la Russie commencent à se retirer", LineLabel.TITLE),
        ("La situation au Kazakhstan a confirmé", LineLabel.TITLE),
        ("M. Tokaïev s’est rendu à Almaty", LineLabel.SUBHEADING),
    ],
)
def test_clean_seed_noise_and_structure(start: str, label: LineLabel) -> None:
    matches = {text: found for text, found in _seed_labels().items() if text.startswith(start)}
    assert matches, f"no seed line starts with {start!r}"
    assert set(matches.values()) == {label}


def test_clean_keeps_every_prose_line_of_the_seeds() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for line in label_lines(text, LEX):
            surface = line.span.of(text)
            if len(surface.split()) > 30 and not any(k in surface for k in ("automatically", "média libre")):
                assert line.label is LineLabel.CONTENT, (path.name, line.n, line.label)


def test_clean_sentences_respect_abbreviations_and_quotes() -> None:
    text = "M. Dupont est arrivé. « Je suis content. Très content », a-t-il dit. Fin du récit."
    lines = label_lines(text, LEX)
    sentences = [s.span.of(text) for s in split_sentences(text, lines, sentence_lexicon("fr"))]
    assert sentences == ["M. Dupont est arrivé.", "« Je suis content. Très content », a-t-il dit.", "Fin du récit."]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_clean_never_fails_and_spans_slice_back(text: str) -> None:
    lines = label_lines(text, LEX)
    assert len(lines) == len(split_lines(text))
    for line in lines:
        assert "\n" not in line.span.of(text)
    for sentence in split_sentences(text, lines, sentence_lexicon("fr")):
        surface = sentence.span.of(text)
        assert surface and surface == surface.strip()
