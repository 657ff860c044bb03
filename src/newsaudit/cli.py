"""Command line: thin wrappers that parse arguments, call the library and render.

Exit codes: 0 success, 1 internal error, 2 usage error, 3 refused input.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from .errors import NewsauditError
from .report import FORMATS

_HELP = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turn library errors into one coded line and an exit code, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsauditError as exc:
            if ctx.meta.get("debug"):
                raise
            click.echo(f"Error [{exc.code}]: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if ctx.meta.get("debug"):
                raise
            click.echo(f"Error [E999]: internal error: {type(exc).__name__}: {exc}. Rerun with --debug for a traceback and report it.", err=True)
            ctx.exit(1)


def _debug(ctx: click.Context, _: Any, value: bool) -> bool:
    ctx.meta["debug"] = value
    return value


_debug_option = click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_debug, help="Show tracebacks on errors.")


@click.group(cls=_Group, context_settings=_HELP)
@click.version_option(package_name="newsaudit")
@_debug_option
def main() -> None:
    """Audit news articles: who says so, does anyone deny it, and how well is it sourced?

    Everything runs offline with the models shipped in the package.
    """


@main.command(context_settings=_HELP)
@click.argument("path", metavar="PATH")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format: terminal text, JSON (newsaudit.report/1), Markdown or a self-contained HTML page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write the report to FILE instead of standard output.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, help="Refuse input larger than this many bytes [default: 2000000].")
@click.option("--any-language", is_flag=True, help="Audit non-English text with a warning instead of refusing it.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="TOML file with a [newsaudit] table of settings.")
@click.option("--color/--no-color", default=None, help="Colour the terminal view [default: only on a terminal].")
@_debug_option
def check(path: str, fmt: str, output: Path | None, max_bytes: int | None, any_language: bool, config: Path | None, color: bool | None) -> None:
    """Audit one article: PATH is a text file, or - to read standard input.

    Prints the cleaned text's source ledger (who says what, relayed by whom), denials,
    hedges and a 0-100 sourcing score whose every point cites the text behind it.
    Exit status: 0 ok, 2 usage error, 3 input refused (empty, binary, too large, not English).
    """
    from .api import audit
    from .ingest.text import read_path
    from .report import render
    from .settings import Settings

    settings = Settings.from_toml(config) if config else Settings()
    changes: dict[str, Any] = {}
    if max_bytes is not None:
        changes["max_bytes"] = max_bytes
    if any_language:
        changes["any_language"] = True
    settings = settings.with_(**changes) if changes else settings
    text = read_path(path, max_bytes=settings.max_bytes)
    report = audit(text, settings)
    if color is None:
        color = output is None and sys.stdout.isatty()
    rendered = render(report, fmt, color=color)
    if output is not None:
        output.write_text(rendered, encoding="utf-8")
        click.echo(f"Wrote {fmt} report to {output}", err=True)
    else:
        click.echo(rendered, nl=False)


@main.group(name="eval", cls=_Group, context_settings=_HELP)
def eval_group() -> None:
    """Evaluate a component on a public data set; prints a table (and JSON with --json)."""


_json_option = click.option("--json", "as_json", is_flag=True, help="End the output with one line of JSON metrics.")
_limit_option = click.option("--limit", type=click.IntRange(min=1), default=None, help="Only use the first N items (a quick check).")


def _run_eval(module: str, as_json: bool, **kwargs: Any) -> None:
    from rich.console import Console

    evaluate: Callable[..., Any] = import_module(f"newsaudit.evaluation.{module}").evaluate
    result = evaluate(**kwargs)
    Console(highlight=False).print(result.table())
    for note in result.notes:
        click.echo(note)
    if as_json:
        click.echo(result.json_line())


_dir = click.Path(exists=True, file_okay=False, path_type=Path)
_file = click.Path(exists=True, dir_okay=False, path_type=Path)


@eval_group.command(context_settings=_HELP)
@click.option("--html", "html_dir", type=_dir, required=True, help="Folder of <id>.html.gz (or .html) pages.")
@click.option("--truth", type=_file, required=True, help="ground-truth.json with an articleBody per id.")
@_limit_option
@_json_option
@_debug_option
def cleaning(html_dir: Path, truth: Path, limit: int | None, as_json: bool) -> None:
    """Score the cleaner in text mode: pages rendered to visible text, cleaned, compared with the gold body."""
    _run_eval("cleaning", as_json, html_dir=html_dir, truth=truth, limit=limit)


@eval_group.command(context_settings=_HELP)
@click.option("--split", "split_dir", type=_dir, required=True, help="PolNeAR-format folder with text/ and attributions/.")
@_limit_option
@_json_option
@_debug_option
def attribution(split_dir: Path, limit: int | None, as_json: bool) -> None:
    """Score the source ledger (source, cue, content; exact and overlap) on PolNeAR-format data."""
    _run_eval("attribution", as_json, split_dir=split_dir, limit=limit)


@eval_group.command(context_settings=_HELP)
@click.option("--csv", "csv_path", type=_file, required=True, help="Emergent CSV (claimHeadline, articleHeadline, articleHeadlineStance, ...).")
@_limit_option
@_json_option
@_debug_option
def denials(csv_path: Path, limit: int | None, as_json: bool) -> None:
    """Score denial detection as headline stance 'against' versus the rest on Emergent."""
    _run_eval("denials", as_json, csv_path=csv_path, limit=limit)


if __name__ == "__main__":  # pragma: no cover
    main()
