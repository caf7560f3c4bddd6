"""Tests of quotes.py: quotation marks, speech cues and speakers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from conftest import SEEDS, plain_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.entities import entity_lexicon, extract_mentions, load_recognizer, mention_key
from corroborate.langdata import available_languages, load_toml, load_tsv
from corroborate.model import Kind, Line, LineLabel, Mention, Quote, Sentence, Span
from corroborate.quotes import QuoteLexicon, extract_quotes, quote_lexicon

_lines = plain_lines


def _sentences(lines: Sequence[Line]) -> tuple[Sentence, ...]:
    """Each body line is one sentence (the real splitter lives elsewhere)."""
    return tuple(Sentence(line.span, line.n) for line in lines if line.label.is_body)


def _names(text: str, names: Sequence[tuple[str, Kind]], lang: str = "fr") -> tuple[Mention, ...]:
    """Hand-made mentions: every occurrence of each name."""
    lex = entity_lexicon(lang)
    found = []
    for name, kind in names:
        at = text.find(name)
        while at >= 0:
            span = Span(at, at + len(name))
            if not any(m.span.overlaps(span) for m in found):  # longer names come first
                found.append(Mention(span, name, kind, mention_key(name, lex)))
            at = text.find(name, at + 1)
    return tuple(sorted(found, key=lambda m: m.span.start))


def _quotes(text: str, names: Sequence[tuple[str, Kind]] = (),
            lang: str = "fr") -> tuple[Quote, ...]:
    lines = _lines(text)
    return extract_quotes(text, lines, _sentences(lines), _names(text, names, lang),
                          quote_lexicon(lang))


@pytest.fixture(scope="module")
def fr() -> QuoteLexicon:
    return quote_lexicon("fr")


# -- data ---------------------------------------------------------------------------------


# a language without quotes.toml has no quotes extracted; fr and en must have one
@pytest.mark.parametrize(
    "lang", sorted({"fr", "en"} | {lang for lang in available_languages() if load_toml(lang, "quotes")})
)
def test_quotes_every_language_folder_has_valid_data(lang: str) -> None:
    data = load_toml(lang, "quotes")
    assert data and data["marks"], f"data/{lang}/quotes.toml missing"
    assert all(len(pair) == 2 for pair in data["marks"])
    rows = load_tsv(lang, "speech_verbs")
    assert rows and all(len(row) == 3 for row in rows)
    assert quote_lexicon(lang).cues.search("x") is None


# -- marks --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "quoted"), [
    ("Il a déclaré : « Nous allons gagner ce combat. »", ["Nous allons gagner ce combat."]),
    ("Il a dit : «\u00a0Nous allons gagner ce combat\u00a0».", ["Nous allons gagner ce combat"]),
    ('"Nous allons gagner la bataille", a-t-il dit.', ["Nous allons gagner la bataille"]),
    ("“Nous allons gagner la bataille”, a-t-il dit.", ["Nous allons gagner la bataille"]),
    # nested marks of another kind are part of the quote
    ("« Ils parlent de “paix durable” sans y croire », a-t-il dit.",
     ["Ils parlent de “paix durable” sans y croire"]),
    # a quote left open closes at the end of its line
    ("Il a ajouté : « Le processus de retrait commence demain\nAutre ligne.",
     ["Le processus de retrait commence demain"]),
    # a quote over two lines: each line gives its part
    ("Il a dit : « Le début du très long message\nla suite du long message », a-t-il conclu.",
     ["Le début du très long message", "la suite du long message"]),
    # a closing mark turned round opens a quote
    ("Il a souligné qu' »il était temps de rentrer chez elles ».",
     ["il était temps de rentrer chez elles"]),
])
def test_quotes_marks_give_the_text_without_marks(text: str, quoted: list[str]) -> None:
    quotes = _quotes(text)
    assert [q.text for q in quotes] == quoted
    for q in quotes:
        assert text[q.span.start:q.span.end] == q.text


def test_quotes_unattributed_scare_quotes_are_dropped() -> None:
    text = "Les forces ont tiré sur les « terroristes » et les « bandits armés »."
    assert _quotes(text) == ()


def test_quotes_attributed_short_quote_is_kept() -> None:
    text = "Le ministre a souligné le « grand rôle » des troupes."
    [quote] = _quotes(text)
    assert (quote.text, quote.cue) == ("grand rôle", "a souligné")
    assert quote.speaker_text == "Le ministre"


def test_quotes_long_unattributed_quote_has_no_speaker() -> None:
    [quote] = _quotes("« Retrait organisé du contingent de maintien de la paix »")
    assert quote.speaker_text is None and quote.speaker_key is None and quote.cue is None


def test_quotes_only_body_lines() -> None:
    text = "« Un long message dans une publicité du site », a déclaré Jean Dupont."
    lines = (Line(1, Span(0, len(text)), LineLabel.PROMO),)
    assert extract_quotes(text, lines, (), (), quote_lexicon("fr")) == ()


# -- speakers -----------------------------------------------------------------------------

_TOKAIEV = [("Kassym-Jomart Tokaïev", Kind.PER), ("Tokaïev", Kind.PER)]


@pytest.mark.parametrize(("text", "names", "speaker_text", "speaker_key", "cue"), [
    # inverted subject after the quote, honorific inside the name
    ("« La mission est un succès total », a confirmé M. Tokaïev.",
     [("M. Tokaïev", Kind.PER)], "M. Tokaïev", "tokaiev", "a confirmé"),
    # a role noun before the name: the name
    ("« La mission est un succès total », a poursuivi le président Tokayev.",
     [("Tokayev", Kind.PER)], "Tokayev", "tokayev", "a poursuivi"),
    # a role phrase without a person: the phrase, no key
    ("« La mission est un succès total », a salué le président du Kazakhstan.",
     [("Kazakhstan", Kind.LOC)], "le président du Kazakhstan", None, "a salué"),
    # a noun phrase that names no entity
    ("« Un soutien sera fourni aux entrepreneurs », a déclaré le service de presse.",
     [], "le service de presse", None, "a déclaré"),
    ("« Un soutien sera fourni aux entrepreneurs », indique le message.",
     [], "le message", None, "indique"),
    # pronoun in the verb: the last person named before
    ("Kassym-Jomart Tokaïev était à Almaty.\n« La ville sera bientôt restaurée », a-t-il ajouté.",
     _TOKAIEV, "a-t-il ajouté", "kassym jomart tokaiev", "a-t-il ajouté"),
    ("Tokaïev a parlé.\n« La ville sera bientôt restaurée », a-t-elle déclaré sur place.",
     _TOKAIEV, "a-t-elle déclaré", "tokaiev", "a-t-elle déclaré"),
    # subject before the verb, quote after "que"
    ("Tokaïev a reconnu lundi que c'était « la plus grande crise de notre histoire ».",
     _TOKAIEV, "Tokaïev", "tokaiev", "a reconnu"),
    # apposition between commas
    ("Le président, Kassym-Jomart Tokaïev, a annoncé que « l'opération est achevée partout ».",
     _TOKAIEV, "Kassym-Jomart Tokaïev", "kassym jomart tokaiev", "a annoncé"),
    # an organisation as subject
    ("De son côté, le ministère de la Défense a indiqué que « les troupes se retirent ».",
     [("ministère de la Défense", Kind.ORG)], "ministère de la Défense",
     "ministere de la defense", "a indiqué"),
    # "selon X" and "selon lui"
    ("Selon Jean Dupont, la ville a été « sauvée des pillards et des bandits ».",
     [("Jean Dupont", Kind.PER)], "Jean Dupont", "jean dupont", "Selon"),
    ("Jean Dupont est venu. Selon lui, la ville a été « sauvée des pillards et des bandits ».",
     [("Jean Dupont", Kind.PER)], "Selon lui", "jean dupont", "Selon"),
    # pronoun subject before the verb
    ("Jean Dupont est venu. Il a soutenu que « la présence des troupes a eu un effet ».",
     [("Jean Dupont", Kind.PER)], "Il a soutenu", "jean dupont", "a soutenu"),
    # an incise inside the quote
    ("Jean Dupont est venu.\n« Nous avons demandé de l'aide, a-t-il expliqué. Puis plus rien. »",
     [("Jean Dupont", Kind.PER)], "a-t-il expliqué", "jean dupont", "a-t-il expliqué"),
])
def test_quotes_speaker_french(text: str, names: list[tuple[str, Kind]], speaker_text: str,
                               speaker_key: str | None, cue: str) -> None:
    quotes = _quotes(text, names)
    assert len(quotes) == 1
    [quote] = quotes
    assert (quote.speaker_text, quote.speaker_key, quote.cue) == (speaker_text, speaker_key, cue)
    assert quote.speaker_span is not None
    assert text[quote.speaker_span.start:quote.speaker_span.end] == quote.speaker_text


def test_quotes_cue_in_another_sentence_is_not_used() -> None:
    text = "Jean Dupont a déclaré la guerre. « Un message sans auteur connu ici »."
    lines = _lines(text)
    cut = text.index("«")
    sentences = (Sentence(Span(0, cut - 1), 1), Sentence(Span(cut, len(text)), 1))
    [quote] = extract_quotes(text, lines, sentences, _names(text, [("Jean Dupont", Kind.PER)]),
                             quote_lexicon("fr"))
    assert quote.cue is None and quote.speaker_key is None


def test_quotes_coordinated_verb_has_no_guessed_speaker() -> None:
    text = "Le président a félicité le ministre, et a précisé qu'il espère « une idée étudiée »."
    [quote] = _quotes(text)
    assert quote.cue == "a précisé" and quote.speaker_text is None


@pytest.mark.parametrize(("text", "speaker_text", "speaker_key"), [
    ('"We stand together," Joe Biden said after the meeting.', "Joe Biden", "joe biden"),
    ('"We stand together," said Joe Biden.', "Joe Biden", "joe biden"),
    ('Joe Biden spoke.\n"It was a good day for all of us," he added.', "he added", "joe biden"),
    ('According to Joe Biden, the talks were "long but very useful for both".', "Joe Biden",
     "joe biden"),
    ('The ministry said that "no decision has been taken yet".', "The ministry", None),
])
def test_quotes_speaker_english(text: str, speaker_text: str, speaker_key: str | None) -> None:
    [quote] = _quotes(text, [("Joe Biden", Kind.PER)], lang="en")
    assert (quote.speaker_text, quote.speaker_key) == (speaker_text, speaker_key)


# -- seeds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_quotes() -> dict[str, tuple[str, tuple[Quote, ...]]]:
    lex, recognizer = entity_lexicon("fr"), load_recognizer("fr")
    found = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = _lines(text)
        mentions = extract_mentions(text, lines, recognizer, lex)
        found[path.name[:3]] = (text, extract_quotes(text, lines, _sentences(lines), mentions,
                                                      quote_lexicon("fr")))
    return found


def test_quotes_seed_003_pronoun_and_honorific_resolve_to_tokaiev(
        seed_quotes: dict[str, tuple[str, tuple[Quote, ...]]]) -> None:
    _, quotes = seed_quotes["003"]
    by_cue = {q.cue: q for q in quotes}
    assert by_cue["a-t-il ajouté"].speaker_key == "tokaiev"
    assert by_cue["a confirmé"].speaker_key == "tokaiev"
    assert by_cue["a-t-il ajouté"].text.startswith("Sans aucun doute")


def test_quotes_seed_speakers(seed_quotes: dict[str, tuple[str, tuple[Quote, ...]]]) -> None:
    speakers = {(name, q.cue): (q.speaker_text, q.speaker_key)
                for name, (_, quotes) in seed_quotes.items() for q in quotes}
    assert speakers[("000", "a poursuivi")] == ("Tokayev", "tokayev")
    assert speakers[("000", "a déclaré")] == ("le service de presse", None)
    assert speakers[("001", "a-t-il conclu")][1] == "tokaiev"
    assert speakers[("004", "a indiqué")] == ("M. Tokaïev", "tokaiev")
    assert speakers[("004", "indique")] == ("le message", None)
    assert speakers[("002", "a reconnu")] == ("Tokaïev", "tokaiev")


def test_quotes_seed_spans_slice_back_and_no_scare_quotes(
        seed_quotes: dict[str, tuple[str, tuple[Quote, ...]]]) -> None:
    total = 0
    for text, quotes in seed_quotes.values():
        for q in quotes:
            total += 1
            assert text[q.span.start:q.span.end] == q.text
            assert q.text == q.text.strip() and "«" not in q.text[:1] and "»" not in q.text[-1:]
            if q.speaker_span is not None:
                assert text[q.speaker_span.start:q.speaker_span.end] == q.speaker_text
            assert q.text not in ("terroristes", "terroriste", "tirer pour tuer")
    assert total >= 20


# -- properties ---------------------------------------------------------------------------

_ALPHABET = list("«»“”\"' ,.:\nab ilAJT") + ["a déclaré ", "a-t-il dit", "selon ", "Il ", "que "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join),
       st.sampled_from(["fr", "en"]))
def test_quotes_never_fail_and_spans_slice_back(text: str, lang: str) -> None:
    names = [("AJ", Kind.PER), ("T", Kind.ORG)]
    for q in _quotes(text, names, lang):
        assert text[q.span.start:q.span.end] == q.text and q.text
        if q.speaker_span is not None:
            assert text[q.speaker_span.start:q.speaker_span.end] == q.speaker_text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=150))
def test_quotes_arbitrary_text_never_fails(text: str) -> None:
    for q in _quotes(text):
        assert text[q.span.start:q.span.end] == q.text


def test_quotes_headline_quoting_a_phrase_is_no_statement() -> None:
    text = "« Retour au calme dans toute la région »"
    heading = (Line(1, Span(0, len(text)), LineLabel.TITLE),)
    assert extract_quotes(text, heading, (), (), quote_lexicon("fr")) == ()
    body = (Line(1, Span(0, len(text)), LineLabel.CONTENT),)
    assert len(extract_quotes(text, body, (Sentence(body[0].span, 1),), (),
                              quote_lexicon("fr"))) == 1


@pytest.mark.parametrize("text, speaker_key", [
    # pro-drop: the verb alone speaks for the last person named
    ("Ana Ruiz llegó a Madrid. «Vamos a ganar esta batalla sin ninguna duda», dijo.", "ana ruiz"),
    ("«Vamos a ganar esta batalla sin ninguna duda», afirmó Ana Ruiz.", "ana ruiz"),
    ("Según Ana Ruiz, «vamos a ganar esta batalla sin ninguna duda».", "ana ruiz"),
    ("Ana Ruiz ha asegurado que «vamos a ganar esta batalla sin ninguna duda».", "ana ruiz"),
])
def test_quotes_speaker_spanish(text: str, speaker_key: str) -> None:
    [quote] = _quotes(text, [("Ana Ruiz", Kind.PER)], lang="es")
    assert quote.text == "Vamos a ganar esta batalla sin ninguna duda" or \
        quote.text == "vamos a ganar esta batalla sin ninguna duda"
    assert quote.speaker_key == speaker_key
