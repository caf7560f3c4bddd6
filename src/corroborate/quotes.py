"""Quotations of an article and who said them.

A quotation lies between quotation marks of the language's `quotes.toml` within one line.
A quote running over several lines is cut per line: one left open is closed at the end of
its line, and a line that closes a quote it never opened is quoted from its start.

Its speaker comes from the nearest speech cue of `speech_verbs.tsv` in the same sentence
(outside every quotation, or an incise inside it): the entity mention next to the verb
("a confirmé M. Tokaïev"), a pronoun resolved to the last person named before the quote
("a-t-il ajouté"), or the subject phrase as written when it names no entity ("a déclaré
le service de presse"; speaker_key None).

Quotes of a few words ("terroristes") are scare quotes unless a cue attributes them:
unattributed short quotes are dropped, attributed ones are kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from corroborate.langdata import load_toml, load_tsv
from corroborate.model import Kind, Line, LineLabel, Mention, Quote, Sentence, Span

# Same-length substitutions made before matching: offsets stay valid.
_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ",
                              "\u202f": " ", "\u2009": " ", "\u2010": "-", "\u2011": "-"})
_WORD = re.compile(r"\w+(?:[-']\w+)*'?")
_BOUNDARY = ",;:.!?()[]«»“”„\"…"
_VERB, _PRONOUN, _ACCORDING = "verb", "pronoun", "according"
_HEADINGS = frozenset({LineLabel.TITLE, LineLabel.SUBHEADING})


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    """The compiled `quotes.toml` and `speech_verbs.tsv` of one language."""

    lang: str
    opening: tuple[tuple[str, str], ...]  # (opening mark, its closing mark)
    short_quote_words: int
    cues: re.Pattern[str]  # named groups: verb, pronoun, according
    pronouns: frozenset[str]
    subject_stops: frozenset[str]
    introducers: frozenset[str]
    max_subject_words: int
    pro_drop: bool  # a verb without a subject speaks for the last person named


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int  # offsets into the line
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class _Marked:
    open: int  # the opening mark
    close: int  # just past the closing mark (or the end of the line)
    start: int  # the quoted text, marks and spaces excluded
    end: int


def _alternation(forms: set[str]) -> str:
    escaped = (re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    return "|".join(escaped)


@cache
def quote_lexicon(lang: str) -> QuoteLexicon:
    """Reads `data/<lang>/quotes.toml` and `speech_verbs.tsv`, produces the compiled lexicon."""
    data = load_toml(lang, "quotes")
    forms: dict[str, set[str]] = {_VERB: set(), _PRONOUN: set()}
    for row in load_tsv(lang, "speech_verbs"):
        participle = row[1] if len(row) > 1 else ""
        presents = [p.strip() for p in (row[2] if len(row) > 2 else "").split(",")]
        for kind, templates in ((_VERB, data.get("verb_templates", ())),
                                (_PRONOUN, data.get("pronoun_templates", ()))):
            for template in templates:
                uses_pres = "{pres}" in template
                for pres in presents if uses_pres else [""]:
                    if (uses_pres and pres in ("", "-")) or ("{pp}" in template and not participle):
                        continue
                    forms[kind].add(template.replace("{pp}", participle).replace("{pres}", pres))
    groups = [f"(?P<{kind}>{_alternation(found)})" for kind, found in
              ((_PRONOUN, forms[_PRONOUN]), (_ACCORDING, set(data.get("according", ()))),
               (_VERB, forms[_VERB])) if found]
    pattern = r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])" if groups else r"(?!x)x"
    return QuoteLexicon(
        lang=lang,
        opening=tuple((str(a), str(b)) for a, b in data.get("marks", ())),
        short_quote_words=int(data.get("short_quote_words", 3)),
        cues=re.compile(pattern, re.IGNORECASE),
        pronouns=frozenset(str(p).casefold() for p in data.get("pronouns", ())),
        subject_stops=frozenset(str(w).casefold() for w in data.get("subject_stops", ())),
        introducers=frozenset(str(w).casefold() for w in data.get("introducers", ())),
        max_subject_words=int(data.get("max_subject_words", 8)),
        pro_drop=bool(data.get("pro_drop", False)),
    )


def extract_quotes(text: str, lines: Sequence[Line], sentences: Sequence[Sentence],
                   mentions: Sequence[Mention], lex: QuoteLexicon) -> tuple[Quote, ...]:
    """Quotations in the body lines with their speaker."""
    people = sorted((m for m in mentions if m.kind is Kind.PER), key=lambda m: m.span.start)
    # per-line indexes, so that a long article costs linear time, not lines × mentions
    by_start = sorted(mentions, key=lambda m: m.span.start)
    starts = [m.span.start for m in by_start]
    sentences_of: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        sentences_of.setdefault(sentence.line, []).append(sentence)
    quotes: list[Quote] = []
    for line in lines:
        if not line.label.is_body or line.span.end <= line.span.start:
            continue
        shown = line.span.of(text).translate(_SAME_LENGTH)
        marked = _find_marked(shown, lex)
        if not marked:
            continue
        cues = [_Cue(m.start(), m.end(), m.lastgroup or _VERB) for m in lex.cues.finditer(shown)]
        offset = line.span.start
        first = bisect_left(starts, line.span.start)
        last = bisect_left(starts, line.span.end)
        in_line = [m for m in by_start[first:last] if line.span.contains(m.span)]
        for quote in marked:
            scope = _scope(quote, line, sentences_of.get(line.n, ()))
            cue = _nearest_cue(shown, quote, marked, cues, scope)
            words = len(_WORD.findall(shown[quote.start:quote.end]))
            if cue is None and words <= lex.short_quote_words:
                continue  # scare quotes
            if cue is None and line.label in _HEADINGS:
                continue  # a headline quoting a phrase states nothing by itself
            span = Span(offset + quote.start, offset + quote.end)
            speaker: tuple[Span, str | None] | None = None
            if cue is not None:
                speaker = _speaker(shown, offset, quote, cue, in_line, people, lex)
            cue_text = text[offset + cue.start:offset + cue.end] if cue else None
            speaker_span = speaker[0] if speaker else None
            quotes.append(Quote(
                span=span, text=span.of(text), speaker_span=speaker_span,
                speaker_text=speaker_span.of(text) if speaker_span else None,
                speaker_key=speaker[1] if speaker else None, cue=cue_text))
    return tuple(quotes)


# -- quotation marks --------------------------------------------------------------------


def _find_marked(line: str, lex: QuoteLexicon) -> list[_Marked]:
    """Top-level quotations of a line; marks of another kind inside one are its text."""
    openers: dict[str, str] = {}
    closers: dict[str, str] = {}
    for a, b in lex.opening:
        openers.setdefault(a, b)
        closers.setdefault(b, a)
    found: list[_Marked] = []
    open_at, closing, nested = -1, "", 0
    for i, ch in enumerate(line):
        if open_at < 0:
            if ch in openers:
                open_at, closing, nested = i, openers[ch], 0
            elif ch in closers and _used_as_opening(line, i):
                open_at, closing, nested = i, ch, 0  # "qu' »il était…": a mark turned round
            elif ch in closers and ch not in openers and not found and _continues(line, i):
                found.append(_inner(line, -1, i + 1, i))  # the end of last line's quote
            continue
        if ch == closing and nested:
            nested -= 1
        elif ch == closing:
            found.append(_inner(line, open_at, i + 1, i))
            open_at = -1
        elif ch == line[open_at] and ch != closing:
            nested += 1
    if open_at >= 0:
        found.append(_inner(line, open_at, len(line), len(line)))
    return [q for q in found if q.end > q.start]


def _used_as_opening(line: str, i: int) -> bool:
    after = line[i + 1:i + 2]
    before = line[i - 1:i] if i else " "
    return after.isalpha() and (before.isspace() or before == "'")


def _continues(line: str, i: int) -> bool:
    """A closing mark with no opening one after several words: a quotation that began on
    an earlier line ends here."""
    return len(_WORD.findall(line[:i])) >= 4


def _inner(line: str, open_at: int, close: int, inner_end: int) -> _Marked:
    """The quotation opened at `open_at` (-1: at the line start, without a mark)."""
    start, end = open_at + 1, inner_end
    open_at = max(open_at, 0)
    while start < end and line[start].isspace():
        start += 1
    while end > start and (line[end - 1].isspace() or line[end - 1] == ","):
        end -= 1
    return _Marked(open=open_at, close=close, start=start, end=end)


# -- cues -------------------------------------------------------------------------------


def _scope(quote: _Marked, line: Line, sentences: Sequence[Sentence]) -> tuple[int, int]:
    """The sentences the quote overlaps, in line offsets; the whole line without any."""
    start, end = line.span.start + quote.open, line.span.start + quote.close
    hit = [s.span for s in sentences
           if s.span.start < max(end, start + 1) and start < s.span.end]
    if not hit:
        return 0, line.span.end - line.span.start
    lo = max(line.span.start, min(s.start for s in hit))
    hi = min(line.span.end, max(s.end for s in hit))
    return min(lo, start) - line.span.start, max(hi, end) - line.span.start


def _nearest_cue(line: str, quote: _Marked, marked: Sequence[_Marked], cues: Sequence[_Cue],
                 scope: tuple[int, int]) -> _Cue | None:
    """The speech cue closest to the quote in its scope, outside every quotation; an
    incise inside the quote (", a-t-il expliqué.") when there is none outside."""
    outside: list[tuple[int, int, _Cue]] = []
    incise: list[_Cue] = []
    for cue in cues:
        if cue.start < scope[0] or cue.end > scope[1]:
            continue
        holder = next((q for q in marked if q.open <= cue.start < q.close), None)
        if holder is None:
            if cue.start >= quote.close:
                outside.append((cue.start - quote.close, 0, cue))
            else:
                outside.append((quote.open - cue.end, 1, cue))  # after the quote wins ties
        elif holder is quote and line[:cue.start].rstrip().endswith(","):
            incise.append(cue)
    if outside:
        return min(outside, key=lambda o: (o[0], o[1]))[2]
    return incise[0] if incise else None


# -- speakers ---------------------------------------------------------------------------


def _speaker(line: str, offset: int, quote: _Marked, cue: _Cue, mentions: Sequence[Mention],
             people: Sequence[Mention], lex: QuoteLexicon) -> tuple[Span, str | None] | None:
    """(speaker span, entity key or None) for the quote attributed by `cue`."""
    before_quote = offset + min(quote.open, cue.start)
    if cue.kind == _PRONOUN:
        return Span(offset + cue.start, offset + cue.end), _last_person(people, before_quote)
    if cue.kind == _ACCORDING or _subject_follows(line, quote, cue, lex):
        phrase = _phrase_after(line, cue.end, mentions, offset, lex)
        if phrase is None and lex.pro_drop and cue.kind == _VERB:
            # "», dijo." : the subject is the verb's ending, the last person named
            return Span(offset + cue.start, offset + cue.end), _last_person(people, before_quote)
        if phrase is None:
            return None
        return _subject(line, offset, phrase, cue, False, mentions, people, before_quote, lex)
    phrase = _phrase_before(line, cue.start, quote)
    if phrase is None:
        return None
    return _subject(line, offset, phrase, cue, True, mentions, people, before_quote, lex)


def _subject_follows(line: str, quote: _Marked, cue: _Cue, lex: QuoteLexicon) -> bool:
    """True when the verb's subject is written after it: the verb follows a comma or the
    quotation itself and does not open a clause ("a déclaré que")."""
    after = line[cue.end:].lstrip()
    next_word = _WORD.match(after)
    if after[:1] in lex.introducers or (next_word and next_word.group().casefold()
                                        in lex.introducers):
        return False
    if any(after.startswith(a) for a in "«“\""):
        return False
    before = line[:cue.start].rstrip()
    return before.endswith((",", "»", "”", "\"")) or (
        cue.start >= quote.close and not line[quote.close:cue.start].strip(" ,"))


def _phrase_after(line: str, start: int, mentions: Sequence[Mention], offset: int,
                  lex: QuoteLexicon) -> tuple[int, int] | None:
    """The words after a cue up to punctuation or a word that cannot be in a subject."""
    i = start
    while i < len(line) and line[i].isspace():
        i += 1
    end = i
    for word in _WORD.finditer(line, i):
        gap = line[end:word.start()]
        if any(ch in _BOUNDARY and not _abbreviation_dot(line, end, ch) for ch in gap):
            break
        if end > i and word.group().casefold() in lex.subject_stops:
            break
        end = word.end()
    for m in mentions:  # a name read across its own dots ("M. Tokaïev")
        if m.span.start - offset < end < m.span.end - offset:
            end = m.span.end - offset
    return (i, end) if end > i else None


def _abbreviation_dot(line: str, pos: int, ch: str) -> bool:
    """A dot right after a short capitalised word ("M.", "Dr.") is no sentence end."""
    if ch != ".":
        return False
    word = re.search(r"(\w+)$", line[:pos])
    return word is not None and word.group(1)[0].isupper() and len(word.group(1)) <= 3


def _phrase_before(line: str, end: int, quote: _Marked) -> tuple[int, int] | None:
    """The words before a cue back to the clause boundary; past one comma when nothing is
    there ("Le président, Kasim Jomart Yokayev, a annoncé que")."""
    floor = quote.close if quote.close <= end else 0
    stop = end
    for _ in range(2):
        i = stop
        while i > floor and not (line[i - 1] in _BOUNDARY
                                 and not _abbreviation_dot(line, i - 1, line[i - 1])):
            i -= 1
        phrase = line[i:stop].strip()
        if phrase:
            first = i + (len(line[i:stop]) - len(line[i:stop].lstrip()))
            return first, first + len(phrase)
        if i <= floor or line[i - 1] != ",":
            return None
        stop = i - 1
    return None


def _subject(line: str, offset: int, phrase: tuple[int, int], cue: _Cue, before: bool,
             mentions: Sequence[Mention], people: Sequence[Mention], before_quote: int,
             lex: QuoteLexicon) -> tuple[Span, str | None] | None:
    start, end = phrase
    words = list(_WORD.finditer(line, start, end))
    if not words:
        return None
    if all(w.group().casefold() in lex.subject_stops for w in words):
        return None  # "… et a précisé que": the subject is the previous verb's
    if before:
        while words[0].group().casefold() in lex.subject_stops:
            words.pop(0)  # "et Tokaïev a dit", "mais il a ajouté"
        start = words[0].start()
    edge = words[-1] if before else words[0]
    if edge.group().casefold() in lex.pronouns:
        # the pronoun and its verb together, as written ("il a dit", "selon lui")
        lo, hi = (edge.start(), cue.end) if before else (cue.start, edge.end())
        return Span(offset + lo, offset + hi), _last_person(people, offset + min(lo, cue.start))
    inside = [m for m in mentions
              if offset + start <= m.span.start and m.span.end <= offset + end]
    named = [m for m in inside if m.kind in (Kind.PER, Kind.ORG)]
    if named:
        chosen = named[-1] if before else named[0]
        return chosen.span, chosen.key
    for m in inside:  # "le Kazakhstan a déclaré": a place acting as a speaker
        if m.span.end == offset + end and len(words) <= len(_WORD.findall(m.text)) + 1:
            return m.span, m.key
    if len(words) > lex.max_subject_words:
        return None
    return Span(offset + start, offset + end), None


def _last_person(people: Sequence[Mention], before: int) -> str | None:
    """The key of the last person mentioned before `before` (`people` sorted by start)."""
    i = bisect_left(people, before, key=lambda m: m.span.start)
    while i > 0:
        i -= 1
        if people[i].span.end <= before and people[i].key:
            return people[i].key  # a role mention the article did not resolve is skipped
    return None
