"""The service's limits: rate (across workers), client key, request size, body time, deadline, malformed HTTP."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from newsaudit.web.app import create_app
from newsaudit.web.limits import ClientKey, RateLimiter
from web_helpers import SLOW_MARK, TINY, config, free_port, live_server, slow_job

ARTICLE = "The minister said on Monday that the new bridge would open in May, according to a statement. " * 3


def test_rate_limiter_counts_across_instances_sharing_the_file(tmp_path: Path) -> None:
    a, b = RateLimiter(tmp_path / "r.sqlite", 3), RateLimiter(tmp_path / "r.sqlite", 3)
    now = 1_000_020.0
    assert [a.hit("c", now), b.hit("c", now), a.hit("c", now)] == [0.0, 0.0, 0.0]
    assert b.hit("c", now) > 0
    assert a.hit("other", now) == 0.0


def test_rate_limiter_slides_over_the_previous_minute(tmp_path: Path) -> None:
    limiter = RateLimiter(tmp_path / "r.sqlite", 2)
    start = 6_000_000.0  # the start of a minute
    assert limiter.hit("c", start + 50) == limiter.hit("c", start + 55) == 0.0
    assert limiter.hit("c", start + 62) > 0  # most of the last minute's two still count
    assert limiter.hit("c", start + 118) == 0.0  # they have slid out


def test_rate_limiter_zero_means_no_limit(tmp_path: Path) -> None:
    limiter = RateLimiter(tmp_path / "r.sqlite", 0)
    assert all(limiter.hit("c") == 0.0 for _ in range(100))


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "key"),
    [
        ((), "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxy trusted: the header is ignored
        (("10.0.0.0/8",), "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # peer is not the proxy
        (("10.0.0.0/8",), "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (("10.0.0.0/8",), "10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", "198.51.100.1"),  # spoofed left part
        (("10.0.0.0/8",), "10.0.0.2", "", "10.0.0.2"),
        (("127.0.0.1",), "127.0.0.1", "not-an-ip", "not-an-ip"),
    ],
)
def test_client_key_believes_forwarded_for_only_from_trusted_proxies(
    trusted: tuple[str, ...], peer: str, forwarded: str, key: str
) -> None:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    assert ClientKey(trusted)({"client": (peer, 1234), "headers": headers}) == key


def test_service_rate_limit_is_429_with_a_code_and_counted_across_workers(tmp_path: Path) -> None:
    cfg = config(tmp_path, TINY, rate_limit=3)
    first, second = TestClient(create_app(cfg)), TestClient(create_app(cfg))  # two workers, one store
    assert [first.get("/").status_code, second.get("/").status_code, first.get("/").status_code] == [200] * 3
    refused = second.get("/")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"]["code"] == "E061"
    assert first.get("/healthz").status_code == 200  # health checks are not limited


@pytest.mark.slow
def test_service_deadline_is_504_and_the_next_audit_runs(tmp_path: Path) -> None:
    app = create_app(config(tmp_path, TINY, deadline=2.0), target=slow_job)
    with TestClient(app) as client:
        started = time.monotonic()
        slow = client.post("/api/audit", json={"text": ARTICLE + SLOW_MARK.decode()})
        assert slow.status_code == 504 and slow.json()["error"]["code"] == "E062"
        assert time.monotonic() - started < 20  # deadline 2 s, plus the kill, on a loaded machine
        assert client.post("/api/audit", json={"text": ARTICLE}).status_code == 201


# Raw HTTP against a live uvicorn: what a hostile client can send.


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    cfg = config(tmp_path_factory.mktemp("web_limits"), TINY, max_body_bytes=100_000, body_timeout=1.5)
    with live_server(cfg) as url:
        parts = urlsplit(url)
        yield str(parts.hostname), int(parts.port or 0)


def _exchange(address: tuple[str, int], data: bytes, *, then: bytes = b"", pause: float = 0.0, timeout: float = 10.0) -> bytes:
    with socket.create_connection(address, timeout=timeout) as s:
        s.sendall(data)
        if pause:
            time.sleep(pause)
        if then:
            with contextlib.suppress(OSError):
                s.sendall(then)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass
    return b"".join(chunks)


def _head(path: str, extra: str) -> bytes:
    return f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{extra}\r\n".encode()


def test_service_refuses_a_declared_oversized_body_before_reading_it(server: tuple[str, int]) -> None:
    started = time.monotonic()
    answer = _exchange(server, _head("/api/audit", "Content-Length: 50000000\r\n"))
    assert answer.startswith(b"HTTP/1.1 413") and b'"E003"' in answer
    assert time.monotonic() - started < 3


def test_service_refuses_an_oversized_chunked_body_in_bounded_memory(server: tuple[str, int]) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(300))  # 19.6 MB
    answer = _exchange(server, _head("/api/audit", "Transfer-Encoding: chunked\r\n"), then=body)
    assert answer.startswith(b"HTTP/1.1 413") and b'"E003"' in answer
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 40  # the client's 20 MB plus the cap, not an unbounded buffer


def test_service_refuses_a_slow_body_within_its_time_limit(server: tuple[str, int]) -> None:
    started = time.monotonic()
    answer = _exchange(server, _head("/api/audit", "Content-Length: 1000\r\n") + b'{"text": "a')
    assert answer.startswith(b"HTTP/1.1 408") and b'"E063"' in answer
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"NOT-HTTP\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n",
        b"POST /api/audit HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    ],
)
def test_service_refuses_malformed_http_quickly(server: tuple[str, int], request_bytes: bytes) -> None:
    started = time.monotonic()
    answer = _exchange(server, request_bytes)
    assert answer == b"" or answer.startswith((b"HTTP/1.1 4", b"HTTP/1.0 4"))
    assert time.monotonic() - started < 5


def test_service_answers_others_while_a_client_trickles_headers(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=5) as slow:
        slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never finishes
        answer = _exchange(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")


def test_service_cuts_a_slow_request_head(server: tuple[str, int]) -> None:
    started = time.monotonic()
    with socket.create_connection(server, timeout=10) as slow:
        slow.sendall(b"GET / HTTP/1.1\r\n")
        for _ in range(3):  # a header every half second, never the blank line
            time.sleep(0.5)
            with contextlib.suppress(OSError):
                slow.sendall(b"X-A: b\r\n")
        answer = slow.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408") and b'"E063"' in answer
    assert time.monotonic() - started < 4


def test_service_cuts_a_slow_head_on_a_kept_alive_connection(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = conn.recv(65536)
        conn.sendall(b"GET /healthz HTTP/1.1\r\n")  # the second head never ends
        started = time.monotonic()
        second = b""
        with contextlib.suppress(OSError):
            while chunk := conn.recv(65536):
                second += chunk
    both = first + second  # the first response may arrive in two reads
    assert both.startswith(b"HTTP/1.1 200") and both.count(b"HTTP/1.1 ") == 2
    assert b"HTTP/1.1 408" in both and time.monotonic() - started < 4


def test_service_closes_a_silent_connection_without_an_answer(server: tuple[str, int]) -> None:
    started = time.monotonic()
    with socket.create_connection(server, timeout=10) as idle:
        assert idle.recv(4096) == b""  # closed, no unasked-for 408
    assert time.monotonic() - started < 4


@pytest.mark.slow
def test_serve_two_workers_share_the_rate_limit_and_the_store(tmp_path: Path) -> None:
    toml = tmp_path / "tiny.toml"
    toml.write_text("[newsaudit]\ncomponents = [" + ", ".join(f'"{c}"' for c in TINY) + "]\n", encoding="utf-8")
    port = free_port()
    cmd = [sys.executable, "-m", "newsaudit.cli", "serve", "--workers", "2", "--port", str(port), "--rate-limit", "8",
           "--store", str(tmp_path / "store"), "--config", str(toml)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                if httpx.get(base + "/healthz", timeout=2).json()["status"] == "ok":
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "newsaudit serve did not start"
            time.sleep(0.5)
        workers: set[int] = set()
        while len(workers) < 2:  # both workers up: /healthz names the one that answered
            assert time.monotonic() < deadline, f"only workers {workers} answered"
            with httpx.Client() as fresh:  # a new connection each time, so the kernel may pick either
                health = fresh.get(base + "/healthz", timeout=5).json()
            if health["status"] == "ok":
                workers.add(int(health["worker"]))
        location = httpx.post(base + "/api/audit", json={"text": ARTICLE}, timeout=60).headers["location"]
        # New connections land on either worker: every one finds the audit in the shared store.
        pages = [httpx.get(base + location + ".json", timeout=10).status_code for _ in range(6)]
        assert pages == [200] * 6
        assert httpx.get(base + "/", timeout=10).status_code == 200  # the 8th request
        refused = httpx.get(base + "/", timeout=10)
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "E061"
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
        if server.stderr:
            server.stderr.close()
