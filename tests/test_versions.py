"""Tests for newsaudit.versions: component versions derived from code and data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsaudit.registry import version
from newsaudit.versions import PACKAGE, code_closure, data_files, fingerprint, version_inputs


def _rel(paths: tuple[Path, ...]) -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in paths}


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("newsaudit.components.hedges", {"components/hedges.py", "lexicons/hedges.txt", "article.py"}),
        (
            "newsaudit.components.attribution",
            {
                "components/attribution/cues.py",  # a module of the package
                "components/parse.py",  # imported from a sibling
                "models/attribution/cue_model.json",  # a model folder joined into a path
                "lexicons/attribution_media.txt",  # named by an f-string
                "lexicons/attribution_verb_classes.txt",  # named in full
            },
        ),
        (
            "newsaudit.components.scoring",
            {"components/attribution/cues.py", "lexicons/attribution_verb_classes.txt"},
        ),
    ],
)
def test_versions_inputs_hold_code_and_data(module: str, expected: set[str]) -> None:
    assert expected <= _rel(version_inputs(module))


def test_versions_inputs_leave_out_other_components_files() -> None:
    found = _rel(version_inputs("newsaudit.components.hedges"))
    assert not {p for p in found if p.startswith("models/") or "attribution" in p}


def test_versions_component_names_are_not_model_folders() -> None:
    # settings.py lists component names ("techniques", "claims"), not paths to their models.
    assert data_files(code_closure("newsaudit.settings")) == ()


def test_versions_fingerprint_changes_with_any_byte_and_package(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.txt"
    a.write_text("x = 1\n", encoding="utf-8")
    b.write_text("word\n", encoding="utf-8")
    first = fingerprint([a, b], tmp_path, {"spacy": "3.8.18"})
    assert fingerprint([a, b], tmp_path, {"spacy": "3.8.18"}) == first
    assert fingerprint([a, b], tmp_path, {"spacy": "3.8.19"}) != first
    b.write_text("words\n", encoding="utf-8")  # another size: file times may be coarser than this test
    assert fingerprint([a, b], tmp_path, {"spacy": "3.8.18"}) != first


def test_versions_registry_names_a_hash_per_component() -> None:
    assert len(version("hedges")) == 12 and version("hedges") != version("attribution")
