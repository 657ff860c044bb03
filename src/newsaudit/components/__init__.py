"""Pipeline components, one module each; see ``newsaudit.registry``."""

from __future__ import annotations

from ..settings import Settings


class BaseComponent:
    """Shared constructor and no-op ``load`` for components."""

    name: str = ""
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    def load(self) -> None:
        """Load models and lexicons; the default has nothing to load."""
