"""Storylines: the stories of one long-running subject, across time and languages.

A story is one event in a time window (the deployment of a force; its withdrawal a week
later is another story).  Analysts also follow a subject over months — a country's
crisis, a war, a trial — made of many such stories.  A storyline groups them: it is
decided once per story, when the story's first article is filed, from *who and where*
alone — the article's people, organisations and places — because the words around them
change from one event to the next while the subject's names stay.  Places are read
through CLDR (babel): "Égypte", "Egipto", "Egypt", and the cities of a country's time
zones ("Le Caire", "Alexandria") all count as the country, and so do its people ("les
Syriens", "los sirios", "Syrians"); people by the consonant skeleton of their surname
(Moubarak / Mubarak), so that the storylines cross languages.
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
from .places import city_countries, demonym_country, look_up, place_keys

# Names kept per article and per storyline profile (the heaviest).
ARTICLE_TERMS = 20
STORYLINE_TERMS = 200
# A storyline is compared for merging with the storylines sharing its heaviest names.
MERGE_KEYS = 10
# A storyline splits in two only when the part that leaves holds at least this share of
# its articles (and `SPLIT_MIN_ARTICLES`): one odd story moves, it does not split.
SPLIT_MIN_SHARE = 0.1
SPLIT_MIN_ARTICLES = 8
# Stories tried as the seed of the part that leaves (those least like the whole), and
# rounds of two-means from each.
_SPLIT_SEEDS = 5
_SPLIT_ROUNDS = 10


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
    the country of a people ("place:SY" for "les Syriens", "los sirios", "Syrians",
    whatever kind the recogniser gave them: `places.demonym_country`), an international
    organisation by its key ("org:CSTO" for OTSC, CSTO and ОДКБ), the country of a place
    known to CLDR ("place:EG" for "Égypte", "Egipto" and "Le Caire", "au Caire" too), a
    person's surname skeleton ("p:mbrk", Cyrillic transliterated first), else the
    entity's key; None for a mention with no key, or of kind MISC and no people.  A
    country's name is the country whatever kind the recogniser gave it ("Yémen" tagged as
    a person, "Irán" as an organisation); a city's name only when tagged as a place.
    `subject_keys` reads a mention within its article, and knows more cities."""
    if not mention.key:
        return None
    latin = latin_key(mention.key)
    if mention.kind is Kind.MISC:
        people = demonym_country(latin)
        return "place:" + people if people else None
    organisation = _organisations().get(mention.key) or _organisations().get(latin)
    if organisation is not None:
        return "org:" + organisation
    places = place_keys()
    place = places.get(mention.key) or look_up(places, latin)
    if place is not None and place.startswith("cldr:"):
        return "place:" + place.removeprefix("cldr:")
    people = demonym_country(latin)
    if people is not None:
        return "place:" + people
    if mention.kind is Kind.PER:
        return "p:" + surname_key(latin)
    if mention.kind is Kind.LOC and place is not None:
        country = _zone_countries().get(place[3:])
        return f"place:{country}" if country else place
    return "e:" + latin


# A city the article's countries do not explain is read as its country only when it is
# this large: smaller towns share their names with common words and far places
# ("Palestine" in Texas, "Maison-Blanche" in France, "Ramadan" in Saudi Arabia).
CITY_ALONE_POPULATION = 100_000


def subject_keys(mentions: Sequence[Mention]) -> list[str | None]:
    """`subject_key` of each of an article's mentions, read with the others: a place the
    recogniser found that CLDR does not know is the country of a GeoNames city of that
    name ("Alep", "Homs", "Sanaa") — a country the article names itself, the most
    populous first, else the country of the most populous such city when it has
    `CITY_ALONE_POPULATION` inhabitants, else nothing known; a name written in capitals
    is an acronym ("SANA", the Syrian agency, is no Sanaa).  A one-word name tagged as a
    place or an organisation that is the surname of a person the article names is that
    person ("Kadhafi" tagged as a place beside "Mouammar Kadhafi")."""
    keys = [subject_key(m) for m in mentions]
    named = {k.removeprefix("place:") for k in keys if k and k.startswith("place:")}
    surnames = {m.key.rsplit(" ", 1)[1] for m in mentions
                if m.kind is Kind.PER and m.key and " " in m.key}
    cities = city_countries()
    for i, (m, key) in enumerate(zip(mentions, keys, strict=True)):
        if key is None or not key.startswith("e:") or m.kind not in (Kind.LOC, Kind.ORG):
            continue
        if " " not in m.key and m.key in surnames:
            keys[i] = "p:" + surname_key(latin_key(m.key))
        elif m.kind is Kind.LOC and not m.text.isupper():
            latin = key.removeprefix("e:")
            places = look_up(cities, latin) or ()
            country = next((c for c, _ in places if c in named), None)
            if country is None and places and places[0][1] >= CITY_ALONE_POPULATION:
                country = places[0][0]
            if country is not None:
                keys[i] = "place:" + country
    return keys


def subject_terms(annotated: AnnotatedArticle) -> dict[str, float]:
    """Reads an annotated article, produces its subject terms — (1 + log count), times
    the place weight for a country — the `ARTICLE_TERMS` most frequent."""
    counts = Counter(key for key in subject_keys(annotated.mentions) if key is not None)
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
    damping: float = 1.0,
) -> StorylineProfile | None:
    """Reads a story's subject (the summed subject terms of its articles, a profile named
    after the story), the storyline it is in and candidate storylines; produces the
    candidate the story fits better than the rest of its current storyline — by more than
    `margin` in cosine, and at least `threshold` — or None when it should stay.  The
    storylines' profiles are damped as in `choose_storyline`.

    The storyline of a story is first chosen from its first article alone; an article
    about something else that happened to arrive first (a side story, a regional
    overview) would otherwise pull every later article of the story into the wrong
    storyline."""
    rest = remove_from_storyline(current, subject.terms, subject.size)
    stay = _cosine(subject.terms, rest.terms, damping) if rest.size else 0.0
    others = [line for line in candidates if line.storyline != current.storyline]
    chosen, score = choose_storyline(subject.terms, others, threshold, damping)
    if chosen is None or score <= stay + margin:
        return None
    return next(line for line in others if line.storyline == chosen)


def split_storyline(subjects: Sequence[StorylineProfile], threshold: float) -> list[str]:
    """Reads the subjects of a storyline's stories (profiles named after the stories),
    produces the stories that should leave it for a storyline of their own — or nothing.

    Two subjects that arrived together can share a storyline for good: the first
    articles of the Egyptian and the Yemeni uprisings came in the same days, named the
    same countries, and every later article of either found that storyline the closest,
    with no other to move to.  The stories are cut in two by two-means on their subject
    terms (cosine, seeded by each of the stories least like the whole); the cut whose two
    halves are least alike is kept when their cosine is below `threshold` and the smaller
    half holds `SPLIT_MIN_SHARE` of the articles and at least `SPLIT_MIN_ARTICLES`."""
    total_size = sum(s.size for s in subjects)
    if len(subjects) < 2 or total_size < 2 * SPLIT_MIN_ARTICLES:
        return []
    whole = _summed(subjects)
    seeds = sorted(subjects, key=lambda s: (_cosine(s.terms, whole), s.storyline))[:_SPLIT_SEEDS]
    best: tuple[float, list[str]] = (threshold, [])
    for seed in seeds:
        centres = [whole, dict(seed.terms)]
        for _ in range(_SPLIT_ROUNDS):
            halves: list[list[StorylineProfile]] = [[], []]
            for s in subjects:
                halves[0 if _cosine(s.terms, centres[0]) >= _cosine(s.terms, centres[1]) else 1].append(s)
            if not halves[0] or not halves[1]:
                break
            moved = [_summed(h) for h in halves]
            if moved == centres:
                break
            centres = moved
        if not halves[0] or not halves[1]:
            continue
        small = min(halves, key=lambda h: (sum(s.size for s in h), h[0].storyline))
        size = sum(s.size for s in small)
        score = _cosine(centres[0], centres[1])
        if size >= max(SPLIT_MIN_ARTICLES, SPLIT_MIN_SHARE * total_size) and score < best[0]:
            best = (score, sorted(s.storyline for s in small))
    return best[1]


def _summed(profiles: Sequence[StorylineProfile]) -> dict[str, float]:
    summed: Counter[str] = Counter()
    for p in profiles:
        summed.update(p.terms)
    return dict(summed)


def heaviest(profile: StorylineProfile, n: int = MERGE_KEYS) -> list[str]:
    """The storyline's `n` heaviest terms."""
    return sorted(profile.terms, key=lambda t: (-profile.terms[t], t))[:n]


def _cosine(a: Mapping[str, float], b: Mapping[str, float], damping: float = 1.0) -> float:
    """Cosine between `a` and `b` with each of b's weights raised to the power `damping`
    (no copy of b is made: it is a storyline's profile, compared with every article)."""
    if damping == 1.0:
        norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
        return sum(w * b[t] for t, w in a.items() if t in b) / norm if norm else 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum((w ** damping) ** 2 for w in b.values()))
    return sum(w * b[t] ** damping for t, w in a.items() if t in b) / norm if norm else 0.0


def storyline_similarity(a: StorylineProfile, b: StorylineProfile) -> float:
    """Cosine between the two storylines' profiles (sums and means alike)."""
    return _cosine(a.terms, b.terms)


def choose_storyline(
    terms: Mapping[str, float],
    candidates: Sequence[StorylineProfile],
    threshold: float,
    damping: float = 1.0,
) -> tuple[str | None, float]:
    """The candidate storyline most similar to an article's subject terms (cosine with
    the storyline's profile, each summed weight raised to the power `damping`; names are
    not weighted by rarity, since a subject is made of its common names) and its score,
    or (None, best score) below `threshold`.

    Damping (`storyline_damping`, 0.75): the profile of Egypt's storyline, summed over
    hundreds of articles, is nearly "place:EG" alone; a story of Tahrir and Mubarak that
    never writes "Egypt" scores low against it, and several such stories made a small
    storyline of their own in some arrival orders."""
    best: str | None = None
    best_score = 0.0
    for line in candidates:
        score = _cosine(terms, line.terms, damping)
        if score > best_score or (score == best_score and best is not None and line.storyline < best):
            best, best_score = line.storyline, score
    if best is None or best_score < threshold:
        return None, best_score
    return best, best_score
