"""Sourcing score. (stub)"""

from __future__ import annotations

from dataclasses import replace

from ..article import Article, Score
from . import BaseComponent


class SourcingScorer(BaseComponent):
    """Attach the sourcing score."""

    name = "scoring"
    requires = ("attributions", "denials", "hedges")
    assigns = ("score",)

    def __call__(self, article: Article) -> Article:
        return replace(article, score=Score(50, "not scored"))
