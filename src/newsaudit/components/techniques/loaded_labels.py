"""Loaded labels: condemning nouns pinned on named groups in the article's own words.

The PTC-trained model learnt what PTC's annotators marked, and they rarely marked
"terrorist": in the PTC training articles fewer than 1 in 5 of its uses lies in any
gold span. Yet a reader triaging a story wants to know when the *outlet itself* calls
a party "the Kurdish terrorist organization PKK" or "the Assad regime". This module
flags exactly that, narrowly, from ``lexicons/loaded_labels.txt``:

* the label sits next to a name: "terrorist organization PKK", "PKK terrorists",
  "the Kurdish terrorist organization", "Maduro's regime";
* or, for terrorist-group labels, it refers back with a definite article to groups
  already named: "the two terrorist organizations", "the terrorist group";
* and it is not someone else's word: not inside quotation marks, not after a
  designation verb ("designated as", "lists", "considers", "branded"), not the legal
  "foreign terrorist organization".

Spans are labelled ``Name_Calling,Labeling``, the PTC technique that covers them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...article import Span, Technique
from ...lexicons import read_lexicon
from ..attribution.quotes import find_quotes

TECHNIQUE = "Name_Calling,Labeling"
SCORE = 0.6  # a rule, not a probability: below the model's confident spans
EXPLANATION = (
    "Loaded label in the article's own words: it names a group by a condemning label "
    "instead of describing it; neutral reporting attributes such designations to whoever made them."
)
# Capitalised words that are not names: sentence starters, determiners, numbers, titles.
_NOT_NAME_WORDS = (
    "the a an this that these those its their his her our your my both two three four several "
    "some many all most other another such which whose what when where while after before as "
    "in on at by for from with of and or but so if to according said says he she it they we "
    "i you there here also however meanwhile since until under over against between during "
    "mr mrs ms dr president minister"
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_NAME = r"(?:[A-Z][\w'./-]*|[A-Z]{2,}[\w/-]*)"
_DESIGNATION = re.compile(
    r"\b(?:designat\w*|list(?:s|ed|ing)?|classif\w*|consider\w*|deem\w*|brand\w*|label\w*|"
    r"recogni[sz]\w*|declar\w*|proscri\w*|outlaw\w*|regard\w*|view\w*|describ\w*|call(?:s|ed|ing)?|"
    r"accus\w*|foreign|alleged|so-called|suspected)\b[^.;\n]{0,40}$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = read_lexicon("loaded_labels.txt")
    kinds = {phrase.lower(): kind for kind, phrase in rows}
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(kinds, key=len, reverse=True))
    return re.compile(rf"\b(?:{body})s?\b", re.IGNORECASE), kinds


def _is_name(word: str) -> bool:
    return bool(re.fullmatch(_NAME, word)) and word.lower().removesuffix("'s") not in _NOT_NAMES


def _kind(match: str, kinds: dict[str, str]) -> str:
    key = re.sub(r"\s+", " ", match.lower())
    return kinds.get(key) or kinds.get(key[:-1], "named")


def find_loaded_labels(text: str) -> list[Technique]:
    """Return ``Name_Calling,Labeling`` techniques for loaded labels used in the article's voice."""
    pattern, kinds = _patterns()
    quotes = find_quotes(text)
    found: list[Technique] = []
    for m in pattern.finditer(text):
        start, end = m.start(), m.end()
        if any(qs <= start and end <= qe for qs, qe in quotes):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        if _DESIGNATION.search(before):
            continue
        after = text[end : end + 40]
        # A name right after ("terrorist organization PKK") or right before ("PKK
        # terrorists", "Kurdish terrorist organization", "Maduro's regime"), with no
        # punctuation between: "... in Kabul. Terrorists" is not "Kabul terrorists".
        next_word = re.match(r"[ \t]+([\w'/-]+(?:\.[A-Z]\.?)*)", after)
        prev_word = re.search(r"([\w'/-]+(?:\.[A-Z]\.?)*)[ \t]+$", before)
        named_after = bool(next_word and _is_name(next_word.group(1)))
        # "the regime in Tehran", "the junta of General X": a definite label placed on a capital
        # or a named ruler. "the tax regime in Ireland" is not flagged: "tax" sits between.
        seat = re.match(r"[ \t]+(?:in|of)[ \t]+([\w'/-]+)", after)
        named_seat = bool(
            seat and _is_name(seat.group(1)) and re.search(r"\bthe[ \t]+$", before, re.IGNORECASE)
        )
        named_before = bool(prev_word and _is_name(prev_word.group(1)))
        definite = bool(
            re.search(r"\bthe(?:\s+(?:two|three|four|both|several|same|other))?\s+$", before, re.I)
        )
        kind = _kind(m.group(0), kinds)
        word = m.group(0).lower()
        if after[:1] == "-" or re.match(r"\s+change", after):
            continue  # "regime-change", "regime change": a policy, not a label
        if word == "terrorist" and not named_after:
            continue  # the adjective of "terrorist attacks", not a label for a group
        if (
            named_after
            or named_before
            or named_seat
            or (kind == "group" and definite and " " in m.group(0).strip())
        ):
            s = start
            # Take in the name or national adjective right before ("Kurdish terrorist organization").
            if named_before and prev_word:
                s = line_start + prev_word.start(1)
            found.append(Technique(Span(s, end, TECHNIQUE, SCORE), EXPLANATION))
    return found
