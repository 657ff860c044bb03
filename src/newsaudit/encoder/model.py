"""The shared encoder: one MiniLM-L6 pass per sentence window, batched across articles.

``SharedEncoder.encode_many`` cuts every sentence of every article into word-piece windows,
runs them through the int8 ONNX graph in length-sorted batches, and keeps what the task
heads need (``EncodedSentence``). The graph's weights are int8 but its activations are
float (``training/onnx_export.py``, ``export_weight_only``), so a sentence's outputs do not
depend on the other sentences in its batch or on padding
(``tests/test_encoder.py::test_encoder_outputs_independent_of_batch``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..article import EncodedSentence, EncodedWindow, Span
from ..errors import ModelError
from .heads import AGAINST, TECHNIQUES, Heads
from .windows import CLS_ID, SEP_ID, Window, tokenize_windows

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "encoder"
# Attention memory grows with batch x width^2: cap it so one long window cannot blow the
# memory of a check (32 windows of 128 pieces).
MAX_ATTENTION_CELLS = 32 * 128 * 128
BATCH = 32
FILES = ("tokenizer.json", "heads.npz", "config.json")


def _groups(order: Sequence[int], widths: Sequence[int], batch: int) -> list[list[int]]:
    """Split ``order`` (sorted by width) into groups of at most ``batch`` within the attention cap."""
    groups: list[list[int]] = []
    group: list[int] = []
    for i in order:
        if group and (len(group) + 1 > batch or (len(group) + 1) * widths[i] ** 2 > MAX_ATTENTION_CELLS):
            groups.append(group)
            group = []
        group.append(i)
    if group:
        groups.append(group)
    return groups


def inside_probs(window: EncodedWindow) -> np.ndarray:
    """Return P(inside a propaganda span) of each word piece of ``window``."""
    return np.frombuffer(window.inside, dtype=np.float32)


def technique_pieces(window: EncodedWindow) -> np.ndarray:
    """Return each word piece's share of the technique logits (pieces x techniques)."""
    return np.frombuffer(window.technique, dtype=np.float32).reshape(-1, len(TECHNIQUES))


def technique_cls(window: EncodedWindow) -> np.ndarray:
    """Return the window's [CLS] share of the technique logits, bias included."""
    return np.frombuffer(window.technique_cls, dtype=np.float32)


def against(sentence: EncodedSentence) -> float:
    """Return the stance head's P(against) of ``sentence``."""
    return sentence.stance[AGAINST]


class SharedEncoder:
    """The shipped encoder graph, tokenizer, heads and chosen settings; run with ONNX Runtime."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1) -> None:
        from ..models import open_encoder

        missing = [n for n in FILES if not (model_dir / n).is_file()]
        if missing:
            raise ModelError(
                f"shared encoder files missing in {model_dir}: {', '.join(missing)}; "
                "run training/train_encoder.py (docs/models.md)"
            )
        self.session, self.tokenizer = open_encoder(model_dir, threads, who="encoder")
        self.heads = Heads(model_dir / "heads.npz")
        self.config: dict[str, Any] = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))

    def hidden(self, windows: Sequence[Window], batch: int = BATCH) -> list[np.ndarray]:
        """Return the hidden vectors of each window: [CLS], its pieces, [SEP]."""
        out: list[np.ndarray] = [np.empty(0)] * len(windows)
        widths = [len(w.ids) + 2 for w in windows]
        order = sorted(range(len(windows)), key=lambda i: widths[i])
        for group in _groups(order, widths, batch):
            ids = np.zeros((len(group), max(widths[i] for i in group)), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(group):
                ids[row, : widths[i]] = [CLS_ID, *windows[i].ids, SEP_ID]
                mask[row, : widths[i]] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            states = self.session.run(None, feeds)[0]
            for row, i in enumerate(group):
                out[i] = states[row, : widths[i]]
        return out

    def encode_many(
        self, items: Sequence[tuple[str, Sequence[Span]]], batch: int = BATCH
    ) -> list[tuple[EncodedSentence, ...]]:
        """Return the encoded sentences of each ``(text, sentences)``, in one batched pass."""
        per_item = [tokenize_windows(self.tokenizer, text, sents) for text, sents in items]
        flat = [w for windows in per_item for w in windows]
        states = iter(self.hidden(flat, batch))
        return [
            self._sentences(sents, windows, states)
            for (_, sents), windows in zip(items, per_item, strict=True)
        ]

    def _sentences(
        self, sentences: Sequence[Span], windows: Sequence[Window], states: Any
    ) -> tuple[EncodedSentence, ...]:
        by_sentence: dict[int, list[tuple[Window, np.ndarray]]] = {}
        for window in windows:
            by_sentence.setdefault(window.sentence, []).append((window, next(states)))
        keys = sorted(by_sentence)
        if not keys:
            return ()
        vectors = np.stack([_pooled([h for _, h in by_sentence[k]]) for k in keys])
        worth = self.heads.checkworthiness(vectors)
        stance = self.heads.stance(vectors)
        return tuple(
            EncodedSentence(
                sentences[k],
                tuple(self._window(w, h) for w, h in by_sentence[k]),
                float(worth[n]),
                tuple(float(p) for p in stance[n]),
            )
            for n, k in enumerate(keys)
        )

    def _window(self, window: Window, states: np.ndarray) -> EncodedWindow:
        pieces = states[1:-1]
        return EncodedWindow(
            window.offsets,
            self.heads.inside(pieces).tobytes(),
            self.heads.technique_pieces(pieces).tobytes(),
            self.heads.technique_cls(states[0]).tobytes(),
        )

    def encode(self, text: str, sentences: Sequence[Span]) -> tuple[EncodedSentence, ...]:
        """Return the encoded sentences of one text."""
        return self.encode_many([(text, sentences)])[0]

    def score_texts(self, texts: Sequence[str], batch: int = BATCH) -> tuple[np.ndarray, np.ndarray]:
        """Return check-worthiness and stance probabilities of each text, read as one sentence."""
        encoded = self.encode_many([(t, [Span(0, len(t))]) for t in texts], batch)
        worth = np.array([e[0].checkworthiness if e else 0.0 for e in encoded], dtype=np.float32)
        stance = np.array([e[0].stance if e else (0.0, 1.0, 0.0) for e in encoded], dtype=np.float32)
        return worth, stance


def _pooled(states: Sequence[np.ndarray]) -> np.ndarray:
    """Return the mean of all rows of a sentence's windows, L2-normalised (as in training)."""
    rows = np.concatenate(states, axis=0)
    mean = rows.mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)  # type: ignore[no-any-return]
