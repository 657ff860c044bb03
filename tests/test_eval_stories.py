"""Story clustering evaluation: the metrics by hand, the loader's coded errors, the data gates."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from floors import check_floors, floors
from newsaudit.cli import main
from newsaudit.errors import EvalDataError
from newsaudit.evaluation.stories import cluster_metrics, evaluate, fit_weights, fold_of, load_jsonl

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ECB = DATA / "ecbplus-event-clusters" / "ecbplus_docs.jsonl"
GVA = DATA / "gva-incident-clusters" / "gva_docs.jsonl"


def test_cluster_metrics_by_hand() -> None:
    m = cluster_metrics([1, 1, 1, 2], ["a", "a", "b", "b"])
    assert m["bcubed_precision"] == pytest.approx(2 / 3)
    assert m["bcubed_recall"] == pytest.approx(3 / 4)
    assert m["pair_precision"] == pytest.approx(1 / 3)
    assert m["pair_recall"] == pytest.approx(1 / 2)
    assert m["ari"] == pytest.approx(0.0)


def test_cluster_metrics_perfect_is_one_whatever_the_label_names() -> None:
    m = cluster_metrics(["x", "x", "y", "z"], [3, 3, 1, 2])
    assert all(v == pytest.approx(1.0) for v in m.values())


def test_cluster_metrics_singletons_have_full_bcubed_precision() -> None:
    m = cluster_metrics([0, 1, 2, 3], ["a", "a", "b", "b"])
    assert (m["bcubed_precision"], m["bcubed_recall"], m["pair_f1"]) == (1.0, 0.5, 0.0)


def test_cluster_metrics_refuse_mismatched_lengths() -> None:
    with pytest.raises(EvalDataError):
        cluster_metrics([1, 2], ["a"])


def test_fit_weights_separates_a_feature_that_predicts_the_label() -> None:
    x = np.array([[0.1], [0.2], [0.8], [0.9], [0.15], [0.85]])
    y = np.array([0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    w, b = fit_weights(x, y)
    assert w > 0 and (w * 0.9 + b) > 0 > (w * 0.1 + b)


def test_fold_of_is_stable_and_spreads_groups() -> None:
    folds = [fold_of(str(g), 4) for g in range(200)]
    assert folds == [fold_of(str(g), 4) for g in range(200)] and set(folds) == {0, 1, 2, 3}


@pytest.mark.parametrize(
    ("line", "needle"),
    [("not json", "not JSON"), ('{"text": "x"}', "'story'"), ("[1, 2]", "needs the fields")],
)
def test_load_jsonl_refuses_bad_lines_with_a_coded_error(tmp_path: Path, line: str, needle: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match=needle):
        load_jsonl(path, "story")


def test_cli_eval_stories_prints_json_metrics(tmp_path: Path) -> None:
    rows = [
        {
            "text": "Mayor Ann Ruiz opened the Delmar bridge on Monday.",
            "story": "bridge",
            "date": "2024-01-01",
        },
        {
            "text": "The Delmar bridge was opened by Mayor Ann Ruiz Monday.",
            "story": "bridge",
            "date": "2024-01-01",
        },
        {"text": "Storm Kira flooded Port Evans harbour overnight.", "story": "storm", "date": "2024-02-01"},
    ]
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["eval", "stories", "--jsonl", str(path), "--truth-field", "story", "--json"]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    keys = {"bcubed_precision", "bcubed_recall", "bcubed_f1", "pair_f1", "nmi", "ari"}
    assert keys <= set(metrics) and metrics["documents"] == 3


def test_cli_eval_stories_missing_field_exits_with_code(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "stories", "--jsonl", str(path), "--truth-field", "story"])
    assert result.exit_code == 2 and "E030" in result.output


@pytest.mark.data
@pytest.mark.skipif(not ECB.is_file(), reason="ECB+ data absent")
def test_eval_stories_ecbplus_grouped_cv_floors() -> None:
    gate = floors("stories_ecbplus")
    result = evaluate(ECB, "cluster_id", group_field="topic", cv_folds=gate["folds"])
    check_floors("stories_ecbplus", result.metrics)


@pytest.mark.data
@pytest.mark.skipif(not GVA.is_file(), reason="GVA data absent")
def test_eval_stories_gva_shipped_model_floors() -> None:
    gate = floors("stories_gva")
    result = evaluate(GVA, "group_id", limit=gate["limit"])
    check_floors("stories_gva", result.metrics)
