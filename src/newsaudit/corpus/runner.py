"""Run a whole corpus into a store: skip what is done, audit the rest, write as results arrive.

The parent process reads the inputs, computes each record's report key (a hash of the input,
the settings and the component versions) and sends only records whose key is not already in
the store; batches are audited by an engine (:mod:`newsaudit.corpus.engines`) and every batch's
outcomes are written by this process alone, in one transaction. Killed at any moment, a run
leaves whole articles in the store; run again, it audits what is missing.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import SettingsError
from ..settings import Settings
from .engines import ENGINES, Batch, run_dask, run_local, run_pool
from .inputs import Record, check_inputs, count_records, read_inputs
from .progress import Progress, RunSummary, Silent
from .store import Store
from .work import Outcome, report_key, settings_fingerprint


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run: engine, worker processes, batch size, Dask scheduler, failure retries."""

    engine: str = "local"
    workers: int = 1
    batch_size: int = 16
    scheduler: str | None = None
    retry_failures: bool = False

    def check(self) -> None:
        if self.engine not in ENGINES:
            raise SettingsError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.workers < 1 or self.batch_size < 1:
            raise SettingsError(
                f"workers and batch size must be at least 1, got {self.workers}, {self.batch_size}"
            )
        if self.scheduler and self.engine != "dask":
            raise SettingsError("a scheduler address needs the dask engine: add --engine dask")


def run_corpus(
    inputs: Sequence[str],
    store_dir: str | Path,
    settings: Settings | None = None,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Audit every article of ``inputs`` into the store in ``store_dir``; return the summary."""
    settings = settings or Settings()
    options = options or RunOptions()
    options.check()
    check_inputs(inputs)
    progress = progress or Silent()
    summary = RunSummary()
    t0 = time.monotonic()
    with Store(store_dir) as store:
        todo = _todo(
            read_inputs(inputs, max_bytes=settings.max_page_bytes),
            store.keys(failures=not options.retry_failures),
            settings,
            summary,
        )
        progress.start(count_records(inputs))
        batches = _batched(_counting(todo, summary, progress), options.batch_size)
        for outcomes in _engine(batches, settings, options):
            store.write(outcomes)
            _tally(summary, outcomes)
            summary.seconds = time.monotonic() - t0
            progress.advance(summary, len(outcomes))
    summary.seconds = time.monotonic() - t0
    progress.finish(summary)
    return summary


def _engine(batches: Iterable[Batch], settings: Settings, options: RunOptions) -> Iterator[list[Outcome]]:
    if options.engine == "dask":
        return run_dask(batches, settings, options.batch_size, options.workers, options.scheduler)
    if options.workers > 1:
        return run_pool(batches, settings, options.batch_size, options.workers)
    return run_local(batches, settings, options.batch_size)


def _todo(
    records: Iterable[Record], known: dict[str, str], settings: Settings, summary: RunSummary
) -> Iterator[tuple[Record, str, bool]]:
    """Yield ``(record, key, needed)``: needed is False for work already in the store."""
    fingerprint = settings_fingerprint(settings)
    seen: set[str] = set()
    for record in records:
        key = report_key(record, fingerprint)
        if record.id in seen:
            summary.duplicates += 1
            yield record, key, False
            continue
        seen.add(record.id)
        done = known.get(record.id) == key
        if done:
            summary.skipped += 1
        yield record, key, not done


def _counting(
    todo: Iterable[tuple[Record, str, bool]], summary: RunSummary, progress: Progress
) -> Iterator[tuple[Record, str]]:
    """Pass on the records still to audit; count the others on the progress display."""
    for record, key, needed in todo:
        if needed:
            yield record, key
        else:
            progress.advance(summary, 1)


def _batched(items: Iterable[tuple[Record, str]], size: int) -> Iterator[Batch]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield [r for r, _ in chunk], [k for _, k in chunk]


def _tally(summary: RunSummary, outcomes: Sequence[Outcome]) -> None:
    for o in outcomes:
        if o.report is None:
            summary.failed += 1
            summary.by_code[o.code or "E000"] += 1
        else:
            summary.done += 1
