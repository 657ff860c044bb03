"""Progress of a corpus run: a rich bar on a terminal, plain lines elsewhere, and the summary."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any, Protocol


@dataclass
class RunSummary:
    """What a run did: articles audited, skipped (already done), failed (by code), time taken."""

    done: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0  # records whose id came earlier in the same run
    by_code: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Articles audited (done or failed) per second."""
        return (self.done + self.failed) / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "skipped": self.skipped,
            "failed": self.failed,
            "duplicates": self.duplicates,
            "by_code": dict(sorted(self.by_code.items())),
            "seconds": round(self.seconds, 2),
            "articles_per_second": round(self.rate, 2),
        }

    def lines(self) -> list[str]:
        codes = ", ".join(f"{c} {n}" for c, n in sorted(self.by_code.items())) or "none"
        return [
            f"done {self.done}, skipped {self.skipped} (already in the store), failed {self.failed} ({codes})",
            f"duplicates in the input {self.duplicates}; {self.seconds:.1f} s, {self.rate:.2f} articles/s",
        ]


class Progress(Protocol):
    """What the runner tells about its progress."""

    def start(self, total: int | None) -> None: ...
    def advance(self, summary: RunSummary, n: int) -> None: ...
    def finish(self, summary: RunSummary) -> None: ...


class Silent:
    """Report nothing."""

    def start(self, total: int | None) -> None:
        return None

    def advance(self, summary: RunSummary, n: int) -> None:
        return None

    def finish(self, summary: RunSummary) -> None:
        return None


class PlainProgress:
    """One line every ``every`` seconds (and at the end): counts, rate and ETA."""

    def __init__(self, stream: IO[str] | None = None, every: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.total: int | None = None
        self.t0 = self.last = time.monotonic()

    def start(self, total: int | None) -> None:
        self.total = total
        self.t0 = self.last = time.monotonic()
        self._say(f"corpus: {total if total is not None else 'unknown number of'} articles to consider")

    def advance(self, summary: RunSummary, n: int) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._say(self._line(summary, now - self.t0))

    def finish(self, summary: RunSummary) -> None:
        for line in summary.lines():
            self._say(f"corpus: {line}")

    def _line(self, s: RunSummary, elapsed: float) -> str:
        seen = s.done + s.failed + s.skipped + s.duplicates
        rate = (s.done + s.failed) / elapsed if elapsed > 0 else 0.0
        eta = ""
        if self.total and rate > 0:
            eta = f", ETA {max(self.total - seen, 0) / rate:.0f} s"
        of = f"/{self.total}" if self.total is not None else ""
        return f"corpus: {seen}{of} seen, {s.done} done, {s.skipped} skipped, {s.failed} failed, {rate:.2f} articles/s{eta}"

    def _say(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


class RichProgress:
    """A rich progress bar with rate and ETA (terminals)."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self.console = console or Console(stderr=True)
        self.bar = Bar(
            TextColumn("[bold]corpus"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.2f} articles/s"),
            TextColumn("failed {task.fields[failed]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
        )
        self.task: Any = None
        self.t0 = time.monotonic()

    def start(self, total: int | None) -> None:
        self.t0 = time.monotonic()
        self.bar.start()
        self.task = self.bar.add_task("corpus", total=total, rate=0.0, failed=0)

    def advance(self, summary: RunSummary, n: int) -> None:
        elapsed = time.monotonic() - self.t0
        rate = (summary.done + summary.failed) / elapsed if elapsed > 0 else 0.0
        self.bar.update(self.task, advance=n, rate=rate, failed=summary.failed)

    def finish(self, summary: RunSummary) -> None:
        self.bar.stop()
        for line in summary.lines():
            self.console.print(f"corpus: {line}", highlight=False)


def default_progress(stream: IO[str] | None = None, every: float = 5.0) -> Progress:
    """Return a rich bar when standard error is a terminal, plain lines (every ``every`` s) otherwise."""
    target = stream or sys.stderr
    return RichProgress() if target.isatty() else PlainProgress(target, every)
