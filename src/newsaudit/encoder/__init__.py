"""The one shared transformer pass and its task heads; learned components read its outputs.

One fine-tuned all-MiniLM-L6-v2 (``training/train_encoder.py``, multi-task on PTC,
CheckThat! 2024 and Emergent) reads each sentence once; NumPy heads turn its vectors into
propaganda-span probabilities and technique logits per word piece, a check-worthiness
probability and a stance (for / observing / against) per sentence. The ``encoder``
component stores them on ``Article.encoded``; ``techniques``, ``claims`` and ``denials``
read them there. Run time needs only onnxruntime, tokenizers and NumPy.
"""

from __future__ import annotations

from .heads import AGAINST, STANCES, TECHNIQUES, Heads, span_features
from .model import (
    MODEL_DIR,
    SharedEncoder,
    against,
    inside_probs,
    technique_cls,
    technique_pieces,
)
from .windows import MAX_PIECES, Window, piece_range, tokenize_windows

__all__ = [
    "AGAINST",
    "MAX_PIECES",
    "MODEL_DIR",
    "STANCES",
    "TECHNIQUES",
    "Heads",
    "SharedEncoder",
    "Window",
    "against",
    "inside_probs",
    "piece_range",
    "span_features",
    "technique_cls",
    "technique_pieces",
    "tokenize_windows",
]
