"""Pipeline: ordered components over one Article, checked when built, batched by ``pipe()``."""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any

from .article import Article
from .component import Component, check_layers
from .errors import ComponentError, NewsauditError, PipelineOrderError, SettingsError
from .registry import create
from .settings import Settings

# Layers present on every Article before any component runs.
BASE_LAYERS = frozenset({"raw", "meta"})

# What one stage or one batch gives back per article: the article, or why it failed.
Outcome = Article | NewsauditError


class Pipeline:
    """Run components in order; check their declared layers when built."""

    def __init__(self, components: Iterable[Component], settings: Settings | None = None) -> None:
        self.components = tuple(components)
        self.settings = settings or Settings()
        self.loaded_ = False
        self._check_order()

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Pipeline:
        """Build the pipeline named by ``settings.components`` from the registry."""
        settings = settings or Settings()
        return cls((create(name, settings) for name in settings.components), settings)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.components)

    def _check_order(self) -> None:
        have = set(BASE_LAYERS)
        for i, comp in enumerate(self.components):
            check_layers(comp)
            missing = [r for r in comp.requires if r not in have]
            if missing:
                raise PipelineOrderError(
                    f"component {comp.name!r} needs {', '.join(missing)}; add a component that "
                    f"assigns it before {comp.name!r} (order now: {', '.join(self.names)})"
                )
            for layer in getattr(comp, "optional", ()):
                later = next((c.name for c in self.components[i + 1 :] if layer in c.assigns), None)
                if layer not in have and later is not None:
                    raise PipelineOrderError(
                        f"component {comp.name!r} reads {layer} when present, but {later!r}, which "
                        f"assigns it, runs after it; move {later!r} before {comp.name!r}"
                    )
            have.update(comp.assigns)

    def load(self) -> Pipeline:
        """Load every component's models once; return self."""
        if not self.loaded_:
            for comp in self.components:
                comp.load()
            self.loaded_ = True
        return self

    def __getstate__(self) -> dict[str, Any]:
        # The components drop their own loaded state; a worker loads again (once).
        return {"components": self.components, "settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, loaded_=False)

    def __call__(self, article: Article) -> Article:
        self.load()
        for comp in self.components:
            outcome = _call(comp, article)
            if isinstance(outcome, NewsauditError):
                raise outcome
            article = outcome
        return article

    def pipe(
        self, items: Iterable[Article | str], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Article]:
        """Run the pipeline over many articles (or raw texts), in order, batch by batch.

        Each component sees a batch at a time through its ``pipe()`` hook (the parser hands it
        to spaCy's ``nlp.pipe``); the results equal calling the pipeline on each article, and a
        failing article raises its error where the per-article loop would. With
        ``n_process > 1`` batches go to a pool of spawned processes, each loading the models
        once; their Articles come back without the spaCy ``doc``. As with any ``spawn`` pool, a
        script that calls this must guard its entry point with ``if __name__ == "__main__":``.
        """
        yield from _unwrap(self.pipe_outcomes(items, batch_size=batch_size, n_process=n_process))

    def pipe_outcomes(
        self, items: Iterable[Article | str], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[Outcome]:
        """Like :meth:`pipe`, but yield a failing article's coded error in its place and go on.

        A corpus run records the error (``NotEnglishError``, ``ComponentError``, ...) and carries on.
        """
        if batch_size < 1 or n_process < 1:
            raise SettingsError(f"batch_size and n_process must be at least 1, got {batch_size}, {n_process}")
        batches = _batched((_as_article(x) for x in items), batch_size)
        if n_process == 1:
            self.load()
            for batch in batches:
                yield from self.run_batch(batch, batch_size)
        else:
            yield from self._pool(batches, batch_size, n_process)

    def run_batch(self, batch: Sequence[Article], batch_size: int) -> list[Outcome]:
        """Run every component over ``batch``; return each article's result or its error."""
        self.load()
        outcomes: list[Outcome] = list(batch)
        for comp in self.components:
            live = [i for i, o in enumerate(outcomes) if isinstance(o, Article)]
            if not live:
                break
            done = _stage(comp, [outcomes[i] for i in live], batch_size)  # type: ignore[misc]
            for i, outcome in zip(live, done, strict=True):
                outcomes[i] = outcome
        return outcomes

    def _pool(self, batches: Iterator[list[Article]], batch_size: int, n_process: int) -> Iterator[Outcome]:
        # spawn, not fork: ONNX Runtime and spaCy threads do not survive a fork safely.
        pool = ProcessPoolExecutor(
            n_process,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self, batch_size),
        )
        pending: deque[Future[list[Outcome]]] = deque()
        try:
            for batch in batches:
                pending.append(pool.submit(_work, batch))
                if len(pending) >= 2 * n_process:  # a bounded window keeps memory flat
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as exc:
            raise ComponentError(
                f"a worker process died ({exc}); it may have run out of memory: "
                "use fewer processes or a smaller batch_size"
            ) from exc
        finally:
            pool.shutdown(cancel_futures=True)


def _as_article(item: Article | str) -> Article:
    return item if isinstance(item, Article) else Article.from_text(item)


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _unwrap(outcomes: Iterable[Outcome]) -> Iterator[Article]:
    for outcome in outcomes:
        if isinstance(outcome, NewsauditError):
            raise outcome
        yield outcome


def _call(comp: Component, article: Article) -> Outcome:
    """Run one component on one article; return its result or the coded error."""
    try:
        return comp(article)
    except NewsauditError as exc:
        return exc
    except Exception as exc:
        # A bug, not bad input: name the component so the report is actionable, and let
        # batch runs record it and carry on.
        error = ComponentError(
            f"component {comp.name!r} failed on this input ({type(exc).__name__}: {exc}); "
            "this is a bug in newsaudit: please report it with the input"
        )
        error.__cause__ = exc
        return error


def _stage(comp: Component, articles: list[Article], batch_size: int) -> list[Outcome]:
    """Run one component over a batch, through its ``pipe()`` hook when it has one."""
    pipe = getattr(comp, "pipe", None)
    if pipe is None:
        return [_call(comp, a) for a in articles]
    try:
        out: list[Outcome] = list(pipe(articles, batch_size=batch_size))
    except Exception as exc:
        # Find which article failed, and why, by running them one at a time.
        alone = [_call(comp, a) for a in articles]
        if any(isinstance(o, NewsauditError) for o in alone):
            return alone
        raise ComponentError(
            f"component {comp.name!r} failed on a batch whose articles pass one at a time "
            f"({type(exc).__name__}: {exc}); this is a bug in its pipe(): please report it"
        ) from exc
    if len(out) != len(articles):
        raise ComponentError(f"component {comp.name!r}: pipe() gave {len(out)} articles for {len(articles)}")
    return out


_WORKER: dict[str, Any] = {}


def _init_worker(pipeline: Pipeline, batch_size: int) -> None:
    _WORKER["batch_size"] = batch_size
    try:
        _WORKER["pipeline"] = pipeline.load()
    except NewsauditError as exc:
        # Raised from each batch instead: an initializer's error would only break the pool.
        _WORKER["error"] = exc


def _work(batch: list[Article]) -> list[Outcome]:
    if "error" in _WORKER:
        raise _WORKER["error"]
    outcomes = _WORKER["pipeline"].run_batch(batch, _WORKER["batch_size"])
    # The spaCy Doc stays in the worker: it is large to send and no report reads it.
    return [replace(o, doc=None) if isinstance(o, Article) else o for o in outcomes]
