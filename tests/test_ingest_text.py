from __future__ import annotations

from pathlib import Path

import pytest

from newsaudit.errors import BinaryInputError, EmptyInputError, InputNotFoundError, InputTooLargeError
from newsaudit.ingest.text import decode_text, read_path

SAMPLE = "Officials said the bridge would reopen on Monday, according to a city statement.\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\ufeff".encode("utf-8")])
def test_decode_text_refuses_empty(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode_text(data)


@pytest.mark.parametrize(
    "data", [bytes(range(256)) * 10, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100]
)
def test_decode_text_refuses_binary(data: bytes) -> None:
    with pytest.raises(BinaryInputError):
        decode_text(data)


def test_decode_text_refuses_oversized_input() -> None:
    with pytest.raises(InputTooLargeError, match="limit of 100"):
        decode_text(b"word " * 100, max_bytes=100)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_decode_text_reads_common_encodings(encoding: str) -> None:
    text = "Café owners said the “new” rules cost them dearly, the mayor’s office confirmed. " * 3
    if encoding in ("latin-1",):
        text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    assert decode_text(text.encode(encoding)) == text


def test_decode_text_normalises_line_endings() -> None:
    assert decode_text(b"one line\r\nsecond line\rthird") == "one line\nsecond line\nthird"


def test_read_path_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="does not exist"):
        read_path(str(tmp_path / "nope.txt"))


def test_read_path_refuses_directory(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="directory"):
        read_path(str(tmp_path))


def test_read_path_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    assert read_path(str(path)) == SAMPLE
