"""The CI gate's floors: one file, every gate used by a test, every bound a number."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from floors import check_floors, floors, gates

TESTS = Path(__file__).resolve().parent


def test_floors_every_gate_is_checked_by_a_test() -> None:
    used: set[str] = set()
    for path in TESTS.glob("test_*.py"):
        if path.name == Path(__file__).name:
            continue
        source = path.read_text(encoding="utf-8")
        used.update(re.findall(r"check_floors\(\s*\"(\w+)\"", source))
        if re.search(r"check_floors\(\s*[a-z_]", source):
            # A gate passed through a variable (a parametrized test) is named as a string literal.
            used.update(g for g in gates() if f'"{g}"' in source)
    assert set(gates()) == used


@pytest.mark.parametrize("gate", gates())
def test_floors_bounds_are_numbers(gate: str) -> None:
    table = floors(gate)
    bounds = {**table.get("min", {}), **table.get("max", {})}
    assert bounds and all(isinstance(v, int | float) and not isinstance(v, bool) for v in bounds.values())


def test_floors_check_names_the_gate_and_metric() -> None:
    with pytest.raises(AssertionError, match=r"denials\.recall 0\.1000 fell below its floor"):
        check_floors("denials", {"precision": 1.0, "recall": 0.1, "f1": 0.9})


def test_floors_unknown_gate_is_named() -> None:
    with pytest.raises(KeyError, match="no gate 'nope'"):
        floors("nope")


@pytest.mark.parametrize(("require", "outcome"), [("1", "1 failed"), ("0", "1 skipped")])
def test_floors_data_gate_fails_when_data_is_missing(tmp_path: Path, require: str, outcome: str) -> None:
    (tmp_path / "conftest.py").write_text(
        (TESTS / "conftest.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "test_gate.py").write_text(
        "import pytest\n\n@pytest.mark.data\ndef test_gate():\n    pytest.skip('no data')\n", encoding="utf-8"
    )
    env = {**os.environ, "NEWSAUDIT_REQUIRE_DATA": require}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "markers=data", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert outcome in run.stdout, run.stdout
