"""Data gates of HTML extraction (ingest.html + the cleaner's HTML mode) on site-grouped dev pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from floors import check_floors, floors
from newsaudit.evaluation.cleaning import part_ids, source_ids
from newsaudit.evaluation.extraction import evaluate

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.mark.data
@pytest.mark.parametrize(
    ("gate", "folder", "source"),
    [
        ("extraction_news", "article-extraction-more", "news"),
        ("extraction_dragnet", "article-extraction-dragnet", None),
    ],
)
def test_evaluate_extraction_on_dev_pages_holds_pinned_floors(
    gate: str, folder: str, source: str | None
) -> None:
    base = DATA / folder
    if not (base / "ground-truth.json").exists():
        pytest.skip(f"{folder} not found in ../shared/data")
    ids = part_ids(base / "html", base / "ground-truth.json", "dev") or set()
    if source is not None:
        ids = source_ids(ids, source)
    metrics = evaluate(
        base / "html", base / "ground-truth.json", limit=floors(gate)["limit"], ids=ids
    ).metrics
    check_floors(gate, {**metrics, "margin_f1": metrics["f1"] - metrics["no_comments_f1"]})
