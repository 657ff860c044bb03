"""Does the audit separate credible from fake articles? (FA-KES, issue 5 item 5)

Every article is audited; we report the ROC AUC of the sourcing score alone (credible = 1), and
of a small logistic regression over the audit's features under stratified k-fold
cross-validation. No number is promised: FA-KES labels come from casualty-count agreement with
a reference database, not from sourcing, so this measures how far sourcing tracks credibility.
The regression is fitted with NumPy (a few features, L2, gradient descent), so the evaluation
needs no extra dependency.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EvalDataError, NewsauditError
from . import EvalResult

FEATURES = (
    "score",
    "attributions_per_1000_words",
    "share_unnamed",
    "share_on_record",
    "share_outlet",
    "relayed",
    "denials",
    "hedges_per_1000_words",
    "techniques_per_1000_words",
    "claims_share",
    "own_voice_claims_share",
)
FOLDS = 5
L2 = 1.0
STEPS = 2000
RATE = 0.1


def features(report: dict[str, Any]) -> list[float]:
    """Return the audit features of one report, in ``FEATURES`` order."""
    words = max(len(report["text"].split()), 1)
    attrs = report["attributions"]
    types = [a["source"]["type"] for a in attrs]
    n = max(len(attrs), 1)
    claims = report.get("claims", [])
    sentences = max(report["text"].count(". ") + 1, 1)
    return [
        float(report["score"]["value"] or 0),
        1000 * len(attrs) / words,
        sum(t in ("anonymous", "unnamed_official") for t in types) / n,
        sum(t in ("named_person", "named_organization", "document") for t in types) / n,
        types.count("media_outlet") / n,
        float(sum(1 for a in attrs if a["parent"])),
        float(len(report["denials"])),
        1000 * len(report.get("hedges", [])) / words,
        1000 * len(report["techniques"]) / words,
        len(claims) / sentences,
        sum(1 for c in claims if not c["attributions"]) / max(len(claims), 1),
    ]


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Return the ROC AUC (probability a positive outranks a negative; ties count half)."""
    y = np.asarray(labels)
    s = np.asarray(scores, dtype=float)
    order = s.argsort(kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = int(y.sum())
    neg = len(y) - pos
    if not pos or not neg:
        raise EvalDataError("both classes are needed for a ROC AUC")
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    w = np.zeros(x.shape[1] + 1)
    xb = np.hstack([x, np.ones((len(x), 1))])
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) / len(y) + L2 * np.r_[w[:-1], 0] / len(y)
        w -= RATE * grad
    return w


def cross_validated_auc(x: np.ndarray, y: np.ndarray, folds: int = FOLDS) -> float:
    """Return the AUC of out-of-fold logistic-regression scores (stratified, fixed order)."""
    scores = np.zeros(len(y))
    fold_of = np.zeros(len(y), dtype=int)
    for label in (0, 1):
        idx = np.flatnonzero(y == label)
        fold_of[idx] = np.arange(len(idx)) % folds
    for k in range(folds):
        train, test = fold_of != k, fold_of == k
        mu, sd = x[train].mean(0), x[train].std(0) + 1e-9
        w = _fit((x[train] - mu) / sd, y[train])
        xt = (x[test] - mu) / sd
        scores[test] = np.hstack([xt, np.ones((len(xt), 1))]) @ w
    return roc_auc(y.tolist(), scores.tolist())


def evaluate(jsonl: Path, limit: int | None = None) -> EvalResult:
    """Audit every FA-KES article and report how well the audit separates credible from fake."""
    from ..api import audit

    rows = [json.loads(line) for line in Path(jsonl).read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise EvalDataError(f"{jsonl} has no articles")
    x, y, refused = [], [], 0
    for row in rows[:limit]:
        text = f"{row.get('article_title', '')}\n\n{row.get('article_content', '')}"
        try:
            report = audit(text).to_dict()
        except NewsauditError:
            refused += 1
            continue
        x.append(features(report))
        y.append(int(row["label"]))
    xs, ys = np.asarray(x), np.asarray(y)
    score_auc = roc_auc(y, xs[:, 0].tolist())
    cv_auc = cross_validated_auc(xs, ys)
    metrics = {
        "score_auc": score_auc,
        "cv_auc": cv_auc,
        "articles": float(len(y)),
        "refused": float(refused),
        "credible_share": float(ys.mean()),
    }
    per_feature = [(name, f"{roc_auc(y, xs[:, i].tolist()):.3f}") for i, name in enumerate(FEATURES)]
    rows_out = [
        ("sourcing score alone", f"{score_auc:.3f}"),
        (f"logistic regression, {FOLDS}-fold CV", f"{cv_auc:.3f}"),
        *per_feature,
    ]
    notes = [
        f"{len(y)} articles ({ys.mean():.0%} credible), {refused} refused; AUC > 0.5 means higher values go with credible articles"
    ]
    return EvalResult(
        "Credible vs fake (FA-KES): ROC AUC", metrics, rows_out, ("predictor", "ROC AUC"), notes
    )
