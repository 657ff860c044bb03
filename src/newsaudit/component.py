"""The component contract: the Protocol every pipeline stage satisfies and the base class for it.

A component has ``name``, ``requires``, ``optional``, ``assigns``, ``load()`` and
``__call__(article) -> Article``; it may add a batched ``pipe(articles, batch_size=...)``.

- ``requires``: Article layers (field names) it reads, which an earlier component must assign;
  ``optional``: layers it reads when an earlier component assigned them (``scoring`` reads
  ``claims``); ``assigns``: the layers it writes. All three name real :class:`Article` fields;
  :func:`check_layers` and the pipeline refuse anything else when the pipeline is built.
- Loading: the constructor stores settings only. ``load()`` fills the loaded state, the instance
  attributes whose names end in ``_`` (``self.model_``), each declared on the class as ``None``
  and filled only while it is still ``None``; so ``load()`` is cheap to call again and
  ``__call__`` starts with ``self.load()``. A test may set ``component.model_ = stub`` first.
- Pickling: ``__getstate__`` drops every ``_``-suffixed attribute, so a component pickles as its
  settings and the worker's first ``load()`` rebuilds the rest (models load once per worker).
- Batching: ``pipe(articles, batch_size=n)`` yields, in order, exactly what ``__call__`` returns
  for each article; the pipeline uses it when present (as spaCy does). The base class maps
  ``__call__``; a component that gains from batching (the parser, an encoder) overrides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any, Protocol, runtime_checkable

from .article import Article
from .errors import LayerError
from .settings import Settings

# Every layer a component may require, read or assign: the fields of Article.
LAYERS = frozenset(f.name for f in fields(Article))


@runtime_checkable
class Component(Protocol):
    """A pipeline stage: pure work in a function, attaching in ``__call__``."""

    name: str
    requires: tuple[str, ...]
    optional: tuple[str, ...]
    assigns: tuple[str, ...]

    def load(self) -> None:
        """Fill the loaded state (attributes ending in ``_``) that is still missing."""

    def __call__(self, article: Article) -> Article:
        """Return a new Article with this component's layers assigned."""


class BaseComponent:
    """Shared constructor, loading and pickling for components (see the module docstring)."""

    name: str = ""
    requires: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    def load(self) -> None:
        """Fill the loaded state; the default has nothing to load."""

    def __call__(self, article: Article) -> Article:
        raise NotImplementedError(f"component {self.name!r} defines no __call__")

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Article]:
        """Yield ``self(article)`` for each article, in order; override to batch the work."""
        for article in articles:
            yield self(article)

    def __getstate__(self) -> dict[str, Any]:
        # Loaded state (models, sessions, parsers) does not pickle or is cheaper to reload.
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def loaded_state(component: object) -> dict[str, Any]:
    """Return the component's loaded state: its instance attributes whose names end in ``_``."""
    return {k: v for k, v in vars(component).items() if k.endswith("_")}


def check_layers(component: Component) -> None:
    """Raise LayerError when ``component`` declares a layer that is not an Article field."""
    for kind in ("requires", "optional", "assigns"):
        bad = [layer for layer in getattr(component, kind, ()) if layer not in LAYERS]
        if bad:
            raise LayerError(
                f"component {component.name!r} {kind} {', '.join(map(repr, bad))}, which "
                f"{'is not an Article field' if len(bad) == 1 else 'are not Article fields'}; "
                f"declare layers from: {', '.join(sorted(LAYERS))}"
            )
