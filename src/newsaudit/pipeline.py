"""Pipeline: ordered components over one Article, checked when built."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from .article import Article
from .errors import ComponentError, NewsauditError, PipelineOrderError
from .settings import Settings

# Layers present on every Article before any component runs.
BASE_LAYERS = frozenset({"raw", "meta"})


@runtime_checkable
class Component(Protocol):
    """A pipeline stage: pure work in a function, attaching in ``__call__``."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def load(self) -> None:
        """Load models and lexicons, once."""

    def __call__(self, article: Article) -> Article:
        """Return a new Article with this component's layers assigned."""


class Pipeline:
    """Run components in order; check ``requires`` against earlier ``assigns``."""

    def __init__(self, components: Iterable[Component], settings: Settings | None = None) -> None:
        self.components = tuple(components)
        self.settings = settings or Settings()
        self._loaded = False
        self._check_order()

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Pipeline:
        """Build the pipeline named by ``settings.components`` from the registry."""
        from .registry import create

        settings = settings or Settings()
        return cls((create(name, settings) for name in settings.components), settings)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.components)

    def _check_order(self) -> None:
        have = set(BASE_LAYERS)
        for comp in self.components:
            missing = [r for r in comp.requires if r not in have]
            if missing:
                raise PipelineOrderError(
                    f"component {comp.name!r} needs {', '.join(missing)}; add a component that "
                    f"assigns it before {comp.name!r} (order now: {', '.join(self.names)})"
                )
            have.update(comp.assigns)

    def load(self) -> Pipeline:
        """Load every component's models once; return self."""
        if not self._loaded:
            for comp in self.components:
                comp.load()
            self._loaded = True
        return self

    def __call__(self, article: Article) -> Article:
        self.load()
        for comp in self.components:
            try:
                article = comp(article)
            except NewsauditError:
                raise
            except Exception as exc:
                # A bug, not bad input: name the component so the report is actionable, and let
                # batch runs record it and carry on.
                raise ComponentError(
                    f"component {comp.name!r} failed on this input ({type(exc).__name__}: {exc}); "
                    "this is a bug in newsaudit: please report it with the input"
                ) from exc
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Run the pipeline over many articles, lazily."""
        for article in articles:
            yield self(article)
