from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsaudit.api import audit_source
from newsaudit.errors import NotAnArticleError
from newsaudit.ingest.warc import iter_html_records

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
# warcio's writer (used only to build the test archive) leaves a SpooledTemporaryFile unclosed.
pytestmark = pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning", "ignore::ResourceWarning"
)


def _write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )


@pytest.fixture()
def warc(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc.gz"
    _write_warc(
        path,
        [
            (
                "https://example.org/a",
                "text/html; charset=utf-8",
                (PAGES / "article_news_site.html").read_bytes(),
            ),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
            ("https://example.org/consent", "text/html", (PAGES / "cookie_wall_iab.html").read_bytes()),
            ("https://example.org/b", "text/html", (PAGES / "article_wire.html").read_bytes()),
        ],
    )
    return path


def test_iter_html_records_skips_non_html(warc: Path) -> None:
    urls = [r.url for r in iter_html_records(warc, max_bytes=10_000_000)]
    assert urls == ["https://example.org/a", "https://example.org/consent", "https://example.org/b"]


def test_iter_html_records_flags_oversized_records(warc: Path) -> None:
    records = list(iter_html_records(warc, max_bytes=800))
    assert all(r.error and not r.data for r in records)


@pytest.mark.slow
def test_audit_source_warc_records_failures_and_carries_on(warc: Path) -> None:
    results = list(audit_source(str(warc)))
    assert [r is not None for _, r in results] == [True, False, True]
    failed = results[1][0]
    assert isinstance(failed.error, NotAnArticleError) and "consent" in failed.error.message
    report = results[2][1]
    assert report is not None and report["input"]["kind"] == "warc" and report["meta"]["wire"] == "Reuters"


def test_iter_html_records_refuses_a_non_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(b"this is not an archive at all\n" * 10)
    with pytest.raises(NotAnArticleError):
        list(iter_html_records(path, max_bytes=1000))


@pytest.mark.slow
def test_cli_check_warc_writes_json_lines_and_reports_failures(warc: Path) -> None:
    import json

    from click.testing import CliRunner

    from newsaudit.cli import main

    result = CliRunner().invoke(main, ["check", str(warc), "--format", "json"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [("error" in line) for line in lines] == [False, True, False]
    assert lines[1]["error"]["code"] == "E006"
    assert "Error [E006]" in result.stderr
