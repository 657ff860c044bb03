"""Evaluation commands: each returns an EvalResult printed as a table (+ JSON line).

Run as ``newsaudit eval <name> ...`` or ``python -m newsaudit.evaluation <name> ...``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
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


@dataclass
class CVChoice:
    """A setting chosen on all data, and the out-of-fold estimate of choosing it that way."""

    best: Any  # the candidate with the best metric on all items: the one to ship
    best_metric: float  # its (optimistic) metric on all items
    oof_metric: float  # pooled metric when each fold uses the candidate chosen on the other folds
    fold_choices: list[Any]  # the candidate chosen for each fold


def cv_select(
    n_items: int,
    candidates: Sequence[Any],
    metric: Callable[[dict[int, Any]], float],
    folds: int = 5,
    seed: int = 0,
    strata: Sequence[Any] | None = None,
) -> CVChoice:
    """Choose a setting (a threshold, a decoding rule) by k-fold cross-validation.

    ``metric`` takes ``{item index: candidate}`` and returns the pooled metric of those
    items, each decided with its own candidate. On each fold the candidate of best metric
    on the other folds is applied to the fold; the pooled result is the out-of-fold
    estimate, which does not reward a setting for fitting the items it is scored on.
    Ties go to the earlier candidate. ``strata`` (e.g. the gold labels) spreads each
    stratum evenly over the folds.
    """
    import random

    order = list(range(n_items))
    random.Random(seed).shuffle(order)
    if strata is not None:
        order.sort(key=lambda i: str(strata[i]))  # stable: shuffled within each stratum
    fold_of = {item: k % folds for k, item in enumerate(order)}

    def best_on(items: list[int]) -> Any:
        scores = [metric(dict.fromkeys(items, c)) for c in candidates]
        return candidates[max(range(len(candidates)), key=lambda j: (scores[j], -j))]

    choices = [best_on([i for i in order if fold_of[i] != f]) for f in range(folds)]
    oof = metric({i: choices[fold_of[i]] for i in order})
    best = best_on(order)
    return CVChoice(best, metric(dict.fromkeys(order, best)), oof, choices)
