"""Evaluation commands: each returns an EvalResult printed as a table (+ JSON line).

Run as ``newsaudit eval <name> ...`` or ``python -m newsaudit.evaluation <name> ...``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class EvalResult:
    """Metrics of one evaluation run: a table for people, a flat dict for machines."""

    title: str
    metrics: dict[str, float]
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)
    header: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def table(self) -> Any:
        """Return a rich Table of the rows (or of the metrics when no rows)."""
        from rich.table import Table

        table = Table(title=self.title)
        header = self.header or ("metric", "value")
        for col in header:
            table.add_column(col)
        rows = self.rows or [
            (k, f"{v:.4f}" if isinstance(v, float) else str(v)) for k, v in self.metrics.items()
        ]
        for row in rows:
            table.add_row(*row)
        return table

    def print(self, as_json: bool = False) -> None:
        """Print the table and notes, and with ``as_json`` a last line of JSON metrics."""
        from rich.console import Console

        Console(highlight=False).print(self.table())
        for note in self.notes:
            print(note)
        if as_json:
            print(self.json_line())

    def json_line(self) -> str:
        """Return the metrics as one line of JSON."""
        return json.dumps(
            {k: round(v, 4) if isinstance(v, float) else v for k, v in self.metrics.items()}, sort_keys=True
        )


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Return precision, recall and F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
