"""Check-worthy claims: sentences that state checkable facts, with what they rest on.

A sentence's check-worthiness is a head of the shared encoder (``newsaudit.encoder``;
all-MiniLM-L6-v2 fine-tuned multi-task, CheckThat! 2024 English among its tasks): a
384-256-1 perceptron over the sentence's mean-pooled, L2-normalised vector. The ``encoder``
component has already run it for every sentence (``Article.encoded``), so this component
runs no encoder of its own.

A sentence whose score reaches the shipped threshold (chosen by grouped cross-validation on
CheckThat! dev-test, ``models/encoder/config.json``; :data:`CLAIM_THRESHOLD` is the fallback)
becomes a :class:`Claim`, linked to the attributions whose content it overlaps (and the
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

from ..article import Article, Attribution, Claim, Denial, EncodedSentence, Span
from ..encoder.model import MODEL_DIR as ENCODER_DIR
from ..encoder.model import SharedEncoder
from ..errors import ModelError
from . import BaseComponent

# The fallback threshold; the shipped one is chosen by grouped CV (training/select_encoder.py).
CLAIM_THRESHOLD = 0.5
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
    """The check-worthiness head of the shared encoder and its chosen threshold.

    ``score`` runs the shared encoder over bare texts (evaluation, tests); in the pipeline
    the scores come from ``Article.encoded`` and no encoder is loaded here.
    """

    def __init__(self, model_dir: Path = ENCODER_DIR) -> None:
        config = model_dir / "config.json"
        if not config.is_file():
            raise ModelError(f"claims: shared encoder config missing in {model_dir}; see docs/models.md")
        self.model_dir = model_dir
        self.config: dict[str, Any] = json.loads(config.read_text(encoding="utf-8"))
        self.threshold = float(self.config.get("checkworthy_threshold", CLAIM_THRESHOLD))
        self._encoder: SharedEncoder | None = None

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return the check-worthiness in [0, 1] of each text, each read as one sentence."""
        if not texts:
            return []
        if self._encoder is None:
            self._encoder = SharedEncoder(self.model_dir)
        return [float(p) for p in self._encoder.score_texts(texts)[0]]


@lru_cache(maxsize=1)
def default_model() -> ClaimModel:
    """Return the shipped model, loaded once per process."""
    return ClaimModel()


def score_sentences(texts: Sequence[str], model: SentenceScorer | None = None) -> list[float]:
    """Return the check-worthiness in [0, 1] of each sentence (the shipped model by default)."""
    return (model or default_model()).score(texts)


def encoded_scores(spans: Sequence[Span], encoded: Sequence[EncodedSentence]) -> list[float]:
    """Return, for each span, the check-worthiness of the encoded sentence it overlaps most."""
    out = []
    for span in spans:
        best, score = 0, 0.0
        for sentence in encoded:
            shared = min(span.end, sentence.sentence.end) - max(span.start, sentence.sentence.start)
            if shared > best:
                best, score = shared, sentence.checkworthiness
        out.append(score)
    return out


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
    encoded: Sequence[EncodedSentence] = (),
) -> list[Claim]:
    """Return the check-worthy sentences of ``text`` as claims with their links, in text order.

    Scores come from ``encoded`` (the shared encoder's pass) when given, else from ``model``.
    """
    candidates = sorted(claim_candidates(text, sentences))
    if not candidates:
        return []
    scorer = model or default_model()
    cut = scorer.threshold if threshold is None else threshold
    if encoded:
        scores = encoded_scores(candidates, encoded)
    else:
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
    requires = ("text", "sentences", "encoded", "attributions", "denials", "hedges")
    assigns = ("claims",)
    model_: SentenceScorer | None = None

    def load(self) -> None:
        """Load the chosen threshold (the scores are on ``Article.encoded``)."""
        if self.model_ is None:
            self.model_ = default_model()

    def __call__(self, article: Article) -> Article:
        self.load()
        claims = find_claims(
            article.text,
            article.sentences,
            article.attributions,
            article.denials,
            article.hedges,
            self.model_,
            encoded=article.encoded,
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
