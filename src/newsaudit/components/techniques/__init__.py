"""Propaganda techniques: labelled spans from a fine-tuned MiniLM run on ONNX Runtime.

One small encoder (all-MiniLM-L6-v2, fine-tuned on the PTC corpus of SemEval-2020
Task 11; see ``training/train_techniques.py``) reads each sentence once. Two linear
heads sit on its token vectors:

* span identification (SI): a per-token "inside a propaganda span" probability;
  runs of tokens at or above the threshold become spans;
* technique classification (TC): the mean vector of the span's tokens, the
  sentence's [CLS] vector and a few span features (how often the span's words recur
  in the article, its length) give one of the 14 PTC techniques.

The encoder ships as an int8 ONNX graph, the heads as a NumPy ``.npz``; neither
PyTorch nor transformers is needed at run time (only ``onnxruntime`` and
``tokenizers``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ...article import Article, Span, Technique
from ...errors import ModelError
from .. import BaseComponent
from .lexical import LexicalTC
from .loaded_labels import find_loaded_labels

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

# One line per technique for readers; paraphrased from the technique definitions of
# Da San Martino et al. (EMNLP 2019), "Fine-Grained Analysis of Propaganda in News Articles".
EXPLANATIONS: dict[str, str] = {
    "Appeal_to_Authority": "Claims something is true only because an authority or expert is said to back it.",
    "Appeal_to_fear-prejudice": "Seeks support by stirring fear, anxiety or prejudice about an alternative.",
    "Bandwagon,Reductio_ad_hitlerum": (
        "Urges joining what 'everyone' does, or rejects an idea because a hated group supports it."
    ),
    "Black-and-White_Fallacy": "Presents two options as the only ones when more exist.",
    "Causal_Oversimplification": "Blames a single cause for an outcome that has many.",
    "Doubt": "Questions the credibility of someone or something without giving evidence.",
    "Exaggeration,Minimisation": "Makes something seem far bigger, better, worse or smaller than it is.",
    "Flag-Waving": "Appeals to patriotism or group identity to justify an idea or action.",
    "Loaded_Language": "Words chosen to provoke a strong emotional reaction rather than to inform.",
    "Name_Calling,Labeling": "Pins an insulting or glorifying label on a person or group instead of arguing.",
    "Repetition": "Repeats the same message over and over so that readers accept it.",
    "Slogans": "A short, striking phrase used in place of an argument.",
    "Thought-terminating_Cliches": "A stock phrase that discourages further thought or discussion.",
    "Whataboutism,Straw_Men,Red_Herring": (
        "Deflects by pointing at others, misrepresenting the opponent's view, or changing the subject."
    ),
}

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "techniques"
# MiniLM was pre-trained on at most 512 positions; PTC sentences average 27 tokens, and
# 126 word pieces plus [CLS] and [SEP] cover 99.7% of them in one window.
MAX_PIECES = 126
CLS_ID, SEP_ID = 101, 102
# Characters trimmed from predicted span edges: PTC "Version 2" gold spans never start
# or end with whitespace or punctuation (see the data set's SOURCE.md).
_EDGE_CHARS = " \t\n\r.,;:!?\"'()[]{}“”‘’«»-–—…"
_WORD = re.compile(r"\w+")
N_FEATURES = 4


@dataclass(frozen=True, slots=True)
class Window:
    """A run of at most MAX_PIECES word pieces of one sentence, with character offsets."""

    ids: tuple[int, ...]
    offsets: tuple[tuple[int, int], ...]  # into the article text, one per word piece


def tokenize_windows(tokenizer: Any, text: str, sentences: Sequence[Span]) -> list[Window]:
    """Cut each sentence of ``text`` into word-piece windows with article offsets."""
    windows: list[Window] = []
    for sent in sentences:
        chunk = text[sent.start : sent.end]
        if not chunk.strip():
            continue
        enc = tokenizer.encode(chunk, add_special_tokens=False)
        ids, offs = list(enc.ids), [(s + sent.start, e + sent.start) for s, e in enc.offsets]
        for i in range(0, len(ids), MAX_PIECES):
            if ids[i : i + MAX_PIECES]:
                windows.append(Window(tuple(ids[i : i + MAX_PIECES]), tuple(offs[i : i + MAX_PIECES])))
    return windows


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


def piece_range(window: Window, start: int, end: int) -> tuple[int, int] | None:
    """Return the ``[first, last)`` word pieces of ``window`` that overlap ``start:end``."""
    idx = [i for i, (s, e) in enumerate(window.offsets) if s < end and start < e]
    return (idx[0], idx[-1] + 1) if idx else None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` past whitespace and punctuation at either edge."""
    while start < end and text[start] in _EDGE_CHARS:
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARS:
        end -= 1
    return start, end


def _log_softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))  # type: ignore[no-any-return]


def _softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)  # type: ignore[no-any-return]


# Attention memory grows with batch x width^2: cap it so one long window cannot blow the
# memory of a check (32 sentences of 128 pieces, or 2 windows of 512).
MAX_ATTENTION_CELLS = 32 * 128 * 128


def _batches(order: Sequence[int], widths: Sequence[int], batch: int) -> list[list[int]]:
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


class TechniqueModel:
    """The shipped encoder, tokenizer and heads; run with ONNX Runtime."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1) -> None:
        from ...models import open_encoder

        needed = ("tokenizer.json", "heads.npz", "config.json")
        missing = [n for n in needed if not (model_dir / n).is_file()]
        if missing:
            raise ModelError(
                f"techniques model files missing in {model_dir}: {', '.join(missing)}; "
                "run training/train_techniques.py"
            )
        self.session, self.tokenizer = open_encoder(model_dir, threads, who="techniques")
        heads = np.load(model_dir / "heads.npz")
        self.si_w, self.si_b = heads["si_w"], heads["si_b"]
        self.tc_w, self.tc_b = heads["tc_w"], heads["tc_b"]
        self.config: dict[str, Any] = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.threshold = float(self.config["threshold"])
        self.gap = int(self.config.get("gap", 0))
        # The lexical span classifier joins the TC head when its weight was chosen
        # (training/train_techniques_lexical.py); without it the head decides alone.
        self.lexical_weight = float(self.config.get("lexical_weight", 0.0))
        self.lexical = LexicalTC(model_dir / "lexical.npz") if self.lexical_weight else None

    def encode(self, windows: Sequence[Window], batch: int = 32) -> list[np.ndarray]:
        """Return the hidden vectors of each window, [CLS] first, [SEP] dropped."""
        out: list[np.ndarray] = [np.empty(0)] * len(windows)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
        for group in _batches(order, [len(w.ids) + 2 for w in windows], batch):
            width = max(len(windows[i].ids) for i in group) + 2
            ids = np.zeros((len(group), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(group):
                seq = [CLS_ID, *windows[i].ids, SEP_ID]
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1
            hidden = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            for row, i in enumerate(group):
                out[i] = hidden[row, : len(windows[i].ids) + 1]
        return out

    def token_probs(self, hidden: np.ndarray) -> np.ndarray:
        """Return P(inside a propaganda span) for each word piece (after [CLS])."""
        logits = hidden[1:] @ self.si_w + self.si_b
        return 1.0 / (1.0 + np.exp(-logits[:, 0]))  # type: ignore[no-any-return]

    def technique_logits(
        self,
        text: str,
        start: int,
        end: int,
        window: Window,
        hidden: np.ndarray,
    ) -> np.ndarray | None:
        """Return TC logits for the part of ``start:end`` inside ``window`` (None: no overlap)."""
        rng = piece_range(window, start, end)
        if rng is None:
            return None
        pooled = hidden[1 + rng[0] : 1 + rng[1]].mean(axis=0)
        feats = np.asarray(span_features(text, start, end), dtype=np.float32)
        x = np.concatenate([pooled, hidden[0], feats])
        return x @ self.tc_w + self.tc_b  # type: ignore[no-any-return]

    def technique_probs(self, text: str, start: int, end: int, logits: np.ndarray) -> np.ndarray:
        """Return technique probabilities of ``start:end``: the head's, joined with the lexical model's.

        The two are combined as ``log p_head + w * log p_lexical`` (``w`` from config.json)
        and renormalised.
        """
        combined = _log_softmax(logits)
        if self.lexical is not None:
            combined = combined + self.lexical_weight * self.lexical.log_probs(text[start:end])
        return _softmax(combined)


def decode_runs(
    window: Window, probs: np.ndarray, threshold: float, gap: int = 0
) -> list[tuple[int, int, float]]:
    """Return ``(start, end, score)`` for each run of word pieces at or above ``threshold``.

    Runs split by at most ``gap`` low pieces are joined: the model's spans fray in the
    middle ("a [savage] and [brutal] attack"), and every fragment costs SI precision.
    A run is widened to whole words so that no span starts or ends inside a word.
    """
    hits = [i for i, p in enumerate(probs) if p >= threshold]
    groups: list[list[int]] = []
    for i in hits:
        if groups and i - groups[-1][1] - 1 <= gap:
            groups[-1][1] = i
        else:
            groups.append([i, i])
    runs = []
    offs = window.offsets
    for a, b in groups:
        while a > 0 and offs[a][0] == offs[a - 1][1]:
            a -= 1
        while b + 1 < len(offs) and offs[b + 1][0] == offs[b][1]:
            b += 1
        runs.append((offs[a][0], offs[b][1], float(probs[a : b + 1].mean())))
    return runs


def identify_spans(
    text: str, sentences: Sequence[Span], model: TechniqueModel, threshold: float | None = None
) -> list[tuple[Span, np.ndarray]]:
    """Return predicted propaganda spans (score = mean token probability) with TC logits."""
    threshold = model.threshold if threshold is None else threshold
    windows = tokenize_windows(model.tokenizer, text, sentences)
    found: list[tuple[Span, np.ndarray]] = []
    for window, hidden in zip(windows, model.encode(windows), strict=True):
        for s, e, score in decode_runs(window, model.token_probs(hidden), threshold, model.gap):
            s, e = trim(text, s, e)
            logits = model.technique_logits(text, s, e, window, hidden) if s < e else None
            if logits is not None:
                found.append((Span(s, e, "propaganda", round(score, 4)), logits))
    return found


def classify_spans(
    text: str, spans: Sequence[Span], model: TechniqueModel, sentences: Sequence[Span] | None = None
) -> list[tuple[str, float]]:
    """Return ``(technique, probability)`` for each given span of ``text``.

    A span that crosses sentences gets the mean of its pieces' logits. Identical
    spans listed more than once (PTC marks one span with several techniques) get
    distinct techniques in order of probability.
    """
    sentences = sentences if sentences is not None else [Span(0, len(text))]
    windows = tokenize_windows(model.tokenizer, text, sentences)
    hidden = model.encode(windows)
    seen: dict[tuple[int, int], list[int]] = {}
    out: list[tuple[str, float]] = []
    for span in spans:
        pieces = [
            lg
            for w, h in zip(windows, hidden, strict=True)
            if (lg := model.technique_logits(text, span.start, span.end, w, h)) is not None
        ]
        probs = (
            model.technique_probs(text, span.start, span.end, np.mean(pieces, axis=0))
            if pieces
            else np.eye(len(TECHNIQUES))[8]
        )
        ranked = [int(i) for i in np.argsort(-probs)]
        used = seen.setdefault((span.start, span.end), [])
        best = next(i for i in ranked if i not in used) if len(used) < len(ranked) else ranked[0]
        used.append(best)
        out.append((TECHNIQUES[best], float(probs[best])))
    return out


def find_techniques(
    text: str, sentences: Sequence[Span], model: TechniqueModel, threshold: float | None = None
) -> list[Technique]:
    """Return labelled technique spans of ``text``, each with a score and an explanation.

    The model's spans come first; loaded labels (``loaded_labels``) are added where the
    model has not already marked the same words as name calling.
    """
    found = []
    for span, logits in identify_spans(text, sentences, model, threshold):
        label = TECHNIQUES[int(np.argmax(model.technique_probs(text, span.start, span.end, logits)))]
        found.append(Technique(Span(span.start, span.end, label, span.score), EXPLANATIONS[label]))
    for extra in find_loaded_labels(text):
        if not any(t.span.label == extra.span.label and t.span.overlaps(extra.span) for t in found):
            found.append(extra)
    return sorted(found, key=lambda t: (t.span.start, t.span.end))


class TechniqueFinder(BaseComponent):
    """Attach propaganda-technique spans found by the shipped model."""

    name = "techniques"
    requires = ("text", "sentences")
    assigns = ("techniques",)
    distributions = ("onnxruntime", "tokenizers")
    model_: TechniqueModel | None = None

    def load(self) -> None:
        """Load the ONNX encoder, tokenizer and heads once."""
        if self.model_ is None:
            self.model_ = TechniqueModel()

    def __call__(self, article: Article) -> Article:
        self.load()
        assert self.model_ is not None
        found = find_techniques(article.text, article.sentences, self.model_)
        return replace(article, techniques=tuple(found))
