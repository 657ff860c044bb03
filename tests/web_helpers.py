"""Shared helpers of the web tests: light service configs, a live uvicorn server, slow audit targets."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsaudit.settings import Settings
from newsaudit.web.config import ServeConfig
from newsaudit.web.jobs import Job, run_job
from newsaudit.web.protocol import HeadTimeoutProtocol

# The rule-based spine: what the page shows, without the encoder-backed stages (fast to load).
LIGHT = ("clean", "language", "parse", "attribution", "denials", "hedges", "scoring")
# Enough for a report: limits and refusals do not need the ledger.
TINY = ("clean", "language")
SLOW_MARK = b"__SLOW_AUDIT__"


def config(tmp: Path, components: tuple[str, ...] = LIGHT, **changes: Any) -> ServeConfig:
    """Return a test config: its own store folder, the given pipeline, no rate limit unless asked."""
    values: dict[str, Any] = {"store": str(tmp / "store"), "components": components, "rate_limit": 0}
    return ServeConfig(**(values | changes))


def slow_job(job: Job, settings: Settings) -> tuple[str, str, str]:
    """Audit like the service, but hang on input that carries SLOW_MARK (for the deadline)."""
    if SLOW_MARK in job.data:
        time.sleep(600)
    return run_job(job, settings)


class QuickHeadTimeout(HeadTimeoutProtocol):
    """The service's protocol with a short head timeout, for the slow-header test."""

    head_timeout = 1.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(cfg: ServeConfig, target: Any = run_job) -> Iterator[str]:
    """Run the app under uvicorn in a thread on a free loopback port; yield its base URL."""
    import uvicorn

    from newsaudit.web.app import create_app

    port = free_port()
    app = create_app(cfg, target=target)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=5, http=QuickHeadTimeout,
                       h11_max_incomplete_event_size=16 * 1024, lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 180
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
