"""Train the cleaner's line classifier on the site-grouped train parts; write its JSON weights.

Usage (from the repository root; about twenty minutes on one shared core)::

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python training/train_clean.py \\
        --data ../shared/data/article-extraction-dragnet ../shared/data/article-extraction-more \\
        --cache /tmp/clean_docs.pkl --out src/newsaudit/models/clean/line_classifier.json

Data: every page of each data set whose SITE GROUP falls in our ``train`` part
(:func:`newsaudit.evaluation.cleaning.page_groups`, ``split_of``); the ``dev``
part is never read here. Of ``article-extraction-more`` only the news sources
(``ps``, ``cpe``, ``rd``) are used: CleanEval's gold keeps most of a general web
page's text (headings, lists, link texts), the opposite of what the cleaner is
for, so ``ce`` pages are scored but not learned from (``--sources`` changes it).
Cross-validation folds are by site group too, so out-of-fold figures (and the
thresholds tuned on them) are for sites the fold's model has not seen. Each page's HTML is rendered to one block per line; a line is
labelled *content* when most of its word 4-grams (or, for a line of fewer than
four words, its whole word sequence) occur in the gold ``articleBody``.

Rendered pages are mostly menus and link lists, while the cleaner's usual input,
scraped article text, is mostly article. So each train page also yields a
*plain-text* document: its gold paragraphs with a few of its own furniture lines
put before, between and after them (and, for half the pages with comments, the
comments after the article). A third kind is what newsaudit's own HTML ingest
(trafilatura, ``newsaudit.ingest.html``) extracts from the page: mostly article
already, which the cleaner must not make worse. The model learns from all three.

Thresholds are tuned on out-of-fold probabilities: the best rendered-page F1
such that (a) at most ``MAX_PAGES_LOSING`` of the plain-text documents lose an
article sentence to the classifier and (b) the extracted documents score no
worse cleaned than as extracted.

Features are :func:`newsaudit.components.clean.line_features`; the per-word
scores feeding three of them are smoothed log-odds of a word appearing in
content rather than furniture lines, over words seen in at least
``MIN_WORD_PAGES`` pages (so a single site's menu words are not learned), and are
computed out of fold for the training rows. scikit-learn is used here only; the
runtime reads the JSON with pure Python.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import random
import sys
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsaudit.components import clean  # noqa: E402
from newsaudit.errors import NewsauditError  # noqa: E402
from newsaudit.evaluation.cleaning import (  # noqa: E402
    iter_pages,
    page_groups,
    read_page,
    source_of,
    split_of,
)
from newsaudit.evaluation.shingles import metrics_from_counts, string_shingle_matching, tokenize  # noqa: E402
from newsaudit.ingest.html import decode_html, extract_html  # noqa: E402

# A word must occur in this many train pages to get a score: below that it is
# mostly one site's menu or one article's topic.
MIN_WORD_PAGES = 15
# Laplace smoothing of the word log-odds (counts of lines).
SMOOTHING = 5.0
# Share of a line's 4-grams found in the gold text for it to count as content.
CONTENT_SHARE = 0.5
FOLDS = 5
# Regularisation strength of the stage-2 logistic regression (sklearn's C).
C = 1.0
# Stage 1: a perceptron with one hidden layer; its size, L2 penalty and epochs
# (40 epochs of 1,000-line batches: the loss is flat by then on ~400,000 lines).
# 16 units beat a logistic regression in cross-validation (line AUC 0.90 v 0.88
# on rendered pages, 0.93 v 0.91 on plain text) and cost ~600 products a line.
HIDDEN_UNITS = 16
MLP_ALPHA = 1e-3
MLP_EPOCHS = 40
MLP_BATCH = 1000
# Sources of article-extraction-more learned from (see the module docstring).
TRAIN_SOURCES = ("dragnet", "ps", "cpe", "rd")
# Share of plain-text documents in which the classifier may drop an article
# sentence (out of fold): 0.5%, about 4 of the 786 train pages.
MAX_PAGES_LOSING = 0.005
# A "sentence" for that count: this many words or more, ending in . ! or ?.
SENTENCE_WORDS = clean.GUARD_MIN_WORDS
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)
GUARD_CHOICES = ("shape", "grammatical")
PROSE_THRESHOLDS = (0.02, 0.03, 0.05, 0.1)
HTML_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4)  # for text extracted from HTML (tune_html)
SEED = 13
# Share of plain-text documents (of pages with comments) that keep their comments.
COMMENTS_SHARE = 0.5


@dataclass
class Doc:
    """One training document: its lines, their labels, its page, site group and kind."""

    page: str
    kind: str  # "rendered", "plain" or "extracted"
    lines: list[str]
    labels: list[int]
    gold: str
    group: str = ""


def gold_grams(gold: str) -> set[tuple[str, ...]]:
    """Return every 1- to 4-gram of the gold text's tokens."""
    toks = tokenize(gold)
    return {tuple(toks[i : i + n]) for n in range(1, 5) for i in range(len(toks) - n + 1)}


def label_line(line: str, grams: set[tuple[str, ...]]) -> int:
    """Return 1 when the line's words come from the gold text, else 0."""
    toks = tokenize(line)
    if len(toks) < 4:
        return int(bool(toks) and tuple(toks) in grams)
    fours = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
    return int(sum(g in grams for g in fours) / len(fours) >= CONTENT_SHARE)


def rendered_doc(page: str, text: str, gold: str) -> Doc:
    """Return a rendered page as a labelled document."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    grams = gold_grams(gold)
    return Doc(page, "rendered", lines, [label_line(ln, grams) for ln in lines], gold)


def plain_doc(rendered: Doc, rng: random.Random, comments: str = "") -> Doc | None:
    """Return a plain-text document: gold paragraphs with some of the page's furniture.

    Half of the pages that have comments get them after the article, as furniture.
    """
    paras = [p.strip() for p in rendered.gold.split("\n") if p.strip()]
    junk = [
        ln for ln, y in zip(rendered.lines, rendered.labels, strict=True) if not y and not clean.is_prose(ln)
    ]
    if not paras or not junk:
        return None
    picked = rng.sample(junk, min(len(junk), rng.randint(2, 8)))
    head, tail = picked[: rng.randint(0, 3)], picked[3:]
    body: list[tuple[str, int]] = [(p, 1) for p in paras]
    for ln in tail[: rng.randint(0, 2)]:
        body.insert(rng.randint(1, len(body)), (ln, 0))
    rows = [(ln, 0) for ln in head] + body + [(ln, 0) for ln in tail[2:]]
    if comments and rng.random() < COMMENTS_SHARE:
        rows += [(ln.strip(), 0) for ln in comments.split("\n") if ln.strip()]
    return Doc(rendered.page, "plain", [r[0] for r in rows], [r[1] for r in rows], rendered.gold)


def word_scores(docs: Iterable[Doc]) -> dict[str, float]:
    """Return smoothed log-odds of content over furniture per word (frequent words only)."""
    pos, neg, pages = Counter[str](), Counter[str](), Counter[str]()
    for doc in docs:
        seen: set[str] = set()
        for line, y in zip(doc.lines, doc.labels, strict=True):
            ws = {w.lower() for w in clean.words_of(line)}
            (pos if y else neg).update(ws)
            seen |= ws
        pages.update(seen)
    n_pos, n_neg = sum(pos.values()), sum(neg.values())
    out = {}
    for w, n in pages.items():
        if n >= MIN_WORD_PAGES:
            p = (pos[w] + SMOOTHING) / (n_pos + SMOOTHING)
            q = (neg[w] + SMOOTHING) / (n_neg + SMOOTHING)
            out[w] = round(math.log(p / q), 3)
    return out


def fold_of(doc: Doc) -> int:
    """Return the cross-validation fold of a document: by its site group, stable across runs."""
    return int(hashlib.sha1(f"fold:{doc.group}".encode()).hexdigest()[:8], 16) % FOLDS


def feature_rows(docs: Sequence[Doc], scores_by_fold: dict[int, dict[str, float]]) -> list[list[list[float]]]:
    """Return each document's feature rows, with the word scores of the other folds."""
    return [clean.line_features(doc.lines, scores_by_fold[fold_of(doc)]) for doc in docs]


def stack(
    docs: Sequence[Doc], rows: Sequence[list[list[float]]], keep: Sequence[int]
) -> tuple[list[list[float]], list[int], list[float]]:
    """Return the pooled rows, labels and per-line weights of documents ``keep``."""
    xs, ys, ws = [], [], []
    for i in keep:
        xs.extend(rows[i])
        ys.extend(docs[i].labels)
        # Every document weighs the same, as in the page-averaged metric.
        ws.extend([1.0 / math.sqrt(len(rows[i]))] * len(rows[i]))
    return xs, ys, ws


def fit(
    xs: Sequence[Sequence[float]], ys: Sequence[int], ws: Sequence[float], scaled: bool = True
) -> dict[str, Any]:
    """Fit a (standardised) logistic regression; return it in the JSON form of ``clean.Linear``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    out: dict[str, Any] = {}
    rows: Any = xs
    if scaled:
        scaler = StandardScaler().fit(xs)
        scale = [float(v) if v > 1e-9 else 1.0 for v in scaler.scale_]
        rows = [[(x - m) / v for x, m, v in zip(row, scaler.mean_, scale, strict=True)] for row in xs]
        out = {"mean": [round(float(m), 6) for m in scaler.mean_], "scale": [round(v, 6) for v in scale]}
    lr = LogisticRegression(C=C, max_iter=3000).fit(rows, ys, sample_weight=ws)
    out |= {"coef": [round(float(c), 6) for c in lr.coef_[0]], "intercept": round(float(lr.intercept_[0]), 6)}
    return out


def fit_mlp(xs: Sequence[Sequence[float]], ys: Sequence[int], ws: Sequence[float]) -> dict[str, Any]:
    """Fit a standardised one-hidden-layer perceptron; return the JSON form of ``clean.Mlp``."""
    import numpy as np
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(xs)
    scale = [float(v) if v > 1e-9 else 1.0 for v in scaler.scale_]
    rows = (np.asarray(xs, dtype=float) - scaler.mean_) / np.asarray(scale)
    net = MLPClassifier(
        (HIDDEN_UNITS,), alpha=MLP_ALPHA, max_iter=MLP_EPOCHS, batch_size=MLP_BATCH, random_state=SEED
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at MLP_EPOCHS: the loss is flat by then
        net.fit(rows, ys, sample_weight=ws)
    return {
        "kind": "mlp",
        "mean": [round(float(m), 6) for m in scaler.mean_],
        "scale": [round(v, 6) for v in scale],
        "hidden": [[round(float(w), 6) for w in unit] for unit in net.coefs_[0].T],
        "hidden_bias": [round(float(b), 6) for b in net.intercepts_[0]],
        "out": [round(float(w), 6) for w in net.coefs_[1][:, 0]],
        "out_bias": round(float(net.intercepts_[1][0]), 6),
    }


def mlp_probabilities(net: dict[str, Any], rows: Sequence[Sequence[float]]) -> list[float]:
    """Return the perceptron's probabilities for ``rows`` (NumPy; same numbers as ``clean.Mlp``)."""
    import numpy as np

    x = (np.asarray(rows, dtype=float) - np.asarray(net["mean"])) / np.asarray(net["scale"])
    h = np.maximum(x @ np.asarray(net["hidden"]).T + np.asarray(net["hidden_bias"]), 0.0)
    z = np.clip(h @ np.asarray(net["out"]) + net["out_bias"], -30.0, 30.0)
    return [float(v) for v in 1.0 / (1.0 + np.exp(-z))]


def fit_stacked(
    docs: Sequence[Doc],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, float], list[list[float]]]:
    """Fit stage 1 on all documents, stage 2 on out-of-fold stage-1 probabilities.

    Also return each document's out-of-fold two-stage probabilities, for tuning.
    """
    oof_scores = {f: word_scores(d for d in docs if fold_of(d) != f) for f in range(FOLDS)}
    print("word scores done", flush=True)
    rows = feature_rows(docs, oof_scores)
    xs, ys, ws = stack(docs, rows, range(len(docs)))
    print(f"{len(xs)} lines, {sum(ys)} content", flush=True)
    stage1 = fit_mlp(xs, ys, ws)
    # Stage-2 inputs must look like unseen documents: stage 1 refitted without each fold.
    oof_probs: list[list[float]] = [[] for _ in docs]
    for f in range(FOLDS):
        inside = [i for i, d in enumerate(docs) if fold_of(d) != f]
        first = fit_mlp(*stack(docs, rows, inside))
        for i, d in enumerate(docs):
            if fold_of(d) == f:
                oof_probs[i] = mlp_probabilities(first, rows[i])
        print(f"  fold {f} done", flush=True)
    x2 = [row for probs in oof_probs for row in clean.smoothing_features(probs)]
    stage2 = fit(x2, ys, ws, scaled=False)
    second = clean.Linear.from_dict(stage2)
    final = [[second.probability(r) for r in clean.smoothing_features(p)] for p in oof_probs]
    return stage1, stage2, word_scores(docs), final


def page_f1(docs: Sequence[Doc], probs: Sequence[Sequence[float]] | None, t: float, tp: float) -> float:
    """Return the shingle F1 of the cleaner at thresholds ``t``/``tp`` (no cleaning: ``probs`` None).

    Byline and date lines count as kept: they move to ``meta``, and the gold
    bodies include them.
    """
    counts = []
    for i, doc in enumerate(docs):
        reasons: Sequence[str | None] = [None] * len(doc.lines)
        if probs is not None:
            base, headline = _rules(doc, probs[i])
            reasons = clean.apply_model(doc.lines, base, probs[i], headline, t, tp, _GUARD[0])
        kept = "\n".join(ln for ln, r in zip(doc.lines, reasons, strict=True) if r in _KEPT)
        counts.append(string_shingle_matching(doc.gold, kept))
    return metrics_from_counts(counts)[2]


_KEPT = (None, "byline", "dateline")
_GUARD = ["shape"]  # the guard being tuned (clean.GUARDS)
_ABOVE = [clean.REMOVE_ABOVE_HEADLINE]  # the header cut being tuned (clean.rule_reasons)
_RULES: dict[tuple[int, int], tuple[list[str | None], int | None]] = {}


def _rules(doc: Doc, probs: Sequence[float]) -> tuple[list[str | None], int | None]:
    """Return the rules' reasons and headline of a document (once: they do not depend on thresholds)."""
    key = (id(doc), id(probs))
    if key not in _RULES:
        reasons, _, headline = clean.rule_reasons(doc.lines, probs, above_headline=_ABOVE[0])
        _RULES[key] = (reasons, headline)
    return _RULES[key]


def pages_losing_sentences(
    docs: Sequence[Doc], probs: Sequence[Sequence[float]], t: float, tp: float
) -> float:
    """Return the share of plain-text documents where the classifier drops an article sentence.

    Counted by document, not by sentence: a few gold files hold a comment thread
    inside the article body, and would otherwise outvote every other page.
    """
    hit = 0
    for doc, p in zip(docs, probs, strict=True):
        base, headline = _rules(doc, p)
        reasons = clean.apply_model(doc.lines, base, p, headline, t, tp, _GUARD[0])
        # Patterns are fixed rules; the thresholds answer for the classifier only.
        hit += any(
            y and r == "boilerplate" and b is None and clean.is_sentence_shaped(line, SENTENCE_WORDS)
            for line, y, r, b in zip(doc.lines, doc.labels, reasons, base, strict=True)
        )
    return hit / max(len(docs), 1)


def tune(docs: dict[str, list[Doc]], probs: dict[str, list[list[float]]]) -> tuple[float, float, str]:
    """Pick the guard and thresholds with the best rendered-page F1 that do no harm elsewhere.

    No harm: plain-text sentences are kept (MAX_PAGES_LOSING) and the text that
    the HTML ingest extracts scores no worse cleaned than as it is. The
    probabilities are out of fold (folds by site group), so the choice is made on
    sites each fold's model had not seen.
    """
    best = (-1.0, 0.5, 0.0, "shape")
    extracted_base = page_f1(docs["extracted"], None, 0.0, 0.0)
    print(f"  extracted text, not cleaned: F1={extracted_base:.4f}")
    for guard in GUARD_CHOICES:
        _GUARD[0] = guard
        for t in THRESHOLDS:
            for tp in PROSE_THRESHOLDS:
                loss = pages_losing_sentences(docs["plain"], probs["plain"], t, tp)
                f1 = page_f1(docs["rendered"], probs["rendered"], t, tp)
                f1_x = page_f1(docs["extracted"], probs["extracted"], t, tp)
                print(
                    f"  guard={guard} threshold={t:.2f} prose={tp:.2f}  rendered F1={f1:.4f}"
                    f"  extracted F1={f1_x:.4f}  plain pages losing a sentence={loss:.4f}",
                    flush=True,
                )
                if loss <= MAX_PAGES_LOSING and f1_x >= extracted_base and f1 > best[0]:
                    best = (f1, t, tp, guard)
    print(f"  chosen: guard={best[3]} threshold={best[1]} prose={best[2]} (OOF rendered F1 {best[0]:.4f})")
    return best[1], best[2], best[3]


def tune_html(
    docs: Sequence[Doc], probs: Sequence[Sequence[float]], guard: str, prose: float
) -> tuple[float, bool]:
    """Pick the threshold for text extracted from HTML, and whether the header cut (non-prose
    lines above the headline are navigation) applies to it: the best out-of-fold F1 on the
    extracted texts. The guard and prose threshold stay those :func:`tune` chose.
    """
    _GUARD[0] = guard
    scored = []
    for above in (True, False):
        _ABOVE[0] = above
        _RULES.clear()
        for t in HTML_THRESHOLDS:
            f1 = page_f1(docs, probs, t, prose)
            print(
                f"  html above_headline={above} threshold={t:.2f} prose={prose:.2f}  extracted F1={f1:.4f}",
                flush=True,
            )
            scored.append((f1, t, above))
    _ABOVE[0] = clean.REMOVE_ABOVE_HEADLINE
    _RULES.clear()
    f1, t, above = max(scored, key=lambda s: (s[0], -s[1]))
    print(f"  chosen html threshold={t} above_headline={above} (OOF extracted F1 {f1:.4f})")
    return t, above


def extracted_doc(page: str, data: bytes, gold: str) -> Doc | None:
    """Return what newsaudit's HTML ingest (trafilatura) makes of a page, labelled."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = extract_html(decode_html(data, max_bytes=len(data) + 1)).text
    except NewsauditError:
        return None
    lines = [ln for ln in text.split("\n") if ln.strip()]
    grams = gold_grams(gold)
    return Doc(page, "extracted", lines, [label_line(ln, grams) for ln in lines], gold) if lines else None


def load_docs(
    data: Path, rng: random.Random, sources: Sequence[str]
) -> tuple[list[Doc], list[Doc], list[Doc]]:
    """Return the rendered, plain-text and extracted documents of one data set's train part."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    groups = page_groups(data / "html", data / "ground-truth.json")
    ids = {k for k, g in groups.items() if split_of(g) == "train" and source_of(k) in sources}
    rendered, plain, extracted = [], [], []
    for page, text, gold in iter_pages(data / "html", data / "ground-truth.json", ids=ids):
        doc = rendered_doc(page, text, gold)
        doc.group = groups[page]
        if doc.lines:
            rendered.append(doc)
            if (p := plain_doc(doc, rng, truth[page].get("comments", ""))) is not None:
                p.group = doc.group
                plain.append(p)
        if (x := extracted_doc(page, read_page(data / "html", page), gold)) is not None:
            x.group = doc.group
            extracted.append(x)
    return rendered, plain, extracted


def all_docs(
    datas: Sequence[Path], sources: Sequence[str], cache: Path | None
) -> tuple[list[Doc], list[Doc], list[Doc]]:
    """Return the documents of every data set's train part (read from ``cache`` when it exists)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            loaded: tuple[list[Doc], list[Doc], list[Doc]] = pickle.load(fh)
        return loaded
    rng = random.Random(SEED)
    rendered, plain, extracted = [], [], []
    for data in datas:
        r, p, x = load_docs(data, rng, sources)
        rendered, plain, extracted = rendered + r, plain + p, extracted + x
        print(f"{data.name}: {len(r)} rendered, {len(p)} plain, {len(x)} extracted", flush=True)
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump((rendered, plain, extracted), fh)
    return rendered, plain, extracted


def main(argv: Sequence[str] | None = None) -> None:
    """Train, tune and write the line classifier."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    shared = ROOT.parent / "shared" / "data"
    ap.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=[shared / "article-extraction-dragnet", shared / "article-extraction-more"],
    )
    ap.add_argument("--sources", nargs="+", default=list(TRAIN_SOURCES))
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the labelled documents")
    ap.add_argument("--out", type=Path, default=clean.MODEL_PATH)
    ap.add_argument("--oof-cache", type=Path, default=None, help="pickle of the fitted stages and OOF scores")
    ap.add_argument("--tune-only", action="store_true", help="re-tune thresholds from --oof-cache")
    args = ap.parse_args(argv)
    rendered, plain, extracted = all_docs(args.data, args.sources, args.cache)
    print(f"{len(rendered)} rendered, {len(plain)} plain, {len(extracted)} extracted documents", flush=True)
    if args.tune_only and args.oof_cache and args.oof_cache.exists():
        with args.oof_cache.open("rb") as fh:
            stage1, stage2, scores, oof = pickle.load(fh)
    else:
        stage1, stage2, scores, oof = fit_stacked(rendered + plain + extracted)
        if args.oof_cache:
            with args.oof_cache.open("wb") as fh:
                pickle.dump((stage1, stage2, scores, oof), fh)
    a, b = len(rendered), len(rendered) + len(plain)
    docs = {"rendered": rendered, "plain": plain, "extracted": extracted}
    threshold, prose, guard = tune(docs, {"rendered": oof[:a], "plain": oof[a:b], "extracted": oof[b:]})
    html_threshold, html_above = tune_html(extracted, oof[b:], guard, prose)
    out = {
        "about": "newsaudit cleaner line classifier; see training/train_clean.py",
        "trained_on": f"site-grouped train parts of {', '.join(d.name for d in args.data)} "
        f"(sources {', '.join(args.sources)}): {len(rendered)} pages + plain and extracted variants",
        "feature_names": list(clean.FEATURE_NAMES),
        "stage1": stage1,
        "stage2": stage2,
        "threshold": threshold,
        "prose_threshold": prose,
        "guard": guard,
        "html_threshold": html_threshold,
        "html_above_headline": html_above,
        "word_scores": dict(sorted(scores.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: threshold={threshold} prose_threshold={prose}, {len(scores)} word scores")


if __name__ == "__main__":
    main()
