"""A lexical technique classifier that backs up the encoder's TC head.

The words of a span say much about its technique on their own: "dictator", "thugs" and
"treason" are labels, "very", "massive" and "never" exaggerate, "as everybody knows"
ends thought. A logistic regression over TF-IDF word and character n-grams of the span
alone reaches about the encoder head's accuracy on our PTC dev split, and it errs
differently, so the component adds its log-probabilities to the head's with a weight
chosen by cross-validation (see ``training/train_techniques_lexical.py`` and
``docs/components/techniques.md``).

Pure NumPy at run time: the features are computed here, the weights ship in
``models/techniques/lexical.npz`` (vocabulary, idf, weights, biases).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np

from ...errors import ModelError

LEXICAL_PATH = Path(__file__).resolve().parents[2] / "models" / "techniques" / "lexical.npz"
_WORD = re.compile(r"\w+")


def span_terms(span: str) -> Counter[str]:
    """Return the n-gram counts of a span: words and word pairs, and character 2-5-grams of words.

    Character n-grams are taken inside each word padded with one space on either side
    (so " un" marks a word start), which lets unseen inflections ("demonised",
    "demonising") share evidence.
    """
    words = _WORD.findall(span.lower())
    terms: Counter[str] = Counter(f"w:{w}" for w in words)
    terms.update(f"b:{a} {b}" for a, b in itertools.pairwise(words))
    for w in words:
        padded = f" {w} "
        for n in range(2, 6):
            terms.update(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    terms[f"n:{min(len(words), 8)}"] += 1  # span length in words, capped
    return terms


def tfidf_row(terms: Counter[str], index: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (column indices, values) of the L2-normalised, sublinear TF-IDF row of ``terms``."""
    cols = [index[t] for t in terms if t in index]
    if not cols:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    known = [t for t in terms if t in index]
    vals = np.array([(1.0 + math.log(terms[t])) for t in known], dtype=np.float32) * idf[cols]
    norm = float(np.linalg.norm(vals))
    return np.asarray(cols, dtype=np.int64), vals / norm if norm else vals


class LexicalTC:
    """The shipped span-text classifier: log-probabilities over the 14 PTC techniques."""

    def __init__(self, path: Path = LEXICAL_PATH) -> None:
        if not path.is_file():
            raise ModelError(
                f"lexical technique model missing: {path}; run training/train_techniques_lexical.py"
            )
        data = np.load(path, allow_pickle=False)
        self.index = {str(t): i for i, t in enumerate(data["vocab"])}
        self.idf = data["idf"].astype(np.float32)
        self.weights = data["weights"].astype(np.float32)  # vocabulary x techniques
        self.bias = data["bias"].astype(np.float32)

    def log_probs(self, span: str) -> np.ndarray:
        """Return log P(technique | span text) for the 14 techniques."""
        cols, vals = tfidf_row(span_terms(span), self.index, self.idf)
        logits = vals @ self.weights[cols] + self.bias
        top = float(logits.max())
        return logits - top - math.log(float(np.exp(logits - top).sum()))  # type: ignore[no-any-return]
