"""Choose every threshold and weight of the shared encoder's heads by grouped cross-validation.

Reproduce (run-time venv, no torch; about 5 minutes; updates ``models/encoder/config.json``)::

    .venv/bin/python training/select_encoder.py [--model DIR] [--only ptc,checkthat,emergent]

Each choice is made with ``newsaudit.evaluation.cv_select`` over *groups*, so that nothing
that could leak is split across folds (``newsaudit.evaluation.groups``):

* **PTC** (our dev groups: near-duplicate articles joined): the SI threshold and gap, and the
  weight of the lexical classifier against the TC head; folds over article groups.
* **CheckThat! 2024**: the check-worthiness threshold, on dev-test (labelled like the 2024
  test; train and dev trained the head); folds over blocks of 250 sentence ids.
* **Emergent** (our dev claims; the rest trained the stance head): how the stance head joins
  the denial rules, folds over claims. A headline is "against" when the rules accept a
  denial, or a candidate the rules turned down has P(against) >= ``rescue``, or any
  headline has P(against) >= ``alone``.

Each fold is scored with the setting chosen on the other folds; the pooled out-of-fold figure
is the headline number, written to config.json with the folds' choices.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsaudit.article import Span  # noqa: E402
from newsaudit.components.techniques import (  # noqa: E402
    TechniqueModel,
    classify_encoded,
    decode_runs,
    trim,
)
from newsaudit.components.techniques.lexical import LexicalTC  # noqa: E402
from newsaudit.components.techniques.loaded_labels import find_loaded_labels  # noqa: E402
from newsaudit.encoder import SharedEncoder, inside_probs  # noqa: E402
from newsaudit.encoder.model import MODEL_DIR  # noqa: E402
from newsaudit.evaluation import cv_select, prf  # noqa: E402
from newsaudit.evaluation.checkworthy import read_tsv  # noqa: E402
from newsaudit.evaluation.denials import POSITIVE, read_emergent  # noqa: E402
from newsaudit.evaluation.groups import checkthat_group, emergent_is_dev, ptc_groups, ptc_is_dev  # noqa: E402
from newsaudit.evaluation.techniques import (  # noqa: E402
    line_sentences,
    read_articles,
    read_labels,
    si_scores,
    tc_micro_f1,
)

DATA = ROOT.parent / "shared" / "data"
LEXICAL = ROOT / "src" / "newsaudit" / "models" / "techniques"
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55)
GAPS = (0, 2, 5, 8, 12, 16, 24, 40)
WEIGHTS = tuple(round(0.25 * k, 2) for k in range(0, 9))  # 0 (head alone) .. 2.0
CUTS = tuple(round(0.05 * i, 2) for i in range(2, 20))
OFF = 1.01  # a threshold no probability reaches
STANCE_CUTS = (*CUTS, OFF)
MIN_RESCUE = 0.5
LIMIT: int | None = None  # --limit: a dry run on the first items of each set


def _groups_of(keys: list[Any]) -> tuple[list[Any], dict[int, list[int]]]:
    """Return the distinct groups in order and ``{group index: item indices}``."""
    names = sorted(set(keys))
    at = {g: i for i, g in enumerate(names)}
    members: dict[int, list[int]] = defaultdict(list)
    for k, g in enumerate(keys):
        members[at[g]].append(k)
    return names, members


def _choice(choice: Any, on: str) -> dict[str, Any]:
    return {
        "on": on,
        "chosen": choice.best,
        "fold_choices": choice.fold_choices,
        "oof": round(choice.oof_metric, 4),
        "at_chosen_on_all": round(choice.best_metric, 4),
    }


def select_ptc(encoder: SharedEncoder, model_dir: Path, data: Path) -> dict[str, Any]:
    """Choose SI threshold and gap, and the lexical weight, by 5-fold CV over dev article groups."""
    texts = read_articles(data / "train-articles")
    labels = read_labels(data / "train-task2-TC.labels")
    groups = ptc_groups(texts)
    ids = sorted(a for a in texts if ptc_is_dev(groups[a]))[:LIMIT]
    encoded = {a: encoder.encode(texts[a], [Span(s, e) for s, e in line_sentences(texts[a])]) for a in ids}
    names, members = _groups_of([groups[a] for a in ids])
    gold_si = {a: [(s, e) for _, s, e in labels.get(a, [])] for a in ids}
    extra = {a: [(t.span.start, t.span.end) for t in find_loaded_labels(texts[a])] for a in ids}
    decoded: dict[tuple[str, float, int], list[tuple[int, int]]] = {}

    def spans(a: str, th: float, gap: int) -> list[tuple[int, int]]:
        if (a, th, gap) not in decoded:
            runs = [
                trim(texts[a], s, e)
                for sentence in encoded[a]
                for w in sentence.windows
                for s, e, _ in decode_runs(w, inside_probs(w), th, gap)
            ]
            decoded[a, th, gap] = [x for x in runs if x[0] < x[1]] + extra[a]
        return decoded[a, th, gap]

    def si_f1(assign: dict[int, tuple[float, int]]) -> float:
        chosen = [(ids[k], c) for g, c in assign.items() for k in members[g]]
        pred = {a: spans(a, th, gap) for a, (th, gap) in chosen}
        return si_scores(pred, {a: gold_si[a] for a, _ in chosen})[2]

    si = cv_select(len(names), [(t, g) for t in THRESHOLDS for g in GAPS], si_f1, folds=5, seed=0)
    model = TechniqueModel(model_dir)
    lexical = LexicalTC(LEXICAL / "lexical.npz")
    tc_cache: dict[tuple[str, float], list[str]] = {}

    def tc_pred(a: str, w: float) -> list[str]:
        if (a, w) not in tc_cache:
            model.lexical_weight, model.lexical = w, (lexical if w else None)
            rows = [Span(s, e) for _, s, e in labels.get(a, [])]
            tc_cache[a, w] = [lab for lab, _ in classify_encoded(texts[a], rows, encoded[a], model)]
        return tc_cache[a, w]

    def tc_acc(assign: dict[int, float]) -> float:
        chosen = [(ids[k], w) for g, w in assign.items() for k in members[g]]
        pred = [p for a, w in chosen for p in tc_pred(a, w)]
        gold = [t for a, _ in chosen for t, _, _ in labels.get(a, [])]
        return tc_micro_f1(pred, gold)

    tc = cv_select(len(names), WEIGHTS, tc_acc, folds=5, seed=0)
    on = f"PTC dev groups ({len(ids)} articles in {len(names)} groups), 5-fold CV over groups, seed 0"
    return {
        "si_threshold": si.best[0],
        "si_gap": int(si.best[1]),
        "lexical_weight": tc.best,
        "si": _choice(si, on),
        "tc": _choice(tc, on) | {"head_alone": round(tc_acc(dict.fromkeys(range(len(names)), 0.0)), 4)},
        "tc_spans": sum(len(labels.get(a, [])) for a in ids),
    }


def _f1(gold: list[bool], pred: list[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    return prf(tp, fp, fn)[2]


def select_checkthat(encoder: SharedEncoder, data: Path) -> dict[str, Any]:
    """Choose the check-worthiness threshold by 5-fold CV over id blocks of dev-test."""
    rows = read_tsv(data / "CT24_checkworthy_english_dev-test.tsv")[:LIMIT]
    scores = encoder.score_texts([r.text for r in rows])[0]
    gold = [r.label == "Yes" for r in rows]
    names, members = _groups_of([checkthat_group(r.id) for r in rows])

    def f1(assign: dict[int, float]) -> float:
        chosen = [(k, t) for g, t in assign.items() for k in members[g]]
        return _f1([gold[k] for k, _ in chosen], [bool(scores[k] >= t) for k, t in chosen])

    choice = cv_select(len(names), CUTS, f1, folds=5, seed=0)
    on = f"CheckThat! 2024 dev-test ({len(rows)} sentences, {len(names)} id blocks), 5-fold CV over blocks"
    return {"checkworthy_threshold": choice.best, "checkworthy": _choice(choice, on)}


def emergent_features(encoder: SharedEncoder, csv: Path) -> list[tuple[bool, bool, bool, float, str]]:
    """Return per dev headline: gold against, rules accept, a rejected candidate, P(against), claim."""
    from newsaudit.components.denials import denial_decisions
    from newsaudit.components.parse import load_spacy
    from newsaudit.settings import Settings

    heads = [h for h in read_emergent(csv) if emergent_is_dev(h.claim_id)][:LIMIT]
    nlp = load_spacy(Settings().spacy_model)
    stance = encoder.score_texts([h.text for h in heads])[1]
    out = []
    for h, p in zip(heads, stance, strict=True):
        decisions = denial_decisions(h.text, nlp(h.text), [])
        accepted = any(ok for _, ok in decisions)
        out.append(
            (h.stance == POSITIVE, accepted, any(not ok for _, ok in decisions), float(p[2]), h.claim_id)
        )
    return out


def select_emergent(encoder: SharedEncoder, data: Path) -> dict[str, Any]:
    """Choose how the stance head joins the denial rules by 5-fold CV over dev claims."""
    rows = emergent_features(encoder, data / "emergent_clean_train.csv")
    gold = [r[0] for r in rows]
    names, members = _groups_of([r[4] for r in rows])

    def decide(k: int, rescue: float, alone: float) -> bool:
        _, accepted, rejected, p, _ = rows[k]
        return accepted or (rejected and p >= rescue) or p >= alone

    def f1(assign: dict[int, tuple[float, float]]) -> float:
        chosen = [(k, c) for g, c in assign.items() for k in members[g]]
        return _f1([gold[k] for k, _ in chosen], [decide(k, *c) for k, c in chosen])

    # A turned-down candidate is mostly a plain negation ("He did not attend the meeting"),
    # which in article text is no denial: the head must be at least as sure as not to
    # rescue one (rescue >= 0.5), whatever suits headlines best.
    grid = [(r, a) for r in STANCE_CUTS for a in STANCE_CUTS if a >= r and r >= MIN_RESCUE]
    choice = cv_select(len(names), grid, f1, folds=5, seed=0)
    everything = dict.fromkeys(range(len(names)))
    on = f"Emergent dev claims ({len(rows)} headlines, {len(names)} claims), 5-fold CV over claims"
    return {
        "against_rescue": choice.best[0],
        "against_alone": choice.best[1],
        "against": _choice(choice, on)
        | {
            "rules_alone": round(f1({g: (OFF, OFF) for g in everything}), 4),
            "head_alone_at_0.5": round(f1({g: (OFF, 0.5) for g in everything}), 4),
            "headlines": len(rows),
            "against_gold": sum(gold),
        },
    }


def main() -> None:
    """Run the chosen selections and write them to config.json."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=MODEL_DIR)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--only", default="ptc,checkthat,emergent")
    ap.add_argument("--limit", type=int, default=None, help="dry run: first N items of each set")
    args = ap.parse_args()
    global LIMIT
    LIMIT = args.limit
    encoder = SharedEncoder(args.model)
    config_path = args.model / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    selection = config.setdefault("selection", {})
    steps = {
        "checkthat": lambda: select_checkthat(encoder, args.data / "checkthat2024-task1-en"),
        "emergent": lambda: select_emergent(encoder, args.data / "emergent-stance"),
        "ptc": lambda: select_ptc(encoder, args.model, args.data / "ptc-semeval2020"),
    }
    for name in args.only.split(","):
        result = steps[name]()
        for key in ("si_threshold", "si_gap", "lexical_weight", "checkworthy_threshold"):
            if key in result:
                config[key] = result.pop(key)
        for key in ("against_rescue", "against_alone"):
            if key in result:
                config[key] = result.pop(key)
        selection[name] = result
        print(name, json.dumps(result), flush=True)
        config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
