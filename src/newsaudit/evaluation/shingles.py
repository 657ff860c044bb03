"""Score extracted text against gold text by word-4-gram shingles.

This is the metric of the ScrapingHub article-extraction benchmark
(``scrapinghub/article-extraction-benchmark``, ``evaluate.py``, MIT licence),
reimplemented to the letter so numbers are comparable with published ones:

* tokens are ``re.findall(r"\\w+", text)``, case-sensitive;
* shingles are the 4-grams of tokens, counted as a multiset; a text with fewer
  than four tokens gives one shorter shingle, an empty text none;
* per page, ``tp``/``fp``/``fn`` are summed over shingles and then divided by
  ``tp + fp + fn`` so that a long page weighs no more than a short one;
* corpus precision is the mean page precision over pages with ``tp + fp > 0``,
  corpus recall the mean page recall over pages with ``tp + fn > 0``, and F1 the
  harmonic mean of those two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from statistics import mean

TpFpFn = tuple[float, float, float]

# The benchmark's own pattern (its IGNORECASE flag has no effect on \w).
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
NGRAM_N = 4


def tokenize(text: str) -> list[str]:
    """Return the benchmark's tokens of ``text``: runs of word characters."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = NGRAM_N) -> Counter[tuple[str, ...]]:
    """Return the multiset of ``n``-token shingles of ``text``."""
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def string_shingle_matching(true: str, pred: str, n: int = NGRAM_N) -> TpFpFn:
    """Return the page's ``(tp, fp, fn)`` shingle counts, normalised to sum to 1."""
    true_counts, pred_counts = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in true_counts.keys() | pred_counts.keys():
        t, p = true_counts.get(key, 0), pred_counts.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def precision_score(tp: float, fp: float, fn: float) -> float:
    """Return page precision: 1 when nothing is wrong, 0 when nothing is predicted."""
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    """Return page recall: 1 when nothing is wrong, 0 when nothing is found."""
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics_from_counts(counts: Iterable[TpFpFn]) -> tuple[float, float, float]:
    """Return corpus ``(precision, recall, f1)`` from per-page normalised counts."""
    rows = list(counts)
    # A page only votes on precision when something was predicted, on recall when
    # there was something to find: the benchmark's definition.
    precisions = [precision_score(*c) for c in rows if c[0] + c[1] > 0]
    recalls = [recall_score(*c) for c in rows if c[0] + c[2] > 0]
    p = mean(precisions) if precisions else 0.0
    r = mean(recalls) if recalls else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def compare_systems(
    systems: Sequence[tuple[str, str, Sequence[TpFpFn]]],
) -> tuple[dict[str, float], list[tuple[str, ...]]]:
    """Return metrics and table rows for ``(name, metric prefix, page counts)`` systems.

    The first system's keys are bare (``precision``, ``recall``, ``f1``); the others are
    prefixed (``baseline_f1`` ...).
    """
    metrics: dict[str, float] = {}
    rows: list[tuple[str, ...]] = []
    for name, prefix, counts in systems:
        p, r, f = metrics_from_counts(counts)
        metrics.update({f"{prefix}precision": p, f"{prefix}recall": r, f"{prefix}f1": f})
        rows.append((name, f"{p:.4f}", f"{r:.4f}", f"{f:.4f}"))
    return metrics, rows


def score_pages(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """Return corpus ``(precision, recall, f1)`` of ``(true, pred)`` text pairs."""
    return metrics_from_counts(string_shingle_matching(t, p) for t, p in pairs)
