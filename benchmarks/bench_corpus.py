"""Benchmark corpus runs: articles/s with 1 and 2 worker processes and a 2-worker Dask
LocalCluster, peak RSS per worker, and the store's write throughput, over real articles.

    python benchmarks/bench_corpus.py --limit 1000            # half GVA, half PTC
    python benchmarks/bench_corpus.py --limit 100 --json      # a reduced run

Each configuration audits the same articles into a fresh store (pipeline load included: that
is what a user waits for). Peak RSS is sampled every 0.2 s over the process tree (psutil):
the parent alone for one worker, each worker process otherwise. The write figure replays the
reports of the first run into a fresh store, batch by batch, as the runner writes them.
The ``__main__`` guard is required: the pool and Dask spawn processes that import this file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_inputs import gva, ptc

from newsaudit.corpus import RunOptions, Store, run_corpus
from newsaudit.corpus.work import Outcome

CONFIGS = (
    ("1 worker", RunOptions(workers=1)),
    ("2 workers", RunOptions(workers=2)),
    ("dask LocalCluster, 2 workers", RunOptions(engine="dask", workers=2)),
)


class RssSampler:
    """Sample the peak RSS of this process and of each descendant, in a thread."""

    def __init__(self) -> None:
        self.peak: dict[int, int] = {}
        self.names: dict[int, str] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self.stop.is_set():
            for p in [me, *me.children(recursive=True)]:
                try:
                    rss = p.memory_info().rss
                    self.names.setdefault(p.pid, " ".join(p.cmdline()[-2:])[:60])
                except psutil.Error:
                    continue
                self.peak[p.pid] = max(self.peak.get(p.pid, 0), rss)
            time.sleep(0.2)

    def __enter__(self) -> RssSampler:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()

    def workers_mb(self) -> list[float]:
        """Peak RSS (MB) of the processes that audited: children over 200 MB, else the parent."""
        me = os.getpid()
        big = sorted(
            (v / 2**20 for pid, v in self.peak.items() if pid != me and v > 200 * 2**20), reverse=True
        )
        return [round(v) for v in big] or [round(self.peak[me] / 2**20)]


def write_input(path: Path, limit: int) -> int:
    # PTC has 371 training articles: GVA fills what PTC cannot, so ``limit`` articles are audited.
    news = list(ptc(limit - limit // 2))
    rows = [*gva(limit - len(news)), *news]
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def bench_config(name: str, options: RunOptions, inp: Path, base: Path) -> dict[str, Any]:
    store = base / name.replace(" ", "_").replace(",", "")
    with RssSampler() as rss:
        t0 = time.perf_counter()
        summary = run_corpus([str(inp)], store, options=options)
        seconds = time.perf_counter() - t0
    words = 0
    with Store(store, read_only=True) as st:
        words = int(st.query("SELECT coalesce(sum(words), 0) FROM reports")[0][0])
    return {
        "config": name,
        "done": summary.done,
        "failed": summary.failed,
        "seconds": round(seconds, 1),
        "articles_per_second": round((summary.done + summary.failed) / seconds, 3),
        "words_per_second": round(words / seconds),
        "peak_rss_mb_per_worker": rss.workers_mb(),
        "store": str(store),
    }


def bench_writes(source: Path, base: Path, batch: int = 16) -> dict[str, Any]:
    """Replay the reports of ``source`` into a fresh store, ``batch`` per transaction."""
    with Store(source, read_only=True) as st:
        rows = st.query(
            "SELECT r.id, r.key, a.input_hash, a.name, r.report FROM reports r JOIN articles a USING (id)"
        )
    outcomes = [Outcome(i, k, h, n, {}, r) for i, k, h, n, r in rows]
    target = base / "writes"
    t0 = time.perf_counter()
    with Store(target) as st:
        for i in range(0, len(outcomes), batch):
            st.write(outcomes[i : i + batch])
    seconds = time.perf_counter() - t0
    size = (target / "newsaudit.duckdb").stat().st_size
    return {
        "reports": len(outcomes),
        "batch": batch,
        "seconds": round(seconds, 2),
        "reports_per_second": round(len(outcomes) / seconds),
        "store_mb": round(size / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=1000, help="Articles: half GVA, half PTC.")
    parser.add_argument(
        "--only", choices=("1", "2", "dask"), action="append", help="Run only these configurations."
    )
    parser.add_argument(
        "--writes-from",
        type=Path,
        default=None,
        help="Replay this store's reports for the write figure (default: the first run's).",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    keep = {"1": "1 worker", "2": "2 workers", "dask": "dask LocalCluster, 2 workers"}
    wanted = {keep[k] for k in args.only} if args.only else {n for n, _ in CONFIGS}
    base = Path(tempfile.mkdtemp(prefix="bench_corpus_"))
    n = write_input(base / "input.jsonl", args.limit)
    results = [
        bench_config(name, opts, base / "input.jsonl", base) for name, opts in CONFIGS if name in wanted
    ]
    writes = bench_writes(args.writes_from or Path(results[0]["store"]), base)
    load = os.getloadavg()
    out = {
        "articles": n,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_average_at_end": [round(x, 1) for x in load],
        "runs": results,
        "store_writes": writes,
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"{n} articles (GVA + PTC); {out['machine']}; load average at the end {out['load_average_at_end']}")
    for r in results:
        print(
            f"{r['config']:30} {r['articles_per_second']:6.3f} articles/s  {r['words_per_second']:6d} words/s  peak RSS per worker {r['peak_rss_mb_per_worker']} MB  ({r['done']} done, {r['failed']} failed, {r['seconds']} s)"
        )
    print(
        f"store writes: {writes['reports_per_second']} reports/s ({writes['reports']} reports, {writes['batch']} per transaction, {writes['store_mb']} MB)"
    )


if __name__ == "__main__":
    main()
