"""The safety layer in front of the web app: an ASGI middleware, and the host rules.

- Requests that change the store (anything but GET/HEAD/OPTIONS) must come from the app's
  own pages: a foreign `Origin` (another site's page posting to localhost) is refused.
- A request body over the upload limit is refused with 413, whether it says its length
  up front or streams it.
- Every response carries a Content-Security-Policy that allows no inline script and no
  third-party resource: article text is escaped by the templates, and even a piece that
  slipped through could not run.
- The server listens on a loopback address unless told `--public` explicitly.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from fastapi import HTTPException
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


class PublicHostError(ValueError):
    """A non-loopback address was asked for without `--public`."""


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_host(host: str | None, public: bool) -> str:
    """Read the --host and --public options; produce the address to bind.

    Without `public` only loopback addresses are accepted (default 127.0.0.1); with it the
    default is every interface (0.0.0.0). Raises PublicHostError otherwise."""
    if host is None:
        return "0.0.0.0" if public else "127.0.0.1"
    if not public and not is_loopback(host):
        raise PublicHostError(
            f"{host} is reachable from other machines: pass --public to serve beyond localhost"
        )
    return host


class Guard:
    """ASGI middleware: cross-origin writes refused, request bodies capped, security
    headers added to every response."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["method"] not in SAFE_METHODS:
            refusal = self._refusal(headers)
            if refusal is not None:
                await refusal(scope, receive, self._with_headers(send))
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    # FastAPI lets an HTTPException raised while reading the body through
                    # to its handler: the client gets 413, not a parse error
                    raise HTTPException(413, f"the request is over the upload limit of {self.max_body:,} bytes")
            return message

        await self.app(scope, limited, self._with_headers(send))

    def _refusal(self, headers: Headers) -> PlainTextResponse | None:
        origin = headers.get("origin")
        if origin is not None and urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
            return PlainTextResponse("cross-origin request refused", status_code=403)
        if headers.get("sec-fetch-site") == "cross-site":
            return PlainTextResponse("cross-site request refused", status_code=403)
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return PlainTextResponse(
                f"the request is over the upload limit of {self.max_body:,} bytes", status_code=413
            )
        return None

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        return sending
