"""Who the source is: its type, the full name a pronoun or surname stands for, and relays.

Types come from ``labels.SOURCE_TYPES`` and are decided in this order, first match
wins: a media outlet named or described in the source; a document (the source's
head noun is "report", "poll", "statement"...); an office-holder with no person
named ("an official", "a spokesman for the YPG/PKK": ``unnamed_official``, because
the reader cannot tell which person spoke, even when the organisation is named); a
person named (spaCy PERSON, or a pronoun/surname resolved to one); an organisation
named (ORG, NORP, GPE); otherwise ``anonymous`` ("sources", "experts", "people
familiar with the talks"). A pronoun or a definite description pointing back
("he", "they", "the sources", "the official") takes the type of what it points to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...lexicons import read_lexicon
from .names import COMPANY_ROLES, Name, NameIndex, name_lexicon

Token = Any
Range = tuple[int, int]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "i", "me", "my"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our"})
THING_PRONOUNS = frozenset({"it", "its"})
GENDERED = {"he": "m", "him": "m", "his": "m", "mr": "m", "she": "f", "her": "f", "mrs": "f", "ms": "f"}
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
ORG_ENTS = frozenset({"ORG", "NORP", "GPE"})
NAME_ENTS = ORG_ENTS | frozenset({"PERSON"})
# Head nouns that make a phrase naming a person or body an organisation ("the Trump campaign").
ORG_HEADS = frozenset(
    {
        "campaign",
        "team",
        "administration",
        "office",
        "committee",
        "company",
        "group",
        "foundation",
        "party",
        "government",
        "ministry",
        "department",
        "agency",
        "council",
        "court",
        "board",
        "commission",
        "firm",
        "organization",
        "organisation",
        "union",
        "coalition",
        "alliance",
        "army",
        "military",
        "police",
        "force",
        "forces",
        "institute",
        "university",
        "center",
        "centre",
        "bank",
        "fund",
        "militia",
        "movement",
        "faction",
        "network",
        "embassy",
        "hospital",
        "school",
        "club",
        "league",
        "federation",
        "association",
        "service",
    }
)
ORG_ENTS = frozenset({"ORG", "NORP", "GPE", "FAC"})
# Nouns that name officials in the plural ("authorities said") but a body in the singular.
SINGULAR_BODIES = frozenset({"authority", "police"})
# Honorifics and titles dropped from the front of a name when matching surnames.
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "president",
        "senator",
        "secretary",
        "minister",
        "prime",
        "judge",
        "chief",
        "spokesman",
        "spokeswoman",
        "mayor",
        "governor",
        "councilman",
        "councilwoman",
        "chairman",
        "chairwoman",
        "director",
        "professor",
        "prof",
        "ambassador",
        "commissioner",
        "lt",
        "col",
        "capt",
        "sgt",
        "lord",
        "sir",
        "rev",
    }
)


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The source-type word lists, lower-cased."""

    media: tuple[str, ...]
    media_suffixes: frozenset[str]
    documents: frozenset[str]
    officials: frozenset[str]
    anonymous_heads: frozenset[str]
    anonymous_phrases: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """Load the attribution lexicons once."""
    anon = [r[0].lower() for r in read_lexicon("attribution_anonymous.txt")]
    media = [r[0].lower() for r in read_lexicon("attribution_media.txt")]
    return Lexicons(
        media=tuple(m for m in media if not m.startswith("$")),
        media_suffixes=frozenset(m[1:] for m in media if m.startswith("$")),
        documents=frozenset(r[0].lower() for r in read_lexicon("attribution_documents.txt")),
        officials=frozenset(r[0].lower() for r in read_lexicon("attribution_officials.txt")),
        anonymous_heads=frozenset(a for a in anon if not a.startswith("~")),
        anonymous_phrases=tuple(a[1:] for a in anon if a.startswith("~")),
    )


@lru_cache(maxsize=1)
def _media_pattern() -> re.Pattern[str]:
    names = sorted(lexicons().media, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What is known about one source: type, full name, and the token heading it."""

    type: str
    name: str | None


def head_token(doc: Any, rng: Range) -> Token | None:
    """Return the syntactic head of the tokens inside ``rng``."""
    span = doc.char_span(rng[0], rng[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _entities(ents: Sequence[Any], rng: Range, labels: frozenset[str]) -> list[Any]:
    return [e for e in ents if e.label_ in labels and rng[0] <= e.start_char and e.end_char <= rng[1]]


def classify(
    doc: Any,
    rng: Range,
    earlier: Sequence[tuple[Range, SourceInfo]],
    ents: Sequence[Any] | None = None,
    names: NameIndex | None = None,
) -> SourceInfo:
    """Return the type and name of the source at ``rng``; ``earlier`` are the sources before it.

    The head noun decides: "Donald Trump's campaign" is an organisation and
    "Trump's spokesman" an unnamed official although a person is named in them.
    ``ents`` is ``tuple(doc.ents)``, passed in because spaCy rebuilds it on every access.
    ``names`` (``names.build_names``) gives each name one kind for the whole article, which
    wins over the entity tag of this one mention.
    """
    ents = tuple(doc.ents) if ents is None else ents
    span = doc.char_span(rng[0], rng[1], alignment_mode="expand")
    if span is None or not len(span):
        return SourceInfo("anonymous", None)
    head, text = span.root, span.text.lower()  # not doc.text: spaCy rebuilds it on every access
    # The noun phrase up to its head: "the document, which the city published on its
    # website" is a document, whatever its relative clause mentions.
    core = doc[span.start : head.i + 1].text.lower() if span.start <= head.i else text
    if head.pos_ == "PRON" or head.lower_ in RELATIVE_PRONOUNS:
        return _resolve_pronoun(doc, head, earlier, ents, names)
    lemma, lex = head.lemma_.lower(), lexicons()
    own = [e for e in ents if e.start <= head.i < e.end and e.label_ in NAME_ENTS]
    voice = _document_voice(doc, head, earlier, ents, names)
    if voice is not None:
        return voice
    if (_media_pattern().search(core) or _outlet_name(own)) and not (own and own[0].label_ == "PERSON"):
        # The outlet at the head, not the last one named: "The Times of Israel, citing Channel 12".
        name = re.sub(r"['’]s?$", "", own[0].text) if own else _org_name(ents, rng)
        return SourceInfo("media_outlet", name)
    if lemma in lex.documents or head.lower_ in lex.documents or text in lex.documents:
        return SourceInfo("document", None)
    named = _article_name(doc, span, head, names, earlier, ents)
    if named is not None:
        return named
    if own and (own[0].label_ == "PERSON" or _is_person_name(ents, own[0])):
        return SourceInfo("named_person", _full_name(ents, own[0], rng))
    if lemma in SINGULAR_BODIES and head.tag_ == "NN":
        # "the transit authority" is a body; "authorities said" are unnamed officials.
        return SourceInfo("named_organization", _org_name(ents, rng))
    # "A spokesman for the government, Basim al-Awadi, said", "the group's director, Eva
    # Horvath, told": a person named in apposition makes the source named, whatever the title.
    apposed = _apposed_person(head, ents)
    if apposed is not None:
        return SourceInfo("named_person", _full_name(ents, apposed, rng))
    if lemma in lex.officials or head.lower_ in lex.officials:
        return _back_reference(doc, head, earlier) or SourceInfo("unnamed_official", None)
    if any(p in text for p in lex.anonymous_phrases):
        return SourceInfo("anonymous", None)
    apposed_org = _apposed(head, ents, ORG_ENTS)
    if apposed_org is not None:  # "The ship's operator, Oceanic Lines"
        return SourceInfo("named_organization", re.sub(r"['’]s?$", "", apposed_org.text))
    if head.pos_ == "PROPN" and not own and re.fullmatch(r"[A-Z][A-Z0-9&-]{1,9}", head.text):
        return SourceInfo("named_organization", head.text)  # "UKMTO said": an acronym is a body
    if own and not (own[0].label_ == "NORP" and head.tag_ in ("NNS", "NNPS")):
        return SourceInfo("named_organization", _org_name(ents, rng))
    if _entities(ents, rng, NAME_ENTS) and lemma in ORG_HEADS:
        return SourceInfo("named_organization", _org_name(ents, rng))
    known = [info.name for _, info in earlier if info.type == "named_person" and info.name]
    if head.pos_ == "PROPN" and not own:
        return SourceInfo("named_person", _full_name_text(ents, _propn_name(doc, head), rng[0], known))
    if head.text[:1].isupper() and _full_name_text(ents, head.text, rng[0], known) != head.text:
        # A surname the tagger missed ("Trump knows ...") that an earlier full name ends with.
        return SourceInfo("named_person", _full_name_text(ents, head.text, rng[0], known))
    back = _back_reference(doc, head, earlier)
    if back is None and lemma in ORG_HEADS and _definite(head):
        return SourceInfo("named_organization", None)  # "the appeals court", "the campaign"
    return back or SourceInfo("anonymous", None)


def _apposed_person(head: Token, ents: Sequence[Any]) -> Any | None:
    """Return the PERSON entity set in apposition to ``head`` ("a spokesman, Ana Ruiz"), if any."""
    return _apposed(head, ents, frozenset({"PERSON"}))


def _apposed(head: Token, ents: Sequence[Any], labels: frozenset[str]) -> Any | None:
    """Return the entity with one of ``labels`` set in apposition to ``head``, if any."""
    for child in head.children:
        if child.dep_ == "appos":
            for ent in ents:
                if ent.label_ in labels and ent.start <= child.i < ent.end:
                    return ent
    return None


def _definite(head: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some", "any") for c in head.children
    )


def _outlet_name(own: Sequence[Any]) -> bool:
    """Return True for an ORG entity named like a newspaper ("The Charlotte Observer")."""
    if not own or own[0].label_ != "ORG":
        return False
    return own[0].text.split()[-1].lower().strip(".,’'") in lexicons().media_suffixes


def _is_person_name(ents: Sequence[Any], ent: Any) -> bool:
    """Return True for an ORG/GPE mention that repeats a PERSON's name ("Trump" tagged ORG)."""
    words = _name_words(ent.text)
    return bool(words) and any(
        e.label_ == "PERSON" and _name_words(e.text)[-len(words) :] == words for e in ents
    )


def _org_name(ents: Sequence[Any], rng: Range) -> str | None:
    orgs = _entities(ents, rng, NAME_ENTS)
    return re.sub(r"['’]s?$", "", orgs[-1].text) if orgs else None


def _full_name(ents: Sequence[Any], ent: Any, rng: Range) -> str:
    """Return the longest earlier PERSON mention ending with this one's surname."""
    return _full_name_text(ents, ent.text, rng[0])


def _name_words(name: str) -> list[str]:
    words = [w.strip(".,").lower() for w in re.sub(r"['’]s?$", "", name).split()]
    while words and words[0] in TITLES:
        words = words[1:]
    return words


def _propn_name(doc: Any, head: Token) -> str:
    """Return the run of proper nouns ending at ``head``, titles dropped ("Mayor Ana Ruiz" -> "Ana Ruiz")."""
    start = head.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i in (head.i, start):
        start -= 1
    words = [t.text for t in doc[start : head.i + 1]]
    while len(words) > 1 and words[0].strip(".").lower() in TITLES:
        words = words[1:]
    return " ".join(words)


def _full_name_text(ents: Sequence[Any], name: str, before: int, earlier_names: Sequence[str] = ()) -> str:
    """Return the longest earlier PERSON mention or source name ending with ``name``'s words."""
    name = re.sub(r"['’]s?$", "", name)  # "Donald Trump’s" -> "Donald Trump"
    words = _name_words(name)
    if not words:
        return name
    best = name
    for earlier in earlier_names:
        ew = _name_words(earlier)
        if len(ew) > len(words) and ew[-len(words) :] == words and len(earlier) > len(best):
            best = earlier
    for ent in ents:
        if ent.label_ != "PERSON" or ent.start_char >= before:
            continue
        ew = _name_words(ent.text)
        if len(ew) > len(words) and ew[-len(words) :] == words and len(ent.text) > len(best):
            best = re.sub(r"['’]s?$", "", ent.text)
    return best


def _back_reference(doc: Any, head: Token, earlier: Sequence[tuple[Range, SourceInfo]]) -> SourceInfo | None:
    """Return the type of an earlier source a definite description ("the sources") repeats."""
    if not any(c.lower_ in ("the", "these", "those", "this", "that") for c in head.children):
        return None  # only a definite description points back
    lemma = head.lemma_.lower()
    for rng, info in reversed(earlier):
        prev = head_token(doc, rng)
        if prev is not None and prev.lemma_.lower() == lemma:
            return info
    return None


def _resolve_pronoun(
    doc: Any,
    head: Token,
    earlier: Sequence[tuple[Range, SourceInfo]],
    ents: Sequence[Any],
    names: NameIndex | None = None,
) -> SourceInfo:
    """Return the type and name of what pronoun ``head`` refers to."""
    lower = head.lower_
    if lower in RELATIVE_PRONOUNS:
        noun = head.head.head if head.head.dep_ == "relcl" else None
        if noun is not None and noun.i < head.i:
            rng = (noun.left_edge.idx, noun.idx + len(noun.text))
            return classify(doc, rng, earlier, ents, names)
        return SourceInfo("anonymous", None)
    if lower in ("i", "me", "my", "we", "us", "our") and earlier:
        return earlier[-1][1]
    if lower in PERSON_PRONOUNS:
        return _antecedent_person(doc, head, earlier, ents, names)
    want_group = lower in GROUP_PRONOUNS
    for rng, info in reversed(earlier[-6:]):
        if rng[0] >= head.idx:
            continue
        prev = head_token(doc, rng)
        plural = prev is not None and (prev.tag_ in ("NNS", "NNPS") or prev.lower_ in GROUP_PRONOUNS)
        if want_group and plural:
            return info
        if not want_group and info.type in ("named_organization", "media_outlet", "document"):
            return info
    return SourceInfo("anonymous", None)


def _apposed_subject(tok: Token) -> bool:
    """Return True for a name in apposition to, or compounded into, a subject ("Spokeswoman Jo Ditto")."""
    return tok.dep_ in ("appos", "compound") and tok.head.dep_ in ("nsubj", "nsubjpass")


def _antecedent_person(
    doc: Any,
    head: Token,
    earlier: Sequence[tuple[Range, SourceInfo]],
    ents: Sequence[Any],
    names: NameIndex | None = None,
) -> SourceInfo:
    """Return the person "he"/"she" most likely stands for: the last named subject before it.

    Candidates are earlier named sources and people's names that are grammatical subjects
    (a subject is what a later pronoun most often picks up, so "Maria Ferreira, the mayor
    of Porto Alegre, spoke ... she said" resolves to Ferreira); without either, the last
    person mentioned. A person known to be of the other gender (an honorific, a gendered
    role noun, an earlier pronoun) is not picked. With ``names``, a person is any name the
    article shows to be one, whatever its entity tag, and no organisation is a person.
    """
    want = _gender(head.lower_)
    genders = _known_genders(doc, earlier)
    if names is not None:
        genders = {n.key: n.gender for n in names.names if n.gender} | genders
    cands: list[tuple[int, str]] = []
    for rng, info in earlier:
        prev = head_token(doc, rng)
        plural = prev is None or prev.tag_ == "NNPS"
        if rng[0] < head.idx and info.type == "named_person" and info.name and not plural:
            cands.append((rng[0], info.name))
    persons = _person_mentions(ents, head.idx, names)
    for start, root, full in persons:
        if root.dep_ in ("nsubj", "nsubjpass") or _apposed_subject(root):
            cands.append((start, full))
    fitting = [c for c in cands if genders.get(c[1], want) == want]
    if not fitting:  # no subject fits: any person mentioned before, last first
        fitting = [(start, full) for start, _, full in persons if genders.get(full, want) == want]
    if not fitting:
        return SourceInfo("anonymous", None)
    return SourceInfo("named_person", max(fitting, key=lambda c: c[0])[1])


def _person_mentions(
    ents: Sequence[Any], before: int, names: NameIndex | None
) -> list[tuple[int, Token, str]]:
    """Return (start, root, full name) of every mention of a person before offset ``before``."""
    if names is not None:
        return [(start, root, n.key) for start, root, n in names.mentions_before(before, "person")]
    persons = [e for e in ents if e.label_ == "PERSON" and e.end_char <= before]
    return [(e.start_char, e.root, _full_name_text(ents, e.text, e.start_char)) for e in persons]


def _gender(word: str) -> str:
    """Return "m" or "f" for a gendered pronoun or honorific, else ""."""
    return GENDERED.get(word.strip(".").lower(), "")


def _known_genders(doc: Any, earlier: Sequence[tuple[Range, SourceInfo]]) -> dict[str, str]:
    """Return name -> "m"/"f" for people already called he/she or Mr./Ms. in earlier sources."""
    out: dict[str, str] = {}
    for rng, info in earlier:
        first = doc.char_span(rng[0], rng[1], alignment_mode="expand")
        g = _gender(first[0].text) if first is not None and len(first) else ""
        if info.name and g:
            out.setdefault(info.name, g)
    return out


def _info(name: Name) -> SourceInfo | None:
    """Return the source type and name that an article-level name gives."""
    if name.outlet and name.kind == "org":
        return SourceInfo("media_outlet", name.key)
    if name.kind == "person":
        return SourceInfo("named_person", name.key)
    if name.kind == "org":
        return SourceInfo("named_organization", name.key)
    return None


def _article_name(
    doc: Any,
    span: Any,
    head: Token,
    names: NameIndex | None,
    earlier: Sequence[tuple[Range, SourceInfo]],
    ents: Sequence[Any],
) -> SourceInfo | None:
    """Return the type and name of a source headed by a name, or apposed to one, or a role reference.

    "Harlan & Voss" is an organisation however the tagger read this mention; "a spokesman
    for X, Ana Ruiz" is Ana Ruiz; "the minister" is the person introduced as minister and
    "the company" the company last named (nearest earlier mention first).
    """
    if names is None:
        return None
    name = names.at(head)
    if name is not None:
        return _info(name)
    for child in head.children:
        if child.dep_ != "appos":
            continue
        for tok in child.subtree:  # "the pension fund PGVB": the name may sit inside the apposition
            apposed = names.at(tok)
            if apposed is not None and apposed.kind and (tok is child or _role_fits(head, apposed)):
                return _info(apposed)
    after = _name_after(doc, span, names)
    if after is not None and head.pos_ == "NOUN" and _role_fits(head, after):
        return _info(after)
    compound = _compound_body(doc, head)
    if compound is not None:
        return compound
    return _role_reference(doc, span, head, names, earlier, ents)


def _name_after(doc: Any, span: Any, names: NameIndex) -> Name | None:
    """Return the name set off by commas right after the source ("the regional governor, Pavel Dronik,")."""
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != ",":
        return None
    name = names.at(doc[i + 1])
    if name is None or not name.kind:
        return None
    j = i + 1
    while j < len(doc) and names.at(doc[j]) is name:
        j += 1
    return name if j < len(doc) and doc[j].text in (",", ".") else None


def _role_fits(head: Token, name: Name) -> bool:
    """Return True when a role noun can name ``name``: a person's role for a person, a body's for a body."""
    lex, lemma = name_lexicon(), head.lemma_.lower()
    if name.kind == "person":
        return lemma in lex.person_roles or lemma in lexicons().officials
    return lemma in lex.org_roles


def _compound_body(doc: Any, head: Token) -> SourceInfo | None:
    """Return "Brennmark council", "Tanford police": a body noun named by a proper-noun compound."""
    if head.lemma_.lower() not in ORG_HEADS or head.tag_ != "NN":
        return None
    named = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < head.i]
    if not named:
        return None
    return SourceInfo("named_organization", doc[named[0].i : head.i + 1].text)


def _role_reference(
    doc: Any,
    span: Any,
    head: Token,
    names: NameIndex,
    earlier: Sequence[tuple[Range, SourceInfo]],
    ents: Sequence[Any],
) -> SourceInfo | None:
    """Return the name a definite role noun ("the minister", "the company") points back to."""
    if (
        head.pos_ != "NOUN"
        or head.tag_ != "NN"
        or not _definite(head)
        or _entities(ents, _range(span), NAME_ENTS)
    ):
        return None
    if any(c.dep_ == "poss" for c in head.children):
        return None  # "the ministry's press service" is not the ministry
    lemma = head.lemma_.lower()
    lex = name_lexicon()
    if lemma not in lex.person_roles and lemma not in lex.org_roles:
        return None
    found = names.role_reference(lemma, span.start_char)
    if found is not None:
        return _info(found)
    for rng, info in reversed(earlier):  # "Minister of Internal Security General Vadim Orlesko"
        words = doc.char_span(rng[0], rng[1], alignment_mode="expand")
        if info.type == "named_person" and words is not None and lemma in {t.lemma_.lower() for t in words}:
            return info
    if lemma in COMPANY_ROLES:  # "the company said" after an organisation spoke, with no company named
        for _, info in reversed(earlier):
            if info.type == "named_organization" and info.name:
                return info
    return None


def _range(span: Any) -> Range:
    return span.start_char, span.end_char


# A post, tweet or message "by X" (or "X's tweet") is X's statement: sourced to its author.
POSTS = frozenset({"post", "tweet", "message", "video", "blog"})
# People who speak through a document they wrote: "the study's authors wrote" is the study.
AUTHORS = frozenset({"author", "researcher", "scientist", "investigator"})


def _document_voice(
    doc: Any,
    head: Token,
    earlier: Sequence[tuple[Range, SourceInfo]],
    ents: Sequence[Any],
    names: NameIndex | None,
) -> SourceInfo | None:
    """Return the source of a post's author, a document's authors, or "the paper" of a study."""
    lemma, documents = head.lemma_.lower(), lexicons().documents
    if lemma in POSTS:
        for c in head.children:
            author = c if c.dep_ == "poss" else _child_of(c, "pobj") if c.lower_ in ("by", "from") else None
            if author is not None and author.pos_ != "PRON":
                return classify(
                    doc, (author.left_edge.idx, author.idx + len(author.text)), earlier, ents, names
                )
    if lemma in AUTHORS:
        of = [c for c in head.children if c.dep_ == "poss"]
        of += [_child_of(c, "pobj") for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        if any(t is not None and t.lemma_.lower() in documents for t in of):
            return SourceInfo("document", None)
        if _definite(head) and not of and _last_type(earlier) == "document":
            return SourceInfo("document", None)  # "The authors" right after a study spoke
    if (
        lemma == "paper"
        and _definite(head)
        and _latest(earlier, "document") > _latest(earlier, "media_outlet")
    ):
        return SourceInfo("document", None)  # "the paper" of a study, not a newspaper
    return None


def _child_of(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ == dep), None)


def _last_type(earlier: Sequence[tuple[Range, SourceInfo]]) -> str:
    return earlier[-1][1].type if earlier else ""


def _latest(earlier: Sequence[tuple[Range, SourceInfo]], kind: str) -> int:
    """Return the start of the last earlier source of type ``kind`` (-1 when none)."""
    return max((rng[0] for rng, info in earlier if info.type == kind), default=-1)
