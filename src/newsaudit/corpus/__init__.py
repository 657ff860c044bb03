"""Whole-corpus runs: inputs -> audits (local pool or Dask) -> one DuckDB store -> exports.

``run_corpus(inputs, store_dir)`` audits every article once (re-runs skip what is done and
redo what changed), :class:`Store` reads the store, ``export_table`` writes a table to
Parquet / JSON Lines / CSV. See docs/corpus.md.
"""

from __future__ import annotations

from .inputs import Record, read_input, read_inputs
from .progress import PlainProgress, RunSummary, default_progress
from .runner import RunOptions, run_corpus
from .store import TABLES, Store, store_path

__all__ = [
    "TABLES",
    "PlainProgress",
    "Record",
    "RunOptions",
    "RunSummary",
    "Store",
    "default_progress",
    "read_input",
    "read_inputs",
    "run_corpus",
    "store_path",
]
