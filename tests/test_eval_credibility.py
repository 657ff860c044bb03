from __future__ import annotations

import numpy as np
import pytest

from newsaudit.errors import EvalDataError
from newsaudit.evaluation.credibility import FEATURES, cross_validated_auc, features, roc_auc


@pytest.mark.parametrize(
    ("labels", "scores", "auc"),
    [
        ([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1.0),
        ([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1], 0.0),
        ([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5),
        ([0, 1, 1], [0.2, 0.2, 0.9], 0.75),
    ],
)
def test_roc_auc_counts_ranks_and_ties(labels: list[int], scores: list[float], auc: float) -> None:
    assert roc_auc(labels, scores) == pytest.approx(auc)


def test_roc_auc_needs_both_classes() -> None:
    with pytest.raises(EvalDataError):
        roc_auc([1, 1], [0.1, 0.2])


def test_cross_validated_auc_learns_a_separable_feature() -> None:
    rng = np.random.default_rng(0)
    y = np.array([0, 1] * 50)
    x = np.c_[y + rng.normal(0, 0.3, 100), rng.normal(0, 1, 100)]
    assert cross_validated_auc(x, y) > 0.9


def test_features_of_a_report_follow_the_feature_list() -> None:
    report = {
        "text": "One. Two. Three four five.",
        "score": {"value": 40},
        "attributions": [
            {"source": {"type": "anonymous"}, "parent": None},
            {"source": {"type": "named_person"}, "parent": "a1"},
        ],
        "denials": [{}],
        "hedges": [],
        "techniques": [],
        "claims": [{"attributions": []}, {"attributions": ["a1"]}],
    }
    values = dict(zip(FEATURES, features(report), strict=True))
    assert values["score"] == 40 and values["share_unnamed"] == 0.5 and values["relayed"] == 1
    assert values["own_voice_claims_share"] == 0.5
