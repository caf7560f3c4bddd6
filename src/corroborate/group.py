"""Group: assign each article to a story, incrementally.

An article's profile is a bag of lemmas of its body (simplemma), of its entity keys
(weighted up), and of the same names and its figures in a form every language shares
(countries through CLDR, international organisations, surname skeletons, Cyrillic in
Latin letters, numbers: see `storylines.subject_key` and `number_keys`); a story's
profile is the sum of its articles'.  An article in a language none of a story's
articles is in is compared with it on those shared terms alone (the words differ).  A new article is compared
only with the candidate stories that share one of its index keys (entity keys and its
most distinctive lemmas, looked up in the store's key index), within a time window, by
TF-IDF cosine; it joins the best one above the threshold or starts a new story.  The cost
per article is bounded by the number of candidates, not by the size of the store.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from .clean import fold
from .langdata import available_languages, load_toml
from .model import AnnotatedArticle, Kind
from .settings import GroupSettings
from .storylines import subject_keys

_TOKEN = re.compile(r"[^\W\d_]{3,}")
ENTITY_PREFIX = "e:"


@dataclass(frozen=True, slots=True)
class ArticleProfile:
    """What grouping knows of one article."""

    article: str
    terms: dict[str, float]  # lemma or "e:<entity key>" → weight
    published: str | None
    keys: tuple[str, ...]  # index keys: entity keys and most distinctive lemmas
    read_from_text: bool = False  # the date was read from the article, not assumed or borrowed
    language: str = ""


@dataclass(frozen=True, slots=True)
class StoryProfile:
    """The running sum of the profiles of a story's articles."""

    story: str
    terms: dict[str, float]
    size: int
    first: str | None
    last: str | None
    # the range of the dates read from the articles' own texts (not assumed, not borrowed
    # from the story): what a story can lend to an article whose text says too little
    read_first: str | None = None
    read_last: str | None = None
    languages: tuple[str, ...] = ()  # of its articles


# Terms every language writes alike: countries, organisations, surname skeletons,
# numbers (see `subject_key` and `number_keys`).
SHARED_PREFIXES = ("place:", "org:", "p:", "n:", "tz:")


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Folded stop words of `lang` (empty when the language has no list)."""
    if lang not in available_languages():
        return frozenset()
    return frozenset(fold(w) for w in load_toml(lang, "stopwords").get("words", ()))


@lru_cache(maxsize=200_000)
def _lemma(token: str, lang: str) -> str:
    import simplemma

    try:
        return fold(simplemma.lemmatize(token, lang=lang))
    except ValueError:  # a language simplemma does not know
        return fold(token)


def content_lemmas(text: str, lang: str) -> list[str]:
    """Folded lemmas of the words of `text` that are not stop words of `lang`."""
    stop = stopwords(lang)
    lemmas = (_lemma(token.lower(), lang) for token in _TOKEN.findall(text))
    return [lemma for lemma in lemmas if len(lemma) >= 3 and lemma not in stop]


# A number of at least three digits, with thousands separators of any language.
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|(?<![\d.,])\d{3,}(?![\d])")
_YEAR = re.compile(r"(?:19|20)\d\d")


def number_keys(text: str) -> list[str]:
    """The numbers of at least three digits in `text` as language-free terms ("2 300",
    "2.300" and "2,300" -> "n:2300"); four-digit numbers that read as years are left out
    (dates have their own signals)."""
    found = []
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if not (len(digits) == 4 and _YEAR.fullmatch(digits) and m.group(0).isdigit()):
            found.append("n:" + digits.lstrip("0"))
    return found


def profile_article(annotated: AnnotatedArticle, settings: GroupSettings) -> ArticleProfile:
    """Reads an annotated article, produces its grouping profile."""
    text = annotated.article.text
    counts: Counter[str] = Counter()
    for line in annotated.body_lines():
        counts.update(content_lemmas(line.span.of(text), annotated.language))
    entity_counts: Counter[str] = Counter(
        ENTITY_PREFIX + m.key for m in annotated.mentions if m.key and m.kind is not Kind.MISC
    )
    # The same names in a form every language shares (countries, organisations, surname
    # skeletons, Cyrillic in Latin letters): how articles in other languages meet.
    shared_counts: Counter[str] = Counter(
        key for m, key in zip(annotated.mentions, subject_keys(annotated.mentions), strict=True)
        if key is not None and key != ENTITY_PREFIX + m.key
    )
    for line in annotated.body_lines():  # figures are written alike in every language
        shared_counts.update(number_keys(line.span.of(text)))
    terms: dict[str, float] = {t: 1.0 + math.log(c) for t, c in counts.items()}
    for key, c in entity_counts.items():
        terms[key] = settings.entity_weight * (1.0 + math.log(c))
    for key, c in shared_counts.items():
        terms[key] = settings.shared_weight * (1.0 + math.log(c))
    entity_counts.update(shared_counts)
    ranked = sorted(terms, key=lambda t: (-terms[t], t))[: settings.profile_terms]
    keys = tuple(sorted(set(ranked) | set(entity_counts)))
    published = annotated.published.value if annotated.published else None
    read = annotated.published is not None and not any(
        mark in annotated.published.how
        for mark in ("assumed", "story", "collection", "related-links")
    )
    return ArticleProfile(annotated.id, {t: terms[t] for t in ranked}, published, keys, read,
                          annotated.language)


def new_story_profile(story: str, profile: ArticleProfile) -> StoryProfile:
    """The profile of a story started by one article."""
    read = profile.published if profile.read_from_text else None
    return StoryProfile(story, dict(profile.terms), 1, profile.published, profile.published, read, read,
                        (profile.language,) if profile.language else ())


def add_to_story(story: StoryProfile, profile: ArticleProfile, max_terms: int) -> StoryProfile:
    """The story's profile once `profile` has joined it (its heaviest terms kept)."""
    terms = Counter(story.terms)
    terms.update(profile.terms)
    kept = {t: float(w) for t, w in sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:max_terms]}
    dates = [d for d in (story.first, story.last, profile.published) if d]
    read = [d for d in (story.read_first, story.read_last) if d]
    if profile.read_from_text and profile.published:
        read.append(profile.published)
    return StoryProfile(
        story.story,
        kept,
        story.size + 1,
        min(dates) if dates else None,
        max(dates) if dates else None,
        min(read) if read else None,
        max(read) if read else None,
        tuple(sorted({*story.languages, profile.language} - {""})),
    )


def similarity(profile: ArticleProfile, story: StoryProfile, idf: Callable[[str], float]) -> float:
    """TF-IDF cosine between an article and a story's mean profile."""
    a = {t: w * idf(t) for t, w in profile.terms.items()}
    b = {t: w / story.size * idf(t) for t, w in story.terms.items()}
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def shared_similarity(profile: ArticleProfile, story: StoryProfile,
                      idf: Callable[[str], float]) -> tuple[float, int]:
    """TF-IDF cosine between an article and a story on the terms every language writes
    alike (`SHARED_PREFIXES`), and how many such terms they share."""
    a = {t: w * idf(t) for t, w in profile.terms.items() if t.startswith(SHARED_PREFIXES)}
    b = {t: w / story.size * idf(t) for t, w in story.terms.items() if t.startswith(SHARED_PREFIXES)}
    common = [t for t in a if t in b]
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return (sum(a[t] * b[t] for t in common) / norm if norm else 0.0), len(common)


def within_window(profile: ArticleProfile, story: StoryProfile, days: int, span_days: int | None = None) -> bool:
    """Whether the article's date is within `days` of the range of the dates the story's
    articles read from their own texts, and, with `span_days`, whether that range would
    still span at most `span_days` with it (an event's coverage lasts days or weeks: a
    feed covering a subject every few days must not chain months of it into one story).
    Dates only assumed or borrowed never exclude, on either side: a year guessed for an
    article that writes none must not keep it away from the story that will date it (nor
    keep the articles that come later away)."""
    if not profile.published or not profile.read_from_text or not story.read_first or not story.read_last:
        return True
    try:
        day = _day(profile.published)
        first, last = _day(story.read_first), _day(story.read_last)
    except ValueError:
        return True
    if span_days is not None and (max(day, last) - min(day, first)).days > span_days:
        return False
    return (first - day).days <= days and (day - last).days <= days


# The key index is kept by time period: a story is filed under every period its window
# touches (`story_periods`), a dated article looks up its own period (`article_periods`),
# so that the stories of other times never crowd its candidates nor slow the lookup.
# ANY_TIME holds the stories that read no date (every dated article looks them up too).
ANY_TIME = -1
PERIOD_DAYS = 7
# a story whose window spans more periods than this is filed under ANY_TIME instead
MAX_PERIODS = 60


def story_periods(story: StoryProfile, days: int) -> tuple[int, ...]:
    """The time periods a story is filed under: those holding a day that `within_window`
    accepts for it (the range of its read dates widened by `days`), or ANY_TIME."""
    if not story.read_first or not story.read_last:
        return (ANY_TIME,)
    try:
        first, last = _day(story.read_first), _day(story.read_last)
    except ValueError:
        return (ANY_TIME,)
    start = (first.toordinal() - days) // PERIOD_DAYS
    end = (last.toordinal() + days) // PERIOD_DAYS
    if end - start >= MAX_PERIODS:
        return (ANY_TIME,)
    return tuple(range(start, end + 1))


def article_periods(profile: ArticleProfile) -> tuple[int, ...] | None:
    """The periods an article looks its candidate stories up in — its own and ANY_TIME —
    or None (all stories) when no date read from its text can keep it out of any."""
    if not profile.published or not profile.read_from_text:
        return None
    try:
        day = _day(profile.published)
    except ValueError:
        return None
    return (day.toordinal() // PERIOD_DAYS, ANY_TIME)


# An article without a date read looks its candidates up among all stories; there the keys
# found in more than this many articles (a common number, a word of every story) are left
# out — its rarer keys find the stories it can belong to — so that the lookup does not
# grow with the store.  At least `MIN_LOOKUP_KEYS` keys are kept (the rarest).
COMMON_KEY_DF = 500
MIN_LOOKUP_KEYS = 10


def lookup_keys(profile: ArticleProfile, periods: Sequence[int] | None,
                document_frequency: Mapping[str, int]) -> tuple[str, ...]:
    """The index keys an article looks its candidate stories up with: all of them within
    its own periods; for a lookup among all stories (`periods` None) those in at most
    `COMMON_KEY_DF` articles, or its `MIN_LOOKUP_KEYS` rarest when fewer are (a key with
    no document frequency counts as rare)."""
    if periods is not None:
        return profile.keys
    ranked = sorted(profile.keys, key=lambda k: (document_frequency.get(k, 0), k))
    rare = [k for k in ranked if document_frequency.get(k, 0) <= COMMON_KEY_DF]
    return tuple(sorted(rare if len(rare) >= MIN_LOOKUP_KEYS else ranked[:MIN_LOOKUP_KEYS]))


def _day(value: str) -> date:
    """The first day of an ISO day, month or year."""
    if len(value) == 4:
        value += "-01-01"
    elif len(value) == 7:
        value += "-01"
    return date.fromisoformat(value[:10])


def choose_story(
    profile: ArticleProfile,
    candidates: Sequence[StoryProfile],
    document_frequency: Mapping[str, int],
    n_documents: int,
    settings: GroupSettings,
) -> tuple[str | None, float]:
    """The best candidate story for the article and its score, or (None, best score)
    when none reaches the join threshold."""

    known: dict[str, float] = {}
    scale = math.log(n_documents + 1) + 1.0

    def idf(term: str) -> float:  # each term's weight once, whatever the candidates
        weight = known.get(term)
        if weight is None:
            weight = known[term] = scale - math.log(document_frequency.get(term, 0) + 1)
        return weight

    best: str | None = None
    best_score = 0.0
    for story in candidates:
        if not within_window(profile, story, settings.window_days, settings.span_days):
            continue
        score = similarity(profile, story, idf)
        if profile.language and story.languages and profile.language not in story.languages:
            # another language: the words differ, the names, places and figures do not
            cross, common = shared_similarity(profile, story, idf)
            if common >= settings.cross_min_terms:
                score = max(score, cross * settings.join_threshold / settings.cross_threshold)
        if score > best_score or (score == best_score and best is not None and story.story < best):
            best, best_score = story.story, score
    if best is None or best_score < settings.join_threshold:
        return None, best_score
    return best, best_score
