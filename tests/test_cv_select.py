"""Tests for newsaudit.evaluation.cv_select, the cross-validated choice of a setting."""

from __future__ import annotations

import random

from newsaudit.evaluation import cv_select, prf


def f1_metric(gold: list[bool], scores: list[float]):  # type: ignore[no-untyped-def]
    def metric(assign: dict[int, float]) -> float:
        tp = sum(1 for i, t in assign.items() if scores[i] >= t and gold[i])
        fp = sum(1 for i, t in assign.items() if scores[i] >= t and not gold[i])
        fn = sum(1 for i, t in assign.items() if scores[i] < t and gold[i])
        return prf(tp, fp, fn)[2]

    return metric


def test_separable_scores_choose_a_separating_threshold() -> None:
    rng = random.Random(1)
    gold = [rng.random() < 0.3 for _ in range(200)]
    scores = [0.6 + 0.3 * rng.random() if g else 0.4 * rng.random() for g in gold]
    grid = [0.1, 0.2, 0.3, 0.45, 0.5, 0.55, 0.7, 0.8]
    choice = cv_select(len(gold), grid, f1_metric(gold, scores), folds=5, strata=gold)
    assert 0.4 <= choice.best <= 0.6
    assert choice.best_metric == 1.0
    assert choice.oof_metric == 1.0
    assert len(choice.fold_choices) == 5
    assert all(0.4 <= t <= 0.6 for t in choice.fold_choices)


def test_out_of_fold_estimate_does_not_reward_fitting_noise() -> None:
    # Labels independent of scores: the best threshold on all rows fits noise, and
    # the out-of-fold figure must not exceed that optimistic figure.
    rng = random.Random(7)
    gold = [rng.random() < 0.5 for _ in range(120)]
    scores = [rng.random() for _ in gold]
    grid = [round(0.05 * k, 2) for k in range(1, 20)]
    choice = cv_select(len(gold), grid, f1_metric(gold, scores), folds=4, seed=3, strata=gold)
    assert choice.oof_metric <= choice.best_metric


def test_ties_go_to_the_earlier_candidate() -> None:
    choice = cv_select(10, ["a", "b", "c"], lambda assign: 1.0, folds=2)
    assert choice.best == "a"
    assert choice.fold_choices == ["a", "a"]


def test_strata_spread_evenly_over_folds() -> None:
    # 5 positives among 100 items, 5 folds: every training part (four folds) must hold
    # exactly 4 positives, which it cannot by chance alone for every seed.
    gold = [i % 20 == 0 for i in range(100)]
    seen: list[int] = []

    def metric(assign: dict[int, str]) -> float:
        seen.append(sum(gold[i] for i in assign))
        return 0.0

    cv_select(100, ["only"], metric, folds=5, seed=11, strata=gold)
    # 5 training parts, the out-of-fold pass, the choice on all items and its metric.
    assert seen[:5] == [4, 4, 4, 4, 4]
    assert seen[5:] == [5, 5, 5]
