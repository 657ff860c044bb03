"""Label sets, span features and the NumPy task heads over the shared encoder's outputs.

Every head is ``x @ w + b`` (a perceptron where it has two layers), with weights from
``models/encoder/heads.npz`` written by ``training/train_encoder.py``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

# The 14 SemEval-2020 Task 11 labels, in the order of
# ../shared/data/ptc-semeval2020/propaganda-techniques-names-semeval2020task11.txt;
# the TC head's outputs follow this order.
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
# Emergent's headline stances towards a claim; the stance head's outputs follow this order.
STANCES: tuple[str, ...] = ("for", "observing", "against")
AGAINST = STANCES.index("against")
N_FEATURES = 4
_WORD = re.compile(r"\w+")


def span_features(text: str, start: int, end: int) -> list[float]:
    """Return the span features the TC head reads besides the encoder vectors.

    Repetition is about the article, not the sentence, so the encoder cannot see it:
    count how often the span's text recurs in the whole article.
    """
    needle = " ".join(text[start:end].split()).lower()
    hay = " ".join(text.split()).lower()
    others = max(hay.count(needle) - 1, 0) if needle else 0
    words = _WORD.findall(text[start:end])
    capitalised = sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0
    return [math.log1p(others), float(others > 0), math.log1p(len(words)) / 3.0, capitalised]


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Return the logistic function of ``x``."""
    return 1.0 / (1.0 + np.exp(-x))  # type: ignore[no-any-return]


def softmax(x: np.ndarray) -> np.ndarray:
    """Return the softmax of ``x`` over its last axis."""
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)  # type: ignore[no-any-return]


class Heads:
    """The task heads: SI and TC over word-piece vectors, check-worthiness and stance over sentences."""

    def __init__(self, path: Path) -> None:
        with np.load(path) as npz:
            self.w = {k: npz[k].astype(np.float32) for k in npz.files}
        dim = self.w["si_w"].shape[0]
        tc = self.w["tc_w"]
        # TC is linear in the mean of the span's vectors, so each piece's share can be
        # projected once: logits = mean(piece @ tc_span) + cls @ tc_cls + feats @ tc_feat + b.
        self.tc_span, self.tc_cls, self.tc_feat = tc[:dim], tc[dim : 2 * dim], tc[2 * dim :]

    def inside(self, hidden: np.ndarray) -> np.ndarray:
        """Return P(inside a propaganda span) of each word-piece vector."""
        return sigmoid(hidden @ self.w["si_w"][:, 0] + self.w["si_b"][0]).astype(np.float32)

    def technique_pieces(self, hidden: np.ndarray) -> np.ndarray:
        """Return each word piece's share of the TC logits (to be averaged over a span)."""
        return np.asarray(hidden @ self.tc_span, dtype=np.float32)

    def technique_cls(self, cls: np.ndarray) -> np.ndarray:
        """Return the [CLS] vector's share of the TC logits, bias included."""
        return np.asarray(cls @ self.tc_cls + self.w["tc_b"], dtype=np.float32)

    def technique_logits(self, pieces: np.ndarray, cls_part: np.ndarray, feats: list[float]) -> np.ndarray:
        """Return TC logits from the span's piece shares, its window's [CLS] share and span features."""
        f = np.asarray(feats, dtype=np.float32)
        return pieces.mean(axis=0) + cls_part + f @ self.tc_feat  # type: ignore[no-any-return]

    def checkworthiness(self, vectors: np.ndarray) -> np.ndarray:
        """Return P(check-worthy) of each sentence vector."""
        h = np.maximum(vectors @ self.w["cw1_w"] + self.w["cw1_b"], 0.0)
        return sigmoid((h @ self.w["cw2_w"] + self.w["cw2_b"])[:, 0]).astype(np.float32)

    def stance(self, vectors: np.ndarray) -> np.ndarray:
        """Return P(for, observing, against) of each sentence vector."""
        h = np.maximum(vectors @ self.w["st1_w"] + self.w["st1_b"], 0.0)
        return softmax(h @ self.w["st2_w"] + self.w["st2_b"]).astype(np.float32)
