"""Propaganda techniques: labelled spans read from the shared encoder's heads.

The shared encoder (``newsaudit.encoder``; all-MiniLM-L6-v2 fine-tuned multi-task, PTC among
its tasks) has read each sentence once, in the ``encoder`` component. Two of its heads give,
per word piece of ``Article.encoded``:

* span identification (SI): P(inside a propaganda span); runs of pieces at or above the
  threshold become spans (joined over short gaps, widened to words);
* technique classification (TC): each piece's share of the technique logits; a span's
  logits are the mean over its pieces plus its window's [CLS] share and a few span
  features (how often the span's words recur in the article, its length), joined with
  a lexical span classifier (``lexical.py``).

Threshold, gap and the lexical weight are chosen by grouped cross-validation
(``training/select_encoder.py``) and read from ``models/encoder/config.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ...article import Article, EncodedSentence, Span, Technique
from ...encoder import TECHNIQUES, Window, piece_range, span_features
from ...encoder.model import MODEL_DIR as ENCODER_DIR
from ...encoder.model import SharedEncoder, inside_probs, technique_cls, technique_pieces
from ...errors import ModelError
from .. import BaseComponent
from .lexical import LexicalTC
from .loaded_labels import find_loaded_labels

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

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "techniques"  # lexical.npz
# Characters trimmed from predicted span edges: PTC "Version 2" gold spans never start
# or end with whitespace or punctuation (see the data set's SOURCE.md).
_EDGE_CHARS = " \t\n\r.,;:!?\"'()[]{}“”‘’«»-–—…"
_WORD = re.compile(r"\w+")
# Label given to a span that lies in no encoded window (the most frequent technique).
_FALLBACK = TECHNIQUES.index("Loaded_Language")


class HasOffsets(Protocol):
    """A window of word pieces: an encoder ``Window`` or an ``EncodedWindow``."""

    @property
    def offsets(self) -> tuple[tuple[int, int], ...]: ...


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


class TechniqueModel:
    """Decoding settings, the TC feature weights and the lexical classifier (no encoder of its own).

    ``encoder`` is loaded only when text is given without ``Article.encoded`` (tests,
    ``find_techniques`` on bare text); the pipeline's ``encoder`` component does that pass.
    """

    def __init__(self, model_dir: Path = ENCODER_DIR, lexical_dir: Path = MODEL_DIR) -> None:
        needed = [model_dir / "heads.npz", model_dir / "config.json"]
        missing = [str(p) for p in needed if not p.is_file()]
        if missing:
            raise ModelError(f"techniques: shared encoder files missing: {', '.join(missing)}; see docs/models.md")
        self.model_dir = model_dir
        with np.load(model_dir / "heads.npz") as heads:
            dim = heads["si_w"].shape[0]
            self.tc_feat = heads["tc_w"][2 * dim :].astype(np.float32)
        self.config: dict[str, Any] = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.threshold = float(self.config["si_threshold"])
        self.gap = int(self.config["si_gap"])
        # The lexical span classifier joins the TC head when its weight was chosen; at 0 the
        # head decides alone.
        self.lexical_weight = float(self.config.get("lexical_weight", 0.0))
        self.lexical = LexicalTC(lexical_dir / "lexical.npz") if self.lexical_weight else None
        self._encoder: SharedEncoder | None = None

    @property
    def encoder(self) -> SharedEncoder:
        """Return the shared encoder, loaded on first use."""
        if self._encoder is None:
            self._encoder = SharedEncoder(self.model_dir)
        return self._encoder

    def technique_logits(self, text: str, start: int, end: int, window: Any) -> np.ndarray | None:
        """Return TC logits for the part of ``start:end`` inside an encoded window (None: no overlap)."""
        rng = piece_range(window, start, end)
        if rng is None:
            return None
        pieces = technique_pieces(window)[rng[0] : rng[1]]
        feats = np.asarray(span_features(text, start, end), dtype=np.float32)
        return pieces.mean(axis=0) + technique_cls(window) + feats @ self.tc_feat  # type: ignore[no-any-return]

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
    window: HasOffsets, probs: np.ndarray, threshold: float, gap: int = 0
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


def identify_encoded(
    text: str,
    encoded: Sequence[EncodedSentence],
    model: TechniqueModel,
    threshold: float | None = None,
    gap: int | None = None,
) -> list[tuple[Span, np.ndarray]]:
    """Return predicted propaganda spans (score = mean piece probability) with their TC logits."""
    threshold = model.threshold if threshold is None else threshold
    gap = model.gap if gap is None else gap
    found: list[tuple[Span, np.ndarray]] = []
    for window in (w for sentence in encoded for w in sentence.windows):
        for s, e, score in decode_runs(window, inside_probs(window), threshold, gap):
            s, e = trim(text, s, e)
            logits = model.technique_logits(text, s, e, window) if s < e else None
            if logits is not None:
                found.append((Span(s, e, "propaganda", round(score, 4)), logits))
    return found


def identify_spans(
    text: str, sentences: Sequence[Span], model: TechniqueModel, threshold: float | None = None
) -> list[tuple[Span, np.ndarray]]:
    """Return predicted propaganda spans of bare text (runs the shared encoder first)."""
    return identify_encoded(text, model.encoder.encode(text, sentences), model, threshold)


def classify_encoded(
    text: str, spans: Sequence[Span], encoded: Sequence[EncodedSentence], model: TechniqueModel
) -> list[tuple[str, float]]:
    """Return ``(technique, probability)`` for each given span of an encoded text.

    A span that crosses sentences gets the mean of its pieces' logits. Identical
    spans listed more than once (PTC marks one span with several techniques) get
    distinct techniques in order of probability.
    """
    windows = [w for sentence in encoded for w in sentence.windows]
    seen: dict[tuple[int, int], list[int]] = {}
    out: list[tuple[str, float]] = []
    for span in spans:
        pieces = [
            lg for w in windows if (lg := model.technique_logits(text, span.start, span.end, w)) is not None
        ]
        probs = (
            model.technique_probs(text, span.start, span.end, np.mean(pieces, axis=0))
            if pieces
            else np.eye(len(TECHNIQUES))[_FALLBACK]
        )
        ranked = [int(i) for i in np.argsort(-probs, kind="stable")]
        used = seen.setdefault((span.start, span.end), [])
        best = next(i for i in ranked if i not in used) if len(used) < len(ranked) else ranked[0]
        used.append(best)
        out.append((TECHNIQUES[best], float(probs[best])))
    return out


def classify_spans(
    text: str, spans: Sequence[Span], model: TechniqueModel, sentences: Sequence[Span] | None = None
) -> list[tuple[str, float]]:
    """Return ``(technique, probability)`` for each given span of bare text (encodes it first)."""
    sentences = sentences if sentences is not None else [Span(0, len(text))]
    return classify_encoded(text, spans, model.encoder.encode(text, sentences), model)


def techniques_of(
    text: str,
    encoded: Sequence[EncodedSentence],
    model: TechniqueModel,
    threshold: float | None = None,
) -> list[Technique]:
    """Return labelled technique spans of an encoded text, each with a score and an explanation.

    The model's spans come first; loaded labels (``loaded_labels``) are added where the
    model has not already marked the same words as name calling.
    """
    found = []
    for span, logits in identify_encoded(text, encoded, model, threshold):
        label = TECHNIQUES[int(np.argmax(model.technique_probs(text, span.start, span.end, logits)))]
        found.append(Technique(Span(span.start, span.end, label, span.score), EXPLANATIONS[label]))
    for extra in find_loaded_labels(text):
        if not any(t.span.label == extra.span.label and t.span.overlaps(extra.span) for t in found):
            found.append(extra)
    return sorted(found, key=lambda t: (t.span.start, t.span.end))


def find_techniques(
    text: str, sentences: Sequence[Span], model: TechniqueModel, threshold: float | None = None
) -> list[Technique]:
    """Return labelled technique spans of bare text (runs the shared encoder first)."""
    return techniques_of(text, model.encoder.encode(text, sentences), model, threshold)


class TechniqueFinder(BaseComponent):
    """Attach propaganda-technique spans read from the shared encoder's heads."""

    name = "techniques"
    requires = ("text", "encoded")
    assigns = ("techniques",)
    distributions = ("numpy",)
    model_: TechniqueModel | None = None

    def load(self) -> None:
        """Load the decoding settings, TC feature weights and lexical classifier once."""
        if self.model_ is None:
            self.model_ = TechniqueModel()

    def __call__(self, article: Article) -> Article:
        self.load()
        assert self.model_ is not None
        found = techniques_of(article.text, article.encoded, self.model_)
        return replace(article, techniques=tuple(found))


__all__ = [
    "EXPLANATIONS",
    "TECHNIQUES",
    "TechniqueFinder",
    "TechniqueModel",
    "Window",
    "classify_encoded",
    "classify_spans",
    "decode_runs",
    "find_techniques",
    "identify_encoded",
    "identify_spans",
    "piece_range",
    "span_features",
    "techniques_of",
    "trim",
]
