"""Stories: group the articles that report the same event, without comparing all pairs.

The steps, each a pure function:

1. ``represent``: sparse TF-IDF vectors (sublinear tf, L2) of the text and title, and of the
   capitalised words (a cheap, language-light stand-in for named entities: who and where).
2. ``candidate_pairs``: blocking. Each document keeps its ``block_terms`` heaviest terms; two
   documents are candidates when they share such a term whose block (documents keeping it)
   holds at most ``max_block`` documents. So a pair is compared only when both give weight to
   one rare word (a name, a street, a team), and the work grows with n · block_terms · max_block,
   not n².
3. ``pair_features`` / ``StoryModel.score``: a logistic model over text, title and name
   cosines and the date gap gives each candidate pair a probability of being one story.
4. ``average_linkage``: agglomerate on that sparse graph (a missing pair counts 0) while the
   average probability between two clusters stays above ``threshold``. Average linkage (not
   single) keeps the two same-kind events of one city and week apart unless most of their
   pairs agree.

The weights and thresholds in ``DEFAULT_MODEL`` were fitted on the shared parts of ECB+ and
GVA (``newsaudit.evaluation.stories.fit_model``); the grouped cross-validated figures and the
command are in ``docs/evaluation.md``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

_WORD = re.compile(r"\w+")
_NAME = re.compile(r"(?<![.!?\n]\s)(?<!^)\b[A-Z][\w'-]*[a-z][\w'-]*", re.MULTILINE)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
RARE_POWER = 3.0  # the "rare" cosine: idf cubed, so words of one event outweigh words of its kind
_TITLE_SEP = re.compile(r"\s(?:[-|–—]|::)\s")
FEATURES = (
    "text",
    "rare",
    "title",
    "names",
    "numbers",
    "year_conflict",
    "title_missing",
    "date_gap",
    "date_missing",
    "same_site",
)
# The second stage adds the context feature: how alike the two documents' neighbourhoods are.
FEATURES2 = (*FEATURES, "context")


@dataclass(frozen=True)
class StoryDoc:
    """One document to group: its id, text and what metadata is known."""

    id: str
    text: str
    title: str = ""
    date: date | None = None
    site: str = ""


@dataclass(frozen=True)
class StoryModel:
    """Pair weights and the clustering settings.

    ``first`` weighs ``FEATURES`` (then the bias) into a first probability per pair; ``weights``
    weighs ``FEATURES2`` (the same plus the context cosine of first probabilities) into the
    final one.
    """

    first: tuple[float, ...]
    weights: tuple[float, ...]
    threshold: float = 0.5
    block_terms: int = 12
    max_block: int = 60

    def score(self, rep: Representation, pairs: np.ndarray) -> np.ndarray:
        """Return the probability that each candidate pair is one story."""
        return logistic(features2(rep, pairs, self.first), self.weights)


def logistic(feats: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """Return the logistic model's probability per feature row (weights, then the bias)."""
    w = np.asarray(weights, dtype=np.float64)
    z = feats @ w[:-1] + w[-1]
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


def features2(rep: Representation, pairs: np.ndarray, first: Sequence[float]) -> np.ndarray:
    """Return ``FEATURES2`` rows: the pair features and the context cosine of first-stage scores."""
    feats = pair_features(rep, pairs)
    return np.column_stack([feats, context(len(rep.sites), pairs, logistic(feats, first))])


def context(n: int, pairs: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Return, per pair, the cosine of the two documents' rows of the probability graph.

    Each document's row holds its first-stage probability with every candidate (and 1 with
    itself): two reports of one event agree on who else reports it, two same-kind events
    each have their own crowd.
    """
    if len(pairs) == 0:
        return np.zeros(0)
    i, j = pairs[:, 0], pairs[:, 1]
    g = sparse.csr_matrix(
        (np.concatenate([probs, probs]), (np.concatenate([i, j]), np.concatenate([j, i]))), shape=(n, n)
    )
    g = sparse.csr_matrix(g + sparse.identity(n))
    norms = np.sqrt(np.asarray(g.multiply(g).sum(axis=1)).ravel())
    g = sparse.csr_matrix(sparse.diags(1.0 / norms) @ g)
    return _rowdot(g, i, j)


# Fitted by `newsaudit.evaluation.stories.fit_model` on the shared part of GVA (4,800 local news
# articles with titles, dates and sites: what a corpus store holds), `training/fit_stories.py`.
# A fit on ECB+ and GVA together scores better on ECB+ (no titles, no dates) and worse on GVA;
# both figures and the per-corpus grouped CV are in docs/evaluation.md (issue 13).
DEFAULT_MODEL = StoryModel(
    first=(-13.9635, 10.9384, 3.5655, 12.2585, 5.5753, 1.0014, 0.0, -1.0789, 0.0, -1.3154, -2.651),
    weights=(-8.9493, 6.1692, 1.946, 6.9866, 3.5097, 0.6359, 0.0, -0.676, 0.0, -0.7615, 4.5175, -3.7708),
    threshold=0.2,
)


def parse_date(value: Any) -> date | None:
    """Return the date of an ISO string (``YYYY-MM-DD...``), or None."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def clean_title(title: str) -> str:
    """Drop a trailing site name (``... - WAFF-TV``, ``... :: WRAL.com``) after the last separator."""
    title = (title or "").strip()
    cuts = list(_TITLE_SEP.finditer(title))
    if cuts and len(title[: cuts[-1].start()].split()) >= 3:
        return title[: cuts[-1].start()].strip()
    return title


def _tokens(text: str) -> list[str]:
    return [t for t in _WORD.findall(text.lower()) if len(t) > 1]


def _dedupe_paragraphs(text: str) -> str:
    """Keep each paragraph once: crawled pages repeat teasers and furniture."""
    seen: set[str] = set()
    kept = []
    for para in re.split(r"\n\s*\n|\n", text):
        key = para.strip()
        if key and key not in seen:
            seen.add(key)
            kept.append(key)
    return "\n".join(kept)


def tfidf(token_lists: Sequence[Sequence[str]], power: float = 1.0) -> sparse.csr_matrix:
    """Return the L2-normalised sublinear TF-IDF matrix (documents × terms) of token lists.

    ``power`` > 1 sharpens the idf, so the vector is dominated by the rarest words.
    """
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, toks in enumerate(token_lists):
        counts: dict[int, int] = {}
        for t in toks:
            j = vocab.setdefault(t, len(vocab))
            counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            rows.append(i)
            cols.append(j)
            vals.append(1.0 + math.log(c))
    n = len(token_lists)
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float64)
    df = np.bincount(m.indices, minlength=m.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1.0
    m = m @ sparse.diags(idf**power)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


@dataclass
class Representation:
    """The sparse vectors and metadata of a document set."""

    text: sparse.csr_matrix
    rare: sparse.csr_matrix
    title: sparse.csr_matrix
    names: sparse.csr_matrix
    numbers: sparse.csr_matrix
    years: list[frozenset[str]]
    has_title: np.ndarray
    days: np.ndarray  # ordinal day, NaN when unknown
    sites: list[str] = field(default_factory=list)


def represent(docs: Sequence[StoryDoc]) -> Representation:
    """Return the TF-IDF vectors of text (+ title), title and capitalised names."""
    bodies = [_dedupe_paragraphs(d.text) for d in docs]
    titles = [clean_title(d.title) for d in docs]
    tokens = [_tokens(t + "\n" + b) for t, b in zip(titles, bodies, strict=True)]
    text, rare = tfidf(tokens), tfidf(tokens, RARE_POWER)
    title = tfidf([_tokens(t) for t in titles])
    names = tfidf(
        [[w.lower() for w in _NAME.findall(t + "\n" + b)] for t, b in zip(titles, bodies, strict=True)]
    )
    joined = [t + "\n" + b for t, b in zip(titles, bodies, strict=True)]
    numbers = tfidf([[w for w in _WORD.findall(t) if w.isdigit()] for t in joined])
    years = [frozenset(_YEAR.findall(t)) for t in joined]
    days = np.array([d.date.toordinal() if d.date else np.nan for d in docs], dtype=np.float64)
    has_title = np.array([bool(t) for t in titles])
    return Representation(text, rare, title, names, numbers, years, has_title, days, [d.site for d in docs])


def candidate_pairs(rep: Representation, block_terms: int, max_block: int) -> np.ndarray:
    """Return the ``(k, 2)`` array of candidate pairs ``i < j`` that share a rare heavy term."""
    mats = [rep.text, rep.names]
    pairs: list[np.ndarray] = []
    for m in mats:
        keep = _top_terms(m, block_terms)
        df = np.bincount(keep.indices, minlength=keep.shape[1])
        keep = keep[:, np.flatnonzero((df >= 2) & (df <= max_block))]
        keep.data[:] = 1.0
        co = sparse.triu(keep @ keep.T, k=1).tocoo()
        pairs.append(np.stack([co.row, co.col], axis=1))
    allp = np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)
    return np.unique(allp.astype(np.int64), axis=0) if len(allp) else allp.astype(np.int64)


def _top_terms(m: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Keep each row's ``k`` largest entries."""
    m = m.copy()
    for i in range(m.shape[0]):
        lo, hi = m.indptr[i], m.indptr[i + 1]
        if hi - lo > k:
            row = m.data[lo:hi]
            cut = np.partition(row, hi - lo - k)[hi - lo - k]
            row[row < cut] = 0.0
    m.eliminate_zeros()
    return m


def _rowdot(m: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    """Return the dot product of rows ``i[k]`` and ``j[k]``, in chunks so memory stays flat."""
    out = np.zeros(len(i))
    for lo in range(0, len(i), chunk):
        a, b = i[lo : lo + chunk], j[lo : lo + chunk]
        out[lo : lo + len(a)] = np.asarray(m[a].multiply(m[b]).sum(axis=1)).ravel()
    return out


def pair_features(rep: Representation, pairs: np.ndarray) -> np.ndarray:
    """Return the feature rows (``FEATURES``) of the candidate pairs."""
    i, j = pairs[:, 0], pairs[:, 1]
    both_titles = rep.has_title[i] & rep.has_title[j]
    gap = np.abs(rep.days[i] - rep.days[j])
    date_missing = np.isnan(gap)
    sites = np.array(rep.sites, dtype=object)
    same_site = (sites[i] == sites[j]) & (sites[i] != "") if len(i) else np.zeros(0, dtype=bool)
    return np.column_stack(
        [
            _rowdot(rep.text, i, j),
            _rowdot(rep.rare, i, j),
            np.where(both_titles, _rowdot(rep.title, i, j), 0.0),
            _rowdot(rep.names, i, j),
            _rowdot(rep.numbers, i, j),
            np.array(
                [
                    float(bool(rep.years[a] and rep.years[b] and not rep.years[a] & rep.years[b]))
                    for a, b in zip(i.tolist(), j.tolist(), strict=True)
                ]
            ),
            (~both_titles).astype(np.float64),
            np.where(date_missing, 0.0, np.log1p(np.nan_to_num(gap))),
            date_missing.astype(np.float64),
            same_site.astype(np.float64),
        ]
    ).reshape(len(i), len(FEATURES))


def average_linkage(n: int, pairs: np.ndarray, sims: np.ndarray, threshold: float) -> list[int]:
    """Return a cluster label per item: average-linkage merges while the mean similarity > threshold.

    Pairs missing from the sparse graph count as similarity 0, so two clusters merge only
    when their linked pairs outweigh the unlinked ones.
    """
    size = [1] * n
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for (a, b), s in zip(pairs.tolist(), sims.tolist(), strict=True):
        if s > 0:
            links[a][b] = links[a].get(b, 0.0) + s
            links[b][a] = links[b].get(a, 0.0) + s
    heap = [(-s, a, b) for a in range(n) for b, s in links[a].items() if a < b and s > threshold]
    heapq.heapify(heap)
    alive = [True] * n
    parent = list(range(n))
    while heap:
        neg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        current = links[a].get(b, 0.0) / (size[a] * size[b])
        if abs(current + neg) > 1e-12:
            continue  # stale entry: the pair's average changed since it was pushed
        _merge(a, b, size, links, alive, parent)
        for c, s in links[a].items():
            avg = s / (size[a] * size[c])
            if avg > threshold:
                heapq.heappush(heap, (-avg, min(a, c), max(a, c)))
    return [_find(parent, x) for x in range(n)]


def _merge(
    a: int, b: int, size: list[int], links: list[dict[int, float]], alive: list[bool], parent: list[int]
) -> None:
    """Fold cluster ``b`` into ``a``."""
    for c, s in links[b].items():
        if c == a:
            continue
        links[a][c] = links[a].get(c, 0.0) + s
        del links[c][b]
        links[c][a] = links[a][c]
    links[a].pop(b, None)
    links[b] = {}
    size[a] += size[b]
    alive[b] = False
    parent[b] = a


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def cluster_labels(docs: Sequence[StoryDoc], model: StoryModel = DEFAULT_MODEL) -> list[int]:
    """Return one story label per document (labels are arbitrary integers)."""
    if not docs:
        return []
    rep = represent(docs)
    pairs = candidate_pairs(rep, model.block_terms, model.max_block)
    sims = model.score(rep, pairs) if len(pairs) else np.zeros(0)
    return average_linkage(len(docs), pairs, sims, model.threshold)


def with_threshold(model: StoryModel, threshold: float) -> StoryModel:
    """Return the model with another clustering threshold."""
    return replace(model, threshold=threshold)


# --- stories of a corpus store (``newsaudit corpus stories``) --------------------------------

SCHEMA = "newsaudit.stories/1"


@dataclass(frozen=True)
class Story:
    """One story: its articles (earliest first), the article it started from, and a title."""

    id: str
    articles: tuple[str, ...]
    origin: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "articles": list(self.articles), "origin": self.origin, "title": self.title}


def group_stories(
    docs: Sequence[StoryDoc], model: StoryModel = DEFAULT_MODEL, min_articles: int = 2
) -> list[Story]:
    """Return the stories of ``docs`` with at least ``min_articles`` articles, largest first.

    The origin is the earliest dated article (ties and undated articles: by id); a story's id
    is a hash of its article ids, so it is the same in every run over the same articles.
    """
    import hashlib

    members: dict[int, list[StoryDoc]] = {}
    for doc, label in zip(docs, cluster_labels(docs, model), strict=True):
        members.setdefault(label, []).append(doc)
    stories = []
    for group in members.values():
        if len(group) < min_articles:
            continue
        group.sort(key=lambda d: (d.date is None, d.date or date.min, d.id))
        ids = tuple(d.id for d in group)
        sid = "s" + hashlib.sha1("\n".join(sorted(ids)).encode("utf-8")).hexdigest()[:12]
        origin = group[0]
        title = clean_title(origin.title) or " ".join(origin.text.split()[:12])
        stories.append(Story(sid, ids, origin.id, title))
    stories.sort(key=lambda s: (-len(s.articles), s.id))
    return stories


def store_docs(directory: str | Path) -> list[StoryDoc]:
    """Return the audited articles of a corpus store as documents to group (id order)."""
    from .store import Store

    with Store(directory, read_only=True) as store:
        rows = store.query(
            "SELECT id, text, title, date, site FROM articles WHERE text IS NOT NULL ORDER BY id"
        )
    return [StoryDoc(str(i), str(t), str(ti or ""), parse_date(d), str(s or "")) for i, t, ti, d, s in rows]


def stories_json(stories: Sequence[Story]) -> str:
    """Render stories as ``newsaudit.stories/1`` JSON."""
    import json

    return json.dumps(
        {"schema": SCHEMA, "stories": [s.to_dict() for s in stories]}, indent=2, ensure_ascii=False
    )


def stories_csv(stories: Sequence[Story]) -> str:
    """Render stories as CSV: one row per (story, article), the origin flagged."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["story", "article", "origin", "title"])
    for s in stories:
        for a in s.articles:
            writer.writerow([s.id, a, int(a == s.origin), s.title])
    return out.getvalue()


def stories_html(stories: Sequence[Story]) -> str:
    """Render stories as one self-contained HTML page (escaped; nothing fetched)."""
    from html import escape

    rows = "\n".join(
        f"<tr><td>{escape(s.id)}</td><td>{escape(s.title)}</td><td>{len(s.articles)}</td>"
        f"<td>{escape(s.origin)}</td><td>{escape(', '.join(s.articles))}</td></tr>"
        for s in stories
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Stories</title>'
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}</style></head><body>"
        f"<h1>Stories ({len(stories)})</h1><table><thead><tr><th>story</th><th>title</th>"
        f"<th>articles</th><th>origin</th><th>article ids</th></tr></thead><tbody>\n{rows}\n"
        "</tbody></table></body></html>\n"
    )
