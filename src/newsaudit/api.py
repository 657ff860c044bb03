"""The public entry points: audit() one text, audit_source() a file, page, URL or archive."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from .article import Article, Meta
from .ingest import Document, read_source
from .ingest.text import decode_text
from .pipeline import Pipeline
from .registry import versions
from .report.build import Report, build_report
from .settings import Settings


@lru_cache(maxsize=4)
def get_pipeline(settings: Settings) -> Pipeline:
    """Return a loaded pipeline for ``settings``, built once per process."""
    return Pipeline.from_settings(settings).load()


def audit_article(article: Article, settings: Settings | None = None) -> Article:
    """Run the pipeline of ``settings`` over an Article and return the result."""
    return get_pipeline(settings or Settings())(article)


def audit(text: str | bytes, settings: Settings | None = None, *, meta: Meta | None = None) -> Report:
    """Audit one article given as plain text (or bytes in any common encoding).

    Raises an :class:`~newsaudit.errors.InputError` for input that cannot be audited.
    """
    settings = settings or Settings()
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    document = Document("text", "text", decode_text(data, max_bytes=settings.max_bytes), meta or Meta())
    return audit_document(document, settings)


def audit_document(document: Document, settings: Settings | None = None) -> Report:
    """Audit one document read by :func:`newsaudit.ingest.read_source`."""
    settings = settings or Settings()
    if document.error is not None:
        raise document.error
    from .ingest.html import is_extracted  # lxml: only loaded when a document is audited

    notes = tuple(f.message for f in document.findings)
    article = Article(
        raw=document.text,
        text=document.text,
        meta=document.meta,
        warnings=notes,
        extracted=is_extracted(document.method),
    )
    done = audit_article(article, settings)
    source = {
        "name": document.name,
        "kind": document.kind,
        "extraction": document.method,
        "findings": [f.code for f in document.findings],
    }
    return build_report(done, components=versions(settings.components), source=source)


def audit_source(source: str, settings: Settings | None = None) -> Iterator[tuple[Document, Report | None]]:
    """Audit every document of ``source`` (file, ``-``, URL or WARC); failures carry their error."""
    settings = settings or Settings()
    for document in read_source(source, settings):
        if document.error is not None:
            yield document, None
            continue
        try:
            yield document, audit_document(document, settings)
        except Exception as exc:  # one bad record must not stop a batch; the caller sees why
            from .errors import InputError, NewsauditError

            error = exc if isinstance(exc, NewsauditError) else InputError(f"{type(exc).__name__}: {exc}")
            yield replace(document, error=error), None
