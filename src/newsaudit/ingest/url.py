"""Fetch a web page safely: bounded time, size, redirects, and no internal addresses.

Every hop of a redirect chain is resolved and checked: loopback, private, link-local,
multicast, reserved and unspecified addresses are refused unless ``allow_private`` is set,
so nobody can aim ``newsaudit check URL`` at internal hosts. Compressed bodies are
decompressed here, incrementally and capped, so a gzip bomb costs at most ``max_bytes``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..errors import (
    BlockedAddressError,
    FetchError,
    InputTooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
)

USER_AGENT = "newsaudit/0.1 (article sourcing audit; +https://pypi.org/project/newsaudit/)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits of one fetch."""

    timeout: float = 10.0  # seconds for connect, for each read, and (x3) for the whole body
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched response body and where it finally came from."""

    url: str
    status: int
    content_type: str
    data: bytes


def check_address(url: str, *, allow_private: bool) -> None:
    """Raise unless ``url`` is http(s) and its host resolves only to public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"only http:// and https:// URLs can be fetched, not {url!r}")
    try:
        infos = socket.getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {parts.hostname!r}: {exc}") from exc
    if allow_private:
        return
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise BlockedAddressError(
                f"{parts.hostname} resolves to {address}, a loopback, private or link-local address; "
                "fetching internal hosts is refused (use --allow-private if you mean it)"
            )


def fetch(url: str, options: FetchOptions | None = None) -> Fetched:
    """Fetch ``url`` following at most ``max_redirects`` redirects, checking every hop."""
    import urllib3

    options = options or FetchOptions()
    pool = urllib3.PoolManager(
        retries=False,
        timeout=urllib3.Timeout(connect=options.timeout, read=options.timeout),
        headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
            "Accept-Encoding": "gzip, deflate",
        },
    )
    seen: set[str] = set()
    for _ in range(options.max_redirects + 1):
        if url in seen:
            raise TooManyRedirectsError(f"redirect loop at {url}")
        seen.add(url)
        check_address(url, allow_private=options.allow_private)
        response = _request(pool, url)
        try:
            if response.status in _REDIRECTS and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            return _finish(url, response, options)
        finally:
            response.release_conn()
    raise TooManyRedirectsError(f"more than {options.max_redirects} redirects; stopped at {url}")


def _request(pool, url: str):  # type: ignore[no-untyped-def]
    import urllib3

    try:
        return pool.request("GET", url, redirect=False, preload_content=False, decode_content=False)
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: {exc}") from exc


def _finish(url: str, response, options: FetchOptions) -> Fetched:  # type: ignore[no-untyped-def]
    if response.status >= 400:
        raise FetchError(f"{url} answered HTTP {response.status}; nothing to audit")
    content_type = (response.headers.get("Content-Type") or "text/html").split(";")[0].strip().lower()
    if content_type not in ACCEPTED_TYPES:
        raise UnsupportedContentError(f"{url} sent {content_type!r}, not an HTML page or text")
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > options.max_bytes:
        raise InputTooLargeError(f"{url} is {int(length):,} bytes, over the limit of {options.max_bytes:,}")
    data = _read_body(response, options, url)
    return Fetched(url, response.status, content_type, data)


def _read_body(response, options: FetchOptions, url: str) -> bytes:  # type: ignore[no-untyped-def]
    import urllib3

    encoding = (response.headers.get("Content-Encoding") or "").lower()
    inflater = zlib.decompressobj(47) if encoding in ("gzip", "x-gzip", "deflate") else None
    deadline = time.monotonic() + 3 * options.timeout
    out = bytearray()
    try:
        for chunk in response.stream(_CHUNK, decode_content=False):
            if time.monotonic() > deadline:
                raise FetchError(f"{url} is sending too slowly; gave up after {3 * options.timeout:.0f} s")
            out += inflater.decompress(chunk, options.max_bytes + 1 - len(out)) if inflater else chunk
            if len(out) > options.max_bytes or (inflater and inflater.unconsumed_tail):
                raise InputTooLargeError(
                    f"{url} is over the size limit of {options.max_bytes:,} bytes (after decompression)"
                )
    except (urllib3.exceptions.HTTPError, zlib.error) as exc:
        raise FetchError(f"cannot read the body of {url}: {exc}") from exc
    return bytes(out)
