"""Hedges: words and phrases that distance the writer from a claim. (stub)"""

from __future__ import annotations

from dataclasses import replace

from ..article import Article, Span
from . import BaseComponent


def find_hedges(text: str) -> list[Span]:
    """Return hedge spans in ``text``."""
    return []


class HedgeFinder(BaseComponent):
    """Attach hedges."""

    name = "hedges"
    requires = ("text",)
    assigns = ("hedges",)

    def __call__(self, article: Article) -> Article:
        return replace(article, hedges=tuple(find_hedges(article.text)))
