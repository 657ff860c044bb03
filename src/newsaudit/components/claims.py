"""Check-worthy claims: sentences that state checkable facts, with what they rest on.

A sentence's check-worthiness comes from all-MiniLM-L6-v2 fine-tuned for one epoch on
the CheckThat! 2024 Task 1 English training set (``training/train_claims.py``): the
mean-pooled, L2-normalised sentence vector feeds a 384-256-1 perceptron head. The
encoder ships as an int8 ONNX graph (``models/claims/encoder.onnx.xz``, see ``newsaudit.models``), the head as
NumPy arrays (``models/claims/heads.npz``); neither PyTorch nor transformers is
needed at run time (only ``numpy``, ``onnxruntime`` and ``tokenizers``).

A sentence whose score reaches the shipped threshold (chosen on the dev split,
``models/claims/config.json``; :data:`CLAIM_THRESHOLD` is the fallback) becomes a
:class:`Claim`, linked to the attributions whose content it overlaps (and the
attributions that relay those), to the hedges inside it or in those attributions' cue
and source, and to the denials that target those attributions or overlap it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..article import Article, Attribution, Claim, Denial, Span
from ..errors import ModelError
from . import BaseComponent

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "claims"
# Chosen on the CheckThat! 2024 English dev split (the threshold of best "Yes" F1 on a
# 0.05 grid; see docs/parts/claims.md); training/train_claims.py records it in
# models/claims/config.json and the component reads that value, this is the fallback.
CLAIM_THRESHOLD = 0.5
# all-MiniLM-L6-v2 was trained with sentence-transformers' max_seq_length of 256;
# [CLS] and [SEP] take two of them.
MAX_PIECES = 254
CLS_ID, SEP_ID = 101, 102
EMBED_DIM = 384
_LETTER = re.compile(r"[^\W\d_]")
_WORDCHAR = re.compile(r"[^\W_]")


# --------------------------------------------------------------------------- model


class SentenceScorer(Protocol):
    """What :func:`find_claims` needs of a model: scores and the threshold they are cut at."""

    threshold: float

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return the check-worthiness in [0, 1] of each text."""
        ...


class ClaimModel:
    """The shipped encoder, tokenizer, TF-IDF model and heads; run with ONNX Runtime."""

    FILES = ("tokenizer.json", "heads.npz", "config.json")

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1) -> None:
        missing = [n for n in self.FILES if not (model_dir / n).is_file()]
        if missing:
            raise ModelError(
                f"claims model files missing in {model_dir}: {', '.join(missing)}; "
                "run training/train_claims.py"
            )
        self.session, self.tokenizer = load_encoder(model_dir, threads)
        self.config: dict[str, Any] = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.threshold = float(self.config.get("threshold", CLAIM_THRESHOLD))
        with np.load(model_dir / "heads.npz") as heads:
            self.w1, self.b1 = heads["w1"], heads["b1"]
            self.w2, self.b2 = heads["w2"], heads["b2"]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return the mean-pooled, L2-normalised MiniLM embedding of each text."""
        return embed_texts(self.session, self.tokenizer, texts)

    def mlp_probs(self, embeddings: np.ndarray) -> np.ndarray:
        """Return P(check-worthy) of the 384-256-1 head for each embedding."""
        hidden = np.maximum(embeddings @ self.w1 + self.b1, 0.0)
        return _sigmoid((hidden @ self.w2 + self.b2)[:, 0].astype(np.float64))

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return the check-worthiness in [0, 1] of each text."""
        if not texts:
            return []
        return [float(p) for p in self.mlp_probs(self.embed(texts))]


def load_encoder(model_dir: Path, threads: int = 1) -> tuple[Any, Any]:
    """Return the ONNX Runtime session and tokenizer shipped in ``model_dir``."""
    from ..models import open_encoder

    return open_encoder(model_dir, threads, who="claims")


def embed_texts(session: Any, tokenizer: Any, texts: Sequence[str], batch: int = 1) -> np.ndarray:
    """Return the mean-pooled, L2-normalised embedding of each text under an ONNX encoder.

    One sentence per run by default: the int8 graph quantises activations with one scale
    per tensor, so in a padded batch a sentence's vector would depend on its neighbours
    (differences of about 1e-3 measured); single runs were as fast on one thread.
    """
    encoded = [tokenizer.encode(t, add_special_tokens=False).ids[:MAX_PIECES] for t in texts]
    out = np.zeros((len(texts), EMBED_DIM), dtype=np.float32)
    # Sorting by length keeps padding (wasted work) small within a batch.
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
    for b in range(0, len(order), batch):
        group = order[b : b + batch]
        ids, mask = _pad([[CLS_ID, *encoded[i], SEP_ID] for i in group])
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, feeds)[0]
        # all-MiniLM-L6-v2's pooling (1_Pooling/config.json): the mean over real tokens.
        pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        out[group] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return out


def _pad(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.zeros((len(rows), max(len(r) for r in rows)), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return ids, mask


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def default_model() -> ClaimModel:
    """Return the shipped model, loaded once per process."""
    return ClaimModel()


def score_sentences(texts: Sequence[str], model: SentenceScorer | None = None) -> list[float]:
    """Return the check-worthiness in [0, 1] of each sentence (the shipped model by default)."""
    return (model or default_model()).score(texts)


# --------------------------------------------------------------------------- linking


# A closing quote or bracket the sentence splitter left at the start of the next sentence
# ('... the enemy." | " The regime ...'), or an opening one left at the end: it belongs to
# the neighbour, and keeping it would link the claim to the neighbour's attribution.
_STRAY_HEAD = re.compile(r"^\s*[\"”’'»)\]]+(?=\s)")
_STRAY_TAIL = re.compile(r"(?<=\s)[\"“‘'«(\[]+\s*$")


def trim_span(text: str, span: Span) -> Span | None:
    """Return ``span`` without surrounding whitespace or stray neighbour quotes (None: nothing left)."""
    chunk = text[span.start : span.end]
    head = _STRAY_HEAD.match(chunk)
    start = span.start + (head.end() if head else 0)
    tail = _STRAY_TAIL.search(text[start : span.end])
    end = start + tail.start() if tail else span.end
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    start += len(chunk) - len(chunk.lstrip())
    return Span(start, start + len(stripped), "claim")


def _shares_words(a: Span, b: Span, text: str | None) -> bool:
    """Return True when ``a`` and ``b`` overlap on at least one letter or digit (any overlap without text)."""
    if not a.overlaps(b):
        return False
    return text is None or bool(_WORDCHAR.search(text[max(a.start, b.start) : min(a.end, b.end)]))


def linked_attributions(
    span: Span, attributions: Sequence[Attribution], text: str | None = None
) -> tuple[str, ...]:
    """Return the ids of attributions whose content overlaps ``span``, then their parents.

    With ``text``, an overlap counts only when it holds a letter or digit: a quotation mark
    shared at a sentence boundary does not make a claim rest on the neighbour's source.
    """
    by_id = {a.id: a for a in attributions}
    linked = [a.id for a in attributions if _shares_words(a.content, span, text)]
    for aid in list(linked):
        parent = by_id[aid].parent
        # A relay chain is short; the guard against cycles is the ``linked`` check.
        while parent is not None and parent in by_id and parent not in linked:
            linked.append(parent)
            parent = by_id[parent].parent
    return tuple(linked)


def linked_hedges(
    span: Span, hedges: Sequence[Span], attributions: Sequence[Attribution]
) -> tuple[Span, ...]:
    """Return hedges inside ``span`` or in the cue or source of the given attributions."""
    governing = [s for a in attributions for s in (a.cue, a.source) if s is not None]
    found = {h for h in hedges if span.contains(h) or any(g.overlaps(h) for g in governing)}
    return tuple(sorted(found))


def linked_denials(span: Span, attribution_ids: Sequence[str], denials: Sequence[Denial]) -> tuple[str, ...]:
    """Return ids of denials that answer the claim: they target a linked attribution, or sit in
    the claim's sentence without being voiced by the claim's own sources (a sentence that *is*
    a denial, "The ministry denied that …", is not denied by itself)."""
    ids = set(attribution_ids)
    hits = [
        d
        for d in denials
        if (d.target is not None and d.target in ids) or (d.span.overlaps(span) and d.source not in ids)
    ]
    return tuple(d.id for d in sorted(hits, key=lambda d: (d.span.start, d.span.end)))


def claim_candidates(text: str, sentences: Sequence[Span]) -> list[Span]:
    """Return the sentences worth scoring, trimmed: those with at least one letter."""
    spans = [trim_span(text, s) for s in sentences]
    return [s for s in spans if s is not None and _LETTER.search(text[s.start : s.end])]


def find_claims(
    text: str,
    sentences: Sequence[Span],
    attributions: Sequence[Attribution],
    denials: Sequence[Denial],
    hedges: Sequence[Span],
    model: SentenceScorer | None,
    threshold: float | None = None,
) -> list[Claim]:
    """Return the check-worthy sentences of ``text`` as claims with their links, in text order."""
    candidates = sorted(claim_candidates(text, sentences))
    if not candidates:
        return []
    scorer = model or default_model()
    cut = scorer.threshold if threshold is None else threshold
    scores = scorer.score([text[s.start : s.end] for s in candidates])
    kept = [(span, score) for span, score in zip(candidates, scores, strict=True) if score >= cut]
    return [
        link_claim(f"c{i}", span, score, attributions, denials, hedges, text)
        for i, (span, score) in enumerate(kept, 1)
    ]


def link_claim(
    claim_id: str,
    span: Span,
    score: float,
    attributions: Sequence[Attribution],
    denials: Sequence[Denial],
    hedges: Sequence[Span],
    text: str | None = None,
) -> Claim:
    """Return the claim of one scored sentence with its attributions, hedges and denials."""
    worth = round(score, 4)
    atts = linked_attributions(span, attributions, text)
    by_id = {a.id: a for a in attributions}
    return Claim(
        id=claim_id,
        span=replace(span, score=worth),
        checkworthiness=worth,
        attributions=atts,
        hedges=linked_hedges(span, hedges, [by_id[a] for a in atts]),
        denials=linked_denials(span, atts, denials),
    )


class ClaimFinder(BaseComponent):
    """Attach check-worthy claims, linked to attributions, hedges and denials."""

    name = "claims"
    requires = ("text", "sentences", "attributions", "denials", "hedges")
    assigns = ("claims",)
    distributions = ("onnxruntime", "tokenizers")
    model_: SentenceScorer | None = None

    def load(self) -> None:
        """Load the shipped encoder, tokenizer and classifiers once."""
        if self.model_ is None:
            self.model_ = default_model()

    def __call__(self, article: Article) -> Article:
        self.load()
        claims = find_claims(
            article.text, article.sentences, article.attributions, article.denials, article.hedges, self.model_
        )
        return replace(article, claims=tuple(claims))


__all__ = [
    "CLAIM_THRESHOLD",
    "ClaimFinder",
    "ClaimModel",
    "SentenceScorer",
    "find_claims",
    "score_sentences",
]
