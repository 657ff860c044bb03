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

from .cli_options import HELP_SETTINGS, debug_option
from .errors import NewsauditError
from .report import FORMATS

_HELP = HELP_SETTINGS


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
            click.echo(
                f"Error [E999]: internal error: {type(exc).__name__}: {exc}. Rerun with --debug for a traceback and report it.",
                err=True,
            )
            ctx.exit(1)


_debug_option = debug_option


@click.group(cls=_Group, context_settings=_HELP)
@click.version_option(package_name="newsaudit")
@_debug_option
def main() -> None:
    """Audit news articles: who says so, does anyone deny it, and how well is it sourced?

    Everything runs offline with the models shipped in the package.
    """


@main.command(context_settings=_HELP)
@click.argument("source", metavar="SOURCE")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format: terminal text, JSON (newsaudit.report/1; JSON Lines for archives), Markdown or a self-contained HTML page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse article text larger than this many bytes [default: 2000000].",
)
@click.option(
    "--any-language", is_flag=True, help="Audit non-English text with a warning instead of refusing it."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds to wait on a URL before giving up [default: 10].",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow URLs on loopback, private or link-local addresses (refused by default).",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file with a [newsaudit] table of settings.",
)
@click.option(
    "--color/--no-color", default=None, help="Colour the terminal view [default: only on a terminal]."
)
@_debug_option
def check(
    source: str,
    fmt: str,
    output: Path | None,
    max_bytes: int | None,
    any_language: bool,
    timeout: float | None,
    allow_private: bool,
    config: Path | None,
    color: bool | None,
) -> None:
    """Audit one article. SOURCE is a text file, an HTML page, an http(s) URL, a WARC archive
    (.warc or .warc.gz: every HTML response is audited), or - for standard input.

    Prints the source ledger (who says what, relayed by whom), denials, hedges and a 0-100
    sourcing score whose every point cites the text behind it.
    Exit status: 0 ok, 2 usage error, 3 input refused (empty, binary, too large, not English,
    not an article, or could not be fetched).
    """
    from .settings import Settings

    settings = Settings.from_toml(config) if config else Settings()
    changes: dict[str, Any] = {"max_bytes": max_bytes, "fetch_timeout": timeout}
    changes = {k: v for k, v in changes.items() if v is not None}
    changes.update(
        {k: True for k, v in (("any_language", any_language), ("allow_private", allow_private)) if v}
    )
    settings = settings.with_(**changes) if changes else settings
    if color is None:
        color = output is None and sys.stdout.isatty()
    chunks, failures = _audit_all(source, settings, fmt, bool(color))
    _emit("".join(chunks), output, fmt)
    if failures and not chunks:
        sys.exit(3)


def _audit_all(source: str, settings: Any, fmt: str, color: bool) -> tuple[list[str], int]:
    """Render every document of ``source``; a lone document's error propagates, archives carry on."""
    import json

    from .api import audit_source
    from .ingest.warc import is_warc as is_archive
    from .report import render

    archive = is_archive(source)
    chunks: list[str] = []
    failures = 0
    for document, report in audit_source(source, settings):
        if report is None:
            assert document.error is not None
            if not archive:
                raise document.error
            failures += 1
            click.echo(f"Error [{document.error.code}]: {document.error.message}", err=True)
            if fmt == "json":
                chunks.append(
                    json.dumps(
                        {
                            "input": {"name": document.name, "kind": document.kind},
                            "error": {"code": document.error.code, "message": document.error.message},
                        }
                    )
                    + "\n"
                )
            continue
        if archive and fmt == "json":
            chunks.append(report.to_json(indent=None) + "\n")
        else:
            chunks.append(render(report, fmt, color=color))
    return chunks, failures


def _emit(rendered: str, output: Path | None, fmt: str) -> None:
    if output is not None:
        output.write_text(rendered, encoding="utf-8")
        click.echo(f"Wrote {fmt} report to {output}", err=True)
    else:
        click.echo(rendered, nl=False)


@main.group(name="eval", cls=_Group, context_settings=_HELP)
def eval_group() -> None:
    """Evaluate a component on a public data set; prints a table (and JSON with --json)."""


_json_option = click.option(
    "--json", "as_json", is_flag=True, help="End the output with one line of JSON metrics."
)
_limit_option = click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Only use the first N items (a quick check)."
)


def _run_eval(module: str, as_json: bool, **kwargs: Any) -> None:

    evaluate: Callable[..., Any] = import_module(f"newsaudit.evaluation.{module}").evaluate
    evaluate(**kwargs).print(as_json)


_part_option = click.option(
    "--part",
    type=click.Choice(["all", "dev", "train"]),
    default="all",
    show_default=True,
    help="Which part of the pages to score: the cleaner's line model is trained on the 'train' part "
    "(a fixed split by site group: no site in both parts), so 'dev' gives the held-out figure.",
)


_source_option = click.option(
    "--source",
    type=click.Choice(["all", "dragnet", "ps", "cpe", "rd", "news", "ce"]),
    default="all",
    show_default=True,
    help="Only pages of one source (id prefix; 'news' = ps, cpe and rd; 'dragnet' = numeric ids).",
)


def _page_ids(html_dir: Path, truth: Path, part: str, source: str = "all") -> set[str] | None:
    from .evaluation.cleaning import load_truth, part_ids, source_ids

    ids = part_ids(html_dir, truth, part)
    if source == "all":
        return ids
    return source_ids(ids if ids is not None else set(load_truth(truth)), source)


_dir = click.Path(exists=True, file_okay=False, path_type=Path)
_file = click.Path(exists=True, dir_okay=False, path_type=Path)


@eval_group.command(context_settings=_HELP)
@click.option("--html", "html_dir", type=_dir, required=True, help="Folder of <id>.html.gz (or .html) pages.")
@click.option("--truth", type=_file, required=True, help="ground-truth.json with an articleBody per id.")
@_limit_option
@_json_option
@_debug_option
@_part_option
@_source_option
def cleaning(html_dir: Path, truth: Path, limit: int | None, as_json: bool, part: str, source: str) -> None:
    """Score the cleaner in text mode: pages rendered to visible text, cleaned, compared with the gold body."""
    ids = _page_ids(html_dir, truth, part, source)
    _run_eval("cleaning", as_json, html_dir=html_dir, truth=truth, limit=limit, ids=ids)


@eval_group.command(context_settings=_HELP)
@click.option(
    "--split",
    "split_dir",
    type=_dir,
    required=True,
    help="PolNeAR-format folder with text/ and attributions/.",
)
@_limit_option
@_json_option
@_debug_option
def attribution(split_dir: Path, limit: int | None, as_json: bool) -> None:
    """Score the source ledger (source, cue, content; exact and overlap) on PolNeAR-format data."""
    _run_eval("attribution", as_json, split_dir=split_dir, limit=limit)


@eval_group.command(name="blind-ledger", context_settings=_HELP)
@click.option("--dir", "folder", type=_dir, required=True, help="Folder of NN_slug.txt + NN_slug.json gold ledgers.")
@_json_option
@_debug_option
def blind_ledger(folder: Path, as_json: bool) -> None:
    """Score ledger, denials, loaded labels and rank order on a blind batch; list each miss."""
    from .evaluation.blind_ledger import evaluate

    evaluate(folder).print(as_json)


@eval_group.command(context_settings=_HELP)
@click.option(
    "--csv",
    "csv_path",
    type=_file,
    required=True,
    help="Emergent CSV (claimHeadline, articleHeadline, articleHeadlineStance, ...).",
)
@click.option("--rules-only", is_flag=True, help="Leave the shared encoder's stance head out.")
@click.option(
    "--part",
    type=click.Choice(["all", "dev", "train"]),
    default="all",
    show_default=True,
    help="Our split by claim: the stance head trains on 'train', so 'dev' gives the held-out figure.",
)
@_limit_option
@_json_option
@_debug_option
def denials(csv_path: Path, limit: int | None, as_json: bool, rules_only: bool, part: str) -> None:
    """Score denial detection as headline stance 'against' versus the rest on Emergent."""
    _run_eval("denials", as_json, csv_path=csv_path, limit=limit, rules_only=rules_only, part=part)


@eval_group.command(context_settings=_HELP)
@click.option("--html", "html_dir", type=_dir, required=True, help="Folder of <id>.html.gz (or .html) pages.")
@click.option("--truth", type=_file, required=True, help="ground-truth.json with an articleBody per id.")
@_limit_option
@_json_option
@_debug_option
@_part_option
@_source_option
def extraction(html_dir: Path, truth: Path, limit: int | None, as_json: bool, part: str, source: str) -> None:
    """Score main-text extraction from HTML (chosen extractor + cleaner) beside trafilatura's settings, same pages."""
    ids = _page_ids(html_dir, truth, part, source)
    _run_eval("extraction", as_json, html_dir=html_dir, truth=truth, limit=limit, ids=ids)


@eval_group.command(context_settings=_HELP)
@click.option("--articles", type=_dir, required=True, help="Folder of PTC article<ID>.txt files.")
@click.option(
    "--labels", type=_file, required=True, help="PTC labels: id<TAB>technique<TAB>start<TAB>end per line."
)
@click.option(
    "--part",
    type=click.Choice(["all", "dev", "train"]),
    default="all",
    show_default=True,
    help="Our fixed split of PTC articles by near-duplicate group (evaluation/groups.py); the shared "
    "encoder is trained on 'train'.",
)
@_limit_option
@_json_option
@_debug_option
def techniques(articles: Path, labels: Path, part: str, limit: int | None, as_json: bool) -> None:
    """Score propaganda-technique spans: SemEval-2020 Task 11 SI F1 (partial overlap) and TC micro-F1."""
    from .evaluation.techniques import part_ids, read_articles

    ids = part_ids(read_articles(articles), part)
    _run_eval("techniques", as_json, articles_dir=articles, labels=labels, ids=ids, limit=limit)


@eval_group.command(context_settings=_HELP)
@click.option(
    "--tsv", type=_file, required=True, help="CheckThat! 2024 task 1 TSV (Sentence_id, Text, class_label)."
)
@_limit_option
@_json_option
@_debug_option
def checkworthy(tsv: Path, limit: int | None, as_json: bool) -> None:
    """Score check-worthiness: precision, recall and F1 of the "Yes" class."""
    _run_eval("checkworthy", as_json, tsv=tsv, limit=limit)


@eval_group.command(context_settings=_HELP)
@click.option(
    "--jsonl",
    type=_file,
    required=True,
    help="FA-KES JSONL (article_title, article_content, label: 1 credible, 0 fake).",
)
@_limit_option
@_json_option
@_debug_option
def credibility(jsonl: Path, limit: int | None, as_json: bool) -> None:
    """Score how well the audit separates credible from fake articles: ROC AUC of the score and of a CV classifier."""
    _run_eval("credibility", as_json, jsonl=jsonl, limit=limit)


@eval_group.command(context_settings=_HELP)
@click.option("--pages", type=_dir, required=True, help="Folder of labelled pages with a labels.json.")
@click.option(
    "--articles",
    type=_dir,
    default=None,
    help="Optional folder of real article pages (.html or .html.gz); their refusal rate is the false-alarm rate.",
)
@_limit_option
@_json_option
@_debug_option
def gate(pages: Path, articles: Path | None, limit: int | None, as_json: bool) -> None:
    """Score the sanity gate: refusal precision/recall on labelled pages, false alarms on real articles."""
    _run_eval("gate", as_json, pages=pages, articles=articles, limit=limit)


@eval_group.command(name="blind-clean", context_settings=_HELP)
@click.option(
    "--dir", "folder", type=_dir, required=True, help="Folder of NN_slug.txt + NN_slug.gold.json pairs."
)
@_json_option
@_debug_option
def blind_clean(folder: Path, as_json: bool) -> None:
    """Score the cleaner on a blind batch: furniture removed, sentences kept, headline right, each miss."""
    from .evaluation.blind import evaluate_clean

    evaluate_clean(folder).print(as_json)


@eval_group.command(name="blind-gate", context_settings=_HELP)
@click.option("--dir", "folder", type=_dir, required=True, help="Folder of HTML pages with a labels.json.")
@_json_option
@_debug_option
def blind_gate(folder: Path, as_json: bool) -> None:
    """Score the sanity gate on a blind batch: refusal precision/recall and each miss."""
    from .evaluation.blind import evaluate_gate

    evaluate_gate(folder).print(as_json)


@eval_group.command(context_settings=_HELP)
@click.option("--jsonl", type=_file, required=True, help="JSON Lines: text, and title, date, site where present.")
@click.option("--truth-field", required=True, help="Field holding the gold story (e.g. cluster_id, group_id).")
@click.option(
    "--cv-folds",
    type=click.IntRange(min=2),
    default=None,
    help="Fit the pair model and threshold by grouped CV instead of using the shipped model.",
)
@click.option("--group-field", default=None, help="CV groups (default: the truth field), e.g. topic.")
@_limit_option
@_json_option
@_debug_option
def stories(
    jsonl: Path, truth_field: str, cv_folds: int | None, group_field: str | None, limit: int | None, as_json: bool
) -> None:
    """Score story clustering: B-cubed P/R/F1, pair F1, NMI and ARI against a gold field."""
    _run_eval(
        "stories", as_json, jsonl=jsonl, truth_field=truth_field, group_field=group_field, cv_folds=cv_folds, limit=limit
    )


@eval_group.command(context_settings=_HELP)
@click.option("--pairs", type=_file, required=True, help="COUNTER-layout JSON Lines of source/derived pairs.")
@click.option(
    "--cv-folds",
    type=click.IntRange(min=2),
    default=None,
    help="Fit the model and thresholds by grouped CV instead of using the shipped model.",
)
@_limit_option
@_json_option
@_debug_option
def reuse(pairs: Path, cv_folds: int | None, limit: int | None, as_json: bool) -> None:
    """Score text-reuse detection: 3-class macro-F1 (WD/PD/ND), binary F1 and direction accuracy."""
    _run_eval("reuse", as_json, pairs_path=pairs, cv_folds=cv_folds, limit=limit)


# Whole-corpus runs: their own command group (newsaudit/corpus/cli.py).
from .corpus.cli import corpus as _corpus  # noqa: E402

main.add_command(_corpus)

# The web service (issue 14): newsaudit/web/cli.py; FastAPI loads only when it runs.
from .web.cli import serve as _serve  # noqa: E402

main.add_command(_serve)

if __name__ == "__main__":  # pragma: no cover
    main()
