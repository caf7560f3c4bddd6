"""The SQLite store: schema version, idempotence, transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from corroborate.group import ArticleProfile, StoryProfile
from corroborate.model import AnnotatedArticle, Article, Line, LineLabel, Published, Span
from corroborate.store import SCHEMA_VERSION, Store, StoreError


def _annotated(text: str) -> AnnotatedArticle:
    return AnnotatedArticle(
        article=Article(id=f"a-{abs(hash(text)):016x}"[:18], source="mem.txt", text=text, format="text"),
        lines=(Line(1, Span(0, len(text)), LineLabel.CONTENT),),
        sentences=(),
        language="fr",
        title="Titre",
        outlet=None,
        published=Published("2022-01-12", "metadata"),
        machine_translated=False,
        origins=(),
        mentions=(),
        times=(),
        quotes=(),
        claims=(),
    )


def test_store_creates_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "s.db")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "s.db")


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(path)


def test_store_round_trips_articles_and_stories(tmp_path: Path) -> None:
    annotated = _annotated("Un texte d'article.")
    profile = StoryProfile("s-0000000000000001", {"texte": 1.0}, 1, "2022-01-12", "2022-01-12")
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_article(annotated, profile.story)
            store.save_story(profile, ["texte", "e:dupont"])
            store.count_document(ArticleProfile(annotated.id, {"texte": 1.0}, None, ("texte",)))
        assert store.has_article(annotated.id)
        assert store.articles(profile.story) == [annotated]
        assert [c.story for c in store.story_candidates(["e:dupont"], 10)] == [profile.story]
        assert store.story_candidates(["autre"], 10) == []
        assert store.document_frequencies(["texte", "absent"]) == ({"texte": 1}, 1)
        assert store.find_story("s-00000") == profile.story


def test_store_rolls_back_a_failed_transaction(tmp_path: Path) -> None:
    annotated = _annotated("Un autre texte.")
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_article(annotated, "s-1")
            raise RuntimeError("crash in the middle")
        assert not store.has_article(annotated.id)
        assert store.article_count() == 0


def test_store_second_connection_sees_committed_articles(tmp_path: Path) -> None:
    annotated = _annotated("Texte partagé.")
    with Store(tmp_path / "s.db") as writer, Store(tmp_path / "s.db") as reader:
        with writer.transaction():
            writer.add_article(annotated, "s-1")
        assert reader.has_article(annotated.id)


def test_store_migrates_a_version_1_database_keeping_its_articles(tmp_path: Path) -> None:
    from corroborate import store as store_module

    path = tmp_path / "old.db"
    annotated = _annotated("Un article d'avant la migration.")
    original = store_module.MIGRATIONS
    store_module.MIGRATIONS = original[:1]
    store_module.SCHEMA_VERSION = 1
    try:
        with Store(path) as old, old.transaction():
            old.add_article(annotated, "s-1")
    finally:
        store_module.MIGRATIONS = original
        store_module.SCHEMA_VERSION = len(original)
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.articles() == [annotated]
        with store.transaction():
            store.count_lines("exemple.fr", ["accueil", "accueil", "lire aussi"])
            store.count_lines("exemple.fr", ["accueil"])
        assert store.repeated_lines("exemple.fr", ["accueil", "lire aussi", "autre"], 2) == {"accueil"}
        assert store.repeated_lines("autre.fr", ["accueil"], 1) == frozenset()
        # the search index is built for the articles stored before it existed
        assert [hit.article_id for hit in store.search("migration")] == [annotated.id]


@pytest.mark.parametrize("query, found", [
    ("tokaiev", True),  # accents folded
    ("TOKAÏEV almaty", True),  # case folded, every word required
    ("tokaiev paris", False),
    ('tokaiev" OR "x', False),  # FTS5 syntax in the input is read as words: no error
    ('"tokaïev', True),  # a dangling quote is no syntax error either
    ("*", False),
])
def test_store_search_is_accent_insensitive(tmp_path: Path, query: str, found: bool) -> None:
    annotated = _annotated("Le président Tokaïev est arrivé à Almaty mardi.")
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_article(annotated, "s-1")
        hits = store.search(query)
        assert bool(hits) is found
        if found:
            assert hits[0].story_id == "s-1" and "[Tokaïev]" in hits[0].snippet


def test_store_search_index_follows_moves_and_clears(tmp_path: Path) -> None:
    annotated = _annotated("Le président Tokaïev est arrivé à Almaty mardi.")
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_article(annotated, "s-1")
            store.save_story(StoryProfile("s-1", {"x": 1.0}, 1, None, None), ["x"])
        with store.transaction():
            store.clear_grouping()
            store.move_article(annotated, "s-2")
        assert store.stories() == [] and store.story_candidates(["x"], 5) == []
        assert [h.story_id for h in store.search("almaty")] == ["s-2"]
