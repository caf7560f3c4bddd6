"""The SQLite store: articles with their annotations, stories, and the grouping index.

The schema is versioned (`PRAGMA user_version`) and migrated forward on open; the
database runs in WAL mode so readers never block the writer.  Each article is stored in
one transaction together with its story assignment, so a crash leaves either the whole
article or nothing; ingesting an article already stored (same content hash) adds
nothing.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .group import ArticleProfile, StoryProfile
from .model import AnnotatedArticle, Article, from_data, to_data

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
)
SCHEMA_VERSION = len(MIGRATIONS)


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
            self.db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot open the store: {err}") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this corroborate ({SCHEMA_VERSION})"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in _statements(MIGRATIONS[target - 1]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {target}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction (BEGIN IMMEDIATE: one writer at a time, readers go on)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
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
        self.db.execute("DELETE FROM term_df")
        self.db.execute("DELETE FROM fingerprints")
        self.db.execute("DELETE FROM fingerprint_bands")
        self.db.execute("DELETE FROM read_years")
        self.db.execute("UPDATE meta SET value = '0' WHERE key = 'n_documents'")

    def article_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

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

    def story_candidates(self, keys: Sequence[str], limit: int) -> list[StoryProfile]:
        """The stories sharing the most index keys with an article (at most `limit`)."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT s.profile FROM stories s JOIN ("
            f"  SELECT story_id, COUNT(*) AS shared FROM story_keys WHERE key IN ({marks})"
            f"  GROUP BY story_id ORDER BY shared DESC, story_id LIMIT ?"
            f") c ON c.story_id = s.id ORDER BY c.shared DESC, s.id",
            (*keys, limit),
        ).fetchall()
        return [from_data(StoryProfile, json.loads(row[0])) for row in rows]

    def save_story(self, profile: StoryProfile, keys: Sequence[str]) -> None:
        """Insert or update a story's profile and add `keys` to its index entries."""
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
                json.dumps(to_data(profile), ensure_ascii=False, separators=(",", ":")),
                now,
                now,
            ),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?, ?)",
            [(key, profile.story) for key in keys],
        )

    def story_profile(self, story_id: str) -> StoryProfile | None:
        """The stored profile of one story."""
        row = self.db.execute("SELECT profile FROM stories WHERE id = ?", (story_id,)).fetchone()
        return from_data(StoryProfile, json.loads(row[0])) if row else None

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
