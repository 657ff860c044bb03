"""Read the HTML response records of a WARC archive (warcio), one at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputNotFoundError, NotAnArticleError

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcRecord:
    """One HTML response of an archive: where it came from and its body (or why it was skipped)."""

    index: int
    url: str | None
    data: bytes
    error: str | None = None


def is_warc(path: str) -> bool:
    """Return True for paths named like WARC archives."""
    return path.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def iter_html_records(path: str | Path, *, max_bytes: int) -> Iterator[WarcRecord]:
    """Yield every HTML response record; oversized bodies come back with ``error`` set."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    p = Path(path)
    if not p.is_file():
        raise InputNotFoundError(f"{path} does not exist; give the path of a .warc or .warc.gz file")
    _check_magic(p)
    index = 0
    with p.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
                if ctype not in HTML_TYPES:
                    continue
                index += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                body = _read_capped(record.content_stream(), max_bytes + 1)
                error = (
                    f"record is over the size limit of {max_bytes:,} bytes" if len(body) > max_bytes else None
                )
                yield WarcRecord(index, url, b"" if error else body, error)
        except ArchiveLoadFailed as exc:
            raise NotAnArticleError(f"{path} is not a readable WARC archive: {exc}") from exc
    if index == 0:
        raise NotAnArticleError(f"{path} holds no HTML response records; nothing to audit")


def _check_magic(path: Path) -> None:
    """Refuse files that do not start like a WARC (or ARC) archive, gzipped or not."""
    import zlib

    with path.open("rb") as fh:
        head = fh.read(4096)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(47).decompress(head, 64)
        except zlib.error:
            head = b""
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        raise NotAnArticleError(f"{path} is not a WARC archive (it does not start with a WARC record header)")


def _read_capped(stream, limit: int) -> bytes:  # type: ignore[no-untyped-def]
    """Read up to ``limit`` bytes; stream reads may return short chunks."""
    out = bytearray()
    while len(out) < limit:
        chunk = stream.read(min(65536, limit - len(out)))
        if not chunk:
            break
        out += chunk
    return bytes(out)
