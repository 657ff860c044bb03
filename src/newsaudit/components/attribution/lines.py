"""Colon and dash attributions, read off lines rather than the parse.

Transcripts and headlines put the speaker before a colon ("PENCE: Well, look ...",
"Poll: Clinton and Trump in dead heat", "More from Jones: “...”"); vox-pop and
epigraph styles put a dash and the speaker after the quotation ("“...” ― Sonya
Herridge", a line "— John Smith, mayor" under a quotation). The dependency parse
reads none of these as reporting, so they are matched here on the text, with the
spaCy entities deciding what counts as a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .names import name_lexicon
from .sources import ORG_HEADS, lexicons
from .syntax import Draft, trim

Range = tuple[int, int]

NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
DASHES = "—―–\\-"  # escaped for use inside a regex character class
# Words before a colon that label the text rather than voice it.
NOT_SPEAKERS = frozenset(
    {
        "update",
        "note",
        "editor's note",
        "editor’s note",
        "photo",
        "photos",
        "video",
        "watch",
        "read more",
        "related",
        "correction",
        "warning",
        "breaking",
        "source",
        "sources",
        "by",
        "via",
        "credit",
        "image",
        "listen",
        "see also",
        "also",
        "tags",
        "share",
        "email",
        "washington",
        "new york",
        "subscribe",
        "advertisement",
        "transcript",
        "video transcript",
        "breaking news",
        "opinion",
        "analysis",
        "exclusive",
        "live",
        "live updates",
        "explainer",
        "fact check",
        "editorial",
        "review",
        "interview",
        "q&a",
        "podcast",
        "newsletter",
    }
)
# Single capitalised nouns that voice a headline ("Poll: ...", "Report: ...").
HEADLINE_SOURCES = frozenset({"poll", "report", "survey", "study", "sources", "witnesses", "officials"})
MAX_SPEAKER_WORDS = 7
MAX_HEADLINE_NAME = 4
_LINE = re.compile(r"[^\n]+")
_ALLCAPS = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}$")


def line_drafts(doc: Any, text: str, quotes: list[Range]) -> list[Draft]:
    """Return the colon-style and dash-style attributions of ``text``."""
    drafts: list[Draft] = []
    for m in _LINE.finditer(text):
        drafts.extend(_colon(doc, text, m.start(), m.end()))
        drafts.extend(_dash(doc, text, quotes, m.start(), m.end()))
    return drafts


def _is_name(doc: Any, text: str, rng: Range) -> bool:
    """Return True when ``rng`` is a speaker: a named entity, an all-caps name, or "Poll"."""
    words = text[rng[0] : rng[1]]
    if not words or len(words.split()) > MAX_SPEAKER_WORDS or words.lower() in NOT_SPEAKERS:
        return False
    if words.lower() in HEADLINE_SOURCES or _ALLCAPS.match(words) or words in ("Q", "A"):
        return True
    span = doc.char_span(rng[0], rng[1], alignment_mode="expand")
    if span is None:
        return False
    if len(span) <= MAX_HEADLINE_NAME and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span):
        return True  # "Politifact: ...", "John McCain: ..." -- a proper name the tagger did not label
    ents = [e for e in span.ents if e.label_ in NAME_ENTS]
    return (
        bool(ents)
        and ents[-1].end_char >= rng[1] - 1
        and all(t.pos_ in ("PROPN", "PUNCT", "CCONJ", "DET") for t in span)
    )


# Word classes a speaker's noun phrase may hold ("Fire service spokeswoman Noor Ruiz",
# "An Ostrander spokesman", "a crew member on the programme"); a verb makes it a clause.
PHRASE_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PUNCT", "CCONJ", "NUM", "ADP", "PART"})
QUOTE_OPENERS = "\"“‘'«"


def _speaker_phrase(doc: Any, text: str, rng: Range) -> bool:
    """Return True when ``rng`` is a noun phrase naming a speaker: a name or a person/body noun at its head."""
    if (
        len(text[rng[0] : rng[1]].split()) > MAX_SPEAKER_WORDS
        or text[rng[0] : rng[1]].lower() in NOT_SPEAKERS
    ):
        return False
    span = doc.char_span(rng[0], rng[1], alignment_mode="expand")
    if span is None or not len(span) or any(t.pos_ not in PHRASE_POS for t in span):
        return False
    root = span.root
    if root.pos_ == "PROPN":
        return bool(root.text[:1].isupper())
    lex, names, lemma = lexicons(), name_lexicon(), root.lemma_.lower()
    return (
        lemma in names.person_roles
        or lemma in lex.officials
        or lemma in lex.anonymous_heads
        or lemma in ORG_HEADS
        or lemma in names.company_roles
    )


def _colon(doc: Any, text: str, start: int, end: int) -> Iterator[Draft]:
    """Yield "NAME: content" at the start of a line, or "from NAME: “quote”" inside it."""
    colon = text.find(":", start, end)
    if colon < 0 or colon - start > 80:
        return
    speaker = trim(text, (start, colon))
    while speaker[0] < speaker[1] and text[speaker[0]] in "\"“'‘":
        speaker = (speaker[0] + 1, speaker[1])
    lead = re.match(r"^.*\b(?:[Mm]ore from|[Aa]ccording to|[Ff]rom) ", text[speaker[0] : speaker[1]])
    if lead:
        speaker = (speaker[0] + lead.end(), speaker[1])
    content = trim(text, (colon + 1, end))
    quoted = content[1] > content[0] and text[content[0]] in QUOTE_OPENERS
    # A described speaker ("Police spokeswoman Ana Ruiz:") only before a quotation.
    if not (_is_name(doc, text, speaker) or (quoted and _speaker_phrase(doc, text, speaker))):
        return
    while content[1] > content[0] and text[content[1] - 1] == ".":
        content = (content[0], content[1] - 1)
    if content[1] - content[0] > 3:
        yield Draft(source=speaker, cue=(colon, colon + 1), content=content, score=0.9)


def _dash(doc: Any, text: str, quotes: list[Range], start: int, end: int) -> Iterator[Draft]:
    """Yield "“quote” ― NAME" (same line) and a "— NAME" line under a quotation."""
    body = text[start:end]
    # The last dash of the line: an em/en dash, or a hyphen with spaces round it (so the
    # hyphen of "Barraclough-Nwosu" is part of the name).
    marks = list(re.finditer(r"[—―–]{1,2}|(?<=\s)-{1,2}(?=\s)", body))
    if not marks:
        return
    m = re.match(r"\s*(.+?)\s*\.?\s*$", body[marks[-1].end() :])
    if m is None or not m.group(1):
        return
    dash = (start + marks[-1].start(), start + marks[-1].end())
    name = (dash[1] + m.start(1), dash[1] + m.end(1))
    first = name[0] + len(re.split(r",", text[name[0] : name[1]])[0])
    before = [q for q in quotes if q[1] <= dash[0] and not text[q[1] : dash[0]].strip()]
    # After a quotation a described speaker counts too ("— a crew member on the programme").
    if not (
        _is_name(doc, text, (name[0], first)) or (before and _speaker_phrase(doc, text, (name[0], first)))
    ):
        return
    if before:
        yield Draft(source=trim(text, name), cue=dash, content=before[-1], score=0.9)
