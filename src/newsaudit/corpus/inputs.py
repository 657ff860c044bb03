"""Read corpus inputs (folders, JSONL, CSV, WARC, standard input) into records with stable ids.

A :class:`Record` is one article as received: its id (the input's own ``id``, else a hash of
its content), its content (text, or HTML bytes still to extract), the metadata the input gave,
and ``input_hash``, a digest of all of it. Extraction and auditing happen later, in a worker;
reading stays cheap so the parent can decide what is already done before sending anything.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from ..errors import InputNotFoundError, NewsauditError, NotAnArticleError

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv")
META_FIELDS = ("url", "site", "date", "title")
# CSV fields may hold whole articles; the csv module's default cap (128 KiB) is too small.
_CSV_FIELD_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Record:
    """One input article, or the reason it could not be read (``code`` / ``message``)."""

    id: str
    name: str
    kind: str  # "text" or "html"
    content: bytes
    meta: dict[str, str] = field(default_factory=dict)
    code: str | None = None
    message: str | None = None

    @property
    def input_hash(self) -> str:
        """Return a digest of everything the input gave for this article."""
        digest = hashlib.sha256(f"{self.kind}\0".encode())
        digest.update(self.content)
        digest.update(json.dumps(self.meta, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        if self.code:
            digest.update(f"\0{self.code}\0{self.message}".encode())
        return digest.hexdigest()


def content_id(content: bytes) -> str:
    """Return the stable id of an article given without one: a hash of its content."""
    return hashlib.sha256(content).hexdigest()[:20]


def site_of(url: str | None) -> str | None:
    """Return the site of ``url`` (its host without ``www.`` and port), or None."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.")
    return host or None


def _meta(row: dict[str, Any]) -> dict[str, str]:
    meta = {k: str(row[k]) for k in META_FIELDS if row.get(k) not in (None, "")}
    if "site" not in meta and (site := site_of(meta.get("url"))):
        meta["site"] = site
    return meta


def _failed(name: str, error: NewsauditError) -> Record:
    return Record(content_id(name.encode("utf-8")), name, "text", b"", {}, error.code, error.message)


def record_from_row(row: dict[str, Any], name: str) -> Record:
    """Turn one JSONL object or CSV row into a record (``text`` or ``html``, optional id/meta)."""
    html, text = row.get("html"), row.get("text")
    if isinstance(html, str) and html.strip():
        kind, content = "html", html.encode("utf-8")
    elif isinstance(text, str):
        kind, content = "text", text.encode("utf-8")
    else:
        return _failed(name, NotAnArticleError(f"{name} has no 'text' or 'html' field with a string"))
    given = row.get("id")
    rid = str(given) if given not in (None, "") else content_id(content)
    return Record(rid, name, kind, content, _meta(row))


def _read_jsonl(stream: IO[str], label: str) -> Iterator[Record]:
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        name = f"{label}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _failed(
                name, NotAnArticleError(f"{name} is not valid JSON ({exc.msg}); one object per line")
            )
            continue
        if not isinstance(row, dict):
            yield _failed(name, NotAnArticleError(f"{name} is not a JSON object"))
            continue
        yield record_from_row(row, name)


def _read_csv(path: Path) -> Iterator[Record]:
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            yield record_from_row(dict(row), f"{path}:{n}")


def _read_file(path: Path) -> Record:
    data = path.read_bytes()
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
    return Record(content_id(data), str(path), kind, data, {})


def _read_warc(path: Path, max_bytes: int) -> Iterator[Record]:
    from ..errors import InputTooLargeError
    from ..ingest.warc import iter_html_records

    for rec in iter_html_records(path, max_bytes=max_bytes):
        name = f"{path}#{rec.index}" + (f" {rec.url}" if rec.url else "")
        if rec.error:
            yield _failed(name, InputTooLargeError(f"{name}: {rec.error}"))
            continue
        meta = _meta({"url": rec.url})
        yield Record(content_id(rec.data), name, "html", rec.data, meta)


def _folder_files(folder: Path) -> list[Path]:
    suffixes = TEXT_SUFFIXES + HTML_SUFFIXES
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def read_input(source: str, *, max_bytes: int = 10_000_000, stdin: IO[str] | None = None) -> Iterator[Record]:
    """Yield the records of one input: a folder, a .jsonl/.csv file, a WARC archive or ``-``."""
    from ..ingest.warc import is_warc

    if source == "-":
        yield from _read_jsonl(stdin or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"), "stdin")
        return
    path = Path(source)
    if path.is_dir():
        yield from (_read_file(p) for p in _folder_files(path))
    elif not path.is_file():
        raise InputNotFoundError(
            f"{source} does not exist; give a folder of .txt/.html files, a .jsonl or .csv file, "
            "a .warc.gz archive, or - for JSON Lines on standard input"
        )
    elif is_warc(source):
        yield from _read_warc(path, max_bytes)
    elif path.suffix.lower() == ".csv":
        yield from _read_csv(path)
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as fh:
            yield from _read_jsonl(fh, str(path))
    else:
        yield _read_file(path)


def check_inputs(sources: Iterable[str]) -> None:
    """Raise InputNotFoundError for the first source that is neither ``-`` nor an existing path."""
    for source in sources:
        if source != "-" and not Path(source).exists():
            raise InputNotFoundError(
                f"{source} does not exist; give a folder of .txt/.html files, a .jsonl or .csv file, "
                "a .warc.gz archive, or - for JSON Lines on standard input"
            )


def read_inputs(sources: Iterable[str], *, max_bytes: int = 10_000_000) -> Iterator[Record]:
    """Yield the records of every input in turn."""
    for source in sources:
        yield from read_input(source, max_bytes=max_bytes)


def count_records(sources: Iterable[str]) -> int | None:
    """Return how many records the inputs hold without reading them whole, or None if unknown."""
    total = 0
    for source in sources:
        path = Path(source)
        if source == "-" or source.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
            return None
        if path.is_dir():
            total += len(_folder_files(path))
        elif path.suffix.lower() in (".jsonl", ".ndjson"):
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif path.suffix.lower() == ".csv":
            total += sum(1 for _ in _read_csv(path))
        elif path.is_file():
            total += 1
    return total
