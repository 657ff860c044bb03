"""Shared, format-neutral views of a Report that every renderer draws from."""

from __future__ import annotations

from typing import Any

SNIPPET = 140


def snippet(text: str, limit: int = SNIPPET) -> str:
    """Return ``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def source_label(source: dict[str, Any]) -> str:
    """Return the source text, with the resolved name when it differs."""
    name = source.get("name")
    text = str(source["text"])
    return f"{text} (= {name})" if name and name.lower() != text.lower() else text


def ledger_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """Return (id, type, source, cue, content, relayed-by) rows of the source ledger."""
    rows = []
    for a in report["attributions"]:
        cue = a["cue"]["text"] if a["cue"] else "—"
        rows.append(
            (
                a["id"],
                a["source"]["type"],
                source_label(a["source"]),
                cue,
                snippet(a["content"]["text"]),
                a["parent"] or "",
            )
        )
    return rows


def denial_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Return (id, denial, voiced by, answers) rows."""
    by_id = {a["id"]: a for a in report["attributions"]}
    rows = []
    for d in report["denials"]:
        voiced = source_label(by_id[d["source"]]["source"]) if d["source"] in by_id else "article's own voice"
        target = snippet(by_id[d["target"]]["content"]["text"], 90) if d["target"] in by_id else "—"
        rows.append((d["id"], snippet(d["text"]), voiced, target))
    return rows


def claim_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """Return (id, claim, check-worthiness, rests on, hedges, denied by) rows, most check-worthy first."""
    by_id = {a["id"]: a for a in report["attributions"]}
    denials = {d["id"]: d for d in report["denials"]}
    rows = []
    for c in sorted(report.get("claims", []), key=lambda c: (-c["checkworthiness"], c["start"])):
        rests = "; ".join(sourcing_chain(by_id, i) for i in c["attributions"] if i in by_id)
        denied = "; ".join(_denier(by_id, denials[i]) for i in c["denials"] if i in denials)
        hedges = ", ".join(h["text"] for h in c["hedges"])
        rows.append(
            (
                c["id"],
                snippet(c["text"], 110),
                f"{c['checkworthiness']:.2f}",
                rests or "article's own voice",
                hedges or "—",
                denied or "—",
            )
        )
    return rows


def sourcing_chain(by_id: dict[str, Any], attribution_id: str) -> str:
    """Return "source (type) ← relayed by source (type) ← …" for an attribution and its parents."""
    links, seen = [], set()
    current: str | None = attribution_id
    while current in by_id and current not in seen:
        seen.add(current)
        source = by_id[current]["source"]
        links.append(f"{source_label(source)} ({source['type']})")
        current = by_id[current]["parent"]
    return " ← relayed by ".join(links)


def _denier(by_id: dict[str, Any], denial: dict[str, Any]) -> str:
    source = by_id.get(denial["source"]) if denial["source"] else None
    who = source_label(source["source"]) if source else "the article"
    return f"{who}: {snippet(denial['text'], 60)}"


def dimension_line(report: dict[str, Any]) -> str:
    """Return the sub-scores in one line ("sourcing 85 · independence — · ..."); "" before 1.2."""
    dims = report["score"].get("dimensions") or []
    return " · ".join(f"{d['name']} {'—' if d['value'] is None else d['value']}" for d in dims)


def reason_rows(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (effect, reason, evidence) rows of the score."""
    text = report["text"]
    rows = []
    for r in report["score"]["reasons"]:
        evidence = "; ".join(snippet(text[s["start"] : s["end"]], 60) for s in r["spans"][:3])
        where = f"{r['dimension']}: " if r.get("dimension") else ""
        rows.append((f"{r['effect']:+g}", where + r["text"], evidence))
    return rows


def technique_rows(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (label, span text, score) rows of technique spans."""
    return [
        (t["label"], snippet(t["text"], 80), f"{t['score']:.2f}" if t.get("score") is not None else "")
        for t in report["techniques"]
    ]


def headline(report: dict[str, Any]) -> str:
    """Return a one-line title for the report."""
    meta = report["meta"]
    return str(meta.get("title") or snippet(report["text"], 80) or "Untitled article")


def profile_line(report: dict[str, Any]) -> str:
    """Return the language profile in one sentence."""
    prof = report.get("language_profile") or {}
    if not prof.get("spans"):
        return "Language profile: no propaganda-technique or loaded-language spans found."
    top = ", ".join(f"{t['label'].replace('_', ' ')} ({t['count']})" for t in prof["top"])
    return (
        f"Language profile: {prof['per_1000_words']:g} technique spans per 1,000 words; most frequent: {top}."
    )
