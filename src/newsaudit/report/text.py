"""Terminal view of a Report, with rich (colour only on a terminal)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any, cast

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from . import views

_SCORE_STYLE = {
    "well sourced": "bold green",
    "adequately sourced": "bold cyan",
    "weakly sourced": "bold yellow",
    "poorly sourced": "bold red",
}


def _table(title: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=True)
    for col in header:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def renderables(report: dict[str, Any]) -> list[Any]:
    """Return the rich renderables of the terminal view."""
    score = report["score"]
    meta = report["meta"]
    head = Text(views.headline(report), style="bold")
    byline = " · ".join(str(meta[k]) for k in ("author", "date", "site", "url") if meta.get(k))
    value = "—" if score["value"] is None else str(score["value"])
    scoreline = Text.assemble(
        ("Sourcing score: ", "bold"),
        (f"{value}/100 {score['label']}", _SCORE_STYLE.get(score["label"], "bold")),
    )
    dims = Text(f"Sub-scores: {views.dimension_line(report)}" if views.dimension_line(report) else "")
    parts: list[Any] = [Panel(Group(head, Text(byline, style="dim"), scoreline, dims), expand=True)]
    parts.append(_table("Why this score", ("effect", "reason", "evidence"), views.reason_rows(report)))
    parts.append(
        _table(
            "Source ledger",
            ("id", "type", "source", "cue", "content", "relayed by"),
            views.ledger_rows(report),
        )
    )
    if report.get("claims"):
        parts.append(
            _table(
                "Check-worthy claims",
                ("id", "claim", "check-worthy", "rests on", "hedges", "denied by"),
                views.claim_rows(report),
            )
        )
    if report["denials"]:
        parts.append(_table("Denials", ("id", "denial", "voiced by", "answers"), views.denial_rows(report)))
    if report.get("hedges"):
        parts.append(
            Text("Hedges: " + ", ".join(sorted({h["text"] for h in report["hedges"]})), style="italic")
        )
    parts.append(Text(views.profile_line(report)))
    if report["techniques"]:
        parts.append(
            _table(
                "Loaded language and propaganda techniques",
                ("technique", "text", "score"),
                views.technique_rows(report),
            )
        )
    removed = report["removed"]
    if removed:
        parts.append(
            Text(
                f"Removed {len(removed)} line(s) of page furniture: "
                + "; ".join(views.snippet(r["text"], 40) for r in removed[:6]),
                style="dim",
            )
        )
    for w in report.get("warnings", []):
        parts.append(Text(f"Warning: {w}", style="bold yellow"))
    parts.append(Text("Limits: " + " ".join(report["limits"]), style="dim"))
    return parts


def render_text(report: dict[str, Any], *, color: bool | None = None, width: int | None = None) -> str:
    """Return the terminal view as a string (ANSI colour when ``color``)."""
    console = Console(
        record=True,
        force_terminal=bool(color),
        no_color=not color,
        width=width or 110,
        file=cast(IO[str], _Null()),
    )
    for part in renderables(report):
        console.print(part)
    return console.export_text(styles=bool(color))


class _Null:
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass
