"""Helpers for the end-to-end tests that audit a hand-written article and read its JSON report."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from newsaudit.api import audit

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"


@cache
def audited(name: str) -> dict[str, Any]:
    """Return the report (as JSON data) of ``tests/fixtures/articles/<name>``, audited once per run."""
    return audit((ARTICLES / name).read_text(encoding="utf-8")).to_dict()


def span_text(report: dict[str, Any], span: dict[str, Any]) -> str:
    """Return the words of the report's text under ``span``."""
    return str(report["text"][span["start"] : span["end"]])


def attribution(report: dict[str, Any], attribution_id: str | None) -> dict[str, Any]:
    """Return the attribution with id ``attribution_id``."""
    return next(a for a in report["attributions"] if a["id"] == attribution_id)


def by_source(report: dict[str, Any], words: str) -> dict[str, Any]:
    """Return the first attribution whose source contains ``words``."""
    return next(a for a in report["attributions"] if words in span_text(report, a["source"]))
