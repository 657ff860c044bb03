"""Evaluate main-text extraction from HTML against gold article bodies, beside trafilatura's settings.

Same data layout and metric as the ScrapingHub article-extraction benchmark (``html/<id>.html.gz``
+ ``ground-truth.json``; word-4-gram shingle precision/recall/F1, see ``shingles``). "newsaudit"
is what ``check page.html`` audits: the extractor the line model chooses per page
(``ingest.html.extract_html``), then the cleaner; "newsaudit, not cleaned" is the chosen
extraction alone. Beside them, in the same run on the same pages: ``trafilatura.extract`` with
its defaults, with ``favor_precision``, with ``favor_recall`` and with ``include_comments=False``.
Rows per source (id prefix) and overall; the gate's refusals are counted apart (a page the gate
refuses is still scored here on its extracted text).
"""

from __future__ import annotations

import warnings
from pathlib import Path

from ..errors import EvalDataError, NewsauditError
from ..ingest.html import decode_html, extract_html, is_extracted
from . import EvalResult
from .cleaning import by_source, load_truth, read_page
from .shingles import TpFpFn, string_shingle_matching


def ours(data: bytes) -> tuple[str, str, bool]:
    """Return the text newsaudit audits for an HTML page, cleaned and not, and whether the gate
    refuses the page ("" when nothing is extracted, which ``check`` also refuses)."""
    from ..components.clean import clean_text
    from ..ingest.gate import check_page

    try:
        html = decode_html(data, max_bytes=len(data) + 1)
        extracted = extract_html(html)
    except NewsauditError:
        return "", "", True
    findings, _ = check_page(html, extracted.gate_text or extracted.text, extracted.meta)
    cleaned = clean_text(extracted.text, extracted=is_extracted(extracted.method)).text
    return cleaned, extracted.text, any(f.refuse for f in findings)


def trafilatura_text(data: bytes, **settings: bool) -> str:
    """Return ``trafilatura.extract`` of the page with the given settings ("" when nothing)."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.extract(data, **settings) or ""  # type: ignore[arg-type]


# (name, metric prefix, trafilatura.extract keyword arguments)
TRAFILATURA_SETTINGS: tuple[tuple[str, str, dict[str, bool]], ...] = (
    ("trafilatura (defaults)", "baseline_", {}),
    ("trafilatura (favor_precision)", "precision_mode_", {"favor_precision": True}),
    ("trafilatura (favor_recall)", "recall_mode_", {"favor_recall": True}),
    ("trafilatura (include_comments=False)", "no_comments_", {"include_comments": False}),
)


def evaluate(
    html_dir: Path, truth: Path, limit: int | None = None, ids: set[str] | None = None
) -> EvalResult:
    """Score newsaudit's extraction and trafilatura's settings on the same pages."""
    gold = load_truth(truth)
    chosen = sorted(k for k in gold if ids is None or k in ids)[:limit]
    if not chosen:
        raise EvalDataError(f"no pages to evaluate in {html_dir}")
    mine, raw_mine = [], []
    others: list[list[TpFpFn]] = [[] for _ in TRAFILATURA_SETTINGS]
    refusals = []
    for page_id in chosen:
        data = read_page(html_dir, page_id)
        cleaned, extracted, was_refused = ours(data)
        mine.append(string_shingle_matching(gold[page_id], cleaned))
        raw_mine.append(string_shingle_matching(gold[page_id], extracted))
        for counts, (_, _, settings) in zip(others, TRAFILATURA_SETTINGS, strict=True):
            counts.append(string_shingle_matching(gold[page_id], trafilatura_text(data, **settings)))
        if was_refused:
            refusals.append(page_id)
    systems = [("newsaudit", "", mine), ("newsaudit, not cleaned", "extracted_", raw_mine)]
    systems += [
        (name, prefix, counts) for (name, prefix, _), counts in zip(TRAFILATURA_SETTINGS, others, strict=True)
    ]
    result = by_source(chosen, systems, "HTML extraction")
    result.metrics["gate_refused"] = float(len(refusals))
    result.notes.append(
        f"the sanity gate refuses {len(refusals)} of these {len(chosen)} pages"
        + (f": {', '.join(refusals[:20])}" if refusals else "")
    )
    return result
