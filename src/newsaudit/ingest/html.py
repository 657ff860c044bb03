"""Extract the article text and metadata of an HTML page (trafilatura, with fallbacks)."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    method: str  # "trafilatura", "trafilatura-baseline" or "visible-text"
    html_chars: int
    page_title: str | None = None


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


def extract_html(html: str, *, url: str | None = None) -> Extracted:
    """Return the main text and metadata of ``html``; raise NotAnArticleError if there is none."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # trafilatura/lxml emit deprecation chatter on odd pages
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, config=_config()
        )
    data: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = str(data.get("text") or "").strip()
    method = "trafilatura"
    if len(text) < 200:
        fallback = _baseline(html)
        if len(fallback) > len(text):
            text, method = fallback, "trafilatura-baseline"
    if not text:
        text, method = _visible_text(html), "visible-text"
    if not text.strip():
        raise NotAnArticleError("the page has no readable text (nothing extracted from its HTML)")
    page_title = _page_title(html)
    return Extracted(text, _metadata(data, url), method, len(html), page_title)


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
