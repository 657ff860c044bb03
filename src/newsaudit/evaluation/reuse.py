"""Score text-reuse detection (``newsaudit eval reuse``) on COUNTER-layout pairs; fit it by grouped CV.

Each line of the pairs file is ``{"pair_id", "label": WD|PD|ND, "source": {...}, "derived": {...}}``
with ``text``, ``date`` (ISO or null) and ``outlet`` on each side. Metrics: 3-class macro-F1,
binary F1 (derived = WD or PD vs ND), and direction accuracy: over the gold-derived pairs, the
share where ``copies.direction`` names the source as the original.

CV groups follow the data card: pairs whose source texts, or whose derived texts, have the same
word sequence are one group (connected components), so a repeated agency text never sits on both
sides of a fold.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..corpus import copies as cp
from ..corpus.stories import parse_date
from ..errors import EvalDataError
from . import EvalResult, prf
from .files import jsonl_rows
from .stories import fit_weights

THRESHOLDS = tuple(round(0.3 + 0.05 * k, 2) for k in range(9))  # 0.30 ... 0.70
_WORD = re.compile(r"\w+")


def load_pairs(path: Path) -> list[dict[str, Any]]:
    """Return the pairs of a COUNTER-layout JSON Lines file."""
    pairs = []
    for k, row in jsonl_rows(path):
        ok = isinstance(row, dict) and row.get("label") in cp.LABELS
        if not ok or not all(
            isinstance(row.get(s), dict) and "text" in row[s] for s in ("source", "derived")
        ):
            raise EvalDataError(f"{path}:{k}: needs label (WD/PD/ND) and source/derived objects with text")
        pairs.append(row)
    if not pairs:
        raise EvalDataError(f"{path}: no pairs")
    return pairs


def reuse_groups(pairs: Sequence[dict[str, Any]]) -> list[str]:
    """Return each pair's CV group: linked by a shared source or derived word sequence."""
    parent = list(range(len(pairs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, p in enumerate(pairs):
        for side in ("source", "derived"):
            key = (side, " ".join(_WORD.findall(p[side]["text"])))
            j = first.setdefault(key, i)
            ra, rb = root(i), root(j)
            parent[max(ra, rb)] = min(ra, rb)
    ids = [str(p.get("pair_id", i)) for i, p in enumerate(pairs)]
    smallest: dict[int, str] = {}
    for i in range(len(pairs)):
        r = root(i)
        smallest[r] = min(smallest.get(r, ids[i]), ids[i])
    return [smallest[root(i)] for i in range(len(pairs))]


def macro_binary(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float]:
    """Return 3-class macro-F1 and binary (derived vs not) F1."""
    f1s = []
    for label in cp.LABELS:
        tp = sum(p == g == label for p, g in zip(pred, gold, strict=True))
        fp = sum(p == label != g for p, g in zip(pred, gold, strict=True))
        fn = sum(g == label != p for p, g in zip(pred, gold, strict=True))
        f1s.append(prf(tp, fp, fn)[2])
    tp = sum(p != "ND" and g != "ND" for p, g in zip(pred, gold, strict=True))
    fp = sum(p != "ND" and g == "ND" for p, g in zip(pred, gold, strict=True))
    fn = sum(p == "ND" and g != "ND" for p, g in zip(pred, gold, strict=True))
    return sum(f1s) / len(f1s), prf(tp, fp, fn)[2]


def fit_reuse(feats: np.ndarray, gold: Sequence[str]) -> cp.ReuseModel:
    """Fit both logistic stages, then the two thresholds that maximise macro-F1 on ``feats``."""
    y = np.array(gold, dtype=object)
    derived = fit_weights(feats, (y != "ND").astype(np.float64))
    mask = y != "ND"
    whole = fit_weights(feats[mask], (y[mask] == "WD").astype(np.float64))
    base = cp.ReuseModel(derived, whole)
    best = max(
        ((t1, t2) for t1 in THRESHOLDS for t2 in THRESHOLDS),
        key=lambda t: macro_binary(cp.ReuseModel(derived, whole, *t).classify(feats), gold)[0],
    )
    return cp.ReuseModel(base.derived, base.whole, *best)


def fold_of(group: str, folds: int) -> int:
    """Return the CV fold of a group (a stable hash)."""
    return int(hashlib.sha1(f"reuse-cv {group}".encode()).hexdigest(), 16) % folds


def direction_right(pair: dict[str, Any], feats: np.ndarray) -> tuple[bool, str]:
    """Return whether the direction rule names the source as the original, and how it decided."""
    side = [
        (pair[s]["text"], parse_date(pair[s].get("date")), str(pair[s].get("outlet") or ""))
        for s in ("source", "derived")
    ]
    who, how = cp.direction(side[0], side[1], feats)
    return who == 0, how


def evaluate(pairs_path: Path, cv_folds: int | None = None, limit: int | None = None) -> EvalResult:
    """Classify each pair (shipped model, or grouped CV) and score labels and direction."""
    pairs = load_pairs(pairs_path)[:limit] if limit else load_pairs(pairs_path)
    start = time.perf_counter()
    feats = np.vstack([cp.reuse_features(p["source"]["text"], p["derived"]["text"]) for p in pairs])
    gold = [str(p["label"]) for p in pairs]
    notes: list[str] = []
    if cv_folds:
        groups = reuse_groups(pairs)
        pred = [""] * len(pairs)
        for f in range(cv_folds):
            test = [i for i, g in enumerate(groups) if fold_of(g, cv_folds) == f]
            train = [i for i, g in enumerate(groups) if fold_of(g, cv_folds) != f]
            model = fit_reuse(feats[train], [gold[i] for i in train])
            notes.append(f"fold {f}: {model}")
            for i, lab in zip(test, model.classify(feats[test]), strict=True):
                pred[i] = lab
    else:
        pred = cp.DEFAULT_REUSE.classify(feats)
    macro, binary = macro_binary(pred, gold)
    derived = [i for i, g in enumerate(gold) if g != "ND"]
    decided = [direction_right(pairs[i], feats[i]) for i in derived]
    seconds = time.perf_counter() - start
    metrics = {
        "macro_f1": macro,
        "binary_f1": binary,
        "direction_accuracy": sum(ok for ok, _ in decided) / len(decided) if decided else 0.0,
        "direction_right": float(sum(ok for ok, _ in decided)),
        "derived_pairs": float(len(decided)),
        "pairs": float(len(pairs)),
        "pairs_per_second": len(pairs) / seconds if seconds else 0.0,
    }
    for how in ("date", "citation", "containment"):
        metrics[f"direction_by_{how}"] = float(sum(h == how for _, h in decided))
    how_run = f"grouped {cv_folds}-fold CV" if cv_folds else "shipped model"
    return EvalResult(f"Text reuse ({how_run}) on {pairs_path.name}", metrics, notes=notes)
