"""Guards in front of the app: client key, rate limit, request size and body time, security headers.

One pure ASGI middleware (:class:`Guard`) answers before any route runs: a client over its
rate gets 429, a declared ``Content-Length`` over the cap gets 413 without a byte of the body
read, and a body without one is read here (never more than the cap) within a time limit, then
replayed to the app. The rate is counted in a small SQLite file shared by every worker.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import math
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputTooLargeError, NewsauditError, RateLimitedError, SlowRequestError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script anywhere on the service's pages; styles and scripts come from /static.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
UNLIMITED_PATHS = ("/healthz", "/static/")
WINDOW = 60.0


def error_body(exc: NewsauditError) -> bytes:
    """Return the JSON error body of the service: ``{"error": {"code", "message"}}``."""
    return json.dumps({"error": {"code": exc.code, "message": exc.message}}).encode()


def _networks(entries: Sequence[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(e, strict=False) for e in entries]


class ClientKey:
    """Name the client of a request: its peer address, or behind trusted proxies the forwarded one.

    ``X-Forwarded-For`` is read right to left and the first address that is not a trusted
    proxy is the client; a request whose peer is not trusted is keyed by the peer itself, so
    a client cannot choose its own key by sending the header.
    """

    def __init__(self, trusted: Sequence[str] = ()) -> None:
        self.trusted = _networks(trusted)

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in net for net in self.trusted)

    def __call__(self, scope: Scope) -> str:
        peer = str((scope.get("client") or ("unknown", 0))[0])
        if not self.trusted or not self._is_trusted(peer):
            return peer
        forwarded = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for"]
        hops = [h.strip() for h in ",".join(forwarded).split(",") if h.strip()]
        for hop in reversed(hops):
            if not self._is_trusted(hop):
                return hop
        return peer


class RateLimiter:
    """Count requests per client in a sliding minute, in a SQLite file shared across processes.

    The estimate is the current minute's count plus the previous minute's, weighted by how
    much of it still lies inside the last 60 seconds (so no burst of twice the rate at a
    minute's edge).
    """

    def __init__(self, path: Path, per_minute: int) -> None:
        self.path = path
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # counts, not records: losing one on a crash is fine
            db.execute("CREATE TABLE IF NOT EXISTS hits (client TEXT, window INTEGER, n INTEGER, PRIMARY KEY (client, window))")
            self._db = db
        return self._db

    def hit(self, client: str, now: float | None = None) -> float:
        """Count one request of ``client``; return 0 if allowed, else seconds until it would be."""
        if self.per_minute <= 0:
            return 0.0
        now = time.time() if now is None else now
        window = int(now // WINDOW)
        with self._lock:
            db = self._connect()
            row = db.execute(
                "INSERT INTO hits VALUES (?, ?, 1) ON CONFLICT (client, window) DO UPDATE SET n = n + 1 RETURNING n",
                (client, window),
            ).fetchone()
            prev = db.execute("SELECT n FROM hits WHERE client = ? AND window = ?", (client, window - 1)).fetchone()
            if window % 10 == 0 and row[0] == 1:  # now and then, forget old minutes
                db.execute("DELETE FROM hits WHERE window < ?", (window - 1,))
            elapsed = now / WINDOW - window
            estimate = float(row[0]) + (float(prev[0]) if prev else 0.0) * (1.0 - elapsed)
            if estimate <= self.per_minute:
                return 0.0
            # A refused request does not count: the limit is on requests served.
            db.execute("UPDATE hits SET n = n - 1 WHERE client = ? AND window = ?", (client, window))
        return max(1.0, math.ceil((1.0 - elapsed) * WINDOW))


class Guard:
    """The ASGI middleware: security headers on every answer, then rate, size and time limits."""

    def __init__(
        self, app: ASGIApp, *, limiter: RateLimiter, client_key: ClientKey, max_body: int, body_timeout: float
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.client_key = client_key
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        path = str(scope.get("path", ""))
        if not path.startswith(UNLIMITED_PATHS):
            wait = self.limiter.hit(self.client_key(scope))
            if wait:
                exc = RateLimitedError(f"more than {self.limiter.per_minute} requests a minute from this client; retry in {wait:.0f} s")
                await _answer(send, 429, exc, [(b"retry-after", str(int(wait)).encode())])
                return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            declared = _content_length(scope)
            if declared is not None and declared > self.max_body:
                exc413 = InputTooLargeError(f"the request is {declared:,} bytes, over the limit of {self.max_body:,}")
                await _answer(send, 413, exc413, [(b"connection", b"close")])
                return
            try:
                body = await self._read_body(receive)
            except (InputTooLargeError, SlowRequestError) as err:
                status = 413 if isinstance(err, InputTooLargeError) else 408
                await _answer(send, status, err, [(b"connection", b"close")])
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send)

    async def _read_body(self, receive: Receive) -> bytes:
        """Read the whole body, at most ``max_body`` bytes, within ``body_timeout`` seconds."""
        deadline = time.monotonic() + self.body_timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.001))
            except TimeoutError:
                raise SlowRequestError(f"the request body did not arrive within {self.body_timeout:g} s") from None
            if message["type"] == "http.disconnect":
                raise SlowRequestError("the client went away before sending the whole body")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise InputTooLargeError(f"the request body is over the limit of {self.max_body:,} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
        await send(message)

    return wrapped


async def _answer(send: Send, status: int, exc: NewsauditError, extra: list[tuple[bytes, bytes]]) -> None:
    body = error_body(exc)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
