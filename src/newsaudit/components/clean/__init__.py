"""Remove page furniture from scraped text, keeping an offset map to the raw input.

The cleaner works on whole lines of the raw input, in three passes:

1. **Patterns** (``lexicons/clean_patterns.txt``): high-precision, anchored line
   patterns, one removal reason each (counters, ad markers, prompts, tags and
   breadcrumbs, related links, copyright, comment counts). A list header such
   as "You may also like:" takes the short lines under it along.
2. **Header**: before the second line of prose, a byline ("By Jane Doe") or a
   standalone date goes to ``meta`` (and out of the text); the headline stays in
   the text and is copied to ``meta.title``.
3. **Classifier** (``models/clean/line_classifier.json``): a small perceptron over
   shallow line and neighbourhood features, rescored by a logistic regression
   over its neighbours' scores; trained by ``training/train_clean.py``, applied
   in pure Python. It removes what the patterns miss (menus, link lists, comment
   threads). A sentence of five words or more is only removed when the model is
   very sure (``prose_threshold``), so article text keeps its sentences.

``text`` is made of verbatim, right-stripped raw lines joined by ``"\\n"`` (next
line in raw) or ``"\\n\\n"`` (a blank or removed line between), and ``offsets``
maps each copied stretch back to ``raw``.

The header rules live in :mod:`newsaudit.components.clean.header`; line shapes,
the furniture patterns and the line classifier in
:mod:`newsaudit.components.clean.model`. This module splits the raw input into
lines, decides each line's fate and assembles the text and its offset map.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ...article import Article, Meta, OffsetMap, Removal, Span
from .. import BaseComponent
from .features import is_picture_credit, is_sentence_like
from .header import byline_author, date_line, header_reasons
from .model import (
    FEATURE_NAMES,
    MODEL_PATH,
    Linear,
    LineModel,
    Mlp,
    furniture_reason,
    is_prose,
    is_sentence_shaped,
    line_features,
    load_model,
    load_patterns,
    load_stopwords,
    main_block,
    smoothing_features,
    words_of,
)

# A sentence of this many words or more needs the classifier's prose threshold
# (much lower than its threshold for other lines) to be removed.
GUARD_MIN_WORDS = 5
# A list header ("Related stories:", "Most read") takes this many following short
# lines with it (until a blank line or a sentence).
MAX_LIST_ITEMS = 12
LIST_ITEM_MAX_WORDS = 14


# Lines above the headline that are not prose are removed (checked on the train parts,
# docs/components/clean.md).
REMOVE_ABOVE_HEADLINE = True


def _shaped(line: str) -> bool:
    return is_sentence_shaped(line, GUARD_MIN_WORDS)


# Which lines the prose threshold protects: "shape" = 5+ words ending . ! or ?;
# "grammatical" = also a function word and a finite verb (features.is_sentence_like).
# The model file names the one its thresholds were tuned with.
GUARDS: dict[str, Callable[[str], bool]] = {"shape": _shaped, "grammatical": is_sentence_like}


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaner's output: kept text, its map to raw, what went and why, metadata."""

    text: str
    offsets: OffsetMap
    removed: tuple[Removal, ...]
    meta: Meta


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank raw line: offsets of its right-stripped text in ``raw``."""

    start: int
    end: int
    text: str


# ------------------------------------------------------------------------ lines


def split_lines(raw: str) -> list[Line]:
    """Return the non-blank lines of ``raw``, right-stripped, with raw offsets."""
    lines, pos = [], 0
    for chunk in raw.split("\n"):
        stripped = chunk.rstrip()
        if stripped.strip():
            lines.append(Line(pos, pos + len(stripped), stripped))
        pos += len(chunk) + 1
    return lines


# --------------------------------------------------------------- decisions


def line_reasons(
    texts: Sequence[str],
    model: LineModel | None = None,
    breaks: Sequence[bool] | None = None,
    *,
    extracted: bool = False,
) -> tuple[list[str | None], Meta]:
    """Return a removal reason (None: keep) for each line, and the metadata found.

    ``extracted``: the lines are what an HTML extractor kept of a page, not raw text:
    the model's ``html_threshold`` and ``html_above_headline`` apply.
    """
    model = model or load_model()
    probs = model.probabilities(texts)
    threshold = model.threshold_for(extracted)
    above = model.html_above_headline if extracted else REMOVE_ABOVE_HEADLINE
    return decide(texts, probs, threshold, model.prose_threshold, breaks, model.guard, above_headline=above)


def decide(
    texts: Sequence[str],
    probs: Sequence[float],
    threshold: float,
    prose_threshold: float,
    breaks: Sequence[bool] | None = None,
    guard: str = "shape",
    *,
    above_headline: bool = REMOVE_ABOVE_HEADLINE,
) -> tuple[list[str | None], Meta]:
    """Return reasons per line from patterns, header rules and content probabilities.

    ``breaks[i]`` tells whether a blank line comes before line ``i``; ``guard`` names
    which lines count as sentences for ``prose_threshold`` (see :data:`GUARDS`);
    ``above_headline`` as in :func:`rule_reasons`.
    """
    reasons, meta, headline = rule_reasons(texts, probs, breaks, above_headline=above_headline)
    return apply_model(texts, reasons, probs, headline, threshold, prose_threshold, guard), meta


def rule_reasons(
    texts: Sequence[str],
    probs: Sequence[float],
    breaks: Sequence[bool] | None = None,
    *,
    above_headline: bool = REMOVE_ABOVE_HEADLINE,
) -> tuple[list[str | None], Meta, int | None]:
    """Return the reasons the rules give (patterns, header, lists, picture credits), the meta
    and the headline index; lines the rules leave are decided by :func:`apply_model`.

    ``above_headline``: non-prose lines above the headline are navigation (raw page
    text: the site's name, menus); off for text an HTML extractor already cut out.
    """
    reasons: list[str | None] = [furniture_reason(t) for t in texts]
    meta, headline = header_reasons(texts, reasons, probs)
    _extend_lists(texts, reasons, breaks or [False] * len(texts), headline)
    for i, text in enumerate(texts):
        # Picture credits and captions ("Photo: Jane Roe/Agency", "(Image: Council)").
        if reasons[i] is None and i != headline and is_picture_credit(text):
            reasons[i] = "boilerplate"
        # Above the headline come the site's name, menus, section labels and tickers; a
        # sentence there (a cookie banner, a teaser) is left to the model.
        elif above_headline and reasons[i] is None and headline is not None and i < headline:
            reasons[i] = None if is_prose(text) else "navigation"
    return reasons, meta, headline


def apply_model(
    texts: Sequence[str],
    reasons: Sequence[str | None],
    probs: Sequence[float],
    headline: int | None,
    threshold: float,
    prose_threshold: float,
    guard: str = "shape",
) -> list[str | None]:
    """Return ``reasons`` with the lines the model takes for furniture marked ``boilerplate``.

    A sentence (by ``guard``) is article text unless the model is very sure
    (``prose_threshold``: comment threads, full-sentence prompts).
    """
    is_sentence = GUARDS[guard]
    out = list(reasons)
    for i, p in enumerate(probs):
        if out[i] is not None or i == headline:
            continue
        if p < (prose_threshold if is_sentence(texts[i]) else threshold):
            out[i] = "boilerplate"
    return out


def _is_list_header(text: str, reason: str | None) -> bool:
    stripped = text.strip()
    if reason != "related":
        return False
    return stripped.endswith(":") or len(words_of(stripped)) <= 4


def _extend_lists(
    texts: Sequence[str], reasons: list[str | None], breaks: Sequence[bool], headline: int | None
) -> None:
    """Give the short lines right under a list header ("You may also like:") its reason."""
    i = 0
    while i < len(texts):
        if _is_list_header(texts[i], reasons[i]):
            reason, j = reasons[i], i + 1
            while j < len(texts) and j <= i + MAX_LIST_ITEMS and not breaks[j] and j != headline:
                item = texts[j]
                if is_sentence_shaped(item, GUARD_MIN_WORDS) or len(words_of(item)) > LIST_ITEM_MAX_WORDS:
                    break
                reasons[j] = reasons[j] or reason
                j += 1
            i = j
        else:
            i += 1


def assemble(raw: str, lines: Sequence[Line], reasons: Sequence[str | None]) -> CleanResult:
    """Join the kept lines into text with an offset map; record the removals."""
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    removed: list[Removal] = []
    pos, prev_end, gap = 0, None, False
    for line, reason in zip(lines, reasons, strict=True):
        if reason is not None:
            removed.append(Removal(Span(line.start, line.end, reason), reason))
            gap = True
            continue
        if prev_end is not None:
            sep = "\n\n" if gap or raw.count("\n", prev_end, line.start) > 1 else "\n"
            parts.append(sep)
            pos += len(sep)
        segments.append((pos, line.start, len(line.text)))
        parts.append(line.text)
        pos += len(line.text)
        prev_end, gap = line.end, False
    return CleanResult("".join(parts), OffsetMap(tuple(segments)), tuple(removed), Meta())


def clean_text(raw: str, *, extracted: bool = False) -> CleanResult:
    """Return the article text of ``raw`` with page furniture removed.

    ``extracted``: ``raw`` is the text an HTML extractor took from a page (see
    :func:`line_reasons`); plain text input leaves it False.
    """
    lines = split_lines(raw)
    breaks = [i > 0 and raw.count("\n", lines[i - 1].end, ln.start) > 1 for i, ln in enumerate(lines)]
    reasons, meta = line_reasons([ln.text for ln in lines], breaks=breaks, extracted=extracted)
    return replace(assemble(raw, lines, reasons), meta=meta)


class Cleaner(BaseComponent):
    """Attach the cleaned text, removals, offset map and found metadata."""

    name = "clean"
    requires = ("raw",)
    assigns = ("text", "removed", "offsets", "meta")

    def load(self) -> None:
        """Load the patterns, stop words and line classifier once."""
        load_patterns()
        load_stopwords()
        load_model()

    def __call__(self, article: Article) -> Article:
        result = clean_text(article.raw, extracted=article.extracted)
        meta = article.meta
        for key in ("title", "author", "date", "credits"):
            if getattr(meta, key) is None and getattr(result.meta, key) is not None:
                meta = replace(meta, **{key: getattr(result.meta, key)})
        return replace(article, text=result.text, offsets=result.offsets, removed=result.removed, meta=meta)


__all__ = [
    "FEATURE_NAMES",
    "GUARDS",
    "GUARD_MIN_WORDS",
    "LIST_ITEM_MAX_WORDS",
    "MAX_LIST_ITEMS",
    "MODEL_PATH",
    "REMOVE_ABOVE_HEADLINE",
    "CleanResult",
    "Cleaner",
    "Line",
    "LineModel",
    "Linear",
    "Mlp",
    "apply_model",
    "assemble",
    "byline_author",
    "clean_text",
    "date_line",
    "decide",
    "furniture_reason",
    "header_reasons",
    "is_prose",
    "is_sentence_like",
    "is_sentence_shaped",
    "line_features",
    "line_reasons",
    "load_model",
    "load_patterns",
    "load_stopwords",
    "main_block",
    "rule_reasons",
    "smoothing_features",
    "split_lines",
    "words_of",
]
