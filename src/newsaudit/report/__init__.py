"""Reports: one Report object, rendered as JSON, terminal text, Markdown and HTML."""

from __future__ import annotations

from .build import SCHEMA, Report, build_report

FORMATS = ("text", "json", "md", "html")


def render(report: Report, fmt: str = "text", *, color: bool | None = None) -> str:
    """Return ``report`` rendered in ``fmt`` (one of ``FORMATS``)."""
    data = report.to_dict()
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(data)
    if fmt == "html":
        from .html import render_html

        return render_html(data)
    if fmt == "text":
        from .text import render_text

        return render_text(data, color=color)
    from ..errors import SettingsError

    raise SettingsError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "SCHEMA", "Report", "build_report", "render"]
