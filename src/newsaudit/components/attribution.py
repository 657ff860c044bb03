"""Source ledger: who said what, with which cue, relayed by whom.

STUB: to be replaced by the real attribution finder (issue 2, item 4).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..article import Article, Attribution
from . import BaseComponent


def find_attributions(text: str, doc: Any) -> list[Attribution]:
    """Return every attribution in ``text`` (``doc`` is its spaCy parse)."""
    return []


class AttributionFinder(BaseComponent):
    """Attach the source ledger."""

    name = "attribution"
    requires = ("doc",)
    assigns = ("attributions",)

    def __call__(self, article: Article) -> Article:
        return replace(article, attributions=tuple(find_attributions(article.text, article.doc)))
