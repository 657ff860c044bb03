"""The one explicit table of component names -> factories.

Names are stable; the ``version`` of each component goes into batch cache keys.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from .errors import SettingsError
from .pipeline import Component
from .settings import Settings

# name -> (module, class, version)
COMPONENTS: dict[str, tuple[str, str, str]] = {
    "clean": ("newsaudit.components.clean", "Cleaner", "1"),
    "language": ("newsaudit.components.language", "LanguageGate", "1"),
    "parse": ("newsaudit.components.parse", "Parser", "1"),
    "attribution": ("newsaudit.components.attribution", "AttributionFinder", "2"),
    "denials": ("newsaudit.components.denials", "DenialFinder", "2"),
    "hedges": ("newsaudit.components.hedges", "HedgeFinder", "1"),
    "claims": ("newsaudit.components.claims", "ClaimFinder", "1"),
    "techniques": ("newsaudit.components.techniques", "TechniqueFinder", "1"),
    "scoring": ("newsaudit.components.scoring", "SourcingScorer", "1"),
}


def factory(name: str) -> Callable[[Settings], Component]:
    """Return the class registered under ``name``."""
    try:
        module, cls, _ = COMPONENTS[name]
    except KeyError:
        raise SettingsError(f"no component named {name!r}; known: {', '.join(sorted(COMPONENTS))}") from None
    return getattr(import_module(module), cls)  # type: ignore[no-any-return]


def create(name: str, settings: Settings) -> Component:
    """Build the component registered under ``name`` with ``settings``."""
    return factory(name)(settings)


def versions(names: tuple[str, ...]) -> dict[str, str]:
    """Return ``{name: version}`` for the named components."""
    return {n: COMPONENTS[n][2] for n in names if n in COMPONENTS}
