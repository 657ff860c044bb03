"""Check the score's independence / corroboration / balance weights on a ledger batch.

Audits every ``NN_slug.txt`` of ``--dir`` once (every component but scoring), then, for a grid
of the new weights, scores the articles again and measures the rank concordance of score vs the
gold ``sourcing_tier`` (pairs of different tiers; ties count half). Grouped by article:
leave-one-article-out, the setting is chosen on the other articles' pairs (ties broken toward
the shipped weights) and scored on the held-out article's pairs.

    .venv/bin/python training/check_score_weights.py --dir tests/fixtures/ledger/dev_batch
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
from collections.abc import Sequence
from pathlib import Path

from newsaudit.article import Article
from newsaudit.components import scoring
from newsaudit.ingest.text import decode_text
from newsaudit.pipeline import Pipeline
from newsaudit.settings import DEFAULT_COMPONENTS, Settings

GRID: dict[str, tuple[float, ...]] = {
    "self_share": (-10.0, -18.0, -25.0),
    "loaded_label": (-3.0, -4.0, -5.0),
    "one_sided": (-12.0, -16.0, -20.0),
    "corroborated": (5.0, 10.0),
    "response_heard": (3.0, 6.0),
}
Pair = tuple[int, int]


def audited(folder: Path) -> list[tuple[int, Article]]:
    """Return (gold tier, article audited up to scoring) for every article of ``folder``."""
    names = tuple(c for c in DEFAULT_COMPONENTS if c != "scoring")
    pipe = Pipeline.from_settings(Settings(components=names)).load()
    out = []
    for gold in sorted(folder.glob("*.json")):
        text = decode_text(gold.with_suffix(".txt").read_bytes(), max_bytes=2_000_000)
        out.append(
            (
                int(json.loads(gold.read_text(encoding="utf-8"))["sourcing_tier"]),
                pipe(Article(raw=text, text=text)),
            )
        )
    return out


def values(items: Sequence[tuple[int, Article]], weights: dict[str, float]) -> list[int]:
    """Return each article's score under ``weights`` (the rest of WEIGHTS as shipped)."""
    shipped = dict(scoring.WEIGHTS)
    try:
        scoring.WEIGHTS.update(weights, loaded_label_cap=4 * weights["loaded_label"])
        return [scoring.score_article(a)[0].value for _, a in items]
    finally:
        scoring.WEIGHTS.clear()
        scoring.WEIGHTS.update(shipped)


def concordance(tiers: Sequence[int], scores: Sequence[int], pairs: Sequence[Pair]) -> tuple[float, int]:
    """Return (concordant pair credit, pairs counted) over pairs of different tiers."""
    good, n = 0.0, 0
    for i, j in pairs:
        if tiers[i] == tiers[j]:
            continue
        lo, hi = (i, j) if tiers[i] < tiers[j] else (j, i)
        n += 1
        good += 1.0 if scores[lo] < scores[hi] else 0.5 if scores[lo] == scores[hi] else 0.0
    return good, n


def main(argv: list[str] | None = None) -> int:
    """Print in-sample concordance over the grid and the leave-one-article-out figure."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args(argv)
    items = audited(args.dir)
    tiers = [t for t, _ in items]
    shipped = {k: scoring.WEIGHTS[k] for k in GRID}
    table = [
        (w, values(items, w))
        for w in (dict(zip(GRID, c, strict=True)) for c in itertools.product(*GRID.values()))
    ]
    n = len(items)
    every = [(i, j) for i in range(n) for j in range(i + 1, n)]

    def rate(scores: Sequence[int], pairs: Sequence[Pair]) -> float:
        good, count = concordance(tiers, scores, pairs)
        return good / count if count else 0.0

    def distance(w: dict[str, float]) -> float:
        return sum(abs(w[k] - shipped[k]) / abs(shipped[k]) for k in GRID)

    good = count = 0.0
    picks = 0
    for held in range(n):
        train = [p for p in every if held not in p]
        best = max(table, key=lambda t: (rate(t[1], train), -distance(t[0])))
        g, c = concordance(tiers, best[1], [p for p in every if held in p])
        good, count, picks = good + g, count + c, picks + (best[0] == shipped)
    rates = [rate(v, every) for _, v in table]
    in_sample = rate(next(v for w, v in table if w == shipped), every)
    print(f"articles {n}, grid {len(table)} settings")
    print(f"shipped {shipped}: in-sample concordance {in_sample:.3f}")
    print(f"grid concordance min {min(rates):.3f} median {statistics.median(rates):.3f} max {max(rates):.3f}")
    for w, v in table:
        if rate(v, every) == max(rates):
            print(f"best in-sample ({max(rates):.3f}): {w}")
    print(
        f"leave-one-article-out concordance {good / count:.3f}; shipped setting chosen in {picks}/{n} folds"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
