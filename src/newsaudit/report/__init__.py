"""Reports: one Report object, rendered as JSON, terminal text, Markdown and HTML."""

from __future__ import annotations

from .build import SCHEMA, Report, build_report

__all__ = ["SCHEMA", "Report", "build_report"]
