"""Evaluate the loaded-label rules (``find_loaded_labels``) on PTC, a ledger batch and neutral text.

* **PTC** (``--ptc-articles``, ``--ptc-labels``: the TC labels of the train articles): a gold
  span is one labelled ``Name_Calling,Labeling`` or ``Loaded_Language``. Recall = share of gold
  spans overlapped by a find; precision = share of finds that overlap a gold span of those two
  techniques (``precision_any``: of any technique). Figures are pooled and also per article
  (mean and its spread over articles, the grouping unit), since PTC marks words inside quotes
  too, which the rules leave alone on purpose: recall is bounded well below 1.
* **Ledger batch** (``--ledger DIR``): gold ``loaded_phrases`` found (a find overlapping an
  occurrence) and ``neutral_phrases`` overlapped (false alarms), the blind-ledger rules, but on
  the rules alone (no model), so no pipeline run is needed.
* **Neutral text** (``--neutral GLOB``): finds per 1,000 words on neutral reporting.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections.abc import Sequence
from pathlib import Path

from ..components.techniques.loaded_labels import find_loaded_labels
from . import EvalResult
from .techniques import read_articles, read_labels

GOLD = ("Name_Calling,Labeling", "Loaded_Language")


def ptc_scores(articles: dict[str, str], labels: dict[str, list[tuple[str, int, int]]]) -> dict[str, float]:
    """Return pooled and per-article recall / precision of the rules against PTC's spans."""
    hit_gold = n_gold = hit_pred = hit_any = n_pred = 0
    per_article: list[float] = []
    for aid, text in sorted(articles.items()):
        gold = [(s, e) for t, s, e in labels.get(aid, []) if t in GOLD]
        every = [(s, e) for _, s, e in labels.get(aid, [])]
        found = [(t.span.start, t.span.end) for t in find_loaded_labels(text)]
        covered = sum(any(s < pe and ps < e for ps, pe in found) for s, e in gold)
        hit_gold += covered
        n_gold += len(gold)
        n_pred += len(found)
        hit_pred += sum(any(s < pe and ps < e for s, e in gold) for ps, pe in found)
        hit_any += sum(any(s < pe and ps < e for s, e in every) for ps, pe in found)
        if found:
            per_article.append(sum(any(s < pe and ps < e for s, e in gold) for ps, pe in found) / len(found))
    return {
        "ptc_articles": float(len(articles)),
        "ptc_gold_spans": float(n_gold),
        "ptc_finds": float(n_pred),
        "ptc_recall": hit_gold / n_gold if n_gold else 0.0,
        "ptc_precision": hit_pred / n_pred if n_pred else 0.0,
        "ptc_precision_any": hit_any / n_pred if n_pred else 0.0,
        "ptc_articles_with_finds": float(len(per_article)),
        "ptc_precision_article_mean": statistics.mean(per_article) if per_article else 0.0,
        "ptc_precision_article_sd": statistics.pstdev(per_article) if len(per_article) > 1 else 0.0,
    }


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    pattern = r"\s+".join(re.escape(w) for w in phrase.split())
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def ledger_scores(folder: Path) -> tuple[dict[str, float], list[str]]:
    """Return loaded phrases found and neutral phrases flagged over a ledger batch, and each miss."""
    found = total = alarms = neutral = 0
    misses: list[str] = []
    for gold_path in sorted(folder.glob("*.json")):
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        spans = [(t.span.start, t.span.end) for t in find_loaded_labels(text)]
        for kind, phrases in (
            ("loaded", gold.get("loaded_phrases") or []),
            ("neutral", gold.get("neutral_phrases") or []),
        ):
            for phrase in phrases:
                hit = any(s < pe and ps < e for s, e in _occurrences(text, phrase) for ps, pe in spans)
                if kind == "loaded":
                    total += 1
                    found += hit
                    if not hit:
                        misses.append(f"{gold_path.stem}: missed {phrase!r}")
                else:
                    neutral += 1
                    alarms += hit
                    if hit:
                        misses.append(f"{gold_path.stem}: false alarm on {phrase!r}")
    return {
        "ledger_loaded": float(total),
        "ledger_loaded_found": found / total if total else 0.0,
        "ledger_neutral": float(neutral),
        "ledger_false_alarms": float(alarms),
    }, misses


def neutral_rate(paths: Sequence[Path]) -> dict[str, float]:
    """Return finds per 1,000 words over neutral texts."""
    words = finds = 0
    for p in paths:
        text = p.read_text(encoding="utf-8")
        words += len(text.split())
        finds += len(find_loaded_labels(text))
    return {
        "neutral_words": float(words),
        "neutral_finds": float(finds),
        "neutral_per_1000": 1000 * finds / words if words else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation from the command line; print a table (and ``--json`` a line)."""
    parser = argparse.ArgumentParser(prog="python -m newsaudit.evaluation.loaded_labels")
    parser.add_argument("--ptc-articles", type=Path)
    parser.add_argument("--ptc-labels", type=Path)
    parser.add_argument("--ledger", type=Path)
    parser.add_argument("--neutral", nargs="*", type=Path, default=[])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    metrics: dict[str, float] = {}
    notes: list[str] = []
    if args.ptc_articles and args.ptc_labels:
        metrics |= ptc_scores(read_articles(args.ptc_articles), read_labels(args.ptc_labels))
    if args.ledger:
        ledger, notes = ledger_scores(args.ledger)
        metrics |= ledger
    if args.neutral:
        metrics |= neutral_rate(args.neutral)
    EvalResult("loaded labels (rules, own voice)", metrics, notes=notes).print(as_json=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
