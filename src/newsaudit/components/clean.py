"""Remove page furniture from scraped text, keeping an offset map to the raw input.

STUB: to be replaced by the real cleaner (issue 2, item 3).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..article import Article, Meta, OffsetMap, Removal
from . import BaseComponent


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaner's output: kept text, its map to raw, what went and why, metadata."""

    text: str
    offsets: OffsetMap
    removed: tuple[Removal, ...]
    meta: Meta


def clean_text(raw: str) -> CleanResult:
    """Return the article text of ``raw`` with page furniture removed."""
    return CleanResult(raw, OffsetMap(((0, 0, len(raw)),)), (), Meta())


class Cleaner(BaseComponent):
    """Attach the cleaned text, removals, offset map and found metadata."""

    name = "clean"
    requires = ("raw",)
    assigns = ("text", "removed", "offsets")

    def __call__(self, article: Article) -> Article:
        result = clean_text(article.raw)
        meta = article.meta
        for key in ("title", "author", "date"):
            if getattr(meta, key) is None and getattr(result.meta, key) is not None:
                meta = replace(meta, **{key: getattr(result.meta, key)})
        return replace(article, text=result.text, offsets=result.offsets, removed=result.removed, meta=meta)
