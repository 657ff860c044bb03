"""Evaluate the cleaner in text mode on an HTML benchmark with gold article bodies.

Each page's HTML is rendered to its visible text, one block-level element per
line (what a copy of the page as plain text looks like); the cleaner then
removes the furniture, and the kept text is scored against the gold
``articleBody`` with the benchmark's shingle metric (:mod:`.shingles`), beside
the keep-everything baseline.

Pages are split into our own ``train``/``dev`` parts by a hash of the page id
(:func:`split_of`), so the classifier shipped with the cleaner is tuned on one
part and reported on the other; the data set's official test split is held out
elsewhere.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree, html

from ..errors import EvalDataError
from . import EvalResult
from .shingles import compare_systems, string_shingle_matching

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
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SPACES = re.compile(r"\s+")
# The dragnet gold separator line between article and comments (SOURCE.md).
_COMMENTS_SEPARATOR = re.compile(r"^[!@#$%^&*() ]+COMMENTS\s*$", re.M)
# Share of pages in the dev part of our split (the rest is train).
DEV_SHARE_PERCENT = 20


def split_of(page_id: str) -> str:
    """Return ``"dev"`` or ``"train"`` for a page id, stable across runs and machines."""
    bucket = int(hashlib.sha1(page_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "dev" if bucket < DEV_SHARE_PERCENT else "train"


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: UTF-8, else the declared charset, else Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    # Windows-1252 is what browsers assume for undeclared legacy pages.
    return data.decode("cp1252", errors="replace")


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


def render_visible_text(markup: str | bytes) -> str:
    """Return the visible text of an HTML page, one block per line, spaces collapsed."""
    text = decode_html(markup) if isinstance(markup, bytes) else markup
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return ""
    try:
        root = html.document_fromstring(text)
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


def load_truth(truth: Path) -> dict[str, str]:
    """Return ``{page id: gold articleBody}`` from a benchmark ``ground-truth.json``."""
    try:
        data = json.loads(Path(truth).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalDataError(
            f"cannot read the gold file {truth}: {exc}; pass the data set's ground-truth.json"
        ) from exc
    if not isinstance(data, dict):
        raise EvalDataError(f"{truth} is not a JSON object of pages; pass the data set's ground-truth.json")
    return {
        str(k): _repair_utf16(str(v.get("articleBody", ""))) for k, v in data.items() if isinstance(v, dict)
    }


def _repair_utf16(text: str) -> str:
    """Undo a UTF-16 file decoded as Windows-1252 (its BOM reads "ÿþ"); else return as is.

    Four dragnet gold files are UTF-16; without this their gold is mojibake and
    every system scores 0 on them.
    """
    if not text.startswith(("ÿþ", "þÿ")):
        return text
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        data = text.encode("latin-1", errors="replace")
    repaired = data.decode("utf-16", errors="replace").lstrip("\ufeff")
    repaired = repaired.replace("\r\n", "\n").replace("\r", "\n")
    # The comments were never split off these files: cut at the gold separator.
    return _COMMENTS_SEPARATOR.split(repaired, maxsplit=1)[0].strip()


def read_page(html_dir: Path, page_id: str) -> bytes:
    """Return the HTML bytes of a page stored as ``<id>.html.gz`` or ``<id>.html``."""
    for name, opener in ((f"{page_id}.html.gz", gzip.open), (f"{page_id}.html", open)):
        path = Path(html_dir) / name
        if path.exists():
            with opener(path, "rb") as fh:
                return bytes(fh.read())
    raise EvalDataError(f"no HTML for page {page_id} in {html_dir}; expected {page_id}.html.gz")


def iter_pages(
    html_dir: Path, truth: Path, limit: int | None = None, ids: set[str] | None = None
) -> Iterator[tuple[str, str, str]]:
    """Yield ``(page id, rendered text, gold text)`` in sorted id order."""
    if not Path(html_dir).is_dir():
        raise EvalDataError(f"HTML folder {html_dir} not found; pass the data set's html/ folder")
    gold = load_truth(truth)
    chosen = sorted(k for k in gold if ids is None or k in ids)
    for page_id in chosen[:limit] if limit is not None else chosen:
        yield page_id, render_visible_text(read_page(html_dir, page_id)), gold[page_id]


def evaluate(
    html_dir: Path, truth: Path, limit: int | None = None, ids: set[str] | None = None
) -> EvalResult:
    """Score the cleaner's kept text and the keep-everything baseline on rendered pages."""
    from ..components.clean import clean_text

    cleaned, baseline = [], []
    for _, rendered, gold in iter_pages(html_dir, truth, limit, ids):
        cleaned.append(string_shingle_matching(gold, clean_text(rendered).text))
        baseline.append(string_shingle_matching(gold, rendered))
    if not cleaned:
        raise EvalDataError(
            f"no pages to evaluate in {html_dir} (limit={limit}, ids given: {ids is not None})"
        )
    metrics, rows = compare_systems([("clean", "", cleaned), ("keep everything", "baseline_", baseline)])
    metrics["pages"] = float(len(cleaned))
    notes = [f"{len(cleaned)} pages; shingle (word 4-gram) P/R/F1, ScrapingHub benchmark definition"]
    return EvalResult("Cleaning (text mode)", metrics, rows, ("system", "precision", "recall", "f1"), notes)
