"""Corpus runs on a light pipeline: skip what is done, redo what changed, record failures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus_helpers import LIGHT, article_text, reports_of, status_of, write_jsonl
from newsaudit.cli import main
from newsaudit.corpus import PlainProgress, RunOptions, Store, run_corpus
from newsaudit.errors import SettingsError

pytestmark = pytest.mark.slow  # loads spaCy (the light pipeline parses)


def test_run_corpus_writes_reports_and_findings_that_slice(tmp_path: Path) -> None:
    inp = write_jsonl(tmp_path / "in.jsonl", 4)
    summary = run_corpus([str(inp)], tmp_path / "store", LIGHT)
    assert (summary.done, summary.failed, summary.skipped) == (4, 0, 0)
    with Store(tmp_path / "store", read_only=True) as store:
        rows = store.query(
            "SELECT a.id, a.site, a.text, r.report FROM articles a JOIN reports r USING (id) ORDER BY id"
        )
    assert [r[0] for r in rows] == ["a0", "a1", "a2", "a3"]
    assert [r[1] for r in rows] == ["reuters.com", "breitbart.com", "apnews.com", "reuters.com"]
    for _, _, text, report in rows:
        assert json.loads(report)["text"] == text


def test_run_corpus_rerun_skips_done_and_redoes_changed(tmp_path: Path) -> None:
    inp = write_jsonl(tmp_path / "in.jsonl", 4)
    run_corpus([str(inp)], tmp_path / "store", LIGHT)
    before = reports_of(tmp_path / "store")
    again = run_corpus([str(inp)], tmp_path / "store", LIGHT)
    assert (again.done, again.skipped) == (0, 4)
    rows = [json.loads(line) for line in inp.read_text().splitlines()]
    rows[1]["text"] += "\nA spokesman said nothing more.\n"
    inp.write_text("".join(json.dumps(r) + "\n" for r in rows))
    redo = run_corpus([str(inp)], tmp_path / "store", LIGHT)
    assert (redo.done, redo.skipped) == (1, 3)
    after = reports_of(tmp_path / "store")
    assert after["a1"] != before["a1"] and "spokesman said nothing more" in after["a1"]
    assert {k: v for k, v in after.items() if k != "a1"} == {k: v for k, v in before.items() if k != "a1"}


def test_run_corpus_settings_change_redoes_everything(tmp_path: Path) -> None:
    inp = write_jsonl(tmp_path / "in.jsonl", 3)
    run_corpus([str(inp)], tmp_path / "store", LIGHT)
    redo = run_corpus([str(inp)], tmp_path / "store", LIGHT.with_(any_language=True))
    assert (redo.done, redo.skipped) == (3, 0)
    assert status_of(tmp_path / "store")["reports"] == 3


def test_run_corpus_records_failures_with_codes_and_carries_on(tmp_path: Path) -> None:
    bad = [
        {"id": "empty", "text": "   "},
        {
            "id": "german",
            "text": "Der Bürgermeister sagte am Montag, die Brücke werde im Frühjahr wieder geöffnet, und die Polizei meldete zwei Verletzte.",
        },
        {
            "id": "cookie",
            "html": "<html><body><div>We use cookies. Accept all cookies to continue.</div></body></html>",
        },
        {"id": "nofield", "body": "x"},
    ]
    inp = write_jsonl(tmp_path / "in.jsonl", 3, extra=bad)
    with inp.open("a") as fh:
        fh.write("{broken json\n")
    summary = run_corpus([str(inp)], tmp_path / "store", LIGHT, RunOptions(batch_size=2))
    assert summary.done == 3
    assert summary.failed == 5
    status = status_of(tmp_path / "store")
    assert status["by_code"] == {"E001": 1, "E004": 1, "E006": 3}
    with Store(tmp_path / "store", read_only=True) as store:
        failures = dict(store.query("SELECT id, code FROM failures"))
    assert failures["german"] == "E004" and failures["empty"] == "E001"
    assert run_corpus([str(inp)], tmp_path / "store", LIGHT).skipped == 8
    assert run_corpus([str(inp)], tmp_path / "store", LIGHT, RunOptions(retry_failures=True)).failed == 5


def test_run_corpus_counts_duplicate_ids_once(tmp_path: Path) -> None:
    inp = write_jsonl(
        tmp_path / "in.jsonl",
        2,
        extra=[{"id": "a0", "text": "A different text, same id, later in the input."}],
    )
    summary = run_corpus([str(inp)], tmp_path / "store", LIGHT)
    assert (summary.done, summary.duplicates) == (2, 1)
    assert status_of(tmp_path / "store") | {"by_code": {}} == {
        "articles": 2,
        "reports": 2,
        "failures": 0,
        "duplicates": 0,
        "by_code": {},
    }


# warcio's writer (used only to build the test archive) leaves a SpooledTemporaryFile unclosed.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_run_corpus_reads_folders_and_warc(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "one.txt").write_text(article_text(0), encoding="utf-8")
    page = (Path(__file__).parent / "fixtures" / "pages" / "article_wire.html").read_bytes()
    (folder / "two.html").write_bytes(page)
    warc = tmp_path / "crawl.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        writer.write_record(
            writer.create_warc_record(
                "https://www.apnews.com/x", "response", payload=io.BytesIO(page), http_headers=headers
            )
        )
    summary = run_corpus([str(folder), str(warc)], tmp_path / "store", LIGHT)
    assert (summary.done, summary.duplicates) == (2, 1)  # the WARC page is two.html again: same content id


def test_cli_corpus_run_reads_stdin_and_prints_summary(tmp_path: Path) -> None:
    stdin = "".join(json.dumps({"id": f"s{i}", "text": article_text(i)}) + "\n" for i in range(2))
    store = tmp_path / "store"
    result = CliRunner().invoke(
        main,
        ["corpus", "run", "-", "--store", str(store), "--components", "clean,language,parse", "--json"],
        input=stdin,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["done"] == 2
    status = CliRunner().invoke(main, ["corpus", "status", str(store), "--json"])
    assert json.loads(status.stdout) == {
        "articles": 2,
        "reports": 2,
        "failures": 0,
        "duplicates": 0,
        "by_code": {},
    }


def test_plain_progress_prints_lines_and_summary(tmp_path: Path) -> None:
    out = io.StringIO()
    run_corpus(
        [str(write_jsonl(tmp_path / "in.jsonl", 2))],
        tmp_path / "store",
        LIGHT,
        progress=PlainProgress(out, every=0),
    )
    text = out.getvalue()
    assert "2 articles to consider" in text and "articles/s" in text
    assert "done 2, skipped 0" in text


@pytest.mark.parametrize(
    "options", [RunOptions(engine="spark"), RunOptions(workers=0), RunOptions(scheduler="tcp://x:1")]
)
def test_run_options_refuse_what_cannot_work(tmp_path: Path, options: RunOptions) -> None:
    with pytest.raises(SettingsError):
        run_corpus([], tmp_path / "store", LIGHT, options)


def test_cli_corpus_status_without_store_is_a_coded_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["corpus", "status", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "Error [E011]" in result.output


def test_rich_progress_shows_rate_and_summary_on_a_terminal(tmp_path: Path) -> None:
    from rich.console import Console

    from newsaudit.corpus.progress import RichProgress

    out = io.StringIO()
    shown = RichProgress(Console(file=out, force_terminal=True, width=120))
    run_corpus([str(write_jsonl(tmp_path / "in.jsonl", 2))], tmp_path / "store", LIGHT, progress=shown)
    text = out.getvalue()
    assert "articles/s" in text and "2/2" in text and "done 2, skipped 0" in text


def test_cli_corpus_run_missing_input_is_a_coded_error_before_any_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["corpus", "run", str(tmp_path / "nope.jsonl"), "--store", str(tmp_path / "s")]
    )
    assert result.exit_code == 2
    assert "Error [E011]" in result.output and "does not exist" in result.output
    assert not (tmp_path / "s").exists()
