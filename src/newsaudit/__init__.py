"""newsaudit: audit a news article and answer "who says so?"."""

from __future__ import annotations

from .api import audit, audit_article, audit_source
from .article import Article, Attribution, Denial, Meta, Span
from .errors import NewsauditError
from .pipeline import Pipeline
from .report.build import Report
from .settings import Settings

__all__ = [
    "Article",
    "Attribution",
    "Denial",
    "Meta",
    "NewsauditError",
    "Pipeline",
    "Report",
    "Settings",
    "Span",
    "audit",
    "audit_article",
    "audit_source",
]
__version__ = "0.1.0"
