"""Tests for newsaudit.evaluation.denials: reading Emergent, metrics, and the CI quality gate."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest

from floors import check_floors, floors
from newsaudit.errors import EvalDataError
from newsaudit.evaluation.denials import COLUMNS, evaluate, read_emergent

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
EMERGENT = DATA / "emergent-stance" / "emergent_clean_train.csv"

# The gate on a hash sample of the Emergent training file: floors and sample size live in
# eval/floors.toml ("denials").

ROWS = [
    ("0", "A lion escaped from the city zoo", "Zoo denies report that lion escaped", "against", "x0", "c1"),
    ("1", "A lion escaped from the city zoo", "Lion escapes from city zoo", "for", "x1", "c1"),
    (
        "2",
        "A lion escaped from the city zoo",
        "Residents report seeing a lion in the park",
        "observing",
        "x2",
        "c1",
    ),
    ("3", "A lion escaped from the city zoo", "Escaped zoo lion story is a hoax", "against", "x3", "c1"),
    (
        "4",
        "The mayor of Springfield resigned",
        "Council says Springfield mayor has not resigned",
        "against",
        "x4",
        "c2",
    ),
    (
        "5",
        "The mayor of Springfield resigned",
        "Mayor did not attend the council meeting",
        "observing",
        "x5",
        "c2",
    ),
]


def _write(path: Path, rows: Sequence[tuple[str, ...]], header: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_read_emergent_reads_rows(tmp_path: Path) -> None:
    rows = read_emergent(_write(tmp_path / "e.csv", ROWS))
    assert [(h.id, h.stance, h.claim_id) for h in rows][:2] == [("0", "against", "c1"), ("1", "for", "c1")]
    assert rows[3].text == "Escaped zoo lion story is a hoax"


@pytest.mark.parametrize("limit", [1, 3, 6])
def test_read_emergent_limit_is_a_fixed_sample(tmp_path: Path, limit: int) -> None:
    path = _write(tmp_path / "e.csv", ROWS)
    first, again = read_emergent(path, limit), read_emergent(path, limit)
    assert len(first) == limit and first == again


def test_read_emergent_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match=r"E030|not found"):
        read_emergent(tmp_path / "absent.csv")


def test_read_emergent_missing_column_raises(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.csv", [r[:3] for r in ROWS], header=COLUMNS[:3])
    with pytest.raises(EvalDataError, match="articleHeadlineStance"):
        read_emergent(path)


@pytest.mark.slow
def test_evaluate_counts_against_class(tmp_path: Path) -> None:
    result = evaluate(_write(tmp_path / "e.csv", ROWS), rules_only=True)
    m = result.metrics
    assert {"precision", "recall", "f1", "tp", "fp", "fn", "tn", "n"} <= set(m)
    # "Council says Springfield mayor has not resigned" is a voiced negation with no attribution to answer.
    assert (m["tp"], m["fp"], m["fn"], m["n"]) == (2, 0, 1, 6)
    assert m["precision"] == 1.0 and m["recall"] == pytest.approx(2 / 3)


@pytest.mark.slow
@pytest.mark.parametrize(("options", "tp"), [({"with_claim": True}, 3), ({"voiced_negation": True}, 3)])
def test_evaluate_variants_find_the_voiced_negation(
    tmp_path: Path, options: dict[str, bool], tp: int
) -> None:
    result = evaluate(_write(tmp_path / "e.csv", ROWS), rules_only=True, **options)
    assert (result.metrics["tp"], result.metrics["fp"]) == (tp, 0)


@pytest.mark.slow
def test_evaluate_empty_file_raises(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="no rows"):
        evaluate(_write(tmp_path / "e.csv", []))


@pytest.mark.slow
@pytest.mark.data
def test_evaluate_emergent_sample_holds_floors() -> None:
    if not EMERGENT.is_file():
        pytest.skip(f"{EMERGENT} is absent")
    sample = floors("denials")["limit"]
    result = evaluate(EMERGENT, limit=sample)
    assert result.metrics["n"] == sample
    check_floors("denials", result.metrics)
