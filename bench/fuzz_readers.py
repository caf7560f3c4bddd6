"""Coverage-guided fuzzing of the readers (atheris), and of the stages behind them.

    .venv/bin/python bench/fuzz_readers.py [-runs=20000] [-max_len=4096] [CORPUS_DIR]

Each input is turned into a file of one of the kinds a crawl brings back — plain text,
HTML, JSONL, gzip, WARC, WARC.gz (the first byte chooses) — and read by the real
`read.read_source`; every article it yields goes through `pipeline.annotate_article`
(cleaning, dates, entities, quotes, figures).  A finding is any exception that escapes
(the readers promise to turn every bad input into a failure item), a span that does not
slice back to its surface, or a failure whose reason is a bare third-party exception
name (an unclear message for the user: "unreadable: ValueError: …").

Crash reproducers and slow inputs are written to a temporary folder (printed by
libFuzzer; `-artifact_prefix=DIR/` to choose).  At the end it prints the number of inputs tried, the statuses seen, and the unclear
messages, e.g. ``runs=20000 articles=… failures={'empty': …} unclear=0``.  The readers
are instrumented for coverage (atheris.instrument_imports), the stages behind them are
not (they are fuzzed by the hypothesis tests of each module).
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import atheris

# The readers are imported first, instrumented (and nothing else: the modules they
# import are left alone), then the stages behind them.
with atheris.instrument_imports(include=["corroborate.read", "corroborate.warc"],
                                enable_loader_override=False):
    import corroborate.read as read

from corroborate.model import Article, ReadFailure  # noqa: E402
from corroborate.pipeline import annotate_article  # noqa: E402
from corroborate.settings import load_settings  # noqa: E402

TODAY = date(2026, 11, 22)
SETTINGS = load_settings().read
FOLDER = Path(tempfile.mkdtemp(prefix="corroborate-fuzz-"))
SUFFIXES = (".txt", ".html", ".jsonl", ".txt.gz", ".warc", ".warc.gz")
seen: Counter[str] = Counter()
unclear: list[str] = []
tried = [0]
RUNS = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("-runs=")), 0)


def _warc(payload: bytes) -> bytes:
    """One WARC response record holding `payload` as an HTTP body."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
            b"WARC-Date: 2022-01-12T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n")
    return head + http + b"\r\n\r\n"


def _file(data: bytes) -> Path:
    provider = atheris.FuzzedDataProvider(data)
    kind = provider.ConsumeIntInRange(0, 255) % len(SUFFIXES)
    payload = provider.ConsumeBytes(provider.remaining_bytes())
    suffix = SUFFIXES[kind]
    if suffix == ".txt.gz":
        payload = gzip.compress(payload)
    elif suffix == ".warc":
        payload = _warc(payload)
    elif suffix == ".warc.gz":
        payload = gzip.compress(_warc(payload))
    path = FOLDER / f"input{suffix}"
    path.write_bytes(payload)
    return path


def _check(article: Article) -> None:
    annotated = annotate_article(article, TODAY)
    text = article.text
    for line in annotated.lines:
        assert 0 <= line.span.start <= line.span.end <= len(text)
    for m in annotated.mentions:
        assert m.span.of(text) == m.text, (m, text)
    for q in annotated.quotes:
        assert 0 <= q.span.start < q.span.end <= len(text)
    for c in annotated.claims:
        assert 0 <= c.span.start < c.span.end <= len(text)


def test_one_input(data: bytes) -> None:
    tried[0] += 1
    try:
        _one_input(data)
    finally:
        if tried[0] == RUNS:  # libFuzzer exits without running atexit handlers
            _report()


def _one_input(data: bytes) -> None:
    path = _file(data)
    for item in read.read_source(str(path), SETTINGS):
        if isinstance(item, ReadFailure):
            seen[item.status] += 1
            if item.status == "unreadable" and item.error and item.error.split(":")[0].isidentifier() \
                    and item.error.split(":")[0].endswith(("Error", "Exception")):
                unclear.append(item.error[:120])
        else:
            seen["article"] += 1
            _check(item)


def _report() -> None:
    runs = tried[0]
    failures = {k: v for k, v in sorted(seen.items()) if k != "article"}
    print(f"runs={runs} articles={seen['article']} failures={failures} unclear={len(unclear)}",
          flush=True)
    for message in sorted(set(unclear))[:20]:
        print(f"  unclear: {message}")


SEEDS = (
    # (kind index in SUFFIXES, payload): one small valid input of each kind to start from
    (0, "PARIS, 12 janvier (AFP) - Le ministre a déclaré jeudi : « Nous partirons. »\n"
        "Environ 2 300 soldats ont été déployés, selon l'agence TASS.\n"),
    (1, "<html><head><title>Un titre</title><meta charset=utf-8></head><body><article><p>"
        "Le 13 janvier 2022, des dizaines de blessés ont été signalés à Almaty.</p></article></body></html>"),
    (2, '{"text": "Lundi, le gouvernement a annoncé 8 000 arrestations.", "title": "T", '
        '"published": "2022-01-10"}\n{"text": broken\n'),
    (4, "<html><body><p>Hier, plus de 160 personnes ont été tuées, a indiqué le ministère.</p></body></html>"),
)


def _corpus() -> str:
    """A folder holding the seed inputs (the fuzzer's starting corpus)."""
    folder = FOLDER / "corpus"
    folder.mkdir(exist_ok=True)
    for n, (kind, payload) in enumerate(SEEDS):
        (folder / f"seed{n}").write_bytes(bytes([kind]) + payload.encode("utf-8"))
    return str(folder)


def main() -> None:
    if not any(a.startswith("-artifact_prefix=") for a in sys.argv):  # crashes, slow units
        sys.argv.append(f"-artifact_prefix={FOLDER}/")
    if not any(not a.startswith("-") for a in sys.argv[1:]):
        sys.argv.append(_corpus())
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
