"""End to end on the full pipeline: a small corpus in, every finding row slices the stored text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_helpers import write_jsonl
from newsaudit.corpus import RunOptions, Store, run_corpus
from newsaudit.corpus.store import FINDING_TABLES

pytestmark = pytest.mark.slow


def test_run_corpus_full_pipeline_findings_match_reports(tmp_path: Path) -> None:
    inp = write_jsonl(tmp_path / "in.jsonl", 3)
    summary = run_corpus([str(inp)], tmp_path / "store", options=RunOptions(batch_size=2))
    assert (summary.done, summary.failed) == (3, 0)
    with Store(tmp_path / "store", read_only=True) as store:
        texts = dict(store.query("SELECT id, text FROM articles"))
        reports = {i: json.loads(r) for i, r in store.reports()}
        for table in FINDING_TABLES:
            rows = store.query(f'SELECT id, start, "end" FROM {table}')
            assert len(rows) == sum(len(r[table]) for r in reports.values()), table
            for rid, start, end in rows:
                assert 0 <= start < end <= len(texts[rid])
        techniques = store.query('SELECT id, start, "end", text FROM techniques')
        scores = store.query("SELECT id, score FROM reports")
    assert all(texts[i][s:e] == t for i, s, e, t in techniques)
    assert sum(len(r["attributions"]) for r in reports.values()) > 0
    assert {i: s for i, s in scores} == {i: r["score"]["value"] for i, r in reports.items()}
