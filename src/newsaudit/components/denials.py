"""Denials: statements that deny, reject or decline to confirm, paired with their target.

STUB: to be replaced by the real denial finder (issue 2, item 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..article import Article, Attribution, Denial
from . import BaseComponent


def find_denials(text: str, doc: Any, attributions: Sequence[Attribution]) -> list[Denial]:
    """Return the denials in ``text``, each tied to its voicing and target attributions."""
    return []


class DenialFinder(BaseComponent):
    """Attach denials."""

    name = "denials"
    requires = ("doc", "attributions")
    assigns = ("denials",)

    def __call__(self, article: Article) -> Article:
        found = find_denials(article.text, article.doc, article.attributions)
        return replace(article, denials=tuple(found))
