"""URL fetching against a local server (loopback needs allow_private); no test touches the internet."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsaudit.errors import (
    BlockedAddressError,
    FetchError,
    InputTooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
)
from newsaudit.ingest.url import FetchOptions, check_address, fetch

PAGE = (Path(__file__).resolve().parent / "fixtures" / "pages" / "article_news_site.html").read_bytes()
BOMB = gzip.compress(b"\0" * 50_000_000, compresslevel=9)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        routes = {
            "/article": lambda: self._send(200, PAGE),
            "/hop": lambda: self._send(302, headers={"Location": "/article"}),
            "/loop": lambda: self._send(302, headers={"Location": "/loop2"}),
            "/loop2": lambda: self._send(302, headers={"Location": "/loop"}),
            "/pdf": lambda: self._send(200, b"%PDF-1.4", {"Content-Type": "application/pdf"}),
            "/missing": lambda: self._send(404, b"<h1>Not found</h1>"),
            "/bomb": lambda: self._send(200, BOMB, {"Content-Type": "text/html", "Content-Encoding": "gzip"}),
            "/huge": lambda: self._send(200, b"<p>x</p>" * 300_000),
            "/slow": self._slow,
        }
        if self.path.startswith("/chain/"):
            n = int(self.path.rsplit("/", 1)[1])
            self._send(302, headers={"Location": f"/chain/{n + 1}"})
            return
        routes.get(self.path, lambda: self._send(404))()

    def _slow(self) -> None:
        time.sleep(3)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(200, PAGE)  # the client has usually given up, as the test wants


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = FetchOptions(timeout=1.0, max_bytes=1_000_000, max_redirects=3, allow_private=True)


def test_fetch_reads_a_page_and_follows_a_redirect(server: str) -> None:
    page = fetch(f"{server}/hop", LOCAL)
    assert page.url.endswith("/article") and page.data == PAGE and page.content_type == "text/html"


def test_fetch_refuses_loopback_without_allow_private(server: str) -> None:
    with pytest.raises(BlockedAddressError, match="--allow-private"):
        fetch(f"{server}/article", FetchOptions(timeout=1.0))


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.8/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://192.168.1.1/",
        "http://0.0.0.0/",
    ],
)
def test_check_address_refuses_internal_targets(url: str) -> None:
    with pytest.raises(BlockedAddressError):
        check_address(url, allow_private=False)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "javascript:alert(1)"])
def test_check_address_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FetchError, match="only http"):
        check_address(url, allow_private=True)


def test_fetch_stops_redirect_loops(server: str) -> None:
    with pytest.raises(TooManyRedirectsError, match="loop"):
        fetch(f"{server}/loop", LOCAL)


def test_fetch_bounds_redirect_chains(server: str) -> None:
    with pytest.raises(TooManyRedirectsError, match="more than 3"):
        fetch(f"{server}/chain/0", LOCAL)


def test_fetch_refuses_non_html_content(server: str) -> None:
    with pytest.raises(UnsupportedContentError, match="application/pdf"):
        fetch(f"{server}/pdf", LOCAL)


def test_fetch_reports_http_errors(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/missing", LOCAL)


def test_fetch_stops_a_gzip_bomb_at_the_size_cap(server: str) -> None:
    with pytest.raises(InputTooLargeError, match="after decompression"):
        fetch(f"{server}/bomb", LOCAL)


def test_fetch_refuses_oversized_bodies(server: str) -> None:
    with pytest.raises(InputTooLargeError):
        fetch(f"{server}/huge", LOCAL)


def test_fetch_gives_up_on_slow_servers(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError):
        fetch(f"{server}/slow", LOCAL)
    assert time.monotonic() - start < 3


def test_fetch_reports_unreachable_hosts() -> None:
    with pytest.raises(FetchError):
        fetch("http://127.0.0.1:9/", LOCAL)


@pytest.mark.slow
def test_cli_check_url_needs_allow_private_for_local_hosts(server: str) -> None:
    import json

    from click.testing import CliRunner

    from newsaudit.cli import main

    runner = CliRunner()
    refused = runner.invoke(main, ["check", f"{server}/article"])
    assert refused.exit_code == 3 and "Error [E041]" in refused.output
    allowed = runner.invoke(main, ["check", f"{server}/hop", "--allow-private", "--format", "json"])
    assert allowed.exit_code == 0, allowed.output
    report = json.loads(allowed.output)
    assert report["input"]["kind"] == "url" and report["input"]["name"].endswith("/article")
    assert report["meta"]["title"] == "Harbor bridge to close for six weeks of repairs"
