"""Tests of entities.py: mentions, merge keys, recognisers and story entities."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from conftest import SEEDS, plain_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.entities import (
    EntityLexicon,
    Recognizer,
    cluster_entities,
    entity_lexicon,
    extract_mentions,
    load_recognizer,
    mention_key,
)
from corroborate.langdata import available_languages, load_toml
from corroborate.model import Entity, Kind, Line, LineLabel, Mention, Span

_lines = plain_lines


class _Fixed:
    """A recogniser answering with given (surface, label) pairs, found by search."""

    def __init__(self, found: Sequence[tuple[str, str]]) -> None:
        self.found = found
        self.seen: list[str] = []

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        self.seen.extend(texts)
        result = []
        for text in texts:
            spans = []
            for surface, label in self.found:
                at = text.find(surface)
                if at >= 0:
                    spans.append((at, at + len(surface), label))
            result.append(spans)
        return result


def _mention(text: str, surface: str, kind: Kind, lex: EntityLexicon, key: str = "") -> Mention:
    at = text.index(surface)
    return Mention(Span(at, at + len(surface)), surface, kind, key or mention_key(surface, lex))


@pytest.fixture(scope="module")
def fr() -> EntityLexicon:
    return entity_lexicon("fr")


@pytest.fixture(scope="module")
def spacy_fr() -> Recognizer:
    return load_recognizer("fr")


@pytest.fixture(scope="module")
def seed_mentions(spacy_fr: Recognizer,
                  fr: EntityLexicon) -> dict[str, tuple[str, tuple[Mention, ...]]]:
    found = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found[path.name[:3]] = (text, extract_mentions(text, _lines(text), spacy_fr, fr))
    return found


@pytest.fixture(scope="module")
def seed_entities(seed_mentions: dict[str, tuple[str, tuple[Mention, ...]]],
                  fr: EntityLexicon) -> tuple[Entity, ...]:
    pairs = [(name, m) for name, (_, mentions) in seed_mentions.items() for m in mentions]
    return cluster_entities(pairs, fr)


def _entity_of(entities: Sequence[Entity], variant: str) -> Entity:
    return next(e for e in entities if variant in e.variants)


# -- data ---------------------------------------------------------------------------------


# a language without entities.toml gets the bare capitalisation rules; fr and en must have one
@pytest.mark.parametrize(
    "lang", sorted({"fr", "en"} | {lang for lang in available_languages() if load_toml(lang, "entities")})
)
def test_entities_every_language_folder_has_valid_data(lang: str) -> None:
    data = load_toml(lang, "entities")
    assert data, f"data/{lang}/entities.toml missing"
    for name in ("honorifics", "strip_words", "roles", "common_capitalised", "translit"):
        assert isinstance(data[name], list) and data[name], name
    assert all(len(pair) == 2 for pair in data["translit"])
    assert 0.5 < entity_lexicon(lang).fuzzy_threshold < 1


# -- merge keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(("surface", "key"), [
    ("M. Tokaïev", "tokaiev"),
    ("Tokaïev", "tokaiev"),
    ("Kassym-Jomart Tokayev", "kassym jomart tokayev"),
    ("l'Arménie", "armenie"),
    ("L’Australie", "australie"),
    ("le Kremlin", "kremlin"),
    ("Mme Élisabeth Borne", "elisabeth borne"),
    ("Sergueï Choïgou", "serguei choigou"),
    ("OTSC", "otsc"),
])
def test_entities_mention_key_folds_variants(surface: str, key: str, fr: EntityLexicon) -> None:
    assert mention_key(surface, fr) == key


def test_entities_mention_key_english_honorific() -> None:
    assert mention_key("Mr. Joe Biden", entity_lexicon("en")) == "joe biden"


# -- mentions -----------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "found", "expected"), [
    # page words, weekdays, months and time words are never mentions
    ("Lundi, le gouvernement a parlé.", [("Lundi", "PER")], []),
    ("Lire aussi: un autre sujet", [("Lire", "LOC")], []),
    ("Le 22 Novembre 2024", [("Novembre 2024", "LOC")], []),
    ("Demain commence le retrait", [("Demain", "ORG")], []),
    # roles are not people; a name after a role is kept alone
    ("Le Président kazakh a parlé", [("Président kazakh", "PER")], []),
    ("Le Président du Kazakhstan a parlé", [("Président du Kazakhstan", "PER")], []),
    ("a dit le ministre de la Défense hier", [("ministre de la Défense", "ORG")], []),
    ("a dit le président Tokayev hier", [("président Tokayev", "PER")], ["Tokayev"]),
    # determiners and dangling elisions at the edges go
    ("vers l'Arménie demain", [("l'Arménie", "LOC")], ["Arménie"]),
    ("le Conseil de sécurité de l'ONU", [("Conseil de sécurité de l'", "ORG")],
     ["Conseil de sécurité"]),
    # lowercase-only and one-letter hits are dropped
    ("une chose", [("une chose", "MISC")], []),
    ("point A du plan", [("A", "LOC")], []),
    ("selon M. et Mme Durand", [("M.", "PER")], []),
])
def test_entities_extract_mentions_filters_false_hits(
        line: str, found: list[tuple[str, str]], expected: list[str], fr: EntityLexicon) -> None:
    mentions = extract_mentions(line, _lines(line), _Fixed(found), fr)
    assert [m.text for m in mentions] == expected


def test_entities_extract_mentions_kind_mapping_and_org_heads(fr: EntityLexicon) -> None:
    text = "Le ministère russe de la Défense et Paris et Marie Curie et Sputnik."
    found = [("ministère russe de la Défense", "LOC"), ("Paris", "GPE"),
             ("Marie Curie", "PERSON"), ("Sputnik", "WORK_OF_ART")]
    mentions = extract_mentions(text, _lines(text), _Fixed(found), fr)
    assert [(m.text, m.kind) for m in mentions] == [
        ("ministère russe de la Défense", Kind.ORG), ("Paris", Kind.LOC),
        ("Marie Curie", Kind.PER), ("Sputnik", Kind.MISC)]


def test_entities_extract_mentions_only_body_lines_and_curly_apostrophe(fr: EntityLexicon) -> None:
    text = "Accueil Politique\nL’Élysée a répondu qu’il viendra."
    lines = _lines(text)
    lines = (Line(1, lines[0].span, LineLabel.NAVIGATION), lines[1])
    recognizer = _Fixed([("Accueil Politique", "ORG"), ("Élysée", "ORG")])
    mentions = extract_mentions(text, lines, recognizer, fr)
    assert recognizer.seen == ["L'Élysée a répondu qu'il viendra."]  # ’ shown as '
    assert [(m.text, m.span.start) for m in mentions] == [("Élysée", text.index("Élysée"))]


def test_entities_extract_mentions_ties_acronym_to_expansion(fr: EntityLexicon) -> None:
    text = "L'Organisation mondiale de la santé (OMS) et l'OMS encore."
    found = [("Organisation mondiale de la santé", "ORG")]  # the model missed "(OMS)"
    mentions = extract_mentions(text, _lines(text), _Fixed(found), fr)
    assert [(m.text, m.key) for m in mentions][:2] == [
        ("Organisation mondiale de la santé", "oms"), ("OMS", "oms")]


def test_entities_extract_mentions_ignores_parenthesis_that_is_no_acronym(
        fr: EntityLexicon) -> None:
    text = "Vladimir Poutine (AFP) a parlé."
    mentions = extract_mentions(text, _lines(text), _Fixed([("Vladimir Poutine", "PER")]), fr)
    assert [(m.text, m.key) for m in mentions] == [("Vladimir Poutine", "vladimir poutine")]


def test_entities_seed_mentions_have_no_false_hits(
        seed_mentions: dict[str, tuple[str, tuple[Mention, ...]]], fr: EntityLexicon) -> None:
    banned = {"lundi", "mercredi", "demain", "lire", "laisser", "etat", "novembre 2024",
              "president kazakh", "president du kazakhstan", "ministre de la defense"}
    for name, (text, mentions) in seed_mentions.items():
        assert mentions, name
        for m in mentions:
            assert text[m.span.start:m.span.end] == m.text
            assert m.key not in banned and mention_key(m.text, fr) not in banned, (name, m)
            assert "\n" not in m.text


# -- recognisers ---------------------------------------------------------------------------


def test_entities_load_recognizer_is_spacy_for_french_and_loaded_once(
        spacy_fr: Recognizer) -> None:
    assert load_recognizer("fr") is spacy_fr
    text = "Emmanuel Macron a rencontré Olaf Scholz à Berlin."
    [found] = spacy_fr.recognize([text])
    assert (text.index("Berlin"), text.index("Berlin") + 6, "LOC") in found


def test_entities_capital_recognizer_finds_names_without_a_model() -> None:
    recognizer = load_recognizer("en")
    texts = ["President Joe Biden met Olaf Scholz in Berlin on Tuesday.",
             "Biden said little. The talks went on."]
    found = recognizer.recognize(texts)
    surfaces = [[(t[s:e], label) for s, e, label in spans]
                for t, spans in zip(texts, found, strict=True)]
    assert ("Joe Biden", "PER") in surfaces[0]  # "President": a frequent word at the start
    assert ("Berlin", "LOC") in surfaces[0]  # "in Berlin": a place preposition
    assert ("Biden", "PER") in surfaces[1]  # sentence start, but named mid-sentence before
    assert all(s != "The" for s, _ in surfaces[1])


def test_entities_capital_recognizer_skips_unknown_sentence_starts() -> None:
    [found] = load_recognizer("en").recognize(["Officials met. Nobody came to Paris."])
    assert [label for _, _, label in found] == ["LOC"] and len(found) == 1  # "to Paris"


# -- clustering ----------------------------------------------------------------------------


def _cluster(items: Sequence[tuple[str, str, Kind]], lex: EntityLexicon) -> tuple[Entity, ...]:
    """Entities of (article, surface, kind) triples, each surface its own one-line text."""
    pairs = [(article, Mention(Span(0, len(s)), s, kind, mention_key(s, lex)))
             for article, s, kind in items]
    return cluster_entities(pairs, lex)


def test_entities_cluster_merges_transliterations_and_surname(fr: EntityLexicon) -> None:
    entities = _cluster([
        ("a", "Kassym-Jomart Tokayev", Kind.PER), ("a", "Tokayev", Kind.PER),
        ("b", "Kassym Jomart Tokaïev", Kind.PER), ("b", "Tokaïev", Kind.PER),
        ("c", "Kasim Jomart Yokayev", Kind.PER), ("c", "M. Tokaïev", Kind.PER),
        ("c", "Kassym-Jomart Tokaïev", Kind.PER), ("d", "Kassym-Jomart Tokaïev", Kind.PER),
        ("d", "Tokaev", Kind.PER),
    ], fr)
    assert len(entities) == 1
    [tokayev] = entities
    assert tokayev.name == "Kassym-Jomart Tokaïev"
    assert tokayev.kind is Kind.PER and len(tokayev.mentions) == 9
    assert any(r.startswith("surname ") for r in tokayev.merged_by)
    assert any(r.startswith("fuzzy ") and "Yokayev" in r for r in tokayev.merged_by)


@pytest.mark.parametrize(("a", "b"), [
    ("Vladimir Poutine", "Vladimir Zelensky"),
    ("Jean Dupont", "Jean Dupond"),
    ("Corée du Nord", "Corée du Sud"),
    ("OTAN", "OTSC"),
    ("Gambie", "Zambie"),
])
def test_entities_cluster_keeps_different_names_apart(a: str, b: str, fr: EntityLexicon) -> None:
    kind = Kind.ORG if a.isupper() else Kind.PER
    assert len(_cluster([("x", a, kind), ("x", b, kind)], fr)) == 2


def test_entities_cluster_surname_of_two_people_stays_alone(fr: EntityLexicon) -> None:
    entities = _cluster([("x", "Marine Le Pen", Kind.PER), ("x", "Jean-Marie Le Pen", Kind.PER),
                         ("x", "Pen", Kind.PER)], fr)
    assert len(entities) == 3


def test_entities_cluster_never_merges_kinds(fr: EntityLexicon) -> None:
    entities = _cluster([("x", "George Washington", Kind.PER), ("x", "Washington", Kind.LOC)], fr)
    assert len(entities) == 2


def test_entities_cluster_acronym_joins_bare_expansion_elsewhere(fr: EntityLexicon) -> None:
    text = "L'Organisation mondiale de la santé (OMS) a parlé."
    tied = extract_mentions(text, _lines(text), _Fixed([("Organisation mondiale de la santé",
                                                          "ORG")]), fr)
    bare = Mention(Span(0, 33), "Organisation mondiale de la Santé", Kind.ORG,
                   "organisation mondiale de la sante")
    entities = cluster_entities([("a", m) for m in tied] + [("b", bare)], fr)
    assert len(entities) == 1
    assert entities[0].name == "Organisation mondiale de la santé"
    assert entities[0].merged_by and "OMS" in entities[0].merged_by[0]


def test_entities_cluster_a_country_named_like_its_capital_is_one_place(fr: EntityLexicon) -> None:
    # Bahrain, Kuwait: the country and its capital share a name in some languages
    # (CLDR's "Bahreïn" is both in French); an old zone name is the city's present one
    entities = _cluster([("a", "Bahreïn", Kind.LOC), ("b", "Baréin", Kind.LOC),
                         ("c", "Bahrain", Kind.LOC), ("a", "Kiev", Kind.LOC),
                         ("b", "Kyiv", Kind.LOC)], fr)
    assert sorted(len(e.mentions) for e in entities) == [2, 3]


def test_entities_cluster_a_city_in_every_spelling_is_one_place(fr: EntityLexicon) -> None:
    entities = _cluster([("a", "Alep", Kind.LOC), ("b", "Alepo", Kind.LOC), ("c", "Aleppo", Kind.LOC),
                         ("a", "au Caire", Kind.LOC), ("b", "Le Caire", Kind.LOC),
                         ("a", "SANA", Kind.LOC), ("b", "Saná", Kind.LOC), ("c", "Sanaa", Kind.LOC)], fr)
    by_size = sorted(entities, key=lambda e: (len(e.mentions), e.name))
    assert [len(e.mentions) for e in by_size] == [1, 2, 2, 3]
    assert by_size[0].name == "SANA"  # an acronym is no city
    aleppo = by_size[-1]
    assert any(r.startswith("city in SY: Alep = Alepo = Aleppo") for r in aleppo.merged_by)


def test_entities_cluster_ids_are_stable_and_sorted(fr: EntityLexicon) -> None:
    items = [("a", "Paris", Kind.LOC), ("a", "Berlin", Kind.LOC), ("b", "Berlin", Kind.LOC)]
    first, again = _cluster(items, fr), _cluster(list(reversed(items)), fr)
    assert [e.name for e in first] == ["Berlin", "Paris"]
    assert [e.id for e in first] == [e.id for e in again]
    assert first[0].id.startswith("e-")


def test_entities_seeds_one_tokayev_separate_others(seed_entities: tuple[Entity, ...]) -> None:
    tokayev = _entity_of(seed_entities, "Tokaïev")
    for variant in ("Tokayev", "M. Tokaïev", "Kasim Jomart Yokayev", "Kassym-Jomart Tokayev",
                    "Kassym Jomart Tokaïev"):
        assert variant in tokayev.variants
    assert tokayev.kind is Kind.PER
    poutine = _entity_of(seed_entities, "Vladimir Poutine")
    choigou = _entity_of(seed_entities, "Sergueï Choïgou")
    assert len({tokayev.id, poutine.id, choigou.id}) == 3
    otsc = _entity_of(seed_entities, "OTSC")
    assert "Organisation du traité de sécurité collective" in otsc.variants
    assert seed_entities[0] in (tokayev, otsc)  # the most mentioned come first


# -- properties ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAbBéÉ kKlL'’-.()«»\n,OTSC")), max_size=120))
def test_entities_capital_recognizer_never_fails_and_spans_slice_back(text: str) -> None:
    lex = entity_lexicon("en")
    mentions = extract_mentions(text, _lines(text), load_recognizer("en"), lex)
    for m in mentions:
        assert text[m.span.start:m.span.end] == m.text and m.key
    cluster_entities([("a", m) for m in mentions], lex)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_entities_spacy_never_fails_and_spans_slice_back(text: str) -> None:
    lex = entity_lexicon("fr")
    mentions = extract_mentions(text, _lines(text), load_recognizer("fr"), lex)
    for m in mentions:
        assert text[m.span.start:m.span.end] == m.text and m.key
    for entity in cluster_entities([("a", m) for m in mentions], lex):
        assert entity.mentions and entity.name in entity.variants


def _recognized(lang: str, texts: list[str]) -> list[list[tuple[str, str]]]:
    found = load_recognizer(lang).recognize(texts)
    return [[(t[s:e], label) for s, e, label in spans] for t, spans in zip(texts, found, strict=True)]


def test_entities_capital_recognizer_spanish_rarity_and_places() -> None:
    texts = ["Ayer Hosni Mubarak habló en El Cairo con el Ministerio del Interior.",
             "Mubarak no respondió. Durante la noche llegaron noticias de Egipto.",
             "Tantawi dijo poco. Existe un plan.",
             "LA POLICÍA NO PUEDE ENTRAR EN LA PLAZA"]
    found = _recognized("es", texts)
    assert found[0] == [("Hosni Mubarak", "PER"), ("Cairo", "LOC"),
                        ("Ministerio del Interior", "ORG")]  # "Ayer" cut off: frequent
    assert ("Mubarak", "PER") in found[1]  # a sentence start, but a known surname
    assert ("Egipto", "LOC") in found[1]  # a CLDR country name
    assert all(s != "Durante" for s, _ in found[1])
    assert [s for s, _ in found[2]] == ["Tantawi"]  # rare at sentence start; "Existe" is not
    assert found[3] == []  # a shouted sentence is no name


def test_entities_capital_recognizer_full_name_from_surname_alone() -> None:
    texts = ["El enviado Barack Obama llegó. Se reunió con Obama y con Naciones Unidas."]
    [found] = _recognized("es", texts)
    assert ("Barack Obama", "PER") in found and ("Naciones Unidas", "MISC") in found


def test_entities_capital_recognizer_place_hint_spreads_over_the_batch() -> None:
    texts = ["Los combates siguen en Qabasyn desde el lunes.", "Qabasyn quedó aislada.",
             "El portavoz Zaid Qabbani habló. Qabbani negó todo."]
    found = _recognized("es", texts)
    assert found[0] == [("Qabasyn", "LOC")] and found[1] == [("Qabasyn", "LOC")]
    assert ("Qabbani", "PER") in found[2]  # the surname of a person named in full


def test_entities_spacy_vocabulary_is_bounded_and_a_reload_changes_no_result() -> None:
    spacy = pytest.importorskip("spacy")
    from corroborate.entities import _SpacyRecognizer

    loads = []

    def load() -> object:
        loads.append(1)
        return spacy.load("fr_core_news_sm", enable=["tok2vec", "ner"])

    bounded = _SpacyRecognizer(load, max_new_strings=50)
    text = "Le président Emmanuel Macron a reçu Olaf Scholz à Paris mardi."
    first = bounded.recognize([text])
    # many new words: the vocabulary passes its bound and the model is loaded again
    bounded.recognize([" ".join(f"Motnouveau{i}" for i in range(200))])
    assert len(loads) == 2
    assert len(bounded._nlp.vocab.strings) - bounded._base <= 50
    assert bounded.recognize([text]) == first and any(label == "PER" for *_, label in first[0])
