"""`corroborate serve` reading while `corroborate ingest` writes: both real commands in
their own processes, the server asked over HTTP as a browser would."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT, TODAY
from test_hardening import _spawn, _write_articles


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def test_hardening_serve_reads_while_ingest_writes(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    _write_articles(tmp_path / "first", range(10))
    first = _spawn("ingest", str(tmp_path / "first"), "--db", str(db), "--today", TODAY, "--quiet")
    assert first.wait(timeout=120) == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "corroborate", "serve", "--db", str(db), "--port", str(port), "--today", TODAY],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # the server is up when it answers
            try:
                if _get(base + "/api/stories")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, server.stderr
            time.sleep(0.2)
        _write_articles(tmp_path / "second", range(10, 70))
        writer = _spawn("ingest", str(tmp_path / "second"), "--db", str(db), "--today", TODAY, "--quiet")
        counts: list[int] = []
        statuses: set[int] = set()
        while True:
            done = writer.poll() is not None
            status, stories = _get(base + "/api/stories")
            statuses.add(status)
            if status == 200 and isinstance(stories, list):
                counts.append(sum(int(s["size"]) for s in stories))
                if stories:  # a dossier asked in the middle of the writes comes whole
                    story_status, dossier = _get(base + "/api/stories/" + str(stories[0]["id"]))
                    statuses.add(story_status)
                    assert story_status != 200 or isinstance(dossier, dict) and dossier["articles"]
            search_status, _ = _get(base + "/api/search?q=article")
            statuses.add(search_status)
            if done:
                break
            time.sleep(0.05)
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert statuses == {200}
    assert counts == sorted(counts), "the server saw articles disappear"
    assert counts[0] >= 10 and counts[-1] == 70
    assert any(10 < n < 70 for n in counts), "no read happened while the writes were under way"
