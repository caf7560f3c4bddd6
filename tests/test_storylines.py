"""Storylines: stories of one long-running subject, across time and languages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from corroborate.model import Kind, Mention, Span
from corroborate.pipeline import file_in_storyline, ingest
from corroborate.settings import load_settings
from corroborate.store import Store
from corroborate.storylines import (
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
    subject_key,
    subject_keys,
    surname_key,
)

TODAY = date(2026, 11, 22)


def _mention(text: str, kind: Kind = Kind.LOC) -> Mention:
    return Mention(Span(0, len(text)), text, kind, text.casefold())


@pytest.mark.parametrize(
    ("key", "kind", "expected"),
    [
        ("egypte", Kind.LOC, "place:EG"),
        ("egipto", Kind.LOC, "place:EG"),
        ("caire", Kind.LOC, "place:EG"),  # a city of the country's time zone
        ("cairo", Kind.LOC, "place:EG"),
        ("damas", Kind.LOC, "place:SY"),
        ("hosni moubarak", Kind.PER, "p:mbrk"),
        ("place tahrir", Kind.LOC, "e:place tahrir"),  # unknown to CLDR: its own key
        ("bahrein", Kind.LOC, "place:BH"),  # a country named like its capital
        ("yemen", Kind.PER, "place:YE"),  # a country's name whatever the recogniser said
        ("iran", Kind.ORG, "place:IR"),
        ("damas", Kind.PER, "p:dms"),  # a city's name only when tagged as a place
        ("otsc", Kind.ORG, "org:CSTO"),  # one organisation in French, English, Russian
        ("csto", Kind.ORG, "org:CSTO"),
        ("одкб", Kind.ORG, "org:CSTO"),
        ("токаев", Kind.PER, "p:tkv"),  # Cyrillic transliterated, then skeleton
        ("kassym jomart tokaiev", Kind.PER, "p:tkv"),
        ("казахстан", Kind.LOC, "place:KZ"),
        ("kazajistan", Kind.LOC, "place:KZ"),
        ("au caire", Kind.LOC, "place:EG"),  # after a preposition fused with an article
        ("ee uu", Kind.ORG, "place:US"),  # "EE. UU.": a name CLDR does not give
        ("grande bretagne", Kind.LOC, "place:GB"),
        ("", Kind.PER, None),
        ("jeux olympiques", Kind.MISC, None),
        # a country's people, in any number and gender, whatever the recogniser said
        ("syriens", Kind.LOC, "place:SY"),
        ("syriennes", Kind.MISC, "place:SY"),
        ("sirios", Kind.PER, "place:SY"),
        ("syrians", Kind.MISC, "place:SY"),
        ("yemenies", Kind.LOC, "place:YE"),  # "yemeníes"
        ("francesas", Kind.LOC, "place:FR"),
        ("britanniques", Kind.LOC, "place:GB"),
        ("estadounidenses", Kind.LOC, "place:US"),
        ("turque", Kind.LOC, "place:TR"),  # a feminine no ending gives
        ("sud africaines", Kind.LOC, "place:ZA"),
        ("parisiens", Kind.LOC, "e:parisiens"),  # a city's people: no country
        ("syr", Kind.LOC, "e:syr"),  # no ending taken off a word this short
    ],
)
def test_storylines_subject_key_reads_places_through_cldr(key: str, kind: Kind, expected: str | None) -> None:
    assert subject_key(_mention(key, kind)) == expected


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # cities CLDR does not know, in any spelling GeoNames gives, are their country
        ([("alep", Kind.LOC), ("alepo", Kind.LOC), ("aleppo", Kind.LOC)], ["place:SY"] * 3),
        ([("sanaa", Kind.LOC), ("bengasi", Kind.LOC)], ["place:YE", "place:LY"]),
        # a name of cities in two countries: the most populous, or the one the article names
        ([("homs", Kind.LOC)], ["place:SY"]),
        ([("homs", Kind.LOC), ("libye", Kind.LOC)], ["place:LY", "place:LY"]),
        ([("washington", Kind.LOC), ("royaume uni", Kind.LOC), ("etats unis", Kind.LOC)],
         ["place:US", "place:GB", "place:US"]),
        ([("pekin", Kind.LOC)], ["place:CN"]),
        # a small town alone is not enough: only when the article names its country
        ([("palestine", Kind.LOC), ("israel", Kind.LOC)], ["e:palestine", "place:IL"]),
        ([("khan sheikhoun", Kind.LOC)], ["e:khan sheikhoun"]),
        ([("khan sheikhoun", Kind.LOC), ("syrie", Kind.LOC)], ["place:SY", "place:SY"]),
        # only what the recogniser took for a place, and no acronym
        ([("homs", Kind.ORG), ("twitter", Kind.LOC)], ["e:homs", "e:twitter"]),
        ([("SANA", Kind.LOC)], ["e:sana"]),
        # a surname tagged as a place or an organisation, beside the person's full name
        ([("mouammar kadhafi", Kind.PER), ("kadhafi", Kind.LOC), ("kadhafi", Kind.ORG)], ["p:kdf"] * 3),
        ([("kadhafi", Kind.LOC)], ["e:kadhafi"]),  # no person of that name in the article
    ],
)
def test_storylines_subject_keys_read_a_mention_with_its_article(
        mentions: list[tuple[str, Kind]], expected: list[str]) -> None:
    assert subject_keys([_mention(key, kind) for key, kind in mentions]) == expected


def test_storylines_choose_the_most_similar_above_the_threshold() -> None:
    egypt = add_to_storyline(new_storyline("l-eg"), {"place:EG": 2.0, "p:mbrk": 1.5})
    syria = add_to_storyline(new_storyline("l-sy"), {"place:SY": 2.0, "p:assad": 1.5})
    chosen, score = choose_storyline({"place:EG": 1.0, "p:mbrk": 1.0}, [syria, egypt], 0.15)
    assert chosen == "l-eg" and score > 0.9
    assert choose_storyline({"place:FR": 1.0}, [syria, egypt], 0.15)[0] is None
    assert choose_storyline({}, [egypt], 0.15)[0] is None


def test_storylines_a_subject_s_country_does_not_drown_its_people() -> None:
    """Summed over 200 articles, Egypt's storyline is mostly "place:EG": a story of
    Mubarak and Tahrir that writes "Egypt" once finds a young storyline of the same two
    names closer, unless the summed weights are damped (`storyline_damping`)."""
    egypt = add_to_storyline(new_storyline("l-eg"), {"place:EG": 400.0, "p:mbrk": 80.0, "e:tahrir": 40.0}, 200)
    young = add_to_storyline(new_storyline("l-young"), {"e:twitter": 4.0, "p:mbrk": 2.0, "e:tahrir": 2.0}, 2)
    story = {"p:mbrk": 2.0, "e:tahrir": 2.0, "place:EG": 1.0}
    assert choose_storyline(story, [egypt, young], 0.15)[0] == "l-young"
    assert choose_storyline(story, [egypt, young], 0.15, 0.75)[0] == "l-eg"
    subject = add_to_storyline(new_storyline("s-1"), story)
    assert better_storyline(subject, add_to_storyline(young, story), [egypt], 0.15, 0.0) is None
    assert better_storyline(subject, add_to_storyline(young, story), [egypt], 0.15, 0.0, 0.75) == egypt
    assert load_settings().group.storyline_damping == 0.75


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Hosni Moubarak", "mubarak", True),  # French and Spanish spellings
        ("Mouammar Kadhafi", "kadafi", True),
        ("morsi", "mursi", True),
        ("assad", "asad", False),  # too short a skeleton: the surname itself is kept
        ("mubarak", "morsi", False),
    ],
)
def test_storylines_surnames_meet_across_spellings(a: str, b: str, same: bool) -> None:
    from corroborate.entities import fold

    assert (surname_key(fold(a)) == surname_key(fold(b))) is same


def test_storylines_merge_sums_profiles_and_sizes() -> None:
    a = add_to_storyline(new_storyline("l-a"), {"place:EG": 2.0, "p:mbrk": 1.0})
    b = add_to_storyline(add_to_storyline(new_storyline("l-b"), {"place:EG": 2.0}), {"place:EG": 2.0})
    merged = merge_storylines(b, a)
    assert merged == StorylineProfile("l-b", {"place:EG": 6.0, "p:mbrk": 1.0}, 3)
    assert storyline_similarity(a, b) > 0.8 and heaviest(merged, 1) == ["place:EG"]


def test_storylines_profile_keeps_the_sum_and_size() -> None:
    line = add_to_storyline(add_to_storyline(new_storyline("l"), {"a": 1.0}), {"a": 1.0, "b": 2.0})
    assert line == StorylineProfile("l", {"b": 2.0, "a": 2.0}, 2)


ARTICLES = [
    # one subject over three months: three different events, two languages
    ("fr", "2021-03-02", "Au Pérou, des milliers de manifestants ont défilé mardi à Lima contre la "
     "hausse du prix du carburant. La police péruvienne a dispersé la foule près du palais "
     "présidentiel de Lima. Le Pérou connaît sa plus forte contestation depuis dix ans."),
    ("fr", "2021-04-20", "Le Parlement du Pérou a voté la destitution du ministre de l'Intérieur, "
     "accusé d'avoir ordonné la répression des manifestations de mars à Lima. Au Pérou, "
     "l'opposition réclame désormais des élections anticipées."),
    ("es", "2021-05-28", "En Perú, el Congreso aprobó este viernes en Lima una reforma electoral que "
     "adelanta los comicios generales. La crisis política en Perú se agravó tras las protestas "
     "de marzo en Lima, según la prensa local."),
    # another country, the same season and the same kind of event
    ("fr", "2021-03-03", "En Norvège, les pêcheurs ont bloqué mercredi le port d'Oslo pour protester "
     "contre les nouveaux quotas de pêche. Le gouvernement de la Norvège a promis de recevoir "
     "leurs représentants à Oslo la semaine prochaine."),
]


def test_storylines_join_stories_of_one_subject_across_time_and_languages(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": text + "\n", "published": day}, ensure_ascii=False)
                              for _, day, text in ARTICLES) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest([str(feed)], store, load_settings(), TODAY)
        articles = sorted(store.articles(), key=lambda a: a.article.text)
        story_of = {a.article.text[:12]: store.article_story(a.id) for a in articles}
        line_of_story = store.storylines()
    lines = {prefix: line_of_story[story] for prefix, story in story_of.items() if story}
    peru = {lines[t[:12]] for _, _, t in ARTICLES[:3]}
    norway = lines[ARTICLES[3][2][:12]]
    # three events in three months are three stories, but one storyline
    assert len({story_of[t[:12]] for _, _, t in ARTICLES[:3]}) == 3
    assert len(peru) == 1 and norway not in peru


def test_storylines_store_merge_moves_stories_and_keys(tmp_path: Path) -> None:
    from corroborate.group import StoryProfile

    a = add_to_storyline(new_storyline("l-a"), {"place:PE": 2.0})
    b = add_to_storyline(new_storyline("l-b"), {"place:PE": 2.0, "p:kstll": 1.0})
    with Store(tmp_path / "s.db") as store, store.transaction():
        for story, line in (("s-1", a), ("s-2", b)):
            store.save_story(StoryProfile(story, {"x": 1.0}, 1, None, None), ["x"])
            store.save_storyline(line, story, list(line.terms))
        store.merge_storyline(merge_storylines(a, b), "l-b")
        assert store.storylines() == {"s-1": "l-a", "s-2": "l-a"}
        assert store.storyline_profile("l-b") is None
        found = store.storyline_candidates(["p:kstll"], 5)
    assert [c.storyline for c in found] == ["l-a"] and found[0].size == 2


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("2 300 soldats, 2.300 hommes et 2,300 troops", ["n:2300", "n:2300", "n:2300"]),
        ("en 2022, 10 000 personnes et 150 blessés", ["n:10000", "n:150"]),
        ("12 morts, 3,5 millions, 2030", []),  # short numbers, decimals and years are no keys
    ],
)
def test_storylines_numbers_are_language_free_keys(text: str, keys: list[str]) -> None:
    from corroborate.group import number_keys

    assert number_keys(text) == keys


def test_storylines_remove_from_storyline_undoes_add() -> None:
    line = add_to_storyline(new_storyline("l"), {"place:EG": 2.0, "p:mbrk": 1.0})
    grown = add_to_storyline(line, {"place:EG": 1.0, "place:YE": 3.0}, 2)
    assert remove_from_storyline(grown, {"place:EG": 1.0, "place:YE": 3.0}, 2) == line


def test_storylines_a_story_moves_to_the_storyline_its_articles_fit() -> None:
    # the story came into the Egypt storyline with a first article on the region; its
    # articles, taken together, are about Yemen
    subject = add_to_storyline(new_storyline("s-1"), {"place:YE": 6.0, "p:slh": 4.0, "place:EG": 1.0}, 3)
    egypt = add_to_storyline(add_to_storyline(new_storyline("l-eg"), {"place:EG": 20.0, "p:mbrk": 9.0}, 10),
                             subject.terms, subject.size)
    yemen = add_to_storyline(new_storyline("l-ye"), {"place:YE": 8.0, "p:slh": 5.0}, 4)
    assert better_storyline(subject, egypt, [egypt, yemen], 0.15, 0.05) == yemen
    assert better_storyline(subject, egypt, [egypt, yemen], 0.15, 0.9) is None  # not by the margin
    assert better_storyline(subject, egypt, [egypt], 0.15, 0.05) is None  # nowhere better to go
    # a story whose articles fit its own storyline stays, though another shares a name
    settled = add_to_storyline(new_storyline("s-2"), {"place:EG": 4.0, "p:mbrk": 2.0, "place:YE": 1.0}, 2)
    assert better_storyline(settled, add_to_storyline(egypt, settled.terms, 2), [yemen], 0.15, 0.05) is None


def test_storylines_filing_moves_a_story_and_forgets_an_emptied_storyline(tmp_path: Path) -> None:
    from corroborate.group import StoryProfile

    settings = load_settings().group
    with Store(tmp_path / "s.db") as store, store.transaction():
        for story in ("s-eg", "s-ye", "s-new"):
            store.save_story(StoryProfile(story, {"x": 1.0}, 1, None, None), ["x"])
        for n in range(3):
            file_in_storyline(f"a-eg{n}", "s-eg", {"place:EG": 3.0, "p:mbrk": 2.0}, store, settings)
            file_in_storyline(f"a-ye{n}", "s-ye", {"place:YE": 3.0, "p:slh": 2.0}, store, settings)
        egypt, yemen = store.story_storyline("s-eg"), store.story_storyline("s-ye")
        assert egypt and yemen and egypt != yemen
        # the new story's first article speaks of Egypt and Yemen alike, and lands in Egypt
        file_in_storyline("a-new0", "s-new", {"place:EG": 3.0, "place:YE": 2.0}, store, settings)
        assert store.story_storyline("s-new") == egypt
        # its next articles are about Yemen: the story moves, and takes its names along
        file_in_storyline("a-new1", "s-new", {"place:YE": 3.0, "p:slh": 2.0}, store, settings)
        file_in_storyline("a-new2", "s-new", {"place:YE": 3.0, "p:slh": 2.0}, store, settings)
        assert store.story_storyline("s-new") == yemen
        left = store.storyline_profile(egypt)
        assert left is not None and left.size == 3 and "place:YE" not in left.terms
        subject = store.story_subject("s-new")
        assert subject is not None and subject.size == 3
        # a storyline emptied of its stories is forgotten with its index entries, even
        # when some weight remains (a story filed before its subject was kept)
        store.update_storyline(StorylineProfile(egypt, {"place:EG": 1.0}, 1))
        assert store.storyline_profile(egypt) is not None  # s-eg is still in it
        store.db.execute("UPDATE stories SET storyline_id = ? WHERE id = 's-eg'", (yemen,))
        store.update_storyline(StorylineProfile(egypt, {"place:EG": 1.0}, 1))
        assert store.storyline_profile(egypt) is None
        assert egypt not in {c.storyline for c in store.storyline_candidates(["place:EG"], 10)}
        store.clear_grouping()
        assert store.story_subject("s-new") is None


def _subjects(prefix: str, terms: dict[str, float], n: int) -> list[StorylineProfile]:
    return [add_to_storyline(new_storyline(f"{prefix}{i}"), terms) for i in range(n)]


def test_storylines_a_storyline_of_two_subjects_splits() -> None:
    egypt = _subjects("s-eg", {"place:EG": 3.0, "p:mbrk": 2.0, "place:TN": 1.0}, 12)
    yemen = _subjects("s-ye", {"place:YE": 3.0, "p:slh": 2.0, "place:TN": 1.0}, 9)
    assert split_storyline(egypt + yemen, 0.35) == sorted(s.storyline for s in yemen)
    # two sets of stories that share enough names are one subject
    later = _subjects("s-eg-later", {"place:EG": 3.0, "p:mrs": 2.0, "place:TN": 1.0}, 9)
    assert split_storyline(egypt + later, 0.35) == []
    # one odd story, or a part too small, does not split a storyline: it can move
    odd = _subjects("s-odd", {"place:FR": 3.0}, 1)
    assert split_storyline(egypt + odd, 0.35) == []
    assert split_storyline(egypt + yemen[:7], 0.35) == []
    assert split_storyline(egypt, 0.35) == []


def test_storylines_filing_splits_a_storyline_when_it_doubles(tmp_path: Path) -> None:
    from corroborate.group import StoryProfile
    from corroborate.pipeline import _doubled

    assert [n for n in range(1, 70) if _doubled(n - 1, n)] == [8, 16, 32, 64]
    assert _doubled(5, 9) and _doubled(30, 40) and not _doubled(9, 15)
    settings = load_settings().group
    with Store(tmp_path / "s.db") as store, store.transaction():
        # the first story speaks of both countries; every later one, of one, finds it
        # the only storyline near enough — until the storyline is weighed again at 16
        # articles (at 8, each part was too small to be a storyline of its own)
        stories = ["s-both"] + [f"s-{c}{n}" for n in range(8) for c in ("ye", "eg")]
        for story in stories:
            store.save_story(StoryProfile(story, {"x": 1.0}, 1, None, None), ["x"])
        file_in_storyline("a-both", "s-both", {"place:EG": 4.0, "place:YE": 2.0}, store, settings)
        for story in stories[1:]:
            terms = {"place:EG": 3.0, "p:mbrk": 2.0} if "eg" in story else {"place:YE": 3.0, "p:slh": 2.0}
            file_in_storyline("a-" + story, story, terms, store, settings)
            if story == "s-eg6":  # 15 articles
                assert len(set(store.storylines().values())) == 1
        line_of = store.storylines()
    egypt = {line_of[s] for s in stories if "eg" in s}
    yemen = {line_of[s] for s in stories if "ye" in s}
    assert len(egypt) == len(yemen) == 1 and egypt != yemen


def test_storylines_geonames_cities_by_population_in_latin_and_cyrillic() -> None:
    from corroborate.places import city_countries, without_contraction

    cities = city_countries()
    assert cities["washington"][0][0] == "US" and "GB" in dict(cities["washington"])
    assert [c for c, _ in cities["homs"][:2]] == ["SY", "LY"]  # Al Khums, Libya, is also "Homs"
    assert [c for c, _ in cities["халеб"]] == ["SY"] and cities["geneve"] == cities["ginebra"]
    assert "twitter" not in cities
    assert without_contraction("au caire") == "caire" and without_contraction("caire") == "caire"


def test_storylines_city_index_is_kept_in_the_cache_directory(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from corroborate.places import _city_index_path, city_countries

    known = city_countries()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _city_index_path()
    assert path.parent == tmp_path / "corroborate" and not path.exists()
    city_countries.cache_clear()
    try:
        assert city_countries() == known and path.exists()  # built, then kept
        path.write_bytes(b"not a pickle")  # a damaged file is built again
        city_countries.cache_clear()
        assert city_countries() == known and path.stat().st_size > 1_000_000
    finally:
        city_countries.cache_clear()
