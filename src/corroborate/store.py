"""The SQLite store: articles with their annotations, stories, and the grouping index.

The schema is versioned (`PRAGMA user_version`) and migrated forward on open; the
database runs in WAL mode so readers never block the writer.  Each article is stored in
one transaction together with its story assignment, so a crash leaves either the whole
article or nothing; ingesting an article already stored (same content hash) adds
nothing.  Several processes may use one store at once: writers queue behind one another
(BEGIN IMMEDIATE and a busy timeout, retried), readers see committed states only, and
`Store.check` lists whatever would break these guarantees.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from .group import ANY_TIME, ArticleProfile, StoryProfile
from .model import AnnotatedArticle, Article, Span, from_data, to_data
from .storylines import StorylineProfile

# Each entry migrates the schema from version i to i + 1: a script of statements separated
# by ";", or a tuple of statements (triggers hold ";" of their own).
MIGRATIONS: tuple[str | tuple[str, ...], ...] = (
    """
    CREATE TABLE articles (
        id          TEXT PRIMARY KEY,
        source      TEXT NOT NULL,
        format      TEXT NOT NULL,
        title       TEXT,
        outlet      TEXT,
        language    TEXT NOT NULL,
        published   TEXT,
        text        TEXT NOT NULL,
        annotation  TEXT NOT NULL,
        story_id    TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE TABLE inputs (
        source     TEXT PRIMARY KEY,
        article_id TEXT,
        status     TEXT NOT NULL,
        error      TEXT,
        seen_at    TEXT NOT NULL
    );
    CREATE TABLE stories (
        id         TEXT PRIMARY KEY,
        size       INTEGER NOT NULL,
        first_date TEXT,
        last_date  TEXT,
        profile    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE story_keys (
        key      TEXT NOT NULL,
        story_id TEXT NOT NULL,
        PRIMARY KEY (key, story_id)
    ) WITHOUT ROWID;
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df   INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO meta (key, value) VALUES ('n_documents', '0');
    """,
    # 2: lines seen per outlet, to recognise page furniture repeated across its articles
    """
    CREATE TABLE outlet_lines (
        outlet TEXT NOT NULL,
        key    TEXT NOT NULL,
        count  INTEGER NOT NULL,
        PRIMARY KEY (outlet, key)
    ) WITHOUT ROWID;
    """,
    # 3: full-text search over titles and texts, accent- and case-insensitive ("tokaiev"
    # finds Tokaïev); an external-content index kept in step by triggers
    (
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
        "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.rowid, old.title, old.text); END",
        "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.rowid, old.title, old.text); "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    ),
    # 4: near-duplicate fingerprints (MinHash) and their LSH bands, to find the copies of
    # a new article with a few index lookups; the years of the dates read from texts
    """
    CREATE TABLE fingerprints (
        article_id TEXT PRIMARY KEY,
        minhash    BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE fingerprint_bands (
        band       INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE read_years (
        year INTEGER PRIMARY KEY,
        n    INTEGER NOT NULL
    );
    """,
    # 5: storylines, the stories of one long-running subject, and their index of subject
    # terms (names and countries)
    """
    CREATE TABLE storylines (
        id      TEXT PRIMARY KEY,
        size    INTEGER NOT NULL,
        profile TEXT NOT NULL
    );
    CREATE TABLE storyline_keys (
        key          TEXT NOT NULL,
        storyline_id TEXT NOT NULL,
        PRIMARY KEY (key, storyline_id)
    ) WITHOUT ROWID;
    ALTER TABLE stories ADD COLUMN storyline_id TEXT;
    CREATE INDEX stories_storyline ON stories (storyline_id);
    """,
    # 6: the key index by time period (`group.story_periods`), so that a dated article
    # meets only the stories of its time window and the cost of a lookup does not grow
    # with the store; the stories of a store made before are filed under "any time",
    # which every dated article also looks up (a superset: nothing is missed)
    """
    CREATE TABLE story_periods (
        key      TEXT NOT NULL,
        period   INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        PRIMARY KEY (key, period, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_keys_story ON story_keys (story_id);
    INSERT INTO story_periods (key, period, story_id) SELECT key, -1, story_id FROM story_keys;
    """,
    # 7: each story's subject (the summed names and countries of its articles), so that
    # a story can move to the storyline its articles fit (`storylines.better_storyline`);
    # the stories of a store made before start theirs with their next article
    """
    CREATE TABLE story_subjects (
        story_id TEXT PRIMARY KEY,
        size     INTEGER NOT NULL,
        profile  TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# How long one statement waits for another process's write lock (SQLite's busy handler),
# and how many times a write transaction that still finds the store locked is retried:
# a long `regroup` in another process may hold the lock for minutes.
BUSY_TIMEOUT_S = 30.0
LOCK_RETRIES = 10
T = TypeVar("T")


class StoreError(Exception):
    """The store cannot be opened or used (path, version, corruption)."""


@dataclass(frozen=True, slots=True)
class InputRow:
    source: str
    article_id: str | None
    status: str
    error: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    story_id: str
    title: str | None
    published: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    size: int
    first_date: str | None
    last_date: str | None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """An open corroborate database."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the store: {err}") from None
        try:
            # switching to WAL needs a moment alone with the file, which a process
            # creating the same store at the same time may hold
            _retry_locked(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            # NORMAL in WAL mode: a killed process loses nothing committed; a power cut
            # may lose the last transactions but never leaves a broken database
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as err:
            self.db.close()
            raise StoreError(f"{self.path}: cannot open the store: {err}") from None
        except StoreError:
            self.db.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION.  The version is read again under the write
        lock: two processes opening a new store at once must not both create it."""
        version = self._version()
        while version < SCHEMA_VERSION:
            with self.transaction():
                version = self._version()
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in _statements(MIGRATIONS[target - 1]):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {target}")
                version = SCHEMA_VERSION

    def _version(self) -> int:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this corroborate ({SCHEMA_VERSION})"
            )
        return version

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction (BEGIN IMMEDIATE: one writer at a time, readers go on);
        waits for another process's write lock (busy timeout, then retries) rather than
        failing with "database is locked"; rolls back on any exception."""
        _retry_locked(lambda: self.db.execute("BEGIN IMMEDIATE"))
        try:
            yield
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled back already (disk full…)
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: the reads inside it see one committed state of the store,
        whatever other processes commit meanwhile (WAL readers take no lock).  Inside a
        transaction already, it is that transaction's state."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    # -- articles and inputs -------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def article_story(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return str(row[0]) if row else None

    def record_input(self, source: str, article_id: str | None, status: str, error: str | None) -> None:
        """Remember what became of an input (inside the caller's transaction, if any)."""
        self.db.execute(
            "INSERT INTO inputs (source, article_id, status, error, seen_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(source) DO UPDATE SET article_id = excluded.article_id, "
            "status = excluded.status, error = excluded.error, seen_at = excluded.seen_at",
            (source, article_id, status, error, _now()),
        )

    def add_article(self, annotated: AnnotatedArticle, story_id: str) -> None:
        """Store an annotated article in `story_id` (inside the caller's transaction)."""
        article = annotated.article
        data = to_data(annotated)
        data["article"]["text"] = None  # the text has its own column
        self.db.execute(
            "INSERT INTO articles (id, source, format, title, outlet, language, published, text, "
            "annotation, story_id, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.source,
                article.format,
                annotated.title,
                annotated.outlet,
                annotated.language,
                annotated.published.value if annotated.published else None,
                article.text,
                json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                story_id,
                _now(),
            ),
        )

    def inputs(self) -> list[InputRow]:
        rows = self.db.execute("SELECT source, article_id, status, error FROM inputs ORDER BY source")
        return [InputRow(*row) for row in rows]

    def articles(self, story_id: str | None = None) -> list[AnnotatedArticle]:
        """Annotated articles, of one story or all, in ingestion order."""
        sql = "SELECT text, annotation FROM articles"
        args: tuple[Any, ...] = ()
        if story_id is not None:
            sql += " WHERE story_id = ?"
            args = (story_id,)
        rows = self.db.execute(sql + " ORDER BY rowid", args).fetchall()
        return [_load_annotated(text, annotation) for text, annotation in rows]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching every word of `query` (accents and case ignored), best first,
        with a snippet of the text around the matches (marked [ ])."""
        match = fts_query(query)
        if not match:
            return []
        rows = self.db.execute(
            "SELECT a.id, a.story_id, a.title, a.published, "
            "snippet(articles_fts, 1, '[', ']', '…', 16) FROM articles_fts "
            "JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()
        return [SearchHit(*row) for row in rows]

    def move_article(self, annotated: AnnotatedArticle, story_id: str) -> None:
        """Put a stored article in another story, with its annotation as re-dated by
        grouping (inside the caller's transaction)."""
        data = to_data(annotated)
        data["article"]["text"] = None
        self.db.execute(
            "UPDATE articles SET story_id = ?, published = ?, annotation = ? WHERE id = ?",
            (story_id, annotated.published.value if annotated.published else None,
             json.dumps(data, ensure_ascii=False, separators=(",", ":")), annotated.id),
        )

    def clear_grouping(self) -> None:
        """Forget every story and the grouping index, articles kept (inside the caller's
        transaction): what `regroup` starts from."""
        self.db.execute("DELETE FROM stories")
        self.db.execute("DELETE FROM story_keys")
        self.db.execute("DELETE FROM story_periods")
        self.db.execute("DELETE FROM term_df")
        self.db.execute("DELETE FROM fingerprints")
        self.db.execute("DELETE FROM fingerprint_bands")
        self.db.execute("DELETE FROM read_years")
        self.db.execute("DELETE FROM storylines")
        self.db.execute("DELETE FROM storyline_keys")
        self.db.execute("DELETE FROM story_subjects")
        self.db.execute("UPDATE stories SET storyline_id = NULL")
        self.db.execute("UPDATE meta SET value = '0' WHERE key = 'n_documents'")

    def article_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def check(self) -> list[str]:
        """Read the whole store in one snapshot and list what is inconsistent (empty when
        all is well): SQLite's integrity and foreign-key checks, the search index against
        the articles, every article in an existing story with an annotation that loads
        and spans inside its text, story sizes and document counts matching the
        articles, every input marked ok pointing to a stored article."""
        problems: list[str] = []
        with self.snapshot():
            problems += [f"integrity: {row[0]}" for row in self.db.execute("PRAGMA integrity_check")
                         if row[0] != "ok"]
            problems += [f"foreign key: {row}" for row in self.db.execute("PRAGMA foreign_key_check")]
            try:
                self.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as err:
                problems.append(f"search index out of step with the articles: {err}")
            for sql, what in _CONSISTENCY_QUERIES:
                problems += [f"{what}: {', '.join(map(str, row))}" for row in self.db.execute(sql)]
            for article_id, text, annotation in self.db.execute("SELECT id, text, annotation FROM articles"):
                problems += _article_problems(article_id, text, annotation)
        return problems

    # -- stories and the grouping index -------------------------------------------

    def stories(self) -> list[StoryRow]:
        rows = self.db.execute(
            "SELECT id, size, first_date, last_date FROM stories ORDER BY size DESC, first_date, id"
        )
        return [StoryRow(*row) for row in rows]

    def find_story(self, prefix: str) -> str | None:
        """The id of the story whose id starts with `prefix` (unique), else None."""
        rows = self.db.execute(
            "SELECT id FROM stories WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
        return str(rows[0][0]) if len(rows) == 1 else None

    def story_candidates(self, keys: Sequence[str], limit: int,
                         periods: Sequence[int] | None = None) -> list[StoryProfile]:
        """The stories sharing the most index keys with an article (at most `limit`):
        among all stories, or among those filed under one of `periods`."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        if periods is None:
            inner = f"SELECT story_id, COUNT(*) AS shared FROM story_keys WHERE key IN ({marks})"
            params: tuple[object, ...] = tuple(keys)
        else:
            inner = (f"SELECT story_id, COUNT(DISTINCT key) AS shared FROM story_periods "
                     f"WHERE key IN ({marks}) AND period IN ({','.join('?' * len(periods))})")
            params = (*keys, *periods)
        rows = self.db.execute(
            f"SELECT s.profile FROM stories s JOIN ({inner}"
            f"  GROUP BY story_id ORDER BY shared DESC, story_id LIMIT ?"
            f") c ON c.story_id = s.id ORDER BY c.shared DESC, s.id",
            (*params, limit),
        ).fetchall()
        return [_story_profile(row[0]) for row in rows]

    def save_story(self, profile: StoryProfile, keys: Sequence[str],
                   periods: Sequence[int] = (ANY_TIME,), new_periods: Sequence[int] = ()) -> None:
        """Insert or update a story's profile and add `keys` to its index entries, under
        each of the story's time `periods`; under `new_periods` (those the story did not
        have before) every key of the story is filed."""
        now = _now()
        self.db.execute(
            "INSERT INTO stories (id, size, first_date, last_date, profile, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET size = excluded.size, "
            "first_date = excluded.first_date, last_date = excluded.last_date, "
            "profile = excluded.profile, updated_at = excluded.updated_at",
            (
                profile.story,
                profile.size,
                profile.first,
                profile.last,
                _profile_json(profile),
                now,
                now,
            ),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?, ?)",
            [(key, profile.story) for key in keys],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO story_periods (key, period, story_id) "
            "SELECT key, ?, story_id FROM story_keys WHERE story_id = ?",
            [(period, profile.story) for period in new_periods],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO story_periods (key, period, story_id) VALUES (?, ?, ?)",
            [(key, period, profile.story) for period in periods if period not in new_periods for key in keys],
        )

    def story_profile(self, story_id: str) -> StoryProfile | None:
        """The stored profile of one story."""
        row = self.db.execute("SELECT profile FROM stories WHERE id = ?", (story_id,)).fetchone()
        return _story_profile(row[0]) if row else None

    def copy_candidates(self, bands: Sequence[int], limit: int = 200) -> list[tuple[str, bytes, str]]:
        """The filed articles sharing an LSH band with a fingerprint: (article id, stored
        MinHash, story id), at most `limit`, those sharing most bands first."""
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self.db.execute(
            f"SELECT f.article_id, f.minhash, a.story_id FROM ("
            f"  SELECT article_id, COUNT(*) AS shared FROM fingerprint_bands WHERE band IN ({marks})"
            f"  GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?"
            f") c JOIN fingerprints f ON f.article_id = c.article_id "
            f"JOIN articles a ON a.id = c.article_id ORDER BY c.shared DESC, c.article_id",
            (*bands, limit),
        ).fetchall()
        return [(str(r[0]), bytes(r[1]), str(r[2])) for r in rows]

    def add_fingerprint(self, article_id: str, minhash: bytes, bands: Sequence[int]) -> None:
        """Index an article's fingerprint (inside the caller's transaction)."""
        self.db.execute("INSERT OR REPLACE INTO fingerprints (article_id, minhash) VALUES (?, ?)",
                        (article_id, minhash))
        self.db.executemany("INSERT OR IGNORE INTO fingerprint_bands (band, article_id) VALUES (?, ?)",
                            [(band, article_id) for band in bands])

    def count_read_year(self, year: int) -> None:
        """Count the year of a publication date read from an article's own text."""
        self.db.execute("INSERT INTO read_years (year, n) VALUES (?, 1) "
                        "ON CONFLICT(year) DO UPDATE SET n = n + 1", (year,))

    def read_years(self) -> dict[int, int]:
        """How many filed articles had their publication date read in each year."""
        return {int(y): int(n) for y, n in self.db.execute("SELECT year, n FROM read_years")}

    def story_storyline(self, story_id: str) -> str | None:
        """The storyline a story belongs to (None before it is decided)."""
        row = self.db.execute("SELECT storyline_id FROM stories WHERE id = ?", (story_id,)).fetchone()
        return str(row[0]) if row and row[0] else None

    def storylines(self) -> dict[str, str]:
        """Story id -> storyline id, for every story."""
        return {str(s): str(line) for s, line in
                self.db.execute("SELECT id, storyline_id FROM stories WHERE storyline_id IS NOT NULL")}

    def storyline_stories(self, storyline_id: str) -> list[str]:
        """The ids of a storyline's stories, in id order."""
        return [row[0] for row in self.db.execute(
            "SELECT id FROM stories WHERE storyline_id = ? ORDER BY id", (storyline_id,))]

    def storyline_profile(self, storyline_id: str) -> StorylineProfile | None:
        row = self.db.execute("SELECT profile FROM storylines WHERE id = ?", (storyline_id,)).fetchone()
        return _storyline_profile(row[0]) if row else None

    def storyline_candidates(self, keys: Sequence[str], limit: int) -> list[StorylineProfile]:
        """The storylines sharing the most subject terms with an article (at most `limit`)."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT s.profile FROM storylines s JOIN ("
            f"  SELECT storyline_id, COUNT(*) AS shared FROM storyline_keys WHERE key IN ({marks})"
            f"  GROUP BY storyline_id ORDER BY shared DESC, storyline_id LIMIT ?"
            f") c ON c.storyline_id = s.id ORDER BY c.shared DESC, s.id",
            (*keys, limit),
        ).fetchall()
        return [_storyline_profile(row[0]) for row in rows]

    def save_storyline(self, profile: StorylineProfile, story_id: str, keys: Sequence[str]) -> None:
        """Insert or update a storyline, put the story in it, index `keys` (inside the
        caller's transaction)."""
        self.db.execute(
            "INSERT INTO storylines (id, size, profile) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE "
            "SET size = excluded.size, profile = excluded.profile",
            (profile.storyline, profile.size,
             _profile_json(profile)),
        )
        self.db.execute("UPDATE stories SET storyline_id = ? WHERE id = ?", (profile.storyline, story_id))
        self.db.executemany("INSERT OR IGNORE INTO storyline_keys (key, storyline_id) VALUES (?, ?)",
                            [(key, profile.storyline) for key in keys])

    def story_subject(self, story_id: str) -> StorylineProfile | None:
        """A story's subject: the summed subject terms of its articles (None before its
        first article, or for a story filed before schema 7)."""
        row = self.db.execute("SELECT profile FROM story_subjects WHERE story_id = ?", (story_id,)).fetchone()
        return _storyline_profile(row[0]) if row else None

    def save_story_subject(self, subject: StorylineProfile) -> None:
        """Insert or update a story's subject (a profile named after the story)."""
        self.db.execute(
            "INSERT INTO story_subjects (story_id, size, profile) VALUES (?, ?, ?) ON CONFLICT(story_id) "
            "DO UPDATE SET size = excluded.size, profile = excluded.profile",
            (subject.storyline, subject.size, _profile_json(subject)))

    def update_storyline(self, profile: StorylineProfile) -> None:
        """Save a storyline's profile after stories have left it; a storyline left
        without articles or without stories is forgotten with its index entries (a story
        filed before schema 7 moves with the articles its subject holds, not all of its
        own: what remains of it in the old storyline goes with the storyline)."""
        left = self.db.execute("SELECT 1 FROM stories WHERE storyline_id = ? LIMIT 1",
                               (profile.storyline,)).fetchone()
        if profile.size <= 0 or left is None:
            self._forget_storyline(profile.storyline)
        else:
            self.db.execute("UPDATE storylines SET size = ?, profile = ? WHERE id = ?",
                            (profile.size, _profile_json(profile), profile.storyline))

    def merge_storyline(self, keep: StorylineProfile, other: str) -> None:
        """Put every story of storyline `other` in `keep` (saved as given) and forget
        `other` (inside the caller's transaction)."""
        self.db.execute("UPDATE stories SET storyline_id = ? WHERE storyline_id = ?", (keep.storyline, other))
        self.db.execute("INSERT OR IGNORE INTO storyline_keys (key, storyline_id) "
                        "SELECT key, ? FROM storyline_keys WHERE storyline_id = ?", (keep.storyline, other))
        self._forget_storyline(other)
        self.db.execute("UPDATE storylines SET size = ?, profile = ? WHERE id = ?",
                        (keep.size, _profile_json(keep), keep.storyline))

    def _forget_storyline(self, storyline_id: str) -> None:
        """Delete a storyline and its index entries (its stories are elsewhere by now)."""
        self.db.execute("DELETE FROM storyline_keys WHERE storyline_id = ?", (storyline_id,))
        self.db.execute("DELETE FROM storylines WHERE id = ?", (storyline_id,))

    def document_count(self) -> int:
        """How many articles the grouping index has counted."""
        return int(self.db.execute("SELECT value FROM meta WHERE key = 'n_documents'").fetchone()[0])

    def document_frequencies(self, terms: Sequence[str]) -> tuple[dict[str, int], int]:
        """Document frequency of each term and the number of documents profiled."""
        found: dict[str, int] = {}
        for chunk_start in range(0, len(terms), 500):
            chunk = list(terms[chunk_start : chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", chunk))
        n = int(self.db.execute("SELECT value FROM meta WHERE key = 'n_documents'").fetchone()[0])
        return found, n

    def repeated_lines(self, outlet: str, keys: Sequence[str], min_count: int) -> frozenset[str]:
        """Which of `keys` (line keys) were seen in at least `min_count` articles of `outlet`."""
        found: set[str] = set()
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT key FROM outlet_lines WHERE outlet = ? AND count >= ? AND key IN ({marks})",
                (outlet, min_count, *chunk),
            )
            found.update(row[0] for row in rows)
        return frozenset(found)

    def count_lines(self, outlet: str, keys: Sequence[str]) -> None:
        """Count each distinct line key once more for `outlet` (inside the caller's transaction)."""
        self.db.executemany(
            "INSERT INTO outlet_lines (outlet, key, count) VALUES (?, ?, 1) "
            "ON CONFLICT(outlet, key) DO UPDATE SET count = count + 1",
            [(outlet, key) for key in sorted(set(keys))],
        )

    def count_document(self, profile: ArticleProfile) -> None:
        """Add an article's terms to the document frequencies."""
        self.db.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
            [(term,) for term in profile.terms],
        )
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'n_documents'")


# (query, what a row it returns means): the relations the schema does not enforce
_CONSISTENCY_QUERIES: tuple[tuple[str, str], ...] = (
    ("SELECT id, story_id FROM articles WHERE story_id NOT IN (SELECT id FROM stories)",
     "article in a missing story"),
    ("SELECT s.id, s.size, COUNT(a.id) FROM stories s LEFT JOIN articles a ON a.story_id = s.id "
     "GROUP BY s.id HAVING s.size != COUNT(a.id)", "story size differs from its articles"),
    ("SELECT DISTINCT story_id FROM story_keys WHERE story_id NOT IN (SELECT id FROM stories)",
     "index key of a missing story"),
    ("SELECT DISTINCT story_id FROM story_periods WHERE story_id NOT IN (SELECT id FROM stories)",
     "period index key of a missing story"),
    ("SELECT p.key, p.story_id FROM story_periods p WHERE NOT EXISTS (SELECT 1 FROM story_keys k "
     "WHERE k.key = p.key AND k.story_id = p.story_id)", "period index key missing from the key index"),
    ("SELECT source, article_id FROM inputs WHERE status = 'ok' AND (article_id IS NULL OR "
     "article_id NOT IN (SELECT id FROM articles))", "input marked ok without its article"),
    ("SELECT value, (SELECT COUNT(*) FROM articles) FROM meta WHERE key = 'n_documents' AND "
     "CAST(value AS INTEGER) != (SELECT COUNT(*) FROM articles)", "documents counted differ from articles"),
)


def _article_problems(article_id: str, text: str, annotation: str) -> list[str]:
    """What is wrong with one stored article: an annotation that does not load, another
    id, no lines, a span outside the text."""
    try:
        annotated = _load_annotated(text, annotation)
    except Exception as err:  # any failure to load is the problem being reported
        return [f"article {article_id}: annotation does not load ({type(err).__name__}: {err})"]
    problems = []
    if annotated.id != article_id:
        problems.append(f"article {article_id}: annotation of {annotated.id}")
    if text and (not annotated.lines or annotated.lines[-1].span.end != len(text)):
        problems.append(f"article {article_id}: lines do not cover the text")
    bad = [span for span in _spans(annotated) if span.end > len(text)]
    if bad:
        problems.append(f"article {article_id}: {len(bad)} span(s) past the end of the text")
    return problems


def _spans(record: object) -> Iterator[Span]:
    """Every Span inside a record, its tuples and nested records."""
    if isinstance(record, Span):
        yield record
    elif isinstance(record, tuple):
        for item in record:
            yield from _spans(item)
    elif is_dataclass(record) and not isinstance(record, type):
        for f in fields(record):
            yield from _spans(getattr(record, f.name))


def _retry_locked(call: Callable[[], T]) -> T:
    """`call()`, tried again while SQLite reports the store locked or busy after its own
    busy timeout: another process holds the write lock for long (a regroup)."""
    for attempt in range(LOCK_RETRIES):
        try:
            return call()
        except sqlite3.OperationalError as err:
            if not _is_locked(err) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _is_locked(err: sqlite3.OperationalError) -> bool:
    message = str(err).lower()
    return "locked" in message or "busy" in message


@lru_cache(maxsize=4096)
def _story_profile(data: str) -> StoryProfile:
    """A stored story profile: its fields are flat (a dict of floats, strings, ints), so
    it is built directly — `from_data` walks every term and costs more than the query.
    Kept by its stored text (profiles are never changed in place): the candidates of
    the next articles are mostly the same stories, and decoding them was a tenth of the
    cost of filing an article."""
    fields = json.loads(data)
    fields["languages"] = tuple(fields.get("languages", ()))
    return StoryProfile(**fields)


def _profile_json(profile: StoryProfile | StorylineProfile) -> str:
    """A profile as compact JSON, as stored."""
    return json.dumps(to_data(profile), ensure_ascii=False, separators=(",", ":"))


def _storyline_profile(data: str) -> StorylineProfile:
    return StorylineProfile(**json.loads(data))


def _chunks(items: Sequence[str], size: int = 500) -> list[list[str]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _statements(script: str | tuple[str, ...]) -> list[str]:
    if isinstance(script, tuple):
        return list(script)
    return [s.strip() for s in script.split(";") if s.strip()]


_QUERY_WORD = re.compile(r"\w+")


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word required, each quoted, so that no
    character of the input is read as FTS5 syntax ("a OR b", quotes, stars)."""
    return " ".join(f'"{word}"' for word in _QUERY_WORD.findall(text))


def _load_annotated(text: str, annotation: str) -> AnnotatedArticle:
    data = json.loads(annotation)
    data["article"]["text"] = text
    annotated = from_data(AnnotatedArticle, data)
    if not isinstance(annotated.article, Article):
        raise StoreError("corrupt annotation record")
    return annotated
