"""The settings of one service: where it listens, its limits, its store; loadable from the environment."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..errors import SettingsError

ENV = "NEWSAUDIT_SERVE_CONFIG"  # JSON of a ServeConfig, read by every uvicorn worker


def default_store() -> str:
    """Return the default store folder: ``$XDG_DATA_HOME/newsaudit/service``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "newsaudit" / "service")


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """Everything that changes how ``newsaudit serve`` behaves (the audit itself: ``Settings``)."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1  # uvicorn worker processes
    audit_processes: int = 1  # audit processes per worker (models load once in each)
    store: str = ""  # folder of the audit store and the rate-limit file; "" = default_store()
    max_body_bytes: int = 2_000_000  # larger requests get 413 before the body is parsed
    body_timeout: float = 10.0  # seconds to receive a whole request body (else 408)
    rate_limit: int = 60  # requests per client per minute, counted across workers; 0 = off
    trusted_proxies: tuple[str, ...] = ()  # addresses/networks whose X-Forwarded-For is believed
    deadline: float = 30.0  # seconds one audit may run before 504 (the process is killed)
    load_timeout: float = 180.0  # seconds an audit process may take to load its models
    settings_file: str = ""  # TOML file of audit Settings ([newsaudit] table); "" = defaults
    components: tuple[str, ...] = ()  # override the pipeline's components (tests, light runs)
    allow_private: bool = False  # let the URL field reach private addresses (tests only)
    max_concurrency: int = 64  # open connections per worker before uvicorn answers 503

    def __post_init__(self) -> None:
        for name in ("workers", "audit_processes", "max_body_bytes", "max_concurrency"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.rate_limit < 0 or self.deadline <= 0 or self.body_timeout <= 0:
            raise SettingsError("rate_limit must be >= 0; deadline and body_timeout must be positive")

    @property
    def store_dir(self) -> Path:
        """Return the store folder."""
        return Path(self.store or default_store())

    def to_env(self) -> str:
        """Return the config as JSON for ``NEWSAUDIT_SERVE_CONFIG``."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServeConfig:
        """Read the config a parent process left in ``NEWSAUDIT_SERVE_CONFIG`` (defaults if unset)."""
        raw = os.environ.get(ENV)
        if not raw:
            return cls()
        data: dict[str, Any] = json.loads(raw)
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}
        return cls(**values)
