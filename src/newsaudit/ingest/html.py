"""Extract the article text and metadata of an HTML page.

Several extractors read the page: trafilatura with its default settings, with
``favor_precision`` and with ``favor_recall``, and readability-lxml. The
cleaner's line model judges their outputs (:func:`judge`: the words of lines it
takes for article text, less the words of lines it takes for furniture) and the
best one is kept; trafilatura's baseline and the page's visible text are the
fallbacks when none finds any text. ``Extracted.method`` says which won.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import lxml.html
from lxml import etree

from ..article import Meta
from ..errors import BinaryInputError, EmptyInputError, InputTooLargeError, NotAnArticleError

# lxml refuses trees deeper than this anyway; we cap element count to bound memory and time.
MAX_ELEMENTS = 200_000
_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extracted:
    """The main text of a page, its metadata, and how it was obtained."""

    text: str
    meta: Meta
    method: str  # "trafilatura", "trafilatura-precision", "trafilatura-recall", "readability", ...
    html_chars: int
    page_title: str | None = None
    # What trafilatura's defaults (with fallbacks) extracted: the sanity gate reads this, so its
    # refusals do not depend on which extractor the line model chose for the audit.
    gate_text: str = ""


def looks_like_html(data: bytes) -> bool:
    """Return True when the first kilobytes of ``data`` contain HTML markup."""
    return bool(_TAG.search(data[:4096]))


def decode_html(data: bytes, *, max_bytes: int, name: str = "page") -> str:
    """Decode HTML bytes, honouring a declared charset, refusing empty or oversized pages."""
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{name} is over the size limit of {max_bytes:,} bytes; raise it with --max-bytes"
        )
    if not data.strip():
        raise EmptyInputError(f"{name} is empty: there is no page to audit")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryInputError(f"{name} looks like binary data, not an HTML page")
    from trafilatura.utils import decode_file

    return str(decode_file(data))


def _metadata(doc: dict[str, Any], url: str | None) -> Meta:
    def clean(value: Any) -> str | None:
        text = str(value).strip() if value else ""
        return text or None

    return Meta(
        title=clean(doc.get("title")),
        author=clean(doc.get("author")),
        date=clean(doc.get("date")),
        url=clean(doc.get("url")) or url,
        site=clean(doc.get("sitename")) or clean(doc.get("hostname")),
        language=clean(doc.get("language")),
    )


def _visible_text(html: str) -> str:
    """Return the visible text of ``html``, one block per line (last-resort fallback)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several unrelated types on junk input
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    lines = (" ".join(t.split()) for t in root.itertext())
    return "\n".join(line for line in lines if line)


def extract_html(html: str, *, url: str | None = None, choose: bool = True) -> Extracted:
    """Return the main text and metadata of ``html``; raise NotAnArticleError if there is none.

    With ``choose`` (the default) the line model picks among the extractors'
    outputs; without it, trafilatura's default output is used (as before).
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # trafilatura/lxml emit deprecation chatter on odd pages
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, config=_config()
        )
    data: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    default, method = _with_fallbacks(html, str(data.get("text") or "").strip(), "trafilatura")
    text = default
    if choose:
        chosen, how = choose_text(html, [(method, default), *_alternatives(html)])
        if chosen.strip():
            text, method = _with_fallbacks(html, chosen, how)
    if not text.strip():
        raise NotAnArticleError("the page has no readable text (nothing extracted from its HTML)")
    page_title = _page_title(html)
    return Extracted(text, _metadata(data, url), method, len(html), page_title, default)


def is_extracted(method: str) -> bool:
    """Return whether text read by ``method`` was extracted from a page's HTML.

    The page's visible text (the last fallback) and plain text input are not:
    the cleaner treats them as raw text.
    """
    return method not in ("text", "visible-text")


def _with_fallbacks(html: str, text: str, method: str) -> tuple[str, str]:
    """Return ``text``, or trafilatura's baseline or the visible text when it is (nearly) empty."""
    if len(text) < 200:
        fallback = _baseline(html)
        if len(fallback) > len(text):
            text, method = fallback, "trafilatura-baseline"
    if not text:
        text, method = _visible_text(html), "visible-text"
    return text, method


def judge(text: str) -> float:
    """Return the line model's verdict on an extracted text: content words less furniture words.

    Each line counts its words, times ``2p - 1`` where ``p`` is the model's
    probability that it is article text; so a text gains by every article line it
    has and loses by every menu, list or comment line.
    """
    from ..components.clean import load_model, words_of

    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return 0.0
    probs = load_model().probabilities(lines)
    return sum(len(words_of(ln)) * (2 * p - 1) for ln, p in zip(lines, probs, strict=True))


def choose_text(html: str, candidates: list[tuple[str, str]]) -> tuple[str, str]:
    """Return the ``(text, method)`` the line model judges best (the first on a tie)."""
    best_text, best_method, best_score = "", candidates[0][0], float("-inf")
    for method, text in candidates:
        score = judge(text) if text.strip() else float("-inf")
        if score > best_score:
            best_text, best_method, best_score = text, method, score
    return best_text, best_method


def _alternatives(html: str) -> list[tuple[str, str]]:
    """Return the other extractors' texts: trafilatura's precision and recall modes, readability."""
    import trafilatura

    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for method, precision in (("trafilatura-precision", True), ("trafilatura-recall", False)):
            text = trafilatura.extract(
                html,
                include_comments=False,
                include_tables=True,
                config=_config(),
                favor_precision=precision,
                favor_recall=not precision,
            )
            out.append((method, str(text or "").strip()))
    out.append(("readability", readability_text(html)))
    return out


# Not rendered by a browser (head holds the <title>, which is not page text).
_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select"}
)
# Block-level elements (HTML Living Standard "flow" containers) plus table cells
# and <br>: each starts a new line. Table layouts were common in 2012 pages, so
# a cell is a block.
_BLOCK_TAGS = frozenset([
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame",
    "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "title", "tr", "ul"
])  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACES = re.compile(r"\s+")


def _is_hidden(el: etree._Element) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _walk_lines(root: etree._Element) -> Iterator[str | None]:
    """Yield text pieces in document order, ``None`` at each block boundary."""
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""  # comments, PIs: no text
        tag = tag.lower()
        dropped = not tag or tag in _DROP_TAGS or _is_hidden(el)
        if event == "start":
            if tag in _BLOCK_TAGS:
                yield None
            if dropped:
                walker.skip_subtree()
            elif el.text:
                yield el.text
        else:
            if tag in _BLOCK_TAGS:
                yield None
            if el.tail:
                yield el.tail


def visible_text(markup: str) -> str:
    """Return the visible text of an HTML page, one block per line, spaces collapsed."""
    text = _XML_DECL.sub("", markup, count=1)
    if not text.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return ""
    lines: list[str] = []
    current: list[str] = []
    for piece in _walk_lines(root):
        if piece is None:
            lines.append("".join(current))
            current = []
        else:
            current.append(piece)
    lines.append("".join(current))
    collapsed = (_SPACES.sub(" ", line).strip() for line in lines)
    return "\n".join(line for line in collapsed if line)


def readability_text(html: str) -> str:
    """Return readability-lxml's main text of ``html``, one block per line ("" on failure)."""
    from readability import Document

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            summary = Document(html).summary(html_partial=True)
    except Exception:  # readability and lxml raise several unrelated types on odd pages
        return ""
    return visible_text(f"<html><body>{summary}</body></html>")


@lru_cache(maxsize=1)
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_ELEMENTS))
    return config


def _baseline(html: str) -> str:
    from trafilatura import baseline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, text, _ = baseline(html)
    return str(text or "").strip()


def _page_title(html: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", html[:200_000], re.IGNORECASE | re.DOTALL)
    return " ".join(m.group(1).split()) if m else None
