"""HTML view of a Report: the article with highlights, legend, hover cards, score and tables.

The page is rendered from the shared Jinja2 template set (``newsaudit/templates``, autoescape
on): an article that contains ``<script>`` shows it as text. ``render_html`` gives the
self-contained report file (CSS and script inline, nothing loaded from the network); the web
service renders the same body through ``audit.html`` with its CSS and script as files, so its
Content-Security-Policy can forbid inline script.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape
from typing import Any

from markupsafe import Markup

from . import views
from .templating import render_template

# Each layer the page can switch on and off: (css class, legend text).
LAYERS = (
    ("src", "sources (colour by type)"),
    ("cue", "cue (said, according to…)"),
    ("content", "reported content"),
    ("denial", "denial"),
    ("hedge", "hedge"),
    ("tech", "loaded language / technique"),
)
SOURCE_TYPE_NAMES = {
    "named_person": "named person",
    "named_organization": "named organisation",
    "media_outlet": "media outlet",
    "document": "document",
    "unnamed_official": "unnamed official",
    "anonymous": "anonymous source",
}

# (start, end, css classes, hover title[, reference id for the card and the score links])
Mark = tuple[Any, ...]


def _attribution_marks(a: dict[str, Any]) -> list[Mark]:
    src = a["source"]
    who = views.source_label(src)
    relayed = f", relayed by {a['parent']}" if a["parent"] else ""
    marks: list[Mark] = [
        (src["start"], src["end"], f"src t-{src['type']}", f"{a['id']} source: {who} ({src['type']}){relayed}", a["id"])
    ]
    if a["cue"]:
        marks.append((a["cue"]["start"], a["cue"]["end"], "cue", f"{a['id']} cue", a["id"]))
    content = a["content"]
    marks.append((content["start"], content["end"], "content", f"{a['id']} content, source: {who}", a["id"]))
    return marks


def marks_of(report: dict[str, Any]) -> list[Mark]:
    """Return a mark for every highlighted span and every span a score reason cites."""
    marks = [m for a in report["attributions"] for m in _attribution_marks(a)]
    for d in report["denials"]:
        title = f"{d['id']} denial by {d['source'] or 'the article'}; answers {d['target'] or 'unknown'}"
        marks.append((d["start"], d["end"], "denial", title, d["id"]))
    for i, h in enumerate(report.get("hedges", [])):
        marks.append((h["start"], h["end"], "hedge", "hedge", f"h{i}"))
    for i, t in enumerate(report["techniques"]):
        marks.append((t["start"], t["end"], "tech", f"{t['label']}: {t.get('explanation', '')}", f"t{i}"))
    for i, r in enumerate(report["score"]["reasons"]):
        marks.extend((s["start"], s["end"], "", "", f"r{i}") for s in r["spans"])
    return marks


def highlight(text: str, marks: Sequence[Mark]) -> str:
    """Return ``text`` escaped, with each stretch wrapped in the classes of the marks over it.

    A stretch covered by marks with reference ids carries them in ``data-refs`` and can take
    the keyboard focus, so its card opens on focus as well as on hover.
    """
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out = []
    for start, end in itertools.pairwise(cuts):
        active = [m for m in marks if m[0] <= start and end <= m[1] and m[0] < m[1]]
        piece = escape(text[start:end])
        if not active:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(c for m in active for c in m[2].split()))
        title = " | ".join(dict.fromkeys(m[3] for m in active if m[3]))
        refs = " ".join(dict.fromkeys(m[4] for m in active if len(m) > 4))
        attrs = f' class="{escape(classes)}"' if classes else ""
        attrs += f' title="{escape(title)}"' if title else ""
        if refs:
            focus = ' tabindex="0"' if classes else ""
            attrs += f' data-refs="{escape(refs)}"{focus}'
        out.append(f"<span{attrs}>{piece}</span>")
    return "".join(out)


def _reasons(report: dict[str, Any]) -> list[dict[str, str]]:
    rows = views.reason_rows(report)
    return [
        {"ref": f"r{i}", "effect": e, "text": t, "evidence": ev, "spans": str(len(r["spans"])),
         "dimension": str(r.get("dimension") or "")}
        for i, ((e, t, ev), r) in enumerate(zip(rows, report["score"]["reasons"], strict=True))
    ]


def context(report: dict[str, Any], *, links: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the template context of a report page (shared by the file and the service)."""
    score = report["score"]
    meta = report["meta"]
    order = {t: i for i, t in enumerate(SOURCE_TYPE_NAMES)}
    types = sorted({a["source"]["type"] for a in report["attributions"]}, key=lambda t: (order.get(t, 99), t))
    return {
        "report": report,
        "title": views.headline(report),
        "meta_items": [(k, str(meta[k])) for k in ("author", "date", "site", "url") if meta.get(k)],
        "score": {"value": score["value"], "label": score["label"], "band": str(score["label"]).split()[0]},
        "reasons": _reasons(report),
        "dimensions": [
            {"name": d["name"], "value": "—" if d["value"] is None else str(d["value"]), "limits": d.get("limits", [])}
            for d in score.get("dimensions", [])
        ],
        "article_html": Markup(highlight(report["text"], marks_of(report))),
        "layers": LAYERS,
        "source_types": [(t, SOURCE_TYPE_NAMES.get(t, t)) for t in types],
        "ledger": views.ledger_rows(report),
        "claims": views.claim_rows(report),
        "denials": views.denial_rows(report),
        "techniques": views.technique_rows(report),
        "removed": [(views.snippet(r["text"], 80), r["reason"]) for r in report["removed"]],
        "profile": views.profile_line(report),
        "source_type_names": SOURCE_TYPE_NAMES,
        "links": links,
    }


def render_html(report: dict[str, Any]) -> str:
    """Return a self-contained HTML page of the report."""
    return render_template("report.html", standalone=True, **context(report))
