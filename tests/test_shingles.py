"""Tests of the ScrapingHub shingle metric (newsaudit.evaluation.shingles)."""

from __future__ import annotations

import pytest

from newsaudit.evaluation.shingles import (
    metrics_from_counts,
    precision_score,
    recall_score,
    score_pages,
    shingles,
    string_shingle_matching,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Hello, world!", ["Hello", "world"]),
        ("it's 4:30 p.m.", ["it", "s", "4", "30", "p", "m"]),
        ("snake_case stays", ["snake_case", "stays"]),
        ("Zürich über", ["Zürich", "über"]),
        ("", []),
    ],
)
def test_tokenize_splits_on_non_word_characters(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a b c d e", {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}),
        ("a b", {("a", "b"): 1}),  # shorter than 4 tokens: one short shingle
        ("", {}),
        ("x x x x x", {("x", "x", "x", "x"): 2}),  # a multiset
    ],
)
def test_shingles_counts_four_grams(text: str, expected: dict[tuple[str, ...], int]) -> None:
    assert dict(shingles(text)) == expected


def test_shingles_are_case_sensitive() -> None:
    assert shingles("The cat sat down") != shingles("the cat sat down")


@pytest.mark.parametrize(
    ("true", "pred", "expected"),
    [
        ("a b c d e", "a b c d e", (1.0, 0.0, 0.0)),
        ("a b c d e", "v w x y z", (0.0, 0.5, 0.5)),
        # true shingles abcd, bcde; pred abcd, bcde, cdef: tp 2, fp 1, fn 0
        ("a b c d e", "a b c d e f", (2 / 3, 1 / 3, 0.0)),
        ("", "", (0.0, 0.0, 0.0)),
        ("a b c d", "", (0.0, 0.0, 1.0)),
    ],
)
def test_string_shingle_matching_normalises_counts(
    true: str, pred: str, expected: tuple[float, float, float]
) -> None:
    assert string_shingle_matching(true, pred) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("counts", "precision", "recall"),
    [
        ((0.0, 0.0, 0.0), 1.0, 1.0),  # nothing to find, nothing found
        ((0.0, 0.0, 1.0), 0.0, 0.0),  # nothing predicted
        ((0.0, 1.0, 0.0), 0.0, 0.0),  # nothing true
        ((0.5, 0.25, 0.25), 2 / 3, 2 / 3),
    ],
)
def test_precision_and_recall_scores_handle_edges(
    counts: tuple[float, float, float], precision: float, recall: float
) -> None:
    assert precision_score(*counts) == pytest.approx(precision)
    assert recall_score(*counts) == pytest.approx(recall)


def test_metrics_from_counts_averages_pages_that_vote() -> None:
    # Page 2 predicts nothing: it votes on recall (0) but not on precision.
    counts = [(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)]
    p, r, f = metrics_from_counts(counts)
    assert (p, r) == pytest.approx((1.0, 0.5))
    assert f == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_score_pages_weighs_pages_equally() -> None:
    long_true = " ".join(f"w{i}" for i in range(400))
    pairs = [(long_true, long_true), ("a b c d e", "v w x y z")]
    p, r, _ = score_pages(pairs)
    assert (p, r) == pytest.approx((0.5, 0.5))


def test_score_pages_of_nothing_is_zero() -> None:
    assert score_pages([]) == (0.0, 0.0, 0.0)
