"""The pipeline: the only module that chains the stages.

read → clean → annotate (language, publication date, sources, entities, time
expressions, quotes, figures) → group (incremental, through the store) → consolidate.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from .clean import clean_lexicon, label_lines, line_key, sentence_lexicon, split_sentences
from .consolidate import build_brief
from .copies import Fingerprint, best_copy, fingerprint, from_bytes
from .dates import (
    YEAR_ASSUMED,
    YEAR_FROM_COLLECTION,
    YEAR_FROM_STORY,
    date_lexicon,
    find_time_expressions,
    infer_published,
)
from .entities import entity_lexicon, extract_mentions, load_recognizer
from .figures import extract_claims, figure_lexicon
from .group import (
    ArticleProfile,
    StoryProfile,
    add_to_story,
    article_periods,
    choose_story,
    lookup_keys,
    new_story_profile,
    profile_article,
    story_periods,
)
from .language import identify_language
from .model import AnnotatedArticle, Article, Brief, Line, LineLabel, ReadFailure, content_id
from .quotes import extract_quotes, quote_lexicon
from .read import read_inputs
from .roles import find_roles, role_lexicon
from .settings import GroupSettings, Settings
from .sources import find_dateline, find_origins, find_outlet, find_title, is_machine_translated, source_lexicon
from .store import Store, StoreError
from .storylines import (
    ARTICLE_TERMS,
    StorylineProfile,
    add_to_storyline,
    better_storyline,
    choose_storyline,
    heaviest,
    merge_storylines,
    new_storyline,
    remove_from_storyline,
    split_storyline,
    storyline_similarity,
    subject_terms,
)

# The collection's most common year is a hint only once this many articles were dated
# from their own text.
_COLLECTION_MIN_DATED = 5

RepeatedLines = Callable[[str, Sequence[str]], frozenset[str]]
"""(outlet, line keys) → the keys seen often in other articles of that outlet."""


def annotate_article(
    article: Article,
    today: date,
    year_hint: int | None = None,
    repeated_lines: RepeatedLines | None = None,
) -> AnnotatedArticle:
    """Run every per-article stage on one article.  With `repeated_lines`, the lines its
    outlet repeats across articles are labelled as page furniture."""
    text = article.text
    lines = label_lines(text, clean_lexicon())
    language = identify_language(text, lines)
    if repeated_lines is not None:
        known = find_outlet(article, text, lines, source_lexicon(language))
        if known is not None:
            repeated = repeated_lines(outlet_key(known.value), line_keys(text, lines))
            if repeated:
                lines = label_lines(text, clean_lexicon(), repeated)
                language = identify_language(text, lines)
    sentences = split_sentences(text, lines, sentence_lexicon(language))
    names = extract_mentions(text, lines, load_recognizer(language), entity_lexicon(language))
    mentions = names + find_roles(text, lines, names, entity_lexicon(language),
                                  role_lexicon(language))
    quotes = extract_quotes(text, lines, sentences, mentions, quote_lexicon(language))
    sources = source_lexicon(language)
    title = find_title(article, text, lines)
    outlet = find_outlet(article, text, lines, sources)
    annotated = AnnotatedArticle(
        article=article,
        lines=lines,
        sentences=sentences,
        language=language,
        title=title.value if title else None,
        outlet=outlet.value if outlet else None,
        published=None,
        machine_translated=is_machine_translated(lines),
        origins=find_origins(text, lines, sources),
        mentions=mentions,
        times=(),
        quotes=quotes,
        claims=(),
        title_evidence=title,
        outlet_evidence=outlet,
        dateline=find_dateline(text, lines, sources),
    )
    return date_article(annotated, today, year_hint)


def date_article(
    annotated: AnnotatedArticle,
    today: date,
    year_hint: int | None = None,
    story_range: tuple[date, date] | None = None,
    hinted_how: str = YEAR_FROM_STORY,
) -> AnnotatedArticle:
    """(Re)run the stages that depend on the publication date: the date itself, the
    time expressions resolved against it, and the as-of dates of figures.  `year_hint`
    and `story_range` come from the story the article belongs to (or the hint from the
    collection, `hinted_how` saying which)."""
    article, language = annotated.article, annotated.language
    lex = date_lexicon(language)
    published = infer_published(article, annotated.lines, lex, today, year_hint, story_range,
                                hinted_how)
    anchor = published.value if published and len(published.value) == 10 else None
    spans = [s.span for s in annotated.sentences]
    times = find_time_expressions(article.text, spans, anchor, lex)
    claims = extract_claims(article.text, annotated.sentences, times, anchor, figure_lexicon(language))
    return replace(annotated, published=published, times=times, claims=claims)


def outlet_key(outlet: str) -> str:
    """The outlet as the line memory knows it (case and a leading www. ignored)."""
    return outlet.strip().lower().removeprefix("www.")


def line_keys(text: str, lines: Sequence[Line]) -> list[str]:
    """The keys of the non-blank lines of an article, for the outlet line memory."""
    return [line_key(line.span.of(text)) for line in lines if line.label is not LineLabel.BLANK]


def needs_story_dates(annotated: AnnotatedArticle) -> bool:
    """Whether the article's publication date is missing or its year only assumed, so
    that the dates of its story may settle it."""
    return annotated.published is None or annotated.published.how.endswith(YEAR_ASSUMED)


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did."""

    read: int = 0
    added: int = 0
    already_stored: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    stories: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.failures


Progress = Callable[[str], None]


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    today: date,
    progress: Progress | None = None,
) -> IngestReport:
    """Read the inputs, annotate each new article and file it into a story of the store.
    Every input is recorded with its status; an article already stored adds nothing."""
    report = IngestReport()

    def repeated(outlet: str, keys: Sequence[str]) -> frozenset[str]:
        return store.repeated_lines(outlet, keys, settings.clean.min_repeats)

    for item in read_inputs(inputs, settings.read):
        if progress is not None:
            progress(item.source)
        outcome: Article | ReadFailure | None = item
        if isinstance(item, Article) and not store.has_article(item.id):
            outcome = _annotate_and_file(item, store, settings, today, repeated, report)
        if outcome is None:  # added (and counted)
            continue
        if isinstance(outcome, ReadFailure):
            report.failures.append(outcome)
            with store.transaction():
                store.record_input(outcome.source, None, outcome.status, outcome.error)
            continue
        # stored before this run, or by another process meanwhile
        report.read += 1
        report.already_stored += 1
        with store.transaction():
            story = store.article_story(outcome.id)
            store.record_input(outcome.source, outcome.id, "ok", None)
        if story:
            report.stories.add(story)
    return report


def stage_failure(article: Article, err: Exception) -> ReadFailure:
    """The failure recorded for an article a stage raised on (a bug: the batch goes on)."""
    return ReadFailure(
        source=article.source,
        status="error",
        error=f"annotation failed ({type(err).__name__}: {err}); this is a bug of corroborate, "
        "please report it with the input",
    )


def line_too_long(article: Article, limit: int) -> ReadFailure | None:
    """The failure of an article holding a line longer than `limit` characters (the
    `[read] max_line_chars` setting), or None."""
    longest, line_no = max((len(line), n) for n, line in enumerate(article.text.split("\n"), 1))
    if longest <= limit:
        return None
    return ReadFailure(
        source=article.source,
        status="too-large",
        error=f"line {line_no} is {longest:,} characters long, over the {limit:,} of the "
        "max_line_chars setting; break the text into lines (paragraphs) first",
    )


def _annotate_and_file(
    article: Article,
    store: Store,
    settings: Settings,
    today: date,
    repeated: RepeatedLines,
    report: IngestReport,
) -> Article | ReadFailure | None:
    """Annotate a new article and store it (None, counted in `report`); a failure for
    an article no stage can handle, so that the batch goes on; the article itself when
    another process stored it first.  Errors of the store are raised: they concern
    every article."""
    too_long = line_too_long(article, settings.read.max_line_chars)
    if too_long is not None:
        return too_long
    try:
        annotated = annotate_article(article, today, repeated_lines=repeated)
        story, added = _file(annotated, store, settings, today)
    except (sqlite3.Error, StoreError):
        raise
    except Exception as err:  # a stage failing on one article must not stop the batch
        return stage_failure(article, err)
    if not added:
        return article
    report.read += 1
    report.added += 1
    report.stories.add(story)
    return None


def file_article(annotated: AnnotatedArticle, store: Store, settings: Settings, today: date) -> str:
    """Store an annotated article in the story it belongs to (a new one if none fits),
    in one transaction; returns the story id.

    An article whose text gives no publication date, or fits several years, is dated
    again with the dates of the story it resembles most (dates aside), when its text
    allows them.  An article already stored (by another process since it was read)
    is left as it is and its story returned."""
    return _file(annotated, store, settings, today)[0]


def _file(annotated: AnnotatedArticle, store: Store, settings: Settings, today: date) -> tuple[str, bool]:
    """`file_article`, and whether the article was added (False: it was there)."""
    with store.transaction():
        # checked again under the write lock: another ingest may have stored it while
        # this one was annotating
        existing = store.article_story(annotated.id)
        if existing is not None:
            return existing, False
        annotated, story = _assign_story(annotated, store, settings, today)
        if annotated.outlet:
            store.count_lines(outlet_key(annotated.outlet), line_keys(annotated.article.text, annotated.lines))
        store.add_article(annotated, story)
        store.record_input(annotated.article.source, annotated.id, "ok", None)
    return story, True


def regroup(store: Store, settings: Settings, today: date) -> int:
    """Group every stored article again from scratch, in ingestion order, with
    `settings` (in one transaction: a failure leaves the old grouping); returns the
    number of stories."""
    with store.transaction():
        articles = store.articles()
        store.clear_grouping()
        for annotated in articles:
            annotated, story = _assign_story(annotated, store, settings, today)
            store.move_article(annotated, story)
    return len(store.stories())


def _assign_story(
    annotated: AnnotatedArticle, store: Store, settings: Settings, today: date
) -> tuple[AnnotatedArticle, str]:
    """The story an article joins (created or updated in the index, inside the caller's
    transaction) and the article, re-dated with its story's dates when it needed them.

    A near-duplicate copy of a filed article joins that article's story; any other
    article joins the most similar candidate story, or starts one."""
    found = fingerprint(annotated)
    copied = _copied_story(found, store, settings) if found is not None else None
    profile = profile_article(annotated, settings.group)
    frequencies, n_documents = store.document_frequencies(list(profile.terms))
    within = article_periods(profile)
    candidates = store.story_candidates(lookup_keys(profile, within, frequencies),
                                        settings.group.max_candidates, within)
    if needs_story_dates(annotated):
        annotated = _date_from_story(annotated, copied, profile, candidates, frequencies,
                                     n_documents, store, settings, today)
        profile = profile_article(annotated, settings.group)
    if copied is not None:
        chosen: str | None = copied.story
        current: StoryProfile | None = copied
    else:
        chosen, _score = choose_story(profile, candidates, frequencies, n_documents, settings.group)
        current = next((c for c in candidates if c.story == chosen), None)
    if chosen is None or current is None:
        story = new_story_profile(content_id("s", annotated.id), profile)
    else:
        story = add_to_story(current, profile, settings.group.profile_terms * 4)
    store.count_document(profile)
    periods = story_periods(story, settings.group.window_days)
    before = story_periods(current, settings.group.window_days) if current is not None else ()
    store.save_story(story, profile.keys, periods, [p for p in periods if p not in before])
    if found is not None:
        store.add_fingerprint(annotated.id, found.to_bytes(), found.bands)
    if profile.read_from_text and profile.published:
        store.count_read_year(int(profile.published[:4]))
    file_in_storyline(annotated.id, story.story, subject_terms(annotated), store, settings.group)
    return annotated, story.story


def file_in_storyline(article: str, story: str, terms: Mapping[str, float], store: Store,
                      settings: GroupSettings) -> None:
    """Add an article's subject terms (`storylines.subject_terms`) to its story's
    storyline — chosen now when the story is new: the most similar candidate storyline,
    or a new one named after the article — and to the story's own subject; move the
    story to another storyline that its articles, taken together, fit better
    (`storylines.better_storyline`); then merge its storyline with a candidate that has
    come to look like it (the smaller one joins).  Each time a storyline doubles in size
    (8, 16, 32 … articles) every story in it is weighed again (`_settle`).  `batch`
    replays it."""
    terms = dict(terms)
    subject = add_to_storyline(store.story_subject(story) or new_storyline(story), terms)
    store.save_story_subject(subject)
    current = store.story_storyline(story)
    line = store.storyline_profile(current) if current else None
    if line is None:
        candidates = store.storyline_candidates(list(terms), settings.max_candidates)
        chosen, _ = choose_storyline(terms, candidates, settings.storyline_threshold,
                                     settings.storyline_damping)
        line = next((c for c in candidates if c.storyline == chosen), None) or \
            new_storyline(content_id("l", article))
    before = line.size
    line = add_to_storyline(line, terms)
    store.save_storyline(line, story, list(terms))
    if subject.size >= 2:
        line = _move_story(subject, line, store, settings)
    for other in store.storyline_candidates(heaviest(line), settings.max_candidates):
        if other.storyline != line.storyline and storyline_similarity(line, other) >= settings.storyline_merge:
            keep, gone = sorted((line, other), key=lambda p: (-p.size, p.storyline))
            before = before if keep is line else keep.size
            line = merge_storylines(keep, gone)
            store.merge_storyline(line, gone.storyline)
            break
    if _doubled(before, line.size):
        _settle(line.storyline, store, settings)


# A storyline is weighed again, story by story, when it reaches this size and each time
# it doubles: what arrived first chose storylines among few and young ones.
_SETTLE_FROM = 8


def _doubled(before: int, after: int) -> bool:
    """Whether a storyline growing from `before` to `after` articles reached a power of
    two, at least `_SETTLE_FROM`."""
    size = _SETTLE_FROM
    while size <= after:
        if before < size:
            return True
        size *= 2
    return False


def _move_story(subject: StorylineProfile, line: StorylineProfile, store: Store,
                settings: GroupSettings) -> StorylineProfile:
    """Move a story (its `subject`) from `line` to the storyline it fits better
    (`storylines.better_storyline`), if any; produces the story's storyline after."""
    keys = heaviest(subject, ARTICLE_TERMS)
    better = better_storyline(subject, line, store.storyline_candidates(keys, settings.max_candidates),
                              settings.storyline_threshold, settings.storyline_move_margin,
                              settings.storyline_damping)
    if better is None:
        return line
    left = remove_from_storyline(line, subject.terms, subject.size)
    moved = add_to_storyline(better, subject.terms, subject.size)
    store.save_storyline(moved, subject.storyline, keys)
    store.update_storyline(left)  # after the story has left it
    return moved


def _settle(storyline: str, store: Store, settings: GroupSettings) -> None:
    """Weigh a storyline again, now that it has grown: cut it in two when its stories
    make two subjects (`storylines.split_storyline`), then move each story to a
    storyline it fits better than the rest of its own (`_move_story`).  A storyline
    settles at 8, 16, 32 … articles, so the work is at most twice its size over its whole
    life: a constant per article, amortised."""
    stories = store.storyline_stories(storyline)
    subjects = {s: subject for s in stories if (subject := store.story_subject(s)) is not None}
    leaving = split_storyline(list(subjects.values()), settings.storyline_split)
    if leaving:
        # named after what it leaves and takes: never the name of a storyline in use
        new = new_storyline(content_id("l", storyline, *leaving))
        line = store.storyline_profile(storyline)
        for story in leaving:
            subject = subjects[story]
            new = add_to_storyline(new, subject.terms, subject.size)
            if line is not None:
                line = remove_from_storyline(line, subject.terms, subject.size)
        for story in leaving:  # the profile once, whole
            store.save_storyline(new, story, heaviest(subjects[story], ARTICLE_TERMS))
        if line is not None:
            store.update_storyline(line)
    for story in stories:
        line = store.storyline_profile(store.story_storyline(story) or storyline)
        if line is not None and story in subjects:
            _move_story(subjects[story], line, store, settings)


def _copied_story(found: Fingerprint, store: Store, settings: Settings) -> StoryProfile | None:
    """The story of the filed article the new one is a near-duplicate copy of, if any."""
    stored = store.copy_candidates(found.bands)
    best = best_copy(found, (from_bytes(a, minhash) for a, minhash, _ in stored),
                     settings.group.copy_threshold)
    if best is None:
        return None
    story = next(story for a, _, story in stored if a == best[0])
    return store.story_profile(story)


def _date_from_story(
    annotated: AnnotatedArticle,
    copied: StoryProfile | None,
    profile: ArticleProfile,
    candidates: Sequence[StoryProfile],
    frequencies: dict[str, int],
    n_documents: int,
    store: Store,
    settings: Settings,
    today: date,
) -> AnnotatedArticle:
    """The article dated again with the dates read in the story it copies or resembles
    most (dates aside); without one, with the year most of the collection's dated articles
    were written in, when its text fits several years."""
    near = copied
    if near is None:
        timeless = replace(settings.group, window_days=10**6, span_days=10**6)
        nearest, _ = choose_story(profile, candidates, frequencies, n_documents, timeless)
        near = next((c for c in candidates if c.story == nearest), None)
    first, last = (near.read_first, near.read_last) if near is not None else (None, None)
    if first and last and len(first) == len(last) == 10:
        span = (date.fromisoformat(first), date.fromisoformat(last))
        return date_article(annotated, today, span[0].year, span)
    years = store.read_years()
    if sum(years.values()) >= _COLLECTION_MIN_DATED:
        year = max(years, key=lambda y: (years[y], y))
        return date_article(annotated, today, year, None, YEAR_FROM_COLLECTION)
    return annotated


def brief_for(store: Store, story_id: str, settings: Settings) -> Brief:
    """The dossier of one stored story."""
    return build_brief(story_id, store.articles(story_id), settings)
