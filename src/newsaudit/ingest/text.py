"""Read plain text in any common encoding, refusing what cannot be an article."""

from __future__ import annotations

import sys
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import (
    BinaryInputError,
    DecodeInputError,
    EmptyInputError,
    InputNotFoundError,
    InputTooLargeError,
)

# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = {*range(0, 9), 11, *range(14, 32), 127}
# Share of control bytes / NULs above which input is treated as binary.
_MAX_CONTROL_SHARE = 0.01
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if any(sample.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16 text is full of NULs by design
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls / max(len(sample), 1) > _MAX_CONTROL_SHARE


def decode_text(data: bytes, *, max_bytes: int = 2_000_000, name: str = "input") -> str:
    """Decode ``data`` to text, refusing empty, binary, oversized or undecodable input."""
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{name} is over the size limit of {max_bytes:,} bytes; "
            "raise it with --max-bytes if this really is one article"
        )
    if not data.strip():
        raise EmptyInputError(f"{name} is empty: there is no text to audit")
    if _looks_binary(data):
        raise BinaryInputError(f"{name} looks like binary data, not text; give a .txt, .html or stdin text")
    text = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError(f"{name} contains only whitespace: there is no text to audit")
    return text


def _decode(data: bytes, name: str) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeInputError(f"cannot tell the text encoding of {name}; save it as UTF-8 and try again")
    return str(best)


def read_path(path: str, *, max_bytes: int = 2_000_000) -> str:
    """Read and decode a file path, or standard input when ``path`` is ``-``."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return decode_text(data, max_bytes=max_bytes, name="standard input")
    p = Path(path)
    if not p.is_file():
        what = "is a directory, not a file" if p.is_dir() else "does not exist"
        raise InputNotFoundError(f"{path} {what}; give the path of an article file, or - for standard input")
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputNotFoundError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return decode_text(data, max_bytes=max_bytes, name=str(p))
