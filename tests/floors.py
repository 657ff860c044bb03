"""Read the CI gate's pinned quality floors from ``eval/floors.toml`` (the one place they live)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

FLOORS_PATH = Path(__file__).resolve().parents[1] / "eval" / "floors.toml"


@cache
def _all() -> dict[str, Any]:
    return tomllib.loads(FLOORS_PATH.read_text(encoding="utf-8"))


def floors(gate: str) -> dict[str, Any]:
    """Return the table of ``gate``: its parameters and its ``min`` / ``max`` bounds."""
    try:
        return dict(_all()[gate])
    except KeyError:
        raise KeyError(f"no gate {gate!r} in {FLOORS_PATH}; known: {', '.join(sorted(_all()))}") from None


def check_floors(gate: str, metrics: Mapping[str, float]) -> None:
    """Assert that ``metrics`` hold every ``min`` and ``max`` bound of ``gate``."""
    table = floors(gate)
    for key, floor in table.get("min", {}).items():
        assert metrics[key] >= floor, f"{gate}.{key} {metrics[key]:.4f} fell below its floor {floor}"
    for key, ceiling in table.get("max", {}).items():
        assert metrics[key] <= ceiling, f"{gate}.{key} {metrics[key]:.4f} rose above its ceiling {ceiling}"


def gates() -> tuple[str, ...]:
    """Return the names of every gate in the floors file."""
    return tuple(sorted(_all()))
