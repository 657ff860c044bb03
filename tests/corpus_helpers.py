"""Helpers for the corpus tests: small corpora built from the hand-written articles."""

from __future__ import annotations

import json
from pathlib import Path

from newsaudit.article import Article, Attribution, Claim, Denial, Meta, Score, Span, Technique
from newsaudit.corpus import Store
from newsaudit.corpus.work import Outcome
from newsaudit.report.build import build_report
from newsaudit.settings import Settings

ARTICLES = sorted((Path(__file__).resolve().parent / "fixtures" / "articles").glob("*.txt"))
# The pipeline's first stages: enough to exercise the runner, fast to load.
LIGHT = Settings(components=("clean", "language", "parse"))
SITES = ("reuters.com", "breitbart.com", "apnews.com")


def article_text(i: int) -> str:
    """Return the ``i``-th test article: a hand-written article with a line of its own."""
    base = ARTICLES[i % len(ARTICLES)].read_text(encoding="utf-8")
    return f"{base.rstrip()}\n\nThe council said on Tuesday that it would meet again in week {i}.\n"


def write_jsonl(path: Path, n: int, *, extra: list[dict[str, object]] | None = None) -> Path:
    """Write ``n`` articles (ids a0…, three sites) and ``extra`` rows as JSON Lines."""
    rows: list[dict[str, object]] = [
        {
            "id": f"a{i}",
            "text": article_text(i),
            "url": f"https://www.{SITES[i % 3]}/story/{i}",
            "date": "2024-01-0" + str(1 + i % 9),
        }
        for i in range(n)
    ]
    rows += extra or []
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return path


def reports_of(store_dir: Path) -> dict[str, str]:
    """Return ``{id: report JSON}`` of a store."""
    with Store(store_dir, read_only=True) as store:
        return dict(store.reports())


def status_of(store_dir: Path) -> dict[str, object]:
    with Store(store_dir, read_only=True) as store:
        return store.status()


HAND_TEXT = (
    'The minister said the plant was safe. Residents denied it. "A disaster," the radical regime shouted.'
)
OTHER_TEXT = "Officials said the road would close. A source said the mayor knew."


def _find(text: str, part: str, label: str = "", score: float | None = None) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), label, score)


def hand_articles() -> dict[str, Article]:
    """Return three hand-built audited articles on two sites (ids x1, x2 on a.com; x3 on b.com)."""
    t, o = HAND_TEXT, OTHER_TEXT
    said = Attribution(
        "a1", _find(t, "The minister"), "named_person", _find(t, "said"), _find(t, "the plant was safe")
    )
    denied = Attribution("a2", _find(t, "Residents"), "anonymous", _find(t, "denied"), _find(t, "it"))
    first = Article.from_text(
        t,
        meta=Meta(site="a.com", title="Plant <b>safe</b>"),
        attributions=(said, denied),
        denials=(Denial("d1", _find(t, "Residents denied it."), source="a2", target="a1"),),
        claims=(Claim("c1", _find(t, "The minister said the plant was safe."), 0.9, ("a1",), (), ("d1",)),),
        techniques=(Technique(_find(t, "radical regime", "Loaded_Language", 0.8)),),
        score=Score(80, "well sourced"),
    )
    officials = Attribution(
        "b1", _find(o, "Officials"), "unnamed_official", _find(o, "said"), _find(o, "the road would close")
    )
    second = Article.from_text(
        o,
        meta=Meta(site="a.com"),
        attributions=(officials,),
        claims=(Claim("c1", _find(o, "A source said the mayor knew."), 0.7),),
        score=Score(40, "weakly sourced"),
    )
    third = Article.from_text(
        "Nothing much happened today in the town.", meta=Meta(site="b.com"), score=Score(20, "poorly sourced")
    )
    return {"x1": first, "x2": second, "x3": third}


def hand_store(path: Path) -> Path:
    """Write the hand-built articles and one failure (site b.com) into a store at ``path``."""
    outcomes = [
        Outcome(i, f"k-{i}", f"h-{i}", f"in.jsonl:{n}", {}, build_report(a).to_json(indent=None))
        for n, (i, a) in enumerate(hand_articles().items(), 1)
    ]
    outcomes.append(
        Outcome("x4", "k-x4", "h-x4", "in.jsonl:4", {"site": "b.com"}, code="E004", message="not <English>")
    )
    with Store(path) as store:
        store.write(outcomes)
    return path
