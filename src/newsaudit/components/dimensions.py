"""The reasons of the independence, corroboration and balance sub-scores (weights from scoring).

Pure functions of an article and a :class:`Evidence` bundle; ``components/scoring.py`` adds
them to the sourcing reasons and explains the weights (``docs/scoring.md``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..article import Article, Attribution, Reason, Span
from .balance import Criticised, accusations, carried_claims, heard, labelled, origin, party_clusters
from .independence import SelfReport, parties, self_reports
from .techniques.loaded_labels import find_loaded_labels


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the three dimensions read: parties, self-reports, responses, refusals, loaded labels."""

    sourcing: tuple[Attribution, ...]  # attributions that report statements
    everyone: tuple[Attribution, ...]  # all attributions, refusals to comment included
    refusals: frozenset[str]  # ids of refusals to comment: a response sought
    party_of: Mapping[str, set[str]]
    selfrep: tuple[SelfReport, ...]
    responses: frozenset[str]  # ids of attributions that deny: a party answering
    labels: tuple[Span, ...]  # loaded labels in the article's own voice

    @property
    def self_ids(self) -> frozenset[str]:
        """Return the ids of the self-report attributions."""
        return frozenset(s.attribution for s in self.selfrep)


def gather(article: Article, sourcing: Sequence[Attribution], refusals: Sequence[Attribution]) -> Evidence:
    """Return the evidence of the three dimensions for an article and its sourcing attributions.

    ``refusals`` are the refusals to comment ("did not respond to requests for comment").
    """
    kept = {a.id for a in sourcing} | {a.id for a in refusals}
    # A denial voiced by a source is a party answering; one voiced by a belief or attitude
    # ("the mob want you to believe ... They are not.") is the article's rhetoric.
    responses = frozenset(
        a.id
        for a in article.attributions
        if a.id in kept and any(d.source == a.id or a.content.overlaps(d.span) for d in article.denials)
    )
    # Quotes are left out by the finder; reported speech without quote marks is the outlet's own
    # wording ("security forces foiled a plot by foreign-backed extremists, the ministry said").
    labels = tuple(t.span for t in find_loaded_labels(article.text))
    return Evidence(
        sourcing=tuple(sourcing),
        everyone=article.attributions,
        refusals=frozenset(a.id for a in refusals),
        party_of=parties(article, article.attributions),
        selfrep=tuple(self_reports(article, sourcing, responses)),
        responses=responses,
        labels=labels,
    )


def _length(a: Attribution) -> int:
    return max(a.content.end - a.content.start, 1)


def independence_reasons(article: Article, ev: Evidence, w: Mapping[str, float]) -> list[Reason]:
    """Return the independence reasons: the share of attributed content that is self-report."""
    if not ev.selfrep:
        return []
    total = sum(_length(a) for a in ev.sourcing)
    own = [a for a in ev.sourcing if a.id in ev.self_ids]
    share = sum(_length(a) for a in own) / total if total else 0.0
    whys = sorted({s.why.split(" (")[0] for s in ev.selfrep})
    text = (
        f"{share:.0%} of attributed content is self-report: the source speaks about its own "
        f"party ({len(own)}; {'; '.join(whys)})"
    )
    spans = tuple(sorted({a.source for a in own} | {s.evidence for s in ev.selfrep}))
    effect = round(w["self_share"] * share, 1)
    reasons = [Reason(text, effect, spans, "independence")] if effect else []
    if article.claims:
        only_self = [c for c in article.claims if c.attributions and _rests_only_on(c.attributions, ev)]
        if only_self:
            n = len(article.claims)
            text = f"{len(only_self)} of {n} check-worthy claims rest only on the party they concern"
            effect = round(w["claims_self"] * len(only_self) / n, 1)
            reasons.append(Reason(text, effect, tuple(c.span for c in only_self), "independence"))
    return reasons


def _rests_only_on(ids: Sequence[str], ev: Evidence) -> bool:
    linked = [i for i in ids if any(a.id == i for a in ev.sourcing)]
    return bool(linked) and all(i in ev.self_ids for i in linked)


def corroboration_reasons(article: Article, ev: Evidence, w: Mapping[str, float]) -> list[Reason]:
    """Return the corroboration reasons: claims carried by two independent sources, or all by one."""
    units = carried_claims(article, ev.sourcing, dict(ev.party_of))
    reasons = []
    both = [u for u in units if len(u.origins) >= 2]
    if both:
        text = f"{len(both)} of {len(units)} sourced claims are carried by two or more independent sources"
        spans = tuple(sorted({u.span for u in both} | {s for u in both for s in u.sources}))
        effect = round(w["corroborated"] * len(both) / len(units), 1)
        reasons.append(Reason(text, effect, spans, "corroboration"))
    # The whole story from one origin: every statement but the answers to it (denials).
    told = [a for a in ev.sourcing if a.id not in ev.responses]
    clusters = party_clusters({a.id: set(ev.party_of.get(a.id, set())) for a in told})
    if len(told) >= 2 and len({origin(article, a, clusters) for a in told}) == 1:
        text = f"every statement ({len(told)}) comes from one source: nothing is corroborated independently"
        reasons.append(
            Reason(text, w["one_origin"], tuple(sorted({a.source for a in told})), "corroboration")
        )
    return reasons


def balance_reasons(article: Article, ev: Evidence, w: Mapping[str, float]) -> list[Reason]:
    """Return the balance reasons: criticised parties heard or not, loaded labels, one-sidedness."""
    speakers: dict[int, set[str]] = {}
    for a in ev.everyone:
        for s in article.sentences:
            if s.overlaps(a.source):
                speakers.setdefault(s.start, set()).update(ev.party_of.get(a.id, set()))
    accused = accusations(article, speakers)
    tagged = labelled(article, ev.labels)
    # Labels may glorify as well as condemn, so only accusations and answers call for a
    # response; labels weigh through the one-sided rule below.
    reasons = _response_reasons(article, ev, accused, w)
    if ev.labels:
        text = f"{len(ev.labels)} loaded label(s) for a party in the article's own voice"
        effect = max(w["loaded_label"] * len(ev.labels), w["loaded_label_cap"])
        reasons.append(Reason(text, effect, ev.labels, "balance"))
        named = [c for c in tagged if c.party]
        answered = bool(ev.responses or ev.refusals)
        # A label with no name near it is on an unknown party: heard when anyone answers.
        unheard = any(not _heard_ids(c, ev) for c in named) or (len(named) < len(tagged) and not answered)
        if len(ev.labels) >= ONE_SIDED_LABELS and unheard:
            text = "one-sided: the article labels a party in its own voice, and that party is not quoted or asked"
            spans = tuple(sorted(set(ev.labels) | {c.span for c in named if not _heard_ids(c, ev)}))
            reasons.append(Reason(text, w["one_sided"], spans, "balance"))
    return reasons


# Two labels make a pattern; one may be a slip of style ("the Assad regime" in a wire story).
ONE_SIDED_LABELS = 2


def _voices(ev: Evidence) -> list[str]:
    """Return the ids of attributions that let a party speak: statements and refusals.

    Beliefs put in a party's mouth ("Velora wants ..."), and statements whose source is itself
    a loaded label ("Velora's apologists will tell you ..."), are the article's caricature.
    """
    return [
        a.id
        for a in ev.everyone
        if (a.id in ev.refusals or any(a.id == s.id for s in ev.sourcing))
        and not any(a.source.overlaps(label) for label in ev.labels)
    ]


def _heard_ids(c: Criticised, ev: Evidence) -> list[str]:
    return heard(c.party, dict(ev.party_of), _voices(ev))


def _response_reasons(
    article: Article, ev: Evidence, criticised: Sequence[Criticised], w: Mapping[str, float]
) -> list[Reason]:
    answers = [a for a in ev.everyone if a.id in ev.responses or a.id in ev.refusals]
    named = [c for c in criticised if c.party]
    unheard = [c for c in named if not _heard_ids(c, ev)]
    denials = [d for d in article.denials if d.source in ev.responses]
    if not criticised and not denials:
        return []
    reasons = []
    heard_spans = {a.source for a in answers} | {d.span for d in denials}
    for c in named:
        heard_spans |= {a.source for a in ev.everyone if a.id in _heard_ids(c, ev)}
    if heard_spans and (answers or len(unheard) < len(named)):
        what = "denies, responds or was asked for comment" if answers else "is quoted"
        text = f"the other side is heard: a party accused or criticised {what}"
        reasons.append(Reason(text, w["response_heard"], tuple(sorted(heard_spans)), "balance"))
    accused_unheard = [c for c in unheard if c.how == "accused"]
    if accused_unheard and not answers:
        names = sorted({" ".join(sorted(c.party)) for c in accused_unheard})
        text = f"accused or criticised but not quoted, and no response sought: {', '.join(names)}"
        effect = max(w["response_missing"] * len(names), w["response_missing_cap"])
        reasons.append(Reason(text, effect, tuple(sorted({c.span for c in accused_unheard})), "balance"))
    return reasons
