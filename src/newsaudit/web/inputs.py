"""Turn a request into a Job: JSON ``{text|html|url}`` with metadata, or a multipart upload."""

from __future__ import annotations

import asyncio
import json
from pathlib import PurePath
from typing import Any

from ..errors import BadRequestError
from ..ingest.url import FetchOptions, fetch
from ..settings import Settings
from .jobs import META_FIELDS, Job

# The pasted text is the service's standard input: its report equals ``check -``'s.
PASTED = "standard input"
MAX_META_CHARS = 2_000
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def _meta(fields: dict[str, Any]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key in META_FIELDS:
        value = fields.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or len(value) > MAX_META_CHARS:
            raise BadRequestError(f"{key!r} must be a string of at most {MAX_META_CHARS:,} characters")
        meta[key] = value
    return meta


def _text_field(fields: dict[str, Any], key: str) -> str | None:
    value = fields.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRequestError(f"{key!r} must be a string")
    return value


async def job_from_fields(fields: dict[str, Any], settings: Settings, *, allow_private: bool) -> Job:
    """Return the job of a JSON object or form: ``text``, else ``html``, else fetch ``url``."""
    unknown = sorted(set(fields) - {"text", "html", "file", *META_FIELDS})
    if unknown:
        raise BadRequestError(f"unknown field(s) {', '.join(unknown)}; give text, html or url, and optionally {', '.join(META_FIELDS)}")
    meta = _meta(fields)
    text, html = _text_field(fields, "text"), _text_field(fields, "html")
    if text is not None:
        return Job(PASTED, "text", text.encode("utf-8", "surrogatepass"), meta)
    if html is not None:
        return Job(PASTED, "html", html.encode("utf-8", "surrogatepass"), meta)
    url = meta.pop("url", None)
    if url is None:
        raise BadRequestError('nothing to audit: give "text", "html" or "url" (or upload a file)')
    options = FetchOptions(settings.fetch_timeout, settings.max_page_bytes, settings.max_redirects, allow_private)
    page = await asyncio.to_thread(fetch, url, options)
    return Job(page.url, "url", page.data, meta, url=page.url, content_type=page.content_type)


def fields_from_json(body: bytes) -> dict[str, Any]:
    """Parse a JSON request body into its fields; raise E060 unless it is one JSON object."""
    try:
        fields = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequestError(f"the body is not valid JSON: {exc}") from None
    if not isinstance(fields, dict):
        raise BadRequestError('the body must be a JSON object such as {"text": "..."}')
    return fields


def upload_job(filename: str | None, data: bytes, meta: dict[str, str]) -> Job:
    """Return the job of an uploaded file: named by its base name, HTML by suffix or content."""
    name = PurePath(filename or "upload").name or "upload"
    kind = "html" if name.lower().endswith(HTML_SUFFIXES) else "text"
    return Job(name, kind, data, meta)
