"""``newsaudit serve``: thin; parse options -> ServeConfig -> uvicorn."""

from __future__ import annotations

from pathlib import Path

import click

from .config import ServeConfig, default_store

_HELP = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.command(context_settings=_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep loopback behind a reverse proxy).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="uvicorn worker processes.")
@click.option("--audit-processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Audit processes per worker (each loads the models once).")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"Folder of the audit store and rate counts [default: {default_store()}].")
@click.option("--max-body", "max_body", type=click.IntRange(min=1), default=2_000_000, show_default=True,
              help="Largest request in bytes; larger ones get 413 before the body is read.")
@click.option("--rate-limit", type=click.IntRange(min=0), default=60, show_default=True,
              help="Requests per client per minute, counted across workers (0: no limit).")
@click.option("--trusted-proxy", "trusted", multiple=True, metavar="ADDR",
              help="Address or network of a reverse proxy whose X-Forwarded-For names the client (repeatable).")
@click.option("--deadline", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds one audit may run before 504 (its process is killed and restarted).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML file with a [newsaudit] table of audit settings.")
def serve(host: str, port: int, workers: int, audit_processes: int, store: Path | None, max_body: int,
          rate_limit: int, trusted: tuple[str, ...], deadline: float, config: Path | None) -> None:
    """Serve audits over HTTP: a page for fact-checkers and POST /api/audit (needs newsaudit[serve])."""
    from .server import serve as run

    run(ServeConfig(host=host, port=port, workers=workers, audit_processes=audit_processes,
                    store=str(store) if store else "", max_body_bytes=max_body, rate_limit=rate_limit,
                    trusted_proxies=trusted, deadline=deadline, settings_file=str(config) if config else ""))
