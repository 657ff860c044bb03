from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsaudit.corpus.inputs import content_id, count_records, read_input, site_of
from newsaudit.errors import InputNotFoundError


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_read_input_jsonl_keeps_given_ids_and_hashes_the_rest(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", [{"id": 7, "text": "One."}, {"text": "Two."}])
    first, second = read_input(str(path))
    assert first.id == "7"
    assert second.id == content_id(b"Two.")


def test_read_input_jsonl_prefers_html_and_keeps_meta(tmp_path: Path) -> None:
    row = {
        "html": "<p>Hi</p>",
        "text": "ignored",
        "url": "https://www.example.org:8080/a",
        "title": "T",
        "date": "2024-05-01",
    }
    (record,) = read_input(str(_jsonl(tmp_path / "in.jsonl", [row])))
    assert record.kind == "html"
    assert record.content == b"<p>Hi</p>"
    assert record.meta == {"url": row["url"], "title": "T", "date": "2024-05-01", "site": "example.org"}


@pytest.mark.parametrize(
    ("line", "code"),
    [("not json", "E006"), ("[1, 2]", "E006"), ('{"id": "x", "body": "no text field"}', "E006")],
)
def test_read_input_jsonl_bad_lines_become_coded_records(tmp_path: Path, line: str, code: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    (record,) = read_input(str(path))
    assert record.code == code
    assert record.message


def test_read_input_csv_reads_text_and_meta(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('id,text,site\nx1,"Line one.\nLine two.",example.com\n', encoding="utf-8")
    (record,) = read_input(str(path))
    assert (record.id, record.content, record.meta) == (
        "x1",
        b"Line one.\nLine two.",
        {"site": "example.com"},
    )


def test_read_input_folder_reads_txt_and_html_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_bytes(b"<html><p>B</p></html>")
    (tmp_path / "a.txt").write_bytes(b"A")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    records = list(read_input(str(tmp_path)))
    assert [(r.kind, r.content) for r in records] == [("text", b"A"), ("html", b"<html><p>B</p></html>")]
    assert records[0].id == content_id(b"A")


def test_read_input_stdin_is_json_lines() -> None:
    (record,) = read_input("-", stdin=io.StringIO(json.dumps({"id": "s", "text": "Hi."}) + "\n\n"))
    assert (record.id, record.content) == ("s", b"Hi.")


def test_read_input_missing_path_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError):
        list(read_input(str(tmp_path / "nope.jsonl")))


def test_record_input_hash_changes_with_content_and_meta(tmp_path: Path) -> None:
    rows = [{"id": "x", "text": "A"}, {"id": "x", "text": "B"}, {"id": "x", "text": "A", "site": "s.com"}]
    hashes = {r.input_hash for r in read_input(str(_jsonl(tmp_path / "in.jsonl", rows)))}
    assert len(hashes) == 3


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.bbc.co.uk/news/1", "bbc.co.uk"),
        ("http://waff.com:80/story", "waff.com"),
        ("example.org/x", "example.org"),
        (None, None),
    ],
)
def test_site_of_strips_www_and_port(url: str | None, site: str | None) -> None:
    assert site_of(url) == site


def test_count_records_counts_without_reading_whole(tmp_path: Path) -> None:
    _jsonl(tmp_path / "in.jsonl", [{"text": "a"}, {"text": "b"}])
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "x.txt").write_text("x")
    assert count_records([str(tmp_path / "in.jsonl"), str(folder)]) == 3
    assert count_records(["-"]) is None
