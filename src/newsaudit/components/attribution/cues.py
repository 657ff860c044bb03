"""Which tokens are attribution cues: features and a small logistic-regression scorer.

A cue is the head of a reporting phrase ("said", "told", "has called for",
"claimed", "according to", "statement"). Whether "called" or "shows" reports
someone's words depends on its context, so each verb or noun is scored by a
logistic regression over sparse features of its lemma, form and dependency
context. The weights are learned from PolNeAR train by
``training/train_attribution.py`` and shipped as JSON
(``models/attribution/cue_model.json``); scoring is a dictionary lookup and a
sigmoid per candidate token, cheap next to the spaCy parse.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import ModelError
from ...lexicons import read_lexicon
from .quotes import quote_at
from .syntax import is_according, subject_token

Token = Any

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "attribution" / "cue_model.json"
CANDIDATE_POS = frozenset({"VERB", "NOUN", "AUX"})
# Dependents whose presence tells a reporting use from another sense of the verb.
CONTEXT_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "ccomp",
        "xcomp",
        "dobj",
        "dative",
        "agent",
        "advcl",
        "parataxis",
        "aux",
        "neg",
        "poss",
        "acl",
        "relcl",
        "prt",
        "oprd",
        "mark",
        "attr",
    }
)
ENTITY_KINDS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@lru_cache(maxsize=1)
def verb_classes() -> dict[str, tuple[str, ...]]:
    """Return lemma -> the verb classes it belongs to (lexicons/attribution_verb_classes.txt)."""
    out: dict[str, list[str]] = {}
    for cls, lemma in read_lexicon("attribution_verb_classes.txt"):
        out.setdefault(lemma, []).append(cls)
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


@dataclass(frozen=True)
class CueModel:
    """Logistic-regression weights over cue features, and the decision threshold."""

    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, feats: list[str]) -> float:
        """Return P(cue | features)."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        """Return the model as JSON (sorted, so a retrain diffs cleanly)."""
        data = {
            "meta": self.meta,
            "bias": round(self.bias, 4),
            "threshold": self.threshold,
            "weights": {k: round(v, 3) for k, v in sorted(self.weights.items())},
        }
        return json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> CueModel:
    """Load the shipped cue model (once per path)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot read the attribution cue model {path}: {exc}; "
            "reinstall newsaudit or run training/train_attribution.py"
        ) from exc
    return CueModel(
        weights=data["weights"], bias=data["bias"], threshold=data["threshold"], meta=data.get("meta", {})
    )


def candidates(doc: Any) -> Iterator[Token]:
    """Yield the tokens that may head a cue: verbs, nouns, auxiliaries and "according"."""
    for tok in doc:
        if tok.pos_ in CANDIDATE_POS or is_according(tok):
            yield tok


def _subject_kind(tok: Token) -> str:
    subj = subject_token(tok)
    if subj is None:
        return "none"
    if subj.ent_type_ in ENTITY_KINDS:
        return str(subj.ent_type_)
    return str(subj.pos_)


def features(tok: Token, quotes: list[tuple[int, int]], quoted: frozenset[int] | None = None) -> list[str]:
    """Return the sparse features of candidate cue ``tok``.

    ``quoted`` is ``quoted_sentence_tokens(doc, quotes)``; pass it when scoring many
    tokens of one document (it is computed here otherwise).
    """
    if quoted is None:
        quoted = quoted_sentence_tokens(tok.doc, quotes)
    lem = tok.lemma_.lower()
    feats = [
        f"l={lem}",
        f"t={tok.tag_}",
        f"d={tok.dep_}",
        f"l|d={lem}|{tok.dep_}",
        f"l|t={lem}|{tok.tag_}",
        f"p={tok.pos_}",
    ]
    kids = {c.dep_ for c in tok.children} & CONTEXT_DEPS
    for k in sorted(kids):
        feats += [f"k={k}", f"l|k={lem}|{k}"]
    for c in tok.children:
        if c.dep_ == "prep" and c.i > tok.i:
            feats += [f"pr={c.lower_}", f"l|pr={lem}|{c.lower_}"]
        if c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            feats.append(f"l|that={lem}")
    kind = _subject_kind(tok)
    feats += [f"s={kind}", f"l|s={lem}|{kind}"]
    for cls in verb_classes().get(lem, ("none",)):
        feats += [f"vc={cls}", f"vc|d={cls}|{tok.dep_}", f"vc|s={cls}|{kind}", f"vc|p={cls}|{tok.pos_}"]
        feats += [f"vc|k={cls}|{k}" for k in sorted(kids)]
    feats += _argument_features(tok, lem)
    if tok.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl", "pcomp"):
        feats += [f"h={tok.head.lemma_.lower()}", f"h|d={tok.head.lemma_.lower()}|{tok.dep_}"]
    feats += _quote_features(tok, lem, quotes, quoted)
    return feats


def _argument_features(tok: Token, lem: str) -> list[str]:
    """Describe the subject, object and clause the candidate takes, and its neighbours."""
    feats = []
    subj = subject_token(tok)
    if subj is not None:
        feats.append(f"sl={subj.lemma_.lower()}")
    for c in tok.children:
        if c.dep_ in ("dobj", "ccomp", "xcomp", "dative"):
            feats += [f"{c.dep_}l={c.lemma_.lower()}", f"{c.dep_}p={c.pos_}", f"l|{c.dep_}p={lem}|{c.pos_}"]
        elif c.dep_ in ("aux", "auxpass") and c.lower_ not in ("to",):
            feats.append(f"aux={c.lemma_.lower()}")
        elif c.dep_ == "prt":
            feats.append(f"l|prt={lem}|{c.lower_}")
    doc = tok.doc
    prev_w = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    next_w = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    feats += [f"w-1={prev_w}", f"w+1={next_w}", f"l|w+1={lem}|{next_w}"]
    return feats


def _quote_features(tok: Token, lem: str, quotes: list[tuple[int, int]], quoted: frozenset[int]) -> list[str]:
    feats = []
    if quote_at(quotes, tok.idx) is not None:
        feats += ["inq", f"l|inq={lem}"]
    if tok.i in quoted:
        feats += ["sq", f"l|sq={lem}"]
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.is_punct and nxt.text in ".!?":
        feats.append("final")
    return feats


def quoted_sentence_tokens(doc: Any, quotes: list[tuple[int, int]]) -> frozenset[int]:
    """Return the indices of tokens whose sentence overlaps a quotation (once per document)."""
    out: set[int] = set()
    for sent in doc.sents:
        if any(q[0] < sent.end_char and sent.start_char < q[1] for q in quotes):
            out.update(range(sent.start, sent.end))
    return frozenset(out)


def score_cues(
    doc: Any, quotes: list[tuple[int, int]], model: CueModel, floor: float | None = None
) -> list[tuple[Token, float]]:
    """Return ``(token, probability)`` for every candidate at or above ``floor`` (default: the threshold)."""
    floor = model.threshold if floor is None else floor
    quoted = quoted_sentence_tokens(doc, quotes)
    out = []
    for tok in candidates(doc):
        if is_according(tok):
            out.append((tok, 1.0))  # "according to" always attributes
            continue
        p = model.probability(features(tok, quotes, quoted))
        if p >= floor:
            out.append((tok, p))
    return out
