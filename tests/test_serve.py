"""`corroborate serve` without a browser: the pages and the JSON API over a store holding
the seed articles, the safety rules, the pure view functions, and the command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, SEEDS, TODAY, run_cli

from corroborate.pipeline import ingest
from corroborate.settings import load_settings
from corroborate.store import Store
from corroborate.web import PublicHostError, WebConfig, create_app, resolve_host
from corroborate.web.app import safe_name
from corroborate.web.server import background_server, free_port
from corroborate.web.views import Mark, fold, segment_lines, snippet_parts

LIMIT = 50_000


@dataclass
class Served:
    client: httpx.Client
    folder: Path
    story: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "seeds.db"
    settings = load_settings()
    with Store(db) as store:
        ingest([str(p) for p in sorted(SEEDS.glob("*.txt"))], store, settings, date.fromisoformat(TODAY))
        story = store.stories()[0].id
    app = create_app(WebConfig(db=db, settings=settings, today=date.fromisoformat(TODAY),
                               uploads=folder / "uploads", max_upload_bytes=LIMIT))
    with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield Served(client, folder, story)


# -- pages and API ------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("", 1), ("?lang=fr", 1), ("?lang=es", 0), ("?from=2022-01-12", 1), ("?to=2022-01-10", 0),
    ("?from=2022-01-01&to=2022-01-31", 1), ("?from=2023-01-01", 0), ("?q=tokaiev", 1), ("?q=zanzibar", 0),
])
def test_serve_stories_list_filters(served: Served, query: str, expected: int) -> None:
    stories = served.client.get(f"/api/stories{query}").json()
    assert len(stories) == expected
    page = served.client.get(f"/{query}")
    assert page.status_code == 200
    assert page.text.count('class="story-link"') == expected
    if expected:
        assert stories[0]["size"] == 5 and stories[0]["languages"] == ["fr"]


def test_serve_story_dossier_shows_discrepancy_and_links(served: Served) -> None:
    html = served.client.get(f"/stories/{served.story}").text
    for section in ("sources", "summary", "figures", "timeline", "quotes", "entities"):
        assert f'<section id="{section}">' in html
    troops = re.search(r'<tbody class="figure discrepancy" data-measure="troops">(.*?)</tbody>', html, re.S)
    assert troops is not None
    assert "2 300 soldats" in troops.group(1) and "2 000 soldats" in troops.group(1)
    # every citation opens the article view at its span; the span is an element id too
    cites = re.findall(r'class="cite" href="/articles/(a-[0-9a-f]+)\?s=(\d+)&amp;e=(\d+)#target"', html)
    assert len(cites) > 20
    dossier = served.client.get(f"/api/stories/{served.story}").json()
    claims = [c for f in dossier["figures"] for c in f["claims"]]
    for item in [*claims, *dossier["quotes"]]:  # their rows are what the article view links back to
        assert f'id="c-{item["article"]}-{item["start"]}-{item["end"]}"' in html
    assert re.search(rf'href="/entities/{served.story}/e-[0-9a-f]+"', html)
    assert dossier["story"]["id"] == served.story


def test_serve_article_marks_slice_the_text(served: Served) -> None:
    dossier = served.client.get(f"/api/stories/{served.story}").json()
    seen: set[str] = set()
    for raw in dossier["articles"]:
        data = served.client.get(f"/api/articles/{raw['id']}").json()
        text = data["text"]
        assert all(text[line["start"]:line["end"]] == line["text"] for line in data["lines"])
        for mark in data["marks"]:
            assert text[mark["start"]:mark["end"]] == mark["text"]
            assert mark["href"].startswith(f"/stories/{served.story}#")
            seen.add(mark["kind"])
    assert seen == {"entity", "time", "figure", "quote"}


def test_serve_article_page_marks_the_target_span(served: Served) -> None:
    quote = served.client.get(f"/api/stories/{served.story}").json()["quotes"][0]
    html = served.client.get(f"/articles/{quote['article']}?s={quote['start']}&e={quote['end']}").text
    assert html.count('id="target"') == 1
    assert re.search(r'<a class="hl[a-z ]*quote[a-z ]*target"', html)
    assert 'class="badge"' in html and ">content</span>" in html


def test_serve_search_and_entity_ignore_accents(served: Served) -> None:
    found = served.client.get("/api/search", params={"q": "tokaiev"}).json()
    assert found["articles"] and any("Tokaïev" in h["snippet"] for h in found["articles"])
    entity = found["entities"][0]
    assert "Tokaïev" in entity["name"]
    data = served.client.get(entity["href"].replace("/entities/", "/api/entities/")).json()
    assert {"Tokayev", "Kasim Jomart Yokayev"} <= set(data["variants"])
    assert len({m["article"] for m in data["mentions"]}) == 5
    page = served.client.get(entity["href"]).text
    assert "Kasim Jomart Yokayev" in page and page.count('class="hl entity"') == len(data["mentions"])


def test_serve_openapi_documents_the_api(served: Served) -> None:
    spec = served.client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search",
            "/api/upload", "/api/entities/{story_id}/{entity_id}"} <= set(spec["paths"])
    page = served.client.get("/api").text
    assert "/api/upload" in page and "/openapi.json" in page
    assert served.client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


# -- safety ---------------------------------------------------------------------------------


def test_serve_escapes_article_text(served: Served) -> None:
    evil = ("<script>alert('x')</script> Un <b>titre</b>\n\n"
            "Le maire de Lyon a déclaré lundi que <img src=x onerror=alert(1)> 40 bus circuleraient.\n")
    upload = served.client.post("/api/upload", files={"file": ("evil.txt", evil.encode(), "text/plain")})
    assert upload.status_code == 200 and upload.json()["status"] == "added"
    result = upload.json()
    pages = [served.client.get(f"/articles/{result['article']}").text, served.client.get(result["href"]).text,
             served.client.get("/", params={"q": "maire lyon"}).text]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>titre" not in html
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js">']
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in pages[0]


@pytest.mark.parametrize("url", [
    "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/articles/..%2f..%2fetc%2fpasswd", "/stories/s-..%2f..", "/api/articles/a-0000%2f..%2f..",
    "/entities/s-1234/..%2f..%2fetc", "/static/app.css%00.py",
])
def test_serve_no_path_traversal(served: Served, url: str) -> None:
    response = served.client.get(url)
    assert response.status_code in (404, 422)
    assert "root:" not in response.text and "[project]" not in response.text


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "passwd"), ("..\\..\\boot.ini", "boot.ini"), (".bashrc", "bashrc"),
    ("a b<c>.txt", "a_b_c_.txt"), ("", "upload.txt"), (None, "upload.txt"), ("....", "upload.txt"),
])
def test_serve_safe_upload_names(name: str | None, expected: str) -> None:
    assert safe_name(name) == expected


def test_serve_upload_keeps_files_inside_the_upload_folder(served: Served) -> None:
    body = "Le préfet a annoncé mardi la fermeture de 12 écoles à Marseille.\n".encode()
    response = served.client.post("/api/upload", files={"file": ("../../escape.txt", body, "text/plain")})
    assert response.status_code == 200 and response.json()["file"] == "escape.txt"
    assert not (served.folder.parent / "escape.txt").exists()
    assert [p.name for p in (served.folder / "uploads").glob("*escape.txt")]


def test_serve_upload_size_limit(served: Served) -> None:
    big = b"mot " * (LIMIT // 2)
    declared = served.client.post("/api/upload", files={"file": ("big.txt", big, "text/plain")})
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the stream itself is counted
        yield (b'--zzz\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
               b"Content-Type: text/plain\r\n\r\n")
        for _ in range(40):
            yield b"x" * 4096

    streamed = served.client.post("/api/upload", content=chunks(),
                                  headers={"content-type": "multipart/form-data; boundary=zzz"})
    assert streamed.status_code == 413


def test_serve_refuses_foreign_hosts_and_origins(served: Served) -> None:
    assert served.client.get("/", headers={"host": "evil.example"}).status_code == 400
    body = {"file": ("x.txt", b"Le texte.\n", "text/plain")}
    foreign = served.client.post("/api/upload", files=body, headers={"origin": "http://evil.example"})
    assert foreign.status_code == 403
    page = served.client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(("host", "public", "expected"), [
    (None, False, "127.0.0.1"), (None, True, "0.0.0.0"), ("localhost", False, "localhost"),
    ("::1", False, "::1"), ("127.0.0.2", False, "127.0.0.2"), ("0.0.0.0", True, "0.0.0.0"),
    ("0.0.0.0", False, None), ("192.168.1.4", False, None), ("example.org", False, None),
])
def test_serve_binds_beyond_localhost_only_with_public(host: str | None, public: bool, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(PublicHostError, match="--public"):
            resolve_host(host, public)
    else:
        assert resolve_host(host, public) == expected


# -- the pure view functions ----------------------------------------------------------------


def test_serve_segments_cut_lines_at_every_mark() -> None:
    text = "Le président Tokaïev a dit « 2 000 soldats partiront mardi ».\nFin."
    lines = [{"n": 1, "start": 0, "end": 62, "label": "content"}, {"n": 2, "start": 63, "end": 67, "label": "credit"}]
    quote = Mark("quote", 29, 59, "/q", "q")
    marks = [quote, Mark("entity", 13, 20, "/e", "e"), Mark("figure", 29, 42, "/f", "f"),
             Mark("time", 53, 58, "/t", "t")]
    result = segment_lines(text, lines, marks, target=(29, 59))
    assert ["".join(s.text for s in line.segments) for line in result] == [text[:62], text[63:]]
    by_text = {s.text: s for s in result[0].segments}
    assert by_text["Tokaïev"].mark is not None and by_text["Tokaïev"].mark.kind == "entity"
    assert by_text["2 000 soldats"].kinds == ("figure", "quote") and by_text["2 000 soldats"].mark.kind == "figure"
    assert by_text[" partiront "].mark == quote and by_text[" partiront "].target
    assert sum(s.first_target for s in result[0].segments) == 1
    assert result[1].removed and not result[0].removed


@pytest.mark.parametrize(("snippet", "parts"), [
    ("…le président [Tokaïev] a dit…", [("…le président ", False), ("Tokaïev", True), (" a dit…", False)]),
    ("[a] <b>[c]", [("a", True), (" <b>", False), ("c", True)]),
    ("rien", [("rien", False)]),
])
def test_serve_snippet_parts(snippet: str, parts: list[tuple[str, bool]]) -> None:
    assert snippet_parts(snippet) == parts


def test_serve_fold_ignores_case_and_accents() -> None:
    assert fold("Tokaïev") == fold("TOKAIEV") == "tokaiev"


# -- the command line -----------------------------------------------------------------------


def test_serve_cli_refuses_other_hosts_without_public(tmp_path: Path) -> None:
    run = run_cli("serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0")
    assert run.returncode == 2
    assert "--public" in run.stderr


def test_serve_cli_public_warns_and_serves(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "corroborate", "serve", "--db", str(tmp_path / "s.db"), "--public",
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        html = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not html:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    html = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert "The store is empty" in html
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert "warning" in stderr and "--public" in stderr
