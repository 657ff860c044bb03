from __future__ import annotations

import pytest

from newsaudit.article import Article
from newsaudit.components import BaseComponent
from newsaudit.errors import PipelineOrderError, SettingsError
from newsaudit.pipeline import Pipeline
from newsaudit.registry import COMPONENTS, factory
from newsaudit.settings import DEFAULT_COMPONENTS, Settings


class _Needs(BaseComponent):
    name = "needs"
    requires = ("doc",)
    assigns = ("x",)

    def __call__(self, article: Article) -> Article:
        return article


def test_pipeline_refuses_wrong_order_when_built() -> None:
    with pytest.raises(PipelineOrderError, match="needs doc"):
        Pipeline([_Needs()])


def test_pipeline_default_order_is_consistent() -> None:
    pipeline = Pipeline.from_settings(Settings())
    assert pipeline.names == DEFAULT_COMPONENTS


@pytest.mark.parametrize("order", [("parse", "clean"), ("attribution",), ("clean", "scoring")])
def test_pipeline_from_settings_checks_order(order: tuple[str, ...]) -> None:
    with pytest.raises(PipelineOrderError):
        Pipeline.from_settings(Settings().with_(components=order))


def test_registry_unknown_component_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="no component named 'nope'"):
        factory("nope")


def test_registry_every_name_matches_its_component() -> None:
    for name in COMPONENTS:
        assert factory(name)(Settings()).name == name


def test_settings_refuse_unknown_keys() -> None:
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings().with_(max_byte=3)


def test_settings_load_from_toml(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.toml"
    path.write_text("[newsaudit]\nmax_bytes = 1234\nany_language = true\n", encoding="utf-8")
    settings = Settings.from_toml(path)
    assert (settings.max_bytes, settings.any_language) == (1234, True)


def test_settings_bad_toml_is_a_settings_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.toml"
    path.write_text("[newsaudit\n", encoding="utf-8")
    with pytest.raises(SettingsError):
        Settings.from_toml(path)


class _Broken(BaseComponent):
    name = "broken"
    requires = ("raw",)
    assigns = ("y",)

    def __call__(self, article: Article) -> Article:
        raise ValueError("boom")


def test_pipeline_wraps_component_bugs_in_a_coded_error() -> None:
    from newsaudit.errors import ComponentError

    with pytest.raises(ComponentError, match=r"'broken' failed.*boom"):
        Pipeline([_Broken()])(Article.from_text("text"))
