"""Tests for the check-worthiness evaluation: TSV reading, metrics, and the CI gate on dev-test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from floors import check_floors, floors
from newsaudit.errors import EvalDataError
from newsaudit.evaluation.checkworthy import evaluate, main, metrics_of, read_tsv

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "checkthat2024-task1-en"
HEADER = "Sentence_id\tText\tclass_label\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    """Write a TSV with ``header`` and ``body`` and return its path."""
    path = tmp_path / "t.tsv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_read_tsv_unquotes_csv_style_texts(tmp_path: Path) -> None:
    path = write(tmp_path, '1\t"He said ""no"" twice."\tNo\n2\tTaxes rose 5%.\tYes\n\n')
    rows = read_tsv(path)
    assert [(r.id, r.text, r.label) for r in rows] == [
        ("1", 'He said "no" twice.', "No"),
        ("2", "Taxes rose 5%.", "Yes"),
    ]


def test_read_tsv_splits_two_records_glued_on_one_line(tmp_path: Path) -> None:
    rows = read_tsv(write(tmp_path, "7\tWe grew.\tNo29286\tYou can't.\tNo\n8\tX rose 3%.\tYes\n"))
    assert [(r.id, r.label) for r in rows] == [("7", "No"), ("29286", "No"), ("8", "Yes")]


@pytest.mark.parametrize(
    ("header", "body"),
    [
        (HEADER, "1\tText\tMaybe\n"),  # unknown label
        (HEADER, "1\tText only\n"),  # missing column
        ("id\ttext\tlabel\n", "1\tText\tYes\n"),  # wrong header
        (HEADER, ""),  # no rows
    ],
)
def test_read_tsv_rejects_malformed_files(tmp_path: Path, header: str, body: str) -> None:
    with pytest.raises(EvalDataError):
        read_tsv(write(tmp_path, body, header))


def test_read_tsv_missing_file_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="--tsv"):
        read_tsv(tmp_path / "absent.tsv")


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        # gold Y Y N N, scores .9 .4 .6 .1: at .5 one TP, one FP, one FN, one TN.
        (0.5, {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1, "tn": 1}),
        (0.3, {"precision": 2 / 3, "recall": 1.0, "f1": 0.8, "tp": 2, "fp": 1, "fn": 0, "tn": 1}),
        (0.95, {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 2, "tn": 2}),
    ],
)
def test_metrics_of_counts_yes_class(threshold: float, expected: dict[str, float]) -> None:
    got = metrics_of([True, True, False, False], [0.9, 0.4, 0.6, 0.1], threshold)
    assert {k: got[k] for k in expected} == pytest.approx(expected)


TINY = (
    "1\tThe unemployment rate fell to 3.5 percent in 2019, the lowest in 50 years.\tYes\n"
    "2\tWe spent $2 trillion on the war in Iraq.\tYes\n"
    "3\tThank you all so much for being here tonight.\tNo\n"
    "4\tWhat do you want me to say?\tNo\n"
)


@pytest.mark.slow
def test_evaluate_tiny_tsv_reports_yes_f1(tmp_path: Path) -> None:
    result = evaluate(write(tmp_path, TINY))
    assert set(result.metrics) >= {"precision", "recall", "f1", "tp", "fp", "fn", "tn", "rows"}
    assert result.metrics["rows"] == 4
    assert result.metrics["f1"] == pytest.approx(1.0)
    assert evaluate(write(tmp_path, TINY), limit=2).metrics["rows"] == 2


@pytest.mark.slow
def test_main_json_last_line_has_metric_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tsv", str(write(tmp_path, TINY)), "--json"]) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"precision", "recall", "f1"} <= set(last)


# CI gate on the first dev-test rows: floor and sample size in eval/floors.toml ("checkworthy").


@pytest.mark.slow
@pytest.mark.data
def test_gate_devtest_f1_floor() -> None:
    path = DATA / "CT24_checkworthy_english_dev-test.tsv"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    rows = floors("checkworthy")["limit"]
    result = evaluate(path, limit=rows)
    assert result.metrics["rows"] == rows
    check_floors("checkworthy", result.metrics)


@pytest.mark.slow
def test_flagged_share_counts_claims_per_article(tmp_path: Path) -> None:
    from newsaudit.evaluation.checkworthy import flagged_share

    (tmp_path / "a.txt").write_text(
        "The senate passed the bill 52-48 on Friday, cutting taxes by $1.5 trillion. Thank you all.",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text("What a lovely morning. I hope you enjoy it.", encoding="utf-8")
    result = flagged_share(tmp_path, limit=5)
    assert result.metrics["articles"] == 2
    assert result.metrics["sentences"] == 4
    assert result.metrics["claims"] == 1
    assert result.metrics["flagged_share"] == pytest.approx(0.25)


def test_flagged_share_needs_txt_files(tmp_path: Path) -> None:
    from newsaudit.evaluation.checkworthy import flagged_share

    with pytest.raises(EvalDataError, match="--articles"):
        flagged_share(tmp_path)
