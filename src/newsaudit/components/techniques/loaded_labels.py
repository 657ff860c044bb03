"""Loaded labels: words that condemn or glorify a party, in the article's own voice.

The PTC-trained model learnt what PTC's annotators marked, and it marks emotive words anywhere,
quotes included. A reader judging a story's balance wants something narrower: where the
*outlet itself* takes a side by how it names a party. This module finds that by what the words
do, from the kinds of ``lexicons/loaded_labels.txt``:

* **labels for groups** ("group"): "the Kurdish terrorist organization PKK", "PKK terrorists",
  and definite references back ("the two terrorist organizations");
* **labels next to a name** ("named"): "the Assad regime", "Maduro's regime", "the regime in
  Tehran", where the bare noun is neutral elsewhere ("the tax regime");
* **nouns that label people** ("label"): derogatory or glorifying nouns that only ever
  evaluate whom they name ("thugs", "cronies", "ringleaders", "vermin", "heroes", "martyrs"),
  also in compounds ("eco-zealots", "love-rat");
* **evaluative modifiers on a party** ("modifier" before a "party" noun or a name): "heroic
  security forces", "the corrupt government", "shamed chef", "foreign-backed extremists",
  "the President's wise policies"; the same adjective on a thing is left alone ("a brutal
  winter");
* **loaded terms** ("term"): "land grab", "witch hunt", "sham election";
* **distancing devices**: "so-called" before a quoted term, "self-styled" and what it qualifies,
  and scare quotes: a short quoted term after a possessive, with no speaker ('its "reforms"').

None of it fires on someone else's words: not inside quotation marks (except the scare quotes
themselves), not after a designation or naming verb ("designated as", "branded", "hailed as",
"dubbed"), not the legal "foreign terrorist organization".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ...article import Span, Technique
from ...lexicons import read_lexicon
from ..attribution.quotes import find_quotes

TECHNIQUE = "Name_Calling,Labeling"
TERM_TECHNIQUE = "Loaded_Language"
SCORE = 0.6  # a rule, not a probability: below the model's confident spans
EXPLANATION = (
    "Loaded label in the article's own words: it names a party by a condemning or glorifying "
    "label instead of describing it; neutral reporting attributes such labels to whoever used them."
)
DISTANCING = (
    "Distancing device in the article's own words ('so-called', scare quotes): it casts doubt on "
    "a party's own term instead of reporting it."
)
TERM = "Loaded term in the article's own words: it judges an act instead of describing it."
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
    r"accus\w*|foreign(?=\s+terror)|alleged|so-called|suspected|dub\w*|term(?:s|ed)|nicknam\w*|"
    # glorifying designations only with "as": "hailed as heroes", not "residents praise the ..."
    r"(?:hail|prais|celebrat|honou?r|remember)\w*\s+(?:[\w'-]+\s+){0,4}as)\b[^.;\n]{0,40}$",
    re.IGNORECASE,
)
# A naming verb right before a quoted term: the quote reports a name, it does not distance.
_NAMING = re.compile(
    r"\b(?:call\w*|dub\w*|term\w*|titled|entitled|named|nicknam\w*|known\s+as|brand\w*|label\w*|"
    r"describ\w*|as|says?|said|wrote|word|words|phrase|slogan|hashtag|motto|marked|reading)\W*$",
    re.IGNORECASE,
)
# A possessive before a short quoted term makes it the party's term held at a distance ('its
# "reforms"', 'Velora's "partnership"'); after "the" or "a" it is usually a partial quote.
_SCARE_OPENER = re.compile(r"(?:\b(?:its|their|his|her|our)|\w's|\w’s)\s+(?:own\s+)?$", re.IGNORECASE)
# Words that may stand between a modifier and its party noun: not function words ("innovative
# way for companies" is not about the companies).
_BETWEEN = (
    r"(?!(?:for|of|to|in|on|with|by|from|at|the|a|an|that|which|than|as|is|are|was|were|be|"
    r"been|has|have|had|not|no|and|or|but|who|whose)\b)[\w'-]+"
)
MAX_SCARE_WORDS = 2  # a scare-quoted term is a word or two; longer quotes are someone's words
_QUOTE_MARKS = "\"“”'‘’"


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for kind, phrase in read_lexicon("loaded_labels.txt"):
        kinds.setdefault(kind, set()).add(phrase.lower())
    return {k: frozenset(v) for k, v in kinds.items()}


def _alternation(phrases: Sequence[str] | frozenset[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    plural = r"(?:s|es)?"
    party = _alternation(lex["party"])
    return {
        "group_named": re.compile(rf"\b(?:{_alternation(lex['group'] | lex['named'])}){plural}\b", re.I),
        # "eco-zealots", "love-rat": a label noun may close a hyphenated compound.
        "label": re.compile(rf"\b(?:[a-z]+-)?(?:{_alternation(lex['label'])}){plural}\b", re.I),
        # modifier, up to two more words (adjectives, a name, a possessive), then a party noun
        # or a name: "heroic Astravian security forces", "the President's wise policies".
        "modifier": re.compile(
            rf"\b(?:{_alternation(lex['modifier'])})(?:\s+(?:and\s+)?{_BETWEEN}){{0,2}}\s+"
            rf"(?:(?:{party}){plural}\b|(?-i:{_NAME}))",
            re.I,
        ),
        "term": re.compile(rf"\b(?:{_alternation(lex['term'])}){plural}\b", re.I),
        "distancing": re.compile(
            # "so-called" alone often only introduces a term ("the so-called carried interest");
            # with scare quotes, or as "self-styled", it distances.
            r"\b(?:(?:so-called|self-styled|self-proclaimed)\s+[\"“‘'][^\"”’\n]{1,60}[\"”’']|"
            r"(?:self-styled|self-proclaimed)\s+[\w'-]+(?-i:(?:\s+[A-Z][\w'-]*)*))",
            re.I,
        ),
    }


def _is_name(word: str) -> bool:
    return bool(re.fullmatch(_NAME, word)) and word.lower().removesuffix("'s") not in _NOT_NAMES


def _inside(start: int, end: int, quotes: Sequence[tuple[int, int]]) -> bool:
    return any(qs <= start and end <= qe for qs, qe in quotes)


def _reported(text: str, start: int) -> bool:
    """Return True when a designation or naming verb governs the words at ``start``."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_DESIGNATION.search(text[line_start:start]))


def find_loaded_labels(text: str) -> list[Technique]:
    """Return the loaded labels and distancing devices used in the article's own voice."""
    quotes = find_quotes(text)
    found = [
        *_group_labels(text, quotes),
        *_simple(text, quotes, "label", TECHNIQUE, EXPLANATION),
        *_modified_parties(text, quotes),
        *_simple(text, quotes, "term", TERM_TECHNIQUE, TERM),
        *_distancing(text, quotes),
        *_scare_quotes(text, quotes),
    ]
    return _merged(found)


def _merged(found: list[Technique]) -> list[Technique]:
    """Keep one technique per stretch of text: the longest of overlapping finds."""
    out: list[Technique] = []
    for t in sorted(found, key=lambda t: (t.span.start, -(t.span.end - t.span.start))):
        if out and t.span.overlaps(out[-1].span):
            continue
        out.append(t)
    return out


def _technique(start: int, end: int, label: str, explanation: str) -> Technique:
    return Technique(Span(start, end, label, SCORE), explanation)


def _simple(
    text: str, quotes: Sequence[tuple[int, int]], kind: str, label: str, explanation: str
) -> list[Technique]:
    out = []
    for m in _patterns()[kind].finditer(text):
        if not _inside(m.start(), m.end(), quotes) and not _reported(text, m.start()):
            out.append(_technique(m.start(), m.end(), label, explanation))
    return out


def _modified_parties(text: str, quotes: Sequence[tuple[int, int]]) -> list[Technique]:
    out = []
    for m in _patterns()["modifier"].finditer(text):
        if "\n" in m.group(0) or re.search(r"[.;:!?]", m.group(0)):
            continue
        last = m.group(0).split()[-1]
        if last[:1].isupper() and not _is_name(last):
            continue
        if not _inside(m.start(), m.end(), quotes) and not _reported(text, m.start()):
            out.append(_technique(m.start(), m.end(), TECHNIQUE, EXPLANATION))
    return out


def _distancing(text: str, quotes: Sequence[tuple[int, int]]) -> list[Technique]:
    out = []
    for m in _patterns()["distancing"].finditer(text):
        # The device may hold a scare-quoted term: only the device's own start must be outside.
        if not _inside(m.start(), m.start() + 1, quotes) and not _reported(text, m.start()):
            out.append(_technique(m.start(), m.end(), TECHNIQUE, DISTANCING))
    return out


def _scare_quotes(text: str, quotes: Sequence[tuple[int, int]]) -> list[Technique]:
    """Return short quoted terms after a determiner, with no speaker or naming verb before them."""
    out = []
    for qs, qe in quotes:
        inner = text[qs:qe].strip(_QUOTE_MARKS + " ,.")
        if not 1 <= len(inner.split()) <= MAX_SCARE_WORDS or _inside(
            qs, qe, [q for q in quotes if q != (qs, qe)]
        ):
            continue
        if re.match(r"\s*[,.;:!?]", text[qe : qe + 2]) or text[qe - 2 : qe - 1] in ",.":
            continue  # a quote closing its clause is a quoted fragment, not a term in use
        line_start = text.rfind("\n", 0, qs) + 1
        before = text[line_start:qs]
        sentence = re.split(r"[.!?]\s", before)[-1]
        if not _SCARE_OPENER.search(before) or _NAMING.search(before.rstrip()[:-1] + " ") is not None:
            continue
        if re.search(r"\b(?:said|says|told|wrote|according|called|dubbed|termed)\b", sentence, re.I):
            continue
        if inner[:1].isupper() and all(w[:1].isupper() for w in inner.split()):
            continue  # a capitalised title or name in quotes ("the "Free Dolvany Movement"") names it
        out.append(_technique(qs, qe, TECHNIQUE, DISTANCING))
    return out


def _group_labels(text: str, quotes: Sequence[tuple[int, int]]) -> list[Technique]:
    """Return group labels and labels next to a name (the first, narrow rule set)."""
    lex = _lexicon()
    found: list[Technique] = []
    for m in _patterns()["group_named"].finditer(text):
        start, end = m.start(), m.end()
        if _inside(start, end, quotes):
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
        word = re.sub(r"\s+", " ", m.group(0).lower())
        is_group = word in lex["group"] or word[:-1] in lex["group"] or word[:-2] in lex["group"]
        if after[:1] == "-" or re.match(r"\s+change", after):
            continue  # "regime-change", "regime change": a policy, not a label
        if word == "terrorist" and not named_after:
            continue  # the adjective of "terrorist attacks", not a label for a group
        if named_after or named_before or named_seat or (is_group and definite and " " in m.group(0).strip()):
            s = start
            # Take in the name or national adjective right before ("Kurdish terrorist organization").
            if named_before and prev_word:
                s = line_start + prev_word.start(1)
            found.append(_technique(s, end, TECHNIQUE, EXPLANATION))
    return found
