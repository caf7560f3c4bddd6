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
    outcomes: frozenset[str]  # measures a participle can give (deaths, arrests, …)


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
    decimal_mark = str(data.get("decimal_mark", "."))
    group_marks = "".join(str(m) for m in data.get("group_marks", ()) if str(m) != decimal_mark)

    dec = re.escape(decimal_mark)
    if group_marks:
        group = "[" + "".join(re.escape(m) for m in group_marks) + "]"
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
        rf"\s*(?:(?:{connectors}){_GAP})?(?:(?:{modifiers})\s+)?"
        rf"(?P<noun>(?:{percent_alt}|{multi_word_nouns})(?!\w)|{_WORD})"
    )
    token = rf"(?<!\w)(?:(?P<num>{number_words})|(?P<one>{one})|(?P<join>{join}))(?!\w)"
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
        outcomes=frozenset(participles.values()),
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


def _parse_digits(surface: str, lex: FigureLexicon) -> float | None:
    """'2 300' / '10.000' / '2,5' -> float, using the language's marks."""
    cleaned = surface
    for mark in lex.group_marks:
        cleaned = cleaned.replace(mark, "")
    cleaned = re.sub(r"\s", "", cleaned)
    if lex.decimal_mark != ".":
        cleaned = cleaned.replace(lex.decimal_mark, ".")
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
            value = _parse_digits(surface, lex)
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
    return found


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
    """The measure given by a participle a few words after the noun, if any."""
    words = 0
    for m in _TOKEN_RE.finditer(folded, pos):
        token = m.group(0)
        if token == "'":
            continue
        if not token[0].isalpha():
            return None  # punctuation ends the noun phrase
        if token in lex.participles:
            return lex.participles[token]
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
        return None
    base = noun.measure
    if base in lex.outcomes:
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
    for sentence in sentences:
        s0, s1 = sentence.span.start, min(sentence.span.end, len(text))
        if s0 >= s1:
            continue
        folded = folded_text[s0:s1]
        for amount in _find_amounts(folded, lex):
            number_span = Span(s0 + amount.number_start, s0 + amount.end)
            if any(t.span.overlaps(number_span) for t in times):
                continue
            noun = _find_noun(folded, amount.end, lex)
            if noun is None:
                continue
            measure = _measure(folded, amount, noun, lex)
            if amount.is_year_like and measure is None:
                continue
            span = Span(s0 + amount.start, s0 + noun.end)
            claims.append(
                Claim(
                    span=span,
                    text=text[span.start : span.end],
                    value=amount.value,
                    min=amount.low,
                    max=amount.high,
                    qualifier=amount.qualifier,
                    noun=text[s0 + noun.start : s0 + noun.end],
                    measure=measure,
                    as_of=_as_of(span, sentence.span, times, published),
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
