"""Source, cue and content spans around a cue token, read off the spaCy parse.

Given the head token of a cue (a reporting verb such as "said", a noun such as
"statement", or "according" of "according to"), these functions return the
character ranges of its cue phrase, its source and its content. The extents
follow the PolNeAR/PARC conventions (the source is the whole subject noun phrase,
the content the whole complement clause, "that" included); ranges are plain
``(start, end)`` pairs and are trimmed of surrounding spaces and commas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .names import name_lexicon
from .quotes import quote_at
from .sources import ORG_HEADS, lexicons

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs
Range = tuple[int, int]

# Left-hand helpers that belong to the cue phrase ("has said", "also told",
# "did not deny"): measured on PolNeAR train, where these are inside the gold cue
# far more often than outside it.
CUE_LEFT_DEPS = frozenset({"aux", "auxpass", "neg"})
CUE_ADVERBS = frozenset(
    {"also", "repeatedly", "further", "first", "later", "again", "publicly", "previously"}
)
# Prepositions whose object is the content ("called for X", "warned against X").
CONTENT_PREPS = frozenset({"for", "against", "about", "on", "of", "to", "with", "over", "at"})
# Prepositions after a direct object that carry the rest of what was said:
# "accused X of Y", "dismissed X as Y", "blamed X for Y", "offered advice to X".
OBJECT_PREPS = frozenset({"of", "as", "for", "to", "against", "about", "over", "with", "into", "from"})
# Verbs of finding whose "in" phrase says where the finding lies, so it is content.
FINDING_VERBS = frozenset({"find", "detect", "identify", "uncover", "reveal"})
# "said in a statement", "told Reuters in an interview": the medium is part of the cue.
MEDIUM_NOUNS = frozenset(
    {
        "statement",
        "interview",
        "email",
        "e-mail",
        "tweet",
        "post",
        "letter",
        "speech",
        "release",
        "memo",
        "op-ed",
        "call",
    }
)
# Nouns that make "citing X" name the origin of a report rather than a thing cited:
# the heads of anonymous and document sources (see lexicons/attribution_*.txt).
CITED_SOURCES = frozenset(
    {
        "source",
        "official",
        "people",
        "person",
        "witness",
        "report",
        "document",
        "data",
        "statement",
        "diplomat",
        "investigator",
        "record",
    }
)
# Bodies and outlets that "citing X" names as the origin of a report, beside ORG_HEADS.
CITED_BODIES = frozenset(
    {
        "ministry",
        "agency",
        "broadcaster",
        "newspaper",
        "outlet",
        "channel",
        "spokesman",
        "spokeswoman",
        "service",
    }
)
# Objects of "told" that are the hearer, not what was told ("told reporters in the capital that").
HEARERS = frozenset(
    {
        "reporter",
        "journalist",
        "lawmaker",
        "audience",
        "crowd",
        "supporter",
        "parliament",
        "analyst",
        "investor",
        "shareholder",
        "delegate",
        "employee",
        "listener",
        "viewer",
    }
)
# Objects that give a duration or an amount, not content ("spoke for twenty minutes").
NOT_CONTENT_ENTS = frozenset({"TIME", "DATE", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
# Subjects that head a participle or conjunct inherit from the governing verb.
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp", "acl", "pcomp"})
TRIM_CHARS = " \t\r\n,;"
# Characters that may separate a cue from the quotation it introduces or follows.
QUOTE_GLUE = frozenset(" \t\r\n,:\u00a0—–-")


@dataclass(frozen=True, slots=True)
class Draft:
    """One attribution before numbering: trimmed character ranges and the cue's score."""

    source: Range
    cue: Range
    content: Range
    score: float = 1.0
    according: bool = False
    citing: bool = False  # "X, citing Y, reported ...": Y's draft, relayed by the host verb's subject


def extract(tok: Token, text: str, quotes: list[Range]) -> Draft | None:
    """Return the attribution headed by cue ``tok``, or None when it has no source or content."""
    cited = _cited_source(tok)
    if cited is not None:
        return _citing_draft(tok, cited, text)
    subj = subject_token(tok)
    if subj is None or subj.i == tok.i:
        return None
    content, prep = content_range(tok, text)
    cue = cue_range(tok, prep)
    para = paragraph_of(text, cue)
    source = clip(text, source_range(subj, text), para)
    if content is not None:
        content = clip(text, content, para)
    if content is None or content[1] <= content[0]:
        content = quote_content(text, quotes, cue, source) or sentence_content(tok, text, cue, source)
    if content is None or content[1] <= content[0] or source[1] <= source[0]:
        return None
    content = widen_over_quotes(text, quotes, content, cue, source, tok.sent.end_char)
    content = _without_own_tail(text, content, cue, source)
    if content[1] <= content[0] or (_overlap(content, cue) and not _inside(cue, content)):
        return None
    return Draft(source=source, cue=cue, content=content, according=is_according(tok))


def token_range(tok: Token) -> Range:
    """Return the character range of one token."""
    return tok.idx, tok.idx + len(tok.text)


def subtree_range(tok: Token, exclude: Iterable[Token] = ()) -> Range:
    """Return the range of ``tok``'s subtree, cut short before any excluded subtree."""
    lo, hi = tok.left_edge.i, tok.right_edge.i
    for ex in exclude:
        if ex.i < tok.i:
            lo = max(lo, ex.right_edge.i + 1)
        elif ex.i > tok.i:
            hi = min(hi, ex.left_edge.i - 1)
    doc = tok.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def trim(text: str, rng: Range) -> Range:
    """Return ``rng`` without surrounding spaces, commas, semicolons and dashes."""
    a, b = rng
    while a < b and (text[a] in TRIM_CHARS or text[a] in "—–-"):
        a += 1
    while b > a and (text[b - 1] in TRIM_CHARS or text[b - 1] in "—–-:"):
        b -= 1
    return a, b


def _child(tok: Token, deps: Iterable[str]) -> Token | None:
    wanted = set(deps)
    return next((c for c in tok.children if c.dep_ in wanted), None)


def is_according(tok: Token) -> bool:
    """Return True for "according" of "according to"."""
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)


def cue_range(tok: Token, content_prep: Token | None) -> Range:
    """Return the cue phrase of cue head ``tok``: helpers, adverbs, and a content preposition."""
    doc = tok.doc
    lo = hi = tok.i
    left = {c.i for c in tok.children if c.dep_ in CUE_LEFT_DEPS or c.lower_ in CUE_ADVERBS}
    while lo - 1 in left:
        lo -= 1
    if is_according(tok):
        hi = tok.i + 1
    for c in tok.children:
        if c.dep_ == "prt" and c.i == hi + 1:
            hi = c.i
    if content_prep is not None and content_prep.i == hi + 1:
        hi = content_prep.i
    medium = _medium(tok)
    if medium is not None and medium.left_edge.i == hi + 1:
        hi = medium.right_edge.i
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _medium(tok: Token) -> Token | None:
    """Return an "in a statement" prepositional phrase of ``tok``, if any."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            obj = _child(c, ("pobj",))
            if obj is not None and obj.lemma_.lower() in MEDIUM_NOUNS and c.right_edge.i - c.i <= 4:
                return c
    return None


def _tense_of(tok: Token, governor: Token, head: Token) -> bool:
    """Return True when ``tok`` has the form of ``governor`` and not of ``head``.

    "Kross wrote that the government was lying and called for an inquiry": "called" (VBD)
    matches "wrote", not "lying" (VBG), so it coordinates with the speaker's verb.
    """
    return bool(tok.tag_ == governor.tag_ and tok.tag_ != head.tag_ and governor.pos_ == "VERB")


def _mute(subj: Token | None) -> bool:
    """Return True for a subject that cannot speak: a common noun that is no person or body."""
    if subj is None or subj.pos_ != "NOUN" or subj.ent_type_:
        return False
    lex, lemma = lexicons(), subj.lemma_.lower()
    return not (
        lemma in lex.officials or lemma in lex.anonymous_heads or lemma in lex.documents or lemma in ORG_HEADS
    )


def subject_token(tok: Token, depth: int = 0) -> Token | None:
    """Return the token heading the source of cue ``tok``, following conjuncts and participles."""
    if is_according(tok):
        to = next(c for c in tok.children if c.lower_ == "to")
        return _child(to, ("pobj",))
    subj = _child(tok, ("nsubj", "csubj"))
    if subj is not None:
        return subj
    if _child(tok, ("nsubjpass",)) is not None:
        agent = _child(tok, ("agent",))
        return _child(agent, ("pobj",)) if agent is not None else None
    if tok.pos_ == "NOUN":
        return _child(tok, ("poss",))
    if depth < 3 and tok.dep_ in INHERIT_DEPS and tok.head is not tok:
        if tok.dep_ == "acl" and tok.head.pos_ in ("PROPN", "NOUN", "PRON"):
            return tok.head if tok.tag_ == "VBG" else None
        if tok.dep_ in ("advcl", "pcomp") and tok.tag_ != "VBG":
            return None
        head = tok.head
        if tok.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head  # "by saying", "after saying": the preposition hangs on the verb
        if (
            tok.dep_ == "conj"
            and head.dep_ == "ccomp"
            and (_mute(_child(head, ("nsubj",))) or _tense_of(tok, head.head, head))
        ):
            # "Hale said the numbers were a disgrace and blamed the administration": the
            # parser hangs "blamed" on "were", but numbers blame no one; the speaker does.
            head = head.head
        return subject_token(head, depth + 1)
    return None


def source_range(subj: Token, text: str) -> Range:
    """Return the trimmed range of the source noun phrase headed by ``subj``.

    PolNeAR keeps the whole noun phrase: appositions, relative clauses and
    parentheses ("Jason Chaffetz (R-Utah)") stay in; dropping them lost exact
    matches on train. Only a participle that is itself the cue ("Smith, saying
    ...") is cut off.
    """
    if subj.dep_ == "acl" or any(c.dep_ == "acl" and c.tag_ == "VBG" for c in subj.children):
        acl = [c for c in subj.children if c.dep_ in ("acl", "relcl") and c.i > subj.i]
        return trim(text, subtree_range(subj, exclude=acl))
    citing = [c for c in subj.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > subj.i]
    if citing:  # "The Times of Israel, citing Channel 12, reported": the participle is its own cue
        return trim(text, subtree_range(subj, exclude=citing))
    return trim(text, subtree_range(subj))


def content_range(tok: Token, text: str) -> tuple[Range | None, Token | None]:
    """Return the content range of cue ``tok`` and the preposition it hangs on, if any."""
    if is_according(tok):
        return _according_content(tok, text), None
    for deps in (("ccomp",), ("xcomp",), ("dobj",)):
        comps = [c for c in tok.children if c.dep_ in deps]
        if comps and deps == ("dobj",) and _hearer(comps[0]):
            clause = _that_clause(tok)
            if clause is not None:
                return trim(text, subtree_range(clause)), None
        if comps and not (deps == ("dobj",) and _dobj_is_hearer(tok)):
            return _hull(text, comps, tok), None
    prep = _content_prep(tok)
    if prep is not None:
        return trim(text, subtree_range(_child(prep, ("pobj", "pcomp")))), prep
    if tok.dep_ == "parataxis" or (tok.dep_ in ("ccomp", "advcl") and tok.head.i < tok.i):
        return _host_content(tok, text), None
    return None, None


def _hull(text: str, comps: list[Token], cue: Token) -> Range:
    ranges = [subtree_range(c) for c in comps]
    a, b = min(r[0] for r in ranges), max(r[1] for r in ranges)
    # "called him a liar", "accused Holt of lying", "dismissed Estonia as a suburb":
    # an object complement or argument preposition right after continues the content.
    for c in sorted(cue.children, key=lambda c: c.i):
        if c.i <= cue.i or subtree_range(c)[0] < b:
            continue
        if not _glued(text, b, subtree_range(c)[0]):
            break
        finding = c.lower_ == "in" and cue.lemma_.lower() in FINDING_VERBS  # "found corrosion in 11 hangers"
        if c.dep_ in ("oprd", "ccomp") or (c.dep_ == "prep" and (c.lower_ in OBJECT_PREPS or finding)):
            b = subtree_range(c)[1]
        else:
            break
    return trim(text, (a, b))


def _hearer(obj: Token) -> bool:
    """Return True for an object that is a group of hearers ("told reporters")."""
    return obj.lemma_.lower() in HEARERS


def _that_clause(tok: Token) -> Token | None:
    """Return the head of a "that" clause the parser hung lower in the cue's subtree."""
    for t in tok.subtree:
        if t.i <= tok.i or t.lower_ != "that" or t.head.pos_ not in ("VERB", "AUX"):
            continue
        # "told reporters in the capital that the government was ...": the parser often
        # reads "that" as a relative pronoun of "capital"; it still opens what was told.
        if t.dep_ == "mark" or (t.dep_ in ("dobj", "nsubj") and t.head.left_edge.i == t.i):
            return t.head
    return None


def _dobj_is_hearer(tok: Token) -> bool:
    """Return True for "told Reuters that ...": the object is the hearer, the clause the content."""
    return any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)


def _content_prep(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS and c.i > tok.i:
            obj = _child(c, ("pobj", "pcomp"))
            if obj is not None and obj.ent_type_ not in NOT_CONTENT_ENTS:
                return c
    return None


def _host_content(tok: Token, text: str) -> Range:
    """Return the clause a parenthetical cue ("..., he said") comments on, minus the cue clause."""
    host = tok.head
    if host.i > tok.i:
        # "Acts of protest, Mr. Obama said, are acts of patriotism": the content runs
        # round the cue; its hull is the content (the cue and source are its holes).
        return trim(text, subtree_range(host))
    return trim(text, subtree_range(host, exclude=[tok]))


def _according_content(tok: Token, text: str) -> Range | None:
    """Return the clause that an "according to X" phrase qualifies, without the phrase."""
    host = tok.head
    while host.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp") and host.head is not host:
        host = host.head
    if host is tok:
        return None
    rng = trim(text, subtree_range(host, exclude=[tok]))
    mark = host.doc[host.left_edge.i]
    if mark.dep_ == "mark" and mark.lower_ == "that" and mark.idx == rng[0]:
        rng = trim(text, (mark.idx + 4, rng[1]))  # "X reports that Y, according to Z": Z said Y
    phrase_end = tok.right_edge.idx + len(tok.right_edge.text)
    apposed = _APPOSED_NAME.match(text, rng[0])
    role = subject_token(tok)
    person_role = role is not None and (
        role.lemma_.lower() in name_lexicon().person_roles or role.lemma_.lower() in lexicons().officials
    )
    if apposed and person_role and rng[0] > phrase_end and not text[phrase_end : rng[0]].strip(" ,"):
        # "According to the governor, Pavel Dronik, life continues": the name belongs to the source.
        rng = trim(text, (apposed.end(), rng[1]))
    return rng if rng[1] > rng[0] else None


_APPOSED_NAME = re.compile(r"(?:[A-Z][\w'’.-]+ ){0,3}[A-Z][\w'’.-]+, ")


def paragraph_of(text: str, rng: Range) -> Range:
    """Return the line (news paragraph) holding ``rng``."""
    end = text.find("\n", rng[1])
    return text.rfind("\n", 0, rng[0]) + 1, len(text) if end < 0 else end


def clip(text: str, rng: Range, para: Range) -> Range:
    """Return ``rng`` cut to paragraph ``para``: spaCy sentences sometimes run over line breaks."""
    return trim(text, (max(rng[0], para[0]), min(rng[1], para[1])))


def _without_own_tail(text: str, content: Range, cue: Range, source: Range) -> Range:
    """Cut the attribution's own source and cue off the end of its content.

    ``"...," said Robert McAtee, one of several veterans`` parses with the quote
    as the clause's root; nothing after the source is quoted, so the content ends
    before ``said``. Content on both sides ("A," he said, "B.") stays a hull.
    """
    lo, hi = min(cue[0], source[0]), max(cue[1], source[1])
    if not (content[0] <= lo and hi <= content[1]):
        return content
    if any(ch.isalnum() for ch in text[hi : content[1]]):
        return content
    return trim(text, (content[0], lo))


def _cited_source(tok: Token) -> Token | None:
    """Return X of "..., citing X" when X names a source ("citing military sources")."""
    if tok.lemma_.lower() != "cite" or tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "xcomp", "conj"):
        return None
    obj = _child(tok, ("dobj",))
    if obj is None:
        return None
    # The word as well as its lemma: spaCy lemmatises "data" to "datum".
    if obj.lemma_.lower() in CITED_SOURCES or obj.lower_ in CITED_SOURCES:
        return obj
    # "citing the transport ministry", "citing the state agency Vetra", "citing Reuters": a
    # named body or person, or a body's head noun, is the origin of the report.
    body = obj.lemma_.lower() in ORG_HEADS or obj.lemma_.lower() in CITED_BODIES
    return obj if body or obj.ent_type_ in ("ORG", "PERSON") else None


def _citing_draft(tok: Token, cited: Token, text: str) -> Draft | None:
    """Return "citing X" as a relay: X is the source of what the governing clause reports."""
    host = tok.head
    if host.pos_ in ("NOUN", "PROPN") and host.dep_ in ("nsubj", "nsubjpass"):
        host = host.head  # "The Times of Israel, citing Channel 12, reported": "citing" hangs on the subject
    if host.pos_ not in ("VERB", "AUX"):
        return None
    comp = _child(host, ("ccomp",))
    content = trim(text, subtree_range(comp)) if comp is not None else _host_content(tok, text)
    if content[1] <= content[0]:
        return None
    return Draft(
        source=trim(text, subtree_range(cited)),
        cue=token_range(tok),
        content=content,
        according=True,
        citing=True,
    )


def _overlap(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(a: Range, b: Range) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def _glued(text: str, a: int, b: int) -> bool:
    """Return True when only spaces, commas, colons or dashes lie between ``a`` and ``b``."""
    return a <= b and all(ch in QUOTE_GLUE for ch in text[a:b])


def quote_content(text: str, quotes: list[Range], cue: Range, source: Range) -> Range | None:
    """Return the quotation right after the cue ("X said: \"...\"") or right before it."""
    end = max(cue[1], source[1])
    for q in quotes:
        if q[0] >= end and _glued(text, end, q[0]):
            return q
    start = min(cue[0], source[0])
    for q in reversed(quotes):
        if q[1] <= start and _glued(text, q[1], start):
            return q
    return None


def sentence_content(tok: Token, text: str, cue: Range, source: Range) -> Range | None:
    """Return the rest of the sentence when the source and cue open or close it."""
    sent = tok.sent
    start, end = min(cue[0], source[0]), max(cue[1], source[1])
    tail = text[end : sent.end_char].strip()
    if not tail or all(not ch.isalnum() for ch in tail):
        rng = trim(text, (sent.start_char, start))
        return rng if rng[1] - rng[0] > 1 else None
    if not text[sent.start_char : start].strip(" \"“'‘"):
        rng = trim(text, (end, sent.end_char))
        while rng[1] > rng[0] and text[rng[1] - 1] in ".!?":
            rng = (rng[0], rng[1] - 1)
        return rng if rng[1] - rng[0] > 1 and not _only_circumstance(tok.doc, rng) else None
    return None


def _only_circumstance(doc: Any, rng: Range) -> bool:
    """Return True when ``rng`` says only when, how long or how much ("for twenty minutes")."""
    span = doc.char_span(rng[0], rng[1], alignment_mode="expand")
    words = [t for t in span if not (t.is_punct or t.pos_ in ("ADP", "DET"))] if span is not None else []
    return all(t.ent_type_ in NOT_CONTENT_ENTS for t in words)


def widen_over_quotes(
    text: str, quotes: list[Range], content: Range, cue: Range, source: Range, sent_end: int
) -> Range:
    """Return ``content`` widened to the quotations it touches, and over a quote resumed after the cue.

    ``"A," he said. "B."`` is one statement in two pieces: when the content is a
    quotation ending before its source and cue, a quotation that starts right after
    them, or opens the next sentence of the paragraph, continues it, and the
    content becomes the hull.
    """
    a, b = content
    for q in quotes:
        if q[0] < b and a < q[1]:
            a, b = min(a, q[0]), max(b, q[1])
    attributed = (min(cue[0], source[0]), max(cue[1], source[1]))
    if b <= attributed[0] and quote_at(quotes, b - 1) is not None and _glued(text, b, attributed[0]):
        for start in (attributed[1], max(sent_end, attributed[1])):
            nxt = _quote_opening_at(text, quotes, start)
            if nxt is not None:
                return a, nxt[1]
    return a, b


def _quote_opening_at(text: str, quotes: list[Range], start: int) -> Range | None:
    """Return the quotation that opens at ``start`` once spaces and ,. are skipped (same line)."""
    while start < len(text) and text[start] in " ,.\u00a0":
        start += 1
    nxt = quote_at(quotes, start)
    return nxt if nxt is not None and nxt[0] == start else None
