"""Tests for the SemEval-2020 Task 11 scorers and PTC readers in newsaudit.evaluation.techniques."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsaudit.errors import EvalDataError
from newsaudit.evaluation.techniques import (
    evaluate,
    is_dev,
    line_sentences,
    merge,
    read_articles,
    read_labels,
    si_scores,
    tc_micro_f1,
    tc_per_technique,
)

PTC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc-semeval2020"


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        # exact match
        ([(0, 10)], [(0, 10)], (1.0, 1.0, 1.0)),
        # partial overlap: 5 of 10 predicted chars inside a 20-char gold span
        ([(0, 10)], [(5, 25)], (0.5, 0.25, 2 * 0.5 * 0.25 / 0.75)),
        # no overlap
        ([(0, 10)], [(20, 30)], (0.0, 0.0, 0.0)),
        # one prediction covering two gold spans: full precision, half credit on each gold
        ([(0, 20)], [(0, 5), (15, 20)], (0.5, 1.0, 2 * 0.5 / 1.5)),
        # nothing predicted, something gold
        ([], [(0, 5)], (0.0, 0.0, 0.0)),
    ],
)
def test_si_scores_partial_overlap_credit(pred, gold, expected):
    got = si_scores({"1": pred}, {"1": gold})
    assert got == pytest.approx(expected)


def test_si_scores_both_empty_is_perfect():
    assert si_scores({"1": []}, {"1": []}) == (1.0, 1.0, 1.0)


def test_si_scores_counts_gold_of_articles_without_predictions():
    p, r, _ = si_scores({"1": [(0, 10)]}, {"1": [(0, 10)], "2": [(0, 4)]})
    assert (p, r) == pytest.approx((1.0, 0.5))


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 5), (3, 8)], [(0, 8)]),
        ([(0, 5), (5, 8)], [(0, 5), (5, 8)]),  # touching half-open spans share no character
        ([(10, 12), (0, 20)], [(0, 20)]),
    ],
)
def test_merge_joins_overlapping_spans(spans, expected):
    assert merge(spans) == expected


def test_si_scores_merges_overlapping_gold_like_the_official_scorer():
    # Two gold techniques on overlapping text count as one SI span.
    assert si_scores({"1": [(0, 8)]}, {"1": [(0, 5), (3, 8)]}) == pytest.approx((1.0, 1.0, 1.0))


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        (["A", "B", "A"], ["A", "B", "B"], 2 / 3),
        (["A"], ["B"], 0.0),
        ([], [], 0.0),
    ],
)
def test_tc_micro_f1_is_accuracy_over_gold_spans(pred, gold, expected):
    assert tc_micro_f1(pred, gold) == pytest.approx(expected)


def test_tc_per_technique_counts_fp_and_fn():
    rows = tc_per_technique(["A", "A", "B"], ["A", "B", "B"])
    assert rows["A"] == pytest.approx((0.5, 1.0, 2 / 3, 1))
    assert rows["B"] == pytest.approx((1.0, 0.5, 2 / 3, 2))


def test_read_labels_accepts_tc_and_si_formats(tmp_path):
    tc = tmp_path / "tc.labels"
    tc.write_text("7\tDoubt\t3\t9\n7\tSlogans\t10\t14\n", encoding="utf-8")
    si = tmp_path / "si.labels"
    si.write_text("7\t3\t9\n", encoding="utf-8")
    assert read_labels(tc) == {"7": [("Doubt", 3, 9), ("Slogans", 10, 14)]}
    assert read_labels(si) == {"7": [("propaganda", 3, 9)]}


def test_read_labels_rejects_bad_rows(tmp_path):
    bad = tmp_path / "bad.labels"
    bad.write_text("7\t3\n", encoding="utf-8")
    with pytest.raises(EvalDataError):
        read_labels(bad)


def test_read_articles_missing_folder_raises(tmp_path):
    with pytest.raises(EvalDataError):
        read_articles(tmp_path / "nope")


@pytest.mark.parametrize(
    "text",
    ["Title\n\nFirst line.\nSecond line.\n", "Only one line", "\n\nA\n\n\nB"],
)
def test_line_sentences_slices_lines(text):
    spans = line_sentences(text)
    assert [text[s:e] for s, e in spans] == [line for line in text.split("\n") if line.strip()]


def test_is_dev_is_deterministic_and_about_a_fifth():
    ids = [str(111111111 + i) for i in range(2000)]
    share = sum(map(is_dev, ids)) / len(ids)
    assert 0.17 < share < 0.23
    assert [is_dev(i) for i in ids[:50]] == [is_dev(i) for i in ids[:50]]


@pytest.mark.slow
@pytest.mark.data
def test_evaluate_reports_task_metrics_on_ptc():
    if not PTC.is_dir():
        pytest.skip("../shared/data/ptc-semeval2020 is absent")
    articles = PTC / "train-articles"
    dev = {a for a in read_articles(articles) if is_dev(a)}
    result = evaluate(articles, PTC / "train-task2-TC.labels", ids=dev, limit=3)
    metrics = json.loads(result.json_line())
    for key in ("si_precision", "si_recall", "si_f1", "tc_micro_f1"):
        assert 0.0 <= metrics[key] <= 1.0
    assert metrics["articles"] == 3
    assert result.rows
