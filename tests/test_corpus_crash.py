"""kill -9 a corpus run at several moments, run it again: nothing lost, nothing duplicated.

The writer is a real subprocess (``newsaudit corpus run``) killed with SIGKILL: once while a
write transaction is open (NEWSAUDIT_CORPUS_WRITE_PAUSE holds each transaction open for a
moment and says so on stderr, and the kill lands then), once between writes on a resumed run, once while the
models load. The final store must equal an uninterrupted run's, report for report, byte for byte.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from corpus_helpers import LIGHT, reports_of, status_of, write_jsonl
from newsaudit.corpus import RunOptions, run_corpus

pytestmark = pytest.mark.slow
N = 24
COMMAND = [
    sys.executable,
    "-m",
    "newsaudit.cli",
    "corpus",
    "run",
    "--components",
    "clean,language,parse",
    "--batch-size",
    "3",
    "--progress-interval",
    "0",
]


def _start(inp: Path, store: Path, pause: float, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ, NEWSAUDIT_CORPUS_WRITE_PAUSE=str(pause), OMP_NUM_THREADS="1")
    return subprocess.Popen(
        [*COMMAND, *extra, str(inp), "--store", str(store)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _kill_after_done(
    proc: subprocess.Popen[str], done: int, extra_wait: float = 0.0, *, in_write: bool = False
) -> list[psutil.Process]:
    """Wait until a progress line shows at least ``done`` written (then, with ``in_write``, until
    the next write transaction is open), wait ``extra_wait``, and SIGKILL the run.

    Return the processes the run had started (pool workers), as they were just before the kill.
    """
    assert proc.stderr is not None
    seen = []
    reached = False
    for line in proc.stderr:
        seen.append(line)
        if " done, " in line and int(line.split(" done, ")[0].rsplit(", ", 1)[-1]) >= done:
            reached = True
        if reached and (not in_write or "write transaction open" in line):
            break
    time.sleep(extra_wait)
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    return children


def test_corpus_run_survives_sigkill_with_nothing_lost_or_duplicated(tmp_path: Path) -> None:
    inp = write_jsonl(tmp_path / "in.jsonl", N)
    reference = tmp_path / "reference"
    run_corpus([str(inp)], reference, LIGHT, RunOptions(batch_size=3))
    store = tmp_path / "store"

    # 1: inside a write: the second batch's transaction is open (held 1 s after its first inserts).
    _kill_after_done(_start(inp, store, 1.0), done=3, extra_wait=0.1, in_write=True)
    first = status_of(store)
    assert first["reports"] == 3, "the half-written second batch must not survive"
    assert first["articles"] == 3 and first["duplicates"] == 0

    # 2: a resumed run, killed between writes.
    _kill_after_done(_start(inp, store, 0.0), done=3)
    # 3: a run with two worker processes: the parent is killed, its workers must not outlive it.
    children = _kill_after_done(_start(inp, store, 0.0, "--workers", "2"), done=1)
    assert len(children) >= 2
    _, alive = psutil.wait_procs(children, timeout=10)
    assert alive == [], "pool workers outlived their killed parent"
    # 4: killed while the models load, before any write.
    proc = _start(inp, store, 0.0)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.stderr is not None
    proc.stderr.close()

    final = subprocess.run(
        [*COMMAND, str(inp), "--store", str(store)], capture_output=True, text=True, timeout=300
    )
    assert final.returncode == 0, final.stderr
    assert status_of(store) == {"articles": N, "reports": N, "failures": 0, "duplicates": 0, "by_code": {}}
    assert reports_of(store) == reports_of(reference)
    with __import__("newsaudit.corpus", fromlist=["Store"]).Store(store, read_only=True) as st:
        rows = st.query("SELECT count(*), count(DISTINCT id) FROM articles")
    assert rows == [(N, N)]
