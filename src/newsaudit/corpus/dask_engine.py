"""The Dask engine: batches go to a cluster's workers, outcomes come back to the one writer.

Without a scheduler address a ``LocalCluster`` of ``workers`` processes (one thread each) is
started and closed here. A :class:`PipelinePlugin` builds and loads the pipeline once on each
worker as it joins, so tasks only audit. Programs that start a LocalCluster must guard their
entry point with ``if __name__ == "__main__":`` (worker processes are spawned and re-import it;
without the guard Dask fails with "Nanny failed to start").
"""

# distributed is untyped: its calls are checked at run time (tests/test_corpus_dask.py).
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from ..settings import Settings
from .engines import Batch, _init_pool
from .work import Outcome, audit_records


class PipelinePlugin(WorkerPlugin):
    """Build and load the pipeline of ``settings`` once per worker."""

    name = "newsaudit-pipeline"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker: Any) -> None:
        _init_pool(self.settings)


def run_dask(
    batches: Iterable[Batch], settings: Settings, batch_size: int, workers: int, scheduler: str | None
) -> Iterator[list[Outcome]]:
    """Audit batches on a Dask cluster; yield each batch's outcomes as it finishes."""
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
    client = Client(cluster if cluster is not None else scheduler)
    try:
        client.register_plugin(PipelinePlugin(settings))
        yield from _map(client, batches, settings, batch_size, workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _map(
    client: Client, batches: Iterable[Batch], settings: Settings, batch_size: int, workers: int
) -> Iterator[list[Outcome]]:
    # Keep about two batches per worker in flight: enough to hide latency, memory stays flat.
    window = 2 * max(workers, len(client.scheduler_info().get("workers", {})))
    pending = as_completed()
    for records, keys in batches:
        pending.add(client.submit(audit_records, records, keys, settings, batch_size, pure=False))
        if pending.count() >= window:
            yield next(pending).result()
    for future in pending:
        yield future.result()
