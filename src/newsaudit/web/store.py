"""Where audits live: the corpus store (one DuckDB file), shared by every worker of the service.

A service audit is one row set of the corpus store (``newsaudit.corpus.Store``), its id the
report key (a hash of input, settings and component versions), so a corpus run and the
service can share one store, and a shared link ``/a/{id}`` names one report for good. DuckDB
lets one process open the file for writing at a time, so each access takes an exclusive
``flock`` on a lock file beside it and opens the store only for that access; workers wait
their turn instead of failing on DuckDB's lock.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..corpus.store import Store
from ..corpus.work import Outcome
from ..errors import SettingsError

LOCK_NAME = "newsaudit.duckdb.lock"


class AuditStore:
    """Get and put report JSON by audit id in the corpus store in ``directory``."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with self._open():  # create the file and its tables now, not on the first request
                pass
        except OSError as exc:
            raise SettingsError(f"cannot use {self.directory} as the store: {exc}; give --store a writable folder") from exc

    @contextmanager
    def _open(self) -> Iterator[Store]:
        with (self.directory / LOCK_NAME).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                with Store(self.directory) as store:
                    yield store
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def get(self, audit_id: str) -> str | None:
        """Return the compact report JSON of ``audit_id``, or None."""
        with self._open() as store:
            rows = store.query("SELECT report FROM reports WHERE id = ?", (audit_id,))
        return str(rows[0][0]) if rows else None

    def put(self, audit_id: str, input_hash: str, name: str, meta: dict[str, str], report_json: str) -> None:
        """Store one report (compact JSON) under ``audit_id``, replacing any earlier one."""
        compact = json.dumps(json.loads(report_json), ensure_ascii=False)
        outcome = Outcome(audit_id, audit_id, input_hash, name, meta, report=compact)
        with self._open() as store:
            store.write([outcome])
