"""The one explicit table of component names -> factories.

Names are stable. Each component's version is derived from a hash of its code and data files
(:mod:`newsaudit.versions`) and goes into reports and batch cache keys.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from .component import Component
from .errors import SettingsError
from .settings import Settings
from .versions import version_of

# name -> (module, class)
COMPONENTS: dict[str, tuple[str, str]] = {
    "clean": ("newsaudit.components.clean", "Cleaner"),
    "language": ("newsaudit.components.language", "LanguageGate"),
    "parse": ("newsaudit.components.parse", "Parser"),
    "encoder": ("newsaudit.components.encoder", "SharedEncoderComponent"),
    "attribution": ("newsaudit.components.attribution", "AttributionFinder"),
    "denials": ("newsaudit.components.denials", "DenialFinder"),
    "hedges": ("newsaudit.components.hedges", "HedgeFinder"),
    "claims": ("newsaudit.components.claims", "ClaimFinder"),
    "techniques": ("newsaudit.components.techniques", "TechniqueFinder"),
    "scoring": ("newsaudit.components.scoring", "SourcingScorer"),
}


def factory(name: str) -> type[Component]:
    """Return the class registered under ``name``."""
    try:
        module, cls = COMPONENTS[name]
    except KeyError:
        raise SettingsError(f"no component named {name!r}; known: {', '.join(sorted(COMPONENTS))}") from None
    return getattr(import_module(module), cls)  # type: ignore[no-any-return]


def create(name: str, settings: Settings) -> Component:
    """Build the component registered under ``name`` with ``settings``."""
    return factory(name)(settings)  # type: ignore[call-arg]


@cache
def version(name: str) -> str:
    """Return the derived version of the component registered under ``name``."""
    cls = factory(name)
    return version_of(cls.__module__, tuple(getattr(cls, "distributions", ())))


def versions(names: tuple[str, ...]) -> dict[str, str]:
    """Return ``{name: version}`` for the named components."""
    return {n: version(n) for n in names if n in COMPONENTS}
