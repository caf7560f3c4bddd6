"""Read inputs: files, folders, stdin → `Article` records (or `ReadFailure`s).

Plain text is decoded (UTF-8, UTF-8 with BOM, UTF-16 with BOM, else charset detection)
and kept unmodified, so that offsets index the file's decoded content.  HTML goes through
trafilatura; its title becomes the first line of the text.  JSONL holds one article per
line.  An input that gives no article yields a `ReadFailure` naming the reason; reading
goes on with the rest.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import charset_normalizer

from .model import Article, ReadFailure, content_id

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
STDIN = "-"

Item = Article | ReadFailure


class ReadError(Exception):
    """An input that cannot be turned into text; `status` is the index.json status."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def iter_sources(inputs: Iterable[str]) -> Iterator[str]:
    """Expand the command-line inputs: folders recursively (sorted, hidden files
    skipped), `-` for stdin, anything else as given (a missing path fails when read)."""
    for raw in inputs:
        path = Path(raw)
        if raw != STDIN and path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield str(child)
        else:
            yield raw


def read_source(source: str, max_bytes: int) -> Iterator[Item]:
    """Read one input (a path or `-`) into articles; failures are yielded, never raised."""
    try:
        data = _load_bytes(source, max_bytes)
        kind = _detect_format(source, data)
        if kind == "jsonl":
            yield from _read_jsonl(source, data)
        elif kind == "html":
            yield _read_html(source, data)
        else:
            text = decode_bytes(data)
            _require_text(text)
            yield Article(id=content_id("a", text), source=source, text=text, format="text")
    except ReadError as err:
        yield ReadFailure(source=source, status=err.status, error=str(err))


def read_inputs(inputs: Iterable[str], max_bytes: int) -> Iterator[Item]:
    """Every article (or failure) of the given inputs, in input order."""
    for source in iter_sources(inputs):
        yield from read_source(source, max_bytes)


def _load_bytes(source: str, max_bytes: int) -> bytes:
    if source == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(source)
        if not path.exists():
            raise ReadError("missing", "no such file or folder")
        if not path.is_file():
            raise ReadError("unreadable", "not a regular file")
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise ReadError("too-large", f"file is {size} bytes, over the {max_bytes} limit")
            data = path.read_bytes()
        except PermissionError:
            raise ReadError("unreadable", "permission denied") from None
        except OSError as err:
            raise ReadError("unreadable", err.strerror or str(err)) from None
    if len(data) > max_bytes:
        raise ReadError("too-large", f"input is over the {max_bytes} bytes limit")
    if source.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise ReadError("unreadable", f"broken gzip data: {err}") from None
    if not data.strip():
        raise ReadError("empty", "the input is empty")
    return data


def _detect_format(source: str, data: bytes) -> str:
    name = source[:-3] if source.endswith(".gz") else source
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def decode_bytes(data: bytes) -> str:
    """Decode bytes of a text file, or raise ReadError("binary") when they are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" in data[:8192]:
            raise ReadError("binary", "binary data (NUL bytes), not text") from None
        text = _decode_legacy(data)
    if _looks_binary(text):
        raise ReadError("binary", "binary data (control characters), not text")
    return text


def _decode_legacy(data: bytes) -> str:
    """Text that is not UTF-8: Windows-1252 (the usual legacy encoding of Western news
    pages) when it reads as mostly unaccented letters, else charset detection."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    letters = [ch for ch in text[:20_000] if ch.isalpha()]
    accented = sum(1 for ch in letters if ch > "\x7f")
    if letters and accented / len(letters) < 0.3:
        return text
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError("binary", "not text in any known encoding")
    return str(best)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f\v")
    return "\x00" in sample or controls > max(8, len(sample) // 100)


def _require_text(text: str) -> None:
    if not text.strip():
        raise ReadError("empty", "the input holds only white space")


def _read_html(source: str, data: bytes) -> Article:
    import trafilatura  # heavy import, only when HTML is read

    html = decode_bytes(data)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, as_dict=False
    )
    if doc is None or isinstance(doc, dict):
        raise ReadError("empty", "no article text found in the HTML page")
    body = (doc.text or "").strip()
    if not body:
        raise ReadError("empty", "no article text found in the HTML page")
    title = (doc.title or "").strip() or None
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    url = doc.url or None
    outlet = doc.sitename or (urlparse(url).hostname if url else None)
    published = _iso_date(doc.date) if doc.date else None
    return Article(
        id=content_id("a", text),
        source=source,
        text=text,
        format="html",
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        metadata=tuple((k, str(v)) for k, v in (("author", doc.author), ("date", doc.date)) if v),
    )


def _read_jsonl(source: str, data: bytes) -> Iterator[Item]:
    text = decode_bytes(data)
    found = False
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"{source}:{n}"
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ReadError("invalid", "a JSONL line must hold a JSON object")
            yield _article_from_record(where, record)
            found = True
        except json.JSONDecodeError as err:
            yield ReadFailure(source=where, status="invalid", error=f"broken JSON: {err.msg}")
        except ReadError as err:
            yield ReadFailure(source=where, status=err.status, error=str(err))
    if not found:
        raise ReadError("empty", "no article in the JSONL file")


def _article_from_record(where: str, record: Mapping[str, Any]) -> Article:
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise ReadError("empty", "the record has no 'text'")

    def opt(key: str) -> str | None:
        value = record.get(key)
        return value.strip() or None if isinstance(value, str) else None

    url = opt("url")
    return Article(
        id=content_id("a", body),
        source=where,
        text=body,
        format="jsonl",
        title=opt("title"),
        url=url,
        outlet=opt("outlet") or (urlparse(url).hostname if url else None),
        published=_iso_date(opt("published")),
        metadata=tuple(
            (k, str(v)) for k, v in record.items() if k != "text" and isinstance(v, str | int | float)
        ),
    )


def _iso_date(value: str | None) -> str | None:
    """An ISO day from a metadata date ("2022-01-12T10:00:00Z", "12 janvier 2022"…)."""
    if not value:
        return None
    head = value.strip()[:10]
    if len(head) == 10 and head[4] == "-" and head[7] == "-" and head.replace("-", "").isdigit():
        return head
    import dateparser  # only for free-form metadata dates

    parsed = dateparser.parse(value, languages=["fr", "en", "es", "de"])
    return parsed.date().isoformat() if parsed else None
