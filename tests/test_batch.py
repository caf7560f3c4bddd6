"""Batch mode on Spark: the blocking and replay steps alone, then real local Spark jobs
against the single-machine `brief` path (the seeds mixed into ML-Crisis articles), and
the JSONL / Parquet / WARC readers of the job."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import ML_CRISIS, SEEDS, TODAY

from corroborate.batch import (
    GroupingFacts,
    block_articles,
    list_sources,
    repeated_line_sets,
    run_batch,
    spark_session,
    time_segments,
    years_before,
)
from corroborate.cli import write_dossiers
from corroborate.pipeline import ingest
from corroborate.read import iter_sources
from corroborate.settings import load_settings
from corroborate.store import Store

DAY = date.fromisoformat(TODAY)


def _facts(order: int, keys: tuple[str, ...], day: str | None, bands: tuple[int, ...] = ()) -> GroupingFacts:
    return GroupingFacts((order, 0), f"a-{order}", keys, (), bands,
                         date.fromisoformat(day) if day else None, day is None)


def test_batch_repeated_line_sets_replays_the_outlet_memory_in_order() -> None:
    seen = [((2, 0), frozenset({"menu", "x"})), ((0, 0), frozenset({"menu", "a"})),
            ((1, 0), frozenset({"menu", "b"})), ((3, 0), frozenset({"b", "x"}))]
    assert repeated_line_sets(seen, 2) == {(2, 0): frozenset({"menu"})}
    assert repeated_line_sets(seen, 1) == {(1, 0): frozenset({"menu"}), (2, 0): frozenset({"menu"}),
                                           (3, 0): frozenset({"b", "x"})}


def test_batch_time_segments_split_at_gaps_over_the_window() -> None:
    days = [date(2022, 1, d) for d in (1, 4, 8, 13, 14)]
    assert time_segments(days, 4) == {days[0]: 0, days[1]: 0, days[2]: 0, days[3]: 1, days[4]: 1}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # a shared key within the window links; the same key months apart does not
        ([_facts(0, ("e:x",), "2022-01-01"), _facts(1, ("e:x",), "2022-01-03"), _facts(2, ("e:x",), "2022-06-01")],
         [0, 0, 1]),
        # an undated article's key reaches every segment
        ([_facts(0, ("e:x",), "2022-01-01"), _facts(1, ("e:x",), None), _facts(2, ("e:x",), "2022-06-01")],
         [0, 0, 0]),
        # no shared key, no shared band: apart, even on one day
        ([_facts(0, ("e:x",), "2022-01-01"), _facts(1, ("e:y",), "2022-01-01")], [0, 1]),
        # a copy band links whatever the dates, and opens the segments between them
        ([_facts(0, ("e:x",), "2022-01-01", (7,)), _facts(1, ("e:y",), "2022-06-01", (7,)),
          _facts(2, ("e:z",), "2022-03-01"), _facts(3, ("e:x",), "2022-03-02")], [0, 0, 1, 0]),
    ],
)
def test_batch_block_articles_links_what_may_share_a_story(facts: list[GroupingFacts], expected: list[int]) -> None:
    blocks = block_articles(facts, 4)
    assert [blocks[f.order] for f in facts] == expected


def test_batch_years_before_counts_the_articles_filed_earlier() -> None:
    found = years_before([((2, 0), None, True), ((0, 0), 2011, False), ((1, 0), 2011, False),
                          ((3, 0), 2013, False), ((4, 0), None, True)])
    assert found == {(2, 0): {2011: 2}, (4, 0): {2011: 2, 2013: 1}}


def test_batch_list_sources_skips_spark_bookkeeping_beside_parquet(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    for name in ("_SUCCESS", "part-0.parquet", "a.jsonl"):
        (tmp_path / "t" / name).write_bytes(b"x")
    (tmp_path / "_notes.txt").write_text("kept: no Parquet beside it", encoding="utf-8")
    names = [Path(s).name for s in list_sources([str(tmp_path)])]
    assert names == ["_notes.txt", "a.jsonl", "part-0.parquet"]


# -- real Spark ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]", 2, app="corroborate tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _brief(inputs: list[str], out: Path) -> None:
    """The single-machine path of `corroborate brief`, in process."""
    settings = load_settings()
    with Store(out.parent / f"{out.name}.db") as store:
        ingest(list(iter_sources(inputs)), store, settings, DAY)
        write_dossiers(store, settings, out)


def _stories(out: Path) -> dict[str, list[str]]:
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    return {s["id"]: sorted(s["articles"]) for s in index["stories"]}


def _mixed_corpus(folder: Path) -> list[Path]:
    """About 40 ML-Crisis articles (French and Spanish, every topic) with the five seeds
    dropped among them, copied into `folder` under names that fix the reading order."""
    crisis = sorted(p for lang in ("fr", "es") for p in (ML_CRISIS / lang).glob("*/*/*.txt"))
    sample = crisis[:: max(1, len(crisis) // 40)][:40]
    seeds = sorted(SEEDS.glob("*.txt"))
    ordered = list(sample)
    for i, seed in enumerate(seeds):
        ordered.insert(5 + i * 8, seed)
    folder.mkdir()
    for n, path in enumerate(ordered):
        shutil.copyfile(path, folder / f"{n:03d}-{path.name}")
    return ordered


def test_batch_gives_the_stories_and_dossiers_of_brief(spark: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    ordered = _mixed_corpus(corpus)
    _brief([str(corpus)], tmp_path / "brief")
    report = run_batch(spark, [str(corpus)], tmp_path / "batch", load_settings(), DAY)

    expected = _stories(tmp_path / "brief")
    assert report.ok and report.read == len(ordered)
    assert _stories(tmp_path / "batch") == expected
    batch_index = json.loads((tmp_path / "batch" / "index.json").read_text(encoding="utf-8"))
    brief_index = json.loads((tmp_path / "brief" / "index.json").read_text(encoding="utf-8"))
    for index in (batch_index, brief_index):
        index.pop("generated")
    assert batch_index == brief_index  # same order, storylines, dates, every input
    seed_names = {p.name for p in SEEDS.glob("*.txt")}
    seed_stories = {e["story"] for e in batch_index["articles"] if Path(e["source"]).name.split("-", 1)[1] in seed_names}
    assert len(seed_stories) == 1 and len(expected[seed_stories.pop()]) == 5
    assert len(expected) > 10  # the sample holds many events
    for story in expected:
        batch_story = json.loads((tmp_path / "batch" / "stories" / f"{story}.json").read_text(encoding="utf-8"))
        brief_story = json.loads((tmp_path / "brief" / "stories" / f"{story}.json").read_text(encoding="utf-8"))
        assert batch_story == brief_story
    entities = spark.read.parquet(str(tmp_path / "batch" / "tables" / "entities"))
    assert entities.count() == sum(len(json.loads((tmp_path / "batch" / "stories" / f"{s}.json")
                                                  .read_text(encoding="utf-8"))["entities"]) for s in expected)


def _warc(pages: list[tuple[str, str]]) -> bytes:
    """A gzipped WARC holding one HTML response per (url, text)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, text in pages:
        paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
        html = f"<html><head><meta charset='utf-8'></head><body><article>{paragraphs}</article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),
                                                      http_headers=headers))
    return buffer.getvalue()


def test_batch_reads_jsonl_parquet_and_warc_folders(spark: Any, tmp_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    folder = tmp_path / "in"
    folder.mkdir()
    records = [{"text": t, "url": f"https://example.org/{n}"} for n, t in enumerate(texts)]
    (folder / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records[:3]) + "\n{broken\n", encoding="utf-8")
    # the last two seeds, and the first one again (filed once, at its first reading)
    spark.createDataFrame([records[3], records[4], records[0]]).coalesce(1).write.parquet(str(folder / "b"))
    (folder / "c.warc.gz").write_bytes(_warc([("https://example.org/w", "Un texte bien trop court.")]))
    (folder / "d.txt").write_bytes(gzip.compress(b""))

    report = run_batch(spark, [str(folder)], tmp_path / "out", load_settings(), DAY)
    index = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    stories = {s["id"]: len(s["articles"]) for s in index["stories"]}
    by_status: dict[str, int] = {}
    for entry in index["articles"]:
        by_status[entry["status"]] = by_status.get(entry["status"], 0) + 1
    assert max(stories.values()) == 5  # the five seeds, from JSONL and Parquet, one story
    assert report.already_stored == 1 and report.read == 6  # the 5 seeds and the WARC page
    assert by_status == {"ok": 7, "invalid": 1, "empty": 1}
    assert any(e["source"].endswith("a.jsonl:4") and e["status"] == "invalid" for e in index["articles"])
    parquet_sources = [e["source"] for e in index["articles"] if ".parquet:" in e["source"]]
    assert sorted(s.rsplit(":", 1)[1] for s in parquet_sources) == ["1", "2", "3"]
    statuses = [row.status for row in spark.read.parquet(str(tmp_path / "out" / "tables" / "articles"))
                .select("status").collect()]
    assert sorted(statuses) == ["empty", "invalid"] + ["ok"] * 6
