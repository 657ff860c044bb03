"""One type, gender and set of roles per name, decided from every mention in the article.

The small spaCy model tags each mention on its own, so one name is often a PERSON in one
sentence and an ORG in the next ("Harlan & Voss" tagged PERSON, "Okafor" tagged ORG). Here
the mentions of a name are grouped (spaCy PERSON and ORG entities, and runs of two or more
untagged proper nouns; a mention whose words end another's is the same name: "Okonjo",
"Ms Okonjo" and "Maria Okonjo"), and every mention adds evidence to the group:

* person: a title or role word before it ("Dr", "Ms", "Minister", "spokeswoman Ana Ruiz"), a
  role noun in apposition ("Maria Okonjo, the health minister"), "who" after it, a following
  "he"/"she" as the next sentence's subject;
* organisation: a name suffix ("Inc", "Holdings", "Group", "Ministry"), an ampersand, an
  acronym, "the" before it, a company or body noun in apposition ("Okafor, the Lagos
  firm"), "which" after it, a following "it" as the next sentence's subject, verbs only a
  body does (recall, manufacture, employ, acquire, merge);
* the spaCy tag itself is one vote per mention.

The kind with more evidence wins for every mention; a tie keeps the tagger's majority. The
role nouns introduced with a name ("minister", "spokeswoman", "company", a body's own head
word such as "ministry") let a later definite description ("the minister said", "the
company said") resolve to it, nearest earlier mention first. Gender comes from honorifics,
gendered role nouns and following pronouns. Word lists: ``lexicons/attribution_names.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...lexicons import read_lexicon

Token = Any
Range = tuple[int, int]

# Evidence weights: a title, suffix or apposed role is strong; the tagger, pronouns and
# verbs are weak, so two strong clues outvote a tag repeated on every mention.
STRONG = 3.0
MEDIUM = 2.0
WEAK = 1.0
NAME_LABELS = frozenset({"PERSON", "ORG"})
# Entity labels the small model also gives to names of speakers ("The Harbour Courier" as
# FAC or WORK_OF_ART): mentions too, with no vote of their own.
MENTION_LABELS = NAME_LABELS | frozenset({"FAC", "WORK_OF_ART", "PRODUCT"})
# Participles that only a body takes: "Kessler Ambrose, founded in 2018", "a Lagos-based firm".
BODY_PARTICIPLES = frozenset({"found", "base", "headquarter", "list", "incorporate", "register"})
BODY_VERBS = frozenset({"recall", "manufacture", "employ", "acquire", "merge"})
# Company-like names answer to these generic nouns ("Harlan & Voss ... the company said").
COMPANY_ROLES = frozenset({"company", "firm", "business"})
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")


@dataclass(frozen=True, slots=True)
class NameLexicon:
    """The word lists of ``attribution_names.txt``: class -> word -> gender ("" when none)."""

    titles: dict[str, str]
    person_roles: dict[str, str]
    org_suffixes: frozenset[str]
    org_roles: frozenset[str]  # body and company nouns
    company_roles: frozenset[str]


@lru_cache(maxsize=1)
def name_lexicon() -> NameLexicon:
    """Load the name-evidence lexicon once."""
    rows = read_lexicon("attribution_names.txt")
    by: dict[str, dict[str, str]] = {}
    for row in rows:
        by.setdefault(row[1], {})[row[0].lower()] = row[2] if len(row) > 2 else ""
    return NameLexicon(
        titles=by.get("title", {}),
        person_roles=by.get("person_role", {}),
        org_suffixes=frozenset(by.get("org_suffix", {})),
        org_roles=frozenset(by.get("org_role", {})) | frozenset(by.get("company_role", {})),
        company_roles=frozenset(by.get("company_role", {})),
    )


@dataclass
class Name:
    """One name of the article with all its mentions and the evidence for its kind."""

    key: str  # the longest form ("Maria Okonjo")
    words: tuple[str, ...]  # its words, lower case, titles dropped
    mentions: list[tuple[int, int, Token]] = field(default_factory=list)  # (start char, end char, root)
    person: float = 0.0
    org: float = 0.0
    tagged_person: int = 0
    tagged_org: int = 0
    male: float = 0.0
    female: float = 0.0
    roles: set[str] = field(default_factory=set)
    outlet: bool = False  # named like a newspaper ("The Harbour Courier")

    @property
    def kind(self) -> str:
        """Return "person", "org" or "" (no evidence either way)."""
        person = self.person + 0.5 * (self.tagged_person > self.tagged_org)
        org = self.org + 0.5 * (self.tagged_org > self.tagged_person)
        return "person" if person > org else "org" if org > person else ""

    @property
    def gender(self) -> str:
        """Return "m", "f" or "" when unknown or contradictory."""
        return "m" if self.male > self.female else "f" if self.female > self.male else ""

    def add_gender(self, gender: str, weight: float) -> None:
        """Add evidence that the name is a man ("m") or a woman ("f")."""
        if gender == "m":
            self.male += weight
        elif gender == "f":
            self.female += weight


@dataclass
class NameIndex:
    """The names of one article and where each mention lies."""

    names: list[Name]
    by_token: dict[int, Name]

    def at(self, tok: Token) -> Name | None:
        """Return the name whose mention holds token ``tok``."""
        return self.by_token.get(tok.i)

    def role_reference(self, lemma: str, before: int) -> Name | None:
        """Return the name last mentioned before ``before`` that was introduced with role ``lemma``."""
        best: tuple[int, Name] | None = None
        for name in self.names:
            if lemma not in name.roles:
                continue
            last = max((m[0] for m in name.mentions if m[0] < before), default=-1)
            if last >= 0 and (best is None or last > best[0]):
                best = (last, name)
        return best[1] if best else None

    def mentions_before(self, offset: int, kind: str) -> list[tuple[int, Token, Name]]:
        """Return (start, root, name) of every mention of a ``kind`` name before ``offset``."""
        return [(m[0], m[2], n) for n in self.names if n.kind == kind for m in n.mentions if m[1] <= offset]


def _strip(text: str) -> str:
    return re.sub(r"['’]s?$", "", text.strip()).strip()


def _lead_length(words: Sequence[str]) -> int:
    """Return how many leading words are "the", titles and roles ("Transport Minister Oskar ..." -> 2)."""
    lex = name_lexicon()
    cut = 0
    for j, w in enumerate(words[:-1]):
        if w == "the" and j == 0:
            cut = 1
        elif w in lex.titles or w in lex.person_roles:
            cut = j + 1
    return cut


def name_words(text: str) -> tuple[str, ...]:
    """Return the words of a name in lower case, without "the", titles or a possessive."""
    words = [w.strip(".,").lower() for w in _strip(text).split()]
    words = [w for w in words if w]
    return tuple(words[_lead_length(words) :])


def name_text(text: str) -> str:
    """Return a name as written without leading "the", titles or a possessive ("Minister Ana Ruiz" -> "Ana Ruiz")."""
    raw = _strip(text).split()
    words = [w.strip(".,").lower() for w in raw]
    return " ".join(raw[_lead_length(words) :])


@lru_cache(maxsize=1)
def media_suffixes() -> frozenset[str]:
    """Return the last words of newspaper names ("$courier" rows of attribution_media.txt)."""
    return frozenset(r[0][1:].lower() for r in read_lexicon("attribution_media.txt") if r[0].startswith("$"))


def _mention_tokens(doc: Any, ents: Sequence[Any]) -> list[tuple[int, int]]:
    """Return token ranges of name mentions: PERSON/ORG entities and untagged proper-noun runs."""
    out = [(e.start, e.end) for e in ents if e.label_ in MENTION_LABELS]
    tagged = {i for e in ents for i in range(e.start, e.end)}
    starts = {s: k for k, (s, _) in enumerate(out)}
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j not in tagged and (_proper(doc[j]) or (j > i and _ampersand(doc, j))):
            j += 1
        lex = name_lexicon()
        last = doc[j - 1].lower_.strip(".") if j > i else ""
        role_last = last in lex.titles or last in lex.person_roles
        if j > i and j in starts:
            # "Cllr Gideon" + ORG "Barraclough-Nwosu": the tagger cut one name in two.
            k = starts[j]
            out[k] = (i, out[k][1])
        elif (j - i >= 2 and not role_last) or (j - i == 1 and _single_name(doc[i])):
            out.append((i, j))
        i = max(j, i + 1)
    return out


def _proper(tok: Token) -> bool:
    """Return True for a capitalised proper noun, or an acronym the tagger read as a noun ("PGVB")."""
    if tok.pos_ == "NOUN":
        return bool(_ACRONYM.fullmatch(tok.text))
    return bool(tok.pos_ == "PROPN" and tok.text[:1].isupper())


def _ampersand(doc: Any, j: int) -> bool:
    """Return True for the "&" of "Harlan & Voss" (a proper noun on both sides)."""
    return doc[j].text == "&" and j + 1 < len(doc) and _proper(doc[j + 1])


def _single_name(tok: Token) -> bool:
    """Return True for one untagged proper noun that names a speaker: an acronym or a subject."""
    lex = name_lexicon()
    word = tok.lower_.strip(".")
    if word in lex.titles or word in lex.person_roles or word in lex.org_suffixes or word in lex.org_roles:
        return False
    return bool(_ACRONYM.fullmatch(tok.text)) or tok.dep_ in ("nsubj", "nsubjpass", "appos", "poss")


def _cluster(doc: Any, spans: list[tuple[int, int]]) -> tuple[list[Name], dict[tuple[int, int], Name]]:
    """Group mentions into names: longest first; a mention whose words end a name's is that name."""
    names: list[Name] = []
    of: dict[tuple[int, int], Name] = {}
    for s, e in sorted(spans, key=lambda r: (-len(name_words(doc[r[0] : r[1]].text)), r[0])):
        words = name_words(doc[s:e].text)
        if not words:
            continue
        fits = [n for n in names if n.words[-len(words) :] == words or _acronym_of(words, n.words)]
        if not fits and len(words) == 1:
            # A first name alone ("Rocco" after "Rocco Bellamy-Quist"), when only one name starts so.
            firsts = [n for n in names if len(n.words) > 1 and n.words[0] == words[0]]
            fits = firsts if len(firsts) == 1 else []
        if fits:
            # Two people of one surname: the one mentioned last before this mention.
            near = [n for n in fits if any(m[0] < doc[s].idx for m in n.mentions)]
            name = max(
                near or fits, key=lambda n: max(m[0] for m in n.mentions if m[0] < doc[s].idx) if near else 0
            )
        else:
            name = Name(name_text(doc[s:e].text), words)
            names.append(name)
        span = doc[s:e]
        name.mentions.append((span.start_char, span.end_char, span.root))
        of[(s, e)] = name
    return names, of


def _acronym_of(words: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Return True when one-word ``words`` is the initials of ``full`` ("nrsb" of National Rail Safety Board)."""
    if len(words) != 1 or len(full) < 2:
        return False
    initials = "".join(w[0] for w in full if w not in ("of", "and", "for", "the", "&"))
    return words[0] == initials


def build_names(doc: Any, ents: Sequence[Any] | None = None) -> NameIndex:
    """Return the names of ``doc`` with their kind, gender and roles, from all their mentions."""
    ents = tuple(doc.ents) if ents is None else ents
    spans = _mention_tokens(doc, ents)
    names, of = _cluster(doc, spans)
    labels = {(e.start, e.end): e.label_ for e in ents}
    by_token: dict[int, Name] = {}
    for (s, e), name in of.items():
        for i in range(s, e):
            by_token.setdefault(i, name)
        _evidence(doc, s, e, name, labels.get((s, e), ""))
    for name in names:
        _own_roles(name)
    return NameIndex(names, by_token)


def _own_roles(name: Name) -> None:
    """Add the roles a body's own name gives it: "Ministry of Health" is "the ministry"."""
    lex = name_lexicon()
    if name.kind != "org":
        return
    suffix = name.words[-1] in lex.org_suffixes and name.words[-1] not in lex.org_roles
    if suffix or "&" in name.words or name.roles & lex.company_roles:
        name.roles |= COMPANY_ROLES
    for w in name.words:
        if w in lex.org_roles:
            name.roles.add(w)


def _evidence(doc: Any, s: int, e: int, name: Name, label: str) -> None:
    """Add what one mention (tokens ``s``..``e``) says about its name."""
    lex = name_lexicon()
    span = doc[s:e]
    root = span.root
    name.tagged_person += label == "PERSON"
    name.tagged_org += label == "ORG"
    words = [t.lower_.strip(".") for t in span]
    _title_evidence(doc, s, name, words)
    if words[-1] in lex.org_suffixes and len(words) > 1:
        name.org += STRONG
    if len(name.words) > 1 and name.words[-1] in media_suffixes():
        name.org += STRONG
        name.outlet = True
    if "&" in words:
        name.org += MEDIUM
    if (
        "of" in words[1:-1]
        or words[0] == "the"
        or any(c.dep_ == "det" and c.lower_ == "the" for c in root.children)
    ):
        name.org += WEAK
    if len(span) == 1 and _ACRONYM.fullmatch(span.text):
        name.org += MEDIUM
    for noun in _apposed_nouns(root):
        _role_evidence(noun, name)
    _clause_evidence(doc, root, name)


def _title_evidence(doc: Any, s: int, name: Name, words: list[str]) -> None:
    """Count titles and role words written before the name, inside the mention or just before it."""
    lex = name_lexicon()
    lead = [w for w in words[: _lead_length(words)] if w != "the"]
    i = s - 1
    while i >= 0 and len(lead) < 4:
        w = doc[i].lower_.strip(".")
        if doc[i].dep_ not in ("compound", "amod", "nmod", "appos"):
            break
        if w in lex.titles or w in lex.person_roles:
            lead.append(w)
        elif doc[i].lemma_.lower() in lex.org_roles:  # "battery maker Kessler Ambrose"
            name.org += STRONG
            name.roles.add(doc[i].lemma_.lower())
        elif doc[i].pos_ != "ADJ":
            break
        i -= 1
    for w in lead:
        name.person += STRONG
        name.add_gender(lex.titles.get(w) or lex.person_roles.get(w, ""), STRONG)
        if w in lex.person_roles:
            name.roles.add(w)


def _apposed_nouns(root: Token) -> list[Token]:
    """Return the common nouns set in apposition to a name ("Okonjo, the health minister")."""
    out = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.append(root.head)  # "the company's founder, Lena Marsh": the name is the apposition
    return out


def _role_evidence(noun: Token, name: Name) -> None:
    """Count a role noun set beside the name: a person's role, or a body's."""
    lex = name_lexicon()
    lemma = noun.lemma_.lower()
    if lemma in lex.person_roles:
        name.person += STRONG
        name.roles.add(lemma)
        name.add_gender(lex.person_roles[lemma], STRONG)
    elif lemma in lex.org_roles:
        name.org += STRONG
        name.roles.add(lemma)


def _clause_evidence(doc: Any, root: Token, name: Name) -> None:
    """Count "who"/"which" after the name, body verbs, and the next sentence's subject pronoun."""
    for c in root.children:
        if c.dep_ == "relcl":
            rel = [t for t in c.subtree if t.lower_ in ("who", "which") and t.i > root.i]
            if rel and rel[0].lower_ == "who":
                name.person += MEDIUM
            elif rel:
                name.org += WEAK
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in BODY_VERBS:
        name.org += WEAK
    if any(c.dep_ == "acl" and c.lemma_.lower() in BODY_PARTICIPLES for c in root.children):
        name.org += MEDIUM
    if root.dep_ == "nsubj":
        _next_subject_pronoun(doc, root, name)


def _next_subject_pronoun(doc: Any, root: Token, name: Name) -> None:
    """Count the subject pronoun of the next sentence when no other name comes between."""
    sent = root.sent
    if sent.end >= len(doc):
        return
    nxt = doc[sent.end].sent
    for tok in doc[root.i + 1 : nxt.end]:
        if tok.ent_type_ in NAME_LABELS:
            return
        if tok.dep_ == "nsubj" and tok.sent.start == nxt.start:
            word = tok.lower_
            if word in ("he", "she"):
                name.person += WEAK
                name.add_gender("m" if word == "he" else "f", WEAK)
            elif word == "it":
                name.org += WEAK
            return
