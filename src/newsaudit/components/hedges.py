"""Hedges: words and phrases that distance the writer from a claim."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..article import Article, Span
from ..lexicons import read_lexicon
from . import BaseComponent

HedgeLexicon = tuple[re.Pattern[str], dict[str, str]]


@lru_cache(maxsize=1)
def load_lexicon() -> HedgeLexicon:
    """Return the hedge pattern (longest phrase first) and each phrase's kind."""
    rows = read_lexicon("hedges.txt")
    kinds = {phrase.lower(): kind for kind, phrase in rows}
    # Longest first, so "could not be independently verified" wins over "could not be verified".
    alternatives = sorted(kinds, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in alternatives)
    return re.compile(rf"\b(?:{body})\b", re.IGNORECASE), kinds


_NOT_DISTANCING = re.compile(
    r"\s+(?:responsibility|credit|victory|the\s+(?:title|lives?|seat|prize))\b", re.IGNORECASE
)


def find_hedges(text: str, lexicon: HedgeLexicon | None = None) -> list[Span]:
    """Return hedge spans in ``text``, labelled ``verification`` or ``distancing``."""
    pattern, kinds = lexicon or load_lexicon()
    found = []
    for m in pattern.finditer(text):
        key = re.sub(r"\s+", " ", m.group(0).lower())
        if key.startswith("claim") and _NOT_DISTANCING.match(text, m.end()):
            continue  # "claimed responsibility", "claimed victory": an act, not the writer's distance
        found.append(Span(m.start(), m.end(), kinds.get(key, "distancing")))
    return found


class HedgeFinder(BaseComponent):
    """Attach hedges."""

    name = "hedges"
    requires = ("text",)
    assigns = ("hedges",)
    lexicon_: HedgeLexicon | None = None

    def load(self) -> None:
        """Compile the hedge lexicon once."""
        if self.lexicon_ is None:
            self.lexicon_ = load_lexicon()

    def __call__(self, article: Article) -> Article:
        self.load()
        return replace(article, hedges=tuple(find_hedges(article.text, self.lexicon_)))
