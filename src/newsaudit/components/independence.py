"""Who each source speaks for, and whether it speaks about itself (self-report).

A statement rests on *self-report* when its source is the party the statement concerns or
benefits: the company on its own product, a government on its own operation, a campaign on its
candidate. It is on the record, but it is not independent sourcing. The evidence is general,
read from the text and the ledger, not from a list of parties:

* **the source's party**: the distinctive name words of the source, of its resolved ``name``,
  and of an organisation linked to it in apposition ("Jane Doe, chief executive of Voltra";
  "Voltra spokeswoman Jane Doe"; "a spokesman for the Harlan & Voss group"), carried to every
  later mention of the same name ("Doe said", "she said");
* **the claim names that party**: the content names it ("Voltra's cells", "the Voltra
  plant"), speaks for it in the first person plural ("we", "our" inside the source's words), or
  opens with a pronoun or possessive that refers back to a body ("it would", "its new battery",
  "they arrested") or with the body's own head noun ("the company will");
* **the headline is about that party**: the headline names it, and the content does not open
  on another named party.

Statements that answer an accusation (the source of a denial) are a party's response, not its
self-report: the balance rules credit them (``components/balance.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..article import Article, Attribution, Span
from .attribution.sources import ORG_HEADS, TITLES

# Capitalised words that name no party by themselves: sentence openers, determiners, titles,
# roles and the generic heads of institutions ("Ministry", "Police"), shared by many parties.
_GENERIC_WORDS = (
    "The A An This That These Those Its Their His Her Our We It They He She I In On At By For "
    "From With Of And Or But As After Before When While If According Said Says Chief Executive "
    "Officer Spokesman Spokeswoman Spokesperson Director Head Deputy Secretary Chairman Chairwoman "
    "Chair Founder Manager Minister Ministry Department Office Inc Ltd Co Corp Plc Llc Group "
    "Holdings National State Federal City County Regional Local Public General Mr Mrs Ms Dr "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December"
)
_GENERIC = frozenset({w.title() for w in ORG_HEADS | TITLES} | set(_GENERIC_WORDS.split()))
_NAME_WORD = re.compile(r"\b[A-Z][\w&.-]*[\w&]|\b[A-Z]\b")
_FIRST_PLURAL = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Oo]urselves)\b")  # "US" is a country
_BODY_PRONOUN_START = re.compile(r"^\W*(?:that\s+)?(?:it|its|they|their)\b", re.IGNORECASE)
# A possessive inside the opening noun phrase: "demand for its batteries", "sales of their cars".
_BODY_POSSESSIVE_SUBJECT = re.compile(
    r"^\W*(?:that\s+)?(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:of|for|at|in|from)\s+(its|their|our)\b",
    re.IGNORECASE,
)
_HEAD_START = re.compile(r"^\W*(?:that\s+)?the\s+(\w+)\b", re.IGNORECASE)
# A role word in the source's own text makes a person speak for a body ("a spokeswoman").
_ROLE = re.compile(
    r"\b(?:spokes\w*|executive|official|minister|director|chief|president|secretary|chair\w*|"
    r"founder|officer|manager|head|representative|aide|adviser|advisor|commander|governor)\b",
    re.IGNORECASE,
)
_BODY_TYPES = frozenset({"named_organization", "unnamed_official"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Roles whose holder speaks for a body the title does not name ("the chief executive said").
_AGENT = re.compile(
    r"\b(?:spokes\w*|chief\s+executive|executive|founder|chair\w*|director|officer|manager|"
    r"representative|press\s+(?:office|service))\b",
    re.IGNORECASE,
)
_BODY_HEAD = re.compile(rf"^\W*the\s+(?:{'|'.join(sorted(ORG_HEADS))})\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SelfReport:
    """An attribution whose source speaks about its own party, and the words that show it."""

    attribution: str
    evidence: Span  # the words of the text that show it (content words, or the headline)
    why: str


def name_words(text: str) -> set[str]:
    """Return the distinctive capitalised name words of ``text`` (no titles, roles, openers)."""
    words = {m.group(0).removesuffix("'s").rstrip(".") for m in _NAME_WORD.finditer(text)}
    return {w for w in words if len(w) >= 2 and w not in _GENERIC}


def _apposition(article: Article, a: Attribution) -> str:
    """Return the text apposed to the source: ", chief executive of Voltra," after it."""
    text = article.text
    after = text[a.source.end : a.source.end + 90]
    m = re.match(r",\s*([^,.;:\"“”]{3,80}),", after)
    if m is None:
        return ""
    end = a.source.end + m.end(1)
    if any(sp is not None and sp.start < end and sp.end > a.source.end for sp in (a.cue, a.content)):
        return ""  # the words after the comma are the statement or its cue, not an apposition
    words = m.group(1).split()
    # A role links the source to a body ("chief executive of Voltra", "the authority's
    # director"); a bare name renames it ("The ship's operator, Oceanic Lines,"). Other
    # appositions describe ("whose family farms in Upper Glenmoor"): no party in them.
    if (
        _ROLE.search(m.group(1))
        or _AGENT.search(m.group(1))
        or all(w[:1].isupper() for w in words[1:] or words)
    ):
        return m.group(1)
    return ""


def places(article: Article) -> set[str]:
    """Return the words the entity tagger reads as a place on their own ("Dolvany", "Kiel").

    A place is where parties are, not a party: "the governor of Dolvany" and "the Free Dolvany
    Movement" are not one side.
    """
    text = article.text
    alone: dict[str, set[bool]] = {}  # word -> is-a-place of each entity that is just that word
    people: set[str] = set()
    for e in article.entities:
        words = name_words(text[e.start : e.end])
        if e.label == "PERSON":
            people |= words
        if len(words) == 1:
            alone.setdefault(next(iter(words)), set()).add(e.label in _PLACE_LABELS)
    # "Hale" tagged GPE once is still "Mark Hale"; "Dolvany" stays a place in "the Free Dolvany
    # Movement".
    return {w for w, kinds in alone.items() if kinds == {True} and w not in people}


def parties(article: Article, attributions: Sequence[Attribution]) -> dict[str, set[str]]:
    """Return attribution id -> the name words of the party its source speaks for.

    One name keeps one party: words found at any mention of a name (its apposition, its
    organisation) are carried to all its mentions ("Doe said" inherits "Voltra"). A body named
    only by its head noun ("the company said"), or a person by an agent's role with no body
    named ("chief executive Jane Doe"), speaks for the body last named as a source before it,
    else for the body the headline names.
    """
    text = article.text
    own: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    last_body: set[str] = set()
    fallback = headline_names(article)
    where = places(article)
    for a in sorted(attributions, key=lambda x: x.source.start):
        source = text[a.source.start : a.source.end]
        words = name_words(source) | name_words(_apposition(article, a)) | name_words(a.name or "")
        words -= where
        agent = bool(_AGENT.search(source + " " + _apposition(article, a)))
        if not words and _BODY_HEAD.search(source):
            words = last_body | fallback  # either body may be the one referred back to
        elif agent and not (words - name_words(a.name or source)):
            words |= fallback or last_body
        if a.source_type == "named_organization" and words:
            last_body = words
        own[a.id] = words
        if a.name:
            by_name.setdefault(a.name.lower(), set()).update(words)
    return {a.id: own[a.id] | by_name.get((a.name or "").lower(), set()) for a in attributions}


def _has_role(article: Article, a: Attribution) -> bool:
    """Return True when the source holds a role for a body ("spokeswoman", not "former director")."""
    source = article.text[a.source.start : a.source.end] + " " + _apposition(article, a)
    return any(
        not re.search(r"\bformer\s+(?:\w+\s+)?$", source[: m.start()], re.I) for m in _ROLE.finditer(source)
    )


def _speakers_for_bodies(article: Article, attributions: Sequence[Attribution]) -> set[str]:
    """Return the ids of attributions whose source speaks for a body.

    Bodies and officials do; a person does when a role for a body is given at any mention of
    the name ("Chief executive Mara Lind" makes "Lind said" and "she said" speak for it). A
    person's "we" is otherwise their own group ("we were told the numbers had to be green").
    """
    roles = {(a.name or "").lower() for a in attributions if a.name and _has_role(article, a)}
    return {
        a.id
        for a in attributions
        if a.source_type in _BODY_TYPES
        or (a.source_type == "named_person" and (_has_role(article, a) or (a.name or "").lower() in roles))
    }


_HEAD_SPEECH = re.compile(r"\b(?:says?|said|tells?|told|claims?|warns?|according\s+to)\b|:", re.IGNORECASE)


def headline_claim(head: str) -> str:
    """Return the part of a headline that states its claim, without its speaker.

    "Oil tanker seized off Yemen, maritime agency says" -> "Oil tanker seized off Yemen";
    "Minister says talks will resume" -> "talks will resume".
    """
    m = _HEAD_SPEECH.search(head)
    if m is None:
        return head
    before, after = head[: m.start()], head[m.end() :]
    if "," in before and len(after.split()) <= 1:
        return before.rsplit(",", 1)[0]
    return after if len(after.split()) >= 2 else before


def headline_names(article: Article) -> set[str]:
    """Return the headline's name words that the body also writes capitalised mid-sentence.

    A headline capitalises its first word, and title-case headlines every word; a real name is
    capitalised in the body too, after a lower-case word ("battery maker Kessler Ambrose").
    """
    head = headline(article)
    if head is None:
        return set()
    body = article.text[head.end :]
    return {
        w
        for w in name_words(article.text[head.start : head.end])
        if re.search(rf"\b[a-z][\w-]*,?\s+{re.escape(w)}\b", body)
    }


def headline(article: Article) -> Span | None:
    """Return the headline: the first line when it stands alone without final punctuation."""
    text = article.text
    first = text.split("\n", 1)[0]
    stripped = first.rstrip()
    if 0 < len(stripped.split()) <= 20 and "\n" in text and stripped[-1:] not in '.!?"”':
        start = len(first) - len(first.lstrip())
        return Span(start, len(stripped), "headline")
    return None


def _content_evidence(
    article: Article, a: Attribution, party: set[str], body: bool
) -> tuple[Span, str] | None:
    content = _own_words(article, a)
    for name in _NAME_WORD.finditer(content):
        if name.group(0).removesuffix("'s").rstrip(".") in party:
            return _at(a, name), f"the statement names the source's own party ({name.group(0)})"
    if not body:
        return None
    # A body's own name words in lower case: "the Ministry of Internal Security" on "security
    # forces". Person names are matched only as names (Rose, Bill, Mark).
    if lower := _word_of(party, content):
        return _at(a, lower), f"the statement names the source's own party ({lower.group(0)})"
    if we := _FIRST_PLURAL.search(content):
        return _at(a, we), f"the source speaks for its own side ('{we.group(0)}')"
    if opener := _BODY_PRONOUN_START.match(content):
        word = re.search(r"\w+$", opener.group(0))
        assert word is not None
        return _at(a, word), f"the statement is about the source itself ('{word.group(0)}')"
    if owner := _BODY_POSSESSIVE_SUBJECT.match(content):
        return _at(a, owner, 1), f"the statement is about the source itself ('{owner.group(1)}')"
    head = _HEAD_START.match(content)
    if (
        head
        and head.group(1).lower() in ORG_HEADS
        and re.search(rf"\b{head.group(1)}\b", _identity(article, a), re.I)
    ):
        return _at(a, head, 1), f"the statement is about the source's own body ('the {head.group(1)}')"
    return None


def _identity(article: Article, a: Attribution) -> str:
    return " ".join((article.text[a.source.start : a.source.end], _apposition(article, a), a.name or ""))


def _own_words(article: Article, a: Attribution) -> str:
    """Return the content with the source and cue blanked (same length, offsets kept)."""
    chars = list(article.text[a.content.start : a.content.end])
    for sp in (a.source, a.cue):
        if sp is None:
            continue
        for i in range(max(sp.start, a.content.start), min(sp.end, a.content.end)):
            chars[i - a.content.start] = " "
    return "".join(chars)


def _word_of(party: set[str], text: str) -> re.Match[str] | None:
    words = sorted((w for w in party if len(w) >= 4 and not w.isupper()), key=len, reverse=True)
    if not words:
        return None
    return re.search(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b", text, re.IGNORECASE)


def _at(a: Attribution, m: re.Match[str], group: int = 0) -> Span:
    return Span(a.content.start + m.start(group), a.content.start + m.end(group), "self_report")


def _headline_evidence(article: Article, a: Attribution, party: set[str]) -> tuple[Span, str] | None:
    head = headline(article)
    if head is None or a.content.overlaps(head) or not party:
        return None
    m = _word_of(party, headline_claim(article.text[head.start : head.end]))
    if m is None:
        return None
    named = [m.group(0)]
    content = _own_words(article, a)
    opener = re.match(r"^\W*(?:that\s+)?(?:the\s+)?([A-Z][\w&.-]*)", content)
    if opener and opener.group(1) not in party and name_words(opener.group(1)):
        return None  # the statement is about another named party
    return head, f"the headline is about the source's own party ({', '.join(sorted(named))})"


def self_reports(
    article: Article, attributions: Sequence[Attribution], responses: frozenset[str] = frozenset()
) -> list[SelfReport]:
    """Return the attributions whose source speaks about its own party (not its responses)."""
    found = []
    party_of = parties(article, attributions)
    for_bodies = _speakers_for_bodies(article, attributions)
    for a in attributions:
        if a.id in responses or a.source_type not in _BODY_TYPES | {"named_person"}:
            continue
        party = party_of[a.id]
        body = a.id in for_bodies
        hit = _content_evidence(article, a, party, body)
        if hit is None:
            hit = _headline_evidence(article, a, party)
        if hit is not None:
            found.append(SelfReport(a.id, hit[0], hit[1]))
    return found
