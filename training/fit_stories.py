"""Fit the shipped story model (corpus/stories.py DEFAULT_MODEL) on the shared part of GVA.

Usage: .venv/bin/python training/fit_stories.py [DATA_DIR] [--union]

Prints the StoryModel to paste into ``DEFAULT_MODEL``: weights fitted on the candidate pairs,
the threshold on the clustering (mean of B-cubed F1 and ARI). GVA is the shipped fit (news
with titles, dates and sites, like a corpus store); ``--union`` fits on ECB+ and GVA together
(the alternative compared in docs/evaluation.md, issue 13, with the per-corpus grouped CV).
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsaudit.evaluation.stories import fit_model, load_jsonl


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--union"]
    data = Path(args[0] if args else "../shared/data")
    docs, gold, _ = load_jsonl(data / "gva-incident-clusters" / "gva_docs.jsonl", "group_id")
    if "--union" in sys.argv:
        ecb_docs, ecb_gold, _ = load_jsonl(
            data / "ecbplus-event-clusters" / "ecbplus_docs.jsonl", "cluster_id"
        )
        # Prefix the gold labels so no ECB+ cluster can equal a GVA group.
        docs, gold = ecb_docs + docs, [f"ecb:{g}" for g in ecb_gold] + [f"gva:{g}" for g in gold]
    print(fit_model(docs, gold))


if __name__ == "__main__":
    main()
