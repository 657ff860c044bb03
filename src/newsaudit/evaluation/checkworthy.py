"""Evaluate check-worthiness scoring on CheckThat! Task 1 TSV files.

The measure is the lab's: precision, recall and F1 of the positive class "Yes"
(Hasanain et al., CLEF 2024 CheckThat! Task 1 overview). The TSV has the header
``Sentence_id <TAB> Text <TAB> class_label``; texts may be CSV-quoted with doubled
inner quotes. One known defect of the 2024 English train file (two records joined on
one line, "...\\tNo29286\\t...") is split back into two records, not dropped.

Run as ``newsaudit eval checkworthy --tsv FILE [--json]`` or
``python -m newsaudit.evaluation.checkworthy --tsv FILE [--json]``.

News text has no check-worthiness gold here; :func:`flagged_share` is a sanity check
instead: the share of spaCy sentences of some news articles (e.g. PolNeAR's
``dev/text``) that the component flags as claims
(``python -m newsaudit.evaluation.checkworthy --articles DIR --limit 5``).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalDataError
from . import EvalResult, prf

LABELS = ("Yes", "No")
# A label glued to the next record's id when a line break went missing.
_GLUED = re.compile(r"^(Yes|No)(\d+)$")


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled sentence of a CheckThat! TSV."""

    id: str
    text: str
    label: str  # "Yes" or "No"


def _split_record(cols: list[str], where: str) -> list[Row]:
    if len(cols) == 3 and cols[2].strip() in LABELS:
        return [Row(cols[0].strip(), cols[1], cols[2].strip())]
    if len(cols) == 5 and (m := _GLUED.match(cols[2].strip())) and cols[4].strip() in LABELS:
        return [Row(cols[0].strip(), cols[1], m.group(1)), Row(m.group(2), cols[3], cols[4].strip())]
    raise EvalDataError(
        f"{where}: expected 'Sentence_id<TAB>Text<TAB>Yes|No', got {len(cols)} columns: {cols[:3]!r}"
    )


def read_tsv(path: Path) -> list[Row]:
    """Return the labelled rows of a CheckThat! Task 1 TSV file."""
    if not path.is_file():
        raise EvalDataError(
            f"no TSV file at {path}; pass --tsv FILE (e.g. ../shared/data/checkthat2024-task1-en/...)"
        )
    rows: list[Row] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader, None)
        if not header or [h.strip().lower() for h in header[:3]] != ["sentence_id", "text", "class_label"]:
            raise EvalDataError(f"{path}: the header must be 'Sentence_id<TAB>Text<TAB>class_label'")
        for cols in reader:
            if cols and any(c.strip() for c in cols):
                rows.extend(_split_record(cols, f"{path}:{reader.line_num}"))
    if not rows:
        raise EvalDataError(f"{path}: no labelled rows")
    return rows


def confusion(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    """Return tp, fp, fn and tn of the "Yes" class."""
    pairs = list(zip(gold, pred, strict=True))
    return {
        "tp": float(sum(g and p for g, p in pairs)),
        "fp": float(sum(p and not g for g, p in pairs)),
        "fn": float(sum(g and not p for g, p in pairs)),
        "tn": float(sum(not g and not p for g, p in pairs)),
    }


def metrics_of(gold: list[bool], scores: list[float], threshold: float) -> dict[str, float]:
    """Return precision, recall and F1 of "Yes" plus counts, for scores cut at ``threshold``."""
    counts = confusion(gold, [s >= threshold for s in scores])
    p, r, f = prf(counts["tp"], counts["fp"], counts["fn"])
    n = float(len(gold))
    accuracy = (counts["tp"] + counts["tn"]) / n if n else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "accuracy": accuracy,
        "rows": n,
        "gold_yes": float(sum(gold)),
        **counts,
    }


def evaluate(tsv: Path, limit: int | None = None, threshold: float | None = None) -> EvalResult:
    """Score the shipped check-worthiness model on a CheckThat! TSV; F1 of "Yes"."""
    from ..components.claims import default_model

    rows = read_tsv(tsv)[:limit]
    model = default_model()
    cut = model.threshold if threshold is None else threshold
    scores = model.score([r.text for r in rows])
    metrics = metrics_of([r.label == "Yes" for r in rows], scores, cut)
    notes = [f"{tsv.name}: {len(rows)} sentences, threshold {cut:.2f} (check-worthy when score >= threshold)"]
    table: list[tuple[str, ...]] = [
        (k, f"{metrics[k]:.4f}") for k in ("precision", "recall", "f1", "accuracy")
    ]
    table += [(k, str(int(metrics[k]))) for k in ("rows", "gold_yes", "tp", "fp", "fn", "tn")]
    return EvalResult(
        'Check-worthiness (CheckThat! Task 1): "Yes" class', metrics, table, ("metric", "value"), notes
    )


def flagged_share(articles: Path, limit: int | None = 5) -> EvalResult:
    """Return the share of sentences flagged as claims in the first ``limit`` ``*.txt`` articles."""
    from ..article import Article
    from ..components.claims import ClaimFinder
    from ..components.parse import load_spacy, spans_of
    from ..settings import Settings

    paths = sorted(articles.glob("*.txt"))[:limit]
    if not paths:
        raise EvalDataError(f"no *.txt articles in {articles}; pass --articles DIR")
    nlp, finder = load_spacy(Settings().spacy_model), ClaimFinder()
    rows: list[tuple[str, ...]] = []
    n_sents = n_claims = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        sentences = spans_of(nlp(text))[0]
        claims = finder(Article.from_text(text, sentences=sentences)).claims
        n_sents, n_claims = n_sents + len(sentences), n_claims + len(claims)
        share = len(claims) / len(sentences) if sentences else 0.0
        rows.append((path.name[:50], str(len(sentences)), str(len(claims)), f"{share:.2f}"))
    metrics = {
        "articles": float(len(paths)),
        "sentences": float(n_sents),
        "claims": float(n_claims),
        "flagged_share": n_claims / n_sents if n_sents else 0.0,
    }
    return EvalResult(
        "Claims flagged in news articles (sanity)", metrics, rows, ("article", "sentences", "claims", "share")
    )


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation from the command line; ``--json`` ends with a JSON line."""
    ap = argparse.ArgumentParser(prog="python -m newsaudit.evaluation.checkworthy")
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--tsv", type=Path, help="CheckThat! Task 1 TSV (Sentence_id, Text, class_label)")
    source.add_argument(
        "--articles", type=Path, help="folder of *.txt news articles: share of sentences flagged"
    )
    ap.add_argument("--limit", type=int, default=None, help="only the first N rows")
    ap.add_argument("--threshold", type=float, default=None, help="decision threshold (default: shipped)")
    ap.add_argument("--json", action="store_true", help="end with one line of JSON metrics")
    args = ap.parse_args(argv)
    if args.articles is not None:
        result = flagged_share(args.articles, args.limit or 5)
    else:
        result = evaluate(args.tsv, args.limit, args.threshold)
    result.print(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
