"""The SQLite store: schema version, idempotence, transactions."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corroborate.group import ArticleProfile, StoryProfile, article_periods, story_periods, within_window
from corroborate.model import AnnotatedArticle, Article, Line, LineLabel, Published, Span, to_data
from corroborate.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, _statements


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


def _story(story: str, first: str | None, last: str | None) -> StoryProfile:
    return StoryProfile(story, {"x": 1.0}, 1, first, last, read_first=first, read_last=last)


def _dated(day: str | None) -> ArticleProfile:
    return ArticleProfile("a-1", {"x": 1.0}, day, ("e:dupont",), read_from_text=day is not None)


def test_store_a_dated_article_meets_only_the_stories_of_its_time(tmp_path: Path) -> None:
    march, june, undated = (_story("s-march", "2022-03-01", "2022-03-03"),
                            _story("s-june", "2022-06-10", "2022-06-10"), _story("s-any", None, None))
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            for story in (march, june, undated):
                periods = story_periods(story, 4)
                store.save_story(story, ["e:dupont"], periods, periods)
        def found(day: str | None) -> set[str]:
            return {c.story for c in store.story_candidates(["e:dupont"], 10, article_periods(_dated(day)))}
        assert found("2022-03-06") == {"s-march", "s-any"}  # three days after: in its window
        assert found("2022-06-12") == {"s-june", "s-any"}
        assert found("2022-09-01") == {"s-any"}
        assert found(None) == {"s-march", "s-june", "s-any"}  # no date read: every story


def test_store_a_story_that_widens_files_its_older_keys_under_its_new_periods(tmp_path: Path) -> None:
    first = _story("s-1", "2022-03-01", "2022-03-01")
    wider = _story("s-1", "2022-03-01", "2022-04-20")
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.save_story(first, ["e:dupont"], story_periods(first, 4), story_periods(first, 4))
            new = [p for p in story_periods(wider, 4) if p not in story_periods(first, 4)]
            store.save_story(wider, ["e:martin"], story_periods(wider, 4), new)
        assert [p for p in store.check() if "index" in p] == []
        candidates = store.story_candidates(["e:dupont"], 10, article_periods(_dated("2022-04-22")))
        assert [c.story for c in candidates] == ["s-1"]


@given(st.dates(date(2000, 1, 1), date(2030, 1, 1)), st.integers(0, 400), st.integers(-30, 430),
       st.integers(0, 10))
def test_store_periods_never_lose_a_story_the_window_accepts(first: date, span: int, offset: int,
                                                             days: int) -> None:
    story = _story("s-1", first.isoformat(), (first + timedelta(span)).isoformat())
    article = _dated((first + timedelta(offset)).isoformat())
    looked_up = article_periods(article)
    assert looked_up is not None
    if within_window(article, story, days):
        assert set(looked_up) & set(story_periods(story, days))


def test_store_migrates_a_schema_5_store_without_losing_candidates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for statements in MIGRATIONS[:5]:
        for statement in _statements(statements):
            db.execute(statement)
    db.execute("PRAGMA user_version = 5")
    story = _story("s-old", "2022-03-01", "2022-03-01")
    db.execute("INSERT INTO stories (id, size, first_date, last_date, profile, created_at, updated_at) "
               "VALUES (?, 1, ?, ?, ?, 'now', 'now')",
               (story.story, story.first, story.last, json.dumps(to_data(story))))
    db.execute("INSERT INTO story_keys (key, story_id) VALUES ('e:dupont', 's-old')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        candidates = store.story_candidates(["e:dupont"], 10, article_periods(_dated("2022-03-02")))
        assert [c.story for c in candidates] == ["s-old"]
        assert [p for p in store.check() if "index" in p] == []
