"""Load-test a running ``newsaudit serve`` on loopback: throughput and latency at several concurrencies.

    newsaudit serve --workers 2 --rate-limit 0 --store /tmp/bench-store &
    python benchmarks/bench_service.py --url http://127.0.0.1:8000 --article FILE \\
        --levels 1,8,32 --requests 40 --sustain 300 --sustain-clients 2 [--json out.json]

Every request posts the article with a unique title, so each one is audited (none comes from
the store). Each level runs ``--requests`` requests spread over that many concurrent clients and
reports requests/s and p50/p95/p99 latency; ``--sustain S`` then keeps ``--sustain-clients``
clients busy for S seconds and counts errors (any status other than 201). Bounded: a request
that takes longer than ``--timeout`` is an error, and the run never exceeds its levels' requests
plus the sustained time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx


@dataclass
class Level:
    """The outcome of one load level."""

    clients: int
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        lat = sorted(self.latencies)
        return {
            "clients": self.clients,
            "requests": self.requests,
            "errors": self.errors,
            "statuses": self.statuses,
            "seconds": round(self.seconds, 1),
            "requests_per_s": round(self.requests / self.seconds, 3) if self.seconds else 0.0,
            "p50_s": _pct(lat, 50),
            "p95_s": _pct(lat, 95),
            "p99_s": _pct(lat, 99),
            "max_s": round(lat[-1], 3) if lat else None,
        }


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 3)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1], 3)


async def _one(client: httpx.AsyncClient, url: str, text: str, level: Level) -> None:
    started = time.perf_counter()
    try:
        response = await client.post(url, json={"text": text, "title": f"bench {uuid.uuid4().hex}"})
        status = str(response.status_code)
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    level.latencies.append(time.perf_counter() - started)
    level.requests += 1
    level.statuses[status] = level.statuses.get(status, 0) + 1
    if status != "201":
        level.errors += 1


async def run_level(base: str, text: str, clients: int, total: int | None, seconds: float | None, timeout: float) -> Level:
    """Run ``total`` requests (or for ``seconds``) over ``clients`` concurrent clients."""
    level = Level(clients)
    url = base.rstrip("/") + "/api/audit"
    left = [total if total is not None else 10**9]
    stop_at = time.perf_counter() + seconds if seconds else float("inf")
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:

        async def worker() -> None:
            while left[0] > 0 and time.perf_counter() < stop_at:
                left[0] -= 1
                await _one(client, url, text, level)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        level.seconds = time.perf_counter() - started
    return level


def machine() -> dict[str, object]:
    """Describe the machine and its load when the run starts."""
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "load_1_5_15": [round(x, 2) for x in load]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--article", type=Path, required=True)
    parser.add_argument("--levels", default="1,8,32", help="comma-separated client counts")
    parser.add_argument("--requests", type=int, default=40, help="requests per level")
    parser.add_argument("--sustain", type=float, default=0.0, help="seconds of the sustained run (0: none)")
    parser.add_argument("--sustain-clients", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    text = args.article.read_text(encoding="utf-8")
    results: dict[str, object] = {"machine_at_start": machine(), "article": str(args.article),
                                  "words": len(text.split()), "levels": []}
    httpx.get(args.url.rstrip("/") + "/healthz", timeout=10).raise_for_status()
    for clients in (int(c) for c in args.levels.split(",") if c):
        level = asyncio.run(run_level(args.url, text, clients, args.requests, None, args.timeout))
        results["levels"].append(level.summary())  # type: ignore[attr-defined]
        print(json.dumps(level.summary()), flush=True)
    if args.sustain:
        level = asyncio.run(run_level(args.url, text, args.sustain_clients, None, args.sustain, args.timeout))
        results["sustained"] = level.summary()
        print("sustained", json.dumps(level.summary()), flush=True)
    results["machine_at_end"] = machine()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if not results.get("sustained") or not results["sustained"]["errors"] else 1  # type: ignore[index]


if __name__ == "__main__":
    sys.exit(main())
