"""Score the source ledger, denials, loaded labels and the score on blind ledger batches.

A batch folder holds pairs ``NN_slug.txt`` (the article) and ``NN_slug.json`` (its gold, the
format of the annotators' brief: ``statements``, ``denials``, ``loaded_phrases``,
``neutral_phrases``, ``sourcing_tier``). Each text is audited with the default settings and
compared with its gold. The rules (``newsaudit eval blind-ledger --dir DIR``):

* **Where gold lies.** A gold string is located in the audited text (exact, else with runs of
  whitespace folded); statements are searched in article order, each from the previous one's
  start (two statements of one relay share a content). A string not found is a miss of its own.
* **Found.** A ledger entry matches a gold statement when its content span covers at least
  ``OVERLAP`` (half) of the gold content's words (runs of letters and digits). Matching is
  one-to-one and greedy: covering pairs first by name right, then type right, then coverage.
* **Type right**: the entry's ``source_type`` is one of the gold ``types``.
* **Name right** (for gold statements whose types are all named: ``named_person``,
  ``named_organization``, ``media_outlet``; an anonymous source or a document has no name to
  get right): the entry's full name (its ``name`` plus its source text) contains, as a
  whole word, the head of gold ``source_full``: the last word before a comma, a parenthesis or
  a post-modifier (of, for, by, who, familiar, at, in, with, from, on, that), or the acronym in
  its parentheses, or the initials of its capitalised words ("Maria Okonjo" -> "Okonjo";
  "the Ministry of Health" -> "Ministry"; "a source familiar with the matter" -> "source").
* **Relay right**: gold ``relayed_by`` null and the entry has no parent, or the parent's full
  name contains the head of ``relayed_by``. ``relays_found`` counts only gold relays.
* **Denial paired**: some denial's target attribution has a content covering half of the gold
  ``denied`` words, or a claim listing the denial does, or the denial's own span does (the
  denial states what it denies: "X denied that ...").  ``denier right`` is reported beside it.
* **Loaded phrase found**: a technique span labelled ``Name_Calling,Labeling`` or
  ``Loaded_Language`` overlaps an occurrence of the phrase. A **false alarm** is such a span
  overlapping an occurrence of a neutral phrase.
* **Rank order**: over all pairs of articles with different ``sourcing_tier``, the share
  ordered like the tiers by the score (equal scores count half); and the mean score per tier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..article import Article, Attribution, Span
from ..errors import EvalDataError
from . import EvalResult
from .files import read_json_object

OVERLAP = 0.5  # share of the gold content's words a ledger content must cover
LOADED_LABELS = ("Name_Calling,Labeling", "Loaded_Language")
_WORD = re.compile(r"[^\W_]+")
_CUT = re.compile(r",|\(|\s[-—–]\s|\s(?:of|for|by|who|familiar|at|in|with|from|on|that)\s", re.I)
_GOLD_KEYS = ("statements", "sourcing_tier")
NAMED_TYPES = frozenset({"named_person", "named_organization", "media_outlet"})


@dataclass
class StatementScore:
    """One gold statement and the ledger entry matched to it, if any."""

    gold: dict[str, Any]
    where: tuple[int, int] | None = None
    entry: str | None = None  # id of the matched attribution
    type_right: bool = False
    name_right: bool = False
    relay_right: bool = False
    named: bool = False  # every gold type is a named one, so the name is scored
    found_as: str = ""  # how the ledger gives it: "type | source | name | parent"


@dataclass
class ItemScore:
    """What the audit got right and wrong on one blind article."""

    name: str
    tier: int
    score: float | None
    statements: list[StatementScore] = field(default_factory=list)
    relays: int = 0
    relays_found: int = 0
    denials: int = 0
    denials_paired: int = 0
    deniers_right: int = 0
    loaded: int = 0
    loaded_found: int = 0
    neutral: int = 0
    false_alarms: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        """Return how many gold statements a ledger entry matched."""
        return sum(s.entry is not None for s in self.statements)

    def count(self, key: str) -> int:
        """Return how many matched statements have ``key`` (type_right, name_right, relay_right)."""
        return sum(bool(getattr(s, key)) for s in self.statements if s.entry is not None)


def locate(text: str, phrase: str, after: int = 0) -> tuple[int, int] | None:
    """Return the first occurrence of ``phrase`` at or after ``after`` (else anywhere)."""
    spots = occurrences(text, phrase)
    later = [s for s in spots if s[0] >= after]
    return (later or spots)[0] if spots else None


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Return every occurrence of ``phrase`` in ``text``, whitespace runs folded."""
    words = phrase.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def coverage(text: str, where: tuple[int, int], span: Span) -> float:
    """Return the share of the words of ``text[where]`` that lie inside ``span``."""
    words = [(where[0] + m.start(), where[0] + m.end()) for m in _WORD.finditer(text[where[0] : where[1]])]
    if not words:
        return 0.0
    inside = sum(span.start <= s and e <= span.end for s, e in words)
    return inside / len(words)


def heads(full: str) -> set[str]:
    """Return the words any of which names ``full``: its head, acronym or initials (lower case)."""
    out: set[str] = {m.lower() for m in re.findall(r"\(([A-Z][A-Za-z0-9&.]{1,9})\)", full)}
    core = _CUT.split(full.strip(), maxsplit=1)[0]
    core = re.sub(r"['’]s?\b", "", core)
    words = _WORD.findall(core)
    if words:
        out.add(words[-1].lower())
    caps = [w for w in words if w[0].isupper()]
    if len(caps) >= 2:
        out.add("".join(w[0] for w in caps).lower())
    return out


def names(full_name: str, gold_full: str | None) -> bool:
    """Return True when ``full_name`` contains a head of ``gold_full`` as a whole word."""
    if not gold_full:
        return False
    have = {w.lower() for w in _WORD.findall(full_name)}
    return bool(heads(gold_full) & have)


def full_name(text: str, a: Attribution) -> str:
    """Return the name a reader of the ledger sees for ``a``: its name and its source text."""
    return f"{a.name or ''} {a.source.text_of(text)}".strip()


def _match_statements(article: Article, item: ItemScore) -> None:
    text = article.text
    by_id = {a.id: a for a in article.attributions}
    pairs = []
    for i, st in enumerate(item.statements):
        if st.where is None:
            continue
        for a in article.attributions:
            cov = coverage(text, st.where, a.content)
            if cov >= OVERLAP:
                name_ok = names(full_name(text, a), st.gold.get("source_full")) or not st.named
                type_ok = a.source_type in (st.gold.get("types") or [])
                pairs.append((name_ok, type_ok, cov, -i, i, a))
    pairs.sort(key=lambda p: p[:4], reverse=True)
    used: set[str] = set()
    for name_ok, type_ok, _, _, i, a in pairs:
        st = item.statements[i]
        if st.entry is not None or a.id in used:
            continue
        used.add(a.id)
        st.entry, st.name_right, st.type_right = a.id, name_ok, type_ok
        parent = by_id.get(a.parent) if a.parent else None
        relayed = st.gold.get("relayed_by")
        st.relay_right = (
            parent is None if not relayed else parent is not None and names(full_name(text, parent), relayed)
        )
        pname = full_name(text, parent) if parent else "-"
        st.found_as = f"{a.source_type} | {a.source.text_of(text)!r} | {a.name!r} | parent {pname!r}"


def _score_statements(article: Article, gold: dict[str, Any], item: ItemScore) -> None:
    after = 0
    for g in gold.get("statements") or []:
        where = locate(article.text, str(g.get("content", "")), after)
        named = bool(g.get("types")) and set(g.get("types") or []) <= NAMED_TYPES
        item.statements.append(StatementScore(g, where, named=named))
        if where is not None:
            after = where[0]
    _match_statements(article, item)
    for st in item.statements:
        g = st.gold
        item.relays += bool(g.get("relayed_by"))
        item.relays_found += bool(g.get("relayed_by")) and st.relay_right
        said = f"{g.get('source')!r} ({g.get('source_full')}, {'/'.join(g.get('types') or [])})"
        if st.where is None:
            item.misses.append(f"statement content not in the audited text: {g.get('content')!r}")
        elif st.entry is None:
            item.misses.append(f"statement missed: {said} {g.get('cue')!r} {g.get('content')!r}")
        else:
            wrong = [
                k
                for k, ok in (("type", st.type_right), ("name", st.name_right), ("relay", st.relay_right))
                if not ok
            ]
            if wrong:
                relay = f", relayed by {g.get('relayed_by')!r}" if g.get("relayed_by") else ""
                item.misses.append(
                    f"statement {st.entry} {'/'.join(wrong)} wrong: gold {said}{relay}; ledger {st.found_as}"
                    f" — {g.get('content')!r}"
                )


def _paired(article: Article, where: tuple[int, int]) -> list[str]:
    """Return the ids of denials that answer the gold denied text at ``where``."""
    text = article.text
    by_id = {a.id: a for a in article.attributions}
    out = []
    for d in article.denials:
        spans = [d.span]
        if d.target in by_id:
            spans.append(by_id[d.target].content)
        spans += [c.span for c in article.claims if d.id in c.denials]
        if any(coverage(text, where, s) >= OVERLAP for s in spans):
            out.append(d.id)
    return out


def _score_denials(article: Article, gold: dict[str, Any], item: ItemScore) -> None:
    text = article.text
    by_id = {a.id: a for a in article.attributions}
    for g in gold.get("denials") or []:
        item.denials += 1
        where = locate(text, str(g.get("denied", "")))
        if where is None:
            item.misses.append(f"denied text not in the audited text: {g.get('denied')!r}")
            continue
        paired = _paired(article, where)
        denier = [d for d in article.denials if d.id in paired and d.source in by_id]
        denier_ok = any(names(full_name(text, by_id[str(d.source)]), g.get("denier")) for d in denier)
        item.denials_paired += bool(paired)
        item.deniers_right += denier_ok
        if not paired:
            found = "; ".join(f"{d.id} {d.span.text_of(text)[:60]!r} -> {d.target}" for d in article.denials)
            item.misses.append(
                f"denial unpaired: {g.get('denier')!r} {g.get('cue')!r} {g.get('denied')!r}; ledger denials: {found or 'none'}"
            )
        elif not denier_ok:
            item.misses.append(f"denial {paired[0]} paired, denier wrong (gold {g.get('denier')!r})")


def _flagged(article: Article, phrase: str) -> bool:
    spans = [t.span for t in article.techniques if t.span.label in LOADED_LABELS]
    return any(s.overlaps(Span(a, b)) for a, b in occurrences(article.text, phrase) for s in spans)


def _score_phrases(article: Article, gold: dict[str, Any], item: ItemScore) -> None:
    for phrase in gold.get("loaded_phrases") or []:
        item.loaded += 1
        if not occurrences(article.text, phrase):
            item.misses.append(f"loaded phrase not in the audited text: {phrase!r}")
        elif _flagged(article, phrase):
            item.loaded_found += 1
        else:
            item.misses.append(f"loaded phrase missed: {phrase!r}")
    for phrase in gold.get("neutral_phrases") or []:
        item.neutral += 1
        if _flagged(article, phrase):
            item.false_alarms += 1
            item.misses.append(f"false alarm on neutral phrase: {phrase!r}")


def score_article(name: str, article: Article, gold: dict[str, Any]) -> ItemScore:
    """Score one audited Article against its gold ledger (pure: no model runs here)."""
    score = float(article.score.value) if article.score is not None else None
    item = ItemScore(name, int(gold.get("sourcing_tier", 0)), score)
    _score_statements(article, gold, item)
    _score_denials(article, gold, item)
    _score_phrases(article, gold, item)
    return item


def read_gold(path: Path) -> dict[str, Any]:
    """Read one gold ledger file, refusing a malformed one with a coded error."""
    return read_json_object(path, _GOLD_KEYS)


def ledger_pairs(folder: Path) -> list[tuple[str, Path, Path]]:
    """Return ``(name, text path, gold path)`` for every ``NN_slug.txt`` with a ``NN_slug.json``."""
    pairs = [(t.stem, t, t.with_suffix(".json")) for t in sorted(Path(folder).glob("*.txt"))]
    pairs = [p for p in pairs if p[2].is_file()]
    if not pairs:
        raise EvalDataError(f"no NN_slug.txt + NN_slug.json pairs in {folder}")
    return pairs


def audit_items(folder: Path) -> list[ItemScore]:
    """Audit every article of a batch folder with the default settings and score it."""
    from ..api import audit_article

    items = []
    for name, txt, gold_path in ledger_pairs(folder):
        raw = txt.read_text(encoding="utf-8")
        article = audit_article(Article(raw=raw, text=raw))
        items.append(score_article(name, article, read_gold(gold_path)))
    return items


def concordance(items: list[ItemScore]) -> float:
    """Return the share of article pairs with different tiers that the score orders like the tiers."""
    good = total = 0.0
    scored = [i for i in items if i.score is not None]
    for k, a in enumerate(scored):
        for b in scored[k + 1 :]:
            if a.tier == b.tier:
                continue
            total += 1
            diff = (float(a.score or 0) - float(b.score or 0)) * (a.tier - b.tier)
            good += 1.0 if diff > 0 else 0.5 if diff == 0 else 0.0
    return good / total if total else 1.0


def _share(done: int, total: int) -> float:
    return done / total if total else 1.0


def _totals(items: list[ItemScore]) -> dict[str, int]:
    keys = ("relays", "relays_found", "denials", "denials_paired", "deniers_right") + (
        "loaded",
        "loaded_found",
        "neutral",
        "false_alarms",
    )
    out = {k: sum(getattr(i, k) for i in items) for k in keys}
    out["statements"] = sum(len(i.statements) for i in items)
    out["named"] = sum(s.named for i in items for s in i.statements)
    out["named_right"] = sum(s.named and s.name_right for i in items for s in i.statements if s.entry)
    out["found"] = sum(i.found for i in items)
    for key in ("type_right", "name_right", "relay_right"):
        out[key] = sum(i.count(key) for i in items)
    return out


def metrics_of(items: list[ItemScore]) -> dict[str, float]:
    """Return the overall figures of a scored batch (shares of the gold, and the rank order)."""
    t = _totals(items)
    metrics = {
        "articles": float(len(items)),
        "statements": float(t["statements"]),
        "found": _share(t["found"], t["statements"]),
        "type_right": _share(t["type_right"], t["statements"]),
        "name_right": _share(t["named_right"], t["named"]),
        "relay_right": _share(t["relay_right"], t["statements"]),
        "relays_found": _share(t["relays_found"], t["relays"]),
        "denials_paired": _share(t["denials_paired"], t["denials"]),
        "deniers_right": _share(t["deniers_right"], t["denials"]),
        "loaded_found": _share(t["loaded_found"], t["loaded"]),
        "false_alarms": float(t["false_alarms"]),
        "neutral_phrases": float(t["neutral"]),
        "rank_concordance": concordance(items),
    }
    for tier in sorted({i.tier for i in items}):
        scores = [i.score for i in items if i.tier == tier and i.score is not None]
        metrics[f"tier{tier}_mean_score"] = sum(scores) / len(scores) if scores else float("nan")
    return metrics


HEADER = ("article", "tier", "score", "found", "type", "name", "relay", "denials", "loaded", "false alarms")


def _row(name: str, tier: str, score: str, t: dict[str, int]) -> tuple[str, ...]:
    n = t["statements"]
    return (
        name,
        tier,
        score,
        f"{t['found']}/{n}",
        f"{t['type_right']}/{n}",
        f"{t['named_right']}/{t['named']}",
        f"{t['relay_right']}/{n}",
        f"{t['denials_paired']}/{t['denials']}",
        f"{t['loaded_found']}/{t['loaded']}",
        f"{t['false_alarms']}/{t['neutral']}",
    )


def result_of(items: list[ItemScore], title: str = "Blind ledger batch") -> EvalResult:
    """Return the table (one row per article and one overall), the figures and every miss."""
    rows = [
        _row(i.name, str(i.tier), f"{i.score:.0f}" if i.score is not None else "-", _totals([i]))
        for i in items
    ]
    rows.append(_row("all", "", "", _totals(items)))
    metrics = metrics_of(items)
    notes = [f"{i.name}: {miss}" for i in items for miss in i.misses]
    tiers = ", ".join(f"tier {k[4:-11]}: {v:.1f}" for k, v in metrics.items() if k.endswith("_mean_score"))
    notes.append(f"rank concordance {metrics['rank_concordance']:.3f}; mean score {tiers}")
    return EvalResult(title, metrics, rows, HEADER, notes)


def evaluate(folder: Path) -> EvalResult:
    """Audit and score a blind ledger batch folder (``newsaudit eval blind-ledger --dir DIR``)."""
    return result_of(audit_items(Path(folder)), f"Blind ledger batch {Path(folder).name}")
