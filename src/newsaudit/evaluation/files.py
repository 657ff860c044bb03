"""Read evaluation inputs (gold JSON files, JSON Lines) with coded errors instead of tracebacks."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import EvalDataError


def read_json_object(path: Path, keys: Sequence[str]) -> dict[str, Any]:
    """Return the JSON object in ``path``, refusing an unreadable one or one missing ``keys``."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalDataError(f"cannot read {path}: {exc}; fix the gold file") from exc
    if not isinstance(value, dict) or any(k not in value for k in keys):
        raise EvalDataError(f"{path} needs the keys {', '.join(keys)}; see docs/evaluation.md")
    return value


def jsonl_rows(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, parsed value)`` for every non-blank line of a JSON Lines file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"cannot read {path}: {exc}") from exc
    for k, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield k, json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalDataError(f"{path}:{k}: not JSON ({exc.msg}); expected one object per line") from exc
