"""Article -> Report: the stable, versioned JSON contract (docs/report-schema.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..article import Article, Attribution, Reason, Span

SCHEMA = "newsaudit.report/1.3"  # 1.1 "claims", 1.2 the score's "dimensions", 1.3 "meta.credits"


@dataclass(frozen=True)
class Report:
    """Plain, JSON-ready data; every view is rendered from this and nothing else."""

    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as the JSON-ready dict of the schema."""
        return self.data

    def to_json(self, indent: int | None = 2) -> str:
        """Return the report as JSON text (stable key order, deterministic)."""
        return json.dumps(self.data, indent=indent, ensure_ascii=False)

    @property
    def text(self) -> str:
        return str(self.data["text"])

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def _span(text: str, span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": text[span.start : span.end]}


def _attribution(text: str, a: Attribution) -> dict[str, Any]:
    source = _span(text, a.source) | {"type": a.source_type, "name": a.name}
    return {
        "id": a.id,
        "source": source,
        "cue": _span(text, a.cue) if a.cue is not None else None,
        "content": _span(text, a.content),
        "parent": a.parent,
    }


def language_profile(article: Article) -> dict[str, Any]:
    """Return technique spans per 1,000 words and the most frequent techniques, with their spans."""
    words = len(article.text.split())
    by_label: dict[str, list[Span]] = {}
    for t in article.techniques:
        by_label.setdefault(t.span.label, []).append(t.span)
    top = sorted(by_label.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return {
        "words": words,
        "spans": len(article.techniques),
        "per_1000_words": round(1000 * len(article.techniques) / words, 2) if words else 0.0,
        "top": [
            {"label": label, "count": len(spans), "spans": [{"start": s.start, "end": s.end} for s in spans]}
            for label, spans in top[:5]
        ],
    }


def _reason(r: Reason) -> dict[str, Any]:
    return {
        "text": r.text,
        "effect": r.effect,
        "dimension": r.dimension,
        "spans": [{"start": s.start, "end": s.end} for s in r.spans],
    }


def build_report(
    article: Article, *, components: dict[str, str] | None = None, source: dict[str, Any] | None = None
) -> Report:
    """Build the Report of a fully processed article."""
    text = article.text
    score = article.score
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "text": text,
        "meta": article.meta.as_dict(),
        "removed": [
            {
                "start": r.span.start,
                "end": r.span.end,
                "text": article.raw[r.span.start : r.span.end],
                "reason": r.reason,
            }
            for r in article.removed
        ],
        "attributions": [_attribution(text, a) for a in article.attributions],
        "denials": [
            _span(text, d.span) | {"id": d.id, "source": d.source, "target": d.target}
            for d in article.denials
        ],
        "hedges": [_span(text, h) for h in article.hedges],
        "claims": [
            _span(text, c.span)
            | {
                "id": c.id,
                "checkworthiness": c.checkworthiness,
                "attributions": list(c.attributions),
                "hedges": [_span(text, h) for h in c.hedges],
                "denials": list(c.denials),
            }
            for c in article.claims
        ],
        "techniques": [
            _span(text, t.span) | {"label": t.span.label, "score": t.span.score, "explanation": t.explanation}
            for t in article.techniques
        ],
        "language_profile": language_profile(article),
        "score": {
            "value": score.value if score else None,
            "label": score.label if score else "not scored",
            "reasons": [_reason(r) for r in (score.reasons if score else ())],
            "dimensions": [
                {
                    "name": d.name,
                    "value": d.value,
                    "reasons": [_reason(r) for r in d.reasons],
                    "limits": list(d.limits),
                }
                for d in (score.dimensions if score else ())
            ],
        },
        "limits": list(article.limits),
        "warnings": list(article.warnings),
        "components": components or {},
        "input": source or {"name": None, "kind": "text", "extraction": "text", "findings": []},
    }
    return Report(data)


def schema() -> dict[str, Any]:
    """Return the JSON Schema of the report (shipped as ``schema/report-1.schema.json``)."""
    from importlib import resources

    path = resources.files("newsaudit").joinpath("schema/report-1.schema.json")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
