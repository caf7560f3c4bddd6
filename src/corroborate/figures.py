"""Numeric claims: amounts stated in an article with the noun they count, and verdicts.

`extract_claims` finds figures such as "environ 8 000 personnes", "des dizaines de morts"
or "more than 1,200 protesters" in the body sentences of one article: each becomes a
`Claim` with its exact value or interval, its qualifier, the counted noun, a normalised
measure ("troops", "deaths", "injured", "arrests", …) and the date it is stated for.
`judge_claims` then compares claims of a story that measure the same thing.

Every word of a language (number words, qualifiers, nouns and their measures, the
participles that tell what happened to the people counted) comes from
`data/<lang>/figures.toml`; this module only knows how amounts are put together.

Choices worth knowing:
- vague amounts are intervals taken from the data file ("une dizaine" 8..12, "des
  dizaines" 20..99, "des centaines" 200..999, "des milliers" 2000..9999);
- "plus de 160" gives ``min=160`` and no value, "moins de 50" ``max=50``; "environ 2 000"
  keeps ``value=2000`` and its qualifier, the ±10 % tolerance is applied by
  `claim_interval`;
- percentages are claims with noun "%" and no measure: a story has many unrelated
  percentages, so comparing them as one figure would invent discrepancies;
- generic nouns ("personnes", "people") get a measure only from context (a participle
  after them, or "la mort de" before the amount); alone they are not compared;
- a lone "un"/"une"/"a" is not a number ("un rôle"); it counts only before a multiplier;
- numbers inside a time expression, followed by a month or a time unit, four-digit years
  without a known noun, and numbers without a counted noun give no claim.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from corroborate.langdata import load_toml
from corroborate.model import Claim, Sentence, Span, TimeExpr

# Relative tolerance of an approximate amount ("environ 2 000" allows 1 800..2 200).
APPROX_TOLERANCE = 0.10

# How many words after the counted noun may hold the participle that decides its measure
# ("personnes avaient été arrêtées" is three words away).
_PARTICIPLE_WINDOW = 5

# How many unknown words may stand between the amount and a known noun
# ("2,000 Russian troops").
_ADJECTIVE_SKIP = 2

_NEVER = r"(?!)"

# Typographic apostrophes and spaces folded to their plain form; one character each, so
# offsets in the folded copy are offsets in the original text.
_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
    }
)

_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"
_TOKEN_RE = re.compile(rf"{_WORD}|'|[^\w\s]")
_NEXT_WORD_RE = re.compile(rf"\s+(?P<w>{_WORD})")

VERDICTS = ("single", "agree", "discrepancy", "update")


@dataclass(frozen=True, slots=True)
class FigureLexicon:
    """The compiled figure data of one language (see `data/<lang>/figures.toml`)."""

    lang: str
    amount_re: re.Pattern[str]  # qualifier? + (vague | digits multiplier? | number words)
    noun_re: re.Pattern[str]  # connector? modifier? then the first word after the amount
    before_re: re.Pattern[str]  # "la mort de" right before the amount
    word_token_re: re.Pattern[str]  # one number word, multiplier, "un" or joiner
    decimal_mark: str
    group_marks: str
    numbers: Mapping[str, float]
    multipliers: Mapping[str, float]
    one_words: frozenset[str]
    joiners: frozenset[str]
    qualifiers: Mapping[str, str]  # phrase -> about | over | under
    vague: Mapping[str, tuple[float, float]]
    nouns: Mapping[str, str]  # noun -> measure
    generic: frozenset[str]
    participles: Mapping[str, str]  # participle -> measure
    before: Mapping[str, str]  # "mort de" -> measure
    percent: frozenset[str]
    not_counted: frozenset[str]
    function_words: frozenset[str]
    stop_words: frozenset[str]
    outcomes: frozenset[str]  # measures that override a noun's own (deaths, arrests, …)
    units: frozenset[str]  # measures of unit nouns, never changed by context (money, …)
    percent_measure: str | None
    participle_re: re.Pattern[str]  # a participle phrase at a given position
    partitive_re: re.Pattern[str]  # "des", "de les" right after an amount
    subset_re: re.Pattern[str]  # "dont" right before an amount
    aside_re: re.Pattern[str]  # " dont 49 enfants," after a comma
    blocker_re: re.Pattern[str]  # "il y a", "depuis" right before a duration
    after_blocker_re: re.Pattern[str]  # "plus tard", "après" right after a duration
    script: str  # the script of the language's nouns ("LATIN"), "" for any
    blocked: frozenset[str]  # measures that the blockers cancel (durations)
    ranges: tuple[tuple[str, str], ...]  # ("entre", "et"): two amounts as one interval


def _words(values: Any) -> tuple[str, ...]:
    return tuple(str(v).lower() for v in values or ())


def _table(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A TOML table with its keys lower-cased and their spaces collapsed."""
    return {_collapse(str(k).lower()): v for k, v in dict(data.get(name, {})).items()}


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, any run of spaces matching \\s+."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not unique:
        return _NEVER
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in unique)


def _collapse(phrase: str) -> str:
    return " ".join(phrase.split())


# After a phrase: at least one space, or none when it ends with an elided "d'".
_GAP = r"(?:(?<=')\s*|\s+)"


@cache
def figure_lexicon(lang: str) -> FigureLexicon:
    """Reads `data/<lang>/figures.toml`, produces the compiled lexicon of that language."""
    data = load_toml(lang, "figures")
    numbers = {k: float(v) for k, v in _table(data, "numbers").items()}
    multipliers = {k: float(v) for k, v in _table(data, "multipliers").items()}
    one_words = frozenset(_words(data.get("one_words")))
    joiners = frozenset(_words(data.get("number_joiners")))
    qualifiers = {k: str(v) for k, v in _table(data, "qualifiers").items()}
    vague = {k: (float(v[0]), float(v[1])) for k, v in _table(data, "vague").items()}
    before = {k: str(v) for k, v in _table(data, "before").items()}
    participles = {k: str(v) for k, v in _table(data, "participles").items()}
    nouns = {k: str(v) for k, v in _table(data, "nouns").items()}
    percent = frozenset(_collapse(p) for p in _words(data.get("percent")))
    common = load_toml("_common", "figures")
    decimal_mark = str(data.get("decimal_mark", "."))
    group_marks = "".join(str(m) for m in data.get("group_marks", ()))

    # Either mark may be written as the decimal one ("8.5 millions" in a French text);
    # `_parse_digits` decides which role a mark plays from the digits around it.
    dec = "[" + re.escape("".join(sorted({decimal_mark, ".", ","}))) + "]"
    if group_marks:
        group = "[" + "".join(re.escape(m) for m in sorted(set(group_marks))) + "]"
        digits = rf"\d{{1,3}}(?:{group}\d{{3}})+(?:{dec}\d+)?|\d+(?:{dec}\d+)?"
    else:
        digits = rf"\d+(?:{dec}\d+)?"
    number_words = _alternation([*numbers, *multipliers])
    mult = _alternation(multipliers)
    one = _alternation(one_words)
    join = _alternation(joiners)
    word_seq = (
        rf"(?:(?:{one})[\s-]+(?=(?:{mult})(?!\w)))?(?:{number_words})(?!\w)"
        rf"(?:[\s-]+(?:(?:{join})[\s-]+)?(?:{number_words}|{one})(?!\w))*"
    )
    amount = (
        rf"(?<!\w)(?:(?P<qual>{_alternation(qualifiers)}){_GAP})?"
        rf"(?:(?P<vague>{_alternation(vague)})(?!\w)"
        rf"|(?<![\d.,:/\-])(?P<digits>{digits})(?![\w\-]|[.,:/]\d)(?:\s+(?P<mult>{mult})(?!\w))?"
        rf"|(?P<words>{word_seq}))"
    )
    connectors = _alternation(_words(data.get("connectors")))
    modifiers = _alternation(_words(data.get("modifiers")))
    percent_alt = _alternation(percent)
    # Nouns of several words ("casques bleus") are tried before a single word.
    multi_word_nouns = _alternation(k for k in nouns if " " in k)
    noun = (
        rf"\s*(?:(?:{connectors}){_GAP})?(?:(?:{modifiers})\s+)?(?:[\"«“]\s*)?"
        rf"(?P<noun>(?:{percent_alt}|{multi_word_nouns})(?!\w)|{_WORD})"
    )
    token = rf"(?<!\w)(?:(?P<num>{number_words})|(?P<one>{one})|(?P<join>{join}))(?!\w)"
    ranges = tuple(
        (_collapse(str(pair[0]).lower()), _collapse(str(pair[1]).lower()))
        for pair in data.get("ranges", ())
        if len(pair) == 2
    )
    subset_cues = _alternation(_words(data.get("subset_cues")))
    # Blockers that are words must start at a word boundary; "," and "(" need not.
    blockers = _words(data.get("duration_blockers"))
    word_blockers = _alternation(b for b in blockers if b[:1].isalpha())
    mark_blockers = _alternation(b for b in blockers if b and not b[:1].isalpha())
    return FigureLexicon(
        lang=lang,
        amount_re=re.compile(amount),
        noun_re=re.compile(noun),
        before_re=re.compile(rf"(?<!\w)(?P<before>{_alternation(before)})\s*$"),
        word_token_re=re.compile(token),
        decimal_mark=decimal_mark,
        group_marks=group_marks,
        numbers=MappingProxyType(numbers),
        multipliers=MappingProxyType(multipliers),
        one_words=one_words,
        joiners=joiners,
        qualifiers=MappingProxyType(qualifiers),
        vague=MappingProxyType(vague),
        nouns=MappingProxyType(nouns),
        generic=frozenset(_words(data.get("generic"))),
        participles=MappingProxyType(participles),
        before=MappingProxyType(before),
        percent=percent,
        not_counted=frozenset(_words(data.get("not_counted"))),
        function_words=frozenset(_words(data.get("function_words"))),
        stop_words=frozenset(_words(data.get("stop_words"))),
        outcomes=frozenset(_words(common.get("outcomes"))),
        units=frozenset(_words(common.get("units"))),
        percent_measure=str(common["percent_measure"]) if "percent_measure" in common else None,
        participle_re=re.compile(rf"(?:{_alternation(participles)})(?!\w)"),
        partitive_re=re.compile(
            rf"\s+(?:{_alternation(_words(data.get('partitive')))}){_GAP}"
        ),
        subset_re=re.compile(
            rf"(?<!\w)(?:{subset_cues})\s*$"
        ),
        blocker_re=re.compile(rf"(?:(?<!\w)(?:{word_blockers})|(?:{mark_blockers}))\s*$"),
        aside_re=re.compile(rf"\s*(?:{subset_cues})(?!\w)[^,.;:!?]*,"),
        script=str(data.get("script", "")).upper(),
        after_blocker_re=re.compile(
            rf"\s*(?:{_alternation(_words(data.get('duration_after_blockers')))})(?!\w)"
        ),
        blocked=frozenset(_words(common.get("blocked_after_time_words"))),
        ranges=ranges,
    )


# -- text folding ---------------------------------------------------------------------


def fold_text(text: str) -> str:
    """Reads a text, produces a copy of the same length, lower-cased, with plain
    apostrophes and spaces, so that offsets into the copy are offsets into `text`."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # A few characters ("İ") grow when lower-cased; keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)


# -- amounts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Amount:
    """An amount found in a sentence (offsets into the folded sentence)."""

    start: int  # qualifier included
    number_start: int  # the amount itself
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    kind: str | None  # about | over | under
    is_year_like: bool


def _parse_digits(surface: str, lex: FigureLexicon, before_multiplier: bool = False) -> float | None:
    """Reads digits with their marks ('2 300', '10.000', "50'000", '2,5', '1,200', '8.5'),
    produces their value.

    Spaces and apostrophes only group thousands.  Of "." and ",", when both are written the
    last one is the decimal mark; one written several times groups thousands; one written
    once is decimal unless exactly three digits follow it — then it groups thousands, except
    the language's own decimal mark before a multiplier ("1,500 millones")."""
    kept = "".join(c for c in surface if c.isdigit() or c in ".,")
    marks = [c for c in kept if c in ".,"]
    if not marks:
        return float(kept) if kept else None
    decimal: str | None
    if len(set(marks)) > 1:
        decimal = marks[-1]
    elif len(marks) > 1:
        decimal = None
    else:
        mark = marks[0]
        tail = len(kept) - kept.index(mark) - 1
        three = tail == 3 and not (before_multiplier and mark == lex.decimal_mark)
        decimal = None if three else mark
    if decimal is None:
        cleaned = kept.replace(".", "").replace(",", "")
    else:
        whole, _, fraction = kept.rpartition(decimal)
        cleaned = whole.replace(".", "").replace(",", "") + "." + fraction
    try:
        return float(cleaned)
    except ValueError:
        return None


def _parse_words(surface: str, lex: FigureLexicon) -> tuple[float, int] | None:
    """Number words -> (value, length of the surface read).

    Stops before a word that cannot continue the number: an addend must be smaller than
    what precedes it ("vingt et un", "hundred and fifty", but not "deux et trois")."""
    total = 0.0
    current = 0.0
    last: float | None = None  # value of the previous plain number or multiplier
    read_end = 0
    pending_join = False
    seen = False
    for m in lex.word_token_re.finditer(surface):
        word = _collapse(m.group(0))
        if m.group("join"):
            if not seen:
                break
            pending_join = True
            continue
        if m.group("one"):
            value = 1.0
            is_mult = False
            if seen and not pending_join:
                break
        elif word in lex.multipliers:
            value = lex.multipliers[word]
            is_mult = True
        else:
            value = lex.numbers.get(word, 0.0)
            is_mult = False
        if is_mult:
            if pending_join:
                break
            if value < 1000:
                current = max(current, 1.0) * value
            else:
                total += max(current, 1.0) * value
                current = 0.0
        else:
            if last is not None and value >= last:
                break
            current += value
        last = value
        pending_join = False
        seen = True
        read_end = m.end()
    if not seen:
        return None
    return total + current, read_end


def _find_amounts(folded: str, lex: FigureLexicon) -> list[_Amount]:
    """The amounts of one folded sentence, left to right, not overlapping."""
    found: list[_Amount] = []
    for m in lex.amount_re.finditer(folded):
        qual = m.group("qual")
        qualifier = _collapse(qual) if qual else None
        kind = lex.qualifiers.get(qualifier) if qualifier else None
        value: float | None = None
        low: float | None = None
        high: float | None = None
        year_like = False
        end = m.end()
        if m.group("vague"):
            number_start = m.start("vague")
            low, high = lex.vague[_collapse(m.group("vague"))]
        elif m.group("digits"):
            number_start = m.start("digits")
            surface = m.group("digits")
            value = _parse_digits(surface, lex, bool(m.group("mult")))
            if value is None:
                continue
            if m.group("mult"):
                value *= lex.multipliers[_collapse(m.group("mult"))]
            else:
                year_like = surface.isdigit() and len(surface) == 4 and 1000 <= value <= 2100
        else:
            number_start = m.start("words")
            parsed = _parse_words(m.group("words"), lex)
            if parsed is None:
                continue
            value, length = parsed
            end = number_start + length
        if kind == "over":
            low = low if value is None else value
            value, high = None, None
        elif kind == "under":
            high = high if value is None else value
            value, low = None, None
        found.append(
            _Amount(m.start(), number_start, end, value, low, high, qualifier, kind, year_like)
        )
    return _merge_ranges(folded, found, lex)


def _merge_ranges(folded: str, amounts: list[_Amount], lex: FigureLexicon) -> list[_Amount]:
    """Reads the amounts of a sentence, produces them with each "entre 70 et 300" (two
    plain values joined by a range's words, the lower first) made one interval."""
    merged: list[_Amount] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        start = _range_start(folded, a, b, lex) if b is not None else None
        if b is not None and start is not None and a.value is not None and b.value is not None:
            year_like = a.is_year_like and b.is_year_like
            merged.append(_Amount(start, a.number_start, b.end, None, a.value, b.value, None,
                                  None, year_like))
            i += 2
            continue
        merged.append(a)
        i += 1
    return merged


def _range_start(folded: str, a: _Amount, b: _Amount | None, lex: FigureLexicon) -> int | None:
    """Where the range opened by the word before `a` starts, when `a` and `b` form one."""
    if b is None or a.kind or b.kind or a.value is None or b.value is None or a.value >= b.value:
        return None
    between = _collapse(folded[a.end : b.start])
    for opener, joiner in lex.ranges:
        if between != joiner:
            continue
        m = re.search(rf"(?<!\w){re.escape(opener)}\s+$", folded[max(0, a.start - 40) : a.start])
        if m is not None:
            return max(0, a.start - 40) + m.start()
    return None


# -- nouns and measures ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Noun:
    start: int
    end: int
    word: str
    measure: str | None


def _find_noun(folded: str, pos: int, lex: FigureLexicon) -> _Noun | None:
    """The counted noun right after an amount ending at `pos`, or None when the number
    counts nothing (a date, a duration, a function word follows)."""
    m = lex.noun_re.match(folded, pos)
    if m is None:
        return None
    word = _collapse(m.group("noun"))
    start, end = m.start("noun"), m.end("noun")
    if word in lex.percent:
        return _Noun(start, end, word, None)
    if end < len(folded) and folded[end] == "'":
        return None  # an elided article or pronoun: "l'", "qu'"
    if word in lex.not_counted or word in lex.function_words:
        return None
    if lex.script and not unicodedata.name(word[0], "").startswith(lex.script):
        return None  # a word of a quoted passage in another script ("9 سنين")
    if word in lex.nouns or word in lex.generic:
        return _Noun(start, end, word, lex.nouns.get(word))
    # An unknown word may be an adjective before the noun ("2,000 Russian troops").
    cursor = end
    for _ in range(_ADJECTIVE_SKIP):
        nxt = _NEXT_WORD_RE.match(folded, cursor)
        if nxt is None:
            break
        candidate = nxt.group("w")
        if candidate in lex.nouns or candidate in lex.generic:
            return _Noun(nxt.start("w"), nxt.end("w"), candidate, lex.nouns.get(candidate))
        if candidate in lex.function_words or candidate in lex.not_counted:
            break
        cursor = nxt.end("w")
    return _Noun(start, end, word, None)


def _participle_measure(folded: str, pos: int, lex: FigureLexicon) -> str | None:
    """The measure given by a participle (or a verb phrase: "ont perdu la vie") a few words
    after the noun, if any.  A sub-count between commas ("108 personnes, dont 49 enfants,
    ont été tuées") is stepped over."""
    words = 0
    while (m := _TOKEN_RE.search(folded, pos)) is not None:
        pos = m.end()
        token = m.group(0)
        if token == "'":
            continue
        if not token[0].isalpha():
            aside = lex.aside_re.match(folded, pos) if token == "," else None
            if aside is None:
                return None  # punctuation ends the noun phrase
            pos = aside.end()
            continue
        phrase = lex.participle_re.match(folded, m.start())
        if phrase is not None:
            return lex.participles[_collapse(phrase.group(0))]
        if token in lex.stop_words:
            return None
        words += 1
        if words >= _PARTICIPLE_WINDOW:
            return None
    return None


def _measure(folded: str, amount: _Amount, noun: _Noun, lex: FigureLexicon) -> str | None:
    """The measure of a claim: its noun's, unless the context says what happened to the
    people counted (an outcome such as deaths overrides a population such as troops)."""
    if noun.word in lex.percent:
        return lex.percent_measure
    base = noun.measure
    if base in lex.outcomes or base in lex.units:
        return base
    m = lex.before_re.search(folded, 0, amount.start)
    if m is not None:
        return lex.before[_collapse(m.group("before"))]
    participle = _participle_measure(folded, noun.end, lex)
    if participle is not None:
        return participle
    return base


def _as_of(
    span: Span, sentence: Span, times: Sequence[TimeExpr], published: str | None
) -> str | None:
    """The date of the time expression of the sentence nearest to the claim, else
    the publication date."""
    best: tuple[int, str] | None = None
    for t in times:
        if t.value is None or t.kind == "duration" or not sentence.contains(t.span):
            continue
        if t.span.end <= span.start:
            distance = span.start - t.span.end
        elif t.span.start >= span.end:
            distance = t.span.start - span.end
        else:
            continue  # a time expression inside the claim is not its date
        if best is None or distance < best[0]:
            best = (distance, t.value)
    return best[1] if best is not None else published


@dataclass(frozen=True, slots=True)
class _Found:
    """A claim of one folded sentence (offsets into the sentence)."""

    amount: _Amount
    start: int
    end: int  # end of the counted noun
    number_start: int
    number_end: int
    noun_start: int
    measure: str | None


def _sentence_claims(folded: str, lex: FigureLexicon) -> list[_Found]:
    """Reads one folded sentence, produces its claims: each amount with its counted noun
    and measure.  "14 des 17 régions" is one claim on 14 (the 17 only leads to the noun);
    a sub-count after "dont" takes the measure of the claim before it, and so does the
    next one joined to it by "et" or a comma."""
    amounts = _find_amounts(folded, lex)
    found: list[_Found] = []
    inherited = False
    skip = -1
    for index, amount in enumerate(amounts):
        if index == skip:
            continue
        noun_from = amount.end
        part = lex.partitive_re.match(folded, amount.end)
        if part is not None:
            following = amounts[index + 1] if index + 1 < len(amounts) else None
            if following is not None and following.start == part.end():
                skip = index + 1
                noun_from = following.end
            elif amount.value is None or amount.value >= 2:
                noun_from = part.end()  # "trois des petits-enfants"; "one of the" is a pronoun
        noun = _find_noun(folded, noun_from, lex)
        if noun is None:
            continue
        measure = _measure(folded, amount, noun, lex)
        if measure in lex.blocked and (
            lex.blocker_re.search(folded, 0, amount.start)
            or lex.after_blocker_re.match(folded, noun.end)
        ):
            continue  # "il y a trois jours", "deux jours plus tard", "âgé de 29 ans"
        if amount.is_year_like and measure is None:
            continue
        was_inherited = False
        if measure is None and found:
            previous = found[-1]
            between = _collapse(folded[previous.end : amount.start])
            if lex.subset_re.search(folded, 0, amount.start) or (
                inherited and between.strip(", ") in lex.joiners | {""}
            ):
                measure, was_inherited = previous.measure, previous.measure is not None
        inherited = was_inherited
        found.append(
            _Found(amount, amount.start, noun.end, amount.number_start, amount.end,
                   noun.start, measure)
        )
    return found


def extract_claims(
    text: str,
    sentences: Sequence[Sentence],
    times: Sequence[TimeExpr],
    published: str | None,
    lex: FigureLexicon,
) -> tuple[Claim, ...]:
    """Reads the body sentences of an article (with its time expressions and publication
    date), produces its numeric claims (amount + counted noun), in text order."""
    folded_text = fold_text(text)
    claims: list[Claim] = []
    # the time expressions by start, so that a claim looks only at those that can touch
    # it (an article may hold thousands of both), in their given order
    order = sorted(range(len(times)), key=lambda i: (times[i].span.start, i))
    starts = [times[i].span.start for i in order]
    longest = max((t.span.end - t.span.start for t in times), default=0)

    def between(low: int, high: int, strictly_after: bool) -> list[TimeExpr]:
        lo = (bisect_right if strictly_after else bisect_left)(starts, low)
        return [times[i] for i in sorted(order[lo:bisect_right(starts, high)])]

    for sentence in sentences:
        s0, s1 = sentence.span.start, min(sentence.span.end, len(text))
        if s0 >= s1:
            continue
        folded = folded_text[s0:s1]
        in_sentence: list[TimeExpr] | None = None
        for found in _sentence_claims(folded, lex):
            span = Span(s0 + found.start, s0 + found.end)
            number_span = Span(s0 + found.number_start, s0 + found.number_end)
            # an overlapping expression starts after number start - longest, before its end
            near = between(number_span.start - longest, number_span.end - 1, True)
            if any(t.span.overlaps(number_span) for t in near):
                continue
            if in_sentence is None:
                in_sentence = between(sentence.span.start, sentence.span.end, False)
            amount = found.amount
            claims.append(
                Claim(
                    span=span,
                    text=text[span.start : span.end],
                    value=amount.value,
                    min=amount.low,
                    max=amount.high,
                    qualifier=amount.qualifier,
                    noun=text[s0 + found.noun_start : s0 + found.end],
                    measure=found.measure,
                    as_of=_as_of(span, sentence.span, in_sentence, published),
                )
            )
    claims.sort(key=lambda c: c.span)
    return tuple(claims)


# -- verdicts --------------------------------------------------------------------------


def claim_interval(claim: Claim) -> tuple[float, float]:
    """Reads a claim, produces the [low, high] interval it allows, qualifier tolerance
    included (±10 % around a qualified value such as "environ 2 000"; an open bound is
    0 or infinity)."""
    if claim.min is not None or claim.max is not None:
        low = claim.min if claim.min is not None else 0.0
        high = claim.max if claim.max is not None else math.inf
        return (low, high)
    if claim.value is not None:
        if claim.qualifier:
            return (claim.value * (1 - APPROX_TOLERANCE), claim.value * (1 + APPROX_TOLERANCE))
        return (claim.value, claim.value)
    return (0.0, math.inf)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _date_order(a: str | None, b: str | None) -> int:
    """-1 / 1 when one ISO date is strictly earlier / later, 0 when unknown or when one
    contains the other ("2022-01" and "2022-01-12")."""
    if a is None or b is None or a.startswith(b) or b.startswith(a):
        return 0
    return -1 if a < b else 1


def judge_claims(claims: Sequence[Claim]) -> str:
    """Reads claims that measure the same thing, produces their verdict: "single" |
    "agree" | "discrepancy" | "update".

    "agree" when every two intervals overlap; "update" when the ones that do not overlap
    are dated and the later one is the higher (a toll that grew); else "discrepancy"."""
    if len(claims) <= 1:
        return "single"
    intervals = [claim_interval(c) for c in claims]
    disagreements = 0
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            if _overlap(intervals[i], intervals[j]):
                continue
            disagreements += 1
            order = _date_order(claims[i].as_of, claims[j].as_of)
            if order == 0:
                return "discrepancy"
            first, second = intervals[i], intervals[j]
            earlier, later = (first, second) if order < 0 else (second, first)
            if later[0] <= earlier[1]:
                return "discrepancy"  # the later figure is the lower one
    return "update" if disagreements else "agree"
