"""Evaluate the sanity gate: does it refuse the pages that are not one article, and only those?

Two inputs: a folder of labelled pages (``labels.json``: ``{file: {"label": "article" |
"not_article", "findings": [codes]}}``) for precision/recall of refusals, and optionally a
folder of real article pages (e.g. the Dragnet HTML) whose refusal rate is the false-alarm rate.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from ..errors import EvalDataError, NewsauditError
from ..ingest import document_from_html
from ..settings import Settings
from . import EvalResult, prf


def refused(data: bytes, name: str, settings: Settings | None = None) -> tuple[bool, list[str]]:
    """Return whether ``check`` refuses an HTML page, and the finding or error codes."""
    settings = settings or Settings()
    try:
        doc = document_from_html(data, name=name, kind="html", url=None, settings=settings)
    except NewsauditError as exc:
        return True, [exc.code]
    return False, [f.code for f in doc.findings]


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def evaluate(pages: Path, articles: Path | None = None, limit: int | None = None) -> EvalResult:
    """Return refusal precision/recall on ``pages`` and the false-alarm rate on ``articles``."""
    labels_path = pages / "labels.json"
    if not labels_path.is_file():
        raise EvalDataError(f"{labels_path} is missing; the folder needs a labels.json")
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    settings = Settings()
    tp = fp = fn = flags_ok = flags_all = 0
    rows = []
    for name, gold in sorted(labels.items()):
        was_refused, codes = refused(_read(pages / name), name, settings)
        want = gold["label"] == "not_article"
        tp, fp, fn = (
            tp + (was_refused and want),
            fp + (was_refused and not want),
            fn + (want and not was_refused),
        )
        for code in gold.get("findings", []):
            flags_all += 1
            flags_ok += code in codes or (was_refused and want)
        rows.append((name, gold["label"], "refused" if was_refused else "passed", ", ".join(codes)))
    p, r, f = prf(tp, fp, fn)
    metrics: dict[str, float] = {
        "precision": p,
        "recall": r,
        "f1": f,
        "pages": float(len(labels)),
        "findings_recall": flags_ok / flags_all if flags_all else 1.0,
    }
    if articles is not None:
        paths = sorted(articles.glob("*.htm*"))[:limit]
        refused_real = sum(refused(_read(path), path.name, settings)[0] for path in paths)
        metrics["real_pages"] = float(len(paths))
        metrics["real_refused_rate"] = refused_real / len(paths) if paths else 0.0
    return EvalResult(
        "Sanity gate: refusing pages that are not one article",
        metrics,
        rows,
        ("page", "gold", "gate", "findings"),
    )
