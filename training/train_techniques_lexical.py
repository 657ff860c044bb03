"""Train the lexical technique classifier that joins the shared encoder's TC head.

Reproduce (about 3 minutes on one CPU thread; writes ``src/newsaudit/models/techniques/lexical.npz``)::

    /work/trainenv/bin/python training/train_techniques_lexical.py --data ../shared/data/ptc-semeval2020

Needs scikit-learn (the ``train`` extra) for the logistic regression; the shipped model
is plain NumPy arrays read by ``newsaudit.components.techniques.lexical``.

Steps:

1. Features of every gold span of the *training split* (articles outside the PTC dev groups
   of ``newsaudit.evaluation.groups``, the split the shared encoder trains on):
   ``span_terms`` (word 1-2-grams, character 2-5-grams of words, length), sublinear TF-IDF,
   L2-normalised, over terms seen in at least ``--min-df`` training spans.
2. A multinomial logistic regression; C chosen by 5-fold cross-validation over training
   article groups (accuracy on gold spans, the TC measure).

Its weight against the head is chosen by ``training/select_encoder.py`` (grouped CV over dev).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from newsaudit.components.techniques import MODEL_DIR, TECHNIQUES  # noqa: E402
from newsaudit.components.techniques.lexical import span_terms  # noqa: E402
from newsaudit.evaluation.groups import ptc_groups, ptc_is_dev  # noqa: E402
from newsaudit.evaluation.techniques import read_articles, read_labels  # noqa: E402

C_GRID = (1.0, 3.0, 10.0, 30.0)


def gold_spans(data: Path, dev: bool) -> list[tuple[str, str, int, int, str]]:
    """Return (group id, technique, start, end, article text) of the gold spans of one split."""
    texts = read_articles(data / "train-articles")
    labels = read_labels(data / "train-task2-TC.labels")
    groups = ptc_groups(texts)
    return [
        (groups[aid], tech, s, e, texts[aid])
        for aid in sorted(texts)
        if ptc_is_dev(groups[aid]) == dev
        for tech, s, e in labels.get(aid, [])
    ]


def design(
    spans: list[str], min_df: int, fitted: tuple[dict[str, int], np.ndarray] | None = None
) -> tuple[Any, dict[str, int], np.ndarray]:
    """Return the TF-IDF matrix of ``spans``, the vocabulary and the idf (fitted unless given)."""
    from scipy.sparse import csr_matrix

    terms = [span_terms(s) for s in spans]
    if fitted is None:
        df: Counter[str] = Counter(t for row in terms for t in row)
        vocab = {t: i for i, t in enumerate(sorted(t for t, n in df.items() if n >= min_df))}
        counts = np.zeros(len(vocab))
        for t, n in df.items():
            if t in vocab:
                counts[vocab[t]] = n
        idf = np.log((1 + len(spans)) / (1 + counts)) + 1.0  # scikit-learn's smooth idf
    else:
        vocab, idf = fitted
    rows, cols, vals = [], [], []
    for r, row in enumerate(terms):
        known = [(vocab[t], 1.0 + math.log(n)) for t, n in row.items() if t in vocab]
        if not known:
            continue
        c = np.array([k for k, _ in known])
        v = np.array([x for _, x in known]) * idf[c]
        norm = np.linalg.norm(v)
        rows += [r] * len(c)
        cols += c.tolist()
        vals += (v / norm).tolist()
    return csr_matrix((vals, (rows, cols)), shape=(len(spans), len(vocab))), vocab, idf


def fit(
    train: list[tuple[str, str, int, int, str]], c: float, min_df: int
) -> tuple[Any, dict[str, int], np.ndarray]:
    """Fit the logistic regression on gold spans; return it with its vocabulary and idf."""
    from sklearn.linear_model import LogisticRegression

    x, vocab, idf = design([text[s:e] for _, _, s, e, text in train], min_df)
    y = [TECHNIQUES.index(tech) for _, tech, _, _, _ in train]
    return LogisticRegression(C=c, max_iter=5000).fit(x, y), vocab, idf


def choose_c(train: list[tuple[str, str, int, int, str]], min_df: int) -> dict[str, float]:
    """Return the cross-validated accuracy of each C (5 folds over training article groups)."""
    ids = sorted({row[0] for row in train})
    fold = {aid: k % 5 for k, aid in enumerate(ids)}
    result = {}
    for c in C_GRID:
        right = 0
        for f in range(5):
            part = [row for row in train if fold[row[0]] != f]
            held = [row for row in train if fold[row[0]] == f]
            lr, vocab, idf = fit(part, c, min_df)
            x, _, _ = design([text[s:e] for _, _, s, e, text in held], min_df, (vocab, idf))
            pred = lr.predict(x)
            right += sum(int(p) == TECHNIQUES.index(row[1]) for p, row in zip(pred, held, strict=True))
        result[str(c)] = right / len(train)
        print(f"C {c}: CV accuracy {result[str(c)]:.4f}", flush=True)
    return result


def save(lr: Any, vocab: dict[str, int], idf: np.ndarray, out: Path) -> int:
    """Write the vocabulary, idf, weights and biases (terms with no weight dropped); return the size."""
    full = np.zeros((len(vocab), len(TECHNIQUES)), dtype=np.float32)
    full[:, lr.classes_] = lr.coef_.T
    bias = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)
    bias[lr.classes_] = lr.intercept_
    keep = np.abs(full).max(axis=1) >= 1e-3
    terms = sorted(vocab, key=vocab.get)  # type: ignore[arg-type]
    np.savez_compressed(
        out / "lexical.npz",
        vocab=np.array([t for t, k in zip(terms, keep, strict=True) if k]),
        idf=idf[keep].astype(np.float32),
        weights=full[keep].astype(np.float16),
        bias=bias,
    )
    return int(keep.sum())


def main() -> None:
    """Fit and save."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ptc-semeval2020")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--c", type=float, default=None, help="skip the C search and use this C")
    args = ap.parse_args()
    train = gold_spans(args.data, dev=False)
    scores = choose_c(train, args.min_df) if args.c is None else {}
    c = args.c if args.c is not None else float(max(scores.items(), key=lambda kv: kv[1])[0])
    lr, vocab, idf = fit(train, c, args.min_df)
    kept = save(lr, vocab, idf, args.out)
    print(json.dumps({"c": c, "cv_accuracy": scores, "spans": len(train), "terms_kept": kept}), flush=True)


if __name__ == "__main__":
    main()
