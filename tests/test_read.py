"""Reading inputs: encodings, formats, failures."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from corroborate.model import Article, ReadFailure
from corroborate.read import decode_bytes, iter_sources, read_inputs, read_source

TEXT = "Le président a annoncé mercredi « une réforme d'été » à Besançon.\nDeuxième ligne.\n"
LIMIT = 10_000_000


def _one(path: Path) -> Article | ReadFailure:
    items = list(read_source(str(path), LIMIT))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b""), ("latin-1", b"")],
)
def test_read_decodes_text_in_common_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == TEXT
    assert article.format == "text" and article.id.startswith("a-")


def test_read_ids_are_content_hashes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    ids = {item.id for item in read_inputs([str(tmp_path)], LIMIT) if isinstance(item, Article)}
    assert len(ids) == 1


def test_read_html_through_trafilatura(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Le conseil municipal de Besançon a voté mardi la rénovation numéro {i} de la piscine, "
        "un chantier attendu depuis des années par les habitants du quartier.</p>"
        for i in range(6)
    )
    html = (
        "<!DOCTYPE html><html><head><title>Piscine rénovée</title>"
        '<meta property="og:site_name" content="Le Courrier"><meta name="date" content="2022-01-12">'
        '<link rel="canonical" href="https://www.example.org/piscine"></head>'
        "<body><nav><a href='/'>Accueil</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Piscine rénovée</h1>{paragraphs}</article>"
        "<footer>Mentions légales</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert article.format == "html"
    assert article.title == "Piscine rénovée" and article.text.startswith("Piscine rénovée\n")
    assert "rénovation numéro 5" in article.text and "Mentions légales" not in article.text
    assert article.outlet == "Le Courrier" and article.published == "2022-01-12"


def test_read_jsonl_keeps_going_after_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = {"text": "Premier article.", "url": "https://www.example.org/x", "published": "12 janvier 2022"}
    path.write_text(json.dumps(good) + "\n{oops\n" + json.dumps({"title": "sans texte"}) + "\n", encoding="utf-8")
    items = list(read_source(str(path), LIMIT))
    assert isinstance(items[0], Article)
    assert items[0].outlet == "www.example.org" and items[0].published == "2022-01-12"
    assert isinstance(items[1], ReadFailure) and items[1].source.endswith(":2") and items[1].status == "invalid"
    assert isinstance(items[2], ReadFailure) and items[2].status == "empty"


def test_read_gzip_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(TEXT.encode("utf-8")))
    article = _one(path)
    assert isinstance(article, Article) and article.text == TEXT


@pytest.mark.parametrize(
    ("content", "status"),
    [(b"", "empty"), (b"  \n\t\n", "empty"), (b"\x00\x01\x02\x03" * 100, "binary"), (b"\x1f\x8b\x08garbage", "unreadable")],
)
def test_read_failures_name_the_reason(tmp_path: Path, content: bytes, status: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    failure = _one(path)
    assert isinstance(failure, ReadFailure)
    assert failure.status == status and failure.error and failure.source == str(path)


def test_read_missing_and_too_large(tmp_path: Path) -> None:
    missing = _one(tmp_path / "nope.txt")
    assert isinstance(missing, ReadFailure) and missing.status == "missing"
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000, encoding="utf-8")
    failure = list(read_source(str(big), 1000))[0]
    assert isinstance(failure, ReadFailure) and failure.status == "too-large"


def test_read_folders_recursively_skipping_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ("b.txt", "sub/a.txt", "sub/deeper/c.txt", ".hidden.txt", "sub/.git/x"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in iter_sources([str(tmp_path)])]
    assert found == ["b.txt", "sub/a.txt", "sub/deeper/c.txt"]


def test_read_decode_rejects_control_characters() -> None:
    with pytest.raises(Exception, match="binary"):
        decode_bytes(bytes(range(1, 32)) * 50)
