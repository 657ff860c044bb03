"""Evaluate the denial finder on Emergent headline stance: "against" versus the rest.

Each ``articleHeadline`` of an Emergent CSV (``id, claimHeadline, articleHeadline,
articleHeadlineStance, articleId, claimId``) is parsed with the house spaCy
pipeline and run through :func:`newsaudit.components.denials.find_denials` with no
attributions, joined by the shared encoder's stance head as in the ``denials`` component
(``--rules-only`` leaves it out); the headline is predicted "against" iff a denial is found.
``--part dev`` scores our dev claims only, which the stance head never trained on. Metrics
are precision, recall and F1 of the "against" class, plus the counts.

Two variants, for comparison only:

* ``voiced_negation``: also accept a negated statement a source voices without a
  target (``find_denials(..., accept_voiced_negation=True)``);
* ``with_claim``: the ``claimHeadline`` is put before the headline as an
  attribution, so that a negation voiced in the headline can be matched to the
  claim it answers (the target rule); only denials inside the headline count.

Run: ``python -m newsaudit.evaluation.denials ../shared/data/emergent-stance/emergent_clean_train.csv``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..article import Attribution, Span
from ..components.denials import find_denials, stance_thresholds
from ..errors import EvalDataError
from . import EvalResult, prf

COLUMNS = ("id", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId")
POSITIVE = "against"


@dataclass(frozen=True, slots=True)
class Headline:
    """One Emergent row: a headline, the claim it responds to, and its stance."""

    id: str
    claim: str
    text: str
    stance: str
    claim_id: str


def _sample_key(row_id: str) -> str:
    # A hash order gives a sample spread over all claims, the same on every run.
    return hashlib.sha1(row_id.encode("utf-8")).hexdigest()


def read_emergent(csv_path: Path, limit: int | None = None) -> list[Headline]:
    """Read an Emergent CSV; with ``limit``, a fixed hash-ordered sample of that size."""
    if not csv_path.is_file():
        raise EvalDataError(
            f"Emergent CSV not found at {csv_path}; see ../shared/data/emergent-stance/SOURCE.md"
        )
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise EvalDataError(
                f"{csv_path} lacks column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}"
            )
        rows = [
            Headline(
                r["id"], r["claimHeadline"], r["articleHeadline"], r["articleHeadlineStance"], r["claimId"]
            )
            for r in reader
        ]
    if limit is not None:
        rows = sorted(rows, key=lambda h: _sample_key(h.id))[:limit]
    return rows


def _with_claim_doc(nlp: Any, claim: str, headline: str) -> tuple[str, Any, list[Attribution], int]:
    """Return (text, doc, [claim attribution], headline offset) for the with-claim variant."""
    from spacy.tokens import Doc

    doc = Doc.from_docs([nlp(claim), nlp(headline)], ensure_whitespace=True)
    offset = len(doc.text) - len(headline)
    claim_attr = Attribution("c1", Span(0, 0, "claim"), "document", None, Span(0, len(claim), "claim"))
    return doc.text, doc, [claim_attr], offset


def predict(
    headlines: Sequence[Headline],
    nlp: Any,
    *,
    voiced_negation: bool = False,
    with_claim: bool = False,
    encoder: Any = None,
) -> list[tuple[bool, tuple[str, ...]]]:
    """Return, per headline, whether a denial was found and the cue kinds that fired.

    With ``encoder`` (a ``SharedEncoder``) the stance head joins the rules as in the
    ``denials`` component, with the shipped thresholds.
    """
    rescue, alone = stance_thresholds()
    out = []
    for h in headlines:
        if with_claim:
            text, doc, attrs, offset = _with_claim_doc(nlp, h.claim, h.text)
        else:
            text, doc, attrs, offset = h.text, nlp(h.text), [], 0
        encoded = encoder.encode(text, [Span(offset, len(text))]) if encoder is not None else ()
        found = [
            d
            for d in find_denials(
                text,
                doc,
                attrs,
                accept_voiced_negation=voiced_negation,
                encoded=encoded,
                rescue=rescue,
                alone=alone,
            )
            if d.span.start >= offset
        ]
        out.append((bool(found), tuple(d.cue.label for d in found if d.cue is not None)))
    return out


def _kind_rows(gold: Sequence[bool], kinds: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Return one row per cue kind: headlines it fired on, how many are "against", the share."""
    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for g, ks in zip(gold, kinds, strict=True):
        for k in set(ks):
            fired[k] += 1
            right[k] += g
    return [
        (f"cue {k}", f"{fired[k]} fired, {right[k]} against ({right[k] / fired[k]:.3f})")
        for k in sorted(fired)
    ]


def evaluate(
    csv_path: Path,
    limit: int | None = None,
    *,
    voiced_negation: bool = False,
    with_claim: bool = False,
    nlp: Any = None,
    rules_only: bool = False,
    part: str = "all",
) -> EvalResult:
    """Return precision, recall and F1 of "against" for the denial finder on an Emergent CSV.

    ``part`` "dev" keeps our dev claims only (``evaluation.groups.emergent_is_dev``), which the
    stance head never trained on: the honest figure for rules + head; "train" the others.
    """
    from ..components.parse import load_spacy
    from ..encoder import SharedEncoder
    from ..settings import Settings
    from .groups import emergent_is_dev

    headlines = read_emergent(csv_path)
    if part != "all":
        headlines = [h for h in headlines if emergent_is_dev(h.claim_id) == (part == "dev")]
    if limit is not None:
        headlines = sorted(headlines, key=lambda h: _sample_key(h.id))[:limit]
    if not headlines:
        raise EvalDataError(f"{csv_path} has no rows")
    nlp = nlp or load_spacy(Settings().spacy_model)
    encoder = None if rules_only else SharedEncoder()
    results = predict(headlines, nlp, voiced_negation=voiced_negation, with_claim=with_claim, encoder=encoder)
    gold = [h.stance == POSITIVE for h in headlines]
    pred = [p for p, _ in results]
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision, recall, f1 = prf(tp, fp, fn)
    variant = ", ".join(
        [
            "rules only" if rules_only else "rules + stance head",
            *([f"{part} claims"] if part != "all" else []),
            *(["voiced negation"] if voiced_negation else []),
            *(["claim as attribution"] if with_claim else []),
        ]
    )
    title = f"Denials on Emergent headlines ({variant})"
    metrics: dict[str, float] = {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": len(gold) - tp - fp - fn,
        "n": len(gold),
        "against": sum(gold),
    }
    notes = [f"{len(gold)} headlines from {csv_path.name}" + (f" (hash sample of {limit})" if limit else "")]
    rows: list[tuple[str, ...]] = [
        (k, f"{v:.4f}" if k in {"precision", "recall", "f1"} else str(int(v))) for k, v in metrics.items()
    ]
    return EvalResult(
        title, metrics, rows + _kind_rows(gold, [k for _, k in results]), ("metric", "value"), notes
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the metrics table and the JSON line for an Emergent CSV."""

    parser = argparse.ArgumentParser(
        prog="python -m newsaudit.evaluation.denials", description=__doc__.split("\n")[0]
    )
    parser.add_argument("csv_path", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="hash-ordered sample of this many headlines")
    parser.add_argument(
        "--voiced-negation", action="store_true", help="accept voiced negations without a target"
    )
    parser.add_argument("--with-claim", action="store_true", help="give the claim headline as an attribution")
    parser.add_argument("--rules-only", action="store_true", help="leave the shared encoder's stance head out")
    parser.add_argument("--part", choices=("all", "dev", "train"), default="all", help="our split by claim")
    args = parser.parse_args(argv)
    result = evaluate(
        args.csv_path,
        args.limit,
        voiced_negation=args.voiced_negation,
        with_claim=args.with_claim,
        rules_only=args.rules_only,
        part=args.part,
    )
    result.print(as_json=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
