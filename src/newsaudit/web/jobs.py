"""Audits in worker processes: one job in, report JSON (or a coded error) out, under a hard deadline.

Each audit process loads the pipeline once (``newsaudit.api.get_pipeline``) and then audits
one job at a time. The service sends a job and waits at most ``deadline`` seconds; a process
that overruns is killed and replaced (its models reload), so a pathological input costs one
process restart, never a stuck worker.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from ..article import Meta
from ..errors import ComponentError, DeadlineError, NewsauditError
from ..ingest import Document, document_from_html
from ..ingest.text import decode_text
from ..settings import Settings

META_FIELDS = ("title", "author", "date", "site", "url")


@dataclass(frozen=True, slots=True)
class Job:
    """One input to audit, as the CLI would read it: ``kind`` "text", "html" or "url"."""

    name: str
    kind: str
    data: bytes
    meta: dict[str, str] = field(default_factory=dict)  # given metadata, overriding what is found
    url: str | None = None
    content_type: str = "text/html"  # of a fetched URL


def document_of(job: Job, settings: Settings) -> Document:
    """Return the Document the CLI would read for the same input (``check -`` / ``check URL``)."""
    from ..ingest.html import looks_like_html

    if job.kind == "url" and job.content_type == "text/plain":
        text = decode_text(job.data, max_bytes=settings.max_bytes, name=job.name)
        doc = Document(job.name, "url", text, Meta(url=job.url))
    elif job.kind == "url" or job.kind == "html" or looks_like_html(job.data[:4096]):
        kind = "url" if job.kind == "url" else "html"
        doc = document_from_html(job.data, name=job.name, kind=kind, url=job.url, settings=settings)
    else:
        doc = Document(job.name, "text", decode_text(job.data, max_bytes=settings.max_bytes, name=job.name))
    if not job.meta:
        return doc
    found = {k: v for k, v in doc.meta.as_dict().items() if v is not None}
    return Document(doc.name, doc.kind, doc.text, Meta(**(found | job.meta)), doc.findings, doc.method)


def run_job(job: Job, settings: Settings) -> tuple[str, str, str]:
    """Audit one job; return ``("ok", report JSON, "")`` or ``("error", code, message)``."""
    from ..api import audit_document

    try:
        report = audit_document(document_of(job, settings), settings)
    except NewsauditError as exc:
        return ("error", exc.code, exc.message)
    except Exception as exc:  # a bug, not bad input: answer with a code, keep the process
        return ("error", "E999", f"internal error: {type(exc).__name__}: {exc}")
    return ("ok", report.to_json(), "")


def warm_up(settings: Settings) -> None:
    """Load the pipeline of ``settings`` in this process."""
    from ..api import get_pipeline

    get_pipeline(settings)


Target = Callable[[Job, Settings], tuple[str, str, str]]


def _worker(conn: Connection, settings: Settings, target: Target) -> None:
    try:
        warm_up(settings)
        conn.send(("ready", "", ""))
    except Exception as exc:  # report it to the parent instead of dying silently
        conn.send(("error", getattr(exc, "code", "E020"), f"cannot load the pipeline: {exc}"))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(target(job, settings))


class AuditProcess:
    """One spawned audit process and the pipe to it."""

    def __init__(self, settings: Settings, target: Target, load_timeout: float) -> None:
        self.settings = settings
        self.target = target
        self.load_timeout = load_timeout
        self.ready = False
        self._start()

    def _start(self) -> None:
        ctx = mp.get_context("spawn")  # ONNX Runtime and spaCy threads are not fork-safe
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, self.settings, self.target), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def restart(self) -> None:
        """Kill the process (it overran or died) and start a fresh one."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()
        self._start()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def wait_ready(self) -> None:
        """Block until the models are loaded; raise the loading error if they cannot be."""
        if self.ready:
            return
        if not self.conn.poll(self.load_timeout):
            self.restart()
            raise ComponentError(f"the audit process did not load its models within {self.load_timeout:g} s")
        try:
            status, code, message = self.conn.recv()
        except (EOFError, OSError):
            status, code, message = "error", "E020", f"the audit process exited with {self.process.exitcode}"
        if status != "ready":
            self.restart()
            raise ComponentError(f"[{code}] {message}")
        self.ready = True

    def run(self, job: Job, deadline: float) -> tuple[str, str, str]:
        """Audit ``job`` in the process; kill and replace it past ``deadline`` seconds."""
        self.wait_ready()
        try:
            self.conn.send(job)
            if self.conn.poll(deadline):
                result: tuple[str, str, str] = self.conn.recv()
                return result
        except (EOFError, OSError, BrokenPipeError):
            self.restart()
            raise ComponentError("the audit process died on this input; it has been restarted") from None
        self.restart()
        raise DeadlineError(f"the audit took longer than the deadline of {deadline:g} s and was stopped")


class AuditPool:
    """A few audit processes; each request borrows an idle one (others queue)."""

    def __init__(self, settings: Settings, *, processes: int = 1, deadline: float = 30.0,
                 load_timeout: float = 180.0, target: Target = run_job) -> None:
        self.deadline = deadline
        self.processes = [AuditProcess(settings, target, load_timeout) for _ in range(processes)]
        self._idle: asyncio.Queue[AuditProcess] | None = None

    def _queue(self) -> asyncio.Queue[AuditProcess]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for p in self.processes:
                self._idle.put_nowait(p)
        return self._idle

    async def run(self, job: Job) -> tuple[str, str, str]:
        """Audit ``job`` in the next idle process without blocking the event loop."""
        idle = self._queue()
        process = await idle.get()
        try:
            return await asyncio.to_thread(process.run, job, self.deadline)
        finally:
            idle.put_nowait(process)

    def ready(self) -> int:
        """Return how many processes have loaded their models."""
        return sum(p.ready for p in self.processes)

    async def warm(self) -> None:
        """Wait until every process has loaded its models (at start-up, before any request)."""
        await asyncio.gather(*(asyncio.to_thread(p.wait_ready) for p in self.processes), return_exceptions=True)

    def close(self) -> None:
        for p in self.processes:
            p.stop()

