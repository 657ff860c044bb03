"""Benchmark the audit against its physical limit: one spaCy parse plus one shared-encoder pass.

    python benchmarks/bench_encoder.py ../shared/data/ptc-semeval2020/train-articles --limit 30

One run measures, each step in a fresh process (so each peak RSS is its own):

1. ``bare``: a bare spaCy parse (``nlp.pipe``) of the cleaned texts, and one bare pass of the
   shared encoder's ONNX graph over the same sentences' word-piece windows (no heads);
2. ``audit``: ``Pipeline.pipe(texts, batch_size=...)`` in one process, reports built;
3. ``audit`` with ``n_process=2``;
4. ``check``: one ``newsaudit check FILE -f json`` (peak RSS of a single check).

and prints the ratio audit / (parse + encoder) (issue 11 aims at <= 1.3), the speed-up of two
processes, the peak RSS of each step and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

BATCH = 8


def _texts(folder: Path, limit: int | None) -> list[str]:
    from newsaudit.ingest.text import decode_text

    paths = sorted(folder.glob("*.txt"))[:limit]
    return [decode_text(p.read_bytes(), max_bytes=2_000_000) for p in paths]


def _cleaned(texts: list[str]) -> list[str]:
    """Return the texts as the pipeline's parser sees them (after clean and language)."""
    from newsaudit.api import get_pipeline
    from newsaudit.article import Article
    from newsaudit.settings import Settings

    pipeline = get_pipeline(Settings())
    before = [c for c in pipeline.components if c.name in ("clean", "language")]
    out = []
    for text in texts:
        article = Article.from_text(text)
        for comp in before:
            article = comp(article)
        out.append(article.text)
    return out


def bare(texts: list[str]) -> dict[str, float]:
    """Time a bare spaCy parse and one bare encoder pass over the same sentences."""
    from newsaudit.components.parse import load_spacy, spans_of
    from newsaudit.encoder import SharedEncoder, tokenize_windows
    from newsaudit.settings import Settings

    cleaned = _cleaned(texts)
    nlp = load_spacy(Settings().spacy_model)
    encoder = SharedEncoder()
    t = time.perf_counter()
    docs = list(nlp.pipe(cleaned, batch_size=BATCH))
    parse_s = time.perf_counter() - t
    windows = [
        w
        for text, doc in zip(cleaned, docs, strict=True)
        for w in tokenize_windows(encoder.tokenizer, text, spans_of(doc)[0])
    ]
    t = time.perf_counter()
    encoder.hidden(windows)
    encode_s = time.perf_counter() - t
    sentences = sum(len(spans_of(d)[0]) for d in docs)
    return {"parse_s": parse_s, "encoder_s": encode_s, "sentences": sentences, "windows": len(windows)}


def audit(texts: list[str], n_process: int) -> dict[str, float]:
    """Time the whole audit through ``Pipeline.pipe``, reports built."""
    from newsaudit.api import get_pipeline
    from newsaudit.report.build import build_report
    from newsaudit.settings import Settings

    pipeline = get_pipeline(Settings())
    t = time.perf_counter()
    pipeline.load()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    for article in pipeline.pipe(texts, batch_size=BATCH, n_process=n_process):
        build_report(article).to_json()
    return {"audit_s": time.perf_counter() - t, "load_s": load_s}


def _child(mode: str, folder: Path, limit: int | None) -> dict[str, float]:
    """Run one step in a fresh process; return its JSON result with its peak RSS."""
    cmd = [sys.executable, __file__, str(folder), "--step", mode]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def check_rss(path: Path) -> float:
    """Return the peak RSS (MB) of one ``newsaudit check FILE -f json`` in a fresh process."""
    exe = Path(sys.executable).with_name("newsaudit")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([str(exe), "check", str(path), "-f", "json"], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--step", choices=("bare", "audit1", "audit2"), default=None)
    args = parser.parse_args()
    if args.step is not None:
        texts = _texts(args.folder, args.limit)
        result = bare(texts) if args.step == "bare" else audit(texts, int(args.step[-1]))
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    load_before = os.getloadavg()
    # The single check first: RUSAGE_CHILDREN keeps the largest child so far.
    first = sorted(args.folder.glob("*.txt"))[0]
    check_mb = check_rss(first)
    b = _child("bare", args.folder, args.limit)
    a1 = _child("audit1", args.folder, args.limit)
    a2 = _child("audit2", args.folder, args.limit)
    limit_s = b["parse_s"] + b["encoder_s"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"load average before: {load_before[0]:.2f}, after: {os.getloadavg()[0]:.2f}")
    print(
        f"articles: {args.limit} from {args.folder}; {b['sentences']:.0f} sentences, {b['windows']:.0f} windows"
    )
    print(
        f"bare spaCy parse: {b['parse_s']:.2f} s; bare encoder pass: {b['encoder_s']:.2f} s (peak {b['peak_rss_mb']:.0f} MB)"
    )
    print(
        f"audit, pipe(batch_size={BATCH}), 1 process: {a1['audit_s']:.2f} s (load {a1['load_s']:.2f} s, peak {a1['peak_rss_mb']:.0f} MB)"
    )
    print(f"audit / (parse + encoder): {a1['audit_s'] / limit_s:.2f} (aim <= 1.3)")
    print(
        f"audit, pipe(n_process=2): {a2['audit_s']:.2f} s -> speed-up {a1['audit_s'] / a2['audit_s']:.2f}x (parent peak {a2['peak_rss_mb']:.0f} MB)"
    )
    print(f"one `check` of {first.name}: peak RSS {check_mb:.0f} MB")
    print(
        json.dumps(
            {
                "bare": b,
                "audit1": a1,
                "audit2": a2,
                "check_rss_mb": check_mb,
                "load": [load_before[0], os.getloadavg()[0]],
            }
        )
    )


if __name__ == "__main__":
    main()
