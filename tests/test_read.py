"""Reading inputs: encodings, formats (text, HTML, JSONL, WARC, gzip), bad input."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import os
import socket
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corroborate.model import Article, ReadFailure
from corroborate.read import ReadError, decode_bytes, iter_sources, read_inputs, read_source
from corroborate.settings import ReadSettings, load_settings

TEXT = "Le président a annoncé mercredi « une réforme d'été » à Besançon.\nDeuxième ligne.\n"
SETTINGS = load_settings().read


def _limit(max_bytes: int) -> ReadSettings:
    return dataclasses.replace(SETTINGS, max_bytes=max_bytes)


def _one(path: Path, read: ReadSettings = SETTINGS) -> Article | ReadFailure:
    items = list(read_source(str(path), read))
    assert len(items) == 1, items
    return items[0]


def _failure(path: Path, read: ReadSettings = SETTINGS) -> ReadFailure:
    item = _one(path, read)
    assert isinstance(item, ReadFailure), item
    assert item.error and item.source == str(path)
    return item


def _page(title: str, n: int = 6, head: str = "") -> str:
    paragraphs = "".join(
        f"<p>Le conseil municipal de Besançon a voté mardi la rénovation numéro {i} de la piscine, "
        "un chantier attendu depuis des années par les habitants du quartier.</p>"
        for i in range(n)
    )
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head>"
        "<body><nav><a href='/'>Accueil</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Mentions légales</footer></body></html>"
    )


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16", b""),  # Python writes a BOM
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),  # no BOM: told by the NUL bytes
        ("utf-16-be", b""),
        ("utf-32", b""),
        ("cp1252", b""),
        ("latin-1", b""),
    ],
)
def test_read_decodes_text_in_common_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == TEXT
    assert article.format == "text" and article.id.startswith("a-")


def test_read_cp1252_punctuation_is_not_mojibake(tmp_path: Path) -> None:
    text = "L’État a dit « non » — 30 € d’amende… œuvre\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("cp1252"))
    article = _one(path)
    assert isinstance(article, Article) and article.text == text


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_read_repairs_stray_cp1252_bytes_in_utf8(tmp_path: Path, bom: bytes) -> None:
    utf8_part = "Le ministère a confirmé la réunion de l'été à Genève.\n" * 5
    cp1252_part = "Il l’a dit : « déjà » — à 20 €.\n"
    path = tmp_path / "mixed.txt"
    path.write_bytes(bom + utf8_part.encode("utf-8") + cp1252_part.encode("cp1252") + utf8_part.encode("utf-8"))
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == utf8_part + cp1252_part + utf8_part
    assert "\ufffd" not in article.text


def test_read_keeps_pasted_utf8_in_cp1252_text() -> None:
    cp1252_part = "L’été à Besançon, « déjà » chaud — 30 °C.\n" * 6
    utf8_part = "Citation : « Ça dépasse l’entendement. »\n"
    data = cp1252_part.encode("cp1252") + utf8_part.encode("utf-8") + cp1252_part.encode("cp1252")
    assert decode_bytes(data) == cp1252_part + utf8_part + cp1252_part


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "cp1251", "koi8-r", "utf-8"])
def test_read_decodes_cyrillic_text(codec: str) -> None:
    russian = "Президент заявил в среду, что реформа будет принята парламентом.\n" * 3
    assert decode_bytes(russian.encode(codec)) == russian


def test_read_decode_bytes_uses_a_declared_charset_for_legacy_bytes() -> None:
    russian = "Президент заявил в среду, что реформа будет принята.\n" * 3
    assert decode_bytes(russian.encode("cp1251"), "windows-1251") == russian
    # UTF-8 wins over a wrong declaration
    assert decode_bytes(TEXT.encode("utf-8"), "iso-8859-1") == TEXT


def test_read_trailing_nul_padding_is_dropped_but_inner_nul_is_binary() -> None:
    assert decode_bytes(TEXT.encode() + b"\x00" * 50) == TEXT
    with pytest.raises(ReadError, match="NUL"):
        decode_bytes(TEXT.encode() * 400 + b"\x00" + TEXT.encode())


def test_read_decode_rejects_control_characters() -> None:
    with pytest.raises(ReadError, match="binary"):
        decode_bytes(bytes(range(1, 32)) * 50)


def test_read_ids_are_content_hashes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    ids = {item.id for item in read_inputs([str(tmp_path)], SETTINGS) if isinstance(item, Article)}
    assert len(ids) == 1


def test_read_a_single_one_megabyte_line(tmp_path: Path) -> None:
    line = ("Le gouvernement a annoncé une réforme. " * 30_000)[:1_000_000]
    path = tmp_path / "long.txt"
    path.write_text(line, encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article) and article.text == line


# --- HTML ------------------------------------------------------------------------------


def test_read_html_through_trafilatura(tmp_path: Path) -> None:
    head = (
        '<meta property="og:site_name" content="Le Courrier"><meta name="date" content="2022-01-12">'
        '<link rel="canonical" href="https://www.example.org/piscine">'
    )
    path = tmp_path / "page.html"
    path.write_text(_page("Piscine rénovée", head=head), encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert article.format == "html"
    assert article.title == "Piscine rénovée" and article.text.startswith("Piscine rénovée\n")
    assert "rénovation numéro 5" in article.text and "Mentions légales" not in article.text
    assert article.outlet == "Le Courrier" and article.published == "2022-01-12"
    assert article.url == "https://www.example.org/piscine"


def test_read_html_in_a_declared_legacy_charset_and_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "page.bin"
    page = _page("Été à Besançon", head='<meta charset="windows-1252">').replace("rénovation", "rénovation’")
    path.write_bytes(page.encode("cp1252"))
    article = _one(path)
    assert isinstance(article, Article) and article.format == "html"
    assert article.title == "Été à Besançon" and "rénovation’ numéro 2" in article.text


def test_read_html_sentence_in_the_title_is_no_outlet(tmp_path: Path) -> None:
    title = "PARIS - Le conseil municipal a voté mardi soir la rénovation complète de la piscine du quartier."
    path = tmp_path / "page.html"
    path.write_text(_page(title).replace("<head>", '<head><link rel="canonical" href="https://www.journal.example/a">'), encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article) and article.outlet is not None
    assert len(article.outlet) <= 60 and "journal.example" in article.outlet


def test_read_third_party_parser_errors_become_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    (tmp_path / "a.html").write_text(_page("Titre"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], SETTINGS))
    assert isinstance(items[0], ReadFailure) and items[0].status == "unreadable"
    assert "RuntimeError" in items[0].error and "parser exploded" in items[0].error
    assert isinstance(items[1], Article)


# --- JSONL -----------------------------------------------------------------------------


def test_read_jsonl_keeps_going_after_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = {"text": "Premier article.", "url": "https://www.example.org/x", "published": "12 janvier 2022"}
    path.write_text(json.dumps(good) + "\n{oops\n" + json.dumps({"title": "sans texte"}) + "\n" + "[1]\n", encoding="utf-8")
    items = list(read_source(str(path), SETTINGS))
    assert isinstance(items[0], Article)
    assert items[0].outlet == "www.example.org" and items[0].published == "2022-01-12"
    assert isinstance(items[1], ReadFailure) and items[1].source.endswith(":2") and items[1].status == "invalid"
    assert isinstance(items[2], ReadFailure) and items[2].status == "empty" and "jsonl_text" in items[2].error
    assert isinstance(items[3], ReadFailure) and items[3].source.endswith(":4") and items[3].status == "invalid"


def test_read_jsonl_keys_come_from_the_settings(tmp_path: Path) -> None:
    record = {
        "body": "  Un article.\n",
        "headline": "Titre",
        "link": "https://news.example.com/a",
        "date_publish": 1641984000,  # Unix time: 2022-01-12
        "source": {"id": "x", "name": "Le Journal"},
        "maintext\u2028": "raw U+2028 in a key stays on its line",
    }
    path = tmp_path / "feed.ndjson"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == "  Un article.\n" and article.title == "Titre" and article.url == "https://news.example.com/a"
    assert article.outlet == "Le Journal" and article.published == "2022-01-12"
    custom = dataclasses.replace(SETTINGS, jsonl_text=("contenu",), jsonl_title=("titre",))
    path.write_text(json.dumps({"contenu": "Autre.", "titre": "T", "published": "hier"}) + "\n", encoding="utf-8")
    article = _one(path, custom)
    assert isinstance(article, Article) and article.text == "Autre." and article.title == "T"
    assert article.published is None  # relative dates would need a clock


def test_read_jsonl_sniffed_without_suffix_and_cleaned_of_nul(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(json.dumps({"text": "A\u0000B \ud800 C"}) + "\n", encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article) and article.format == "jsonl"
    assert article.text == "AB \ufffd C"


# --- gzip ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.txt.gz", "a.gz", "a.txt"])
def test_read_gzip_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(TEXT.encode("utf-8")))
    article = _one(path)
    assert isinstance(article, Article) and article.text == TEXT


def test_read_gzip_multi_member_and_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    lines = [json.dumps({"text": f"Article {i}."}) + "\n" for i in range(3)]
    path.write_bytes(b"".join(gzip.compress(line.encode()) for line in lines))
    items = list(read_source(str(path), SETTINGS))
    assert [item.text for item in items if isinstance(item, Article)] == ["Article 0.", "Article 1.", "Article 2."]


def test_read_gzip_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"a" * (1 << 20)
    path.write_bytes(b"".join(compressor.compress(block) for _ in range(200)) + compressor.flush())  # 200 MB inflated
    assert path.stat().st_size < 1_000_000
    failure = _failure(path, _limit(5_000_000))
    assert failure.status == "too-large" and "5,000,000" in failure.error and "max_bytes" in failure.error


def test_read_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress((TEXT * 200).encode())[:-30])
    failure = _failure(path)
    assert failure.status == "unreadable" and "truncated" in failure.error


# --- WARC ------------------------------------------------------------------------------


def _warc(pages: list[tuple[str, str, bytes]], compress: bool, status: str = "200 OK") -> bytes:
    """A WARC as a crawler writes it: request + response per page, a metadata record."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    for url, content_type, body in pages:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
        writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"outlinks: none")))
    return out.getvalue()


PAGES = [
    ("https://www.lecourrier.example/a", "text/html; charset=utf-8", _page("Premier titre").encode()),
    ("https://img.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("https://www.autre.example/b", "text/html; charset=windows-1252", _page("Été brûlant").encode("cp1252")),
]


@pytest.mark.parametrize(("name", "compress"), [("crawl.warc.gz", True), ("crawl.warc", False), ("crawl.dat", True)])
def test_read_warc_html_responses_become_articles(tmp_path: Path, name: str, compress: bool) -> None:
    path = tmp_path / name
    path.write_bytes(_warc(PAGES, compress))
    items = list(read_source(str(path), SETTINGS))
    assert all(isinstance(item, Article) for item in items), items
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.url == "https://www.lecourrier.example/a" and (first.outlet or "").endswith("lecourrier.example")
    assert first.title == "Premier titre" and first.format == "html"
    assert second.title == "Été brûlant" and (second.outlet or "").endswith("autre.example")
    assert first.source.startswith(f"{path}#urn:uuid:") and first.source != second.source
    assert ("warc-target-uri", "https://www.autre.example/b") in second.metadata


def test_read_warc_skips_error_responses(tmp_path: Path) -> None:
    path = tmp_path / "errors.warc.gz"
    path.write_bytes(_warc(PAGES[:1], compress=True, status="404 Not Found"))
    assert list(read_source(str(path), SETTINGS)) == []


@pytest.mark.parametrize("compress", [True, False])
def test_read_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path, compress: bool) -> None:
    data = _warc(PAGES, compress)
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(data[: len(data) - 400])  # inside the last response
    items = list(read_source(str(path), SETTINGS))
    assert len(items) == 2, items
    assert isinstance(items[0], Article) and items[0].title == "Premier titre"
    assert isinstance(items[1], ReadFailure) and items[1].source == str(path)
    assert items[1].status == "unreadable" and "truncated" in items[1].error


def test_read_warc_page_over_the_limit_fails_alone(tmp_path: Path) -> None:
    big = _page("Très long", n=400).encode()
    path = tmp_path / "big.warc.gz"
    path.write_bytes(_warc([("https://a.example/big", "text/html", big), PAGES[0]], compress=True))
    items = list(read_source(str(path), _limit(len(big) - 1)))
    assert isinstance(items[0], ReadFailure) and items[0].status == "too-large" and "#" in items[0].source
    assert isinstance(items[1], Article) and items[1].title == "Premier titre"


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "status", "says"),
    [
        (b"", "empty", "empty"),
        (b"  \n\t\n", "empty", "empty"),
        (b"\xef\xbb\xbf", "empty", "white space"),
        (b"\x00\x01\x02\x03" * 100, "binary", "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary", "PNG"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, "binary", "PDF"),
        (bytes((i * 167 + 13) % 256 for i in range(4096)), "binary", "binary"),
        (b"\x1f\x8b\x08garbage", "unreadable", "gzip"),
    ],
)
def test_read_failures_name_the_reason(tmp_path: Path, content: bytes, status: str, says: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    failure = _failure(path)
    assert failure.status == status and says in failure.error


def test_read_missing_and_too_large(tmp_path: Path) -> None:
    missing = _failure(tmp_path / "nope.txt")
    assert missing.status == "missing"
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000, encoding="utf-8")
    failure = _failure(big, _limit(1000))
    assert failure.status == "too-large"
    assert "2,000 bytes" in failure.error and "1,000" in failure.error
    assert "--config" in failure.error and "[read] max_bytes" in failure.error


def test_read_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        pass
    else:  # root ignores file modes: make opening this path fail as it would for a user
        real_open = Path.open

        def denied(self: Path, *args: object, **kwargs: object) -> object:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", denied)
    failure = _failure(path)
    assert failure.status == "unreadable" and "permission denied" in failure.error


def test_read_fifo_and_socket_are_not_regular_files(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    failure = _failure(fifo)  # must not block waiting for a writer
    assert failure.status == "unreadable" and "FIFO" in failure.error
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        failure = _failure(sock_path)
    assert failure.status == "unreadable" and "socket" in failure.error
    folder_items = list(read_inputs([str(tmp_path)], SETTINGS))
    assert {item.status for item in folder_items if isinstance(item, ReadFailure)} == {"unreadable"}


def test_read_folders_recursively_skipping_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ("b.txt", "sub/a.txt", "sub/deeper/c.txt", ".hidden.txt", "sub/.git/x", "sub.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in iter_sources([str(tmp_path)])]
    assert found == ["b.txt", "sub/a.txt", "sub/deeper/c.txt", "sub.txt"]


def test_read_folder_symlink_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a" / "b" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "again").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in iter_sources([str(tmp_path)])]
    assert found == ["a/b/x.txt", "dangling.txt"]
    items = list(read_inputs([str(tmp_path)], SETTINGS))
    assert isinstance(items[1], ReadFailure) and items[1].status == "missing" and "symbolic link" in items[1].error


@pytest.mark.parametrize("compress", [False, True])
def test_read_stdin_text_and_warc(monkeypatch: pytest.MonkeyPatch, compress: bool) -> None:
    for data, expected in ((TEXT.encode("cp1252"), [TEXT]), (_warc(PAGES[:1], compress), ["Premier titre"])):
        raw = gzip.compress(data) if compress and expected == [TEXT] else data
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
        items = list(read_source("-", SETTINGS))
        assert [item.title or item.text for item in items if isinstance(item, Article)] == expected, items
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2000)))
    failure = list(read_source("-", _limit(1000)))[0]
    assert isinstance(failure, ReadFailure) and failure.status == "too-large" and failure.source == "-"


def test_read_a_folder_given_as_a_file(tmp_path: Path) -> None:
    failure = _failure(tmp_path)
    assert failure.status == "unreadable" and "folder" in failure.error


SUFFIXES = [".txt", ".html", ".jsonl", ".warc", ".gz"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_read_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    for item in read_source(str(path), SETTINGS):
        assert isinstance(item, Article | ReadFailure)
        if isinstance(item, Article):
            assert isinstance(item.text, str) and "\x00" not in item.text and item.text.strip()
        else:
            assert item.status and item.error
