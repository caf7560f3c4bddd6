"""Storylines: the stories of one long-running subject, across time and languages.

A story is one event in a time window (the deployment of a force; its withdrawal a week
later is another story).  Analysts also follow a subject over months — a country's
crisis, a war, a trial — made of many such stories.  A storyline groups them: it is
decided once per story, when the story's first article is filed, from *who and where*
alone — the article's people, organisations and places — because the words around them
change from one event to the next while the subject's names stay.  Places are read
through CLDR (babel): "Égypte", "Egipto", "Egypt", and the cities of a country's time
zones ("Le Caire", "Alexandria") all count as the country; people by the consonant
skeleton of their surname (Moubarak / Mubarak), so that the storylines cross languages.
Every later article of the story adds its names to the storyline's profile, and when two
storylines have come to look alike (their mean profiles), the smaller joins the larger:
what arrived first does not decide for ever.  The rules' data is in
`data/_common/storylines.toml`.

Candidates come from an index of the storylines' names, as for stories: the cost per
story does not grow with the store.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from babel.core import get_global

from .langdata import load_toml
from .model import AnnotatedArticle, Kind, Mention
from .places import place_keys

# Names kept per article and per storyline profile (the heaviest).
ARTICLE_TERMS = 20
STORYLINE_TERMS = 200
# A storyline is compared for merging with the storylines sharing its heaviest names.
MERGE_KEYS = 10


@dataclass(frozen=True, slots=True)
class StorylineProfile:
    """The running sum of the subject terms of a storyline's articles."""

    storyline: str
    terms: dict[str, float]
    size: int  # articles


@dataclass(frozen=True, slots=True)
class SubjectRules:
    replace: tuple[tuple[str, str], ...]
    drop: re.Pattern[str]
    min_consonants: int
    place_weight: float


@cache
def subject_rules() -> SubjectRules:
    """The rules of `data/_common/storylines.toml`."""
    data = load_toml("_common", "storylines")
    surname = data.get("surname", {})
    drop = str(surname.get("drop", ""))
    return SubjectRules(
        replace=tuple((str(a), str(b)) for a, b in surname.get("replace", ())),
        drop=re.compile(f"[{re.escape(drop)}]") if drop else re.compile(r"(?!)"),
        min_consonants=int(surname.get("min_consonants", 3)),
        place_weight=float(data.get("place_weight", 1.0)),
    )


@cache
def _zone_countries() -> dict[str, str]:
    return {str(zone): str(country) for zone, country in get_global("zone_territories").items()}


def surname_key(key: str) -> str:
    """The consonant skeleton of the last word of a folded person key ("hosni moubarak"
    -> "mbrk"), or that word when its skeleton is too short to tell people apart."""
    rules = subject_rules()
    last = key.split()[-1]
    word = last
    for a, b in rules.replace:
        word = word.replace(a, b)
    skeleton = re.sub(r"(.)\1+", r"\1", rules.drop.sub("", word))
    return skeleton if len(skeleton) >= rules.min_consonants else last


@cache
def _organisations() -> dict[str, str]:
    """Folded name or acronym of an international organisation, in any language -> its
    language-free key (`data/_common/organisations.toml`)."""
    table = load_toml("_common", "organisations").get("organisations", {})
    return {str(form): str(key) for key, forms in table.items() for form in forms}


@cache
def _transliteration() -> dict[int, str]:
    """Letters of other scripts -> Latin (`data/_common/translit.toml`), for str.translate."""
    data = load_toml("_common", "translit")
    return {ord(letter): str(latin) for table in data.values() for letter, latin in table.items()}


def latin_key(key: str) -> str:
    """A folded entity key in Latin letters ("токаев" -> "tokaev"); Latin keys unchanged."""
    return key.translate(_transliteration()) if not key.isascii() else key


def subject_key(mention: Mention) -> str | None:
    """What a mention says of the story's subject, in a form shared by every language:
    an international organisation by its key ("org:CSTO" for OTSC, CSTO and ОДКБ), the
    country of a place known to CLDR ("place:EG" for "Égypte", "Egipto" and "Le Caire"),
    a person's surname skeleton ("p:mbrk", Cyrillic transliterated first), else the
    entity's key; None for a mention with no key or of kind MISC.  A country's name is
    the country whatever kind the recogniser gave it ("Yémen" tagged as a person, "Irán"
    as an organisation); a city's name only when tagged as a place."""
    if not mention.key or mention.kind is Kind.MISC:
        return None
    organisation = _organisations().get(mention.key)
    latin = latin_key(mention.key)
    organisation = organisation or _organisations().get(latin)
    if organisation is not None:
        return "org:" + organisation
    place = place_keys().get(mention.key) or place_keys().get(latin)
    if place is not None and place.startswith("cldr:"):
        return "place:" + place.removeprefix("cldr:")
    if mention.kind is Kind.PER:
        return "p:" + surname_key(latin)
    if mention.kind is Kind.LOC and place is not None:
        country = _zone_countries().get(place[3:])
        return f"place:{country}" if country else place
    return "e:" + latin


def subject_terms(annotated: AnnotatedArticle) -> dict[str, float]:
    """Reads an annotated article, produces its subject terms — (1 + log count), times
    the place weight for a country — the `ARTICLE_TERMS` most frequent."""
    counts = Counter(key for m in annotated.mentions if (key := subject_key(m)) is not None)
    ranked = sorted(counts, key=lambda t: (-counts[t], t))[:ARTICLE_TERMS]
    weight = subject_rules().place_weight
    return {t: (1.0 + math.log(counts[t])) * (weight if t.startswith("place:") else 1.0) for t in ranked}


def new_storyline(storyline: str) -> StorylineProfile:
    """An empty storyline."""
    return StorylineProfile(storyline, {}, 0)


def add_to_storyline(profile: StorylineProfile, terms: Mapping[str, float], size: int = 1) -> StorylineProfile:
    """The storyline once `size` articles with these summed subject terms have joined it."""
    summed = Counter(profile.terms)
    summed.update(terms)
    kept = dict(sorted(summed.items(), key=lambda kv: (-kv[1], kv[0]))[:STORYLINE_TERMS])
    return StorylineProfile(profile.storyline, {t: float(w) for t, w in kept.items()}, profile.size + size)


def merge_storylines(keep: StorylineProfile, other: StorylineProfile) -> StorylineProfile:
    """`keep` once the articles of `other` have joined it."""
    return add_to_storyline(keep, other.terms, other.size)


def remove_from_storyline(profile: StorylineProfile, terms: Mapping[str, float], size: int) -> StorylineProfile:
    """`profile` once `size` articles with these summed subject terms have left it."""
    left = {t: w - terms.get(t, 0.0) for t, w in profile.terms.items()}
    return StorylineProfile(profile.storyline, {t: w for t, w in left.items() if w > 1e-9},
                            max(0, profile.size - size))


def better_storyline(
    subject: StorylineProfile,
    current: StorylineProfile,
    candidates: Sequence[StorylineProfile],
    threshold: float,
    margin: float,
) -> StorylineProfile | None:
    """Reads a story's subject (the summed subject terms of its articles, a profile named
    after the story), the storyline it is in and candidate storylines; produces the
    candidate the story fits better than the rest of its current storyline — by more than
    `margin` in cosine, and at least `threshold` — or None when it should stay.

    The storyline of a story is first chosen from its first article alone; an article
    about something else that happened to arrive first (a side story, a regional
    overview) would otherwise pull every later article of the story into the wrong
    storyline."""
    rest = remove_from_storyline(current, subject.terms, subject.size)
    stay = _cosine(subject.terms, rest.terms) if rest.size else 0.0
    others = [line for line in candidates if line.storyline != current.storyline]
    chosen, score = choose_storyline(subject.terms, others, threshold)
    if chosen is None or score <= stay + margin:
        return None
    return next(line for line in others if line.storyline == chosen)


def heaviest(profile: StorylineProfile, n: int = MERGE_KEYS) -> list[str]:
    """The storyline's `n` heaviest terms."""
    return sorted(profile.terms, key=lambda t: (-profile.terms[t], t))[:n]


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return sum(w * b[t] for t, w in a.items() if t in b) / norm if norm else 0.0


def storyline_similarity(a: StorylineProfile, b: StorylineProfile) -> float:
    """Cosine between the two storylines' profiles (sums and means alike)."""
    return _cosine(a.terms, b.terms)


def choose_storyline(
    terms: Mapping[str, float],
    candidates: Sequence[StorylineProfile],
    threshold: float,
) -> tuple[str | None, float]:
    """The candidate storyline most similar to an article's subject terms (cosine with
    the storyline's profile; names are not weighted by rarity, since a subject is made
    of its common names) and its score, or (None, best score) below `threshold`."""
    best: str | None = None
    best_score = 0.0
    for line in candidates:
        score = _cosine(terms, line.terms)
        if score > best_score or (score == best_score and best is not None and line.storyline < best):
            best, best_score = line.storyline, score
    if best is None or best_score < threshold:
        return None, best_score
    return best, best_score
