"""The corpus store: one DuckDB file (``DIR/newsaudit.duckdb``) of articles, reports and findings.

Tables: ``articles`` (one row per input article), ``reports`` (report JSON text and its key),
``failures`` (code and message), and one flat table per finding type (``attributions``,
``claims``, ``denials``, ``techniques``) with the article ``id`` and span offsets into the
report's ``text``. Each write is one transaction that first deletes every row of the articles
it writes, then inserts them: an article is either wholly in the store or not at all, and a
write repeated after a crash replaces rather than duplicates (the crash test kills the writer
with SIGKILL and checks this). Only one process writes: DuckDB locks the file.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import InputNotFoundError, SettingsError
from .work import Outcome

FILE_NAME = "newsaudit.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, site VARCHAR, date VARCHAR, url VARCHAR, title VARCHAR,
    text VARCHAR, input_hash VARCHAR, name VARCHAR);
CREATE TABLE IF NOT EXISTS reports (
    id VARCHAR PRIMARY KEY, schema VARCHAR, key VARCHAR, score INTEGER, label VARCHAR,
    words INTEGER, report VARCHAR);
CREATE TABLE IF NOT EXISTS failures (
    id VARCHAR PRIMARY KEY, key VARCHAR, code VARCHAR, message VARCHAR, name VARCHAR);
CREATE TABLE IF NOT EXISTS attributions (
    id VARCHAR, attribution_id VARCHAR, start INTEGER, "end" INTEGER,
    source_start INTEGER, source_end INTEGER, source_text VARCHAR, source_type VARCHAR,
    source_name VARCHAR, cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR,
    content_start INTEGER, content_end INTEGER, content_text VARCHAR, parent VARCHAR,
    self_report BOOLEAN);
CREATE TABLE IF NOT EXISTS claims (
    id VARCHAR, claim_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR,
    checkworthiness DOUBLE, attributions VARCHAR[], denials VARCHAR[], hedges INTEGER);
CREATE TABLE IF NOT EXISTS denials (
    id VARCHAR, denial_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR,
    source VARCHAR, target VARCHAR);
CREATE TABLE IF NOT EXISTS techniques (
    id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, label VARCHAR, score DOUBLE);
"""

FINDING_TABLES = ("attributions", "claims", "denials", "techniques")
TABLES = ("articles", "reports", "failures", *FINDING_TABLES)
_INSERT_CHUNK = 256  # rows per INSERT statement
# Fault injection for the crash test: pause inside the write transaction (seconds).
_PAUSE_ENV = "NEWSAUDIT_CORPUS_WRITE_PAUSE"


def store_path(directory: str | Path) -> Path:
    """Return the DuckDB file of the store in ``directory``."""
    return Path(directory) / FILE_NAME


class Store:
    """Read and write one corpus store; use as a context manager."""

    def __init__(self, directory: str | Path, *, read_only: bool = False) -> None:
        import duckdb

        path = store_path(directory)
        if read_only and not path.is_file():
            raise InputNotFoundError(
                f"no store at {path}; run 'newsaudit corpus run INPUT --store {directory}' first"
            )
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            raise SettingsError(
                f"cannot open the store {path}: {exc} (is a run still writing to it?)"
            ) from exc
        if not read_only:
            self.db.execute(SCHEMA)
        self.pause = float(os.environ.get(_PAUSE_ENV, "0") or 0)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def keys(self, *, failures: bool = True) -> dict[str, str]:
        """Return ``{id: key}`` of every article with a report (or, with ``failures``, a failure)."""
        sql = "SELECT id, key FROM reports" + (" UNION ALL SELECT id, key FROM failures" if failures else "")
        rows = self.db.execute(sql).fetchall()
        return {str(i): str(k) for i, k in rows}

    def write(self, outcomes: Sequence[Outcome]) -> None:
        """Write the outcomes in one transaction, replacing every earlier row of their articles."""
        if not outcomes:
            return
        rows = _Rows(outcomes)
        with self._transaction():
            ids = sorted({o.id for o in outcomes})
            marks = ", ".join("?" * len(ids))
            for table in TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE id IN ({marks})", ids)
            self._insert("articles", rows.articles)
            self._insert("reports", rows.reports)
            if self.pause:  # fault injection: say the transaction is open, hold it open
                print("corpus store: write transaction open", file=sys.stderr, flush=True)
                time.sleep(self.pause)
            self._insert("failures", rows.failures)
            for table in FINDING_TABLES:
                self._insert(table, rows.findings[table])

    def _insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        # One multi-row INSERT per chunk: DuckDB's executemany runs row by row (10x slower).
        for i in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[i : i + _INSERT_CHUNK]
            row = "(" + ", ".join("?" * len(chunk[0])) + ")"
            params = [v for r in chunk for v in r]
            self.db.execute(f"INSERT INTO {table} VALUES {', '.join([row] * len(chunk))}", params)

    def reindex(self, chunk: int = 500) -> int:
        """Rebuild the finding tables from the stored reports (no re-audit); return the reports read.

        For stores written before a change to how findings are flattened (a new column, say).
        """
        ids = [str(r[0]) for r in self.db.execute("SELECT id FROM reports ORDER BY id").fetchall()]
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            marks = ", ".join("?" * len(part))
            rows = self.db.execute(f"SELECT id, report FROM reports WHERE id IN ({marks})", part).fetchall()
            with self._transaction():
                for table in FINDING_TABLES:
                    self.db.execute(f"DELETE FROM {table} WHERE id IN ({marks})", part)
                for rid, report in rows:
                    for table, found in finding_rows(str(rid), json.loads(report)).items():
                        self._insert(table, found)
        return len(ids)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def count(self, table: str) -> int:
        row = self.db.execute(f"SELECT count(*) FROM {_table(table)}").fetchone()
        return int(row[0]) if row else 0

    def status(self) -> dict[str, Any]:
        """Return counts: articles, reports, failures, duplicated report rows, failures by code."""
        dup = self.db.execute("SELECT count(*) - count(DISTINCT id) FROM reports").fetchone()
        codes = self.db.execute("SELECT code, count(*) FROM failures GROUP BY code ORDER BY code").fetchall()
        return {
            "articles": self.count("articles"),
            "reports": self.count("reports"),
            "failures": self.count("failures"),
            "duplicates": int(dup[0]) if dup else 0,
            "by_code": {str(c): int(n) for c, n in codes},
        }

    def reports(self) -> Iterator[tuple[str, str]]:
        """Yield ``(id, report JSON)`` in id order."""
        cursor = self.db.execute("SELECT id, report FROM reports ORDER BY id")
        while batch := cursor.fetchmany(512):
            yield from ((str(i), str(r)) for i, r in batch)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query; return its rows."""
        return self.db.execute(sql, list(params)).fetchall()


def _table(name: str) -> str:
    if name not in TABLES:
        raise SettingsError(f"no table {name!r}; tables: {', '.join(TABLES)}")
    return name


class _Rows:
    """The rows of a batch of outcomes, by table."""

    def __init__(self, outcomes: Sequence[Outcome]) -> None:
        self.articles: list[tuple[Any, ...]] = []
        self.reports: list[tuple[Any, ...]] = []
        self.failures: list[tuple[Any, ...]] = []
        self.findings: dict[str, list[tuple[Any, ...]]] = {t: [] for t in FINDING_TABLES}
        seen: set[str] = set()
        for o in outcomes:
            if o.id in seen:  # the same article twice in one batch: the first one stands
                continue
            seen.add(o.id)
            self._add(o)

    def _add(self, o: Outcome) -> None:
        m = o.meta
        if o.report is None:
            self.articles.append(
                (o.id, m.get("site"), m.get("date"), m.get("url"), m.get("title"), None, o.input_hash, o.name)
            )
            self.failures.append((o.id, o.key, o.code, o.message, o.name))
            return
        r = json.loads(o.report)
        meta = r["meta"]
        self.articles.append(
            (
                o.id,
                meta.get("site"),
                meta.get("date"),
                meta.get("url"),
                meta.get("title"),
                r["text"],
                o.input_hash,
                o.name,
            )
        )
        score = r["score"]
        words = r["language_profile"]["words"]
        self.reports.append((o.id, r["schema"], o.key, score["value"], score["label"], words, o.report))
        for table, rows in finding_rows(o.id, r).items():
            self.findings[table].extend(rows)


def _s(span: dict[str, Any] | None) -> tuple[Any, Any, Any]:
    return (span["start"], span["end"], span["text"]) if span else (None, None, None)


def self_report_sources(r: dict[str, Any]) -> set[tuple[int, int]] | None:
    """Return the source spans the score's independence dimension names as self-report.

    None when the report has no independence dimension (reports before schema 1.2, or no
    scoring): then whether a statement is self-report is unknown, not "no".
    """
    dims = [d for d in (r.get("score") or {}).get("dimensions", []) if d.get("name") == "independence"]
    if not dims:
        return None
    return {(s["start"], s["end"]) for d in dims for reason in d["reasons"] for s in reason["spans"]}


def finding_rows(rid: str, r: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Return the flat finding rows of one report, by table."""
    own = self_report_sources(r)
    attributions = []
    for a in r["attributions"]:
        parts = [p for p in (a["source"], a["cue"], a["content"]) if p]
        start, end = min(p["start"] for p in parts), max(p["end"] for p in parts)
        src = a["source"]
        attributions.append(
            (
                rid,
                a["id"],
                start,
                end,
                *_s(src),
                src["type"],
                src.get("name"),
                *_s(a["cue"]),
                *_s(a["content"]),
                a["parent"],
                None if own is None else (src["start"], src["end"]) in own,
            )
        )
    claims = [
        (
            rid,
            c["id"],
            c["start"],
            c["end"],
            c["text"],
            c["checkworthiness"],
            c["attributions"],
            c["denials"],
            len(c["hedges"]),
        )
        for c in r["claims"]
    ]
    denials = [
        (rid, d["id"], d["start"], d["end"], d["text"], d["source"], d["target"]) for d in r["denials"]
    ]
    techniques = [(rid, t["start"], t["end"], t["text"], t["label"], t["score"]) for t in r["techniques"]]
    return {"attributions": attributions, "claims": claims, "denials": denials, "techniques": techniques}
