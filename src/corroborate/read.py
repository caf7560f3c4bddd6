"""Read inputs: files, folders, stdin → `Article` records (or `ReadFailure`s).

Plain text is decoded (UTF-8 with or without BOM, UTF-16/32 with BOM, UTF-16 without BOM
from its NUL-byte pattern, UTF-8 with stray Windows-1252 bytes repaired, else legacy
charset detection) and kept unmodified, so that offsets index the file's decoded content.
HTML goes through trafilatura; its title becomes the first line of the text.  JSONL holds
one article per line, under configurable keys.  WARC crawl files give one article per HTML
response.  Any of them may be gzipped.  An input that gives no article yields a
`ReadFailure` naming the reason; reading goes on with the rest, whatever the parsers raise.
"""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

import charset_normalizer

from .model import Article, ReadFailure, content_id
from .settings import ReadSettings
from .warc import WarcPage, WarcTruncated, is_warc, iter_warc_pages

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
STDIN = "-"
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
HEAD = 1 << 12  # bytes looked at to tell formats apart

# File signatures of the binary formats people most often feed by mistake, so that the
# message says what the file is rather than only "binary".
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document; extract its text first (e.g. with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or an office document); unpack it first"),
    (b"\x7fELF", "an executable"),
    (b"\xfd7zXZ\x00", "xz-compressed data; decompress it first"),
    (b"BZh91AY&SY", "bzip2-compressed data; decompress it first"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data; decompress it first"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Invalid bytes of a mostly-UTF-8 text, as `surrogateescape` decodes them (U+DC80…U+DCFF),
# back to what they mean in Windows-1252 (Latin-1 for the five bytes it leaves undefined).
_CP1252_REPAIR = {
    0xDC00 + b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0x100)
}
# Declared charsets that browsers read as Windows-1252 (WHATWG encoding standard).
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")  # control characters that text files do not hold

# libxml2's HTML parser reads 256 levels of nested elements and drops what lies deeper
MAX_HTML_DEPTH = 250
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*?(/?)>")
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)

Item = Article | ReadFailure


class ReadError(Exception):
    """An input that cannot be turned into text; `status` is the index.json status."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------------------
# Inputs


def iter_sources(inputs: Iterable[str]) -> Iterator[str]:
    """Expand the command-line inputs: folders recursively (sorted, hidden entries
    skipped, each real folder visited once so that symlink loops end), `-` for stdin,
    anything else as given (a missing path fails when read).  Entries of a folder that
    are not regular files (FIFOs, sockets, broken links) are yielded too, so that they
    show up as failures rather than vanish."""
    for raw in inputs:
        path = Path(raw)
        if raw != STDIN and path.is_dir():
            yield from _walk(path, set())
        else:
            yield raw


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[str]:
    """The entries under `folder` in sorted order; `seen` holds the (device, inode) of
    the folders already walked, so that a folder reached twice is walked once."""
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        yield str(folder)  # read_source reports why it cannot be read
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:  # reached again through a symlink: a loop or a second way in
        return
    seen.add(key)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # follows symlinks; `seen` stops the loops
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), seen)
        else:
            yield entry.path


def read_source(source: str, settings: ReadSettings) -> Iterator[Item]:
    """Read one input (a path or `-`) into articles; failures are yielded, never raised,
    also when a third-party parser raises on it."""
    try:
        yield from _read_source(source, settings)
    except ReadError as err:
        yield ReadFailure(source=source, status=err.status, error=str(err))
    except Exception as err:  # trafilatura, lxml, warcio, json…: one bad input must not stop a batch
        yield ReadFailure(source=source, status="unreadable", error=f"{type(err).__name__}: {err}")


def read_inputs(inputs: Iterable[str], settings: ReadSettings) -> Iterator[Item]:
    """Every article (or failure) of the given inputs, in input order."""
    for source in iter_sources(inputs):
        yield from read_source(source, settings)


def _read_source(source: str, settings: ReadSettings) -> Iterator[Item]:
    """The items of one input; raises ReadError for an input that gives none."""
    stream, size = _open_input(source, settings.max_bytes)
    with stream:
        head = stream.read(HEAD)
        stream.seek(0)
        if is_warc(_gunzip_head(head)):
            yield from _read_warc(source, stream, size, settings)
            return
        if head.startswith(GZIP_MAGIC):
            data = _gunzip(stream, settings.max_bytes)
        else:
            if size > settings.max_bytes:
                raise ReadError("too-large", _too_large(f"the file is {size:,} bytes", settings.max_bytes))
            data = stream.read(settings.max_bytes + 1)
            if len(data) > settings.max_bytes:  # grew while being read
                raise ReadError("too-large", _too_large("the file grew while being read", settings.max_bytes))
    if not data.strip():
        raise ReadError("empty", "the input is empty")
    yield from _read_bytes(source, data, settings)


def _open_input(source: str, max_bytes: int) -> tuple[IO[bytes], int]:
    """A binary stream on the input and its size; ReadError when it is no regular file."""
    if source == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ReadError("too-large", _too_large("stdin holds more data", max_bytes))
        return io.BytesIO(data), len(data)
    path = Path(source)
    try:
        info = path.stat()
    except FileNotFoundError:
        reason = "broken symbolic link" if path.is_symlink() else "no such file or folder"
        raise ReadError("missing", reason) from None
    except PermissionError:
        raise ReadError("unreadable", "permission denied (a folder on its path cannot be searched)") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise ReadError("unreadable", "a loop of symbolic links (each leads back to another)") from None
        raise ReadError("unreadable", err.strerror or str(err)) from None
    if stat.S_ISDIR(info.st_mode):
        try:
            os.listdir(path)
        except OSError as err:  # iter_sources hands over the folders it could not list
            raise ReadError("unreadable", f"a folder that cannot be listed: {err.strerror or err}") from None
        raise ReadError("unreadable", "a folder, not a file (read_inputs expands folders)")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("unreadable", f"not a regular file: {_file_kind(info.st_mode)}")
    try:
        # a regular file (checked above) never blocks on open, unlike a FIFO
        return path.open("rb"), info.st_size
    except PermissionError:
        raise ReadError("unreadable", "permission denied: the file cannot be opened for reading") from None
    except OSError as err:
        raise ReadError("unreadable", err.strerror or str(err)) from None


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _too_large(what: str, limit: int) -> str:
    return (
        f"{what}, over the limit of {limit:,} bytes (a .gz file counts decompressed); to raise it, "
        "pass --config FILE where FILE holds [read] max_bytes = N"
    )


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of gzip data (the data itself when not gzip)."""
    if not head.startswith(GZIP_MAGIC):
        return head
    try:
        return zlib.decompressobj(wbits=31).decompress(head, 64)
    except zlib.error:
        return b""


def _gunzip(stream: IO[bytes], limit: int) -> bytes:
    """Decompress gzip data (several members allowed) to at most `limit` bytes, chunk by
    chunk, so that a gzip bomb stops at the limit instead of filling the memory."""
    out = bytearray()
    inflater = zlib.decompressobj(wbits=31)
    try:
        while chunk := stream.read(CHUNK):
            data = chunk
            while data:
                if inflater.eof:
                    if not data.startswith(GZIP_MAGIC[:1]):
                        return bytes(out)  # trailing bytes after the last member, as gzip -d ignores them
                    inflater = zlib.decompressobj(wbits=31)
                out += inflater.decompress(data, limit + 1 - len(out))
                if len(out) > limit:
                    raise ReadError("too-large", _too_large("the gzip data decompresses to more", limit))
                data = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
    except zlib.error as err:
        raise ReadError("unreadable", f"broken gzip data: {err}") from None
    if not inflater.eof:
        raise ReadError("unreadable", f"truncated gzip data: the file ends inside the stream ({len(out):,} bytes decompressed)")
    return bytes(out)


# ---------------------------------------------------------------------------------------
# Formats


def _read_bytes(source: str, data: bytes, settings: ReadSettings) -> Iterator[Item]:
    """The items of an input's (gunzipped) bytes: HTML, JSONL or text, told by the file
    name's suffix, else by the content."""
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ReadError("binary", f"binary data ({kind}), not text")
    name = source[:-3] if source.endswith(".gz") else source
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES or _looks_like_html(data[:HEAD].decode("latin-1")):
        yield _read_html(source, decode_bytes(data, _meta_charset(data)))
        return
    text = decode_bytes(data)
    if suffix in JSONL_SUFFIXES or _looks_like_jsonl(text, settings):
        yield from _read_jsonl(source, text, settings)
    elif _looks_like_html(text[:HEAD]):  # HTML in UTF-16, seen only once decoded
        yield _read_html(source, text)
    else:
        _require_text(text)
        yield Article(id=content_id("a", text), source=source, text=text, format="text")


def _looks_like_html(head: str) -> bool:
    head = head.lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head or (
        head.startswith("<?xml") and "<html" in head
    )


def _looks_like_jsonl(text: str, settings: ReadSettings) -> bool:
    """True when the first line is a JSON object holding one of the text keys."""
    start = text.lstrip()
    if not start.startswith("{"):
        return False
    first = start.split("\n", 1)[0].strip()
    if not first.endswith("}"):
        return False
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and any(key in record for key in settings.jsonl_text)


# ---------------------------------------------------------------------------------------
# Decoding


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode the bytes of a text file (`declared`: a charset named by the container,
    used when the bytes are not UTF-8), or raise ReadError("binary") when they are not
    text.  A run of NULs at the very end (padding of a cut-off file) is dropped, which
    keeps offsets valid; any other NUL makes the data binary."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(codec, errors="replace"))
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(_decode_utf8(data[3:], declared))
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(data.decode(utf16, errors="replace"))
    return _checked(_decode_utf8(data, declared))


def _decode_utf8(data: bytes, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    valid = sum(1 for ch in text if ch > "\x7f") - invalid
    if valid > invalid:
        # mostly UTF-8 with a few legacy bytes (pasted text, concatenated feeds): each
        # stray byte is read as Windows-1252, so no replacement character appears
        return text.translate(_CP1252_REPAIR)
    if b"\x00" in data[:8192]:
        raise ReadError("binary", "binary data (NUL bytes), not text")
    codec = _codec(declared)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    if valid >= 3:
        # mostly Windows-1252 with pasted UTF-8: sequences that are valid UTF-8 hardly
        # ever arise by chance in Windows-1252 text, so they are read as UTF-8
        repaired = text.translate(_CP1252_REPAIR)
        if _reads_as_western(repaired):
            return repaired
    return _decode_legacy(data)


def _codec(declared: str | None) -> str | None:
    """The Python codec of a declared charset, None when unknown."""
    if not declared:
        return None
    name = declared.strip().lower()
    if name in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE or BE recognised from its NUL bytes: the high byte of a code unit is
    zero for every ASCII character (all of them in Latin-script text, the spaces and
    punctuation in Cyrillic or Greek), so NULs fill one side of the byte pairs and
    (almost) never the other.  Binary data has its NULs on both sides."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : 2 * pairs : 2].count(0) / pairs
    odd = sample[1 : 2 * pairs : 2].count(0) / pairs
    codec = "utf-16-le" if odd >= 0.05 and even <= 0.01 else "utf-16-be" if even >= 0.05 and odd <= 0.01 else None
    if codec is None:
        return None
    try:
        sample[: 2 * pairs].decode(codec)
    except UnicodeDecodeError:  # a lone surrogate: not UTF-16 text (or cut inside a pair)
        if len(sample) == len(data):
            return None
    return codec


def _decode_legacy(data: bytes) -> str:
    """Text that is not UTF-8: Windows-1252 (the usual legacy encoding of Western news
    pages) when it reads as mostly unaccented letters, else charset detection."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if _reads_as_western(text):
        return text
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError("binary", "not text in any known encoding")
    return str(best)


def _reads_as_western(text: str) -> bool:
    """True when most letters are unaccented, as in text of a Western language decoded
    right (a wrong legacy decoding gives mostly accented Latin letters)."""
    letters = [ch for ch in text[:20_000] if ch.isalpha()]
    accented = sum(1 for ch in letters if ch > "\x7f")
    return bool(letters) and accented / len(letters) < 0.3


def _checked(text: str) -> str:
    text = text.rstrip("\x00")
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError("binary", f"binary data (a NUL character at offset {nul:,}), not text")
    if _looks_binary(text):
        raise ReadError("binary", "binary data (control characters), not text")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 100)


def _require_text(text: str) -> None:
    if not text.strip():
        raise ReadError("empty", "the input holds only white space")


def _meta_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:HEAD])
    return found.group(1).decode("ascii") if found else None


def _clean(value: str) -> str:
    """A container-given string made safe to store: no NUL, no lone surrogate (JSON can
    hold both; neither survives UTF-8 output)."""
    return _LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))


# ---------------------------------------------------------------------------------------
# HTML, WARC


def _read_html(
    source: str,
    html: str,
    url: str | None = None,
    metadata: tuple[tuple[str, str], ...] = (),
) -> Article:
    """An article from an HTML page (`url`: where it was fetched, when known)."""
    import trafilatura  # heavy import, only when HTML is read

    html = html.replace("\x00", "")
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, as_dict=False
    )
    body = "" if doc is None or isinstance(doc, dict) else _clean(doc.text or "").strip()
    if not body:
        flat, depth = _flatten_html(html, MAX_HTML_DEPTH)
        if depth <= MAX_HTML_DEPTH:
            raise ReadError("empty", "no article text found in the HTML page")
        # the parser drops what lies deeper than its limit (unclosed tags pile up like
        # this too): the same page with the excess nesting removed, text kept
        doc = trafilatura.bare_extraction(
            flat, url=url, with_metadata=True, include_comments=False, include_tables=False, as_dict=False
        )
        body = "" if doc is None or isinstance(doc, dict) else _clean(doc.text or "").strip()
        if not body:
            raise ReadError(
                "empty", f"no article text found in the HTML page (its elements nest {depth:,} levels deep, "
                f"read with the levels past {MAX_HTML_DEPTH} flattened)"
            )
    assert doc is not None and not isinstance(doc, dict)
    title = _clean(doc.title or "").strip() or None
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    url = url or doc.url or None
    sitename = _clean(doc.sitename or "").strip()
    # trafilatura takes a site name from a title like "X - Y"; a sentence is no outlet
    if len(sitename) > 60 or len(sitename.split()) > 8:
        sitename = ""
    outlet = sitename or (urlparse(url).hostname if url else None)
    published = _iso_date(doc.date) if doc.date else None
    return Article(
        id=content_id("a", text),
        source=source,
        text=text,
        format="html",
        title=title,
        url=url,
        outlet=outlet or None,
        published=published,
        metadata=tuple((k, _clean(str(v))) for k, v in (("author", doc.author), ("date", doc.date)) if v) + metadata,
    )


def _flatten_html(html: str, limit: int) -> tuple[str, int]:
    """The page with the tags of elements nested deeper than `limit` removed (their
    text kept), and the deepest nesting found; void elements and comments aside."""
    out: list[str] = []
    stack: list[str] = []
    dropped: dict[str, int] = {}  # opening tags removed, per name, whose closing tags go too
    deepest, pos = 0, 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1) == "/", m.group(2).lower(), m.group(3) == "/"
        keep = True
        if name in _VOID_ELEMENTS or self_closing:
            pass
        elif not closing:
            if len(stack) >= limit:
                dropped[name] = dropped.get(name, 0) + 1
                keep = False
            stack.append(name)
            deepest = max(deepest, len(stack))
        elif dropped.get(name):
            dropped[name] -= 1
            keep = False
            _pop(stack, name)
        else:
            _pop(stack, name)
        out.append(html[pos : m.start()] if keep else html[pos : m.start()] + " ")
        if keep:
            out.append(m.group())
        pos = m.end()
    out.append(html[pos:])
    return "".join(out), deepest


def _pop(stack: list[str], name: str) -> None:
    """Close `name`: the innermost open element of that name and those inside it."""
    for i in range(len(stack) - 1, -1, -1):
        if stack[i] == name:
            del stack[i:]
            return


def _read_warc(source: str, stream: IO[bytes], size: int, settings: ReadSettings) -> Iterator[Item]:
    """One article (or failure) per HTML page of a WARC, then a failure for the file
    when it is truncated."""
    try:
        for page in iter_warc_pages(stream, size, settings.max_bytes):
            yield _warc_item(source, page, settings)
    except WarcTruncated as err:
        yield ReadFailure(source=source, status="unreadable", error=str(err))


def _warc_item(source: str, page: WarcPage, settings: ReadSettings) -> Item:
    where = f"{source}#{page.record_id}"
    try:
        if page.payload is None:
            raise ReadError("too-large", _too_large("the page is too large", settings.max_bytes))
        if not page.payload.strip():
            raise ReadError("empty", "the page is empty")
        html = decode_bytes(page.payload, page.charset or _meta_charset(page.payload))
        metadata = tuple((k, v) for k, v in (("warc-target-uri", page.url), ("warc-date", page.warc_date)) if v)
        return _read_html(where, html, page.url, metadata)
    except ReadError as err:
        return ReadFailure(source=where, status=err.status, error=str(err))
    except Exception as err:  # a parser failing on one page must not lose the others
        return ReadFailure(source=where, status="unreadable", error=f"{type(err).__name__}: {err}")


# ---------------------------------------------------------------------------------------
# JSONL


def _read_jsonl(source: str, text: str, settings: ReadSettings) -> Iterator[Item]:
    found = False
    # JSON strings may hold raw U+2028 and friends, so lines end at "\n" only
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        where = f"{source}:{n}"
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ReadError("invalid", "a JSONL line must hold a JSON object")
            yield article_from_record(where, record, settings)
            found = True
        except json.JSONDecodeError as err:
            yield ReadFailure(source=where, status="invalid", error=f"broken JSON: {err.msg} (column {err.colno})")
        except ReadError as err:
            yield ReadFailure(source=where, status=err.status, error=str(err))
        except Exception as err:  # e.g. RecursionError on absurd nesting: this line only
            yield ReadFailure(source=where, status="invalid", error=f"{type(err).__name__}: {err}")
    if not found:
        raise ReadError("empty", "no article in the JSONL file")


def article_from_record(where: str, record: Mapping[str, Any], settings: ReadSettings) -> Article:
    """An article from one JSON object; each field is the first of its keys (settings
    [read] jsonl_*) holding a non-empty string."""
    found = _first_field(record, settings.jsonl_text)
    if found is None:
        keys = ", ".join(settings.jsonl_text)
        raise ReadError("empty", f"the record has no text under any of the keys {keys} (see [read] jsonl_text)")
    text_key, body = found  # kept whole, white space included: offsets index it
    url = _first_string(record, settings.jsonl_url)
    return Article(
        id=content_id("a", body),
        source=where,
        text=body,
        format="jsonl",
        title=_first_string(record, settings.jsonl_title),
        url=url,
        outlet=_first_string(record, settings.jsonl_outlet) or (urlparse(url).hostname if url else None),
        published=_published(record, settings.jsonl_published),
        metadata=tuple(
            (k, _clean(str(v)))
            for k, v in record.items()
            if k != text_key and isinstance(v, str | int | float) and not isinstance(v, bool)
        ),
    )


def _string(value: Any) -> str | None:
    """A non-blank string field; a {"name": …} object (as news APIs give the outlet)
    counts as its name."""
    if isinstance(value, Mapping):
        value = value.get("name")
    if isinstance(value, str) and value.strip():
        return _clean(value)
    return None


def _first_field(record: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, str] | None:
    """The first of `keys` holding a non-blank string, and that string."""
    for key in keys:
        value = _string(record.get(key))
        if value is not None:
            return key, value
    return None


def _first_string(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    found = _first_field(record, keys)
    return found[1].strip() if found else None


def _published(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            # Unix time, in seconds or milliseconds
            seconds = value / 1000 if value > 1e11 else value
            try:
                return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
            except (OverflowError, OSError, ValueError):
                continue
        day = _iso_date(_string(value))
        if day:
            return day
    return None


def _iso_date(value: str | None) -> str | None:
    """An ISO day from a metadata date ("2022-01-12T10:00:00Z", "12 janvier 2022"…);
    None for a date without a year or relative to today ("hier"), which would need a
    clock."""
    if not value:
        return None
    head = value.strip()[:10]
    if len(head) == 10 and head[4] == "-" and head[7] == "-" and head.replace("-", "").isdigit():
        return head
    import dateparser  # only for free-form metadata dates

    try:
        parsed = dateparser.parse(
            value[:200],
            languages=["fr", "en", "es", "de"],
            settings={"PARSERS": ["timestamp", "custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]},
        )
    except Exception:  # dateparser raises on some odd strings; a date is optional
        return None
    return parsed.date().isoformat() if parsed else None
