"""Copies: which article reused which, how much, the reused passages, and the direction.

Language-agnostic by construction: texts are compared as NFKC case-folded strings of their
letters and digits only (spaces and punctuation dropped), so retyped copies whose spacing
differs ("کیلئے" / "کے لئے") still share character shingles; no stop words, stemmers or models.

* ``reuse_features``: the share of each text covered by character ``k``-shingles of the other
  (k = 5, 8, 12) and the log length ratio.
* ``ReuseModel``: two logistic stages over those features, derived vs not and, if derived,
  whole vs partial; weights and thresholds fitted by grouped CV on COUNTER
  (``newsaudit.evaluation.reuse``).
* ``passages``: runs of the derived text covered by 8-shingles of the source (gaps of a few
  characters bridged), each paired with the source stretch its shingles came from, as offsets
  into both original texts.
* ``direction``: which of two texts is the original: the earlier date, then a citation of the
  other's outlet in the text, then containment (the more covered text is the copy).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

SHINGLES = (5, 8, 12)
PASSAGE_K = 8
PASSAGE_GAP = 6  # characters of the normalised text bridged inside one passage
MIN_PASSAGE = 24  # normalised characters; shorter runs are shared names and numbers
FEATURES = (*(f"{side}_cov{k}" for k in SHINGLES for side in ("derived", "source")), "log_length_ratio")
LABELS = ("ND", "PD", "WD")


@dataclass(frozen=True)
class Normalised:
    """A text's letters and digits (NFKC, case-folded) and each one's offset in the original."""

    chars: str
    offsets: tuple[int, ...]


def normalise(text: str) -> Normalised:
    """Return the comparable form of ``text`` with an offset map back to it."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isalnum():
                chars.append(c)
                offsets.append(i)
    return Normalised("".join(chars), tuple(offsets))


def shingle_index(s: str, k: int) -> dict[str, int]:
    """Return each ``k``-character shingle of ``s`` and its first position."""
    index: dict[str, int] = {}
    for i in range(len(s) - k + 1):
        index.setdefault(s[i : i + k], i)
    return index


def covered(a: str, index: dict[str, int], k: int) -> np.ndarray:
    """Return a mask of the characters of ``a`` inside a shingle found in ``index``."""
    hit = np.zeros(len(a), dtype=bool)
    for i in range(len(a) - k + 1):
        if a[i : i + k] in index:
            hit[i : i + k] = True
    return hit


def shingle_hashes(s: str, k: int) -> np.ndarray:
    """Return a 64-bit hash of each ``k``-character shingle of ``s``, in order (vectorised)."""
    codes = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        return np.zeros(0, dtype=np.uint64)
    powers = np.cumprod(np.full(k, 1_000_003, dtype=np.uint64))  # wraps mod 2**64, as meant
    windows = np.lib.stride_tricks.sliding_window_view(codes, k)
    return np.asarray((windows * powers).sum(axis=1, dtype=np.uint64))


def _share(n: int, mine: np.ndarray, other: np.ndarray, k: int) -> float:
    """Return the share of a text of ``n`` characters inside shingles that ``other`` has too."""
    if n == 0 or len(mine) == 0:
        return 0.0
    starts = np.isin(mine, other).astype(np.int64)
    return float((np.convolve(starts, np.ones(k, dtype=np.int64))[:n] > 0).mean())


@dataclass(frozen=True)
class Prepared:
    """A text normalised once, with its shingle hashes for every ``SHINGLES`` size."""

    norm: Normalised
    hashes: dict[int, np.ndarray]


def prepare(text: str) -> Prepared:
    """Return the normalised text and its shingle hashes (computed once per article)."""
    norm = normalise(text)
    return Prepared(norm, {k: shingle_hashes(norm.chars, k) for k in SHINGLES})


def reuse_features(source: str | Prepared, derived: str | Prepared) -> np.ndarray:
    """Return the ``FEATURES`` of a (source, derived) pair of texts."""
    s = source if isinstance(source, Prepared) else prepare(source)
    d = derived if isinstance(derived, Prepared) else prepare(derived)
    ns, nd = len(s.norm.chars), len(d.norm.chars)
    feats: list[float] = []
    for k in SHINGLES:
        feats += [_share(nd, d.hashes[k], s.hashes[k], k), _share(ns, s.hashes[k], d.hashes[k], k)]
    feats.append(math.log((nd + 1) / (ns + 1)))
    return np.asarray(feats, dtype=np.float64)


def _logistic(x: np.ndarray, w: Sequence[float]) -> np.ndarray:
    ww = np.asarray(w, dtype=np.float64)
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x @ ww[:-1] + ww[-1], -30, 30))))


@dataclass(frozen=True)
class ReuseModel:
    """Derived-vs-not and whole-vs-partial logistic weights (``FEATURES``, then bias), thresholds."""

    derived: tuple[float, ...]
    whole: tuple[float, ...]
    derived_threshold: float = 0.5
    whole_threshold: float = 0.5

    def classify(self, feats: np.ndarray) -> list[str]:
        """Return ``ND`` / ``PD`` / ``WD`` per feature row."""
        x = np.atleast_2d(feats)
        is_derived = _logistic(x, self.derived) >= self.derived_threshold
        is_whole = _logistic(x, self.whole) >= self.whole_threshold
        return [("WD" if w else "PD") if d else "ND" for d, w in zip(is_derived, is_whole, strict=True)]


# Fitted by `newsaudit.evaluation.reuse.fit_reuse` on the shared part of COUNTER (449 pairs,
# `training/fit_reuse.py`);
# the grouped CV figures and command are in docs/evaluation.md (issue 13).
DEFAULT_REUSE = ReuseModel(
    derived=(3.6239, 0.5461, 3.1797, 5.283, 2.2608, -4.0983, -1.2473, -2.8836),
    whole=(-3.9918, 0.8973, 11.3479, -7.5744, -0.7124, 7.3284, -1.3568, -3.6184),
    derived_threshold=0.5,
    whole_threshold=0.65,
)


@dataclass(frozen=True)
class Passage:
    """A reused stretch: offsets into the source text and into the derived text."""

    source_start: int
    source_end: int
    derived_start: int
    derived_end: int

    def to_dict(self) -> dict[str, int]:
        return {
            "source_start": self.source_start,
            "source_end": self.source_end,
            "derived_start": self.derived_start,
            "derived_end": self.derived_end,
        }


def passages(source: str, derived: str, k: int = PASSAGE_K) -> list[Passage]:
    """Return the reused passages of ``derived`` found in ``source``, in derived order.

    A passage is a run of derived shingles found in the source (gaps of ``PASSAGE_GAP``
    characters bridged) with at least ``MIN_PASSAGE`` characters really covered, so two short
    shared names a few words apart are no passage.
    """
    s, d = normalise(source), normalise(derived)
    hs, hd = shingle_hashes(s.chars, k), shingle_hashes(d.chars, k)
    if len(hs) == 0 or len(hd) == 0:
        return []
    found_at = np.flatnonzero(np.isin(hd, hs))
    uniq, first = np.unique(hs, return_index=True)
    source_pos = first[np.searchsorted(uniq, hd[found_at])]
    mask = np.convolve(np.isin(hd, hs).astype(np.int64), np.ones(k, dtype=np.int64))[: len(d.chars)] > 0
    found = []
    for lo, hi in _runs(found_at.tolist(), k):
        if int(mask[lo:hi].sum()) < MIN_PASSAGE:
            continue
        inside = (found_at >= lo) & (found_at < hi)
        s_lo, s_hi = _main_stretch(source_pos[inside].tolist(), k)
        found.append(Passage(s.offsets[s_lo], s.offsets[s_hi - 1] + 1, d.offsets[lo], d.offsets[hi - 1] + 1))
    return found


def _runs(starts: list[int], k: int) -> list[tuple[int, int]]:
    """Merge shingle starts into covered runs ``[lo, hi)``, bridging small gaps."""
    runs: list[tuple[int, int]] = []
    for i in starts:
        if runs and i <= runs[-1][1] + PASSAGE_GAP:
            runs[-1] = (runs[-1][0], max(runs[-1][1], i + k))
        else:
            runs.append((i, i + k))
    return runs


def _main_stretch(starts: list[int], k: int) -> tuple[int, int]:
    """Return the densest stretch of source positions a run's shingles came from."""
    best: tuple[int, int] = (starts[0], starts[0] + k)
    best_n, lo, n = 0, 0, 0
    ordered = sorted(starts)
    for j, pos in enumerate(ordered):
        if j and pos - ordered[j - 1] > 4 * k:
            lo, n = j, 0
        n += 1
        if n > best_n:
            best_n, best = n, (ordered[lo], pos + k)
    return best


def share_of(derived: str, found: Sequence[Passage]) -> float:
    """Return the fraction of the derived text's letters and digits inside the passages."""
    d = normalise(derived)
    if not d.chars:
        return 0.0
    inside = sum(1 for off in d.offsets if any(p.derived_start <= off < p.derived_end for p in found))
    return inside / len(d.chars)


def _source_share(source: str, found: Sequence[Passage]) -> float:
    """Return the fraction of the source's letters and digits inside the passages' source side."""
    s = normalise(source)
    if not s.chars:
        return 0.0
    inside = sum(1 for off in s.offsets if any(p.source_start <= off < p.source_end for p in found))
    return inside / len(s.chars)


def cites(text: str, name: str) -> bool:
    """Return True when ``text`` credits ``name`` (an outlet or site) as its source."""
    if not name:
        return False
    stem = re.escape(name.split(".")[0]) if "." in name else re.escape(name)
    cue = r"(?:according to|reported by|first reported by|reports?|reported|citing|via|courtesy of|source:|credit:|\(c\)|©)"
    pattern = rf"{cue}\W+(?:the\s+)?{stem}\b|\b{stem}\W+(?:reports?|reported|said)\b"
    return re.search(pattern, text, re.IGNORECASE) is not None


def direction(
    a: tuple[str, date | None, str], b: tuple[str, date | None, str], features: np.ndarray | None = None
) -> tuple[int, str]:
    """Return ``(index of the original: 0 for a, 1 for b, how it was decided)``.

    ``a`` and ``b`` are ``(text, date, outlet name)``; ``features`` are ``reuse_features``
    with ``a`` as source (computed when not given).
    """
    (ta, da, na), (tb, db, nb) = a, b
    if da and db and da != db:
        return (0 if da < db else 1), "date"
    a_cites, b_cites = cites(ta, nb), cites(tb, na)
    if a_cites != b_cites:
        return (1 if a_cites else 0), "citation"
    f = reuse_features(ta, tb) if features is None else features
    # FEATURES[0] = share of b covered by a, FEATURES[1] = share of a covered by b
    return (0 if f[0] >= f[1] else 1), "containment"


# --- copies in a corpus store (``newsaudit corpus copies``) ----------------------------------

SCHEMA = "newsaudit.copies/1"
SAMPLE = 4  # keep the 8-shingles whose hash is 0 mod SAMPLE for candidate lookup
MIN_SHARED = 6  # sampled shingles two articles must share to be compared
MAX_POSTING = 50  # a sampled shingle in more articles is boilerplate, not evidence of copying
MIN_CONTAINMENT = 0.1  # shared sampled shingles over the smaller article's: below, no copy to find
TIE = 0.02  # shares closer than this are a tie when choosing which of two sources was used


@dataclass(frozen=True)
class Article:
    """What the copy finder needs of a stored article."""

    id: str
    text: str
    date: date | None = None
    site: str = ""


@dataclass(frozen=True)
class Copy:
    """One derivation: ``derived`` reused ``source``; ``share`` of the derived text is reused."""

    source: str
    derived: str
    kind: str  # "whole" | "partial"
    share: float
    passages: tuple[Passage, ...]
    how: str  # how the direction was decided: date, citation or containment
    source_share: float = 0.0  # share of the source text taken over

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "derived": self.derived,
            "kind": self.kind,
            "share": round(self.share, 4),
            "direction": self.how,
            "passages": [p.to_dict() for p in self.passages],
        }


def _sampled(text: str) -> set[int]:
    """Return the hash-sampled 8-shingles of a text (the same shingles in every text)."""
    h = shingle_hashes(normalise(text).chars, PASSAGE_K)
    return {int(x) for x in np.unique(h[(h >> np.uint64(40)) % np.uint64(SAMPLE) == 0])}


def candidate_copies(articles: Sequence[Article]) -> list[tuple[int, int]]:
    """Return pairs ``i < j`` sharing enough sampled shingles (no all-pairs pass).

    Enough: at least ``MIN_SHARED``, and at least ``MIN_CONTAINMENT`` of the smaller article's
    (an estimate of its containment: same-site furniture shares a few, a copy many).
    """
    postings: dict[int, list[int]] = {}
    grams = [_sampled(a.text) for a in articles]
    for i, found in enumerate(grams):
        for g in found:
            postings.setdefault(g, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for docs in postings.values():
        if 2 <= len(docs) <= MAX_POSTING:
            for x, i in enumerate(docs):
                for j in docs[x + 1 :]:
                    shared[(i, j)] = shared.get((i, j), 0) + 1
    size = [len(g) for g in grams]
    return sorted(
        (i, j)
        for (i, j), n in shared.items()
        if n >= MIN_SHARED and n >= MIN_CONTAINMENT * min(size[i], size[j])
    )


def find_copies(articles: Sequence[Article], model: ReuseModel = DEFAULT_REUSE) -> list[Copy]:
    """Return the copies among ``articles``; a copy of a copy names the copy it used."""
    found: list[Copy] = []
    prepared: dict[int, Prepared] = {}
    for i, j in candidate_copies(articles):
        a, b = articles[i], articles[j]
        pa = prepared.setdefault(i, prepare(a.text))
        pb = prepared.setdefault(j, prepare(b.text))
        feats = reuse_features(pa, pb)
        who, how = direction((a.text, a.date, a.site), (b.text, b.date, b.site), feats)
        src, der = (a, b) if who == 0 else (b, a)
        f = feats if who == 0 else reuse_features(pb, pa)
        label = model.classify(f)[0]
        if label == "ND":
            continue
        spans = tuple(passages(src.text, der.text))
        if spans:
            found.append(
                Copy(
                    src.id,
                    der.id,
                    "whole" if label == "WD" else "partial",
                    share_of(der.text, spans),
                    spans,
                    how,
                    _source_share(src.text, spans),
                )
            )
    return _nearest_sources(found)


def _nearest_sources(found: list[Copy]) -> list[Copy]:
    """Keep, of two related sources of one article, the one it used.

    Two sources are related when one copied the other or both copied a common source: then
    the article's shared text is explained by either, and the one used is the closer text: the
    larger share of the derived article reused, then (a tie within ``TIE``: an unchanged
    passage is in both) the larger share of the source taken over, so a copy that cut the
    original wins when the article cut it too; a remaining tie keeps the original.
    """
    sources: dict[str, set[str]] = {}
    for c in found:
        sources.setdefault(c.derived, set()).add(c.source)
    ancestry = {d: _ancestors(d, sources) for d in sources}
    by_derived: dict[str, list[Copy]] = {}
    for c in found:
        by_derived.setdefault(c.derived, []).append(c)
    dropped: set[tuple[str, str]] = set()
    for copies in by_derived.values():
        for x in copies:
            for y in copies:
                ax, ay = ancestry.get(x.source, set()), ancestry.get(y.source, set())
                if x.source == y.source or not (x.source in ay or ax & ay):
                    continue
                if _closeness(y) > _closeness(x) or (_closeness(y) == _closeness(x) and x.source in ay):
                    dropped.add(
                        (x.source, x.derived) if _closeness(y) > _closeness(x) else (y.source, y.derived)
                    )
    return sorted(
        (c for c in found if (c.source, c.derived) not in dropped), key=lambda c: (c.derived, c.source)
    )


def _ancestors(node: str, sources: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(sources.get(node, ()))
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo.extend(sources.get(n, ()))
    return seen


def _closeness(c: Copy) -> tuple[float, float]:
    return (round(c.share / TIE), c.source_share)


def store_articles(directory: str | Path) -> list[Article]:
    """Return the audited articles of a corpus store (id order)."""
    from .store import Store
    from .stories import parse_date

    with Store(directory, read_only=True) as store:
        rows = store.query("SELECT id, text, date, site FROM articles WHERE text IS NOT NULL ORDER BY id")
    return [Article(str(i), str(t), parse_date(d), str(s or "")) for i, t, d, s in rows]


def copies_json(found: Sequence[Copy]) -> str:
    """Render copies as ``newsaudit.copies/1`` JSON."""
    import json

    return json.dumps({"schema": SCHEMA, "copies": [c.to_dict() for c in found]}, indent=2)


def copies_csv(found: Sequence[Copy]) -> str:
    """Render copies as CSV: one row per passage (a copy without passages has none)."""
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "source",
            "derived",
            "kind",
            "share",
            "direction",
            "source_start",
            "source_end",
            "derived_start",
            "derived_end",
        ]
    )
    for c in found:
        for p in c.passages:
            w.writerow(
                [
                    c.source,
                    c.derived,
                    c.kind,
                    round(c.share, 4),
                    c.how,
                    p.source_start,
                    p.source_end,
                    p.derived_start,
                    p.derived_end,
                ]
            )
    return out.getvalue()
