"""Denial cues: the cue lexicon, the cue finders and the voice flags of a cue.

The cue lexicon ``lexicons/denials_cues.txt`` is parsed into a :class:`Lexicon`.
The finders read the spaCy parse with it and yield token ranges of candidate
cues: single-token cues (a denial or rejecting verb, a falsity word, a refusal to
confirm, "made up"), ``[phrases]`` entries, negators that negate a claim clause,
and a bare "No" that answers a question. :func:`context_flags` then says in
whose voice a cue stands and how it is marked (quoted, under a reporting verb,
after a "Source:" prefix, "No, ...", upper-case NOT, "actually", a question).
Which candidates are denials is decided in :mod:`newsaudit.components.denials`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON_PATH = Path(__file__).resolve().parents[2] / "lexicons" / "denials_cues.txt"

# A "Source: statement" headline prefix has at most this many tokens before the colon.
MAX_COLON_PREFIX = 6
# How far (tokens) after a rejecting verb its claim object may stand.
REJECT_WINDOW = 6

CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "parataxis", "conj", "advcl", "relcl", "xcomp", "csubj"})
SUBORDINATE_DEPS = frozenset(
    {"relcl", "acl", "advcl", "pcomp", "csubj", "amod", "prep", "pobj", "dobj", "xcomp"}
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The cue lists: section name -> word forms, plus particles and phrases."""

    sections: dict[str, frozenset[str]]
    particles: dict[str, frozenset[str]]
    phrases: tuple[tuple[str, tuple[frozenset[str], ...]], ...]

    def has(self, section: str, token: Any) -> bool:
        """Return True when ``token`` (its text or lemma) is in ``section``."""
        forms = self.sections.get(section, frozenset())
        return norm(token.text) in forms or norm(token.lemma_) in forms


@dataclass(frozen=True, slots=True)
class Candidate:
    """A cue with the clause it belongs to and the facts the decision uses."""

    kind: str
    cue: tuple[int, int]  # token indices, half-open
    head: int  # token index of the clause head
    flags: frozenset[str]


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """Return ``word`` lower-cased with curly apostrophes straightened (cached: called per token and cue)."""
    return word.lower().replace("’", "'")


def parse_lexicon(text: str) -> Lexicon:
    """Parse the ``[section]`` cue-file format described in its header."""
    sections: dict[str, set[str]] = {}
    particles: dict[str, frozenset[str]] = {}
    phrases: list[tuple[str, tuple[frozenset[str], ...]]] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, set())
        elif current == "phrases":
            kind, _, words = line.partition(":")
            phrases.append((kind.strip(), tuple(frozenset(w.split("|")) for w in words.split())))
        else:
            forms = [w for w in line.split() if not w.startswith("+")]
            needs = frozenset(w[1:] for w in line.split() if w.startswith("+"))
            sections[current].update(norm(f) for f in forms)
            for form in forms:
                if needs:
                    particles[norm(form)] = needs
    return Lexicon({k: frozenset(v) for k, v in sections.items()}, particles, tuple(phrases))


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Load and cache the cue lexicon."""
    return parse_lexicon(path.read_text(encoding="utf-8"))


# --- cues ------------------------------------------------------------------------------------------


def _negated(token: Any, lex: Lexicon) -> bool:
    """Return True when ``token``, its copula or its verb chain carries a negator ("is not a hoax")."""
    chain = [token, *(a for a in token.ancestors if a.dep_ in {"xcomp", "aux"})][:3]
    if token.dep_ in {"attr", "acomp", "oprd"}:
        chain.append(token.head)
    for t in chain:
        if any(c.dep_ == "neg" or (c.lower_ in {"no", "never"} and c.i < t.i) for c in t.children):
            return True
    for i in range(token.i - 1, max(token.sent.start, token.i - 3) - 1, -1):
        left = token.doc[i]
        if lex.has("negation", left) or left.lower_ in {"no", "without"}:
            return True
        if left.pos_ not in {"DET", "ADV"}:
            break
    return False


def clause_head(token: Any) -> Any:
    """Return the head of the clause ``token`` belongs to."""
    t = token
    while t.dep_ not in CLAUSE_DEPS or t.pos_ not in {"VERB", "AUX", "ADJ"}:
        if t.head.i == t.i:
            return t
        t = t.head
    return t


def _deny_cue(tok: Any, lex: Lexicon) -> bool:
    """Return True when a [deny] word denies a claim, not a request ("denied bail")."""
    if _negated(tok, lex) or (tok.head.i != tok.i and lex.has("refusal", tok.head)):
        return False
    if tok.lower_.startswith("denial"):
        prev = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
        nxt = tok.doc[tok.i + 1 : tok.i + 3].text.lower()
        return prev != "in" and "service" not in nxt
    objects = [c for c in tok.children if c.dep_ in {"dobj", "dative", "iobj"}]
    # "denied bail", "deny Trump the nomination": withholding a thing, not denying a claim.
    if any(lex.has("deny_exclude", c) or c.dep_ in {"dative", "iobj"} for c in objects):
        return False
    # "A privilege the law was denied", "he was denied": refused, unless a claim is the subject.
    passive = [c for c in tok.children if c.dep_ in {"auxpass", "nsubjpass"}]
    claim_subject = any(c.dep_ == "nsubjpass" and lex.has("claim_nouns", c) for c in tok.children)
    return not passive or claim_subject


def _reject_cue(tok: Any, lex: Lexicon) -> bool:
    """Return True when a [reject] verb has a claim for its object ("dismissed the reports")."""
    needs = lex.particles.get(norm(tok.text)) or lex.particles.get(norm(tok.lemma_))
    window = [t for t in tok.doc[tok.i + 1 : tok.i + 1 + REJECT_WINDOW] if t.sent == tok.sent]
    if needs and not any(t.lower_ in needs for t in window[:2]):
        return False
    stray = [c for c in tok.children if c.dep_ == "prt" and c.lower_ not in (needs or ())]
    # "asked questions about", "blasted out releases": a noun, or another phrasal verb.
    if _negated(tok, lex) or stray or (tok.pos_ == "NOUN" and not tok.lower_.endswith("ion")):
        return False
    stop = next((i for i, t in enumerate(window) if t.text in {":", ";", "."}), len(window))
    claim_after = any(lex.has("claim_nouns", t) for t in window[:stop])
    claim_subject = any(c.dep_ == "nsubjpass" and lex.has("claim_nouns", c) for c in tok.children)
    modifies_claim = tok.dep_ in {"amod", "acl"} and lex.has("claim_nouns", tok.head)
    # "doubts that the meteor caused it", "questions whether ...": the claim is a clause.
    clause_object = bool(window) and window[0].lower_ in {"that", "whether"} and tok.pos_ == "VERB"
    return claim_after or claim_subject or modifies_claim or clause_object


def _claim_before(tok: Any, lex: Lexicon) -> bool:
    """Return True when a claim noun stands earlier in the clause ("Reports ... untrue")."""
    start = max(
        tok.sent.start,
        next(
            (t.i + 1 for t in reversed(tok.doc[tok.sent.start : tok.i]) if t.text in {":", ";"}),
            tok.sent.start,
        ),
    )
    return any(lex.has("claim_nouns", t) for t in tok.doc[start : tok.i])


def _clause_final(tok: Any) -> bool:
    """Return True when nothing but punctuation follows ``tok`` in its sentence or clause."""
    rest = tok.doc[tok.i + 1 : tok.sent.end]
    return all(t.is_punct for t in rest[:1]) and (len(rest) == 0 or rest[0].text in {",", ".", ":", ";", "!"})


def _predicative(tok: Any, lex: Lexicon) -> bool:
    """Return True when a falsity word is predicated ("is false", "exposed as a fake")."""
    if tok.dep_ in {"acomp", "attr", "oprd"}:
        return True
    left = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    if tok.dep_ == "amod" and tok.head.i > tok.i and left is not None and left.pos_ == "DET":
        return False  # "a false equivalency": attributive; only a claim noun makes it a denial
    if tok.dep_ == "ROOT" and any(c.dep_.startswith("nsubj") for c in tok.children):
        return True
    if _clause_final(tok) and _claim_before(tok, lex):
        # Headline ellipsis: "Reports of Ebola cases untrue".
        return True
    for i in range(tok.i - 1, max(tok.sent.start, tok.i - 4) - 1, -1):
        left = tok.doc[i]
        if lex.has("copulas", left):
            return True
        if not lex.has("fillers", left) and left.pos_ not in {"ADV", "DET"}:
            return False
    return False


def _modifies_claim(tok: Any, lex: Lexicon) -> bool:
    """Return True when ``tok`` modifies a claim noun ("bogus claims", "erroneous urination reports")."""
    if tok.dep_ in {"amod", "compound"} and lex.has("claim_nouns", tok.head):
        return True
    for t in tok.doc[tok.i + 1 : min(tok.i + 4, tok.sent.end)]:
        if lex.has("claim_nouns", t):
            return True
        if t.pos_ not in {"NOUN", "PROPN", "ADJ"}:
            return False
    return False


def _falsity_kind(tok: Any, lex: Lexicon) -> str | None:
    """Return the kind of falsity cue ``tok`` is, or None when it denies nothing here."""
    if _negated(tok, lex) or (tok.lemma_.lower() == "lie" and tok.pos_ in {"VERB", "AUX"}):
        return None  # "lies in ruins", "she is lying": not a report called false
    if lex.has("false_adverbs", tok):
        return "false_adverb" if lex.has("speech", tok.head) or lex.has("claim_nouns", tok.head) else None
    if lex.has("false_noun", tok) and tok.dep_ not in {"amod", "compound"}:
        return "false_noun"
    if lex.has("false_noun", tok) or lex.has("false_strong", tok):
        return "false_strong" if _modifies_claim(tok, lex) or _predicative(tok, lex) else None
    if lex.has("false_weak", tok):
        if _modifies_claim(tok, lex) or (_predicative(tok, lex) and _claim_before(tok, lex)):
            return "false_weak_claim"
        return "false_weak" if _predicative(tok, lex) else None
    return None


def _made_up(tok: Any, lex: Lexicon) -> bool:
    """Return True for "made (it all) up" = invented, not "made up of" or "make up for"."""
    if tok.lemma_.lower() != "make" or not any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
        return False
    up = next(c for c in tok.children if c.dep_ == "prt" and c.lower_ == "up")
    after = tok.doc[up.i + 1].lower_ if up.i + 1 < len(tok.doc) else ""
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    pronoun_obj = any(
        c.lower_ in {"it", "this", "that", "them", "everything", "stuff"} or lex.has("claim_nouns", c)
        for c in objects
    )
    # "made up of", "make up for", "minds made up" (decided) are not inventions.
    mind = any(t.lemma_.lower() == "mind" for t in tok.doc[max(tok.i - 3, 0) : up.i + 3])
    return after not in {"of", "for"} and not mind and (pronoun_obj or (tok.tag_ == "VBN" and not objects))


def refusal_kind(tok: Any, lex: Lexicon) -> tuple[str, int] | None:
    """Return ("refuse_confirm" | "non_answer", first cue token) for "refused to confirm"-like verbs."""
    if not (lex.has("confirm", tok) or lex.has("non_answer", tok)):
        return None
    kind = "refuse_confirm" if lex.has("confirm", tok) else "non_answer"
    if tok.dep_ in {"xcomp", "ccomp"} and lex.has("refusal", tok.head) and not _negated(tok.head, lex):
        return kind, tok.head.i
    auxes = [c for c in tok.children if c.dep_ == "aux" and lex.has("refusal", c)]
    if auxes and any(c.dep_ == "neg" for c in tok.children):
        return kind, auxes[0].i
    if (
        kind == "non_answer"
        and any(c.dep_ == "neg" for c in tok.children)
        and tok.lemma_ in {"respond", "return"}
    ):
        return kind, min(c.i for c in tok.children if c.dep_ in {"aux", "neg"})
    return None


def _declarative_complement(verb: Any) -> bool:
    """Return True when a speech verb reports a statement ("did not say X is ..."), not a question."""
    for c in verb.children:
        if c.dep_ == "ccomp":
            first = next(iter(c.subtree))
            return first.lower_ not in {"whether", "if"} and not first.tag_.startswith("W")
    return False


def _negation_head(neg: Any, lex: Lexicon) -> Any | None:
    """Return the clause a negator negates, or None when it does not negate a claim."""
    head = neg.head
    if lex.has("negative_quantifiers", neg) and neg.dep_ == "det":
        head = head.head  # "No threats were made": the clause of the noun "no" determines
        if any(t.lower_ == "than" for t in head.subtree):
            return None  # "No state has been hurt more than Wyoming": a superlative
    nxt = neg.doc[neg.i + 1] if neg.i + 1 < len(neg.doc) else None
    if nxt is not None and lex.has("negation_idioms", nxt):
        return None
    if lex.has("speech", head) and not _declarative_complement(head):
        return None  # "Officials did not say when the road would reopen"
    if any(c.dep_ == "ccomp" for c in head.children) and not _declarative_complement(head):
        return None  # "the videos do not show whether he had anything in his hands"
    complements = [c for c in head.children if c.dep_ in {"acomp", "attr"}] if head.lemma_ == "be" else []
    if any(lex.has("stance_verbs", t) for t in [head, *complements]):
        return None  # "I didn't know", "they weren't surprised": a state of mind
    if any(lex.has(s, head) for s in ("non_answer", "confirm", "deny")) and not lex.has("speech", head):
        return None
    if any(c.dep_ == "aux" and lex.has("negation_modals", c) for c in head.children):
        return None
    if _imperative(head):
        return None  # "Don't shoot": a request, not a statement
    if lex.has("withholding_verbs", head) and any(
        c.dep_ == "dobj" and lex.has("non_answer_objects", c) for c in head.children
    ):
        return None  # "we don't have any information": withholding, not denying
    if any(_litotes(t) for t in (head, nxt) if t is not None and t.pos_ in {"ADJ", "ADV"}):
        return None  # "not unreasonable", "not infrequently": litotes asserts, it does not deny
    if any(a.lemma_.lower() == "let" for a in head.ancestors) or head.lemma_.lower() == "let":
        return None  # "let's not create ...": a proposal
    top = head
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    if top.dep_ in SUBORDINATE_DEPS and not _fragment_predicate(top):
        return None
    return head


def _litotes(tok: Any) -> bool:
    return tok.lower_[:2] in {"un", "in", "im", "ir", "il"} and len(tok.text) > 5


def _fragment_predicate(tok: Any) -> bool:
    """Return True when ``tok`` is the only predicate of a verbless headline parse.

    "Tribute to victims not posted by artist" parses with the noun "tribute" as root
    and "posted" as its modifier; after a "Source:" prefix the same happens to the
    whole statement. There the "subordinate" clause is the statement itself.
    """
    root = tok.sent.root
    if root.pos_ in {"VERB", "AUX"}:
        return False
    path = [a for a in tok.ancestors if a.i != root.i]
    return not any(a.pos_ in {"VERB", "AUX"} for a in path)


def _imperative(head: Any) -> bool:
    """Return True for a subjectless "do not" clause ("Hands up, don't shoot")."""
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in head.children)
    do_aux = any(c.dep_ == "aux" and c.lemma_.lower() == "do" for c in head.children)
    return not has_subject and do_aux and head.tag_ == "VB"


def _is_negator(tok: Any, lex: Lexicon) -> bool:
    """Return True for "not"/"n't"/"never" and for "no"/"nobody"/... standing for a subject or object."""
    if lex.has("negation", tok):
        return bool(tok.dep_ == "neg")
    if tok.lower_ == "no":
        role = tok.head.dep_
        return tok.dep_ == "det" and (
            role in {"nsubj", "nsubjpass", "dobj", "attr"}
            or (role == "appos" and _fragment_predicate(tok.head))
        )
    return lex.has("negative_quantifiers", tok) and tok.dep_ in {"nsubj", "nsubjpass", "dobj"}


def phrase_hits(doc: Any, lex: Lexicon) -> Iterable[tuple[str, int, int]]:
    """Yield (kind, start, end) token ranges where a [phrases] entry matches."""
    words = [norm(t.text) for t in doc]
    for kind, pattern in lex.phrases:
        n = len(pattern)
        for i in range(len(words) - n + 1):
            if all(words[i + k] in pattern[k] for k in range(n)):
                yield kind, i, i + n


def single_token_cues(doc: Any, lex: Lexicon) -> Iterable[tuple[str, int, int]]:
    """Yield (kind, start, end) for cues anchored on one token."""
    for tok in doc:
        if lex.has("deny", tok) and _deny_cue(tok, lex):
            yield "deny", tok.i, tok.i + 1
        elif lex.has("reject", tok) and _reject_cue(tok, lex):
            needs = lex.particles.get(norm(tok.text), frozenset())
            particle = next((t.i for t in doc[tok.i + 1 : tok.i + 3] if t.lower_ in needs), tok.i)
            yield "reject", tok.i, particle + 1
        elif (kind := _falsity_kind(tok, lex)) is not None:
            yield kind, tok.i, tok.i + 1
        elif (refusal := refusal_kind(tok, lex)) is not None and refusal[0] == "refuse_confirm":
            # The refusal verb may sit after its object noun in the parse ("declined Fox News'
            # request"): the cue runs from the earlier to the later token.
            yield refusal[0], min(refusal[1], tok.i), max(refusal[1], tok.i) + 1
        elif _made_up(tok, lex):
            yield "made_up", tok.i, tok.i + 1


def negation_cues(doc: Any, lex: Lexicon) -> Iterable[tuple[str, int, int, int]]:
    """Yield ("negation", start, end, head) for negators that negate a claim clause."""
    for tok in doc:
        if not _is_negator(tok, lex):
            continue
        head = _negation_head(tok, lex)
        if head is None:
            continue
        auxes = [c.i for c in head.children if c.dep_ in {"aux", "auxpass"} and c.i < tok.i]
        end = tok.head.i + 1 if tok.dep_ == "det" else tok.i + 1
        yield "negation", min([*auxes[:1], tok.i]), end, head.i


def answer_no(doc: Any, lex: Lexicon) -> Iterable[tuple[str, int, int, int]]:
    """Yield a bare "No" that answers a question or is said ("...? No, says X", "? Probably not")."""
    for sent in doc.sents:
        words = [t for t in sent if not t.is_punct]
        first = words[0] if words else None
        if first is None or first.lower_ not in {"no", "nope", "not", "probably"}:
            continue
        after_question = sent.start > 0 and doc[sent.start - 1].text == "?"
        said = (
            len(words) > 1
            and lex.has("speech", words[1])
            and first.lower_ in {"no", "nope"}
            and doc[first.i + 1].is_punct
        )
        short = len(words) <= 2 and any(t.lower_ in {"no", "nope", "not"} for t in words)
        if said:
            yield "said_no", first.i, words[1].i + 1, words[1].i
        elif after_question and short:
            yield "answer_no", first.i, words[-1].i + 1, words[-1].i


# --- context ---------------------------------------------------------------------------------------


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _in_quote(text: str, start: int) -> bool:
    """Return True when ``start`` lies inside an open quotation of its paragraph."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    straight = before.count('"')
    curly = sum(before.count(q) for q in "“«") - sum(before.count(q) for q in "”»")
    return straight % 2 == 1 or curly > 0


def _speech_verb(head: Any, lex: Lexicon) -> Any | None:
    """Return the reporting verb that governs the clause ("X said (that) ...", "..., X says")."""
    t = head
    while t.head.i != t.i and t.dep_ in {"ccomp", "conj", "xcomp", "parataxis"}:
        t = t.head
        if lex.has("speech", t):
            return t
    return next((c for c in head.children if c.dep_ in {"parataxis", "advcl"} and lex.has("speech", c)), None)


def colon_prefix(doc: Any, cue_start: int) -> Any | None:
    """Return the short "Source:" prefix before the cue (headline style), or None."""
    sent = doc[cue_start].sent
    for t in doc[sent.start : cue_start]:
        if (
            t.text in {":", "—", "–"}
            and 0 < t.i - sent.start <= MAX_COLON_PREFIX
            and "\n" not in t.sent.text[: t.idx - sent.start_char]
        ):
            return doc[sent.start : t.i]
    return None


def _opener_flags(doc: Any, sent: Any, lex: Lexicon) -> set[str]:
    """Return "no_intj" for "No, ..." / "Source: No, ..." and "corrective" for "Sorry, ..." openers."""
    flags: set[str] = set()
    starts = [sent.start] + [t.i + 1 for t in sent if t.text in {":", "—", "–"}]
    for i in starts:
        if i + 1 < sent.end and doc[i + 1].is_punct:
            if doc[i].lower_ in {"no", "nope"}:
                flags.add("no_intj")
            elif lex.has("correctives", doc[i]):
                flags.add("corrective")
    return flags


def _contrast(doc: Any, sent: Any, lex: Lexicon) -> bool:
    """Return True when the sentence sets itself against a claim ("despite rumors", "contrary to reports")."""
    for t in sent:
        if lex.has("contrast", t):
            window = doc[t.i + 1 : min(t.i + 6, sent.end)]
            if any(lex.has("claim_nouns", w) or lex.has("speech", w) for w in window):
                return True
    return False


def context_flags(
    doc: Any,
    text: str,
    cue: tuple[int, int],
    head: Any,
    lex: Lexicon,
    corrective_at: frozenset[int] = frozenset(),
    attributed: bool = False,
) -> set[str]:
    """Return the voice and emphasis facts about a cue (``attributed``: inside an attribution's content)."""
    flags: set[str] = set()
    first = doc[cue[0]]
    sent = first.sent
    speech = _speech_verb(head, lex)
    prefix = colon_prefix(doc, cue[0])
    flags.update(
        name
        for name, on in (
            ("attributed", attributed),
            ("speech", speech is not None),
            ("quoted", _in_quote(text, first.idx)),
            ("colon", prefix is not None),
            ("contrast", _contrast(doc, sent, lex)),
        )
        if on
    )
    if sent.text.rstrip(" \"”'’").endswith("?"):
        flags.add("question")
    flags |= _opener_flags(doc, sent, lex)
    cue_tokens = doc[cue[0] : cue[1]]
    emphatic = any(t.text.isupper() and len(t.text) > 1 and lex.has("negation", t) for t in cue_tokens)
    if emphatic and not _mostly_upper(sent.text):
        flags.add("caps")
    clause = list(head.subtree)
    near = doc[max(cue[0] - 1, 0) : cue[1] + 2]  # "didn't actually adopt", "actually did not"
    if any(lex.has("correctives", t) and t.pos_ == "ADV" for t in near) or any(
        sent.start <= i < sent.end for i in corrective_at
    ):
        flags.add("corrective")
    if any(lex.has("npi", t) for t in clause if t.i >= cue[0]) or any(
        t.lower_ == "never" for t in cue_tokens
    ):
        flags.add("npi")
    if any(c.dep_ == "aux" and lex.has("intent_modals", c) for c in head.children):
        flags.add("intent")
    return flags
