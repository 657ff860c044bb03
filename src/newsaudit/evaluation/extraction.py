"""Evaluate main-text extraction from HTML against gold article bodies, beside plain trafilatura.

Same data layout and metric as the ScrapingHub article-extraction benchmark (``html/<id>.html.gz``
+ ``ground-truth.json``; word-4-gram shingle precision/recall/F1, see ``shingles``). "newsaudit"
is what ``check page.html`` audits: trafilatura with its fallbacks, then the cleaner; the
baseline is ``trafilatura.extract`` with its defaults, scored in the same run on the same pages.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from ..errors import EvalDataError, NewsauditError
from ..ingest.html import decode_html, extract_html
from . import EvalResult
from .cleaning import load_truth, read_page
from .shingles import compare_systems, string_shingle_matching


def ours(data: bytes) -> str:
    """Return the text newsaudit audits for an HTML page ("" when it extracts nothing)."""
    from ..components.clean import clean_text

    try:
        html = decode_html(data, max_bytes=len(data) + 1)
        return clean_text(extract_html(html).text).text
    except NewsauditError:
        return ""


def plain_trafilatura(data: bytes, include_comments: bool = True) -> str:
    """Return ``trafilatura.extract`` of the page with default settings (optionally no comments)."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.extract(data, include_comments=include_comments) or ""


def evaluate(
    html_dir: Path, truth: Path, limit: int | None = None, ids: set[str] | None = None
) -> EvalResult:
    """Score newsaudit's extraction and plain trafilatura's on the same pages."""
    gold = load_truth(truth)
    chosen = sorted(k for k in gold if ids is None or k in ids)[:limit]
    if not chosen:
        raise EvalDataError(f"no pages to evaluate in {html_dir}")
    mine, base, base_nc = [], [], []
    for page_id in chosen:
        data = read_page(html_dir, page_id)
        mine.append(string_shingle_matching(gold[page_id], ours(data)))
        base.append(string_shingle_matching(gold[page_id], plain_trafilatura(data)))
        base_nc.append(
            string_shingle_matching(gold[page_id], plain_trafilatura(data, include_comments=False))
        )
    metrics, rows = compare_systems(
        [
            ("newsaudit", "", mine),
            ("trafilatura (plain, defaults)", "baseline_", base),
            ("trafilatura (include_comments=False)", "no_comments_", base_nc),
        ]
    )
    metrics["pages"] = float(len(chosen))
    notes = [
        f"{len(chosen)} pages; word-4-gram shingle P/R/F1 (ScrapingHub article-extraction-benchmark definition)"
    ]
    return EvalResult("HTML extraction", metrics, rows, ("system", "precision", "recall", "f1"), notes)
