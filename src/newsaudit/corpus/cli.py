"""``newsaudit corpus ...``: thin wrappers over :mod:`newsaudit.corpus` (run, status, export, ...)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..cli_options import HELP_SETTINGS, debug_option

_HELP = HELP_SETTINGS
_store_arg = click.argument("store", type=click.Path(file_okay=False, path_type=Path))


_debug_option = debug_option


@click.group(name="corpus", context_settings=_HELP)
def corpus() -> None:
    """Audit whole corpora into a DuckDB store; query, export, profile outlets, draw a dashboard."""


def _settings(config: Path | None, components: str | None, any_language: bool) -> Any:
    from ..settings import Settings

    settings = Settings.from_toml(config) if config else Settings()
    changes: dict[str, Any] = {}
    if components:
        changes["components"] = tuple(c.strip() for c in components.split(",") if c.strip())
    if any_language:
        changes["any_language"] = True
    return settings.with_(**changes) if changes else settings


@corpus.command(context_settings=_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Store folder (DIR/newsaudit.duckdb).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (models load once in each).",
)
@click.option(
    "--engine",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="local: this machine; dask: a Dask cluster.",
)
@click.option(
    "--scheduler",
    default=None,
    help="Dask scheduler address (tcp://host:8786); without it a LocalCluster of --workers processes.",
)
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=16, show_default=True, help="Articles per task."
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file with a [newsaudit] table of settings.",
)
@click.option(
    "--components", default=None, help="Comma-separated component names (default: the full pipeline)."
)
@click.option(
    "--any-language", is_flag=True, help="Audit non-English text with a warning instead of refusing it."
)
@click.option("--retry-failures", is_flag=True, help="Audit again the articles whose failure is recorded.")
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="Show progress (a bar on a terminal, lines otherwise).",
)
@click.option(
    "--progress-interval",
    type=click.FloatRange(min=0),
    default=5.0,
    show_default=True,
    help="Seconds between plain progress lines (not on a terminal).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on standard output.")
@_debug_option
def run(
    inputs: tuple[str, ...],
    store: Path,
    workers: int,
    engine: str,
    scheduler: str | None,
    batch_size: int,
    config: Path | None,
    components: str | None,
    any_language: bool,
    retry_failures: bool,
    progress: bool,
    progress_interval: float,
    as_json: bool,
) -> None:
    """Audit every article of INPUT... into the store. INPUT is a folder of .txt/.html files,
    a .jsonl or .csv file (a 'text' or 'html' field; optional id, url, site, date, title), a WARC
    archive, or - for JSON Lines on standard input.

    A re-run skips articles already audited with the same input, settings and component
    versions, and audits again those that changed; a killed run resumes where it stopped.
    """
    from . import RunOptions, default_progress, run_corpus
    from .progress import Silent

    settings = _settings(config, components, any_language)
    options = RunOptions(engine, workers, batch_size, scheduler, retry_failures)
    shown = default_progress(every=progress_interval) if progress else Silent()
    summary = run_corpus(list(inputs), store, settings, options, shown)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2))


@corpus.command(context_settings=_HELP)
@_store_arg
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_debug_option
def status(store: Path, as_json: bool) -> None:
    """Count what the store holds: articles, reports, failures (by code), duplicated reports."""
    from .store import Store

    with Store(store, read_only=True) as st:
        data = st.status()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    codes = ", ".join(f"{c} {n}" for c, n in data["by_code"].items()) or "none"
    click.echo(
        f"articles {data['articles']}, reports {data['reports']}, failures {data['failures']} ({codes}), duplicates {data['duplicates']}"
    )


@corpus.command(context_settings=_HELP)
@_store_arg
@click.option(
    "--table",
    required=True,
    type=click.Choice(("articles", "reports", "attributions", "claims", "denials", "techniques", "failures")),
)
@click.option("--format", "fmt", required=True, type=click.Choice(("parquet", "jsonl", "csv")))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
@_debug_option
def export(store: Path, table: str, fmt: str, output: Path) -> None:
    """Write one table of the store to Parquet, JSON Lines or CSV (loads straight into pandas)."""
    from .export import export_table

    n = export_table(store, table, fmt, output)
    click.echo(f"{n} rows of {table} written to {output}", err=True)


@corpus.command(context_settings=_HELP)
@_store_arg
@_debug_option
def reindex(store: Path) -> None:
    """Rebuild the flat finding tables from the stored reports, without auditing again."""
    from .store import Store

    with Store(store) as st:
        n = st.reindex()
    click.echo(f"finding tables rebuilt from {n} reports", err=True)


_labels_option = click.option(
    "--labels",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="media-reliability folder: add each outlet's factuality label (Baly et al. / MBFC) where the site matches.",
)


@corpus.command(context_settings=_HELP)
@_store_arg
@click.option(
    "--format", "fmt", type=click.Choice(("json", "csv", "html")), default="json", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@_labels_option
@_debug_option
def outlets(store: Path, fmt: str, output: Path | None, labels: Path | None) -> None:
    """Profile each site: articles, score distribution, anonymous/unnamed and self-report shares,
    technique spans per 1,000 words, share of claims whose denial is carried."""
    from .dashboard import render_outlets_html
    from .outlets import load_factuality, outlet_profiles, profiles_csv, profiles_json

    profiles = outlet_profiles(store, load_factuality(labels) if labels else None)
    render = {"json": profiles_json, "csv": profiles_csv, "html": render_outlets_html}[fmt]
    _emit(render(profiles), output)


@corpus.command(context_settings=_HELP)
@_store_arg
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML (or JSON) file to write.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("html", "json")),
    default="html",
    show_default=True,
    help="The page, or its data as JSON.",
)
@_labels_option
@_debug_option
def report(store: Path, output: Path, fmt: str, labels: Path | None) -> None:
    """Write the dashboard: a self-contained offline page of counts, the score distribution,
    the sortable outlet table and the failures."""
    from .dashboard import dashboard_data, render_dashboard
    from .outlets import load_factuality

    facts = load_factuality(labels) if labels else None
    text = (
        render_dashboard(store, facts)
        if fmt == "html"
        else json.dumps(dashboard_data(store, facts), indent=2)
    )
    _emit(text, output)


@corpus.command(context_settings=_HELP)
@_store_arg
@click.option(
    "--format", "fmt", type=click.Choice(("json", "csv", "html")), default="json", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option(
    "--min-articles",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Leave out smaller stories.",
)
@_debug_option
def stories(store: Path, fmt: str, output: Path | None, min_articles: int) -> None:
    """Group the stored articles into stories (the same event across outlets), with each story's
    origin (its earliest article): JSON newsaudit.stories/1, CSV or an HTML page."""
    from .stories import group_stories, store_docs, stories_csv, stories_html, stories_json

    found = group_stories(store_docs(store), min_articles=min_articles)
    _emit({"json": stories_json, "csv": stories_csv, "html": stories_html}[fmt](found), output)


@corpus.command(context_settings=_HELP)
@_store_arg
@click.option("--format", "fmt", type=click.Choice(("json", "csv")), default="json", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@_debug_option
def copies(store: Path, fmt: str, output: Path | None) -> None:
    """Find whole and partial copies between stored articles: who copied whom (dates, then
    citations, then containment), the share reused and the reused passages (offsets into each text)."""
    from .copies import copies_csv, copies_json, find_copies, store_articles

    found = find_copies(store_articles(store))
    _emit({"json": copies_json, "csv": copies_csv}[fmt](found), output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"written to {output}", err=True)
