"""Sourcing score: how well the article's statements rest on named, independent sources.

The score starts at ``BASE`` and moves only through :class:`Reason` objects, each citing the
spans that caused it. Reasons fall in four dimensions (``DIMENSIONS``), each a sub-score of its
own: *sourcing* (who says so), *independence* (self-report), *corroboration* (claims carried by
two independent sources) and *balance* (the criticised party heard, loaded labels). The rules and
weights are documented in ``docs/scoring.md`` and live in ``WEIGHTS`` below.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..article import Article, Attribution, Denial, Reason, Score, Span, SubScore
from ..labels import ON_RECORD_TYPES, SCORE_LABELS, UNNAMED_TYPES
from . import BaseComponent
from .dimensions import Evidence, balance_reasons, corroboration_reasons, gather, independence_reasons

BASE = 50.0

# Each weight is the largest effect of one rule, in score points. Calibrated so that careful
# reporting with named, on-record sources lands in "well sourced", a central claim on anonymous
# sources that is denied lands in "poorly sourced" but above an unsourced polemic (tests pin this
# order on hand-written articles; docs/scoring.md explains each rule).
WEIGHTS: dict[str, float] = {
    "on_record_share": 35.0,  # times the share of attributed content on the record
    "unnamed_share": -18.0,  # times the share of attributed content on unnamed or anonymous sources
    "outlet_share": -8.0,  # times the share relayed from another media outlet
    "own_voice": -40.0,  # times the share of the text in the article's own voice (beyond half)
    "no_sources": -50.0,  # an article of several sentences with no attributed statement at all
    "relay": -3.0,  # per relayed attribution (hearsay of hearsay), capped
    "relay_cap": -6.0,
    "denied_weak": -4.0,  # per denial answering a claim on unnamed / relayed sources, capped
    "denied_weak_cap": -8.0,
    "denied_other": -2.0,  # per other denial: the matter is contested, capped
    "denied_other_cap": -4.0,
    "verification_hedge": -5.0,  # "could not be independently verified", capped
    "verification_cap": -10.0,
    "distancing_hedge": -1.5,  # "reportedly", "allegedly", capped
    "distancing_cap": -6.0,
    "document": 4.0,  # per cited document (report, filing, data), capped
    "document_cap": 8.0,
    "several_named": 5.0,  # three or more distinct named sources
    "claims_on_record": 10.0,  # times the share of check-worthy claims resting on on-record sources
    "claims_weak": -4.0,  # times the share resting only on unnamed, outlet or relayed sources
    "claims_weak_denied": -3.0,  # per such claim that a denial in the article answers, capped
    "claims_weak_denied_cap": -6.0,
    # independence
    "self_share": -18.0,  # times the share of attributed content that is self-report
    "claims_self": -4.0,  # times the share of check-worthy claims resting only on self-report
    # corroboration
    "corroborated": 10.0,  # times the share of sourced claims carried by 2+ independent sources
    "one_origin": -8.0,  # every sourced claim comes from one party (2+ claims)
    # balance
    "response_heard": 6.0,  # the party criticised is quoted, denies, or its response was sought
    "response_missing": -8.0,  # per criticised party neither quoted nor asked, capped
    "response_missing_cap": -12.0,
    "loaded_label": -4.0,  # per loaded label in the article's own voice, capped
    "loaded_label_cap": -16.0,
    "one_sided": -16.0,  # 2+ loaded labels in its own voice, a labelled party not heard
}
DIMENSIONS = ("sourcing", "independence", "corroboration", "balance")
MIN_SENTENCES = 3  # below this, the text is too short to judge its sourcing


@dataclass(frozen=True, slots=True)
class _Shares:
    on_record: list[Attribution]
    unnamed: list[Attribution]
    outlets: list[Attribution]
    total: int


# Cues of belief and attitude ("knows", "believes", "admires") are attributions in the
# PolNeAR sense, but they report what someone thinks, not a statement resting on them:
# "every decent citizen knows the truth" is rhetoric, not a source.
NOT_SOURCING_CLASSES = frozenset({"cognition", "attitude"})


# "The Pentagon declined to comment", "did not respond to requests for comment": the
# ledger keeps them (a reader wants to know who was asked), but they say nothing, so
# they neither raise nor lower the score.
_NO_COMMENT = re.compile(
    r"^\W*(?:to\s+)?(?:immediately\s+)?(?:comment|respond|reply|elaborate|be\s+interviewed|"
    r"(?:confirm|discuss|say)\s+(?:or\s+deny\s+)?(?:it|this|that|the\s+\w+|further|more)?\W*$)",
    re.IGNORECASE,
)


_GOES_ON = re.compile(r"\b(?:saying|adding|but|although|though|while)\b|[,;:]", re.IGNORECASE)


def says_nothing(article: Article, a: Attribution) -> bool:
    """Return True for a refusal to comment: an attribution whose content is no statement.

    Short contents only, and none that go on to say something ("declined to comment on the
    deal, saying talks continue").
    """
    content = article.text[a.content.start : a.content.end]
    return len(content.split()) <= 8 and not _GOES_ON.search(content) and bool(_NO_COMMENT.match(content))


def sourcing_attributions(article: Article) -> tuple[Attribution, ...]:
    """Return the attributions that report statements (speech, documents, evidence)."""
    from .attribution.cues import verb_classes

    classes = verb_classes()
    kept = []
    for a in article.attributions:
        if says_nothing(article, a):
            continue
        lemma = _cue_lemma(article, a)
        found = set(classes.get(lemma, ())) if lemma else set()
        if found and found <= NOT_SOURCING_CLASSES:
            continue
        kept.append(a)
    return tuple(kept)


def _cue_lemma(article: Article, a: Attribution) -> str | None:
    if a.cue is None:
        return None
    if article.doc is not None:
        span = article.doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
        if span is not None and len(span):
            return str(span.root.lemma_).lower()
    words = article.text[a.cue.start : a.cue.end].lower().split()
    return words[-1] if words else None


def _length(a: Attribution) -> int:
    return max(a.content.end - a.content.start, 1)


def _shares(attributions: Sequence[Attribution], self_ids: frozenset[str] = frozenset()) -> _Shares:
    # Self-report is on the record but earns no on-record credit: independence weighs it.
    return _Shares(
        on_record=[a for a in attributions if a.source_type in ON_RECORD_TYPES and a.id not in self_ids],
        unnamed=[a for a in attributions if a.source_type in UNNAMED_TYPES],
        outlets=[a for a in attributions if a.source_type == "media_outlet"],
        total=sum(_length(a) for a in attributions),
    )


def _share(group: list[Attribution], total: int) -> float:
    return sum(_length(a) for a in group) / total if total else 0.0


def _sources(group: Sequence[Attribution]) -> tuple[Span, ...]:
    return tuple(sorted({a.source for a in group}))


def _capped(count: int, each: str, cap: str) -> float:
    return (
        max(WEIGHTS[each] * count, WEIGHTS[cap])
        if WEIGHTS[each] < 0
        else min(WEIGHTS[each] * count, WEIGHTS[cap])
    )


# On-record credit is full only when at least this share of the text is attributed: two
# well-sourced sentences do not make a page of unsourced assertion well sourced.
FULL_CREDIT_COVERAGE = 0.5


def _share_reasons(
    attributions: Sequence[Attribution], coverage: float = 1.0, self_ids: frozenset[str] = frozenset()
) -> list[Reason]:
    s = _shares(attributions, self_ids)
    reasons = []
    rules = (
        (
            s.on_record,
            "on_record_share",
            "{pct:.0%} of attributed content rests on named, on-record, independent sources or documents ({n})",
        ),
        (
            s.unnamed,
            "unnamed_share",
            "{pct:.0%} of attributed content rests on unnamed or anonymous sources ({n})",
        ),
        (
            s.outlets,
            "outlet_share",
            "{pct:.0%} of attributed content is relayed from other media outlets ({n})",
        ),
    )
    credit = min(1.0, coverage / FULL_CREDIT_COVERAGE)
    for group, key, template in rules:
        if group:
            pct = _share(group, s.total)
            text = template.format(pct=pct, n=len(group))
            weight = WEIGHTS[key]
            if key == "on_record_share" and credit < 1.0:
                weight *= credit
                text += f", but only {coverage:.0%} of the text is attributed at all"
            reasons.append(Reason(text, round(weight * pct, 1), _sources(group)))
    return reasons


def _coverage(article: Article) -> float:
    sentence_chars = sum(s.end - s.start for s in article.sentences) or len(article.text)
    covered = _union_length([a.content for a in article.attributions])
    return min(covered / sentence_chars, 1.0) if sentence_chars else 0.0


def _union_length(spans: Sequence[Span]) -> int:
    total, end = 0, -1
    for sp in sorted(spans):
        start = max(sp.start, end)
        if sp.end > start:
            total += sp.end - start
        end = max(end, sp.end)
    return total


def _voice_reasons(article: Article) -> list[Reason]:
    if not article.attributions:
        if len(article.sentences) >= MIN_SENTENCES:
            text = "no statement is attributed to any source: everything rests on the article's own voice"
            return [Reason(text, WEIGHTS["no_sources"], article.sentences[:3])]
        return []
    own = 1.0 - _coverage(article)
    if own <= 0.5:
        return []
    effect = round(WEIGHTS["own_voice"] * (own - 0.5) / 0.5, 1)
    text = f"{own:.0%} of the text is in the article's own voice, with no source given"
    unattributed = tuple(
        s for s in article.sentences if not any(a.content.overlaps(s) for a in article.attributions)
    )
    return [Reason(text, effect, unattributed[:5])]


def _relay_reasons(article: Article) -> list[Reason]:
    relayed = [a for a in article.attributions if a.parent is not None]
    if not relayed:
        return []
    spans = tuple(
        sorted(
            {a.source for a in relayed}
            | {p.source for a in relayed if (p := article.attribution(a.parent or ""))}
        )
    )
    text = f"{len(relayed)} statement(s) reach the reader second-hand, relayed through another source (hearsay of hearsay)"
    return [Reason(text, _capped(len(relayed), "relay", "relay_cap"), spans)]


def _is_weak(article: Article, attribution_id: str | None) -> bool:
    target = article.attribution(attribution_id) if attribution_id else None
    if target is None:
        return False
    return (
        target.source_type in UNNAMED_TYPES
        or target.source_type == "media_outlet"
        or target.parent is not None
    )


def _denial_reasons(article: Article) -> list[Reason]:
    weak = [d for d in article.denials if _is_weak(article, d.target)]
    other = [d for d in article.denials if d not in weak]
    reasons = []
    if weak:
        text = f"{len(weak)} denial(s) answer a claim that rests on unnamed or relayed sources"
        reasons.append(
            Reason(text, _capped(len(weak), "denied_weak", "denied_weak_cap"), _denial_spans(article, weak))
        )
    if other:
        text = f"{len(other)} denial(s) or rejection(s) quoted: the matter is contested"
        reasons.append(
            Reason(
                text, _capped(len(other), "denied_other", "denied_other_cap"), _denial_spans(article, other)
            )
        )
    return reasons


def _denial_spans(article: Article, denials: Sequence[Denial]) -> tuple[Span, ...]:
    spans = [d.span for d in denials]
    for d in denials:
        target = article.attribution(d.target) if d.target else None
        if target is not None:
            spans.append(target.content)
    return tuple(sorted(set(spans)))


def _hedge_reasons(hedges: Sequence[Span]) -> list[Reason]:
    reasons = []
    for kind, text in (
        ("verification", "the article says {n} claim(s) could not be verified"),
        ("distancing", "{n} distancing hedge(s) such as 'reportedly' or 'allegedly'"),
    ):
        found = tuple(h for h in hedges if h.label == kind)
        if found:
            effect = _capped(
                len(found), f"{kind}_hedge", f"{kind}_cap" if kind == "verification" else "distancing_cap"
            )
            reasons.append(Reason(text.format(n=len(found)), effect, found))
    return reasons


def _named_reasons(
    attributions: Sequence[Attribution], self_ids: frozenset[str] = frozenset()
) -> list[Reason]:
    reasons = []
    attributions = [a for a in attributions if a.id not in self_ids]
    docs = [a for a in attributions if a.source_type == "document"]
    if docs:
        text = f"{len(docs)} statement(s) rest on documents the reader can look up"
        reasons.append(Reason(text, _capped(len(docs), "document", "document_cap"), _sources(docs)))
    named = [a for a in attributions if a.source_type in ("named_person", "named_organization")]
    distinct = {(a.name or "").lower() or a.source.label for a in named}
    if len(distinct) >= 3:
        text = f"{len(distinct)} distinct named sources are quoted"
        reasons.append(Reason(text, WEIGHTS["several_named"], _sources(named)))
    return reasons


def _claim_kind(
    article: Article, attribution_ids: Sequence[str], self_ids: frozenset[str] = frozenset()
) -> str:
    linked = [
        a
        for i in attribution_ids
        if (a := article.attribution(i)) is not None and not says_nothing(article, a)
    ]
    if not linked:
        return "own_voice"
    on_record = [a for a in linked if a.source_type in ON_RECORD_TYPES and a.parent is None]
    if any(a.id not in self_ids for a in on_record):
        return "on_record"
    return "self" if on_record else "weak"


def _claim_reasons(article: Article, self_ids: frozenset[str] = frozenset()) -> list[Reason]:
    if not article.claims:
        return []
    kinds = {c.id: _claim_kind(article, c.attributions, self_ids) for c in article.claims}
    total = len(article.claims)
    strong = [c for c in article.claims if kinds[c.id] == "on_record"]
    weak = [c for c in article.claims if kinds[c.id] == "weak"]
    denied = [c for c in weak if c.denials]
    reasons = []
    if strong:
        text = f"{len(strong)} of {total} check-worthy claims rest on a named, on-record, independent source or a document"
        reasons.append(
            Reason(
                text,
                round(WEIGHTS["claims_on_record"] * len(strong) / total, 1),
                tuple(c.span for c in strong),
            )
        )
    if weak:
        text = f"{len(weak)} of {total} check-worthy claims rest only on unnamed, anonymous, outlet or relayed sources"
        reasons.append(
            Reason(text, round(WEIGHTS["claims_weak"] * len(weak) / total, 1), tuple(c.span for c in weak))
        )
    if denied:
        text = f"{len(denied)} such claim(s) are denied in the article itself"
        effect = _capped(len(denied), "claims_weak_denied", "claims_weak_denied_cap")
        reasons.append(Reason(text, effect, tuple(c.span for c in denied)))
    return reasons


def label_for(value: int) -> str:
    """Return the band label of a score value."""
    for lowest, label in SCORE_LABELS:
        if value >= lowest:
            return label
    return SCORE_LABELS[-1][1]


def _clamped(effects: float) -> int:
    return round(min(max(BASE + effects, 0.0), 100.0))


def score_article(article: Article) -> tuple[Score, list[str]]:
    """Return the sourcing score of a processed article and the limits of the judgement.

    Each dimension's sub-score is ``BASE`` plus its own reasons' effects, clamped; the overall
    score is ``BASE`` plus the effects of all reasons, clamped (the sub-scores' sum of moves).
    """
    full = article
    article = replace(article, attributions=sourcing_attributions(article))
    ev = gather(full, article.attributions, [a for a in full.attributions if says_nothing(full, a)])
    by_dimension = {
        "sourcing": [
            *_share_reasons(article.attributions, _coverage(article), ev.self_ids),
            *_voice_reasons(article),
            *_relay_reasons(article),
            *_denial_reasons(article),
            *_hedge_reasons(article.hedges),
            *_named_reasons(article.attributions, ev.self_ids),
            *_claim_reasons(article, ev.self_ids),
        ],
        "independence": independence_reasons(article, ev, WEIGHTS),
        "corroboration": corroboration_reasons(article, ev, WEIGHTS),
        "balance": balance_reasons(full, ev, WEIGHTS),
    }
    limits = _dimension_limits(article, ev)
    dimensions = tuple(
        SubScore(
            name,
            _clamped(sum(r.effect for r in rs)) if rs or name == "sourcing" else None,
            tuple(rs),
            tuple(limits.get(name, ())),
        )
        for name, rs in by_dimension.items()
    )
    reasons = tuple(r for rs in by_dimension.values() for r in rs)
    value = _clamped(sum(r.effect for r in reasons))
    return Score(value, label_for(value), reasons, dimensions), _limits(article)


def _dimension_limits(article: Article, ev: Evidence) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {
        "independence": [
            "Self-report is read from names, pronouns and the headline; a party named only by a "
            "common noun that was not resolved to its name is not recognised."
        ],
        "corroboration": [
            "Two statements carry the same claim only when they share distinctive words: a paraphrase is missed."
        ],
        "balance": [],
    }
    if not article.claims:
        out["corroboration"].append(
            "No check-worthy claims were found; each attributed statement is taken as a claim."
        )
    if not ev.labels and not article.denials and not any(a.id in ev.refusals for a in ev.everyone):
        out["balance"].append(
            "No party is accused, labelled or asked for comment that could be recognised, so balance is not judged."
        )
    return out


def _limits(article: Article) -> list[str]:
    limits = [
        "Whether quoted people said what is attributed to them is not checked against any outside record.",
        "Statements in the article's own voice are not fact-checked; only their sourcing is judged.",
        "Sources referred to only by common nouns or by pronouns beyond the nearest named person may be typed or resolved wrongly.",
    ]
    if len(article.sentences) < MIN_SENTENCES:
        limits.insert(
            0, f"The text has fewer than {MIN_SENTENCES} sentences: too short to judge its sourcing."
        )
    if not article.attributions:
        limits.append("No attributed statement was found, so source quality could not be judged.")
    if article.denials and not any(d.target for d in article.denials):
        limits.append("A denial was found but the claim it answers could not be identified in the text.")
    return limits


class SourcingScorer(BaseComponent):
    """Attach the sourcing score and the limits of the judgement."""

    name = "scoring"
    requires = ("text", "sentences", "attributions", "denials", "hedges")
    # Read when present: the parse gives cue lemmas (else the cue's last word is used) and the
    # entities that mark places (not parties); when a "claims" component ran, claims weigh too.
    optional = ("doc", "entities", "claims")
    assigns = ("score", "limits")

    def __call__(self, article: Article) -> Article:
        score, limits = score_article(article)
        return replace(article, score=score, limits=(*article.limits, *limits))
