"""Source ledger: who said what, with which cue, relayed by whom.

``find_attributions(text, doc)`` turns every reported statement of an article into
an :class:`~newsaudit.article.Attribution`:

1. quote marks are paired on the raw characters (``attribution.quotes``): curly,
   straight, mixed, unpaired, and quotations running over paragraphs;
2. every verb, noun and "according to" is scored as a cue by a logistic regression
   learned from PolNeAR train (``attribution.cues``);
3. each cue's source and content are read off the dependency parse
   (``attribution.syntax``), with quotations widening the content and supplying
   it when the parse does not ("X said:" + quote; "..." X said);
4. colon and dash styles ("Smith: ...", "... — Smith") are read off the lines;
5. sources get a type and, for pronouns and surnames, the full name they stand for
   (``attribution.sources``); an attribution whose content holds another's is its
   ``parent`` (the relay: "Anadolu reports that ..., according to sources").

Ids are "a1", "a2", ... in text order of content.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ...article import Article, Attribution, Span
from .. import BaseComponent
from ..parse import ends_sentence
from .cues import CueModel, load_model, score_cues, verb_classes
from .lines import line_drafts
from .names import build_names
from .quotes import find_quotes
from .sources import SourceInfo, classify
from .syntax import Draft, extract, trim

Range = tuple[int, int]
# A reporting verb inside another attribution's content ("the mayor said the chief
# told her that ...") is a relayed report; the cue model, trained on PolNeAR where
# such nesting is rarely annotated, scores it low, so inside a content the bar is
# this fraction of the model's threshold (for verbs of the "speech" class only).
NESTED_FLOOR = 0.5


def find_attributions(text: str, doc: Any, model: CueModel | None = None) -> list[Attribution]:
    """Return every attribution in ``text`` (``doc`` is its spaCy parse), ids in content order."""
    if doc is None or not text.strip():
        return []
    model = model or load_model()
    quotes = find_quotes(text)
    drafts: list[Draft] = []
    nested: list[Draft] = []
    for tok, prob in score_cues(doc, quotes, model, floor=NESTED_FLOOR * model.threshold):
        draft = extract(tok, text, quotes)
        if draft is None:
            continue
        draft = replace(draft, score=prob)
        (drafts if prob >= model.threshold else nested).append(draft)
    drafts += [d for d in nested if _speech(doc, d) and any(_inside(d.cue, k.content) for k in drafts)]
    drafts = _carve(text, _resolve(_repair_citing(text, drafts) + line_drafts(doc, text, quotes)))
    drafts = [d for d in drafts if _speech_cue(doc, d) or not in_title_case_line(text, d.cue)]
    drafts = [d for d in drafts if _particle_ok(doc, d)]
    drafts = [
        d for d in drafts if _words(text, d.content) >= MIN_CONTENT_WORDS or not _in_headline(text, d.cue)
    ]
    return _build(doc, text, sorted(drafts, key=lambda d: (d.content[0], d.cue[0])))


# In a headline (a line with no terminal punctuation) a statement has at least two words:
# "Ceasefire talks stall" parsed as "Ceasefire" + cue "talks" + content "stall" is a misread,
# not a report. In body text one-word contents are real ("he said so"; PolNeAR marks them).
MIN_CONTENT_WORDS = 2
_WORD_RE = re.compile(r"\w+")


def _line_of(text: str, rng: Range) -> str:
    """Return the whole line (or lines) of ``text`` holding ``rng``."""
    end = text.find("\n", rng[1])
    return text[text.rfind("\n", 0, rng[0]) + 1 : end if end >= 0 else len(text)]


def _in_headline(text: str, cue: Range) -> bool:
    """Return True when ``cue`` lies in a line that ends without terminal punctuation."""
    line = _line_of(text, cue)
    return bool(line.strip()) and not ends_sentence(line)


def _words(text: str, rng: Range) -> int:
    return len(_WORD_RE.findall(text[rng[0] : rng[1]]))


def _repair_citing(text: str, drafts: list[Draft]) -> list[Draft]:
    """Undo the misparse of "X, citing Y, reported that Z" as "X cites [Y reported that Z]".

    The parser sometimes makes "citing" the main verb and Y the subject of "reported";
    the reading the comma marks is X reported Z, and Y (cited) is the origin of Z.
    """
    out = list(drafts)
    for i, cite in enumerate(drafts):
        if not text[cite.cue[0] : cite.cue[1]].lower().startswith("citing") or cite.citing:
            continue
        for j, verb in enumerate(drafts):
            if verb is cite or verb.source[0] != cite.content[0] or not _inside(verb.cue, cite.content):
                continue
            out[i] = replace(cite, source=verb.source, content=verb.content, according=True, citing=True)
            out[j] = replace(verb, source=cite.source)
            break
    return out


def _resolve(drafts: list[Draft]) -> list[Draft]:
    """Drop drafts whose cue another draft already uses, or whose source is another's content."""
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda d: -d.score):
        if any(
            _overlaps(d.cue, k.cue) or _overlaps(d.source, k.cue) or _overlaps(d.cue, k.source) for k in kept
        ):
            continue
        kept.append(d)
    return sorted(kept, key=lambda d: (d.content[0], d.cue[0]))


def _speech(doc: Any, draft: Draft) -> bool:
    """Return True when the draft's cue is a verb of speech with a named or described subject."""
    span = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    if span is None or "speech" not in verb_classes().get(span.root.lemma_.lower(), ()):
        return False
    # Only with a subject of its own that names someone: "the chief told her", not "he added".
    subj = [c for c in span.root.children if c.dep_ == "nsubj"]
    return bool(subj) and subj[0].pos_ != "PRON"


# Verbs of force that report speech only with their particle: "fired back", "hit out",
# "lashed out", "shot back", "struck back"; "Police fired tear gas" is no statement.
PARTICLE_CUES: dict[str, frozenset[str]] = {
    "fire": frozenset({"back", "off"}),
    "hit": frozenset({"back", "out"}),
    "lash": frozenset({"out", "back"}),
    "shoot": frozenset({"back", "down"}),
    "strike": frozenset({"back"}),
    "push": frozenset({"back"}),
}


def _particle_ok(doc: Any, draft: Draft) -> bool:
    """Return False for a force verb used without the particle that makes it a speech verb."""
    span = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    if span is None:
        return True
    root = span.root
    needed = PARTICLE_CUES.get(root.lemma_.lower())
    if needed is None:
        return True
    return any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in needed for c in root.children)


def _speech_cue(doc: Any, draft: Draft) -> bool:
    span = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    return span is not None and "speech" in verb_classes().get(span.root.lemma_.lower(), ())


def _carve(text: str, drafts: list[Draft]) -> list[Draft]:
    """Cut from each content the source and cue of a sibling attribution at its edge.

    "X reports that Y, according to Z" and "Y, the source mentioned": the parse
    puts the second attribution inside the first one's clause, but its words are
    not what the first source said. A nested report ("Smith said Jones told him Y")
    keeps its place inside the content.
    """
    out = []
    for a in drafts:
        content = a.content
        for b in drafts:
            if b is a or not (_inside(b.cue, content) and _inside(b.source, content)):
                continue
            if not b.according and _inside(b.content, content):
                continue
            lo, hi = min(b.cue[0], b.source[0]), max(b.cue[1], b.source[1])
            if lo - content[0] > content[1] - hi:
                content = trim(text, (content[0], lo))
            else:
                content = trim(text, (hi, content[1]))
        if content[1] > content[0]:
            out.append(replace(a, content=content))
    return out


# A line this long or longer, in which at least this share of words are capitalised, is
# a Title Case headline: the parser reads such lines badly ("The Truth They Do Not Want
# You To Hear" yields the cue "Do Not Want"), so no cue is taken from one.
TITLE_MIN_WORDS = 4
TITLE_CAPS_SHARE = 0.75


def in_title_case_line(text: str, cue: Range) -> bool:
    """Return True when ``cue`` lies in a Title Case line (a headline) of ``text``."""
    words = [w for w in _line_of(text, cue).split() if w[:1].isalpha()]
    if len(words) < TITLE_MIN_WORDS:
        return False
    caps = sum(w[0].isupper() for w in words)
    return caps / len(words) >= TITLE_CAPS_SHARE and text[cue[0] : cue[0] + 1].isupper()


def _inside(a: Range, b: Range) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _build(doc: Any, text: str, drafts: Sequence[Draft]) -> list[Attribution]:
    """Number drafts, type and name their sources, and link relays."""
    infos: dict[Range, SourceInfo] = {}
    ents = tuple(doc.ents)  # spaCy rebuilds doc.ents on every access
    names = build_names(doc, ents)
    earlier: list[tuple[Range, SourceInfo]] = []
    for d in sorted(drafts, key=lambda d: d.source[0]):
        info = infos.get(d.source) or classify(doc, d.source, earlier, ents, names)
        infos[d.source] = info
        earlier.append((d.source, info))
    out = []
    for n, d in enumerate(drafts, start=1):
        info = infos[d.source]
        out.append(
            Attribution(
                id=f"a{n}",
                source=Span(*d.source, label=info.type),
                source_type=info.type,
                cue=Span(*d.cue, label="cue", score=round(d.score, 4)),
                content=Span(*d.content, label="content"),
                name=info.name,
            )
        )
    return link_parents(out, drafts)


def link_parents(attrs: list[Attribution], drafts: Sequence[Draft]) -> list[Attribution]:
    """Set ``parent`` to the innermost attribution that relays each one.

    B is relayed by A when A's content holds B's cue, or when both qualify the
    same words and B is an "according to"/"citing" attribution while A reports
    through a verb ("Anadolu reports that X, according to local sources").
    """
    out = []
    for b, db in zip(attrs, drafts, strict=True):
        best: Attribution | None = None
        for a, da in zip(attrs, drafts, strict=True):
            if a is b or not _relays(da, db):
                continue
            if a.name is not None and a.name == b.name:
                continue  # "Varga said he had done nothing wrong and accused ...": no one relays himself
            if best is None or _length(a.content) < _length(best.content):
                best = a
        out.append(replace(b, parent=best.id) if best is not None else b)
    return _break_cycles(out)


def _break_cycles(attrs: list[Attribution]) -> list[Attribution]:
    """Drop the parent link that closes a relay cycle (A relays B relays A cannot be)."""
    parent = {a.id: a.parent for a in attrs}
    for a in attrs:
        seen, node = {a.id}, parent[a.id]
        while node is not None and node in parent:
            if node in seen:
                parent[a.id] = None  # a's own link closes the loop
                break
            seen.add(node)
            node = parent[node]
    return [replace(a, parent=parent[a.id]) if parent[a.id] != a.parent else a for a in attrs]


def _relays(a: Draft, b: Draft) -> bool:
    holds_cue = a.content[0] <= b.cue[0] and b.cue[1] <= a.content[1]
    holds_source = a.content[0] <= b.source[0] and b.source[1] <= a.content[1]
    # "X reported that Y, according to an official": the according-to phrase qualifies the
    # report, so the outlet relays the official, never the other way round.
    if (
        holds_cue
        and holds_source
        and not (b.content[0] <= a.cue[0] < b.content[1])
        and not (a.according and not b.according)
    ):
        return True
    same_words = _overlaps(a.content, b.content) and not _overlaps(a.content, b.source)
    # "X, citing Y, reported that ...": the citing phrase may come before X's verb, whose
    # content is the cited source's.
    return (
        same_words
        and b.according
        and not a.according
        and (a.cue[0] < b.cue[0] or (b.citing and a.content == b.content))
    )


def _length(span: Span) -> int:
    return span.end - span.start


class AttributionFinder(BaseComponent):
    """Attach the source ledger."""

    name = "attribution"
    requires = ("text", "doc")
    assigns = ("attributions",)
    model_: CueModel | None = None

    def load(self) -> None:
        """Load the cue model and lexicons once."""
        if self.model_ is None:
            self.model_ = load_model()

    def __call__(self, article: Article) -> Article:
        self.load()
        found = find_attributions(article.text, article.doc, self.model_)
        return replace(article, attributions=tuple(found))
