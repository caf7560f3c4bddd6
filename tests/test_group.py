"""Story grouping: profiles, candidates, the join decision."""

from __future__ import annotations

from datetime import date

from corroborate.group import (
    ArticleProfile,
    StoryProfile,
    add_to_story,
    choose_story,
    content_lemmas,
    new_story_profile,
    within_window,
)
from corroborate.settings import load_settings

SETTINGS = load_settings().group


def _profile(name: str, terms: dict[str, float], published: str | None = "2022-01-12") -> ArticleProfile:
    return ArticleProfile(name, terms, published, tuple(sorted(terms)))


def test_group_content_lemmas_drop_stop_words_and_fold() -> None:
    lemmas = content_lemmas("Les soldats sont rentrés dans leurs casernes après la mission.", "fr")
    assert "soldat" in lemmas and "caserne" in lemmas and "mission" in lemmas
    assert not {"les", "dans", "leurs", "apres"} & set(lemmas)


def test_group_article_joins_the_story_it_shares_most_with() -> None:
    kazakh = new_story_profile("s-a", _profile("a1", {"e:tokaiev": 3.0, "retrait": 1.0, "otsc": 2.0}))
    egypt = new_story_profile("s-b", _profile("b1", {"e:morsi": 3.0, "caire": 1.0, "manifestation": 1.0}))
    article = _profile("a2", {"e:tokaiev": 3.0, "otsc": 1.0, "troupe": 1.0})
    chosen, score = choose_story(article, [egypt, kazakh], {}, 2, SETTINGS)
    assert chosen == "s-a" and score > SETTINGS.join_threshold


def test_group_unrelated_article_starts_a_new_story() -> None:
    kazakh = new_story_profile("s-a", _profile("a1", {"e:tokaiev": 3.0, "retrait": 1.0}))
    chosen, score = choose_story(_profile("c1", {"football": 1.0, "match": 1.0}), [kazakh], {}, 1, SETTINGS)
    assert chosen is None and score == 0.0


def test_group_time_window_keeps_distant_events_apart() -> None:
    story = new_story_profile("s-a", _profile("a1", {"e:tokaiev": 3.0}, "2022-01-12"))
    assert within_window(_profile("a2", {}, "2022-01-20"), story, 10)
    assert not within_window(_profile("a3", {}, "2022-03-01"), story, 10)
    assert within_window(_profile("a4", {}, None), story, 10)
    same_terms_later = _profile("a5", {"e:tokaiev": 3.0}, "2023-01-12")
    assert choose_story(same_terms_later, [story], {}, 1, SETTINGS)[0] is None


def test_group_story_profile_accumulates() -> None:
    story = new_story_profile("s-a", _profile("a1", {"x": 1.0}, "2022-01-12"))
    grown = add_to_story(story, _profile("a2", {"x": 1.0, "y": 2.0}, "2022-01-10"), 10)
    assert grown == StoryProfile("s-a", {"y": 2.0, "x": 2.0}, 2, "2022-01-10", "2022-01-12")
    assert date.fromisoformat(grown.first or "") < date.fromisoformat(grown.last or "")
