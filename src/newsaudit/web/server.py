"""Run the service with uvicorn: the config travels to each worker in the environment."""

from __future__ import annotations

import os

from ..errors import SettingsError
from .config import ENV, ServeConfig


def serve(config: ServeConfig) -> None:
    """Run ``newsaudit serve`` until interrupted (uvicorn, ``config.workers`` processes)."""
    try:
        import uvicorn
    except ImportError:
        raise SettingsError("the service needs its extra: pip install 'newsaudit[serve]'") from None
    from .store import AuditStore

    AuditStore(config.store_dir)  # a store that cannot be opened is a coded error here, not in each worker
    os.environ[ENV] = config.to_env()
    uvicorn.run(
        "newsaudit.web.app:app_from_env",
        factory=True,
        host=config.host,
        port=config.port,
        workers=config.workers,
        http="newsaudit.web.protocol:HeadTimeoutProtocol",  # h11 with a time limit on the request head (slow headers get 408)
        limit_concurrency=config.max_concurrency,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,  # request line and headers: 16 KiB at most
        proxy_headers=False,  # the client key (limits.ClientKey) reads X-Forwarded-For itself
        server_header=False,
        log_level="info",
    )
