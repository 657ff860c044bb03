"""Worker side of a corpus run: records in, outcomes (report JSON or coded failure) out.

Everything here runs where the models are: in the parent for one worker, in each pool process,
or in each Dask worker. The pipeline is built and loaded once per process
(:func:`newsaudit.api.get_pipeline`) and reused for every batch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from ..article import Article, Meta
from ..errors import NewsauditError
from ..ingest import Document, decode_text, document_from_html
from ..registry import versions
from ..report.build import build_report
from ..settings import Settings
from .inputs import Record

# Exceptions outside the tree (a bug in extraction, say) are recorded under this code.
UNEXPECTED = "E999"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one record became: its report as JSON text, or the code and message of its failure."""

    id: str
    key: str
    input_hash: str
    name: str
    meta: dict[str, str]
    report: str | None = None
    code: str | None = None
    message: str | None = None


def settings_fingerprint(settings: Settings) -> str:
    """Return a digest of the settings and of the versions of the components they name."""
    data = {"settings": asdict(settings), "versions": versions(settings.components)}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=list).encode("utf-8")).hexdigest()


def report_key(record: Record, fingerprint: str) -> str:
    """Return the cache key of a record's report: hash of input, settings and component versions."""
    return hashlib.sha256(f"{record.input_hash}\0{fingerprint}".encode()).hexdigest()[:32]


def _document(record: Record, settings: Settings) -> Document:
    if record.kind == "html":
        doc = document_from_html(
            record.content, name=record.name, kind="html", url=record.meta.get("url"), settings=settings
        )
    else:
        doc = Document(
            record.name, "text", decode_text(record.content, max_bytes=settings.max_bytes, name=record.name)
        )
    given = {k: v for k, v in record.meta.items() if k in ("title", "date", "url", "site")}
    found = doc.meta.as_dict()
    merged = {k: v for k, v in found.items() if v is not None} | given
    return Document(doc.name, doc.kind, doc.text, Meta(**merged), doc.findings, doc.method)


def _failure(record: Record, key: str, code: str, message: str) -> Outcome:
    return Outcome(record.id, key, record.input_hash, record.name, record.meta, code=code, message=message)


def audit_records(
    records: Sequence[Record], keys: Sequence[str], settings: Settings, batch_size: int = 16
) -> list[Outcome]:
    """Audit ``records`` (with their report ``keys``) as one batch; every record gets an outcome."""
    from ..api import get_pipeline

    pipeline = get_pipeline(settings)
    outcomes: dict[int, Outcome] = {}
    docs: dict[int, Document] = {}
    for i, (record, key) in enumerate(zip(records, keys, strict=True)):
        if record.code:
            outcomes[i] = _failure(record, key, record.code, record.message or "")
            continue
        try:
            docs[i] = _document(record, settings)
        except NewsauditError as exc:
            outcomes[i] = _failure(record, key, exc.code, exc.message)
        except Exception as exc:  # a bug, not bad input: record it and carry on
            outcomes[i] = _failure(record, key, UNEXPECTED, f"{type(exc).__name__}: {exc}")
    order = sorted(docs)
    articles = [_article(docs[i]) for i in order]
    results = pipeline.run_batch(articles, batch_size) if articles else []
    components = versions(settings.components)
    for i, result in zip(order, results, strict=True):
        record, key = records[i], keys[i]
        if isinstance(result, NewsauditError):
            outcomes[i] = _failure(record, key, result.code, result.message)
            continue
        report = build_report(result, components=components, source=_source(docs[i]))
        outcomes[i] = Outcome(
            record.id, key, record.input_hash, record.name, record.meta, report.to_json(indent=None)
        )
    return [outcomes[i] for i in range(len(records))]


def _article(doc: Document) -> Article:
    from ..ingest.html import is_extracted  # the cleaner's HTML mode, as in api.audit_document

    notes = tuple(f.message for f in doc.findings)
    return Article(
        raw=doc.text, text=doc.text, meta=doc.meta, warnings=notes, extracted=is_extracted(doc.method)
    )


def _source(doc: Document) -> dict[str, object]:
    return {
        "name": doc.name,
        "kind": doc.kind,
        "extraction": doc.method,
        "findings": [f.code for f in doc.findings],
    }
