"""Tokens, sentences, entities and the dependency parse, from spaCy."""

from __future__ import annotations

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


def load_spacy(model: str) -> Any:
    """Load the spaCy pipeline ``model`` or raise ModelError saying how to install it."""
    import spacy

    try:
        return spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed ({exc}); "
            "install newsaudit with its dependencies: pip install -e ."
        ) from exc


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

    def load(self) -> None:
        self.nlp = load_spacy(self.settings.spacy_model)

    def __call__(self, article: Article) -> Article:
        if not hasattr(self, "nlp"):
            self.load()
        doc = self.nlp(article.text)
        sents, ents = spans_of(doc)
        return replace(article, doc=doc, sentences=sents, entities=ents)

    def __getstate__(self) -> dict[str, Any]:
        # The spaCy pipeline reloads in the worker: cheaper and safer than pickling it.
        return {"settings": self.settings}
