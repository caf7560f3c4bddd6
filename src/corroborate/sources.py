"""Sources: the outlet that published an article and the origins it relies on.

An origin is a news agency (from the common agency list) or an official source (press
service, ministry…, from the language's patterns) named in the article's body, credit or
dateline lines.  Articles that rely on the same origin are not independent; `origin_key`
is what the dossier counts when it says how many independent origins back a fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlparse

from .langdata import available_languages, load_toml
from .model import AnnotatedArticle, Article, Dateline, Evidence, Line, LineLabel, Origin, Span

_ORIGIN_LINES = frozenset({LineLabel.CONTENT, LineLabel.SUBHEADING, LineLabel.CREDIT, LineLabel.DATELINE})
_STRICT_LINES = frozenset({LineLabel.CREDIT, LineLabel.DATELINE})


@dataclass(frozen=True, slots=True)
class SourceLexicon:
    agencies: re.Pattern[str]  # one alternation, named by canonical name through `alias_of`
    alias_of: dict[str, str]
    ambiguous: frozenset[str]
    cues: re.Pattern[str] | None  # a cue right before an origin name (anchored at the end)
    official: tuple[re.Pattern[str], ...]
    outlet: tuple[re.Pattern[str], ...]
    datelines: tuple[re.Pattern[str], ...]


@cache
def source_lexicon(lang: str) -> SourceLexicon:
    """Agencies (common to all languages) and the cues and patterns of `lang` (and of
    English, the lingua franca of credit lines)."""
    common = load_toml("_common", "agencies")
    alias_of = {alias: name for name, aliases in common.get("agencies", {}).items() for alias in aliases}
    ordered = sorted(alias_of, key=len, reverse=True)
    agencies = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in ordered) + r")(?![\w-])")
    cues: list[str] = []
    official: list[re.Pattern[str]] = []
    outlet: list[re.Pattern[str]] = []
    for source in dict.fromkeys((lang, "en")):
        if source not in available_languages():
            continue
        data = load_toml(source, "sources")
        cues.extend(data.get("cues", ()))
        official.extend(re.compile(p, re.IGNORECASE) for p in data.get("official", {}).get("patterns", ()))
        outlet.extend(re.compile(p) for p in data.get("outlet", {}).get("patterns", ()))
    cue_re = re.compile(r"(?:" + "|".join(cues) + r")\s*$", re.IGNORECASE) if cues else None
    return SourceLexicon(
        agencies=agencies,
        alias_of=alias_of,
        ambiguous=frozenset(common.get("ambiguous", {}).get("names", ())),
        cues=cue_re,
        official=tuple(official),
        outlet=tuple(outlet),
        datelines=tuple(re.compile(p) for p in load_toml("_common", "datelines").get("patterns", ())),
    )


def find_origins(text: str, lines: Sequence[Line], lex: SourceLexicon) -> tuple[Origin, ...]:
    """Reads body, credit and dateline lines; produces the agencies and official sources
    the article cites, each with the span of its mention (and of the cue before it)."""
    found: list[Origin] = []
    for line in lines:
        if line.label not in _ORIGIN_LINES:
            continue
        surface = line.span.of(text)
        for match in lex.agencies.finditer(surface):
            alias = match.group(1)
            bracketed = surface[max(0, match.start() - 1) : match.start()] == "(" and surface[
                match.end() : match.end() + 1
            ] == ")"
            if alias in lex.ambiguous and line.label not in _STRICT_LINES and not bracketed:
                continue
            start = _widen_to_cue(surface, match.start(), lex)
            found.append(Origin(lex.alias_of[alias], Span(start, match.end()).shifted(line.span.start)))
        for pattern in lex.official:
            for match in pattern.finditer(surface):
                named = match.groupdict().get("name")
                name = " ".join((named or match.group(0)).lower().split())
                found.append(Origin(name, Span(match.start(), match.end()).shifted(line.span.start)))
    found.sort(key=lambda o: o.span)
    return tuple(_drop_nested(found))


def _widen_to_cue(surface: str, start: int, lex: SourceLexicon) -> int:
    if lex.cues is None:
        return start
    before = surface[max(0, start - 60) : start]
    match = lex.cues.search(before)
    return start - (len(before) - match.start()) if match else start


def _drop_nested(origins: list[Origin]) -> list[Origin]:
    """Overlapping matches are one origin: the union of their spans, named by the
    longer match."""
    kept: list[Origin] = []
    for origin in origins:
        if kept and kept[-1].span.overlaps(origin.span):
            last = kept[-1]
            longer = origin if len(origin.name) > len(last.name) else last
            span = Span(min(last.span.start, origin.span.start), max(last.span.end, origin.span.end))
            kept[-1] = Origin(longer.name, span)
            continue
        kept.append(origin)
    return kept


def find_outlet(article: Article, text: str, lines: Sequence[Line], lex: SourceLexicon) -> Evidence | None:
    """The outlet and where it was found: the container's metadata, a domain-name line,
    a promo, credit or self-description naming it, or the URL's host — in that order."""
    if article.outlet:
        return Evidence(article.outlet, "metadata")
    for line in lines:
        if line.label is LineLabel.OUTLET:
            surface = line.span.of(text)
            lead = len(surface) - len(surface.lstrip())
            name = surface.strip()
            start = line.span.start + lead
            return Evidence(name, "domain-line", Span(start, start + len(name)))
    for line in lines:
        if line.label in (LineLabel.PROMO, LineLabel.CREDIT, LineLabel.BYLINE):
            surface = line.span.of(text)
            for pattern in lex.outlet:
                match = pattern.search(surface)
                if match:
                    name = match.group("outlet").strip()
                    start = line.span.start + match.start("outlet")
                    return Evidence(name, f"{line.label.value}-line", Span(start, start + len(name)))
    if article.url:
        host = urlparse(article.url).hostname
        if host:
            return Evidence(host.removeprefix("www."), "url")
    return None


def find_title(article: Article, text: str, lines: Sequence[Line]) -> Evidence | None:
    """The title and where it was found: the container's metadata (pointing at the line
    that holds it when the text does), else the line labelled title."""
    titled = next((line for line in lines if line.label is LineLabel.TITLE), None)
    if article.title:
        holder = next((line for line in lines if line.span.of(text).strip() == article.title), None)
        return Evidence(article.title, "metadata", _stripped(text, holder.span) if holder else None)
    if titled is not None:
        span = _stripped(text, titled.span)
        return Evidence(span.of(text), "title-line", span)
    return None


def _stripped(text: str, span: Span) -> Span:
    surface = span.of(text)
    lead = len(surface) - len(surface.lstrip())
    return Span(span.start + lead, span.start + len(surface.rstrip()))


def find_dateline(text: str, lines: Sequence[Line], lex: SourceLexicon) -> Dateline | None:
    """The dateline at the start of a dateline line or of one of the first body lines
    ("JAKARTA - …", "NOURSOULTAN, 11 janvier (Reuters) - …", "Paris :, 13 (EUROPE PRESSE)")."""
    first_body = [line for line in lines if line.label.is_body][:3]
    candidates = [line for line in lines if line.label is LineLabel.DATELINE] + first_body
    for line in candidates:
        surface = line.span.of(text)
        for pattern in lex.datelines:
            match = pattern.match(surface)
            if match is None:
                continue
            groups = match.groupdict()
            date_text = groups.get("date")
            day = re.match(r"\d{1,2}", date_text) if date_text else None
            end = match.end()
            while end > match.start() and surface[end - 1].isspace():
                end -= 1
            return Dateline(
                span=Span(line.span.start + match.start(), line.span.start + end),
                place=groups["place"],
                day=int(day.group(0)) if day else None,
                date_text=date_text,
                agency=(groups.get("agency") or "").strip() or None,
            )
    return None


def is_machine_translated(lines: Sequence[Line]) -> bool:
    """Whether the page says its text was machine-translated."""
    return any(line.label is LineLabel.MT_DISCLAIMER for line in lines)


def origin_key(annotated: AnnotatedArticle) -> str:
    """What makes an article (in)dependent of another: the first agency or official
    source it cites, else its outlet, else the article itself."""
    if annotated.origins:
        return f"origin:{annotated.origins[0].name}"
    if annotated.outlet:
        return f"outlet:{annotated.outlet.lower()}"
    return f"article:{annotated.id}"
