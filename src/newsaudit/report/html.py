"""Self-contained HTML view of a Report: the article with highlights, legend and tables.

Every piece of article text goes through ``html.escape``: an article that contains
``<script>`` shows it as text. The page loads nothing from the network.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape
from typing import Any

from . import views

_CSS = """
body{font:16px/1.6 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
.score{font-size:1.2rem;font-weight:700;padding:.4rem .8rem;border-radius:.4rem;display:inline-block}
.band-well{background:#d9f2dd}.band-adequately{background:#dcecf7}.band-weakly{background:#fbefc9}.band-poorly{background:#f8d3d0}
.article{white-space:pre-wrap;border:1px solid #ddd;border-radius:.4rem;padding:1rem;background:#fcfcfc}
.src{font-weight:700;color:#0b57a4}.cue{text-decoration:underline;text-decoration-thickness:2px;color:#6a1b9a}
.content{background:#eaf3ff}.src.t-anonymous,.src.t-unnamed_official{color:#b3261e}
.denial{background:#ffe0dc;outline:1px solid #e57368}.hedge{font-style:italic;border-bottom:2px dotted #a66f00}
.tech{border-bottom:3px solid #2e7d32;background:#f1f8e9}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}
.legend span{margin-right:1rem;padding:0 .3rem}.dim{color:#666;font-size:.9rem}
"""

_LEGEND = (
    ("src", "source"),
    ("src t-anonymous", "unnamed / anonymous source"),
    ("cue", "cue (said, according to…)"),
    ("content", "reported content"),
    ("denial", "denial"),
    ("hedge", "hedge"),
    ("tech", "loaded language / technique"),
)


def _marks(report: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """Return (start, end, css class, hover text) for every highlighted span."""
    marks = []
    for a in report["attributions"]:
        src = a["source"]
        who = views.source_label(src)
        relayed = f", relayed by {a['parent']}" if a["parent"] else ""
        marks.append(
            (
                src["start"],
                src["end"],
                f"src t-{src['type']}",
                f"{a['id']} source: {who} ({src['type']}){relayed}",
            )
        )
        if a["cue"]:
            marks.append((a["cue"]["start"], a["cue"]["end"], "cue", f"{a['id']} cue"))
        marks.append(
            (a["content"]["start"], a["content"]["end"], "content", f"{a['id']} content, source: {who}")
        )
    for d in report["denials"]:
        marks.append(
            (
                d["start"],
                d["end"],
                "denial",
                f"{d['id']} denial by {d['source'] or 'the article'}; answers {d['target'] or 'unknown'}",
            )
        )
    for h in report.get("hedges", []):
        marks.append((h["start"], h["end"], "hedge", "hedge"))
    for t in report["techniques"]:
        marks.append((t["start"], t["end"], "tech", f"{t['label']}: {t.get('explanation', '')}"))
    return marks


def highlight(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """Return ``text`` escaped, with each stretch wrapped in the classes of the marks over it."""
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out = []
    for start, end in itertools.pairwise(cuts):
        active = [m for m in marks if m[0] <= start and end <= m[1] and m[0] < m[1]]
        piece = escape(text[start:end])
        if not active:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(c for m in active for c in m[2].split()))
        title = " | ".join(dict.fromkeys(m[3] for m in active))
        out.append(f'<span class="{escape(classes)}" title="{escape(title)}">{piece}</span>')
    return "".join(out)


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: dict[str, Any]) -> str:
    """Return a self-contained HTML page of the report."""
    score = report["score"]
    band = str(score["label"]).split()[0]
    legend = "".join(f'<span class="{c}">{escape(n)}</span>' for c, n in _LEGEND)
    meta = " · ".join(
        escape(str(report["meta"][k])) for k in ("author", "date", "site", "url") if report["meta"].get(k)
    )
    sections = [
        f"<h1>{escape(views.headline(report))}</h1>",
        f'<p class="dim">{meta}</p>' if meta else "",
        f'<p class="score band-{escape(band)}">Sourcing score: {escape(str(score["value"]))}/100 — {escape(str(score["label"]))}</p>',
        "<h2>Why this score</h2>" + _table(("effect", "reason", "evidence"), views.reason_rows(report)),
        f'<h2>Article</h2><p class="legend">{legend}</p>',
        f'<div class="article">{highlight(report["text"], _marks(report))}</div>',
        "<h2>Source ledger</h2>"
        + _table(("id", "type", "source", "cue", "content", "relayed by"), views.ledger_rows(report)),
    ]
    if report.get("claims"):
        sections.append(
            "<h2>Check-worthy claims</h2>"
            + _table(
                ("id", "claim", "check-worthy", "rests on", "hedges", "denied by"), views.claim_rows(report)
            )
        )
    if report["denials"]:
        sections.append(
            "<h2>Denials</h2>" + _table(("id", "denial", "voiced by", "answers"), views.denial_rows(report))
        )
    sections.append(f"<h2>Language profile</h2><p>{escape(views.profile_line(report))}</p>")
    if report["techniques"]:
        sections.append(
            "<h2>Loaded language and propaganda techniques</h2>"
            + _table(("technique", "text", "score"), views.technique_rows(report))
        )
    if report["removed"]:
        rows = [(views.snippet(r["text"], 80), r["reason"]) for r in report["removed"]]
        sections.append(f"<h2>Removed page furniture ({len(rows)})</h2>" + _table(("text", "reason"), rows))
    warnings = "".join(f"<li>{escape(w)}</li>" for w in report.get("warnings", []))
    if warnings:
        sections.append(f"<h2>Warnings</h2><ul>{warnings}</ul>")
    sections.append(
        "<h2>Limits</h2><ul>" + "".join(f"<li>{escape(x)}</li>" for x in report["limits"]) + "</ul>"
    )
    title = escape(views.headline(report))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>newsaudit: {title}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(s for s in sections if s)
        + f'\n<p class="dim">{escape(report["schema"])}</p></body></html>\n'
    )
