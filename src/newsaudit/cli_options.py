"""Options shared by every command group of the CLI (the main group and ``newsaudit corpus``)."""

from __future__ import annotations

from typing import Any

import click

HELP_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _debug(ctx: click.Context, _: Any, value: bool) -> bool:
    # Only ever switch it on: a group's --debug must survive a subcommand that omits it.
    if value:
        ctx.meta["debug"] = True
    return value


debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_debug,
    help="Show tracebacks on errors.",
)
