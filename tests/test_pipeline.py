"""Tests for newsaudit.pipeline: checks when built, per-article calls and the batched pipe()."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsaudit.article import Article
from newsaudit.component import BaseComponent, Component, check_layers
from newsaudit.errors import (
    ComponentError,
    LayerError,
    ModelError,
    NotEnglishError,
    PipelineOrderError,
    SettingsError,
)
from newsaudit.pipeline import Pipeline
from newsaudit.registry import COMPONENTS, create, factory, versions
from newsaudit.settings import DEFAULT_COMPONENTS, Settings
from newsaudit.versions import code_closure


class _Needs(BaseComponent):
    name = "needs"
    requires = ("doc",)
    assigns = ("hedges",)

    def __call__(self, article: Article) -> Article:
        return article


class _Broken(BaseComponent):
    name = "broken"
    requires = ("raw",)
    assigns = ("warnings",)

    def __call__(self, article: Article) -> Article:
        raise ValueError("boom")


class _Mark(BaseComponent):
    """Append ``<pid>:<loads>`` to the warnings; refuse texts that say "refuse", crash on "crash"."""

    name = "mark"
    requires = ("raw",)
    assigns = ("warnings",)
    loads_: int | None = None

    def load(self) -> None:
        if self.loads_ is None:
            _LOADS[os.getpid()] = _LOADS.get(os.getpid(), 0) + 1
            self.loads_ = _LOADS[os.getpid()]

    def __call__(self, article: Article) -> Article:
        self.load()
        if "refuse" in article.raw:
            raise NotEnglishError("refused")
        if "crash" in article.raw:
            raise KeyError("crash")
        return replace(article, warnings=(*article.warnings, f"{os.getpid()}:{self.loads_}"))


_LOADS: dict[int, int] = {}


class _Batched(_Mark):
    """Record the batches its pipe() hook was given."""

    name = "batched"

    def __init__(self, settings: Settings | None = None, fail_batches: bool = False) -> None:
        super().__init__(settings)
        self.batches: list[int] = []
        self.fail_batches = fail_batches

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Article]:
        batch = list(articles)
        self.batches.append(len(batch))
        if self.fail_batches:
            raise RuntimeError("batch bug")
        return (self(a) for a in batch)


def test_pipeline_refuses_wrong_order_when_built() -> None:
    with pytest.raises(PipelineOrderError, match="needs doc"):
        Pipeline([_Needs()])


@pytest.mark.parametrize("kind", ["requires", "optional", "assigns"])
def test_pipeline_refuses_a_layer_that_is_no_article_field(kind: str) -> None:
    comp = _Mark()
    setattr(comp, kind, ("raw", "nonsense"))
    with pytest.raises(LayerError, match=rf"\[E013\] component 'mark' {kind} 'nonsense', which is not"):
        Pipeline([comp])


def test_pipeline_refuses_an_optional_layer_assigned_later() -> None:
    reader = _Mark()
    reader.optional = ("hedges",)
    writer = create("hedges", Settings())
    with pytest.raises(PipelineOrderError, match="'mark' reads hedges when present, but 'hedges'"):
        Pipeline([create("clean", Settings()), reader, writer])


def test_pipeline_default_order_is_consistent() -> None:
    pipeline = Pipeline.from_settings(Settings())
    assert pipeline.names == DEFAULT_COMPONENTS


@pytest.mark.parametrize("order", [("parse", "clean"), ("attribution",), ("clean", "scoring")])
def test_pipeline_from_settings_checks_order(order: tuple[str, ...]) -> None:
    with pytest.raises(PipelineOrderError):
        Pipeline.from_settings(Settings().with_(components=order))


def test_pipeline_and_registry_import_no_cycle() -> None:
    registry = {p.name for p in code_closure("newsaudit.registry")}
    assert "pipeline.py" not in registry
    assert "component.py" in registry


def test_registry_unknown_component_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="no component named 'nope'"):
        factory("nope")


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_registry_every_name_matches_its_component(name: str) -> None:
    comp = factory(name)(Settings())  # type: ignore[call-arg]
    assert comp.name == name and isinstance(comp, Component)
    check_layers(comp)


def test_registry_versions_are_derived_hashes() -> None:
    found = versions(DEFAULT_COMPONENTS)
    assert set(found) == set(DEFAULT_COMPONENTS)
    assert all(len(v) == 12 and int(v, 16) >= 0 for v in found.values())
    assert len(set(found.values())) == len(found)
    assert versions(DEFAULT_COMPONENTS) == found


def test_settings_refuse_unknown_keys() -> None:
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings().with_(max_byte=3)


def test_settings_load_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[newsaudit]\nmax_bytes = 1234\nany_language = true\n", encoding="utf-8")
    settings = Settings.from_toml(path)
    assert (settings.max_bytes, settings.any_language) == (1234, True)


def test_settings_bad_toml_is_a_settings_error(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[newsaudit\n", encoding="utf-8")
    with pytest.raises(SettingsError):
        Settings.from_toml(path)


def test_pipeline_wraps_component_bugs_in_a_coded_error() -> None:
    with pytest.raises(ComponentError, match=r"'broken' failed.*boom"):
        Pipeline([_Broken()])(Article.from_text("text"))


# --- pipe() -------------------------------------------------------------------------------------


def test_pipeline_pipe_accepts_texts_and_articles() -> None:
    pipeline = Pipeline([_Mark()])
    out = list(pipeline.pipe(["one", Article.from_text("two")], batch_size=1))
    assert [a.raw for a in out] == ["one", "two"]
    assert out == [pipeline(Article.from_text(t)) for t in ("one", "two")]


def test_pipeline_pipe_hands_components_their_batches() -> None:
    comp = _Batched()
    out = list(Pipeline([comp]).pipe([f"text {i}" for i in range(7)], batch_size=3))
    assert comp.batches == [3, 3, 1]
    assert [a.raw for a in out] == [f"text {i}" for i in range(7)]


@pytest.mark.parametrize(("bad", "error"), [("refuse", NotEnglishError), ("crash", ComponentError)])
def test_pipeline_pipe_raises_where_the_per_article_loop_would(bad: str, error: type[Exception]) -> None:
    texts = ["a", "b", bad, "d"]
    got: list[str] = []
    with pytest.raises(error):
        for article in Pipeline([_Batched()]).pipe(texts, batch_size=4):
            got.append(article.raw)
    assert got == ["a", "b"]


@pytest.mark.parametrize("n_process", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_pipeline_pipe_outcomes_yields_errors_in_place_and_goes_on(n_process: int) -> None:
    texts = ["a", "refuse", "c", "crash", "e"]
    out = list(Pipeline([_Batched()]).pipe_outcomes(texts, batch_size=2, n_process=n_process))
    assert [type(o).__name__ for o in out] == [
        "Article",
        "NotEnglishError",
        "Article",
        "ComponentError",
        "Article",
    ]
    assert [o.raw for o in out if isinstance(o, Article)] == ["a", "c", "e"]


class _NoModel(_Mark):
    name = "nomodel"

    def load(self) -> None:
        raise ModelError("model missing; reinstall")


@pytest.mark.slow
def test_pipeline_pipe_worker_load_error_is_the_coded_error() -> None:
    with pytest.raises(ModelError, match="model missing"):
        list(Pipeline([_NoModel()]).pipe(["a", "b", "c"], batch_size=1, n_process=2))


def test_pipeline_pipe_bug_in_batched_hook_is_a_component_error() -> None:
    with pytest.raises(ComponentError, match="'batched' failed on a batch whose articles pass one at a time"):
        list(Pipeline([_Batched(fail_batches=True)]).pipe(["a", "b"]))


@pytest.mark.parametrize(("batch_size", "n_process"), [(0, 1), (1, 0)])
def test_pipeline_pipe_refuses_bad_sizes(batch_size: int, n_process: int) -> None:
    with pytest.raises(SettingsError):
        list(Pipeline([_Mark()]).pipe(["a"], batch_size=batch_size, n_process=n_process))


def test_pipeline_pickles_without_loaded_state() -> None:
    import pickle

    pipeline = Pipeline([_Mark()]).load()
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone.loaded_ is False and "loads_" not in vars(clone.components[0])
    assert clone(Article.from_text("x")).raw == "x"


@pytest.mark.slow
def test_pipeline_pipe_two_processes_load_once_per_worker_and_keep_order() -> None:
    texts = [f"text {i}" for i in range(12)]
    got: list[Article] = []
    with pytest.raises(NotEnglishError):
        for article in Pipeline([_Mark()]).pipe([*texts, "refuse", "after"], batch_size=2, n_process=2):
            got.append(article)
    assert [a.raw for a in got] == texts
    marks = [a.warnings[-1].split(":") for a in got]
    assert {loads for _, loads in marks} == {"1"}  # each worker loaded its models once
    assert str(os.getpid()) not in {pid for pid, _ in marks}


@pytest.fixture(scope="module")
def texts(articles_dir: Path) -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted(articles_dir.glob("*.txt"))]
    return [*found, 'He said: "It is over." Then — "Unpaired quote runs on\n\nand on," she added.\n']


@pytest.mark.slow
def test_pipeline_pipe_equals_per_article_calls(texts: list[str]) -> None:
    pipeline = Pipeline.from_settings(Settings())
    alone = [pipeline(Article.from_text(t)) for t in texts]
    batched = list(pipeline.pipe(texts, batch_size=4))
    assert batched == alone
    assert [len(a.doc) for a in batched] == [len(a.doc) for a in alone]


@pytest.mark.slow
def test_pipeline_pipe_two_processes_equals_per_article_calls(texts: list[str]) -> None:
    pipeline = Pipeline.from_settings(Settings())
    alone = [replace(pipeline(Article.from_text(t)), doc=None) for t in texts[:6]]
    assert list(pipeline.pipe(texts[:6], batch_size=2, n_process=2)) == alone
