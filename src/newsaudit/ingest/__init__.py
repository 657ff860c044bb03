"""Readers that turn a source (file, stdin, HTML page, URL, WARC archive) into documents.

``read_source`` decides by the source's shape: ``-`` is standard input, ``http(s)://`` a URL,
``*.warc[.gz]`` an archive (one document per HTML response), a file whose name or first bytes
say HTML a page, anything else plain text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..article import Meta
from ..errors import InputNotFoundError, InputTooLargeError, NewsauditError, NotAnArticleError
from ..settings import Settings
from .gate import GateFinding, check_page
from .text import decode_text, read_path

__all__ = ["Document", "decode_text", "document_from_html", "read_path", "read_source"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article to audit, or the error that stopped it (batch inputs carry on)."""

    name: str
    kind: str  # "text", "html", "url" or "warc"
    text: str = ""
    meta: Meta = field(default_factory=Meta)
    findings: tuple[GateFinding, ...] = ()
    method: str = "text"
    error: NewsauditError | None = None


def document_from_html(data: bytes, *, name: str, kind: str, url: str | None, settings: Settings) -> Document:
    """Extract, gate and wrap one HTML page; raise NotAnArticleError if the gate refuses it."""
    from .html import decode_html, extract_html

    html = decode_html(data, max_bytes=settings.max_page_bytes, name=name)
    extracted = extract_html(html, url=url)
    findings, meta = check_page(html, extracted.gate_text or extracted.text, extracted.meta)
    refused = [f for f in findings if f.refuse]
    if refused:
        raise NotAnArticleError(f"{name}: {refused[0].message}")
    return Document(name, kind, extracted.text, meta, tuple(findings), extracted.method)


def _is_html_file(path: Path, head: bytes) -> bool:
    from .html import looks_like_html

    return path.suffix.lower() in (".html", ".htm", ".xhtml") or looks_like_html(head)


def read_source(source: str, settings: Settings | None = None) -> Iterator[Document]:
    """Yield the documents of ``source``; single sources raise on refusal, archives record it."""
    settings = settings or Settings()
    if source.startswith(("http://", "https://")):
        yield _from_url(source, settings)
        return
    from .warc import is_warc

    if is_warc(source):
        yield from _from_warc(source, settings)
        return
    if source == "-":
        data = sys.stdin.buffer.read(settings.max_page_bytes + 1)
        yield _from_bytes(data, "standard input", settings)
        return
    path = Path(source)
    if not path.is_file():
        what = "is a directory, not a file" if path.is_dir() else "does not exist"
        raise InputNotFoundError(
            f"{source} {what}; give an article file, a .html page, a .warc.gz archive, a URL, or - for standard input"
        )
    with path.open("rb") as fh:
        data = fh.read(settings.max_page_bytes + 1)
    if _is_html_file(path, data[:4096]):
        yield document_from_html(data, name=source, kind="html", url=None, settings=settings)
    else:
        yield Document(source, "text", decode_text(data, max_bytes=settings.max_bytes, name=source))


def _from_bytes(data: bytes, name: str, settings: Settings) -> Document:
    from .html import looks_like_html

    if looks_like_html(data[:4096]):
        return document_from_html(data, name=name, kind="html", url=None, settings=settings)
    return Document(name, "text", decode_text(data, max_bytes=settings.max_bytes, name=name))


def _from_url(url: str, settings: Settings) -> Document:
    from .url import FetchOptions, fetch

    options = FetchOptions(
        settings.fetch_timeout, settings.max_page_bytes, settings.max_redirects, settings.allow_private
    )
    page = fetch(url, options)
    if page.content_type == "text/plain":
        return Document(
            page.url,
            "url",
            decode_text(page.data, max_bytes=settings.max_bytes, name=page.url),
            Meta(url=page.url),
        )
    return document_from_html(page.data, name=page.url, kind="url", url=page.url, settings=settings)


def _from_warc(path: str, settings: Settings) -> Iterator[Document]:
    from .warc import iter_html_records

    for record in iter_html_records(path, max_bytes=settings.max_page_bytes):
        name = f"{path}#{record.index}" + (f" {record.url}" if record.url else "")
        if record.error:
            yield Document(name, "warc", error=InputTooLargeError(f"{name}: {record.error}"))
            continue
        try:
            yield document_from_html(record.data, name=name, kind="warc", url=record.url, settings=settings)
        except NewsauditError as exc:
            yield Document(name, "warc", error=exc)
