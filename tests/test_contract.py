"""House rule 1: every finding of every registered component is a true slice of the text."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from newsaudit import Settings, audit
from newsaudit.report.build import schema

pytestmark = pytest.mark.slow


def _texts(articles_dir: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(articles_dir.glob("*.txt"))]
    texts.append(
        'He said: "It is over." Then — "Unpaired quote runs on\n\nand on," she added. ‘Mixed” marks.\n'
    )
    return texts


def _spans(report: dict) -> list[dict]:  # type: ignore[type-arg]
    spans = [a[k] for a in report["attributions"] for k in ("source", "cue", "content") if a[k]]
    return spans + report["denials"] + report["techniques"] + report["hedges"]


def test_contract_every_span_is_a_slice_and_schema_holds(articles_dir: Path) -> None:
    for text in _texts(articles_dir):
        report = audit(text).to_dict()
        jsonschema.validate(report, schema())
        for span in _spans(report):
            assert report["text"][span["start"] : span["end"]] == span["text"]
        for reason in report["score"]["reasons"]:
            for s in reason["spans"]:
                assert 0 <= s["start"] <= s["end"] <= len(report["text"])
        ids = {a["id"] for a in report["attributions"]}
        assert all(a["parent"] in ids for a in report["attributions"] if a["parent"])
        assert all(d[k] in ids for d in report["denials"] for k in ("source", "target") if d[k])


def test_contract_same_input_same_report(articles_dir: Path) -> None:
    text = (articles_dir / "anonymous_denied.txt").read_text(encoding="utf-8")
    assert audit(text).to_json() == audit(text).to_json()


def test_contract_settings_components_are_recorded(articles_dir: Path) -> None:
    text = (articles_dir / "careful_named.txt").read_text(encoding="utf-8")
    report = audit(text, Settings()).to_dict()
    assert set(report["components"]) == set(Settings().components)
