"""The public entry point: audit() one article, text in, Report out."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .article import Article, Meta
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
    """Audit one article given as text (or bytes in any common encoding).

    Raises an :class:`~newsaudit.errors.InputError` for input that cannot be audited.
    """
    settings = settings or Settings()
    if isinstance(text, bytes):
        text = decode_text(text, max_bytes=settings.max_bytes)
    else:
        text = decode_text(text.encode("utf-8", "surrogatepass"), max_bytes=settings.max_bytes)
    article = Article(raw=text, text=text, meta=meta or Meta())
    done = audit_article(article, settings)
    return build_report(done, components=versions(settings.components))


def with_meta(article: Article, **values: str | None) -> Article:
    """Return ``article`` with metadata fields set."""
    return replace(article, meta=replace(article.meta, **values))
