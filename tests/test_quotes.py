"""Tests of quotes.py: quotation marks, speech cues and speakers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from conftest import SEEDS, plain_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.clean import sentence_lexicon, split_sentences
from corroborate.entities import entity_lexicon, extract_mentions, load_recognizer, mention_key
from corroborate.langdata import available_languages, load_toml, load_tsv
from corroborate.model import Kind, Line, LineLabel, Mention, Quote, Sentence, Span
from corroborate.quotes import (
    QuoteLexicon,
    extract_quotes,
    extract_reported_speech,
    quote_is_fragment,
    quote_lexicon,
    verb_forms,
)
from corroborate.roles import find_roles, role_lexicon

_lines = plain_lines


def _sentences(text: str, lines: Sequence[Line], lang: str = "fr") -> tuple[Sentence, ...]:
    """The sentences of the body lines, as the clean stage splits them."""
    return split_sentences(text, lines, sentence_lexicon(lang))


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
    return extract_quotes(text, lines, _sentences(text, lines, lang), _names(text, names, lang),
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
    assert rows and all(1 <= len(row) <= 4 and row[0] for row in rows)
    forms = verb_forms(lang)
    assert forms["pp"] and forms["fin"], f"data/{lang}: no verb forms"
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
        names = extract_mentions(text, lines, recognizer, lex)
        # as the pipeline does: role mentions ("le président kazakh") are persons too
        mentions = names + find_roles(text, lines, names, lex, role_lexicon("fr"))
        found[path.name[:3]] = (text, extract_quotes(text, lines, _sentences(text, lines), mentions,
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


# -- inflection ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "slot", "form"), [
    ("fr", "fin", "déclarait"),  # -er verb with no columns: derived by the table
    ("fr", "fin", "ajouta"),
    ("fr", "ger", "ajoutant"),
    ("fr", "fin", "disait"),  # irregular: listed
    ("es", "fin", "aseguraba"),
    ("es", "pp", "añadido"),
    ("es", "ger", "diciendo"),
    ("en", "ger", "stating"),
])
def test_quotes_verb_forms_derived_from_the_conjugation_table(lang: str, slot: str,
                                                              form: str) -> None:
    assert form in verb_forms(lang)[slot]


def test_quotes_noun_column_dash_gives_no_form() -> None:
    assert "note" not in verb_forms("fr")["fin"]


# -- marks, more --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "lang", "quoted"), [
    ("Il a dit : ‹ Nous allons gagner ce long combat ›.", "fr", ["Nous allons gagner ce long combat"]),
    ("Il a dit : „Nous allons gagner ce long combat“.", "fr", ["Nous allons gagner ce long combat"]),
    ("Ana dijo: ‘Vamos a ganar esta larga batalla’.", "es", ["Vamos a ganar esta larga batalla"]),
    ("He said: ‘We will win this long fight’ and left.", "en", ["We will win this long fight"]),
    # an apostrophe inside a quote is no closing mark
    ("Ana dijo: ‘L’armée va gagner cette longue bataille’.", "es",
     ["L’armée va gagner cette longue bataille"]),
    # nested marks of the same pair
    ("« Il a parlé d'une « paix durable » sans y croire », a-t-il dit.", "fr",
     ["Il a parlé d'une « paix durable » sans y croire"]),
])
def test_quotes_other_mark_styles(text: str, lang: str, quoted: list[str]) -> None:
    assert [q.text for q in _quotes(text, lang=lang)] == quoted


def test_quotes_parts_over_lines_share_the_speaker() -> None:
    text = ("Jean Dupont a parlé longuement.\n« Le début du très long message\n"
            "« la suite du long message », a affirmé Jean Dupont.")
    quotes = _quotes(text, [("Jean Dupont", Kind.PER)])
    assert [q.text for q in quotes] == ["Le début du très long message",
                                        "la suite du long message"]
    assert [q.speaker_key for q in quotes] == ["jean dupont", "jean dupont"]


def test_quotes_unclosed_quote_runs_to_the_line_end() -> None:
    text = "Jean Dupont a déclaré : « Nous resterons ici jusqu'au bout, quoi qu'il arrive"
    [quote] = _quotes(text, [("Jean Dupont", Kind.PER)])
    assert quote.text.endswith("quoi qu'il arrive") and quote.speaker_key == "jean dupont"


# -- fragments and scare quotes -------------------------------------------------------------


@pytest.mark.parametrize(("text", "fragment"), [
    ("Le ministre a qualifié la situation de « très grave ».", True),
    ("Il a dit qu'il était « prêt à tout pour la paix ».", True),
    ("« Nous sommes prêts à tout pour la paix », a dit le ministre.", False),
    ("Le ministre a dit : « Nous sommes prêts à tout pour la paix ».", False),
    ("Le ministre, « Nous sommes prêts à tout pour la paix », a-t-il dit.", False),
])
def test_quotes_fragment_or_whole_sentence(text: str, fragment: bool) -> None:
    [quote] = _quotes(text)
    assert quote_is_fragment(text, quote) is fragment


@pytest.mark.parametrize(("text", "kept"), [
    ("Le ministre a qualifié la situation de « très grave ».", ["très grave"]),
    ("Erdogan avait qualifié de « sauvagerie » les actions du régime.", ["sauvagerie"]),
    # inside the reported clause: the writer's word
    ("Ils assurent que leur « vengeance » serait terrible.", []),
    # after the noun, far from any verb
    ("Les « bandits armés » ont été arrêtés, a déclaré le ministre hier soir à Paris.", []),
    # a few words far from the cue
    ("L'armée a lancé un assaut sur la ville, où des « dizaines de corps » ont été vus.", []),
])
def test_quotes_short_quotes_only_as_a_verb_complement(text: str, kept: list[str]) -> None:
    assert [q.text for q in _quotes(text)] == kept


def test_quotes_headings_and_teasers_are_not_read() -> None:
    text = "« Nous vaincrons sans aucun doute », affirme Jean Dupont"
    for label in (LineLabel.TITLE, LineLabel.SUBHEADING, LineLabel.RELATED_LINK):
        lines = (Line(1, Span(0, len(text)), label),)
        assert extract_quotes(text, lines, (), (), quote_lexicon("fr")) == ()


# -- speakers, more ------------------------------------------------------------------------

_DUPONT = [("Jean Dupont", Kind.PER), ("Marie Durand", Kind.PER)]


@pytest.mark.parametrize(("text", "speaker_text", "speaker_key", "cue"), [
    # an adverb between auxiliary and participle
    ("Jean Dupont a parlé. Il a toutefois estimé que « la paix est encore possible ici ».",
     "Il a toutefois estimé", "jean dupont", "a toutefois estimé"),
    # the inverted simple past
    ("Jean Dupont a parlé.\n« La paix est encore possible ici », ajouta-t-il.",
     "ajouta-t-il", "jean dupont", "ajouta-t-il"),
    # imperfect
    ("« La paix est encore possible ici », expliquait Jean Dupont.",
     "Jean Dupont", "jean dupont", "expliquait"),
    # a present participle speaks for the subject of its sentence
    ("Jean Dupont a jugé la paix possible, ajoutant : « Nous allons y travailler tous ».",
     "Jean Dupont", "jean dupont", "ajoutant"),
    # "Pour X, …" cites a source
    ("Pour Jean Dupont, « la paix est encore possible ici ».", "Jean Dupont", "jean dupont",
     "Pour"),
    # an inserted phrase between subject and verb
    ("Jean Dupont, en visite à Damas, a appelé à « cesser les violences dans le pays ».",
     "Jean Dupont", "jean dupont", "a appelé"),
    # a time word between the verb and its subject
    ("« La paix est encore possible ici », a déclaré lundi le porte-parole du ministère.",
     "le porte-parole du ministère", None, "a déclaré"),
    # past an inserted phrase after the verb
    ("« La paix est encore possible ici », indique, vendredi soir, leur porte-parole.",
     "leur porte-parole", None, "indique"),
    # an institution that names no entity
    ("« La paix est encore possible ici », a indiqué l'agence officielle.",
     "l'agence officielle", None, "a indiqué"),
    # a plural pronoun is no single person
    ("Jean Dupont a parlé. Ils ont assuré que « la paix est encore possible ici ».",
     "Ils ont assuré", None, "ont assuré"),
])
def test_quotes_speaker_french_more(text: str, speaker_text: str, speaker_key: str | None,
                                    cue: str) -> None:
    [quote] = _quotes(text, _DUPONT)
    assert (quote.speaker_text, quote.speaker_key, quote.cue) == (speaker_text, speaker_key, cue)


def test_quotes_pronoun_resolves_to_the_last_subject_not_the_last_name() -> None:
    text = ("« Nous étudions la question de près », a annoncé Jean Dupont après sa rencontre "
            "avec Marie Durand. « C'est un long processus », a-t-il poursuivi.")
    quotes = _quotes(text, _DUPONT)
    assert [q.speaker_key for q in quotes] == ["jean dupont", "jean dupont"]


def test_quotes_person_named_inside_a_quote_is_no_antecedent() -> None:
    text = ("Jean Dupont est venu. « Regardez Marie Durand, elle ne fait rien du tout », "
            "a-t-il dit.")
    [quote] = _quotes(text, _DUPONT)
    assert quote.speaker_key == "jean dupont"


def test_quotes_noun_form_is_no_cue() -> None:
    text = "Cette annonce a surpris : « La paix est encore possible ici »."
    [quote] = _quotes(text)
    assert quote.cue is None


def test_quotes_reflexive_is_no_speech() -> None:
    text = "Le groupe se dit « prêt à tout pour la paix du pays »."
    [quote] = _quotes(text)
    assert quote.speaker_text is None


def test_quotes_a_run_of_quotes_keeps_its_speaker() -> None:
    text = ("« Cela est totalement faux », a réagi Jean Dupont. « Ce ne sont pas les "
            "terroristes qui avancent. » Marie Durand est arrivée. « Rien ne va plus ici ».")
    quotes = _quotes(text, _DUPONT)
    assert [q.speaker_key for q in quotes] == ["jean dupont", "jean dupont", None]


def test_quotes_paragraph_ending_with_a_colon_announces_the_next_quote() -> None:
    text = "Jean Dupont a déclaré :\n« La paix est encore possible ici, croyez-moi. »"
    [quote] = _quotes(text, _DUPONT)
    assert quote.speaker_key == "jean dupont" and quote.cue is None


def test_quotes_incise_beats_a_farther_cue() -> None:
    text = ("Un autre homme, selon Jean Dupont, est venu. « Non, je n'ai rien vu, confie un "
            "chrétien devant l'église. Je préfère lire demain », ajoute-t-il plus loin.")
    quotes = _quotes(text, _DUPONT)
    assert quotes[0].cue == "ajoute-t-il"


@pytest.mark.parametrize(("text", "speaker_text", "speaker_key"), [
    ("«Vamos a ganar esta batalla sin duda», dijo ayer un portavoz del Gobierno.",
     "un portavoz del Gobierno", None),
    ("Ana Ruiz llegó. «Vamos a ganar esta batalla sin duda», dijeron.", "dijeron", None),
    ("Ana Ruiz llegó. Y añadió que «vamos a ganar esta batalla sin duda».", "añadió",
     "ana ruiz"),
    ("«Vamos a ganar esta batalla sin duda», ha afirmado el Ministerio de Exteriores.",
     "el Ministerio de Exteriores", None),
    ("Para Ana Ruiz, «vamos a ganar esta batalla sin duda».", "Ana Ruiz", "ana ruiz"),
    ("Según el comunicado, la junta militar señaló que «no va a prolongar la transición».",
     "la junta militar", None),
])
def test_quotes_speaker_spanish_more(text: str, speaker_text: str,
                                     speaker_key: str | None) -> None:
    [quote] = _quotes(text, [("Ana Ruiz", Kind.PER)], lang="es")
    assert (quote.speaker_text, quote.speaker_key) == (speaker_text, speaker_key)


# -- indirect speech -----------------------------------------------------------------------


def test_quotes_reported_speech_span_is_the_clause() -> None:
    text = "Jean Dupont a déclaré que la ville est calme depuis hier. Il a dit que « non »."
    lines = _lines(text)
    cut = text.index("Il a dit")
    sentences = (Sentence(Span(0, cut - 1), 1), Sentence(Span(cut, len(text)), 1))
    [reported] = extract_reported_speech(text, lines, sentences, _names(text, _DUPONT),
                                         quote_lexicon("fr"))
    assert reported.text == "la ville est calme depuis hier"
    assert text[reported.span.start:reported.span.end] == reported.text
    assert (reported.speaker_key, reported.cue) == ("jean dupont", "a déclaré")
