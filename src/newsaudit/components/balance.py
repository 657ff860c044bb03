"""Corroboration and balance: is a claim carried by two independent sources, is the other side heard.

* **Corroboration.** A claim (a check-worthy claim resting on sources, else each attributed
  statement) is carried by the sources whose statements share its distinctive words. Sources are
  independent when they are different parties: a relay chain is one origin (its first source),
  the anonymous sources of one article are one origin (the reader cannot tell them apart), and a
  party speaking about itself counts once however often it is quoted.
* **Balance.** A party is *criticised* when it is the object of an accusation (``accused X of``,
  ``X was fined``; ``lexicons/score_accusations.txt``) or carries a loaded label in the
  article's own voice ("the Voltra thugs"). It is *heard* when one of the sources speaks for it,
  when it denies, or when its response was sought ("did not respond to requests for comment").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..article import Article, Attribution, Span
from ..lexicons import read_lexicon
from .independence import name_words, places

_STOP_WORDS = (
    "that this with from have were been will would could should their there which about after "
    "before said says told also into than then they them when where while what more most over "
    "under other some such only very just being does like made make many much even back well"
)
_STOP = frozenset(_STOP_WORDS.split())
MIN_SHARED = 3  # distinctive words two statements must share to carry the same claim
MIN_SHARED_SHARE = 0.3  # ... and at least this share of the shorter one's words


def stems(text: str) -> set[str]:
    """Return the distinctive word stems of ``text``: 5-letter prefixes of content words, numbers."""
    words = re.findall(r"[^\W_]+", text.lower())
    return {w[:5] for w in words if (len(w) >= 4 and w not in _STOP) or any(c.isdigit() for c in w)}


def same_claim(a: set[str], b: set[str]) -> bool:
    """Return True when two stem sets share enough words to carry the same claim."""
    shared = len(a & b)
    return shared >= MIN_SHARED and shared >= MIN_SHARED_SHARE * min(len(a), len(b))


def party_clusters(party_of: dict[str, set[str]]) -> dict[str, str]:
    """Return attribution id -> one key per party: parties sharing a name word are one party."""
    key: dict[str, str] = {}
    groups: list[tuple[set[str], list[str]]] = []
    for i, words in party_of.items():
        if not words:
            continue
        joined = [g for g in groups if g[0] & words]
        merged: tuple[set[str], list[str]] = (set(words), [i])
        for g in joined:
            groups.remove(g)
            merged[0].update(g[0])
            merged[1].extend(g[1])
        groups.append(merged)
    for words, ids in groups:
        for i in ids:
            key[i] = " ".join(sorted(words))
    return key


_UNNAMED = frozenset({"anonymous", "unnamed_official"})


def origin(article: Article, a: Attribution, clusters: dict[str, str]) -> str:
    """Return a key naming where a statement comes from: two keys differ for independent sources.

    A relay chain is one origin, its outermost source; a chain with an unnamed or anonymous
    link, like every unnamed source, is "unnamed sources": the reader cannot tell whether two
    unnamed sources are independent, so together they count once.
    """
    seen = {a.id}
    unnamed = a.source_type in _UNNAMED
    while a.parent and a.parent not in seen and (p := article.attribution(a.parent)) is not None:
        seen.add(a.parent)
        a = p
        unnamed = unnamed or a.source_type in _UNNAMED
    if unnamed or any(c.parent == a.id and c.source_type in _UNNAMED for c in article.attributions):
        return "unnamed sources"
    if a.id in clusters:
        return clusters[a.id]
    return (a.name or article.text[a.source.start : a.source.end]).lower()


@dataclass(frozen=True, slots=True)
class Carried:
    """A claim and the independent origins of the statements that carry it."""

    span: Span
    origins: frozenset[str]
    sources: tuple[Span, ...]


def carried_claims(
    article: Article,
    attributions: Sequence[Attribution],
    party_of: dict[str, set[str]],
) -> list[Carried]:
    """Return each sourced claim with the origins of every statement that carries it."""
    by_id = {a.id: a for a in attributions}
    clusters = party_clusters({a.id: party_of.get(a.id, set()) for a in attributions})
    words = {a.id: stems(article.text[a.content.start : a.content.end]) for a in attributions}
    units: list[tuple[Span, set[str], set[str]]] = []
    if article.claims:
        for c in article.claims:
            linked = {i for i in c.attributions if i in by_id}
            if linked:
                units.append((c.span, stems(article.text[c.span.start : c.span.end]), linked))
    else:
        units = [(a.content, words[a.id], {a.id}) for a in attributions]
    out = []
    for span, claim_words, linked in units:
        carriers = linked | {i for i, w in words.items() if i not in linked and same_claim(claim_words, w)}
        keys = {i: origin(article, by_id[i], clusters) for i in carriers}
        sources = tuple(sorted({by_id[i].source for i in carriers}))
        out.append(Carried(span, frozenset(keys.values()), sources))
    return out


@lru_cache(maxsize=1)
def _accusation() -> re.Pattern[str]:
    stems_ = sorted({stem for _, stem in read_lexicon("score_accusations.txt")}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(s) for s in stems_)})[\w-]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Criticised:
    """A party criticised in the article: its name words and the span that criticises it."""

    party: frozenset[str]
    span: Span
    how: str  # "accused" or "labelled"


_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+\s+)?$", re.IGNORECASE)


def accusations(article: Article, own_party: dict[int, set[str]]) -> list[Criticised]:
    """Return the parties accused or criticised: the object of an accusation word, its subject if passive.

    ``own_party`` maps a sentence start to the party words of the sources speaking in it, which
    are the accusers, not the accused.
    """
    text = article.text
    found = []
    for sent in article.sentences:
        s = text[sent.start : sent.end]
        for m in _accusation().finditer(s):
            before, after = s[: m.start()], s[m.end() :]
            if _PASSIVE.search(before):
                target = " ".join(before.split()[-6:])
            else:
                target = re.split(r"\b(?:of|for|over|with|in|after|on)\b|[,;.:]", after, maxsplit=1)[0]
            party = name_words(target) - own_party.get(sent.start, set()) - places(article)
            if party:
                found.append(
                    Criticised(
                        frozenset(party), Span(sent.start + m.start(), sent.start + m.end()), "accused"
                    )
                )
    return found


def labelled(article: Article, labels: Sequence[Span]) -> list[Criticised]:
    """Return the parties carrying a loaded label: the names in or right around the label.

    A label with no name near it ("the shamed chef") leaves its party unknown (empty).
    """
    text = article.text
    where = places(article)
    found = []
    for sp in labels:
        line_start = text.rfind("\n", 0, sp.start) + 1
        around = text[max(line_start, sp.start - 30) : sp.end + 30]
        words = (name_words(text[sp.start : sp.end]) or name_words(around)) - where
        found.append(Criticised(frozenset(words), sp, "labelled"))
    return found


def heard(party: frozenset[str], party_of: dict[str, set[str]], ids: Sequence[str]) -> list[str]:
    """Return the ids of the attributions (among ``ids``) that speak for ``party``."""
    return [i for i in ids if party & party_of.get(i, set())]
