"""Denials: statements that deny, reject or decline to confirm, paired with their target.

A denial is found in four steps, by rules over the spaCy parse with the cue
lexicon ``lexicons/denials_cues.txt`` (each list there says where it comes from):

1. **Cue.** A denial verb ("denied", "debunks"); a rejecting verb whose object is
   a claim ("dismissed the reports"); a falsity word said of something ("is
   false", "a hoax", "bogus claims"); a phrase ("no such", "not true"); a refusal
   to confirm ("refused to confirm", "would neither confirm nor deny"); or a
   negated clause. Negation alone is not a denial. In the article's own voice it
   counts only when marked as a correction: "No, ...", an upper-case NOT,
   "actually", "after all", or set against a claim ("despite rumours"). Voiced
   by a source (inside an attribution's content, under a reporting verb, in
   quotes, after a "Source:" prefix) it counts when it answers another
   attribution's content, closely or categorically ("did not conclude any deal").
2. **Span.** The clause the cue belongs to, without its coordinated clauses or
   a "Source:" prefix, never across a line break.
3. **Source.** The attribution whose cue is the denial cue, else whose content
   holds the denial, else whose source has the clause subject's head noun
   ("the official"); None is the article's own voice.
4. **Target.** The other attribution whose content shares the most content words
   with the denial's clause, at least ``denials.links.MIN_TARGET_OVERLAP`` (see
   :func:`pick_target` for the stricter test a negated clause must pass).

Step 1 (the lexicon, the cue finders and the voice flags) lives in
:mod:`newsaudit.components.denials.cues`, steps 3 and 4 (source and target
linking) in :mod:`newsaudit.components.denials.links`; this module decides which
candidates are denials, builds their spans and attaches them.

"Declined to comment" and its kin are non-answers, not denials:
:func:`find_non_answers` returns them as spans labelled ``non_answer``.

No weights are learned: a logistic model over the candidates' cue kind and flags,
cross-validated by claim on Emergent, did no better than these rules (see
``training/train_denials.py`` and docs/parts/denials.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...article import Article, Attribution, Denial, EncodedSentence, Span
from ...encoder import against
from ...encoder.model import MODEL_DIR as ENCODER_DIR
from .. import BaseComponent
from .cues import (
    LEXICON_PATH,
    Candidate,
    Lexicon,
    answer_no,
    clause_head,
    colon_prefix,
    context_flags,
    load_lexicon,
    negation_cues,
    norm,
    parse_lexicon,
    phrase_hits,
    refusal_kind,
    single_token_cues,
)
from .links import anaphoric_target, pick_source, pick_target

VOICE_FLAGS = frozenset({"attributed", "speech", "quoted", "colon"})
# Kinds accepted on their own; the rest need the condition in ``rule_accepts``.
# fmt: off
SELF_SUFFICIENT = frozenset({
    "deny", "reject", "false_noun", "false_strong", "false_weak_claim", "false_adverb", "made_up",
    "refuse_confirm", "neither_confirm_nor_deny", "no_such", "not_true", "no_basis", "not_a_thing",
    "fake_news", "pants_on_fire", "urban_legend", "set_record_straight", "said_no", "answer_no",
})
# fmt: on
# A stance threshold no probability reaches: the head stays out of the decision.
NEVER = 1.01
# [phrases] kinds that are not cues but flags on their sentence.
FLAG_PHRASES = frozenset({"after_all"})


# --- decision --------------------------------------------------------------------------------------


def rule_accepts(kind: str, flags: frozenset[str], accept_voiced_negation: bool = False) -> bool:
    """Return True when the rules call a candidate a denial.

    ``accept_voiced_negation`` also accepts any negated statement a source voices
    ("X says the patient does not have Ebola") without a target: right in most
    headlines, too eager in article bodies ("police said he was not armed").
    """
    voiced = bool(flags & VOICE_FLAGS)
    if kind in SELF_SUFFICIENT:
        return True
    if kind in {"no_evidence", "no_plans"}:
        return voiced or bool(flags & {"target", "strong_target"})
    if kind != "negation":
        return False
    # Negation alone is not a denial: it must be marked as answering a claim,
    # and not be asked ("Why doesn't the media ask ...?").
    if "question" in flags:
        return False
    if flags & {"no_intj", "caps", "contrast", "corrective"}:
        return True
    # A voiced negated intention ("she would never ...") is a pledge, not a denial.
    if not voiced or "intent" in flags:
        return False
    # It must answer another attribution's content, closely or categorically ("did
    # not conclude any deal"): on articles a loose target alone was mostly topical
    # overlap ("anybody who complains ... is not having a good night").
    return accept_voiced_negation or "strong_target" in flags or {"target", "npi"} <= flags


def _clause_span(doc: Any, text: str, head: Any, cue: tuple[int, int]) -> Span:
    """Return the clause of ``head`` without coordinated clauses, on the cue's line, trimmed."""
    drop = {
        c.i
        for c in head.children
        if c.dep_ in {"conj", "cc"} and c.i > cue[1] and c.pos_ in {"VERB", "AUX", "CCONJ"}
    }
    dropped = {t.i for c in head.children if c.i in drop for t in c.subtree}
    indices = [t.i for t in head.subtree if t.i not in dropped]
    lo, hi = min([*indices, cue[0]]), max([*indices, cue[1] - 1])
    prefix = colon_prefix(doc, cue[0])
    if prefix is not None and prefix.end >= lo:
        lo = prefix.end + 1  # "WHO: reports untrue": the source prefix is not the statement
    # ``text`` is passed in: spaCy rebuilds ``doc.text`` on every access.
    cue_start, cue_end = doc[cue[0]].idx, doc[cue[1] - 1].idx + len(doc[cue[1] - 1].text)
    # A clause never runs across a line break: parses of page furniture sometimes do.
    start = max(doc[lo].idx, text.rfind("\n", 0, cue_start) + 1)
    line_end = text.find("\n", cue_end)
    end = min(doc[hi].idx + len(doc[hi].text), line_end if line_end >= 0 else len(text))
    while start < cue_start and (text[start].isspace() or _trim_char(text[start])):
        start += 1
    while end > cue_end and (text[end - 1].isspace() or _trim_char(text[end - 1])):
        end -= 1
    return Span(start, end, "denial")


def _trim_char(char: str) -> bool:
    return not char.isalnum() and char not in "%$€£)]"


def _token_span(token: Any) -> Span:
    return Span(token.idx, token.idx + len(token.text))


def find_candidates(
    text: str, doc: Any, attributions: Sequence[Attribution] = (), lexicon: Lexicon | None = None
) -> list[tuple[Candidate, Span, Span]]:
    """Return every denial candidate with its clause span and cue span, before the decision."""
    lex = lexicon or load_lexicon()
    phrases = list(phrase_hits(doc, lex))
    # "won't play Jobs after all", not "go after all these institutions".
    corrective_at = frozenset(
        s for k, s, e in phrases if k in FLAG_PHRASES and (e == len(doc) or doc[e].is_punct)
    )
    cues = [*single_token_cues(doc, lex), *((k, s, e) for k, s, e in phrases if k not in FLAG_PHRASES)]
    raw = [(k, s, e, clause_head(doc[s]).i) for k, s, e in cues]
    raw += [*negation_cues(doc, lex), *answer_no(doc, lex)]
    out = []
    for kind, start, end, head_i in sorted(raw, key=lambda r: (r[1], r[2], r[0])):
        if end <= start:
            continue  # a malformed cue range must never stop an audit
        head = doc[head_i]
        cue = Span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), kind)
        if kind == "negation" and any(
            a.cue is not None and a.cue.contains(_token_span(head)) for a in attributions
        ):
            continue  # "The inquiry found nothing": the negated verb is the report itself
        attributed = any(a.content.overlaps(cue) for a in attributions)
        flags = context_flags(doc, text, (start, end), head, lex, corrective_at, attributed)
        span = _clause_span(doc, text, head, (start, end))
        out.append((Candidate(kind, (start, end), head_i, frozenset(flags)), span, cue))
    return out


def _dedupe(found: list[Denial]) -> list[Denial]:
    """Keep one denial per clause (the first cue), numbered d1, d2, ... in text order."""
    kept: list[Denial] = []
    for d in sorted(found, key=lambda d: (d.span.start, -d.span.end, d.cue.start if d.cue else 0)):
        if not any(d.span.contains(k.span) or k.span.contains(d.span) for k in kept):
            kept.append(d)
    ordered = sorted(kept, key=lambda d: (d.span.start, d.span.end))
    return [replace(d, id=f"d{i}") for i, d in enumerate(ordered, 1)]


def denial_decisions(
    text: str,
    doc: Any,
    attributions: Sequence[Attribution],
    *,
    lexicon: Lexicon | None = None,
    accept_voiced_negation: bool = False,
) -> list[tuple[Denial, bool]]:
    """Return every candidate as a Denial with its source and target, and whether the rules accept it."""
    if doc is None:
        return []
    lex = lexicon or load_lexicon()
    out: list[tuple[Denial, bool]] = []
    for cand, span, cue in find_candidates(text, doc, attributions, lex):
        head = doc[cand.head]
        source = pick_source(doc, span, cue, head, attributions)
        target, close = pick_target(doc, span, cand, source, attributions)
        if target is None and cand.kind != "negation":
            target = anaphoric_target(doc, span, cand, source, attributions, lex)
        flags = set(cand.flags)
        if target is not None:
            flags.add("strong_target" if close else "target")
        denial = Denial("", span, source.id if source else None, target.id if target else None, cue)
        out.append((denial, rule_accepts(cand.kind, frozenset(flags), accept_voiced_negation)))
    return out


def _against_of(span: Span, encoded: Sequence[EncodedSentence]) -> float:
    """Return the stance head's P(against) of the encoded sentence that overlaps ``span`` most."""
    best, p = 0, 0.0
    for sentence in encoded:
        shared = min(span.end, sentence.sentence.end) - max(span.start, sentence.sentence.start)
        if shared > best:
            best, p = shared, against(sentence)
    return p


def find_denials(
    text: str,
    doc: Any,
    attributions: Sequence[Attribution],
    *,
    lexicon: Lexicon | None = None,
    accept_voiced_negation: bool = False,
    encoded: Sequence[EncodedSentence] = (),
    rescue: float = NEVER,
    alone: float = NEVER,
) -> list[Denial]:
    """Return the denials in ``text``, each tied to its voicing and target attributions.

    With ``encoded`` (the shared encoder's pass), the stance head joins the rules: a
    candidate the rules turned down is kept when its sentence has P(against) >= ``rescue``,
    and a sentence with P(against) >= ``alone`` and no candidate is a denial on its own
    (the whole sentence, no cue, voiced by the attribution whose content holds it).
    """
    decisions = denial_decisions(
        text, doc, attributions, lexicon=lexicon, accept_voiced_negation=accept_voiced_negation
    )
    found = [d for d, ok in decisions if ok or (encoded and _against_of(d.span, encoded) >= rescue)]
    for sentence in encoded if alone < NEVER else ():
        span = _trimmed(text, sentence.sentence)
        if span is None or against(sentence) < alone or any(d.span.overlaps(span) for d, _ in decisions):
            continue
        holder = [a for a in attributions if a.content.contains(span) or a.content.overlaps(span)]
        source = min(holder, key=lambda a: a.content.end - a.content.start) if holder else None
        found.append(Denial("", span, source.id if source else None, None, None))
    return _dedupe(found)


def _trimmed(text: str, span: Span) -> Span | None:
    """Return ``span`` without edge whitespace and punctuation (None: nothing left)."""
    start, end = span.start, span.end
    while start < end and _trim_char(text[start]):
        start += 1
    while end > start and _trim_char(text[end - 1]):
        end -= 1
    return Span(start, end, "denial") if start < end else None


def find_non_answers(text: str, doc: Any, lexicon: Lexicon | None = None) -> list[Span]:
    """Return "declined to comment"-like non-answers as spans labelled ``non_answer``."""
    lex = lexicon or load_lexicon()
    spans = []
    for tok in doc if doc is not None else ():
        refusal = refusal_kind(tok, lex)
        if refusal is not None and refusal[0] == "non_answer":
            first = doc[refusal[1]]
            spans.append(Span(first.idx, tok.idx + len(tok.text), "non_answer"))
    words = [norm(t.text) for t in doc or ()]
    for i in range(len(words) - 1):
        if words[i] == "no" and words[i + 1] == "comment":
            spans.append(Span(doc[i].idx, doc[i + 1].idx + len(doc[i + 1].text), "non_answer"))
    return sorted(set(spans))


def stance_thresholds(model_dir: Path = ENCODER_DIR) -> tuple[float, float]:
    """Return the (rescue, alone) P(against) thresholds chosen for the stance head, or NEVER."""
    path = model_dir / "config.json"
    if not path.is_file():
        return NEVER, NEVER
    config = json.loads(path.read_text(encoding="utf-8"))
    return float(config.get("against_rescue", NEVER)), float(config.get("against_alone", NEVER))


class DenialFinder(BaseComponent):
    """Attach denials: the rules, joined by the shared encoder's stance head when it ran."""

    name = "denials"
    requires = ("text", "doc", "attributions")
    optional = ("encoded",)
    assigns = ("denials",)
    lexicon_: Lexicon | None = None
    thresholds_: tuple[float, float] | None = None

    def load(self) -> None:
        """Load the cue lexicon and the stance thresholds once."""
        if self.lexicon_ is None:
            self.lexicon_ = load_lexicon()
        if self.thresholds_ is None:
            self.thresholds_ = stance_thresholds()

    def __call__(self, article: Article) -> Article:
        self.load()
        assert self.thresholds_ is not None
        rescue, alone = self.thresholds_
        found = find_denials(
            article.text,
            article.doc,
            article.attributions,
            lexicon=self.lexicon_,
            encoded=article.encoded,
            rescue=rescue,
            alone=alone,
        )
        return replace(article, denials=tuple(found))


__all__ = [
    "FLAG_PHRASES",
    "LEXICON_PATH",
    "NEVER",
    "SELF_SUFFICIENT",
    "VOICE_FLAGS",
    "Candidate",
    "DenialFinder",
    "Lexicon",
    "anaphoric_target",
    "denial_decisions",
    "find_candidates",
    "find_denials",
    "find_non_answers",
    "load_lexicon",
    "parse_lexicon",
    "pick_source",
    "pick_target",
    "rule_accepts",
]
