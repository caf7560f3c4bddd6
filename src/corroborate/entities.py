"""Entity mentions of an article and the entities of a story.

`extract_mentions` runs a named-entity recogniser over the body lines of one article and
cleans its output with the language's `entities.toml` (weekdays, page words, role words
such as "Président kazakh" are not names).  `cluster_entities` merges the mentions of a
story into one `Entity` per real name, whatever the spelling: exact merge keys, acronyms
tied to their expansion, transliteration variants and a surname alone.

Acronym ties: in "Organisation du traité de sécurité collective (OTSC)" the expansion
mention gets the *acronym's* key ("otsc"), and an `OTSC` mention is added when the model
missed it.  `cluster_entities` reads the tie back (a mention whose key differs from
`mention_key(text)`), so that the bare expansion elsewhere in the story joins too.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Protocol

from rapidfuzz.fuzz import ratio

from corroborate.langdata import load_toml
from corroborate.model import Citation, Entity, Kind, Line, Mention, Span, content_id

# Same-length substitutions shown to the recogniser (and role finder): offsets stay valid.
SAME_LENGTH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})
_WORD = re.compile(r"\w+(?:[-']\w+)*'?")
_ACRONYM_AFTER = re.compile(r"\s*\(\s*(\w{2,10})\s*\)")
_EDGE_PUNCT = " \t\r\n,;:!?\"«»“”„()[]{}*•·–—-/|"

# spaCy label schemes (French WikiNER and English OntoNotes) onto the dossier's kinds.
_LABELS = {"PER": Kind.PER, "PERSON": Kind.PER, "ORG": Kind.ORG, "NORP": Kind.MISC,
           "LOC": Kind.LOC, "GPE": Kind.LOC, "FAC": Kind.LOC}
_KIND_ORDER = (Kind.PER, Kind.ORG, Kind.LOC, Kind.MISC)
_PLACE_HINT = "MISC?LOC"  # a run after a place preposition, typed by `_CapitalRecognizer._kind`


class Recognizer(Protocol):
    """Finds named entities in plain texts."""

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """(start, end, spaCy-style label) of each entity, per text."""
        ...


@dataclass(frozen=True, slots=True)
class EntityLexicon:
    """The compiled `entities.toml` of one language (all words folded)."""

    lang: str
    spacy_model: str
    honorifics: frozenset[str]
    articles: frozenset[str]
    function_words: frozenset[str]
    strip_words: frozenset[str]
    stop_mentions: frozenset[str]
    roles: tuple[tuple[str, ...], ...]  # longest first
    org_heads: frozenset[str]
    common_capitalised: frozenset[str]
    name_connectors: frozenset[str]
    translit: tuple[tuple[str, str], ...]
    fuzzy_threshold: float
    frequency_language: str  # wordfreq language of the rarity test ("" = no test)
    rare_zipf: float
    common_zipf: float
    person_zipf: float
    english_common_zipf: float
    place_prepositions: frozenset[str]


def fold(word: str) -> str:
    """Reads a word, produces it case- and accent-folded with ASCII apostrophes."""
    decomposed = unicodedata.normalize("NFKD", word.translate(SAME_LENGTH))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _folded(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(fold(str(v)) for v in values)


@cache
def entity_lexicon(lang: str) -> EntityLexicon:
    """Reads `data/<lang>/entities.toml`, produces the compiled lexicon (once per language)."""
    data = load_toml(lang, "entities")
    roles = sorted((tuple(fold(r).replace("-", " ").split()) for r in data.get("roles", ())),
                   key=len, reverse=True)
    return EntityLexicon(
        lang=lang,
        spacy_model=str(data.get("spacy_model", "")),
        honorifics=_folded(data.get("honorifics", ())),
        articles=_folded(data.get("articles", ())),
        function_words=_folded(data.get("function_words", ())),
        strip_words=_folded(data.get("strip_words", ())),
        stop_mentions=_folded(data.get("stop_mentions", ())),
        roles=tuple(roles),
        org_heads=_folded(data.get("org_heads", ())),
        common_capitalised=_folded(data.get("common_capitalised", ())),
        name_connectors=_folded(data.get("name_connectors", ())),
        translit=tuple((str(a), str(b)) for a, b in data.get("translit", ())),
        fuzzy_threshold=float(data.get("fuzzy_threshold", 0.85)),
        frequency_language=str(data.get("frequency_language", "")),
        rare_zipf=float(data.get("rare_zipf", 0.0)),
        common_zipf=float(data.get("common_zipf", 99.0)),
        person_zipf=float(data.get("person_zipf", 0.0)),
        english_common_zipf=float(data.get("english_common_zipf", 99.0)),
        place_prepositions=_folded(data.get("place_prepositions", ())),
    )


# -- recognisers ------------------------------------------------------------------------


class _SpacyRecognizer:
    """spaCy's statistical NER, only its `tok2vec` and `ner` components running.

    spaCy keeps every new word it meets in its vocabulary, so a process annotating
    millions of articles would grow without end: past `max_new_strings` new entries the
    model is loaded again (a few seconds; the entities found do not depend on the words
    met before)."""

    def __init__(self, load: Callable[[], Any], max_new_strings: int = 500_000) -> None:
        self._load = load
        self._nlp = load()
        self._base = len(self._nlp.vocab.strings)
        self._max_new = max_new_strings

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        found = [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
                 for doc in self._nlp.pipe(texts, batch_size=64)]
        if len(self._nlp.vocab.strings) - self._base > self._max_new:
            self._nlp = self._load()
            self._base = len(self._nlp.vocab.strings)
        return found


class _CapitalRecognizer:
    """Names from capitalisation for languages without a model: runs of capitalised words
    (with name connectors inside).  At the start of a sentence a capital proves nothing: a
    single word counts when the batch also writes it capitalised mid-sentence or when it
    is rare in the language (wordfreq); a frequent first word ("Ayer Mubarak") is cut off.
    Kinds: an honorific or a role before it, or a known surname, make a person; CLDR place
    names (babel) a place; an acronym or an organisation head word an organisation; a run
    of words rare in the language and in English a person; anything else stays MISC."""

    def __init__(self, lex: EntityLexicon, places: frozenset[str]) -> None:
        self._lex = lex
        # "El Cairo" is written "el Cairo" too, and the article is cut from mentions
        self._places = places | {name.split(" ", 1)[1] for name in places
                                 if " " in name and name.split(" ", 1)[0] in lex.articles}

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        runs = [self._runs(text) for text in texts]
        # words written capitalised where no sentence starts (a run's first word at a
        # sentence start proves nothing, its next words do)
        mid_sentence = {fold(word) for text, found in zip(texts, runs, strict=True)
                        for s, e, at_start, _ in found
                        for word in _WORD.findall(text[s:e])[1 if at_start else 0:]}
        runs = [[self._trim(text, run, mid_sentence) for run in found]
                for text, found in zip(texts, runs, strict=True)]
        alone = {fold(text[s:e]) for text, found in zip(texts, runs, strict=True)
                 for s, e, _, _ in found if _WORD.fullmatch(text[s:e])}
        kept: list[list[tuple[int, int, str]]] = []
        for text, found in zip(texts, runs, strict=True):
            spans = []
            for s, e, at_start, label in found:
                words = _WORD.findall(text[s:e])
                if at_start and len(words) == 1 and fold(words[0]) not in mid_sentence \
                        and not self._rare(words[0], self._lex.rare_zipf):
                    continue
                if len(words) > 2 and text[s:e].isupper():
                    continue  # a shouted sentence, not a name
                if label in ("MISC", _PLACE_HINT):
                    label = self._kind(words, alone, label == _PLACE_HINT)
                spans.append((s, e, label))
            kept.append(spans)
        # a surname alone is a person when the batch names that person in full elsewhere;
        # a name typed one way somewhere in the batch (and no other way) is typed so everywhere
        surnames = {fold(_WORD.findall(text[s:e])[-1]) for text, spans in
                    zip(texts, kept, strict=True) for s, e, label in spans if label == "PER"}
        typed: dict[str, set[str]] = {}
        for text, spans in zip(texts, kept, strict=True):
            for s, e, label in spans:
                if label != "MISC":
                    typed.setdefault(fold(text[s:e]), set()).add(label)

        def settled(name: str, label: str) -> str:
            if label != "MISC":
                return label
            if name in surnames:
                return "PER"
            kinds = typed.get(name, set())
            return next(iter(kinds)) if len(kinds) == 1 else label

        return [[(s, e, settled(fold(text[s:e]), label)) for s, e, label in spans]
                for text, spans in zip(texts, kept, strict=True)]

    def _trim(self, text: str, run: tuple[int, int, bool, str],
              mid_sentence: set[str]) -> tuple[int, int, bool, str]:
        """A sentence-initial run without its first word when that word is frequent in
        the language and never capitalised mid-sentence ("Ayer Hosni Mubarak")."""
        s, e, at_start, label = run
        words = list(_WORD.finditer(text, s, e))
        if not at_start or len(words) < 2 or fold(words[0].group()) in mid_sentence \
                or self._rare(words[0].group(), self._lex.common_zipf):
            return run
        rest = words[1]
        if fold(rest.group()) in self._lex.name_connectors:
            return run
        return rest.start(), e, False, label

    def _kind(self, words: Sequence[str], alone: set[str], place_hint: bool) -> str:
        """LOC for a CLDR place; PER for two or more words none of them common (in the
        language or in English) and either all rare or the last one also written alone
        ("Barack Obama" … "Obama"); LOC after a place preposition ("en Alepo");
        MISC otherwise."""
        lex = self._lex
        if fold(" ".join(words)) in self._places:
            return "LOC"
        fallback = "LOC" if place_hint else "MISC"
        named = [w for w in words if fold(w) not in lex.name_connectors]
        if len(named) < 2 or any(fold(w) in lex.org_heads or fold(w) in self._places
                                 or not self._rare(w, lex.common_zipf)
                                 or self._common_english(w) for w in named):
            return fallback
        if fold(words[-1]) in alone or all(self._rare(w, lex.person_zipf) for w in named):
            return "PER"
        return fallback

    def _common_english(self, word: str) -> bool:
        """Words of English names of things ("Human Rights Watch") quoted in any language."""
        return bool(self._lex.frequency_language) and _zipf(word.casefold(), "en") >= \
            self._lex.english_common_zipf

    def _rare(self, word: str, below: float) -> bool:
        """The word is rarer than `below` on the Zipf scale in the language; False when the
        language has no frequency list."""
        lang = self._lex.frequency_language
        return bool(lang) and _zipf(word.casefold(), lang) < below

    def _runs(self, text: str) -> list[tuple[int, int, bool, str]]:
        lex = self._lex
        honorifics = {h.rstrip(".") for h in lex.honorifics}
        words = list(_WORD.finditer(text))
        runs: list[tuple[int, int, bool, str]] = []
        i = 0
        while i < len(words):
            word = words[i]
            start, surface = word.start(), word.group()
            elided = re.match(r"(\w+')(?=\w)", surface)
            if elided and (fold(elided.group(1)) in lex.articles
                           or fold(elided.group(1)) in lex.name_connectors):
                start += len(elided.group(1))
            if not text[start:start + 1].isupper() or _is_common(text[start:word.end()], lex):
                i += 1
                continue
            at_start = _sentence_start(text, word.start())
            honorific = i > 0 and fold(words[i - 1].group()).rstrip(".") in honorifics
            role = i > 0 and (fold(words[i - 1].group()),) in lex.roles
            j, end = i, word.end()
            while j + 1 < len(words):
                nxt = words[j + 1]
                gap = text[words[j].end():nxt.start()]
                if gap not in (" ", "-"):
                    break
                if nxt.group()[0].isupper():
                    j, end = j + 1, nxt.end()
                    continue
                # a connector counts only when a capitalised word follows it
                if (fold(nxt.group()) in lex.name_connectors and j + 2 < len(words)
                        and text[nxt.end():words[j + 2].start()] == " "
                        and words[j + 2].group()[0].isupper()):
                    j, end = j + 2, words[j + 2].end()
                    continue
                break
            surface = text[start:end]
            lead = fold(text[start:word.end()]).replace("-", " ").split()
            if honorific or role or any(tuple(lead) == r[:len(lead)] for r in lex.roles):
                label = "PER"
            elif surface.isupper() or fold(surface.split()[0]) in lex.org_heads:
                label = "ORG"
            elif i > 0 and fold(words[i - 1].group()) in lex.place_prepositions \
                    and text[words[i - 1].end():start] == " ":
                label = _PLACE_HINT  # "en Alepo", "desde Bengasi": a place unless shown otherwise
            else:
                label = "MISC"
            runs.append((start, end, at_start, label))
            i = j + 1
        return runs


def _is_common(word: str, lex: EntityLexicon) -> bool:
    return fold(word) in lex.common_capitalised or fold(word) in lex.honorifics


def _sentence_start(text: str, pos: int) -> bool:
    # read backwards from pos: stripping the whole prefix costs the square of a long line
    while pos > 0 and text[pos - 1] in " \t\"«“'(-–—¿¡":
        pos -= 1
    return pos == 0 or text[pos - 1] in ".!?:;\n…"


@lru_cache(maxsize=1 << 16)
def _zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of a lower-cased word (its lists ship in the package)."""
    from wordfreq import zipf_frequency  # imported on first use: 0.1 s, only without a model

    return float(zipf_frequency(word, lang))


@cache
def load_recognizer(lang: str) -> Recognizer:
    """Reads the language's `spacy_model` setting, produces its recogniser (loaded once).

    French uses spaCy `fr_core_news_sm` with only `tok2vec` and `ner` enabled (batched
    with `nlp.pipe`); a language whose model is not installed gets the capitalisation
    recogniser, which needs no model.
    """
    lex = entity_lexicon(lang)
    if lex.spacy_model:
        try:
            import spacy

            model = lex.spacy_model
            return _SpacyRecognizer(lambda: spacy.load(model, enable=["tok2vec", "ner"]))
        except (ImportError, OSError):
            pass
    return capital_recognizer(lang)


@cache
def capital_recognizer(lang: str) -> Recognizer:
    """The model-free recogniser of a language (capitalisation, word rarity, CLDR places),
    also for a language that has a model: benchmarks compare the two."""
    from corroborate.places import place_names  # places.py folds with this module's fold

    return _CapitalRecognizer(entity_lexicon(lang), place_names(lang))


# -- mentions ---------------------------------------------------------------------------


def extract_mentions(text: str, lines: Sequence[Line], recognizer: Recognizer,
                     lex: EntityLexicon) -> tuple[Mention, ...]:
    """Entity mentions in the body lines (line.label.is_body) only; spans index the original
    text.

    The recogniser sees each body line alone (entities never cross a line) with curly
    apostrophes made straight; all lines go in one batch.
    """
    body = [line for line in lines if line.label.is_body and line.span.end > line.span.start]
    shown = [line.span.of(text).translate(SAME_LENGTH) for line in body]
    found = recognizer.recognize(shown) if shown else []
    mentions: list[Mention] = []
    for line, line_text, spans in zip(body, shown, found, strict=True):
        mentions.extend(_line_mentions(text, line.span.start, line_text, spans, lex))
    return tuple(mentions)


def _line_mentions(text: str, offset: int, line_text: str,
                   spans: Sequence[tuple[int, int, str]], lex: EntityLexicon) -> list[Mention]:
    cleaned: list[tuple[int, int, Kind]] = []
    # the kept spans are disjoint: sorted by start they are sorted by end, and a new span
    # can only overlap the last one starting before its end (bisected, not a scan)
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    for start, end, label in sorted(spans):
        start, end = max(0, start), min(len(line_text), end)
        refined = _refine(line_text, start, end, lex)
        if refined is None:
            continue
        s, e = refined
        at = bisect_left(kept_starts, e)
        if at and kept_ends[at - 1] > s:
            continue
        kind = _LABELS.get(label, Kind.MISC)
        if fold(_WORD.findall(line_text[s:e])[0]) in lex.org_heads:
            kind = Kind.ORG  # "ministère russe de la Défense" is no place
        cleaned.append((s, e, kind))
        kept_starts.insert(at, s)
        kept_ends.insert(at, e)
    keys = {(s, e): mention_key(line_text[s:e], lex) for s, e, _ in cleaned}
    for s, e, kind in list(cleaned):
        tied = _acronym_after(line_text, s, e, lex)
        if tied is None:
            continue
        a_start, a_end = tied
        keys[(s, e)] = mention_key(line_text[a_start:a_end], lex)
        if not any(cs <= a_start and a_end <= ce for cs, ce, _ in cleaned):
            cleaned.append((a_start, a_end, kind))
            keys[(a_start, a_end)] = keys[(s, e)]
    mentions = []
    for s, e, kind in sorted(cleaned, key=lambda c: c[0]):
        key = keys[(s, e)]
        if not key:
            continue
        span = Span(offset + s, offset + e)
        mentions.append(Mention(span=span, text=span.of(text), kind=kind, key=key))
    return mentions


def _refine(line: str, start: int, end: int, lex: EntityLexicon) -> tuple[int, int] | None:
    """The recogniser's span without determiners, page words and roles at its edges, or
    None when nothing name-like is left."""
    while True:
        before = (start, end)
        while start < end and line[start] in _EDGE_PUNCT:
            start += 1
        while end > start and line[end - 1] in _EDGE_PUNCT + ".":
            if line[end - 1] == "." and fold(line[start:end]) in lex.honorifics:
                break
            end -= 1
        words = list(_WORD.finditer(line, start, end))
        if not words:
            return None
        first, last = words[0], words[-1]
        elided = re.match(r"\w+'", first.group())
        if (elided and fold(elided.group()) in lex.articles
                and len(first.group()) > elided.end()):
            start = first.start() + elided.end()
        elif len(words) > 1 and fold(first.group()) in lex.strip_words:
            start = words[1].start()
        elif (len(words) > 1 and fold(first.group()) in lex.articles
              and (first.group().islower() or _sentence_start(line, first.start()))):
            start = words[1].start()  # a capital article mid-sentence is a name: "Le Pen"
        elif fold(first.group()) in lex.strip_words:
            return None
        elif len(words) > 1 and (fold(last.group()) in lex.function_words
                                 or fold(last.group()) in lex.strip_words):
            end = words[-2].end()
        elif len(words) > 1 and last.group().endswith("'"):
            end = words[-2].end()  # "Conseil … de l'" cut before the acronym
        if (start, end) == before:
            break
    roled = _without_role(line, start, end, lex)
    if roled is None:
        return None
    start, end = roled
    surface = line[start:end]
    if len(surface) < 2 or not any(w[0].isupper() for w in _WORD.findall(surface)):
        return None
    folded = fold(surface)
    if folded in lex.stop_mentions or folded in lex.common_capitalised or folded in lex.honorifics:
        return None
    return start, end


def _without_role(line: str, start: int, end: int,
                  lex: EntityLexicon) -> tuple[int, int] | None:
    """A mention opening with a role word: the name after it, or None for a bare role
    ("Président kazakh", "ministre de la Défense")."""
    words = list(_WORD.finditer(line, start, end))
    folded = [tuple(fold(w.group()).replace("-", " ").split()) for w in words]
    flat = [part for parts in folded for part in parts]
    role = next((r for r in lex.roles if tuple(flat[:len(r)]) == r), None)
    if role is None:
        return start, end
    # skip the words making up the role, then lower-case qualifiers ("kazakh", "russe")
    consumed, i = 0, 0
    while i < len(words) and consumed < len(role):
        consumed += len(folded[i])
        i += 1
    while i < len(words) and not words[i].group()[0].isupper():
        if fold(words[i].group()) in lex.function_words or words[i].group().endswith("'"):
            return None  # "président du Kazakhstan": a role of something
        i += 1
    if i >= len(words):
        return None
    return words[i].start(), end


def _acronym_after(line: str, start: int, end: int,
                   lex: EntityLexicon) -> tuple[int, int] | None:
    """The span of "(ACRONYM)" right after an expansion whose initials it spells."""
    match = _ACRONYM_AFTER.match(line, end)
    if match is None:
        return None
    acronym = match.group(1)
    if not acronym.isupper() or not acronym.isalpha():
        return None
    initials = [w[0] for w in _WORD.findall(line[start:end])]
    if len(initials) < 2 or fold(initials[0]) != fold(acronym[0]):
        return None
    letters = iter(fold("".join(initials)))
    if not all(ch in letters for ch in fold(acronym)):  # a subsequence of the initials
        return None
    return match.start(1), match.end(1)


def mention_key(surface: str, lex: EntityLexicon) -> str:
    """The folded form that merges variants: honorifics stripped ("M. Tokaïev" -> tokaiev),
    accents and case folded, hyphens/apostrophes as spaces, leading article ("l'", "le")
    removed."""
    text = fold(surface)
    while True:
        stripped = text.strip(_EDGE_PUNCT)
        word = re.match(r"(\w+\.?)(?:\s+|$)", stripped)
        elided = re.match(r"(\w+')(?=\w)", stripped)
        if word and (word.group(1) in lex.honorifics or word.group(1) in lex.articles) \
                and word.end() < len(stripped):
            stripped = stripped[word.end():]
        elif elided and elided.group(1) in lex.articles:
            stripped = stripped[elided.end():]
        if stripped == text:
            break
        text = stripped
    text = re.sub(r"[-'‐‑]", " ", text)
    text = re.sub(r"[^\w\s]", "", text)
    return " ".join(text.split())


# -- clustering -------------------------------------------------------------------------


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


@dataclass(slots=True)
class _Group:
    key: str
    kind: Kind
    surfaces: Counter[str]
    translit: tuple[str, ...]  # tokens of the key after the transliteration fold


def _translit(key: str, lex: EntityLexicon) -> tuple[str, ...]:
    tokens = []
    for token in key.split():
        for a, b in lex.translit:
            token = token.replace(a, b)
        tokens.append(token)
    return tuple(tokens)


def _tokens_alike(a: str, b: str, lex: EntityLexicon) -> float | None:
    """Similarity of two folded tokens when they may be one name, else None."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < 4:
        return None
    score = ratio(a, b) / 100
    return score if score >= lex.fuzzy_threshold else None


def cluster_entities(mentions: Sequence[tuple[str, Mention]],
                     lex: EntityLexicon) -> tuple[Entity, ...]:
    """Entities of a story from (article id, mention) pairs: one entity per real name, with
    variants, mentions (Citation) and the evidence of each merge (Entity.merged_by).

    Steps: group by key (acronym ties read back from the keys); merge same-kind names of
    the same length whose tokens are alike after the transliteration fold; merge a surname
    alone into the unique longer person ending with it.  Name: the most frequent of the
    widest variants (longest among ties); entities sorted by number of mentions.
    """
    mentions = [(a, m) for a, m in mentions if not m.role]  # roles: see roles.py
    natural_keys: dict[str, str] = {}  # a story writes each name many times
    aliases: dict[str, str] = {}
    alias_surface: dict[str, str] = {}
    for _, m in mentions:
        if m.text not in natural_keys:
            natural_keys[m.text] = mention_key(m.text, lex)
        natural = natural_keys[m.text]
        if natural != m.key and natural:
            aliases.setdefault(natural, m.key)
            alias_surface.setdefault(natural, m.text)

    from corroborate.places import city_key  # places.py folds with this module's fold

    def group_key(m: Mention) -> str:
        key, seen = m.key, set()
        while key in aliases and key not in seen:
            seen.add(key)
            key = aliases[key]
        # a place has one key in every language: "Egypte", "Egipto", "Egypt" -> cldr:EG,
        # "Alep", "Alepo", "Aleppo" -> one GeoNames city
        return (city_key(key, m.text) or key) if m.kind is Kind.LOC else key

    by_key: dict[str, list[tuple[str, Mention]]] = {}
    for article, m in mentions:
        by_key.setdefault(group_key(m), []).append((article, m))
    groups = [_make_group(key, items, lex) for key, items in by_key.items()]
    reasons: dict[int, list[str]] = {i: [] for i in range(len(groups))}
    tied_to: dict[str, list[str]] = {}  # indexed: one pass over the aliases, not one per name
    for natural, surface in alias_surface.items():
        tied_to.setdefault(aliases[natural], []).append(surface)
    for i, group in enumerate(groups):
        if group.key.startswith(("cldr:", "tz:", "city:")):
            names = {natural_keys[m.text]: m.text for _, m in by_key[group.key]}
            if len(names) > 1:
                kind, _, place = group.key.partition(":")
                label = f"city in {place.split(':')[0]}" if kind == "city" else f"place {place}"
                reasons[i].append(f"{label}: " + " = ".join(sorted(names.values())))
        tied = tied_to.get(group.key, [])
        acronym = next((s for s in group.surfaces if natural_keys[s] == group.key), None)
        for surface in tied:
            reasons[i].append(f"acronym {acronym or group.key} of {surface}")

    union = _Union(len(groups))
    _merge_fuzzy(groups, union, reasons, lex)
    _merge_surnames(groups, union, reasons, lex)

    members: dict[int, list[int]] = {}
    for i in range(len(groups)):
        members.setdefault(union.find(i), []).append(i)
    entities = [_make_entity([item for i in idx for item in by_key[groups[i].key]],
                             [r for i in idx for r in reasons[i]], natural_keys, lex)
                for idx in members.values()]
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return tuple(entities)


def _make_group(key: str, items: list[tuple[str, Mention]], lex: EntityLexicon) -> _Group:
    kinds = Counter(m.kind for _, m in items)
    kind = max(_KIND_ORDER, key=lambda k: (kinds[k], -_KIND_ORDER.index(k)))
    surfaces = Counter(m.text for _, m in items)
    return _Group(key=key, kind=kind, surfaces=surfaces, translit=_translit(key, lex))


def _merge_fuzzy(groups: list[_Group], union: _Union, reasons: dict[int, list[str]],
                 lex: EntityLexicon) -> None:
    """Same kind, same token count, every token alike after the transliteration fold."""
    buckets: dict[tuple[Kind, int], list[int]] = {}
    for i, g in enumerate(groups):
        if any(s.isupper() for s in g.surfaces) or g.key.startswith(("cldr:", "tz:")):
            continue  # acronyms: one wrong letter is another organisation; places: known
        buckets.setdefault((g.kind, len(g.translit)), []).append(i)
    for members in buckets.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                scores = [_tokens_alike(a, b, lex)
                          for a, b in zip(groups[i].translit, groups[j].translit, strict=True)]
                if any(s is None for s in scores):
                    continue
                if not union.join(i, j):
                    continue
                a, b = _top(groups[i]), _top(groups[j])
                least = min(s for s in scores if s is not None)
                how = "transliteration" if least == 1.0 else f"fuzzy {least:.2f}"
                reasons[union.find(i)].append(f"{how} {b}~{a}")


def _merge_surnames(groups: list[_Group], union: _Union, reasons: dict[int, list[str]],
                    lex: EntityLexicon) -> None:
    """A shorter PER name (a surname alone) into the unique longer PER ending with it."""
    components: dict[int, list[int]] = {}
    for i in range(len(groups)):
        components.setdefault(union.find(i), []).append(i)
    # the persons by the last word of their name (with their component): each surname is
    # compared with the names it may end, not with every name of the story
    by_last: dict[str, list[tuple[int, int]]] = {}
    for root, idx in components.items():
        for j in idx:
            if groups[j].kind is Kind.PER and groups[j].translit:
                by_last.setdefault(groups[j].translit[-1], []).append((root, j))
    # shortest first, so a surname is judged against the names as they were written
    for root, idx in sorted(components.items(),
                            key=lambda c: max(len(groups[i].translit) for i in c[1])):
        short = [groups[i] for i in idx]
        if any(g.kind not in (Kind.PER, Kind.MISC) for g in short):
            continue
        size = max(len(g.translit) for g in short)
        if any(g.kind is Kind.MISC for g in short) and size > 1:
            continue  # a MISC name joins a person only as a single word
        targets = set()
        for s in short:
            for other_root, j in _ending_like(s.translit, by_last, lex):
                g = groups[j]
                if other_root != root and len(g.translit) > size \
                        and _suffix_alike(s.translit, g.translit, lex):
                    targets.add(union.find(other_root))
        if len(targets) == 1:
            target = targets.pop()
            name = max((_top(groups[j]) for j in components[target]), key=len)
            surname = _top(short[0])
            if union.join(root, target):
                reasons[union.find(root)].append(f"surname {surname} of {name}")


def _ending_like(short: tuple[str, ...], by_last: dict[str, list[tuple[int, int]]],
                 lex: EntityLexicon) -> list[tuple[int, int]]:
    """The (component, group) of `by_last` whose last word may be the last of `short`: the
    same word, or for a surname alone one `_tokens_alike` may accept (a superset: the
    caller checks `_suffix_alike`)."""
    if not short:
        return [item for items in by_last.values() for item in items]
    last = short[-1]
    if len(short) > 1 or len(last) < 4:
        return by_last.get(last, [])
    # ratio() cannot reach the threshold when the lengths differ too much:
    # ratio <= 2·min / (sum of the lengths)
    return [item for word, items in by_last.items()
            if word == last or (len(word) >= 4 and 2 * min(len(word), len(last))
                                >= (lex.fuzzy_threshold - 1e-9) * (len(word) + len(last)))
            for item in items]


def _suffix_alike(short: tuple[str, ...], long: tuple[str, ...], lex: EntityLexicon) -> bool:
    """A surname alone may differ by a letter; a longer name must be the exact tail (a
    fuzzy first name is another person: Marine / Jean-Marie Le Pen)."""
    tail = long[len(long) - len(short):]
    if len(short) > 1:
        return short == tail
    return _tokens_alike(short[0], tail[0], lex) is not None


def _top(group: _Group) -> str:
    return max(group.surfaces.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


def _make_entity(items: list[tuple[str, Mention]], reasons: list[str],
                 natural_keys: dict[str, str], lex: EntityLexicon) -> Entity:
    kinds = Counter(m.kind for _, m in items)
    if set(kinds) - {Kind.MISC}:
        del kinds[Kind.MISC]  # a surname the model once called MISC stays a person
    kind = max(kinds, key=lambda k: (kinds[k], -_KIND_ORDER.index(k)))
    surfaces = Counter(m.text for _, m in items)
    first_seen = {s: n for n, s in reversed(list(enumerate(m.text for _, m in items)))}
    variants = sorted(surfaces, key=lambda s: (-surfaces[s], first_seen[s]))
    width = {s: len(natural_keys[s].split()) for s in variants}
    widest = max(width.values())
    name = max((s for s in variants if width[s] == widest),
               key=lambda s: (surfaces[s], len(s), -first_seen[s]))
    citations = sorted((Citation(article, m.span) for article, m in items),
                       key=lambda c: (c.article, c.span.start, c.span.end))
    return Entity(id=content_id("e", kind.value, natural_keys[name]), name=name, kind=kind,
                  variants=tuple(variants), mentions=tuple(citations),
                  merged_by=tuple(dict.fromkeys(reasons)))
