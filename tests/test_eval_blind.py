"""Tests of the blind-batch scorers (newsaudit.evaluation.blind) and the dev-batch floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from floors import check_floors
from newsaudit.errors import EvalDataError
from newsaudit.evaluation.blind import blind_pairs, evaluate_clean, evaluate_gate, score_item

DEV_BATCH = Path(__file__).resolve().parent / "fixtures" / "clean" / "dev_batch"

RAW = """Home | World | Business | Sport
2 hours ago
Harbour bridge to close for six weeks of repairs
By Ana Lopez
The city will close the harbour bridge for six weeks from Monday, officials said on Tuesday.
Engineers found corrosion in two of the main cables during an inspection last month.
Share this article
Reporting by Ana Lopez; Editing by Tom Reed
"""
GOLD = {
    "kind": "local",
    "headline": "Harbour bridge to close for six weeks of repairs",
    "furniture": ["Home | World | Business | Sport", "2 hours ago", "Share this article"],
    "meta_lines": ["By Ana Lopez", "Reporting by Ana Lopez; Editing by Tom Reed"],
    "author": "Ana Lopez",
    "body": [
        "The city will close the harbour bridge for six weeks from Monday, officials said on Tuesday.",
        "Engineers found corrosion in two of the main cables during an inspection last month.",
    ],
}


def _write_pair(folder: Path, name: str, raw: str, gold: dict[str, object]) -> None:
    (folder / f"{name}.txt").write_text(raw, encoding="utf-8")
    (folder / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")


def test_score_item_counts_removed_lines_kept_sentences_and_headline() -> None:
    score = score_item("01_bridge", RAW, GOLD)
    assert (score.furniture, score.furniture_removed) == (3, 3)
    assert (score.meta_lines, score.meta_removed) == (2, 2)
    assert (score.sentences, score.sentences_kept) == (2, 2)
    assert score.headline_right and not score.headline_from_furniture
    assert score.misses == []


def test_score_item_lists_each_miss() -> None:
    gold = {**GOLD, "headline": "Another headline", "body": [*GOLD["body"], "A sentence that is not there."]}  # type: ignore[list-item]
    score = score_item("02_bridge", RAW, gold)
    assert score.sentences_kept == 2
    assert any(m.startswith("sentence lost: 'A sentence that is not there.'") for m in score.misses)
    assert any(m.startswith("headline ") for m in score.misses)


def test_evaluate_clean_reports_items_and_overall(tmp_path: Path) -> None:
    _write_pair(tmp_path, "01_bridge", RAW, GOLD)
    _write_pair(
        tmp_path,
        "02_bridge",
        RAW.replace("Share this article\n", ""),
        {**GOLD, "furniture": GOLD["furniture"][:2]},
    )  # type: ignore[index]
    result = evaluate_clean(tmp_path)
    assert result.metrics["items"] == 2.0
    assert result.metrics["furniture_removed"] == 1.0 and result.metrics["sentences_kept"] == 1.0
    assert result.metrics["headlines_right"] == 1.0 and result.metrics["headlines_from_furniture"] == 0.0
    assert [row[0] for row in result.rows] == ["01_bridge", "02_bridge", "all"]
    assert result.rows[-1][1] == "5/5"


@pytest.mark.parametrize("gold", [{"headline": "x"}, "not an object"])
def test_evaluate_clean_refuses_a_bad_gold_file(tmp_path: Path, gold: object) -> None:
    (tmp_path / "01_x.txt").write_text("text", encoding="utf-8")
    (tmp_path / "01_x.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(EvalDataError):
        evaluate_clean(tmp_path)


def test_blind_pairs_needs_pairs(tmp_path: Path) -> None:
    (tmp_path / "01_x.txt").write_text("text", encoding="utf-8")
    with pytest.raises(EvalDataError, match="no NN_slug"):
        blind_pairs(tmp_path)


ARTICLE_PAGE = (
    "<html><head><title>Bridge to close</title></head><body><article><h1>Bridge to close</h1>"
    + "".join(
        f"<p>The city council said on Tuesday that the bridge would close for repairs in week {i}, "
        "after engineers found corrosion in the cables during an inspection last month.</p>"
        for i in range(12)
    )
    + "</article></body></html>"
)
ERROR_PAGE = "<html><head><title>404 Not Found</title></head><body><h1>Page not found</h1></body></html>"


def test_evaluate_gate_scores_refusals_and_lists_misses(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    (tmp_path / "e.html").write_text(ERROR_PAGE, encoding="utf-8")
    labels = {"a.html": {"article": True, "kind": "news"}, "e.html": {"article": False, "kind": "error"}}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    result = evaluate_gate(tmp_path)
    assert result.metrics["pages"] == 2.0 and result.metrics["articles"] == 1.0
    assert result.metrics["refusal_recall"] == 1.0 and result.metrics["articles_refused"] == 0.0
    assert result.notes == ["no misses"]


def test_evaluate_gate_needs_labels(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match=r"labels\.json"):
        evaluate_gate(tmp_path)


@pytest.mark.skipif(not any(DEV_BATCH.glob("*.gold.json")), reason="dev batch not written yet")
def test_evaluate_clean_dev_batch_holds_pinned_floors() -> None:
    result = evaluate_clean(DEV_BATCH)
    check_floors("clean_dev_batch", result.metrics)
