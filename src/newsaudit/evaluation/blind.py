"""Score the cleaner and the sanity gate on batches written blind to the code.

Cleaning batches (``newsaudit eval blind-clean --dir DIR``) are pairs of files,
``NN_slug.txt`` (scraped-style text) and ``NN_slug.gold.json`` with the keys
``headline``, ``furniture`` (whole lines), ``meta_lines`` (byline, dateline and
credit lines: whole lines), ``author`` and ``body`` (sentences, each a substring
of the text). A furniture or meta line counts as removed when it is not a line
of the cleaned text; a body sentence counts as kept when it is a substring of
the cleaned text (line breaks folded to spaces). The headline is right when
``meta.title`` equals the gold headline; a title that is one of the gold's
furniture or meta lines is a *headline from furniture*.

Gate batches (``newsaudit eval blind-gate --dir DIR``) are HTML pages with a
``labels.json`` of ``{"file": {"article": bool, "kind": str}}``; a refusal is a
positive, so precision/recall are those of refusing the pages that are not
articles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from . import EvalResult, prf
from .files import read_json_object

_GOLD_KEYS = ("headline", "furniture", "body")


@dataclass
class ItemScore:
    """What the cleaner got right and wrong on one blind item."""

    name: str
    furniture: int = 0
    furniture_removed: int = 0
    meta_lines: int = 0
    meta_removed: int = 0
    sentences: int = 0
    sentences_kept: int = 0
    headline_right: bool = False
    headline_from_furniture: bool = False
    misses: list[str] = field(default_factory=list)


def _read_gold(path: Path) -> dict[str, Any]:
    return read_json_object(path, _GOLD_KEYS)


def blind_pairs(folder: Path) -> list[tuple[str, Path, Path]]:
    """Return ``(name, text path, gold path)`` for every ``NN_slug.txt`` with its gold, sorted."""
    pairs = []
    for txt in sorted(Path(folder).glob("*.txt")):
        gold = txt.with_name(txt.stem + ".gold.json")
        if gold.is_file():
            pairs.append((txt.stem, txt, gold))
    if not pairs:
        raise EvalDataError(f"no NN_slug.txt + NN_slug.gold.json pairs in {folder}")
    return pairs


def score_item(name: str, raw: str, gold: dict[str, Any]) -> ItemScore:
    """Clean ``raw`` and score it against its gold annotation."""
    from ..components.clean import clean_text

    result = clean_text(raw)
    kept_lines = {ln.strip() for ln in result.text.split("\n") if ln.strip()}
    flat = " ".join(result.text.split())
    score = ItemScore(name)
    for line in (ln.strip() for ln in gold["furniture"]):
        score.furniture += 1
        score.furniture_removed += line not in kept_lines
        if line in kept_lines:
            score.misses.append(f"furniture kept: {line!r}")
    for line in (ln.strip() for ln in gold.get("meta_lines") or []):
        score.meta_lines += 1
        score.meta_removed += line not in kept_lines
        if line in kept_lines:
            score.misses.append(f"meta line kept: {line!r}")
    for sentence in gold["body"]:
        score.sentences += 1
        kept = " ".join(sentence.split()) in flat
        score.sentences_kept += kept
        if not kept:
            score.misses.append(f"sentence lost: {sentence!r}")
    title = (result.meta.title or "").strip()
    score.headline_right = title == gold["headline"].strip()
    furniture = {ln.strip() for ln in [*gold["furniture"], *(gold.get("meta_lines") or [])]}
    score.headline_from_furniture = title in furniture
    if not score.headline_right:
        score.misses.append(f"headline {title!r}, gold {gold['headline'].strip()!r}")
    return score


def _share(done: int, total: int) -> float:
    return done / total if total else 1.0


def evaluate_clean(folder: Path) -> EvalResult:
    """Score the cleaner on a blind batch folder; one row per item and one overall."""
    scores = [
        score_item(name, txt.read_text(encoding="utf-8"), _read_gold(gold))
        for name, txt, gold in blind_pairs(folder)
    ]
    total = ItemScore("all")
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for s in scores:
        for key in (
            "furniture",
            "furniture_removed",
            "meta_lines",
            "meta_removed",
            "sentences",
            "sentences_kept",
        ):
            setattr(total, key, getattr(total, key) + getattr(s, key))
        rows.append(_row(s))
        notes += [f"{s.name}: {miss}" for miss in s.misses]
    metrics = {
        "items": float(len(scores)),
        "furniture_removed": _share(total.furniture_removed, total.furniture),
        "meta_lines_removed": _share(total.meta_removed, total.meta_lines),
        "sentences_kept": _share(total.sentences_kept, total.sentences),
        "headlines_right": _share(sum(s.headline_right for s in scores), len(scores)),
        "headlines_from_furniture": float(sum(s.headline_from_furniture for s in scores)),
    }
    total.headline_right = metrics["headlines_right"] == 1.0
    rows.append(
        (
            "all",
            f"{total.furniture_removed}/{total.furniture}",
            f"{total.meta_removed}/{total.meta_lines}",
            f"{total.sentences_kept}/{total.sentences}",
            f"{sum(s.headline_right for s in scores)}/{len(scores)}",
            str(int(metrics["headlines_from_furniture"])),
        )
    )
    header = (
        "item",
        "furniture removed",
        "meta lines out",
        "sentences kept",
        "headline",
        "title from furniture",
    )
    return EvalResult("Cleaning: blind batch", metrics, rows, header, notes or ["no misses"])


def _row(s: ItemScore) -> tuple[str, ...]:
    return (
        s.name,
        f"{s.furniture_removed}/{s.furniture}",
        f"{s.meta_removed}/{s.meta_lines}",
        f"{s.sentences_kept}/{s.sentences}",
        "right" if s.headline_right else "wrong",
        "yes" if s.headline_from_furniture else "",
    )


def evaluate_gate(folder: Path) -> EvalResult:
    """Score the sanity gate's refusals on a folder of HTML pages with ``labels.json``."""
    from .gate import refused

    labels_path = Path(folder) / "labels.json"
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalDataError(f"cannot read {labels_path}: {exc}; the folder needs a labels.json") from exc
    tp = fp = fn = 0
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for name, gold in sorted(labels.items()):
        path = Path(folder) / name
        if not path.is_file():
            raise EvalDataError(f"{path} is listed in labels.json but missing")
        was_refused, codes = refused(path.read_bytes(), name)
        want = not bool(gold.get("article"))
        tp, fp, fn = (
            tp + (was_refused and want),
            fp + (was_refused and not want),
            fn + (want and not was_refused),
        )
        kind = str(gold.get("kind", ""))
        if was_refused != want:
            what = "article refused" if was_refused else "non-article passed"
            notes.append(f"{name} ({kind}): {what}; findings: {', '.join(codes) or 'none'}")
        rows.append(
            (name, kind, "article" if not want else "not article", "refused" if was_refused else "passed")
        )
    p, r, f = prf(tp, fp, fn)
    articles = sum(bool(g.get("article")) for g in labels.values())
    metrics = {
        "pages": float(len(labels)),
        "refusal_precision": p,
        "refusal_recall": r,
        "refusal_f1": f,
        "articles_refused": float(fp),
        "articles": float(articles),
    }
    header = ("page", "kind", "gold", "gate")
    return EvalResult("Sanity gate: blind batch", metrics, rows, header, notes or ["no misses"])
