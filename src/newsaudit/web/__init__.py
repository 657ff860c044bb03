"""The web service: ``newsaudit serve`` (FastAPI on uvicorn) and its pages.

``create_app(ServeConfig(...))`` returns the app; ``serve(config)`` runs it with uvicorn.
Needs the ``serve`` extra: ``pip install 'newsaudit[serve]'``. See docs/service.md.
"""

from __future__ import annotations

from .config import ServeConfig
from .server import serve


def create_app(*args: object, **kwargs: object) -> object:
    """Return the service's FastAPI app (imported lazily: FastAPI is an optional extra)."""
    from .app import create_app as _create

    return _create(*args, **kwargs)  # type: ignore[arg-type]


__all__ = ["ServeConfig", "create_app", "serve"]
