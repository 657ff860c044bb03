"""Choose the cue threshold of the source ledger by cross-validation grouped by article.

The ledger's spans come from rules over the parse; the learned part is the cue scorer and its
decision threshold. This script scores the whole ledger (``find_attributions``) on every
PolNeAR **train** article at each candidate threshold, then picks the threshold by 5-fold
cross-validation over articles (``newsaudit.evaluation.cv_select``: each fold is decided with
the threshold best on the other four), so the figure printed is out-of-fold. The metric is
the mean of source span-overlap F1 and content token F1 (the two targets of issue 10).
With ``--crossfit`` the cue model itself is refit on the other four folds for each fold, so no
article is scored by a model that was trained on it (the grouped-CV figure of the ledger).

    .venv/bin/python training/cv_attribution.py ../shared/data/polnear/train --cache /tmp/polnear-train.spacy

Dev is never read here; run ``newsaudit eval attribution --split .../dev`` after.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsaudit.components.attribution import find_attributions
from newsaudit.components.attribution.cues import CueModel, load_model
from newsaudit.evaluation import cv_select
from newsaudit.evaluation.attribution import Tally, metrics_of, read_brat, score_article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_attribution import examples, fit, parse_split, to_model

THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45)


def article_tallies(
    data: list[tuple[Any, Path]], threshold: float, models: list[CueModel] | None = None
) -> list[Tally]:
    """Return one Tally per article for the ledger found at ``threshold``.

    ``models`` (cross-fitting): article ``i`` is scored with ``models[i]``, a cue model that
    never saw it; without them, the shipped model (fit on all of train) scores every article.
    """
    shipped = load_model()
    out = []
    for i, (doc, ann) in enumerate(data):
        model = replace(models[i] if models else shipped, threshold=threshold)
        tally = Tally()
        score_article(doc.text, find_attributions(doc.text, doc, model), read_brat(ann), tally)
        tally.add("articles", 1)
        out.append(tally)
    return out


def crossfit_models(data: list[tuple[Any, Path]], folds: int = 5) -> list[CueModel]:
    """Return, per article, the cue model fit (C=0.3, as shipped) on the other folds' articles."""
    order = _fold_order(len(data))
    fold_of = {item: k % folds for k, item in enumerate(order)}
    per_fold = []
    for f in range(folds):
        xs, ys = examples([d for i, d in enumerate(data) if fold_of[i] != f])
        vec, lr = fit(xs, ys, 0.3)
        per_fold.append(to_model(vec, lr, load_model().threshold, {"fold": f}))
        print(f"fold {f}: fit on {len(ys)} candidates", flush=True)
    return [per_fold[fold_of[i]] for i in range(len(data))]


def pooled(tallies: list[Tally]) -> dict[str, float]:
    """Return the metrics of the sum of some article tallies."""
    total = Tally()
    for t in tallies:
        for k, v in t.counts.items():
            total.add(k, v)
    return metrics_of(total)


def objective(m: dict[str, float]) -> float:
    return (m["source_f1_overlap"] + m["content_f1_token"]) / 2


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir", type=Path)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--thresholds", type=float, nargs="*", default=list(THRESHOLDS))
    ap.add_argument(
        "--crossfit",
        action="store_true",
        help="refit the cue model on the other folds for each article (honest out-of-fold figures)",
    )
    args = ap.parse_args(argv)
    data = parse_split(args.train_dir, args.cache)
    models = crossfit_models(data) if args.crossfit else None
    by_t = {t: article_tallies(data, t, models) for t in args.thresholds}
    for t, tallies in by_t.items():
        m = pooled(tallies)
        print(
            f"threshold {t:.2f}: source overlap F1 {m['source_f1_overlap']:.4f}, "
            f"content token F1 {m['content_f1_token']:.4f}, source linked {m['source_f1_linked']:.4f}"
        )

    def metric(choice: dict[int, Any]) -> float:
        return objective(pooled([by_t[t][i] for i, t in choice.items()]))

    cv = cv_select(len(data), list(args.thresholds), metric, folds=5, seed=0)
    oof = pooled([by_t[cv.fold_choices[k % 5]][i] for k, i in enumerate(_fold_order(len(data)))])
    print(
        json.dumps(
            {
                "best": cv.best,
                "fold_choices": cv.fold_choices,
                "oof_objective": round(cv.oof_metric, 4),
                "oof_source_f1_overlap": round(oof["source_f1_overlap"], 4),
                "oof_content_f1_token": round(oof["content_f1_token"], 4),
            }
        )
    )


def _fold_order(n: int) -> list[int]:
    """Return the item order cv_select uses (same seed), so fold k holds order[k::5]."""
    import random

    order = list(range(n))
    random.Random(0).shuffle(order)
    return order


if __name__ == "__main__":
    main()
