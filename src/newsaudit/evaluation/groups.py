"""Grouped dev splits and cross-validation groups of the corpora the shared encoder learns from.

Whatever could leak between training and evaluation stays on one side:

* **PTC** (SemEval-2020 Task 11): articles are joined into groups when they are near
  duplicates (word 5-gram shingles, containment >= 0.3 of the smaller article; the same
  story from two outlets, or one story re-published), by union-find. A group is dev when
  ``sha1(smallest id) mod 5 == 0``. 33 article pairs pass the bar; 12 of them straddled the
  plain per-article split (``techniques.is_dev``).
* **Emergent**: by claim. ``sha1(claimId) mod 5 == 0`` is the held-out test set (absent
  from ``../shared/data``); of the rest, a claim is dev when ``sha1(claimId) mod 4 == 0``.
* **CheckThat! 2024**: the sentence ids are ClaimBuster's, numbered in debate order, but no
  debate field ships; blocks of 250 consecutive ids keep a stretch of one debate (one
  exchange, one speaker's run of sentences) in one fold.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

NEAR_DUPLICATE = 0.3
SHINGLE = 5
ID_BLOCK = 250
_WORD = re.compile(r"\w+")


def _sha(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def ptc_groups(texts: Mapping[str, str]) -> dict[str, str]:
    """Return ``{article id: group id}``; near-duplicate articles share a group (its smallest id)."""
    ids = sorted(texts)
    parent = {a: a for a in ids}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    grams = {a: _shingles(texts[a]) for a in ids}
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            small = min(len(grams[a]), len(grams[b])) or 1
            if len(grams[a] & grams[b]) / small >= NEAR_DUPLICATE:
                ra, rb = root(a), root(b)
                parent[max(ra, rb)] = min(ra, rb)
    return {a: root(a) for a in ids}


def ptc_is_dev(group: str) -> bool:
    """Return True when a PTC group (named by its smallest article id) is in the dev split."""
    return int(hashlib.sha1(group.encode("ascii")).hexdigest(), 16) % 5 == 0


def emergent_is_dev(claim_id: str) -> bool:
    """Return True when an Emergent claim (and all its headlines) is in our dev part."""
    return _sha(claim_id) % 4 == 0


def checkthat_group(sentence_id: str) -> int:
    """Return the id block of a CheckThat! sentence (a stretch of one debate)."""
    return int(sentence_id) // ID_BLOCK
