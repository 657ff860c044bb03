"""Train the lexical technique classifier and choose its weight against the encoder's TC head.

Reproduce (about 2 minutes on one CPU thread; writes ``lexical.npz`` and updates
``config.json`` in src/newsaudit/models/techniques/)::

    .venv/bin/python training/train_techniques_lexical.py --data ../shared/data/ptc-semeval2020

Needs scikit-learn (the ``train`` extra) for the logistic regression; the shipped model
is plain NumPy arrays read by ``newsaudit.components.techniques.lexical``.

Steps:

1. Features of every gold span of the *training split* (articles not in our dev split):
   ``span_terms`` (word 1-2-grams, character 2-5-grams of words, length), sublinear TF-IDF,
   L2-normalised, over terms seen in at least ``--min-df`` training spans.
2. A multinomial logistic regression; C chosen by 5-fold cross-validation over training
   articles (accuracy on gold spans, the TC measure).
3. The weight ``w`` of ``head log-probabilities + w * lexical log-probabilities``: the gold
   spans of our *dev split* are scored through the shipped encoder and both classifiers,
   and ``w`` is chosen by 5-fold cross-validation over dev articles
   (``newsaudit.evaluation.cv_select``); the out-of-fold TC accuracy is written to
   ``config.json`` as the honest figure for that choice. ``--weight-only`` redoes this
   step alone (after the encoder is retrained).
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

from newsaudit.article import Span  # noqa: E402
from newsaudit.components.techniques import MODEL_DIR, TECHNIQUES, TechniqueModel, tokenize_windows  # noqa: E402
from newsaudit.components.techniques.lexical import LexicalTC, span_terms  # noqa: E402
from newsaudit.evaluation import cv_select  # noqa: E402
from newsaudit.evaluation.techniques import is_dev, line_sentences, read_articles, read_labels  # noqa: E402

C_GRID = (1.0, 3.0, 10.0, 30.0)
WEIGHT_GRID = tuple(round(0.25 * k, 2) for k in range(0, 11))  # 0 (head alone) .. 2.5


def gold_spans(data: Path, dev: bool) -> list[tuple[str, str, int, int, str]]:
    """Return (article id, technique, start, end, article text) of the gold spans of one split."""
    texts = read_articles(data / "train-articles")
    labels = read_labels(data / "train-task2-TC.labels")
    return [
        (aid, tech, s, e, texts[aid])
        for aid in sorted(texts)
        if is_dev(aid) == dev
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
    """Return the cross-validated accuracy of each C (5 folds over training articles)."""
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


def head_log_probs(dev: list[tuple[str, str, int, int, str]], model: TechniqueModel) -> np.ndarray:
    """Return the encoder TC head's log-probabilities for each dev gold span."""
    out = np.zeros((len(dev), len(TECHNIQUES)), dtype=np.float32)
    cache: dict[str, tuple[list[Any], list[np.ndarray]]] = {}
    for k, (aid, _, s, e, text) in enumerate(dev):
        if aid not in cache:
            windows = tokenize_windows(model.tokenizer, text, [Span(a, b) for a, b in line_sentences(text)])
            cache[aid] = (windows, model.encode(windows))
        windows, hidden = cache[aid]
        logits = [
            lg
            for w, h in zip(windows, hidden, strict=True)
            if (lg := model.technique_logits(text, s, e, w, h)) is not None
        ]
        mean = np.mean(logits, axis=0) if logits else np.zeros(len(TECHNIQUES))
        out[k] = mean - mean.max() - np.log(np.exp(mean - mean.max()).sum())
    return out


def choose_weight(data: Path, out: Path) -> dict[str, Any]:
    """Choose the lexical weight by 5-fold CV over dev articles; write it to config.json."""
    dev = gold_spans(data, dev=True)
    head = head_log_probs(dev, TechniqueModel(out))
    lexical = LexicalTC(out / "lexical.npz")
    lex = np.stack([lexical.log_probs(text[s:e]) for _, _, s, e, text in dev])
    gold = np.array([TECHNIQUES.index(tech) for _, tech, _, _, _ in dev])
    ids = sorted({row[0] for row in dev})
    spans_of: dict[int, list[int]] = {i: [] for i in range(len(ids))}
    for k, row in enumerate(dev):
        spans_of[ids.index(row[0])].append(k)

    def accuracy(assign: dict[int, float]) -> float:
        rows = [(k, w) for art, w in assign.items() for k in spans_of[art]]
        return sum(int(np.argmax(head[k] + w * lex[k]) == gold[k]) for k, w in rows) / max(len(rows), 1)

    choice = cv_select(len(ids), WEIGHT_GRID, accuracy, folds=5, seed=0)
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    config["lexical_weight"] = choice.best
    config["lexical_selection"] = {
        "on": "our PTC dev split, 5-fold cross-validation over articles (seed 0)",
        "fold_weights": choice.fold_choices,
        "tc_accuracy_head_alone": round(accuracy(dict.fromkeys(range(len(ids)), 0.0)), 4),
        "tc_accuracy_lexical_alone": round(float((lex.argmax(1) == gold).mean()), 4),
        "tc_accuracy_oof": round(choice.oof_metric, 4),
        "tc_accuracy_at_chosen": round(choice.best_metric, 4),
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config["lexical_selection"] | {"weight": choice.best}


def main() -> None:
    """Fit, save, and choose the combination weight."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ptc-semeval2020")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--c", type=float, default=None, help="skip the C search and use this C")
    ap.add_argument("--weight-only", action="store_true", help="only re-choose the combination weight")
    args = ap.parse_args()
    if not args.weight_only:
        train = gold_spans(args.data, dev=False)
        c = (
            args.c
            if args.c is not None
            else float(max(choose_c(train, args.min_df).items(), key=lambda kv: kv[1])[0])
        )
        lr, vocab, idf = fit(train, c, args.min_df)
        kept = save(lr, vocab, idf, args.out)
        print(f"C {c}: {len(train)} training spans, {kept} of {len(vocab)} terms kept", flush=True)
    print(json.dumps(choose_weight(args.data, args.out), indent=2))


if __name__ == "__main__":
    main()
