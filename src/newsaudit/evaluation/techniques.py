"""Evaluate the techniques component on PTC (SemEval-2020 Task 11) data.

Both task measures follow the organisers' scorers (``tools/task-SI_scorer.py`` and
``tools/task-TC_scorer.py`` of the task's starter kit, Da San Martino 2019):

* **SI** (span identification). Gold spans of an article are merged where they
  overlap (labels ignored); predicted spans are merged the same way. With ``S`` the
  predicted and ``T`` the gold spans over all articles,
  ``P = sum_{s,t} |s ∩ t| / |s|  /  |S|`` and ``R = sum_{s,t} |s ∩ t| / |t|  /  |T|``
  (pairs from the same article), ``F1 = 2PR/(P+R)``; F1 is 1 when both are empty.
* **TC** (technique classification). Given every gold span, predict one technique;
  micro-F1 over spans, which equals accuracy with one prediction per gold span.

Own dev split: by article *group* (near-duplicate articles joined, see
``newsaudit.evaluation.groups``); a group is dev when ``sha1(smallest id) mod 5 == 0``
(86 of 371 articles). The rest is what ``training/train_encoder.py`` trains on.
``is_dev`` is the older per-article rule, kept for reference.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import EvalDataError
from . import EvalResult, prf

Interval = tuple[int, int]
_ID = re.compile(r"article(\d+)\.txt$")


def is_dev(article_id: str) -> bool:
    """Return True when the article belongs to the own dev split (sha1 mod 5 == 0)."""
    return int(hashlib.sha1(article_id.encode("ascii")).hexdigest(), 16) % 5 == 0


def part_ids(texts: dict[str, str], part: str) -> set[str] | None:
    """Return the ids of ``part`` ("dev" or "train": the grouped split), or None for "all"."""
    from .groups import ptc_groups, ptc_is_dev

    if part == "all":
        return None
    groups = ptc_groups(texts)
    return {a for a in texts if ptc_is_dev(groups[a]) == (part == "dev")}


def read_articles(articles_dir: Path) -> dict[str, str]:
    """Return ``{id: text}`` for every ``article<ID>.txt`` in ``articles_dir``."""
    if not articles_dir.is_dir():
        raise EvalDataError(f"no articles folder at {articles_dir}; pass --articles DIR")
    out = {}
    for path in sorted(articles_dir.iterdir()):
        m = _ID.search(path.name)
        if m:
            out[m.group(1)] = path.read_text(encoding="utf-8")
    if not out:
        raise EvalDataError(f"no article<ID>.txt files in {articles_dir}")
    return out


def read_labels(labels: Path) -> dict[str, list[tuple[str, int, int]]]:
    """Return ``{id: [(technique, start, end), ...]}`` from a TC (4-column) or SI (3-column) file."""
    if not labels.is_file():
        raise EvalDataError(f"no labels file at {labels}; pass --labels FILE")
    out: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for n, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        cols = line.rstrip("\n").split("\t")
        if not line.strip():
            continue
        if len(cols) not in (3, 4):
            raise EvalDataError(f"{labels}:{n}: expected 3 or 4 tab-separated columns, got {len(cols)}")
        aid, tech, s, e = (cols[0], "propaganda", *cols[1:]) if len(cols) == 3 else cols
        out[aid].append((tech, int(s), int(e)))
    return dict(out)


def line_sentences(text: str) -> list[tuple[int, int]]:
    """Return the non-empty lines of a PTC article (one sentence per line) as offsets."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def merge(spans: Iterable[Interval]) -> list[Interval]:
    """Merge overlapping half-open intervals, as the official scorer does."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def si_counts(pred: Sequence[Interval], gold: Sequence[Interval]) -> tuple[float, float]:
    """Return the precision and recall numerators of one article (spans merged first)."""
    p_num = r_num = 0.0
    for ps, pe in merge(pred):
        for gs, ge in merge(gold):
            inter = max(0, min(pe, ge) - max(ps, gs))
            if inter:
                p_num += inter / (pe - ps)
                r_num += inter / (ge - gs)
    return p_num, r_num


def si_scores(pred: dict[str, list[Interval]], gold: dict[str, list[Interval]]) -> tuple[float, float, float]:
    """Return SI precision, recall and F1 over all articles, by the task's definition."""
    n_pred = sum(len(merge(v)) for v in pred.values())
    n_gold = sum(len(merge(v)) for v in gold.values())
    if n_pred == 0 and n_gold == 0:
        return 1.0, 1.0, 1.0
    p_num = r_num = 0.0
    for aid, spans in pred.items():
        p, r = si_counts(spans, gold.get(aid, []))
        p_num, r_num = p_num + p, r_num + r
    p = p_num / n_pred if n_pred else 0.0
    r = r_num / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tc_per_technique(pred: Sequence[str], gold: Sequence[str]) -> dict[str, tuple[float, float, float, int]]:
    """Return per-technique precision, recall, F1 and gold count of TC predictions."""
    tp, fp, fn = Counter[str](), Counter[str](), Counter[str]()
    for p, g in zip(pred, gold, strict=True):
        if p == g:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    return {t: (*prf(tp[t], fp[t], fn[t]), tp[t] + fn[t]) for t in sorted(set(gold) | set(pred))}


def tc_micro_f1(pred: Sequence[str], gold: Sequence[str]) -> float:
    """Return micro-F1 of one predicted technique per gold span (= accuracy)."""
    return sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold) if gold else 0.0


def _predict(
    texts: dict[str, str],
    gold: dict[str, list[tuple[str, int, int]]],
    threshold: float | None,
) -> tuple[dict[str, list[Interval]], list[str], list[str]]:
    from ..article import Span
    from ..components.techniques import TechniqueModel, classify_spans, find_techniques

    model = TechniqueModel()
    pred_si: dict[str, list[Interval]] = {}
    tc_pred: list[str] = []
    tc_gold: list[str] = []
    for aid, text in texts.items():
        sents = [Span(s, e) for s, e in line_sentences(text)]
        pred_si[aid] = [(t.span.start, t.span.end) for t in find_techniques(text, sents, model, threshold)]
        rows = gold.get(aid, [])
        labels = classify_spans(text, [Span(s, e) for _, s, e in rows], model, sents)
        tc_pred += [lab for lab, _ in labels]
        tc_gold += [t for t, _, _ in rows]
    return pred_si, tc_pred, tc_gold


def evaluate(
    articles_dir: Path,
    labels: Path,
    ids: set[str] | None = None,
    limit: int | None = None,
    threshold: float | None = None,
) -> EvalResult:
    """Score SI and TC of the shipped model on PTC articles and labels."""
    texts = read_articles(articles_dir)
    gold = read_labels(labels)
    chosen = sorted(a for a in texts if ids is None or a in ids)[:limit]
    if not chosen:
        raise EvalDataError("no article left to evaluate; check --split or the ids given")
    texts = {a: texts[a] for a in chosen}
    pred_si, tc_pred, tc_gold = _predict(texts, gold, threshold)
    gold_si = {a: [(s, e) for _, s, e in gold.get(a, [])] for a in chosen}
    p, r, f = si_scores(pred_si, gold_si)
    rows: list[tuple[str, ...]] = [
        (t, f"{pp:.3f}", f"{rr:.3f}", f"{ff:.3f}", str(n))
        for t, (pp, rr, ff, n) in tc_per_technique(tc_pred, tc_gold).items()
    ]
    words = sum(len(t.split()) for t in texts.values())
    n_pred = sum(len(v) for v in pred_si.values())
    metrics = {
        "si_precision": p,
        "si_recall": r,
        "si_f1": f,
        "tc_micro_f1": tc_micro_f1(tc_pred, tc_gold),
        "articles": float(len(chosen)),
        "tc_spans": float(len(tc_gold)),
        "pred_spans_per_1000_words": 1000.0 * n_pred / max(words, 1),
    }
    notes = [f"SI P={p:.4f} R={r:.4f} F1={f:.4f}; TC micro-F1={metrics['tc_micro_f1']:.4f}"]
    return EvalResult(
        "techniques (PTC SemEval-2020 Task 11)",
        metrics,
        rows,
        ("technique (TC)", "precision", "recall", "F1", "gold"),
        notes,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation from the command line; ``--json`` ends with a JSON line."""
    ap = argparse.ArgumentParser(prog="python -m newsaudit.evaluation.techniques")
    ap.add_argument("--articles", type=Path, required=True)
    ap.add_argument("--labels", type=Path, required=True)
    ap.add_argument(
        "--split",
        choices=("all", "dev", "train"),
        default="all",
        help="own split of the PTC training release, by near-duplicate article group",
    )
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threshold", type=float, default=None, help="SI token threshold (default: shipped)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    ids = part_ids(read_articles(args.articles), args.split)
    result = evaluate(args.articles, args.labels, ids, args.limit, args.threshold)
    result.print(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
