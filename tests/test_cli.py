from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsaudit.cli import main
from newsaudit.report import SCHEMA


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_cli_help_explains_check(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    for needle in ("standard input", "HTML page", "URL", "WARC", "--format", "--max-bytes", "Exit status"):
        assert needle in flat


@pytest.mark.parametrize(("data", "code"), [(b"", "E001"), (b"\x00\x01\x02binary" * 50, "E002")])
def test_cli_refuses_bad_input_with_exit_3(runner: CliRunner, tmp_path: Path, data: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 3
    assert f"Error [{code}]" in result.output
    assert "Traceback" not in result.output


def test_cli_refuses_oversized_input(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("The mayor said the budget passed. " * 100, encoding="utf-8")
    result = runner.invoke(main, ["check", str(path), "--max-bytes", "500"])
    assert result.exit_code == 3 and "Error [E003]" in result.output


def test_cli_missing_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "Error [E011]" in result.output


def test_cli_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "-", "--format", "pdf"], input="text")
    assert result.exit_code == 2


@pytest.mark.slow
def test_cli_refuses_non_english(runner: CliRunner) -> None:
    text = (
        "Le gouvernement a annoncé mardi une nouvelle réforme des retraites, selon le ministre du Travail. "
        * 3
    )
    result = runner.invoke(main, ["check", "-"], input=text)
    assert result.exit_code == 3 and "Error [E004]" in result.output and "--any-language" in result.output


@pytest.mark.slow
def test_cli_any_language_audits_with_a_warning(runner: CliRunner) -> None:
    text = (
        "Le gouvernement a annoncé mardi une nouvelle réforme des retraites, selon le ministre du Travail. "
        * 3
    )
    result = runner.invoke(main, ["check", "-", "--any-language", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["meta"]["language"] == "fr"
    assert any("not English" in w for w in report["warnings"])


@pytest.mark.slow
def test_cli_check_stdin_json(runner: CliRunner, articles_dir: Path) -> None:
    text = (articles_dir / "careful_named.txt").read_text(encoding="utf-8")
    result = runner.invoke(main, ["check", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["schema"] == SCHEMA


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "md", "text"])
def test_cli_check_writes_output_file(
    runner: CliRunner, articles_dir: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(
        main, ["check", str(articles_dir / "anonymous_denied.txt"), "--format", fmt, "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Sourcing score" in out.read_text(encoding="utf-8")
