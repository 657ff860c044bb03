"""Markdown view of a Report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import views


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    """Return the report as a Markdown document."""
    score = report["score"]
    meta = report["meta"]
    out = [f"# Audit: {_cell(views.headline(report))}", ""]
    facts = [f"**{k}**: {_cell(str(meta[k]))}" for k in ("author", "date", "site", "url") if meta.get(k)]
    if facts:
        out += [" · ".join(facts), ""]
    out += [f"**Sourcing score: {score['value']}/100 — {score['label']}**", ""]
    if dims := views.dimension_line(report):
        out += [f"Sub-scores: {dims}", ""]
    out += ["## Why this score", ""]
    out += _table(("effect", "reason", "evidence"), views.reason_rows(report)) + [""]
    out += (
        ["## Source ledger", ""]
        + _table(("id", "type", "source", "cue", "content", "relayed by"), views.ledger_rows(report))
        + [""]
    )
    if report.get("claims"):
        out += (
            ["## Check-worthy claims", ""]
            + _table(
                ("id", "claim", "check-worthy", "rests on", "hedges", "denied by"), views.claim_rows(report)
            )
            + [""]
        )
    if report["denials"]:
        out += (
            ["## Denials", ""]
            + _table(("id", "denial", "voiced by", "answers"), views.denial_rows(report))
            + [""]
        )
    if report.get("hedges"):
        out += ["## Hedges", "", ", ".join(f"*{_cell(h['text'])}*" for h in report["hedges"]), ""]
    out += ["## Language profile", "", views.profile_line(report), ""]
    if report["techniques"]:
        out += ["## Loaded language and propaganda techniques", ""]
        out += _table(("technique", "text", "score"), views.technique_rows(report)) + [""]
    if report["removed"]:
        out += [f"## Removed page furniture ({len(report['removed'])})", ""]
        out += [f"- `{_cell(views.snippet(r['text'], 80))}` — {r['reason']}" for r in report["removed"]] + [
            ""
        ]
    for w in report.get("warnings", []):
        out += [f"> **Warning:** {_cell(w)}", ""]
    out += ["## Limits", ""] + [f"- {lim}" for lim in report["limits"]] + [""]
    return "\n".join(out)
