"""`newsaudit serve`: options, and the config that travels to every uvicorn worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsaudit.cli import main
from newsaudit.errors import SettingsError
from newsaudit.web import server
from newsaudit.web.config import ENV, ServeConfig


def test_serve_help_lists_the_limits() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--max-body", "--rate-limit", "--trusted-proxy", "--deadline", "--store"):
        assert option in result.output


def test_serve_config_round_trips_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = ServeConfig(port=9001, workers=2, trusted_proxies=("10.0.0.0/8",), components=("clean", "language"), rate_limit=5)
    monkeypatch.setenv(ENV, cfg.to_env())
    assert ServeConfig.from_env() == cfg


@pytest.mark.parametrize("changes", [{"workers": 0}, {"max_body_bytes": 0}, {"deadline": 0}, {"rate_limit": -1}])
def test_serve_config_refuses_values_that_cannot_work(changes: dict[str, int]) -> None:
    with pytest.raises(SettingsError):
        ServeConfig(**changes)  # type: ignore[arg-type]


def test_serve_command_passes_its_options_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.setenv(ENV, "")  # and put back as it was: serve() sets it for its workers
    args = ["serve", "--port", "8123", "--workers", "2", "--rate-limit", "7", "--trusted-proxy", "127.0.0.1", "--max-body", "1000"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert seen["app"] == "newsaudit.web.app:app_from_env" and seen["factory"] is True
    assert seen["port"] == 8123 and seen["workers"] == 2 and seen["host"] == "127.0.0.1"
    cfg = ServeConfig.from_env()
    assert (cfg.rate_limit, cfg.trusted_proxies, cfg.max_body_bytes) == (7, ("127.0.0.1",), 1000)
    assert server.ENV == ENV


def test_serve_refuses_a_store_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--store", str(blocker / "store")])
    assert result.exit_code == 2
    assert "Error [E010]" in result.output and "writable folder" in result.output
