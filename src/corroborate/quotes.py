"""Quotations of an article and who said them.

A quotation lies between quotation marks of the language's `quotes.toml` (marks of
another pair inside it are its text).  One running over several lines is cut per line
(left open: closed at the line end; closed without opening: quoted from the line start)
and its parts share their speaker.  Only content lines are read: a headline or teaser
quoting a phrase states nothing by itself.

The speaker comes from the speech cue (`speech_verbs.tsv`, inflected by the
[conjugation] table) of the quote's sentence: one right before or after it, else an
incise inside it, else the nearest.  A cue gives the entity mention next to the verb
("a confirmé M. Tokaïev"), a pronoun ("a-t-il ajouté", "selon lui", a Spanish verb
without subject) resolved to the last person in subject position (one who spoke, or
the first person of a sentence), for a present participle the subject of its sentence,
or the phrase as written when it names a source but no entity ("le service de presse";
speaker_key None).  A quote with no cue after an attributed one in its paragraph is the
same speaker's; "X a déclaré :" ending a paragraph attributes the quote opening the next.

One or two quoted words are scare quotes unless they are the complement of a verb just
before them ("a qualifié la situation de « très grave »"); a few words need a cue.

Indirect speech ("X a déclaré que la ville est calme") is not verbatim, so it is no
quotation here: `extract_reported_speech` gives it apart, its span the reported clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate
from typing import Any

from corroborate.langdata import load_toml, load_tsv
from corroborate.language import trie_alternation
from corroborate.model import Kind, Line, LineLabel, Mention, Quote, Sentence, Span

# Same-length substitutions made before matching: offsets stay valid.
_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u00a0": " ",
                              "\u202f": " ", "\u2009": " ", "\u2010": "-", "\u2011": "-"})
_WORD = re.compile(r"\w+(?:[-']\w+)*'?")
_BOUNDARY = ",;:.!?()[]«»“”„\"…‹›"
_SENTENCE_END = ".!?…:"
_VERB, _PRONOUN, _ACCORDING, _GERUND = "verb", "pronoun", "according", "gerund"
_SLOTS = {"{pp}": "pp", "{fin}": "fin", "{ger}": "ger"}


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    """The compiled `quotes.toml` and `speech_verbs.tsv` of one language."""

    lang: str
    opening: tuple[tuple[str, str], ...]  # (opening mark, its closing mark)
    short_quote_words: int
    scare_quote_words: int
    complement_gap_words: int
    cues: re.Pattern[str]  # named groups: pronoun, according, verb, gerund
    pronouns: frozenset[str]
    plural_pronouns: frozenset[str]  # name a group: never resolved to one person
    subject_stops: frozenset[str]
    subject_skips: frozenset[str]  # words between a verb and its subject ("dijo ayer X")
    introducers: frozenset[str]
    relatives: frozenset[str]  # "X qui a déclaré": the speaker is X
    max_subject_words: int
    pro_drop: bool  # a verb without a subject speaks for the last person named
    plural_endings: tuple[str, ...]  # a pro-drop verb so ending speaks for a group
    needs_comma: frozenset[str]  # "according" cues valid only as "Pour X, …"
    noun_markers: frozenset[str]  # a one-word verb after these is a noun ("une annonce")
    speaker_nouns: frozenset[str]
    determiners: frozenset[str]
    clause_openers: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int  # offsets into the line
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class _Marked:
    open: int  # the opening mark (0 for a quote continued from the line before)
    close: int  # just past the closing mark (or the end of the line)
    start: int  # the quoted text, marks and spaces excluded
    end: int
    closed: bool = True  # False: left open at the end of the line


@dataclass(frozen=True, slots=True)
class _Speaker:
    span: Span
    key: str | None


@dataclass(slots=True)
class _Antecedents:
    """Persons in subject position (sorted by offset): pronouns and subject-less verbs
    resolve to the last one before them; any person named is the fallback."""

    people: list[Mention]
    subjects: list[tuple[int, str]]  # "" for a speaker that names no person
    unresolved: frozenset[Span]  # person mentions with no key ("le président kazakh")
    keys: frozenset[str] = frozenset()  # the keys of `people`, looked up for every quote

    def last(self, before: int) -> str | None:
        i = bisect_left(self.subjects, (before, ""))
        if i > 0:
            return self.subjects[i - 1][1] or None
        j = bisect_left(self.people, before, key=lambda m: m.span.start)
        while j > 0:
            j -= 1
            if self.people[j].span.end <= before:
                return self.people[j].key
        return None

    def spoke(self, speaker: _Speaker) -> None:
        if speaker.key is None and speaker.span in self.unresolved:
            return  # a person the article does not name: the pronoun's is still the last
        # "…, affirme une source. « … », ajoute-t-elle": the source, not the last name
        person = speaker.key if speaker.key in self.keys else ""
        insort(self.subjects, (speaker.span.start, person or ""))


# -- lexicon ------------------------------------------------------------------------------


def _alternation(forms: set[str]) -> str:
    """Any of the forms, longest first, a space matching any run of spaces."""
    return trie_alternation([r"\s+" if ch == " " else re.escape(ch) for ch in f]
                            for f in sorted(forms, key=lambda f: (-len(f), f)))


def _inflect(infinitive: str, slot: str, table: Mapping[str, Any]) -> set[str]:
    """The forms of one slot derived from the infinitive's longest listed ending
    ("*": any ending, appended)."""
    endings = sorted((e for e in table if e == "*" or infinitive.endswith(e)),
                     key=lambda e: -1 if e == "*" else len(e), reverse=True)
    if not endings:
        return set()
    ending = endings[0]
    stem = infinitive if ending == "*" else infinitive[:len(infinitive) - len(ending)]
    return {stem + str(suffix) for suffix in table[ending].get(slot, ())}


def verb_forms(lang: str) -> dict[str, set[str]]:
    """Reads `speech_verbs.tsv` and the [conjugation] table of `quotes.toml`, produces the
    participles ("pp"), finite forms ("fin") and present participles ("ger")."""
    table = load_toml(lang, "quotes").get("conjugation", {})
    slots = {"pp": "participle", "fin": "finite", "ger": "gerund"}
    forms: dict[str, set[str]] = {slot: set() for slot in slots}
    for row in load_tsv(lang, "speech_verbs"):
        for column, slot in enumerate(slots, 1):
            cell = row[column] if len(row) > column else ""
            if cell == "-":
                continue
            listed = {f.strip() for f in cell.split(",") if f.strip() not in ("", "-")}
            forms[slot] |= listed if cell else _inflect(row[0], slots[slot], table)
    return forms


def _template(template: str, alternatives: Mapping[str, str], adverbs: str) -> str | None:
    """One cue template as a pattern; None when a slot it needs has no form."""
    out = []
    for part in re.split(r"(\{\w+\})", template):
        if part in _SLOTS:
            if not alternatives[_SLOTS[part]]:
                return None
            out.append(f"(?:{alternatives[_SLOTS[part]]})")
        elif part == "{adv}":
            out.append(rf"(?:(?:{adverbs})\s+){{0,2}}" if adverbs else "")
        else:
            out.append(re.escape(part).replace(r"\ ", r"\s+"))
    return "".join(out)


@cache
def quote_lexicon(lang: str) -> QuoteLexicon:
    """Reads `data/<lang>/quotes.toml` and `speech_verbs.tsv`, produces the compiled lexicon."""
    data = load_toml(lang, "quotes")
    alternatives = {slot: _alternation(found) for slot, found in verb_forms(lang).items()}
    adverbs = _alternation({str(a) for a in data.get("adverbs", ())})
    groups = []
    for kind, key in ((_PRONOUN, "pronoun_templates"), (_VERB, "verb_templates"),
                      (_GERUND, "gerund_templates")):
        found = [p for t in data.get(key, ()) if (p := _template(str(t), alternatives, adverbs))]
        if found:
            groups.append(f"(?P<{kind}>{'|'.join(found)})")
    according = {str(a) for a in data.get("according", ())}
    if according:
        groups.insert(1, f"(?P<{_ACCORDING}>{_alternation(according)})")
    pattern = r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])" if groups else r"(?!x)x"

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).casefold() for w in data.get(key, ()))

    return QuoteLexicon(
        lang=lang,
        # marks compared after the same-length substitutions, as the text is
        opening=tuple((str(a).translate(_SAME_LENGTH), str(b).translate(_SAME_LENGTH))
                      for a, b in data.get("marks", ())),
        short_quote_words=int(data.get("short_quote_words", 3)),
        scare_quote_words=int(data.get("scare_quote_words", 2)),
        complement_gap_words=int(data.get("complement_gap_words", 6)),
        cues=re.compile(pattern, re.IGNORECASE),
        pronouns=words("pronouns"),
        plural_pronouns=words("plural_pronouns"),
        subject_stops=words("subject_stops"),
        subject_skips=words("subject_skips") | words("adverbs"),
        introducers=words("introducers"),
        relatives=words("relatives"),
        max_subject_words=int(data.get("max_subject_words", 8)),
        pro_drop=bool(data.get("pro_drop", False)),
        plural_endings=tuple(str(e) for e in data.get("plural_verb_endings", ())),
        needs_comma=words("according_needs_comma"),
        noun_markers=words("noun_markers"),
        speaker_nouns=words("speaker_nouns"),
        determiners=words("determiners"),
        clause_openers=words("reported_clause_openers"),
    )


# -- extraction ---------------------------------------------------------------------------


@dataclass(slots=True)
class _LineView:
    """One content line as matched: its text (same-length substitutions made), offset,
    sentences, mentions and speech cues."""

    line: Line
    shown: str
    offset: int
    sentences: Sequence[Sentence]
    mentions: Sequence[Mention]
    cues: list[_Cue]


def _antecedents(mentions: Sequence[Mention], sentences: Sequence[Sentence],
                 quoted: Sequence[Span] = ()) -> _Antecedents:
    """Persons (a lowercase 'name' is a recogniser slip; a role mention is kept; one
    named inside a quotation is no antecedent of the writer's pronouns) and the first
    person named in each sentence, taken to be its subject."""
    # a span lies inside a quotation when, of those starting at or before it, the one
    # reaching furthest reaches its end (bisected: an article may hold hundreds of each)
    by_start = sorted(quoted, key=lambda q: q.start)
    quote_starts = [q.start for q in by_start]
    furthest = list(accumulate((q.end for q in by_start), max))

    def in_quote(span: Span) -> bool:
        i = bisect_right(quote_starts, span.start)
        return i > 0 and furthest[i - 1] >= span.end

    people = sorted((m for m in mentions if m.kind is Kind.PER and m.key
                     and (m.role or m.text[:1].isupper()) and not in_quote(m.span)),
                    key=lambda m: m.span.start)
    subjects = []
    starts = [m.span.start for m in people]
    for sentence in sentences:
        i = bisect_left(starts, sentence.span.start)
        if i < len(people) and people[i].span.end <= sentence.span.end:
            subjects.append((people[i].span.start, people[i].key))
    unresolved = frozenset(m.span for m in mentions if m.kind is Kind.PER and not m.key)
    return _Antecedents(people, sorted(subjects), unresolved, frozenset(m.key for m in people))


def _views(text: str, lines: Sequence[Line], sentences: Sequence[Sentence],
           mentions: Sequence[Mention], lex: QuoteLexicon) -> list[_LineView]:
    by_start = sorted(mentions, key=lambda m: m.span.start)
    starts = [m.span.start for m in by_start]
    ordered = sorted(sentences, key=lambda s: s.span.start)
    sentence_starts = [s.span.start for s in ordered]
    views = []
    for line in lines:
        if line.label is not LineLabel.CONTENT or line.span.end <= line.span.start:
            continue
        shown = line.span.of(text).translate(_SAME_LENGTH)
        first, last = bisect_left(starts, line.span.start), bisect_left(starts, line.span.end)
        in_line = [m for m in by_start[first:last] if line.span.contains(m.span)]
        # the sentences touching the line (one of a wrapped paragraph runs over several)
        lo = max(0, bisect_right(sentence_starts, line.span.start) - 1)
        hi = bisect_left(sentence_starts, line.span.end)
        touching = [s for s in ordered[lo:hi] if s.span.end > line.span.start]
        view = _LineView(line, shown, line.span.start, touching, in_line, [])
        view.cues = _find_cues(view, lex)
        views.append(view)
    return views


def extract_quotes(text: str, lines: Sequence[Line], sentences: Sequence[Sentence],
                   mentions: Sequence[Mention], lex: QuoteLexicon) -> tuple[Quote, ...]:
    """Reads the content lines of an article with its sentences and entity mentions,
    produces its quotations with their speaker, in text order."""
    views = _views(text, lines, sentences, mentions, lex)
    marks = [_find_marked(view.shown, lex) for view in views]
    antecedents = _antecedents(mentions, sentences, [
        Span(view.offset + q.start, view.offset + q.end)
        for view, found in zip(views, marks, strict=True) for q in found])
    quotes: list[Quote] = []
    carried: _Speaker | None = None  # "X a déclaré :" ending the paragraph before
    open_part: int | None = None  # index of a quote left open at the end of its line
    for view, marked in zip(views, marks, strict=True):
        line_quotes: list[tuple[_Marked, Quote]] = []
        by_cue: dict[_Cue, _Speaker | None] = {}
        for quote in marked:
            scope = _scope(quote, view)
            cue = _nearest_cue(view.shown, quote, marked, view.cues, scope, lex)
            words = len(_WORD.findall(view.shown[quote.start:quote.end]))
            fragment = _is_fragment(view.shown, quote)
            if not _kept(view.shown, quote, marked, cue, words, fragment, lex):
                continue
            speaker: _Speaker | None = None
            if cue is not None:
                if cue not in by_cue:
                    by_cue[cue] = _speaker(view, quote, cue, scope, antecedents, lex)
                speaker = by_cue[cue]
            elif not fragment:
                speaker = _inherited(view, quote, line_quotes, carried, antecedents)
            if speaker is not None:
                antecedents.spoke(speaker)
            span = Span(view.offset + quote.start, view.offset + quote.end)
            cue_text = text[view.offset + cue.start:view.offset + cue.end] if cue else None
            line_quotes.append((quote, _quote(text, span, speaker, cue_text)))
        if open_part is not None and line_quotes and line_quotes[0][0].open == 0:
            _share_speaker(quotes, open_part, line_quotes)
        quotes.extend(q for _, q in line_quotes)
        open_part = len(quotes) - 1 if line_quotes and not line_quotes[-1][0].closed else None
        carried = _announced(view, marked, antecedents, lex)
    return tuple(quotes)


def _quote(text: str, span: Span, speaker: _Speaker | None, cue: str | None) -> Quote:
    return Quote(span=span, text=span.of(text),
                 speaker_span=speaker.span if speaker else None,
                 speaker_text=speaker.span.of(text) if speaker else None,
                 speaker_key=speaker.key if speaker else None, cue=cue)


def _kept(line: str, quote: _Marked, marked: Sequence[_Marked], cue: _Cue | None, words: int,
          fragment: bool, lex: QuoteLexicon) -> bool:
    """False for scare quotes: a word or two not right after a verb ("a qualifié la
    situation de « très grave »" is kept), a few words without any cue."""
    if words > lex.short_quote_words:
        return True
    if cue is None:
        return False
    between = line[cue.end:quote.open] if cue.end <= quote.open else line[quote.close:cue.start]
    if len(_WORD.findall(between)) > lex.complement_gap_words:
        return False  # a few words far from the verb: the writer's, not the speaker's
    if words > lex.scare_quote_words:
        return True
    if cue.end > quote.open or not fragment:
        return False
    if any(q.open >= cue.end and q.close <= quote.open for q in marked):
        return False  # another quotation is the verb's complement
    # "a qualifié de « sauvagerie »" is the verb's object; "assurent que leur
    # « vengeance » serait" is inside the reported clause, the writer's word
    return not any(w.casefold() in lex.introducers for w in _WORD.findall(between))


def _share_speaker(quotes: list[Quote], open_part: int,
                   line_quotes: list[tuple[_Marked, Quote]]) -> None:
    """The two parts of a quotation cut at a line end get the speaker either one has."""
    first, (marked, second) = quotes[open_part], line_quotes[0]
    if first.speaker_span is None and second.speaker_span is not None:
        quotes[open_part] = replace(first, speaker_span=second.speaker_span,
                                    speaker_text=second.speaker_text,
                                    speaker_key=second.speaker_key)
    elif second.speaker_span is None and first.speaker_span is not None:
        line_quotes[0] = (marked, replace(second, speaker_span=first.speaker_span,
                                          speaker_text=first.speaker_text,
                                          speaker_key=first.speaker_key))


def _inherited(view: _LineView, quote: _Marked, before: Sequence[tuple[_Marked, Quote]],
               carried: _Speaker | None, antecedents: _Antecedents) -> _Speaker | None:
    """The speaker of the attributed quote just before in the paragraph, when no other
    person is named in between; at the paragraph start, the one announced by the
    paragraph before ("X a déclaré :")."""
    if not before:
        if carried is not None and not view.shown[:quote.open].strip():
            return carried
        return None
    last_marked, last = before[-1]
    if last.speaker_span is None:
        return None
    lo, hi = view.offset + last_marked.close, view.offset + quote.open
    after = last.speaker_span.end
    # another person named in between may be the one speaking, but not a name in
    # apposition to the speaker ("explica el portavoz, Gehad el Haddad.")
    if any(lo <= m.span.start < hi and m.key != last.speaker_key
           and not 0 <= m.span.start - after <= 3 for m in antecedents.people):
        return None
    return _Speaker(last.speaker_span, last.speaker_key)


def _announced(view: _LineView, marked: Sequence[_Marked], antecedents: _Antecedents,
               lex: QuoteLexicon) -> _Speaker | None:
    """The speaker of a line ending with a cue and a colon ("Il a ajouté :")."""
    body = view.shown.rstrip()
    if not body.endswith(":") or not view.cues:
        return None
    cue = view.cues[-1]
    if any(q.open <= cue.start < q.close for q in marked) or \
            len(_WORD.findall(body[cue.end:])) > lex.complement_gap_words:
        return None
    end = len(view.shown)
    virtual = _Marked(open=end, close=end, start=end, end=end)
    return _speaker(view, virtual, cue, (0, end), antecedents, lex)


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
            if ch in openers and not _apostrophe(line, i, ch, openers[ch]):
                open_at, closing, nested = i, openers[ch], 0
            elif ch in closers and _used_as_opening(line, i):
                open_at, closing, nested = i, ch, 0  # "qu' »il était…": a mark turned round
            elif ch in closers and ch not in openers and not found and _continues(line, i):
                found.append(_inner(line, -1, i + 1, i))  # the end of last line's quote
            continue
        if ch == closing and nested:
            nested -= 1
        elif ch == closing and not _apostrophe(line, i, ch, ch):
            found.append(_inner(line, open_at, i + 1, i))
            open_at = -1
        elif ch == line[open_at] and ch != closing:
            nested += 1
    if open_at >= 0:
        found.append(replace(_inner(line, open_at, len(line), len(line)), closed=False))
    return [q for q in found if q.end > q.start]


def _apostrophe(line: str, i: int, ch: str, closing: str) -> bool:
    """A single quote mark between two letters ("l’armée", "don't") is an apostrophe."""
    return ch in "'‘’" and closing in "'‘’" and line[i - 1:i].isalpha() and \
        line[i + 1:i + 2].isalpha()


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


def _is_fragment(line: str, quote: _Marked) -> bool:
    """True for a quotation inside a sentence of the writer's ("a dénoncé « une
    trahison »", "a dit qu'il était « prêt »"), False for one that is a sentence of its
    own: at the start of a sentence, after a colon, or after a comma when capitalised."""
    before = line[:quote.open].rstrip()
    if not before or quote.start == quote.open:
        return False
    if before[-1] in _SENTENCE_END or before[-1] in "»”\"“›" or before[-1] in "-–—":
        return False
    return not (before[-1] == "," and line[quote.start:quote.start + 1].isupper())


def quote_is_fragment(text: str, quote: Quote) -> bool:
    """Reads an article's text and one of its quotes, tells whether the quote is a
    fragment inside the writer's sentence rather than a sentence of its own."""
    line_start = text.rfind("\n", 0, quote.span.start) + 1
    line_end = text.find("\n", quote.span.end)
    line = text[line_start:len(text) if line_end < 0 else line_end].translate(_SAME_LENGTH)
    start = quote.span.start - line_start
    mark = start
    while mark > 0 and line[mark - 1].isspace():
        mark -= 1
    opened = mark > 0 and line[mark - 1] in "«“\"„‹‘'»"
    marked = _Marked(open=mark - 1 if opened else start, close=quote.span.end - line_start,
                     start=start, end=quote.span.end - line_start)
    return _is_fragment(line, marked)


# -- cues -------------------------------------------------------------------------------


def _find_cues(view: _LineView, lex: QuoteLexicon) -> list[_Cue]:
    """The speech cues of a line, without the finite forms used as nouns ("une
    annonce") and "pour X" where X is no source followed by a comma."""
    cues = []
    for m in lex.cues.finditer(view.shown):
        cue = _Cue(m.start(), m.end(), m.lastgroup or _VERB)
        before = _last_word(view.shown, cue.start)
        if cue.kind in (_VERB, _GERUND) and before and " " not in m.group() and \
                before.casefold() in lex.noun_markers:
            continue
        if cue.kind == _ACCORDING and m.group().casefold() in lex.needs_comma and \
                not _names_source_then_comma(view, cue, lex):
            continue
        cues.append(cue)
    return cues


def _last_word(line: str, end: int) -> str | None:
    r"""Reads a line and an offset, produces the word (with a trailing apostrophe: "l'")
    that ends `line[:end]`, spaces after it allowed, or None — what the regex
    `(\w+'?)\s*$` finds in `line[:end]`, read backwards from `end` instead: searching the
    whole prefix for every cue costs the square of the line's length."""
    i = end
    while i > 0 and line[i - 1].isspace():  # str.isspace is what \s matches
        i -= 1
    word_end = i
    if i > 0 and line[i - 1] == "'":
        i -= 1
    stop = i
    while i > 0 and (line[i - 1].isalnum() or line[i - 1] == "_"):  # what \w matches
        i -= 1
    return line[i:word_end] if i < stop else None


def _names_source_then_comma(view: _LineView, cue: _Cue, lex: QuoteLexicon) -> bool:
    """ "Pour Amnesty, …", "pour lui, …": a short source phrase and then a comma."""
    comma = view.shown.find(",", cue.end)
    if comma < 0 or any(ch in _BOUNDARY for ch in view.shown[cue.end:comma]):
        return False
    words = _WORD.findall(view.shown[cue.end:comma])
    if not words or len(words) > lex.max_subject_words:
        return False
    if len(words) == 1 and words[0].casefold() in lex.pronouns:
        return True
    lo, hi = view.offset + cue.end, view.offset + comma
    return any(lo <= m.span.start and m.span.end <= hi and m.kind in (Kind.PER, Kind.ORG)
               for m in view.mentions) or any(w.casefold() in lex.speaker_nouns for w in words)


def _scope(quote: _Marked, view: _LineView) -> tuple[int, int]:
    """The sentences the quote overlaps, in line offsets; the whole line without any."""
    line = view.line
    start, end = line.span.start + quote.open, line.span.start + quote.close
    hit = [s.span for s in view.sentences
           if s.span.start < max(end, start + 1) and start < s.span.end]
    if not hit:
        return 0, line.span.end - line.span.start
    lo = max(line.span.start, min(s.start for s in hit))
    hi = min(line.span.end, max(s.end for s in hit))
    return min(lo, start) - line.span.start, max(hi, end) - line.span.start


def _nearest_cue(line: str, quote: _Marked, marked: Sequence[_Marked], cues: Sequence[_Cue],
                 scope: tuple[int, int], lex: QuoteLexicon) -> _Cue | None:
    """The speech cue of a quote in its scope: one right before or after it (a few words
    apart, no other quotation between), else an incise inside it (", a-t-il expliqué."),
    else the nearest one outside every quotation."""
    outside: list[tuple[int, int, _Cue]] = []
    incise: list[_Cue] = []
    for cue in cues:
        if cue.start < scope[0] or cue.end > scope[1]:
            continue
        holder = next((q for q in marked if q.open <= cue.start < q.close), None)
        if holder is None:
            if cue.start >= quote.close:
                gap = line[quote.close:cue.start]
                outside.append((len(_WORD.findall(gap)), 0, cue))
            else:
                gap = line[cue.end:quote.open]
                outside.append((len(_WORD.findall(gap)), 1, cue))  # after the quote wins ties
            if any(q is not quote and min(cue.end, quote.close) <= q.open < max(
                    cue.start, quote.open) for q in marked):
                outside[-1] = (outside[-1][0] + 1000, *outside[-1][1:])  # another quote's
        elif holder is quote and line[:cue.start].rstrip().endswith(","):
            incise.append(cue)
    best = min(outside, key=lambda o: (o[0], o[1])) if outside else None
    if best is not None and best[0] <= lex.complement_gap_words:
        return best[2]
    if incise:
        return incise[0]
    return best[2] if best is not None else None


# -- speakers ---------------------------------------------------------------------------


def _speaker(view: _LineView, quote: _Marked, cue: _Cue, scope: tuple[int, int],
             antecedents: _Antecedents, lex: QuoteLexicon) -> _Speaker | None:
    """The speaker of the quote attributed by `cue`."""
    line, offset, mentions = view.shown, view.offset, view.mentions
    before_quote = offset + min(quote.open, cue.start)
    cue_span = Span(offset + cue.start, offset + cue.end)
    verb = _WORD.match(line, cue.start)
    plural = verb is not None and lex.plural_endings != () and \
        verb.group().casefold().endswith(lex.plural_endings)
    dropped = _Speaker(cue_span, None if plural else antecedents.last(before_quote))
    if cue.kind == _PRONOUN:
        plural = any(w.casefold() in lex.plural_pronouns
                     for w in re.findall(r"\w+", line[cue.start:cue.end]))
        return _Speaker(cue_span, None if plural else antecedents.last(before_quote))
    if cue.kind == _GERUND:
        return _clause_subject(view, cue, scope, antecedents, lex)
    if cue.kind == _ACCORDING or _subject_follows(line, quote, cue, lex):
        phrase = _phrase_after(line, cue.end, mentions, offset, lex)
        if phrase is None and cue.kind == _VERB and line[cue.end:].lstrip().startswith(","):
            # "», indique, vendredi, leur porte-parole": past an inserted phrase
            comma = line.find(",", line.find(",", cue.end) + 1)
            inserted = line[cue.end:comma] if comma > 0 else ""
            if inserted and len(_WORD.findall(inserted)) <= lex.complement_gap_words:
                phrase = _phrase_after(line, comma + 1, mentions, offset, lex)
        if phrase is None and lex.pro_drop and cue.kind == _VERB:
            return dropped  # "», dijo." : the subject is the verb's ending
        if phrase is None:
            return None
        return _subject(line, offset, phrase, cue, False, mentions, antecedents, lex)
    phrase = _phrase_before(line, cue.start, quote, lex)
    found = None if phrase is None else _subject(line, offset, phrase, cue, True, mentions,
                                                  antecedents, lex)
    if found is None and lex.pro_drop and cue.kind == _VERB and (phrase is None or all(
            w.casefold() in lex.subject_stops for w in _WORD.findall(line[phrase[0]:phrase[1]]))):
        return dropped  # "y añadió que «…»"
    return found


def _clause_subject(view: _LineView, cue: _Cue, scope: tuple[int, int],
                    antecedents: _Antecedents, lex: QuoteLexicon) -> _Speaker | None:
    """The speaker of a present participle: that of a speech verb before it in its
    sentence, else the first person or organisation named in the sentence before it."""
    for earlier in reversed([c for c in view.cues
                             if scope[0] <= c.start and c.end <= cue.start and c.kind != _GERUND]):
        virtual = _Marked(open=cue.start, close=cue.start, start=cue.start, end=cue.start)
        found = _speaker(view, virtual, earlier, scope, antecedents, lex)
        if found is not None:
            return found
    lo, hi = view.offset + scope[0], view.offset + cue.start
    for m in view.mentions:
        if lo <= m.span.start and m.span.end <= hi and m.kind in (Kind.PER, Kind.ORG):
            return _Speaker(m.span, m.key or None)
    first = _WORD.search(view.shown, scope[0], cue.start)
    if first and first.group().casefold() in lex.pronouns:
        return _Speaker(Span(view.offset + first.start(), view.offset + first.end()),
                        antecedents.last(view.offset + first.start()))
    return None


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
    if cue.end <= quote.open:  # "», a-t-il dit, « …" but not "X, en visite, a appelé à « …"
        return before.endswith(("»", "”", "\"", "›"))
    return before.endswith((",", "»", "”", "\"", "›")) or (
        cue.start >= quote.close and not line[quote.close:cue.start].strip(" ,"))


def _phrase_after(line: str, start: int, mentions: Sequence[Mention], offset: int,
                  lex: QuoteLexicon) -> tuple[int, int] | None:
    """The words after a cue up to punctuation or a word that cannot be in a subject."""
    i = start
    while i < len(line) and line[i].isspace():
        i += 1
    for word in _WORD.finditer(line, i):  # "a déclaré lundi le ministre"
        if word.group().casefold() not in lex.subject_skips or \
                any(ch in _BOUNDARY for ch in line[i:word.start()]):
            break
        i = _skip_space(line, word.end())
    head = _WORD.match(line, i)
    if head is not None and head.group().casefold() in lex.subject_stops and \
            head.group().casefold() not in lex.pronouns:
        # "confie à 20 Minutes une source": the subject after the complement
        later = [w for w in _WORD.finditer(line, head.end(), min(len(line), head.end() + 40))
                 if not any(ch in _BOUNDARY for ch in line[head.end():w.start()])][:4]
        det = next((w for w in later[1:] if w.group().casefold() in lex.determiners), None)
        if det is None:
            return None  # "criticó en un comunicado": no subject written here
        i = det.start()
    end = i
    for word in _WORD.finditer(line, i):
        gap = line[end:word.start()]
        if any(ch in _BOUNDARY and not _abbreviation_dot(line, end, ch) for ch in gap):
            break
        folded = word.group().casefold()
        if end > i and (folded in lex.subject_stops or folded in lex.pronouns):
            break  # "selon la Russie il s'agissait": the pronoun opens a clause
        end = word.end()
    for m in mentions:  # a name read across its own dots ("M. Tokaïev")
        if m.span.start - offset < end < m.span.end - offset:
            end = m.span.end - offset
    return (i, end) if end > i else None


def _abbreviation_dot(line: str, pos: int, ch: str) -> bool:
    """A dot right after a short capitalised word ("M.", "Dr.") is no sentence end."""
    if ch != ".":
        return False
    # the word `(\w+)$` finds in line[:pos], read backwards (the prefix is as long as
    # the line: searching it for every dot costs the square of the line's length)
    end = pos - 1 if pos > 0 and line[pos - 1] == "\n" else pos
    start = end
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "_"):
        start -= 1
    return start < end and line[start].isupper() and end - start <= 3


def _phrase_before(line: str, end: int, quote: _Marked,
                   lex: QuoteLexicon) -> tuple[int, int] | None:
    """The words before a cue back to the clause boundary; past a comma when nothing is
    there ("Le président, Kasim Jomart Yokayev, a annoncé que") or when what is there is
    an inserted phrase ("Zhai Jun, en visite à Damas, a appelé")."""
    floor = quote.close if quote.close <= end else 0
    stop = end
    for _ in range(3):
        i = stop
        while i > floor and not (line[i - 1] in _BOUNDARY
                                 and not _abbreviation_dot(line, i - 1, line[i - 1])):
            i -= 1
        phrase = line[i:stop].strip()
        head = _WORD.match(phrase)
        inserted = head is not None and head.group().casefold() in lex.subject_stops and \
            head.group().casefold() not in lex.pronouns and stop < end
        if phrase and not (inserted and i > floor and line[i - 1] == ","):
            first = i + (len(line[i:stop]) - len(line[i:stop].lstrip()))
            return first, first + len(phrase)
        if i <= floor or line[i - 1] != ",":
            return None
        stop = i - 1
    return None


def _subject(line: str, offset: int, phrase: tuple[int, int], cue: _Cue, before: bool,
             mentions: Sequence[Mention], antecedents: _Antecedents,
             lex: QuoteLexicon) -> _Speaker | None:
    """The speaker named by the subject phrase of a cue: a person or an organisation in
    it, a pronoun resolved, a place acting as a speaker, or the phrase as written when it
    names a source ("le service de presse")."""
    start, end = phrase
    words = list(_WORD.finditer(line, start, end))
    if before:
        # a subject reaches back at most to its clause: "puisque X a dit", "et il a dit"
        while words and words[0].group().casefold() in lex.subject_stops and \
                words[0].group().casefold() not in lex.pronouns:
            words.pop(0)
        cut = [k for k, w in enumerate(words) if w.group().casefold() in lex.subject_stops
               and w.group().casefold() not in lex.pronouns]
        if cut and cut[-1] == len(words) - 1 and words[-1].group().casefold() in lex.relatives:
            # "le ministre Éric Besson qui a assuré": the name just before "qui"
            at = offset + words[-1].start()
            named = [m for m in mentions if m.kind in (Kind.PER, Kind.ORG)
                     and 0 <= at - m.span.end <= 2]
            return _Speaker(named[-1].span, named[-1].key or None) if named else None
        if cut:
            words = words[cut[-1] + 1:]
    if not words:
        return None  # "… et a précisé que": the subject is the previous verb's
    start = words[0].start() if before else start
    edge = words[-1] if before else words[0]
    if edge.group().casefold() in lex.pronouns:
        # the pronoun and its verb together, as written ("il a dit", "selon lui")
        lo, hi = (edge.start(), cue.end) if before else (cue.start, edge.end())
        plural = edge.group().casefold() in lex.plural_pronouns
        return _Speaker(Span(offset + lo, offset + hi),
                        None if plural else antecedents.last(offset + min(lo, cue.start)))
    inside = [m for m in mentions
              if offset + start <= m.span.start and m.span.end <= offset + end]
    named = [m for m in inside if m.kind in (Kind.PER, Kind.ORG)]
    # "le président Tokayev": the name rather than the role mention holding it
    named = [m for m in named if not m.role] or named
    if named:
        chosen = named[-1] if before else named[0]
        return _Speaker(chosen.span, chosen.key or None)
    for m in inside:  # "le Kazakhstan a déclaré": a place acting as a speaker
        if m.span.end == offset + end and len(words) <= len(_WORD.findall(m.text)) + 1:
            return _Speaker(m.span, m.key or None)
    folded = [part for w in words for part in re.split(r"(?<=')", w.group().casefold()) if part]
    if len(words) > lex.max_subject_words or not (
            folded[0] in lex.determiners or any(w in lex.speaker_nouns for w in folded)):
        return None
    return _Speaker(Span(offset + start, offset + (words[-1].end() if before else end)), None)


# -- indirect speech ----------------------------------------------------------------------


def extract_reported_speech(text: str, lines: Sequence[Line], sentences: Sequence[Sentence],
                            mentions: Sequence[Mention],
                            lex: QuoteLexicon) -> tuple[Quote, ...]:
    """Reads the content lines of an article with its sentences and mentions, produces its
    indirect speech ("X a déclaré que la ville est calme"): each Quote's span is the
    reported clause, from after "que" to the end of the sentence, and its speaker the
    verb's subject.  Clauses holding a quotation are left to `extract_quotes`."""
    antecedents = _antecedents(mentions, sentences)
    found: list[Quote] = []
    for view in _views(text, lines, sentences, mentions, lex):
        for cue in view.cues:
            if cue.kind not in (_VERB, _PRONOUN):
                continue
            opener = _WORD.match(view.shown, _skip_space(view.shown, cue.end))
            if opener is None or opener.group().casefold() not in lex.clause_openers:
                continue
            scope = next(((max(0, s.span.start - view.offset), min(len(view.shown), s.span.end - view.offset))
                          for s in view.sentences
                          if s.span.start <= view.offset + cue.start < s.span.end),
                         (0, len(view.shown)))
            start = _skip_space(view.shown, opener.end())
            end = scope[1]
            while end > start and view.shown[end - 1] in _SENTENCE_END + " ":
                end -= 1
            clause = view.shown[start:end]
            if len(_WORD.findall(clause)) < 3 or any(
                    a in clause for a, _ in lex.opening):
                continue
            virtual = _Marked(open=start, close=end, start=start, end=end)
            speaker = _speaker(view, virtual, cue, scope, antecedents, lex)
            span = Span(view.offset + start, view.offset + end)
            found.append(_quote(text, span, speaker,
                                text[view.offset + cue.start:view.offset + cue.end]))
    return tuple(found)


def _skip_space(line: str, i: int) -> int:
    while i < len(line) and line[i].isspace():
        i += 1
    return i
