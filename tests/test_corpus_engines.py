"""Engines give the same store: a 2-process pool and a 2-worker Dask LocalCluster equal one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_helpers import LIGHT, reports_of, status_of, write_jsonl
from newsaudit.corpus import RunOptions, run_corpus

pytestmark = pytest.mark.slow
N = 10


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Return the input and the reports of a one-process run over it (with one failure)."""
    base = tmp_path_factory.mktemp("engines")
    inp = write_jsonl(base / "in.jsonl", N, extra=[{"id": "empty", "text": ""}])
    run_corpus([str(inp)], base / "reference", LIGHT, RunOptions(batch_size=3))
    return inp, reports_of(base / "reference")


def test_run_corpus_pool_of_two_equals_one_process(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    inp, reference = corpus
    summary = run_corpus([str(inp)], tmp_path / "store", LIGHT, RunOptions(workers=2, batch_size=3))
    assert (summary.done, summary.failed) == (N, 1)
    assert reports_of(tmp_path / "store") == reference


def test_run_corpus_dask_local_cluster_equals_one_process(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    inp, reference = corpus
    summary = run_corpus(
        [str(inp)], tmp_path / "store", LIGHT, RunOptions(engine="dask", workers=2, batch_size=3)
    )
    assert (summary.done, summary.failed) == (N, 1)
    assert status_of(tmp_path / "store")["by_code"] == {"E001": 1}
    assert reports_of(tmp_path / "store") == reference  # byte-identical report JSON, id by id
