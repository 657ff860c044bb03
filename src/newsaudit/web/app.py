"""The FastAPI app of ``newsaudit serve``: routes -> audit in a worker process -> report page or JSON.

Every page has a JSON twin (``/a/{id}`` and ``/a/{id}.json``); every error is
``{"error": {"code": "E0xx", "message": ...}}`` with the CLI's codes.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import errors
from ..corpus.inputs import Record
from ..corpus.work import report_key, settings_fingerprint
from ..errors import AuditNotFoundError, BadRequestError, NewsauditError
from ..report.build import SCHEMA
from ..report.html import context
from ..report.templating import asset, render_template
from ..settings import Settings
from .config import ServeConfig
from .inputs import fields_from_json, job_from_fields, upload_job
from .jobs import META_FIELDS, AuditPool, Job, Target, run_job
from .limits import ClientKey, Guard, RateLimiter, error_body
from .store import AuditStore

STATIC = {"report.css": "text/css; charset=utf-8", "report.js": "text/javascript; charset=utf-8"}
ID_CHARS = frozenset("0123456789abcdef")


def status_of(exc: NewsauditError) -> int:
    """Return the HTTP status of a coded error."""
    by_code = {"E003": 413, "E060": 400, "E061": 429, "E062": 504, "E063": 408, "E064": 404}
    if exc.code in by_code:
        return by_code[exc.code]
    if isinstance(exc, errors.InputError):
        return 422
    if isinstance(exc, errors.UsageError):
        return 400
    return 500


def coded(code: str, message: str) -> NewsauditError:
    """Rebuild the error an audit process reported by its code."""
    for obj in vars(errors).values():
        if isinstance(obj, type) and issubclass(obj, NewsauditError) and obj.__dict__.get("code") == code:
            return obj(message)
    exc = errors.ComponentError(message)
    exc.code = code
    return exc


def audit_settings(config: ServeConfig) -> Settings:
    """Return the audit Settings of the service (TOML file, then the components override)."""
    settings = Settings.from_toml(config.settings_file) if config.settings_file else Settings()
    if config.components:
        settings = settings.with_(components=config.components)
    return settings.with_(allow_private=config.allow_private)


class Service:
    """The state of one worker: settings, store, rate limiter and audit processes."""

    def __init__(self, config: ServeConfig, target: Target = run_job) -> None:
        self.config = config
        self.settings = audit_settings(config)
        self.fingerprint = settings_fingerprint(self.settings)
        self.store = AuditStore(config.store_dir)
        self.limiter = RateLimiter(config.store_dir / "ratelimit.sqlite", config.rate_limit)
        self.target = target
        self.pool: AuditPool | None = None

    @asynccontextmanager
    async def lifespan(self, _: FastAPI) -> AsyncIterator[None]:
        c = self.config
        self.pool = AuditPool(self.settings, processes=c.audit_processes, deadline=c.deadline,
                              load_timeout=c.load_timeout, target=self.target)
        await self.pool.warm()
        try:
            yield
        finally:
            self.pool.close()

    async def audit(self, job: Job) -> tuple[str, str, bool]:
        """Return ``(id, report JSON, newly audited)``; a known input comes from the store."""
        hashed = job.meta | {"\0name": job.name, "\0url": job.url or "", "\0type": job.content_type}
        record = Record("", job.name, job.kind, job.data, hashed)
        key = report_key(record, self.fingerprint)
        stored = await asyncio.to_thread(self.store.get, key)
        if stored is not None:
            return key, pretty(stored), False
        if self.pool is None:
            raise errors.ComponentError("the service is not started (no audit processes)")
        status, value, message = await self.pool.run(job)
        if status != "ok":
            raise coded(value, message)
        await asyncio.to_thread(self.store.put, key, record.input_hash, job.name, job.meta, value)
        return key, value, True

    async def report(self, audit_id: str) -> dict[str, Any]:
        """Return the stored report of ``audit_id`` or raise E064."""
        stored = await asyncio.to_thread(self.store.get, audit_id) if _is_id(audit_id) else None
        if stored is None:
            raise AuditNotFoundError(f"no audit {audit_id!r} in this service's store")
        data: dict[str, Any] = json.loads(stored)
        return data

    async def job_of(self, request: Request) -> Job:
        """Return the job a request asks for (JSON body, or a form with an optional file)."""
        allow = self.config.allow_private
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/json":
            return await job_from_fields(fields_from_json(await request.body()), self.settings, allow_private=allow)
        if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return await self._form_job(request)
        raise BadRequestError(f"send application/json or multipart/form-data, not {kind or 'no content type'!r}")

    async def _form_job(self, request: Request) -> Job:
        try:
            form = await request.form(max_files=1, max_fields=len(META_FIELDS) + 3)
        except Exception as exc:  # malformed multipart: a bad request, not a bug
            raise BadRequestError(f"cannot read the form: {exc}") from None
        try:
            fields: dict[str, Any] = {}
            upload: tuple[str | None, bytes] | None = None
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    upload = (value.filename, await value.read()) if value.filename else upload
                else:
                    fields[key] = value
        finally:
            await form.close()
        if upload is not None and not fields.get("text") and not fields.get("html"):
            meta = {k: v for k, v in fields.items() if k in META_FIELDS and v}
            return upload_job(upload[0], upload[1], meta)
        fields.pop("file", None)
        return await job_from_fields(fields, self.settings, allow_private=self.config.allow_private)


def pretty(compact: str) -> str:
    """Return stored report JSON as ``check --format json`` prints it (key order kept)."""
    return json.dumps(json.loads(compact), indent=2, ensure_ascii=False)


def _is_id(audit_id: str) -> bool:
    return len(audit_id) == 32 and set(audit_id) <= ID_CHARS


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Return a CSV cell that a spreadsheet shows as text: a leading formula character gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def ledger_csv(report: dict[str, Any]) -> str:
    """Return the source ledger as CSV text (article text never becomes a spreadsheet formula)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "source_type", "source", "source_name", "cue", "content", "parent"])
    for a in report["attributions"]:
        src = a["source"]
        row = [a["id"], src["type"], src["text"], src.get("name"), a["cue"]["text"] if a["cue"] else "",
               a["content"]["text"], a["parent"]]
        writer.writerow([csv_cell(c) for c in row])
    return out.getvalue()


def _error_response(exc: NewsauditError) -> Response:
    return Response(error_body(exc), status_code=status_of(exc), media_type="application/json")


def _home(service: Service, error: NewsauditError | None = None) -> HTMLResponse:
    mb = f"{service.config.max_body_bytes / 1_000_000:g} MB"
    page = render_template("home.html", standalone=False, error=error, max_mb=mb)
    return HTMLResponse(page, status_code=status_of(error) if error else 200)


AUDIT_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {k: {"type": "string"} for k in ("text", "html", "url", *META_FIELDS)},
                "description": "One of text, html or url (fetched safely); the rest is metadata.",
            }
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}}
                | {k: {"type": "string"} for k in ("text", "url", *META_FIELDS)},
            }
        },
    },
}


def create_app(config: ServeConfig | None = None, *, target: Target = run_job) -> FastAPI:
    """Return the service's app for ``config`` (by default read from ``NEWSAUDIT_SERVE_CONFIG``)."""
    from importlib.metadata import version

    config = config or ServeConfig.from_env()
    service = Service(config, target)
    app = FastAPI(title="newsaudit", version=version("newsaudit"), docs_url=None, redoc_url=None,
                  lifespan=service.lifespan,
                  description="Audit news articles offline: source ledger, denials, hedges, techniques, sourcing score.")
    app.state.service = service
    app.add_middleware(Guard, limiter=service.limiter, client_key=ClientKey(config.trusted_proxies),
                       max_body=config.max_body_bytes, body_timeout=config.body_timeout)

    @app.exception_handler(NewsauditError)
    async def _coded_error(_: Request, exc: NewsauditError) -> Response:
        return _error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> Response:
        err: NewsauditError = AuditNotFoundError("no such page") if exc.status_code == 404 else BadRequestError(str(exc.detail))
        return Response(error_body(err), status_code=exc.status_code, media_type="application/json")

    @app.post("/api/audit", summary="Audit one article", status_code=201, openapi_extra={"requestBody": AUDIT_BODY},
              responses={200: {"description": "Already audited: the stored report"}, 201: {"description": f"The report (schema {SCHEMA}); Location names its page"}})
    async def api_audit(request: Request) -> Response:
        audit_id, report_json, created = await service.audit(await service.job_of(request))
        return Response(report_json + "\n", status_code=201 if created else 200, media_type="application/json",
                        headers={"Location": f"/a/{audit_id}"})

    @app.post("/audit", include_in_schema=False)
    async def form_audit(request: Request) -> Response:
        try:
            audit_id, _, _ = await service.audit(await service.job_of(request))
        except NewsauditError as exc:
            return _home(service, exc)
        return RedirectResponse(f"/a/{audit_id}", status_code=303)

    @app.get("/", response_class=HTMLResponse, summary="Home page: paste, upload or link an article")
    async def home() -> HTMLResponse:
        return _home(service)

    @app.get("/a/{audit_id}.json", summary="The report of one audit (JSON twin of its page)")
    async def audit_json(audit_id: str) -> Response:
        return Response(json.dumps(await service.report(audit_id), indent=2, ensure_ascii=False) + "\n", media_type="application/json")

    @app.get("/a/{audit_id}/ledger.csv", summary="The source ledger of one audit as CSV")
    async def audit_csv(audit_id: str) -> Response:
        return Response(ledger_csv(await service.report(audit_id)), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="ledger-{audit_id}.csv"'})

    @app.get("/a/{audit_id}", response_class=HTMLResponse, summary="The page of one audit")
    async def audit_page(audit_id: str) -> Response:
        try:
            report = await service.report(audit_id)
        except AuditNotFoundError as exc:
            return _home(service, exc)
        links = {"json": f"/a/{audit_id}.json", "csv": f"/a/{audit_id}/ledger.csv"}
        return HTMLResponse(render_template("audit.html", standalone=False, **context(report, links=links)))

    @app.get("/healthz", summary="Liveness and readiness")
    async def healthz() -> JSONResponse:
        ready = service.pool.ready() if service.pool else 0
        total = config.audit_processes
        return JSONResponse({"status": "ok" if ready else "loading", "audit_processes": total, "ready": ready,
                             "schema": SCHEMA, "worker": os.getpid()})

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC:
            raise AuditNotFoundError(f"no static file {name!r}")
        return Response(asset(name), media_type=STATIC[name], headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(render_template("api.html", standalone=False, api=app.openapi()))

    return app


def app_from_env() -> FastAPI:
    """Return the app for the config in ``NEWSAUDIT_SERVE_CONFIG`` (uvicorn's factory)."""
    return create_app(ServeConfig.from_env())
