"""End-to-end behaviour on a written-for-the-tests story: leaks, a resignation letter, a non-denial.

``tests/fixtures/articles/minister_quits.txt``: documents seen by another outlet, anonymous
sources, the minister's own denial "without providing evidence", "The BBC has learned", a police
spokesperson who "declined to confirm or deny the report", and an expert named in apposition.
"""

from __future__ import annotations

from typing import Any

import pytest

from report_helpers import audited, span_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return audited("minister_quits.txt")


def test_a_person_named_in_apposition_to_any_title_is_named(report: dict[str, Any]) -> None:
    director = next(a for a in report["attributions"] if "Eva Horvath" in span_text(report, a["source"]))
    assert director["source"]["type"] == "named_person"
    assert director["source"]["name"] == "Eva Horvath"


def test_no_one_relays_himself(report: dict[str, Any]) -> None:
    by_id = {a["id"]: a for a in report["attributions"]}
    for a in report["attributions"]:
        if a["parent"] is not None and a["source"]["name"]:
            assert by_id[a["parent"]]["source"]["name"] != a["source"]["name"]


def test_without_providing_evidence_is_a_hedge(report: dict[str, Any]) -> None:
    assert "without providing evidence" in {h["text"] for h in report["hedges"]}


def test_declining_to_confirm_the_report_answers_the_outlets_report(report: dict[str, Any]) -> None:
    (denial,) = report["denials"]
    target = next(a for a in report["attributions"] if a["id"] == denial["target"])
    assert target["source"]["type"] == "media_outlet"
    assert "preliminary inquiry" in report["text"][target["content"]["start"] : target["content"]["end"]]
