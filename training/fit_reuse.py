"""Fit the shipped reuse model (corpus/copies.py DEFAULT_REUSE) on the shared part of COUNTER.

Usage: .venv/bin/python training/fit_reuse.py [DATA_DIR]

Prints the ReuseModel to paste into ``DEFAULT_REUSE``: both logistic stages and the two
thresholds (macro-F1), fitted on all 449 shared pairs. The grouped CV figure of this same
procedure is in docs/evaluation.md (issue 13): ``newsaudit eval reuse --pairs ... --cv-folds 4``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from newsaudit.corpus.copies import reuse_features
from newsaudit.evaluation.reuse import fit_reuse, load_pairs


def main() -> None:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    pairs = load_pairs(data / "counter-text-reuse" / "counter_pairs.jsonl")
    feats = np.vstack([reuse_features(p["source"]["text"], p["derived"]["text"]) for p in pairs])
    print(fit_reuse(feats, [str(p["label"]) for p in pairs]))


if __name__ == "__main__":
    main()
