"""Tests for the loaded-label evaluation (PTC, ledger batches, neutral text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from floors import check_floors
from newsaudit.evaluation.loaded_labels import ledger_scores, main, neutral_rate, ptc_scores

FIXTURES = Path(__file__).parent / "fixtures"


def test_ledger_scores_count_found_phrases_and_false_alarms(tmp_path: Path) -> None:
    text = 'The ringleaders fled. The minister said: "These thugs will pay." Police detained 14 people.'
    (tmp_path / "01_x.txt").write_text(text, encoding="utf-8")
    gold = {"loaded_phrases": ["ringleaders", "detained 14"], "neutral_phrases": ["These thugs will pay"]}
    (tmp_path / "01_x.json").write_text(json.dumps(gold), encoding="utf-8")
    metrics, misses = ledger_scores(tmp_path)
    assert metrics["ledger_loaded_found"] == 0.5
    assert metrics["ledger_false_alarms"] == 0.0
    assert misses == ["01_x: missed 'detained 14'"]


def test_ptc_scores_pool_recall_and_precision() -> None:
    text = "The regime's cronies stole the vote. Officials met on Monday."
    start = text.index("cronies")
    labels = {"1": [("Name_Calling,Labeling", start, start + 7), ("Loaded_Language", 31, 35)]}
    metrics = ptc_scores({"1": text}, labels)
    assert metrics["ptc_recall"] == 0.5
    assert metrics["ptc_precision"] == 1.0


def test_neutral_rate_is_zero_on_the_neutral_fixtures() -> None:
    paths = sorted((FIXTURES / "techniques").glob("neutral_*.txt"))
    assert neutral_rate(paths)["neutral_per_1000"] == 0.0


@pytest.mark.data
def test_loaded_labels_on_ptc_train_keep_their_floor(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ptc = data_dir / "ptc-semeval2020"
    main(
        [
            "--ptc-articles",
            str(ptc / "train-articles"),
            "--ptc-labels",
            str(ptc / "train-task2-TC.labels"),
            "--json",
        ]
    )
    metrics = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    check_floors("loaded_labels_ptc", metrics)  # floors in eval/floors.toml
