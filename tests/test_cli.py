"""The real command line on the real seed articles, end to end."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import SEEDS, TODAY, Brief, run_cli


def _schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("corroborate").joinpath("schema", name).read_text(encoding="utf-8"))


def test_cli_seeds_form_one_story(seed_brief: Brief) -> None:
    assert len(seed_brief.index["stories"]) == 1
    story = seed_brief.index["stories"][0]
    assert len(story["articles"]) == 5
    assert {a["status"] for a in seed_brief.index["articles"]} == {"ok"}
    assert {a["story"] for a in seed_brief.index["articles"]} == {story["id"]}
    assert story["languages"] == ["fr"]


def test_cli_output_validates_against_schema(seed_brief: Brief) -> None:
    jsonschema.validate(seed_brief.index, _schema("index.schema.json"))
    for story in seed_brief.stories:
        jsonschema.validate(story, _schema("story.schema.json"))


def test_cli_writes_markdown_and_html(seed_brief: Brief) -> None:
    story_id = seed_brief.index["stories"][0]["id"]
    md = (seed_brief.out / "stories" / f"{story_id}.md").read_text(encoding="utf-8")
    html = (seed_brief.out / "stories" / f"{story_id}.html").read_text(encoding="utf-8")
    assert seed_brief.stories[0]["story"]["title"] in md
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "<script src=" not in html and "stylesheet\" href=\"http" not in html


def _spans(story: dict[str, Any]) -> Iterator[tuple[str, int, int, str | None]]:
    """(article, start, end, surface or None) for every span of a story file."""
    for a in story["articles"]:
        for line in a["lines"]:
            yield a["id"], line["start"], line["end"], line.get("text")
        for origin in a["origins"]:
            yield a["id"], origin["start"], origin["end"], origin["text"]
        evidence = a["published_evidence"]
        if evidence and evidence["start"] is not None:
            yield a["id"], evidence["start"], evidence["end"], evidence["text"]
    for e in story["entities"]:
        for m in e["mentions"]:
            yield m["article"], m["start"], m["end"], m["text"]
    for t in story["time_expressions"]:
        yield t["article"], t["start"], t["end"], t["text"]
    for q in story["quotes"]:
        yield q["article"], q["start"], q["end"], q["text"]
    for f in story["figures"]:
        for c in f["claims"]:
            yield c["article"], c["start"], c["end"], c["text"]
    for entry in story["timeline"]:
        for c in entry["citations"]:
            yield c["article"], c["start"], c["end"], c.get("text")
    for s in story["summary"]:
        for c in s["citations"]:
            yield c["article"], c["start"], c["end"], c.get("text")


def test_cli_every_span_slices_back_to_the_source_file(seed_brief: Brief) -> None:
    checked = 0
    for story in seed_brief.stories:
        texts = {a["id"]: Path(a["source"]).read_text(encoding="utf-8") for a in story["articles"]}
        for article, start, end, surface in _spans(story):
            assert 0 <= start <= end <= len(texts[article])
            if surface is not None:
                assert texts[article][start:end] == surface
            checked += 1
    assert checked > 200  # lines, entities, dates, quotes, figures, timeline, summary


def test_cli_every_stage_fills_the_dossier(seed_brief: Brief) -> None:
    story = seed_brief.stories[0]
    # the five seeds were published 11–13 January 2022; none writes its own year, one
    # writes no date at all (its weekday is placed within its story's dates)
    published = {a["source"].rsplit("/", 1)[-1][:3]: a["published"] for a in story["articles"]}
    assert published == {"000": "2022-01-12", "001": "2022-01-11", "002": "2022-01-13",
                         "003": "2022-01-12", "004": "2022-01-12"}
    assert all(a["published_evidence"]["text"] for a in story["articles"])
    assert story["entities"] and story["time_expressions"] and story["quotes"]
    assert story["figures"] and story["timeline"]
    assert 5 <= len(story["summary"]) <= 10
    for sentence in story["summary"]:
        assert sentence["citations"] and sentence["support"]["articles"] >= 1
    labels = {line["label"] for a in story["articles"] for line in a["lines"]}
    assert {"related-link", "promo", "comment-form", "mt-disclaimer", "foreign-headline"} <= labels


def test_cli_troop_figures_disagree(seed_brief: Brief) -> None:
    troops = [f for f in seed_brief.stories[0]["figures"] if f["measure"] == "troops"]
    assert troops and troops[0]["verdict"] == "discrepancy"
    values = {c["value"] for c in troops[0]["claims"]}
    assert {2300, 2000} <= values


def test_cli_overview_names_the_story_and_disagreements(seed_brief: Brief) -> None:
    assert seed_brief.index["stories"][0]["id"] in seed_brief.run.stdout
    assert "discrepancy" in seed_brief.run.stdout


@pytest.mark.parametrize(
    ("name", "content", "status", "reason"),
    [
        ("missing.txt", None, "missing", "no such file"),
        ("empty.txt", b"", "empty", "empty"),
        ("binary.bin", bytes(range(256)) * 8, "binary", "binary"),
        ("broken.txt.gz", b"\x1f\x8b\x08\x00broken", "unreadable", "gzip"),
    ],
)
def test_cli_bad_input_is_reported_and_the_rest_goes_on(
    tmp_path: Path, name: str, content: bytes | None, status: str, reason: str
) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(
        "Le ministre a annoncé lundi la fermeture de l'usine de Lyon.\n"
        "« Nous n'avons pas le choix », a déclaré le ministre.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = run_cli("brief", str(bad), str(good), "--out", str(out), "--today", TODAY)
    assert run.returncode == 1
    assert str(bad) in run.stderr and reason in run.stderr.lower()
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    by_source = {a["source"]: a for a in index["articles"]}
    assert by_source[str(bad)]["status"] == status
    assert reason in by_source[str(bad)]["error"].lower()
    assert by_source[str(good)]["status"] == "ok" and by_source[str(good)]["story"]
    assert len(index["stories"]) == 1
    assert index["stories"][0]["storyline"].startswith("l-")


def test_cli_reingesting_the_seeds_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    first = run_cli("ingest", str(SEEDS), "--db", str(db), "--today", TODAY)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("5 added")
    again = run_cli("ingest", str(SEEDS), "--db", str(db), "--today", TODAY)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("0 added, 5 already stored")
    listing = run_cli("stories", "--db", str(db))
    assert listing.returncode == 0 and listing.stdout.count("s-") == 1
    assert listing.stdout.count("l-") == 1  # its storyline

    story_id = next(word for word in listing.stdout.split() if word.startswith("s-"))
    exported = run_cli("export", story_id[:8], "--db", str(db), "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["articles"]) == 5
    shown = run_cli("show", story_id, "--db", str(db))
    assert shown.returncode == 0 and "troops" in shown.stdout


def test_cli_reads_stdin_and_jsonl(tmp_path: Path) -> None:
    record = {"text": "Des dizaines de manifestants ont été arrêtés mardi à Lyon, a indiqué la préfecture.",
              "title": "Arrestations à Lyon", "published": "2022-03-01", "outlet": "Exemple"}
    feed = tmp_path / "feed.jsonl.gz"
    feed.write_bytes(gzip.compress((json.dumps(record) + "\n{not json\n").encode()))
    out = tmp_path / "out"
    run = run_cli("brief", "-", str(feed), "--out", str(out), "--today", TODAY, stdin="Un texte venu de l'entrée standard, assez long pour compter.\n")
    assert run.returncode == 1  # the broken JSONL line
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    statuses = {a["source"]: a["status"] for a in index["articles"]}
    assert statuses["-"] == "ok"
    assert statuses[f"{feed}:1"] == "ok" and statuses[f"{feed}:2"] == "invalid"
    jsonl_article = next(a for a in index["articles"] if a["source"] == f"{feed}:1")
    assert jsonl_article["published"] == "2022-03-01" and jsonl_article["outlet"] == "Exemple"


def test_cli_unknown_story_exits_3(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    run_cli("ingest", str(SEEDS / "001_34bceebc37cbbe1c.txt"), "--db", str(db), "--today", TODAY)
    run = run_cli("show", "s-doesnotexist", "--db", str(db))
    assert run.returncode == 3 and "no story" in run.stderr


def test_cli_inspect_shows_labels_and_metadata_with_evidence() -> None:
    run = run_cli("inspect", str(SEEDS / "002_02f8be12698f2e0a.txt"), "--today", TODAY)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "related-link" in out and "breadcrumb" in out and "dateline" in out
    assert "published" in out and "2022-01-13 (dateline)" in out and "Paris :, 13 (EUROPE PRESSE)" in out
    assert "origin" in out and "Sputnik" in out
    noise = run_cli("inspect", str(SEEDS / "002_02f8be12698f2e0a.txt"), "--noise-only", "--today", TODAY)
    assert noise.returncode == 0 and " content " not in noise.stdout and "related-link" in noise.stdout


def test_cli_search_and_regroup(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    assert run_cli("ingest", str(SEEDS), "--db", str(db), "--today", TODAY).returncode == 0
    found = run_cli("search", "tokaiev", "--db", str(db))
    assert found.returncode == 0 and "Tokaïev" in found.stdout
    assert "no article matches" in run_cli("search", "zzzqqq", "--db", str(db)).stdout
    apart = tmp_path / "apart.toml"
    apart.write_text("[group]\njoin_threshold = 1.01\n", encoding="utf-8")  # nothing joins
    split = run_cli("regroup", "--db", str(db), "--config", str(apart), "--today", TODAY)
    assert split.returncode == 0, split.stderr
    assert split.stdout.strip() == "5 articles in 5 stories"
    merged = run_cli("regroup", "--db", str(db), "--today", TODAY)
    assert merged.stdout.strip() == "5 articles in 1 story"
    assert run_cli("stories", "--db", str(db)).stdout.count("s-") == 1
