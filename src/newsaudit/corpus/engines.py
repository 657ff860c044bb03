"""Engines: where batches of records are audited. Results always come back to one writer.

- ``local``: in this process (``workers=1``), or a pool of spawned processes (``workers>1``);
- ``dask``: a Dask cluster, either an existing scheduler (``scheduler="tcp://host:8786"``) or a
  ``LocalCluster`` of ``workers`` processes. A worker plugin builds and loads the pipeline once
  per worker when it joins, so no task pays the model load.

An engine maps batches to outcome lists, keeping at most ``2 * workers`` batches in flight so
memory stays flat on any corpus size; results come back as they finish (order is not kept:
the store does not need it).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from ..errors import SettingsError
from ..settings import Settings
from .inputs import Record
from .work import Outcome, audit_records

Batch = tuple[list[Record], list[str]]
ENGINES = ("local", "dask")


def run_local(batches: Iterable[Batch], settings: Settings, batch_size: int) -> Iterator[list[Outcome]]:
    """Audit every batch in this process."""
    for records, keys in batches:
        yield audit_records(records, keys, settings, batch_size)


def _init_pool(settings: Settings, parent: int | None = None) -> None:
    from ..api import get_pipeline

    if parent is not None:
        _exit_with(parent)
    get_pipeline(settings)  # load the models once per worker process


def _exit_with(parent: int) -> None:
    """Exit this worker when its parent is gone (a parent killed with SIGKILL cannot stop it)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newsaudit-parent-watch", daemon=True).start()


def run_pool(
    batches: Iterable[Batch], settings: Settings, batch_size: int, workers: int
) -> Iterator[list[Outcome]]:
    """Audit batches in a pool of ``workers`` spawned processes, models loaded once in each."""
    # spawn, not fork: ONNX Runtime and spaCy threads do not survive a fork safely.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_pool, initargs=(settings, os.getpid())
    ) as pool:
        pending: set[Future[list[Outcome]]] = set()
        try:
            for records, keys in batches:
                pending.add(pool.submit(audit_records, records, keys, settings, batch_size))
                if len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        finally:
            for f in pending:
                f.cancel()


def run_dask(
    batches: Iterable[Batch], settings: Settings, batch_size: int, workers: int, scheduler: str | None
) -> Iterator[list[Outcome]]:
    """Audit batches on a Dask cluster (see :mod:`newsaudit.corpus.dask_engine`)."""
    try:
        from .dask_engine import run_dask as run
    except ImportError as exc:  # pragma: no cover - dask[distributed] is a dependency
        raise SettingsError(
            "the dask engine needs dask[distributed]; pip install 'dask[distributed]'"
        ) from exc
    yield from run(batches, settings, batch_size, workers, scheduler)
