"""Lexicon files shipped with newsaudit (each with a header naming its source)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def read_lexicon(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the rows (tab-separated fields) of lexicon ``name``, comments skipped."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(rows)
