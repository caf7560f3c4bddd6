"""WARC crawl files → the HTML pages they hold, streamed (warcio), truncation detected.

A WARC (or WARC.gz, one gzip member per record) from a crawler holds request, response,
metadata… records.  `iter_warc_pages` yields the HTML payload of every successful
`response` (and `resource`) record; everything else is skipped.  warcio itself stops
silently at a cut-off file, so the end of the last complete record is compared with the
file size to tell a complete file from a truncated one.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

HTML_TYPES = ("text/html", "application/xhtml+xml")
READ_CHUNK = 1 << 16
# what a crawl's `response` or `resource` record carries; request, metadata, revisit,
# warcinfo… records hold no page
PAGE_RECORDS = frozenset({"response", "resource"})


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One HTML page of a WARC: where it is, what the crawler said of it, its payload.

    `payload` is None when the page is larger than the limit (`size` then says how many
    bytes were seen before stopping)."""

    record_id: str  # WARC-Record-ID without its angle brackets, else "@<offset>"
    url: str | None
    charset: str | None  # from the HTTP Content-Type header
    warc_date: str | None
    payload: bytes | None
    size: int


class WarcTruncated(Exception):
    """The WARC ends (or breaks) inside a record; the pages before it were yielded."""


def is_warc(head: bytes) -> bool:
    """True when the first bytes of a file (already gunzipped) start a WARC record."""
    return head.lstrip(b"\r\n")[:5] == b"WARC/"


def iter_warc_pages(stream: IO[bytes], total_size: int, max_bytes: int) -> Iterator[WarcPage]:
    """Read a WARC or WARC.gz from `stream` (positioned at its start, `total_size` bytes
    long) and yield its HTML pages in file order, each payload read to at most
    `max_bytes` (decompressed, so a gzip bomb stays small).  Raises `WarcTruncated` after
    the last complete page when the file is cut off or corrupt; warcio's own exceptions
    are turned into it too, so that the pages read so far are kept."""
    from warcio.archiveiterator import ArchiveIterator  # heavy import, only for WARC input

    records = ArchiveIterator(stream)
    walk = iter(records)
    complete = 0  # records read in full
    end = 0  # byte offset (in the file) just past the last complete record
    try:
        while (record := _quietly(next, walk, None)) is not None:
            length = record.rec_headers.get_header("Content-Length") or ""
            if record.rec_type is None or not length.strip().isdigit():
                # warcio yields the head of a record cut inside its header block
                raise WarcTruncated(_truncated_message(complete, "inside a record's headers"))
            page = _page_of(record, max_bytes)
            # the record's declared length must have been there: a shortfall means
            # the file stops inside this record
            _drain(record.raw_stream)
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise WarcTruncated(_truncated_message(complete, "inside a record"))
            offset = _quietly(records.get_record_offset)
            end = offset + _quietly(records.get_record_length)
            complete += 1
            if page is not None:
                yield _with_id(page, record, offset)
    except WarcTruncated:
        raise
    except Exception as err:  # warcio, zlib, gzip: a broken file is reported, not raised
        raise WarcTruncated(
            f"broken or truncated WARC: unreadable data after {complete} complete record(s) "
            f"({type(err).__name__}: {err})"
        ) from None
    if complete and total_size - end > 4:  # a few trailing line breaks are normal
        raise WarcTruncated(_truncated_message(complete, f"with {total_size - end} bytes that hold no complete record"))
    if not complete and total_size:
        raise WarcTruncated("truncated or broken WARC: no complete record found")


def _quietly(call: Callable[..., Any], *args: Any) -> Any:
    """`call(*args)` with warcio's warnings to stderr (about cut-off records, which the
    caller reports itself) kept off the user's terminal; never held across a yield."""
    with contextlib.redirect_stderr(io.StringIO()):
        return call(*args)


def _page_of(record: Any, max_bytes: int) -> WarcPage | None:
    """The page a record holds (id filled in later), or None when it holds no HTML."""
    if record.rec_type not in PAGE_RECORDS:
        return None
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode() or ""
        # redirects, errors, not-modified: no article in them
        if not status.startswith("2"):
            return None
        content_type = (http.get_header("Content-Type") or "").lower()
    else:
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    if content_type and not content_type.startswith(HTML_TYPES):
        return None
    # content_stream undoes chunked transfer and gzip/deflate/br content encoding
    payload = record.content_stream().read(max_bytes + 1)
    if not content_type and not _sniff_html(payload):
        return None
    size = len(payload)
    return WarcPage(
        record_id="",
        url=record.rec_headers.get_header("WARC-Target-URI") or None,
        charset=_charset(content_type),
        warc_date=record.rec_headers.get_header("WARC-Date") or None,
        payload=payload if size <= max_bytes else None,
        size=size,
    )


def _with_id(page: WarcPage, record: Any, offset: int) -> WarcPage:
    raw = (record.rec_headers.get_header("WARC-Record-ID") or "").strip().strip("<>")
    return WarcPage(raw or f"@{offset}", page.url, page.charset, page.warc_date, page.payload, page.size)


def _drain(stream: Any) -> None:
    while stream.read(READ_CHUNK):
        pass


def _sniff_html(payload: bytes) -> bool:
    head = payload[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def _truncated_message(complete: int, where: str) -> str:
    return f"truncated WARC: the file ends {where} after {complete} complete record(s)"
