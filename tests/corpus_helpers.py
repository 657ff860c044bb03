"""Helpers for the corpus tests: small corpora built from the hand-written articles."""

from __future__ import annotations

import json
from pathlib import Path

from newsaudit.corpus import Store
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
