"""Denial links: the attribution that voices a denial and the one it answers.

:func:`pick_source` returns the attribution whose cue or content holds a
denial, else the one whose source names the clause subject; :func:`pick_target`
the other attribution whose content shares enough content words with the
denial's clause (a negated clause must also mention what it negates, nearby);
:func:`anaphoric_target` the earlier attribution a denial points back to by a
noun alone ("denied the report", "no such arrest").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ...article import Attribution, Span
from .cues import Candidate, Lexicon, clause_head

# Shared content words (or one shared proper name, which counts double) needed to
# say a denial answers an attribution: one common noun is too often chance.
MIN_TARGET_OVERLAP = 2
# A negated clause is a denial only through its target, so the bar is higher: on
# PolNeAR training articles (gold attributions) two shared words and any distance
# gave 4 true contradictions in 21; three words within 1,500 characters (about
# two paragraphs) gave 4 in 7.
NEGATION_TARGET_OVERLAP = 3
NEGATION_TARGET_WINDOW = 1500
# With this score a voiced negation contradicts its target even when it is not
# categorical ("Muslim Americans don't face discrimination" answering "...
# widespread discrimination against Muslim Americans"; "has not seized the
# airport" answering "had seized the airport", the shared predicate counting one).
STRONG_TARGET_OVERLAP = 4
# Attribution sources farther than this many characters are not matched by subject.
SUBJECT_MATCH_WINDOW = 600

# Verbs too light to say two statements are about the same thing.
LIGHT_VERBS = frozenset({"be", "have", "do", "make", "get", "take", "go", "come", "say"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})


def _content_words(doc: Any, span: Span, skip: tuple[int, int] = (0, 0)) -> set[str]:
    """Return the lemmas of content words in ``span`` (proper names marked with a ``^``)."""
    words: set[str] = set()
    for t in doc.char_span(span.start, span.end, alignment_mode="expand") or ():
        if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha and not skip[0] <= t.i < skip[1]:
            lemma = t.lemma_.lower()
            words.add(f"^{lemma}" if t.pos_ == "PROPN" or t.ent_type_ else lemma)
    return words


def _overlap(a: set[str], b: set[str]) -> int:
    plain = {w.lstrip("^") for w in a} & {w.lstrip("^") for w in b}
    names = {w for w in a if w.startswith("^")} & {w for w in b if w.startswith("^")}
    return len(plain) + len(names)


def _subject_source(doc: Any, head: Any, attributions: Sequence[Attribution]) -> Attribution | None:
    """Return the nearest attribution whose source has the same head noun as the clause subject."""
    subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return None
    subject = subjects[0]
    key = subject.lemma_.lower()
    matches = []
    for a in attributions:
        src = doc.char_span(a.source.start, a.source.end, alignment_mode="expand")
        names = {t.lemma_.lower() for t in src or () if t.pos_ in {"NOUN", "PROPN"}}
        if a.name:
            names.update(w.lower() for w in a.name.split())
        distance = abs(a.source.start - subject.idx)
        if key in names and distance <= SUBJECT_MATCH_WINDOW:
            matches.append((distance, a.id, a))
    return min(matches, key=lambda m: (m[0], m[1]))[2] if matches else None


def pick_source(
    doc: Any, span: Span, cue: Span, head: Any, attributions: Sequence[Attribution]
) -> Attribution | None:
    """Return the attribution that voices a denial, or None for the article's own voice."""
    for a in attributions:
        if a.cue is not None and a.cue.overlaps(cue):
            return a
    holding = [a for a in attributions if a.content.contains(cue)]
    if holding:
        return min(holding, key=lambda a: (a.content.end - a.content.start, a.id))
    touching = [a for a in attributions if a.content.overlaps(span)]
    if touching:
        return max(
            touching,
            key=lambda a: (min(a.content.end, span.end) - max(a.content.start, span.start), -a.content.start),
        )
    return _subject_source(doc, head, attributions)


def _anchors(head: Any) -> set[str]:
    """Return what a contradicted content must mention: the predicate or the thing negated.

    The predicate is the verb, or a light verb's complement ("is not a billionaire");
    the thing negated is the object or passive subject ("did not conclude any deal").
    """
    words = {head.lemma_.lower()} - LIGHT_VERBS
    for c in head.children:
        if c.dep_ in {"attr", "acomp", "dobj", "oprd", "nsubjpass"} and c.pos_ in {"NOUN", "PROPN", "ADJ"}:
            words.add(c.lemma_.lower())
    return words


def _negated_clause(head: Any) -> bool:
    """Return True when a clause is negated ("hadn't paid", "paid no taxes", "nobody paid")."""
    for c in head.children:
        if c.dep_ == "neg" or c.lower_ in {"nothing", "none", "nobody"}:
            return True
        if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and any(g.lower_ == "no" for g in c.children):
            return True
    return False


def _negation_score(
    doc: Any, mine: set[str], head: Any, span: Span, attribution: Attribution
) -> tuple[int, bool]:
    """Return how well a negated clause answers a content, and whether it contradicts it closely.

    The content must lie within ``NEGATION_TARGET_WINDOW`` characters and mention
    one of the clause's :func:`_anchors` in a clause that is not negated itself
    ("not paid" agrees with "hadn't paid"); the score is 0 otherwise. The match is close when the
    shared words, proper names counted once and the shared predicate ("has not
    seized" / "had seized") counted one more, reach ``STRONG_TARGET_OVERLAP``.
    """
    distance = max(attribution.content.start - span.end, span.start - attribution.content.end, 0)
    theirs = _content_words(doc, attribution.content)
    plain = {w.lstrip("^") for w in theirs}
    anchors = _anchors(head)
    if distance > NEGATION_TARGET_WINDOW or not anchors & plain:
        return 0, False
    tokens = doc.char_span(attribution.content.start, attribution.content.end, alignment_mode="expand") or ()
    shared = [t for t in tokens if t.lemma_.lower() in anchors]
    if shared and all(_negated_clause(clause_head(t)) for t in shared):
        return 0, False
    predicate = head.lemma_.lower()
    close = len(plain & {w.lstrip("^") for w in mine}) + int(
        predicate not in LIGHT_VERBS and predicate in plain
    )
    return _overlap(mine, theirs), close >= STRONG_TARGET_OVERLAP


def _own_words(a: Attribution, span: Span, source: Attribution | None) -> bool:
    """Return True when ``a`` is the denier's own statement, which a denial cannot answer.

    That is the denial's own attribution, another attribution of the same source
    ("The militia denied …, calling the reports lies": both are the militia's), or content
    lying inside the denial itself.
    """
    if source is not None and (a.id == source.id or a.source == source.source):
        return True
    return span.start <= a.content.start and a.content.end <= span.end


def pick_target(
    doc: Any,
    span: Span,
    cand: Candidate,
    source: Attribution | None,
    attributions: Sequence[Attribution],
) -> tuple[Attribution | None, bool]:
    """Return the attribution whose content the denial answers, and whether it contradicts it closely.

    The denial's clause must share ``MIN_TARGET_OVERLAP`` content words with the
    content (a negated clause: ``NEGATION_TARGET_OVERLAP``, see
    :func:`_negation_score`), so that a denial does not answer every claim of an
    article on the same topic. The closest match wins, then the nearest content.
    """
    mine = _content_words(doc, span, skip=cand.cue)
    if source is not None:
        mine -= _content_words(doc, source.source)
    negation = cand.kind == "negation"
    needed = NEGATION_TARGET_OVERLAP if negation else MIN_TARGET_OVERLAP
    cue_at = Span(doc[cand.cue[0]].idx, doc[cand.cue[0]].idx + 1)
    best: tuple[int, int, bool] | None = None
    chosen = None
    for a in attributions:
        if _own_words(a, span, source) or a.content.overlaps(cue_at):
            continue
        if negation:
            score, close = _negation_score(doc, mine, doc[cand.head], span, a)
        else:
            score, close = _overlap(mine, _content_words(doc, a.content)), False
        rank = (score, -abs(a.content.start - span.start), close)
        if score >= needed and (best is None or rank[:2] > best[:2]):
            best, chosen = rank, a
    return chosen, bool(best and best[2])


MEDIA_REPORT_NOUNS = frozenset({"report", "reporting", "story", "article", "news"})


def _same_stem(a: str, b: str) -> bool:
    # "report"/"reported", "claims"/"claimed", "allegation"/"alleged": one stem, five letters.
    return len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]


def _anaphor(doc: Any, span: Span, cand: Candidate, lex: Lexicon) -> Any | None:
    """Return the noun by which a denial points back ("denied the report", "no such arrest")."""
    if cand.kind == "no_such":
        return next((t for t in doc[cand.cue[1] : cand.cue[1] + 3] if t.pos_ in {"NOUN", "PROPN"}), None)
    for tok in doc.char_span(span.start, span.end, alignment_mode="expand") or ():
        dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "amod", "predet"}}
        owned = any(c.dep_ == "poss" for c in tok.children)  # "the minister's account"
        if lex.has("claim_nouns", tok) and (
            owned or dets & {"the", "this", "these", "those", "that", "such"}
        ):
            return tok
    return None


def anaphoric_target(
    doc: Any,
    span: Span,
    cand: Candidate,
    source: Attribution | None,
    attributions: Sequence[Attribution],
    lex: Lexicon,
) -> Attribution | None:
    """Return the nearest earlier attribution a denial refers back to, when it shares no words.

    "denied the report" answers the attribution whose cue is "reports"; "No such
    arrest has taken place" the one whose content mentions an arrest.
    """
    noun = _anaphor(doc, span, cand, lex)
    if noun is None:
        return None
    lemma = noun.lemma_.lower()
    earlier = [a for a in attributions if a.content.end <= span.start and not _own_words(a, span, source)]
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    if owner is not None:
        # "disputed the minister's account": the nearest earlier statement by a source
        # whose words include the possessor ("Health Minister Sara Okafor").
        word = owner.lemma_.lower()
        said = []
        for a in sorted(earlier, key=lambda a: -a.content.end):
            source_span = doc.char_span(a.source.start, a.source.end, alignment_mode="expand")
            said_by = source_span.text.lower() if source_span is not None else ""
            if re.search(rf"\b{re.escape(word)}", said_by) or (a.name and word in a.name.lower()):
                said.append((a, source_span))
        # "the supervisors' account" is the statement of "Four supervisors", not of "a former
        # night supervisor" nearer to it: a source of the possessor's number first.
        plural = owner.tag_ in ("NNS", "NNPS")
        agree = [a for a, sp in said if sp is not None and (sp.root.tag_ in ("NNS", "NNPS")) == plural]
        if agree or said:
            return (agree or [a for a, _ in said])[0]
    for a in sorted(earlier, key=lambda a: -a.content.end):
        cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand") if a.cue else None
        if cue and lex.has("claim_nouns", noun) and _same_stem(lemma, cue[-1].lemma_.lower()):
            return a
        if cand.kind == "no_such" and lemma in {w.lstrip("^") for w in _content_words(doc, a.content)}:
            return a
    if lemma in MEDIA_REPORT_NOUNS:
        # "declined to confirm the report" after "The BBC has learned that ...": a news report
        # is the nearest earlier statement an outlet makes.
        return next(
            (a for a in sorted(earlier, key=lambda a: -a.content.end) if a.source_type == "media_outlet"),
            None,
        )
    return None
