"""Time story grouping and copy finding over an enlarged GVA corpus, with peak memory.

Usage: .venv/bin/python benchmarks/bench_stories.py N [N ...] [--data DIR] [--no-copies]

Enlargement rule (keeps the near-duplicate structure): replica r of the 4,800 shared GVA
documents is the same set with every word but numbers given the suffix ``"zq" + r`` (replica 0 unchanged) and
every date moved by ``7 * r`` days. So within a replica the documents, their duplicates and
their stories are exactly GVA's, while across replicas only numbers are shared (distractors that
cost comparisons, never a story): the corpus grows by independent copies of GVA's structure. The first N documents of the
concatenated replicas are used. Prints one JSON line per N: seconds per step and peak RSS.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

from newsaudit.corpus import copies as cp
from newsaudit.corpus import stories as st
from newsaudit.evaluation.stories import load_jsonl

_WORD = re.compile(r"\w+")


def _tag(text: str, suffix: str) -> str:
    if not suffix:
        return text
    return _WORD.sub(lambda m: m.group(0) if m.group(0).isdigit() else m.group(0) + suffix, text)


def enlarged(docs: list[st.StoryDoc], n: int) -> list[st.StoryDoc]:
    """Return the first ``n`` documents of the replicas (the rule in the module docstring)."""
    out: list[st.StoryDoc] = []
    r = 0
    while len(out) < n:
        suffix = f"zq{r}" if r else ""
        for d in docs:
            day = d.date + timedelta(days=7 * r) if d.date else None
            out.append(st.StoryDoc(f"{r}:{d.id}", _tag(d.text, suffix), _tag(d.title, suffix), day, d.site))
            if len(out) == n:
                break
        r += 1
    return out


def main() -> None:
    args = sys.argv[1:]
    data = Path(args[args.index("--data") + 1]) if "--data" in args else Path("../shared/data")
    sizes = [int(a) for a in args if a.isdigit()]
    base, _, _ = load_jsonl(data / "gva-incident-clusters" / "gva_docs.jsonl", "group_id")
    for n in sizes:
        docs = enlarged(base, n)
        t0 = time.perf_counter()
        stories = st.group_stories(docs)
        t1 = time.perf_counter()
        row: dict[str, float | int] = {"articles": n, "stories": len(stories), "stories_s": round(t1 - t0, 1)}
        if "--no-copies" not in args:
            found = cp.find_copies([cp.Article(d.id, d.text, d.date, d.site) for d in docs])
            row.update(copies=len(found), copies_s=round(time.perf_counter() - t1, 1))
        row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
