"""Export one store table to Parquet, JSON Lines or CSV (files that load straight into pandas).

Finding tables carry the article ``id`` and span offsets (``start``, ``end``, ...) into the
article's cleaned text (``articles.text``, the report's ``text``). ``reports`` as JSON Lines is
one object per report, ``{"id", "schema", "report"}`` with the report as a nested object; as
Parquet or CSV the report is its JSON text.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SettingsError
from .store import TABLES, Store, _table

FORMATS = ("parquet", "jsonl", "csv")
_ORDER = {"articles": "id", "reports": "id", "failures": "id"}


def _select(table: str, fmt: str) -> str:
    order = _ORDER.get(table, 'id, start, "end"')
    if table == "reports" and fmt == "jsonl":
        return f"SELECT id, schema, report::JSON AS report FROM reports ORDER BY {order}"
    return f"SELECT * FROM {table} ORDER BY {order}"


def export_table(store_dir: str | Path, table: str, fmt: str, output: str | Path) -> int:
    """Write ``table`` of the store to ``output`` in ``fmt``; return the number of rows."""
    if fmt not in FORMATS:
        raise SettingsError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise SettingsError(f"no table {table!r}; choose one of {', '.join(TABLES)}")
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    options = {"parquet": "FORMAT parquet", "jsonl": "FORMAT json", "csv": "FORMAT csv, HEADER true"}[fmt]
    with Store(store_dir, read_only=True) as store:
        store.db.execute(f"COPY ({_select(_table(table), fmt)}) TO '{_quote(out)}' ({options})")
        return store.count(table)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
