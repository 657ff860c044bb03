"""What a line is: interface vocabulary, verbs, sentence shape, numbers, repetition.

These features describe a line's kind rather than its wording: the share of its
words that label interface controls (``lexicons/clean_interface.txt``), whether
it has a finite verb (``lexicons/clean_verbs.txt`` or a regular past tense), whether
it reads as a grammatical sentence, how much of it is numbers or capitals, whether
it is a relative timestamp or read-time badge, a photo or image credit, a bare
name, a bullet, and how often the same line recurs in the document; then the
same in a window of neighbours. :func:`kind_features` returns one row per line,
appended to the rows of :func:`newsaudit.components.clean.model.line_features`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from .model import lexicon_lines, load_stopwords, window, words_of

_NUMERIC = re.compile(r"^[+\-−–]?[$£€¥]?[\d][\d.,:/%]*[kmbn%]*$", re.I)
# "3 hours ago", "Updated 2 days ago", "5 min read", "Listen · 6 min", "just now".
RELATIVE_TIME = re.compile(
    r"\b\d+\s*(s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|months?|years?)"
    r"\s+ago\b|\bjust now\b|\b\d+\s*(min|mins|minutes?)\.?\s*(read|listen|watch)\b"
    r"|\b(listen|read|watch)(ing)?( time)?\W{0,3}\d+\s*(min|mins|minutes?)\b",
    re.I,
)
# Credits of pictures and media: "Photo: Jane Roe/Agency", "(Image: Council)",
# "Illustration by ...", "Image source, ...", "Getty Images".
CREDIT = re.compile(
    r"(^|[(\[|/·•]\s*|[.!?]\s+)(photo(graph)?s?|images?|pictures?|pic|illustrations?|graphics?|videos?|media|"
    r"caption|source)\s*(by\b|:|,|credit\b|source\b|caption\b)|\bgetty images\b|\bphotograph(s|ed)? by\b",
    re.I,
)
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’-]*[a-z]$|^[A-Z]\.$|^(de|van|von|der|da|al|bin|le|la)$")
_BULLET = tuple("•·-*›»|/–—►▶■□◆")


@lru_cache(maxsize=1)
def load_interface_words() -> frozenset[str]:
    """Return the interface vocabulary of ``clean_interface.txt``."""
    return frozenset(w.strip().lower() for w in lexicon_lines("clean_interface.txt"))


@lru_cache(maxsize=1)
def load_verbs() -> frozenset[str]:
    """Return the finite verbs of ``clean_verbs.txt``."""
    return frozenset(w.strip().lower() for w in lexicon_lines("clean_verbs.txt"))


def has_verb(words: Sequence[str]) -> bool:
    """Return True when a line's words include a finite verb (listed, or a regular "-ed" past)."""
    verbs = load_verbs()
    for i, w in enumerate(words):
        low = w.lower()
        if low in verbs or (i > 0 and w.islower() and len(w) > 4 and low.endswith("ed")):
            return True
        if "'" in low or "’" in low:
            tail = "'" + re.split(r"['’]", low, maxsplit=1)[1]
            if tail in verbs:
                return True
    return False


def is_sentence_like(line: str, words: Sequence[str] | None = None) -> bool:
    """Return True for a line that reads as a grammatical sentence of prose.

    Six words or more, a capital, digit or quote first, sentence punctuation last,
    a function word and a finite verb: the shape of article text, whatever words
    it uses ("Shares fell after the company said it lost subscribers.").
    """
    s = line.strip()
    words = words if words is not None else words_of(s)
    if len(words) < 6 or not s or not (s[0].isupper() or s[0].isdigit() or s[0] in "\"“‘'("):
        return False
    if not re.search(r"[.!?][\"'”’)\]]*$", s):
        return False
    stop = load_stopwords()
    return any(w.lower() in stop for w in words) and has_verb(words)


def is_picture_credit(line: str) -> bool:
    """Return True for a picture or media credit or caption line that is not a sentence of prose."""
    stripped = line.strip()
    return len(words_of(stripped)) <= 25 and bool(CREDIT.search(stripped)) and not is_sentence_like(stripped)


def is_name(line: str) -> bool:
    """Return True for a line that is only a personal name (two to four capitalised words)."""
    parts = line.strip().split()
    return 2 <= len(parts) <= 4 and all(_NAME_WORD.match(p) for p in parts) and parts[-1][0].isupper()


def _own(line: str, ui: frozenset[str]) -> list[float]:
    s = line.strip()
    words = words_of(s)
    tokens = s.split()
    n = max(len(words), 1)
    lower = [w.lower() for w in words]
    letters = [c for c in s if c.isalpha()]
    return [
        sum(w in ui for w in lower) / n,
        float(bool(lower) and lower[0] in ui),
        float(has_verb(words)),
        float(is_sentence_like(s, words)),
        sum(bool(_NUMERIC.match(t)) for t in tokens) / max(len(tokens), 1),
        sum(c.isupper() for c in letters) / max(len(letters), 1),
        float(len(words) <= 12 and bool(RELATIVE_TIME.search(s))),
        float(len(words) <= 25 and bool(CREDIT.search(s))),
        float(is_name(s)),
        float(s.startswith(_BULLET)),
    ]


def kind_features(texts: Sequence[str]) -> list[list[float]]:
    """Return one row of ``KIND_FEATURE_NAMES`` per line of one document."""
    ui = load_interface_words()
    own = [_own(t, ui) for t in texts]
    counts = Counter(" ".join(t.split()).lower() for t in texts)
    cols = [[row[k] for row in own] for k in (0, 2, 3, 4)]
    rows = []
    for i, t in enumerate(texts):
        repeat = math.log1p(counts[" ".join(t.split()).lower()] - 1)
        ctx = [window(cols[0], i, 2), window(cols[1], i, 2), window(cols[2], i, 3), window(cols[3], i, 2)]
        rows.append([*own[i], repeat, *ctx])
    return rows
