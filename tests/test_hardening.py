"""Hostile and broken input, a crash in the middle of an ingest, concurrent use of one
store: every bad input is named with its reason while the rest of the batch goes on, a
killed ingest leaves a consistent store that the same command completes, and readers and
writers in several processes share a store without corruption, loss or "locked" errors.

The processes are real (`python -m corroborate`); the inputs are generated here, short
Spanish texts so that no spaCy model has to load and each test stays within seconds."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, run_cli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corroborate import cli, pipeline
from corroborate.model import Article, ReadFailure, content_id
from corroborate.pipeline import annotate_article, file_article, ingest
from corroborate.read import read_source
from corroborate.settings import load_settings
from corroborate.store import Store

SETTINGS = load_settings()
DAY = date.fromisoformat(TODAY)
CITIES = ("Valencia", "Sevilla", "Bilbao", "Zaragoza", "Murcia", "Granada")


def _article_text(i: int) -> str:
    """A short Spanish news text, different for every `i` (so a different article)."""
    city = CITIES[i % len(CITIES)]
    return (
        f"Nuevo puente en {city}, proyecto {i}\n\n"
        f"El ayuntamiento de {city} aprobó el martes la construcción del puente {i}, "
        f"con un coste de {i + 3} millones de euros.\n"
        f"«Es una obra necesaria», declaró el alcalde Juan Pérez ante {100 + i} vecinos.\n"
        f"Las obras empezarán en marzo y durarán {i % 7 + 2} meses, según el ayuntamiento.\n"
    )


def _write_articles(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"art{i:04d}.txt").write_text(_article_text(i), encoding="utf-8")


def _warc(pages: list[tuple[str, bytes]]) -> bytes:
    """A gzipped WARC with one HTML response record per page."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


def _page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"


def _count(db: Path) -> int:
    """Articles committed in the store, read as another process would (0 before it exists)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or no table yet
        return 0


def _spawn(*args: str) -> subprocess.Popen[str]:
    """The real command line in a subprocess, output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "corroborate", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def _wait_for(db: Path, at_least: int, process: subprocess.Popen[str], limit_s: float = 60) -> int:
    """Wait until `db` holds `at_least` articles; the count then (fails if `process` ends first)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        n = _count(db)
        if n >= at_least:
            return n
        assert process.poll() is None, f"ingest ended before {at_least} articles: {process.communicate()}"
        time.sleep(0.02)
    raise AssertionError(f"fewer than {at_least} articles after {limit_s} s")


# --- bad input ---------------------------------------------------------------------------

GOOD_ES = _article_text(9000)


@dataclass
class BadRun:
    folder: Path
    db: Path
    returncode: int
    stdout: str
    stderr: str
    inputs: dict[str, tuple[str, str | None]]  # source → (status, error)
    texts: list[str]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> BadRun:
    """`corroborate ingest` on a folder holding every kind of bad input and a few good ones."""
    base = tmp_path_factory.mktemp("bad")
    folder = base / "in"
    folder.mkdir()

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)

    put("good.txt", GOOD_ES.encode())
    put("empty.txt", b"")
    put("binary.bin", bytes(range(256)) * 8)
    put("cut.txt.gz", gzip.compress((_article_text(1) * 50).encode())[:-40])
    warc = _warc([("https://a.example/1", _page("Primera página", _article_text(2)).encode()),
                  ("https://a.example/2", _page("Segunda página", _article_text(3)).encode())])
    put("cut.warc.gz", warc[: len(warc) - 300])
    put("invalid-utf8.txt", bytes((i * 167 + 13) % 128 + 128 for i in range(4096)))
    put("stray-bytes.txt", _article_text(4).encode().replace("construcción".encode(), b"construcci\xf3n"))
    put("utf16.txt", _article_text(5).encode("utf-16-le"))
    with (folder / "huge.txt").open("wb") as sparse:
        sparse.truncate(100 * 1024 * 1024)  # 100 MB of holes: instant to write, no disk used
    put("oneline.txt", ("El gobierno anunció una reforma el martes en Madrid. " * 20_000)[:1_000_000].encode())
    deep = "<div>" * 20_000 + "<p>" + _article_text(6).replace("\n", " ") + "</p>" + "</div>" * 20_000
    put("nested.html", f"<html><head><title>Profundo</title></head><body>{deep}</body></html>".encode())
    scripts = "<script>var s = '<p>nada</p>'; for (;;) {}</script>" * 20_000
    put("scripts.html", _page("Guiones", scripts + _article_text(7)).encode())
    lines = [json.dumps({"text": _article_text(8), "title": "JSONL"}), "{not json", '{"text": ', "[1, 2]"]
    put("broken.jsonl", "\n".join(lines).encode())
    loops = folder / "loops"
    loops.mkdir()
    (loops / "back").symlink_to(folder, target_is_directory=True)  # a folder loop: walked once
    (loops / "a").symlink_to(loops / "b")  # a file loop: a → b → a
    (loops / "b").symlink_to(loops / "a")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    put("secret.txt", _article_text(10).encode())
    (folder / "secret.txt").chmod(0)

    db = base / "store.db"
    try:
        run = run_cli("ingest", str(folder), "--db", str(db), "--today", TODAY, "--quiet")
    finally:
        (folder / "secret.txt").chmod(0o600)
    with Store(db) as store:
        inputs = {row.source: (row.status, row.error) for row in store.inputs()}
        texts = [a.article.text for a in store.articles()]
        assert store.check() == []
    return BadRun(folder, db, run.returncode, run.stdout, run.stderr, inputs, texts)


BAD_INPUTS = [
    # (source under the folder, status, words of the reason)
    ("empty.txt", "empty", "empty"),
    ("binary.bin", "binary", "binary"),
    ("cut.txt.gz", "unreadable", "truncated gzip"),
    ("cut.warc.gz", "unreadable", "truncated warc"),
    ("invalid-utf8.txt", "binary", "not text"),
    ("huge.txt", "too-large", "104,857,600 bytes"),
    ("oneline.txt", "too-large", "line 1 is 1,000,000 characters"),
    ("broken.jsonl:2", "invalid", "broken json"),
    ("broken.jsonl:3", "invalid", "broken json"),
    ("broken.jsonl:4", "invalid", "json object"),
    ("loops/a", "unreadable", "loop of symbolic links"),
    ("loops/b", "unreadable", "loop of symbolic links"),
    ("dangling.txt", "missing", "broken symbolic link"),
]


@pytest.mark.parametrize(("name", "status", "reason"), BAD_INPUTS)
def test_hardening_bad_input_is_named_with_its_reason(bad_run: BadRun, name: str, status: str, reason: str) -> None:
    source = f"{bad_run.folder}/{name}"
    assert bad_run.inputs[source][0] == status
    assert reason in (bad_run.inputs[source][1] or "").lower()
    shown = [line for line in bad_run.stderr.splitlines() if line.startswith(f"skipped {source}: {status}: ")]
    assert len(shown) == 1 and reason in shown[0].lower(), bad_run.stderr


def test_hardening_the_rest_of_a_bad_batch_is_stored(bad_run: BadRun) -> None:
    assert bad_run.returncode == 1  # some inputs failed, the others were processed
    ok = {Path(s).name for s, (status, _) in bad_run.inputs.items() if status == "ok"}
    expected = {"good.txt", "stray-bytes.txt", "utf16.txt", "nested.html", "scripts.html", "broken.jsonl:1"}
    assert expected <= ok
    assert any(s.startswith(f"{bad_run.folder}/cut.warc.gz#") for s in ok | set(bad_run.inputs))
    failed = sum(1 for status, _ in bad_run.inputs.values() if status != "ok")
    assert f"{failed} failed" in bad_run.stdout
    texts = "\n".join(bad_run.texts)
    assert "construcción del puente 4" in texts  # a stray Latin-1 byte read as what it means
    assert "construcción del puente 5" in texts  # UTF-16 without a byte-order mark
    assert "alcalde Juan Pérez ante 106 vecinos" in texts  # 20 000 levels of nesting
    assert "ante 107 vecinos" in texts and "for (;;)" not in texts  # scripts left out
    assert texts.count("Nuevo puente en Sevilla, proyecto 1\n") == 0  # from the cut gzip: nothing
    # the folder loop was walked once: no article twice
    assert len(bad_run.texts) == len(set(bad_run.texts))


def test_hardening_unreadable_file_is_reported_unless_the_user_may_read_anything(bad_run: BadRun) -> None:
    status, error = bad_run.inputs[f"{bad_run.folder}/secret.txt"]
    path = bad_run.folder / "secret.txt"
    path.chmod(0)
    try:
        readable = os.access(path, os.R_OK)  # root reads a mode-000 file
    finally:
        path.chmod(0o600)
    if readable:
        assert status == "ok"
    else:
        assert status == "unreadable" and "permission denied" in (error or "")


def test_hardening_a_sparse_100_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as sparse:
        sparse.truncate(100 * 1024 * 1024)
    tracemalloc.start()
    started = time.perf_counter()
    items = list(read_source(str(path), SETTINGS.read))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(items) == 1 and isinstance(items[0], ReadFailure) and items[0].status == "too-large"
    assert peak < 1_000_000 and elapsed < 1.0  # the first bytes and the size only


def test_hardening_a_failing_stage_costs_one_article_not_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_articles(tmp_path / "in", range(3))
    real = pipeline.annotate_article

    def failing(article: Article, *args: object, **kwargs: object) -> object:
        if "proyecto 1\n" in article.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(pipeline, "annotate_article", failing)
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(tmp_path / "in")], store, SETTINGS, DAY)
        assert report.added == 2 and [f.status for f in report.failures] == ["error"]
        assert "RecursionError" in report.failures[0].error and report.failures[0].source.endswith("art0001.txt")
        assert store.article_count() == 2 and store.check() == []


# --- store consistency -------------------------------------------------------------------


def test_hardening_check_finds_what_breaks_consistency(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", range(4))
    with Store(tmp_path / "s.db") as store:
        ingest([str(tmp_path / "in")], store, SETTINGS, DAY)
        assert store.check() == []
        store.db.execute("UPDATE stories SET size = size + 1 WHERE rowid = 1")
        store.db.execute("DROP TRIGGER articles_fts_delete")
        store.db.execute("DELETE FROM articles WHERE rowid = 2")
        store.db.execute("INSERT INTO inputs VALUES ('x.txt', 'a-0000000000000000', 'ok', NULL, '')")
        problems = "\n".join(store.check())
    for what in ("story size differs", "search index out of step", "input marked ok without its article",
                 "documents counted differ"):
        assert what in problems


def test_hardening_an_article_stored_meanwhile_by_another_process_is_not_stored_twice(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = _article_text(1)
    article = Article(id=content_id("a", text), source="one.txt", text=text, format="text")
    annotated = annotate_article(article, DAY)
    with Store(db) as first, Store(db) as second:
        assert not first.has_article(article.id)  # what ingest saw before annotating
        story = file_article(annotated, second, SETTINGS, DAY)  # the other process, meanwhile
        assert file_article(annotated, first, SETTINGS, DAY) == story
        assert first.article_count() == 1 and first.check() == []


def test_hardening_a_writer_waits_for_the_lock_instead_of_failing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    held = threading.Event()

    def hold() -> None:
        with Store(db) as other, other.transaction():
            other.record_input("held.txt", None, "empty", "held")
            held.set()
            time.sleep(1.0)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    with Store(db) as store:
        started = time.monotonic()
        with store.transaction():
            store.record_input("after.txt", None, "empty", "after")
        assert time.monotonic() - started > 0.5  # it waited for the other writer
        assert {row.source for row in store.inputs()} == {"held.txt", "after.txt"}
    thread.join()


def test_hardening_a_store_failure_during_ingest_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_articles(tmp_path / "in", range(1))
    store = Store(tmp_path / "s.db")
    store.close()  # every statement now fails as a broken store would
    with pytest.raises(SystemExit) as exit_:
        cli._run_ingest([str(tmp_path / "in")], store, SETTINGS, DAY, quiet=True, kept=True)
    assert exit_.value.code == cli.EXIT_STORE
    err = capsys.readouterr().err
    assert "s.db failed" in err and "run again" in err


# --- a crash in the middle ---------------------------------------------------------------


def _articles_and_inputs(db: Path) -> tuple[list[str], dict[str, str]]:
    with Store(db) as store:
        assert store.check() == []
        ids = [a.id for a in store.articles()]
        inputs = {row.source: row.status for row in store.inputs()}
    return ids, inputs


def test_hardening_interrupted_and_killed_ingests_leave_a_store_the_same_command_completes(tmp_path: Path) -> None:
    total = 180
    folder, db = tmp_path / "in", tmp_path / "store.db"
    _write_articles(folder, range(total))
    command = ("ingest", str(folder), "--db", str(db), "--today", TODAY, "--quiet")

    # Ctrl-C: the article being stored is rolled back, the others kept, status 130
    process = _spawn(*command)
    _wait_for(db, 30, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == cli.EXIT_INTERRUPTED and "interrupted" in stderr
    after_interrupt, _ = _articles_and_inputs(db)

    # SIGKILL: no chance to clean up; SQLite's journal keeps the store whole
    process = _spawn(*command)
    _wait_for(db, len(after_interrupt) + 30, process)
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    ids, inputs = _articles_and_inputs(db)
    assert len(after_interrupt) < len(ids) < total  # killed in the middle
    assert all(status == "ok" for status in inputs.values())

    # the same command again: completes, adds only what is missing
    again = run_cli(*command)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"{total - len(ids)} added, {len(ids)} already stored, 0 failed")
    final_ids, inputs = _articles_and_inputs(db)
    expected = {content_id("a", _article_text(i)) for i in range(total)}
    assert len(final_ids) == total and set(final_ids) == expected  # no duplicate, none lost
    assert len(inputs) == total and set(inputs.values()) == {"ok"}


# --- concurrent use ----------------------------------------------------------------------

OPENER = """
import sys, time
from pathlib import Path
from corroborate.store import SCHEMA_VERSION, Store
db, go = Path(sys.argv[1]), Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
with Store(db) as store:
    assert int(store.db.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION
    with store.transaction():
        store.record_input(sys.argv[3], None, "empty", "opened")
print("ok")
"""


def test_hardening_processes_creating_one_store_at_once_all_succeed(tmp_path: Path) -> None:
    db, go = tmp_path / "store.db", tmp_path / "go"
    openers = [subprocess.Popen([sys.executable, "-c", OPENER, str(db), str(go), f"p{i}"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(6)]
    time.sleep(1.0)  # all of them imported and waiting
    go.touch()  # then they create and migrate the store at the same moment
    results = [p.communicate(timeout=60) for p in openers]
    assert [(p.returncode, out.strip()) for p, (out, _) in zip(openers, results, strict=True)] == [(0, "ok")] * 6, results
    with Store(db) as store:
        assert len(store.inputs()) == 6 and store.check() == []

READER = """
import json, sys, time
from pathlib import Path
from corroborate.store import Store
db, stop = Path(sys.argv[1]), Path(sys.argv[2])
reads, counts, problems = 0, [], []
while not db.exists():
    time.sleep(0.01)
with Store(db) as store:  # opened while the writers may still be creating the schema
    while True:
        done = stop.exists()
        with store.snapshot():
            stories = store.stories()
            n = store.article_count()
            if sum(s.size for s in stories) != n:
                problems.append(f"{n} articles but stories of {sum(s.size for s in stories)}")
            hits = store.search("puente", limit=1000)
            if len(hits) != n:
                problems.append(f"{n} articles but {len(hits)} found")
            for story in stories[:2]:
                if len(store.articles(story.id)) != story.size:
                    problems.append(f"story {story.id} short of articles")
        counts.append(n)
        reads += 1
        if done:
            break
        time.sleep(0.01)  # as a web page would ask, not a busy loop stealing the writers' CPU
print(json.dumps({"reads": reads, "counts": counts, "problems": problems}))
"""


def test_hardening_two_ingests_and_a_reader_share_one_store(tmp_path: Path) -> None:
    db, stop = tmp_path / "store.db", tmp_path / "stop"
    # the same articles in both, in the same order: the two race for every one of them
    _write_articles(tmp_path / "first", range(90))
    _write_articles(tmp_path / "second", range(90))
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writers = [_spawn("ingest", str(tmp_path / name), "--db", str(db), "--today", TODAY, "--quiet")
               for name in ("first", "second")]
    outputs = [w.communicate(timeout=120) for w in writers]
    stop.touch()
    out, err = reader.communicate(timeout=60)

    for writer, (_, stderr) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, stderr
        assert "locked" not in stderr.lower()
    added = [int(stdout.split(" added, ")[0]) for stdout, _ in outputs]
    stored = [int(stdout.split(" added, ")[1].split(" already stored")[0]) for stdout, _ in outputs]
    assert sum(added) == 90 and [a + s for a, s in zip(added, stored, strict=True)] == [90, 90]

    assert reader.returncode == 0, err
    seen = json.loads(out)
    assert seen["problems"] == [] and any(0 < n < 90 for n in seen["counts"])  # saw writes under way
    assert seen["counts"] == sorted(seen["counts"]) and seen["counts"][-1] == 90  # never went back
    ids, inputs = _articles_and_inputs(db)
    assert len(ids) == len(set(ids)) == 90 and len(inputs) == 180 and set(inputs.values()) == {"ok"}


def test_hardening_the_longest_line_is_a_setting(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text(_article_text(1), encoding="utf-8")
    (folder / "long.txt").write_text(_article_text(2).replace("\n", " ") * 3, encoding="utf-8")
    longest = len(_article_text(2).replace("\n", " ") * 3)
    config = tmp_path / "settings.toml"
    config.write_text(f"[read]\nmax_line_chars = {longest - 1}\n", encoding="utf-8")
    run = run_cli("ingest", str(folder), "--db", str(tmp_path / "s.db"), "--config", str(config),
                  "--today", TODAY, "--quiet")
    with Store(tmp_path / "s.db") as store:
        inputs = {Path(row.source).name: (row.status, row.error) for row in store.inputs()}
        assert len(store.articles()) == 1
    assert inputs["short.txt"][0] == "ok"
    assert inputs["long.txt"][0] == "too-large"
    assert f"over the {longest - 1:,} of the max_line_chars setting" in str(inputs["long.txt"][1])
    assert "long.txt" in run.stderr
    # the default (50 000 characters) takes the same file
    run = run_cli("ingest", str(folder), "--db", str(tmp_path / "d.db"), "--today", TODAY, "--quiet")
    with Store(tmp_path / "d.db") as store:
        assert len(store.articles()) == 2
