"""Score story clustering (``newsaudit eval stories``) and fit its pair model by grouped CV.

Metrics (all over documents; a gold or predicted singleton is a cluster of one):

* B-cubed precision / recall / F1 (Bagga & Baldwin 1998): per document, the share of its
  predicted cluster that is in its gold cluster, and the reverse; averaged over documents.
* pair F1: precision and recall over the same-story document pairs.
* NMI (arithmetic-mean normalisation, as scikit-learn's default) and the adjusted Rand index.

``cross_validate`` is the tuning protocol: folds are whole groups (``--group-field``: the
ECB+ topic, which holds both same-kind events; the GVA incident group), the pair model and
threshold are fitted on the other folds and applied to the fold alone, and the folds' labels
are pooled (no gold cluster spans folds). The fold count makes each fold about the size of the
data set's held-out part, so the figure is comparable with the issue's held-out baselines.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..corpus import stories as st
from ..errors import EvalDataError
from . import EvalResult
from .files import jsonl_rows

THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 17))  # 0.05 ... 0.80
RIDGE = 1e-2


def _comb2(x: np.ndarray) -> float:
    return float((x * (x - 1) / 2).sum())


def cluster_metrics(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """Return B-cubed P/R/F1, pair P/R/F1, NMI and ARI of a predicted labelling against gold."""
    n = len(gold)
    if n == 0 or len(pred) != n:
        raise EvalDataError(f"cannot score {len(pred)} predicted labels against {n} gold labels")
    _, p = np.unique(np.array([str(x) for x in pred]), return_inverse=True)
    _, g = np.unique(np.array([str(x) for x in gold]), return_inverse=True)
    cells, counts = np.unique(np.stack([p, g], axis=1), axis=0, return_counts=True)
    psize, gsize = np.bincount(p).astype(float), np.bincount(g).astype(float)
    c = counts.astype(float)
    b_p = float((c * c / psize[cells[:, 0]]).sum() / n)
    b_r = float((c * c / gsize[cells[:, 1]]).sum() / n)
    tp, pp, gp = _comb2(c), _comb2(psize), _comb2(gsize)
    pair_p = tp / pp if pp else 1.0
    pair_r = tp / gp if gp else 1.0
    total = n * (n - 1) / 2
    expected = pp * gp / total if total else 0.0
    denom = (pp + gp) / 2 - expected
    ari = (tp - expected) / denom if denom else 1.0
    return {
        "bcubed_precision": b_p,
        "bcubed_recall": b_r,
        "bcubed_f1": _f(b_p, b_r),
        "pair_precision": pair_p,
        "pair_recall": pair_r,
        "pair_f1": _f(pair_p, pair_r),
        "nmi": _nmi(c, cells, psize, gsize, n),
        "ari": float(ari),
    }


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _nmi(c: np.ndarray, cells: np.ndarray, psize: np.ndarray, gsize: np.ndarray, n: int) -> float:
    mi = float((c / n * np.log(c * n / (psize[cells[:, 0]] * gsize[cells[:, 1]]))).sum())
    hp = float(-(psize / n * np.log(psize / n)).sum())
    hg = float(-(gsize / n * np.log(gsize / n)).sum())
    if hp == 0 and hg == 0:
        return 1.0
    return mi / ((hp + hg) / 2) if hp + hg else 0.0


def load_jsonl(
    path: Path, truth_field: str, group_field: str | None = None
) -> tuple[list[st.StoryDoc], list[str], list[str]]:
    """Return documents, gold labels and CV groups (the gold label when no group field)."""
    docs, gold, groups = [], [], []
    for k, row in jsonl_rows(path):
        if not isinstance(row, dict) or "text" not in row or truth_field not in row:
            raise EvalDataError(f"{path}:{k}: needs the fields 'text' and {truth_field!r}")
        docs.append(_doc(row, k))
        gold.append(str(row[truth_field]))
        groups.append(str(row.get(group_field, row[truth_field])) if group_field else gold[-1])
    if not docs:
        raise EvalDataError(f"{path}: no documents")
    return docs, gold, groups


def _doc(row: dict[str, Any], k: int) -> st.StoryDoc:
    return st.StoryDoc(
        id=str(row.get("id", row.get("doc_id", k))),
        text=str(row.get("text") or ""),
        title=str(row.get("title") or ""),
        date=st.parse_date(row.get("date")),
        site=str(row.get("site") or ""),
    )


def fit_weights(feats: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    """Fit a ridge logistic regression by Newton's method; return weights then bias."""
    x = np.column_stack([feats, np.ones(len(feats))])
    w = np.zeros(x.shape[1])
    reg = RIDGE * np.eye(x.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(50):
        prob = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (prob - y) + reg @ w
        hess = (x * (prob * (1 - prob))[:, None]).T @ x + reg + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return tuple(round(float(v), 4) for v in w)


def objective(m: dict[str, float]) -> float:
    """Return what the threshold search maximises: the mean of B-cubed F1 and ARI."""
    return (m["bcubed_f1"] + m["ari"]) / 2


def fit_model(
    docs: Sequence[st.StoryDoc], gold: Sequence[str], base: st.StoryModel = st.DEFAULT_MODEL
) -> st.StoryModel:
    """Fit the pair weights on candidate pairs, then the threshold that clusters ``docs`` best."""
    rep = st.represent(docs)
    pairs = st.candidate_pairs(rep, base.block_terms, base.max_block)
    feats = st.pair_features(rep, pairs)
    labels = np.array(gold, dtype=object)
    y = (labels[pairs[:, 0]] == labels[pairs[:, 1]]).astype(np.float64)
    first = fit_weights(feats, y)
    feats2 = st.features2(rep, pairs, first)
    model = st.StoryModel(first, fit_weights(feats2, y), base.threshold, base.block_terms, base.max_block)
    sims = st.logistic(feats2, model.weights)
    best = max(
        THRESHOLDS,
        key=lambda t: (objective(cluster_metrics(st.average_linkage(len(docs), pairs, sims, t), gold)), -t),
    )
    return st.with_threshold(model, best)


def fold_of(group: str, folds: int) -> int:
    """Return the CV fold of a group (a stable hash, independent of order)."""
    return int(hashlib.sha1(f"stories-cv {group}".encode()).hexdigest(), 16) % folds


def cross_validate(
    docs: Sequence[st.StoryDoc], gold: Sequence[str], groups: Sequence[str], folds: int
) -> tuple[list[str], list[st.StoryModel]]:
    """Return out-of-fold labels (fold-prefixed) and the model fitted for each fold."""
    pred = [""] * len(docs)
    models = []
    for f in range(folds):
        test = [i for i, g in enumerate(groups) if fold_of(g, folds) == f]
        train = [i for i, g in enumerate(groups) if fold_of(g, folds) != f]
        model = fit_model([docs[i] for i in train], [gold[i] for i in train])
        models.append(model)
        labels = st.cluster_labels([docs[i] for i in test], model)
        for i, lab in zip(test, labels, strict=True):
            pred[i] = f"{f}:{lab}"
    return pred, models


def evaluate(
    jsonl: Path,
    truth_field: str,
    group_field: str | None = None,
    cv_folds: int | None = None,
    limit: int | None = None,
) -> EvalResult:
    """Cluster the documents of ``jsonl`` (shipped model, or grouped CV) and score against gold."""
    docs, gold, groups = load_jsonl(jsonl, truth_field, group_field)
    if limit:
        docs, gold, groups = docs[:limit], gold[:limit], groups[:limit]
    start = time.perf_counter()
    notes = []
    if cv_folds:
        pred, models = cross_validate(docs, gold, groups, cv_folds)
        notes += [
            f"fold {k}: threshold {m.threshold}, first {m.first}, weights {m.weights}"
            for k, m in enumerate(models)
        ]
    else:
        pred = [str(x) for x in st.cluster_labels(docs, st.DEFAULT_MODEL)]
    seconds = time.perf_counter() - start
    metrics = cluster_metrics(pred, gold)
    singletons = cluster_metrics([str(i) for i in range(len(gold))], gold)
    metrics.update(
        documents=float(len(docs)),
        clusters=float(len(set(pred))),
        gold_clusters=float(len(set(gold))),
        singleton_bcubed_f1=singletons["bcubed_f1"],
        seconds=seconds,
        docs_per_second=len(docs) / seconds if seconds else 0.0,
    )
    how = f"grouped {cv_folds}-fold CV by {group_field or truth_field}" if cv_folds else "shipped model"
    return EvalResult(f"Story clustering ({how}) on {jsonl.name}", metrics, notes=notes)
