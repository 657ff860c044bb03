"""End-to-end behaviour on a written-for-the-tests article where a named source disputes another.

``tests/fixtures/articles/disputed_toll.txt``: a relayed leak ("according to the Daily Ledger,
which cited a leaked internal memo"), the minister's denial, and a doctor who "disputed the
minister's account" — a contradiction that must be paired with the minister's statement.
"""

from __future__ import annotations

from typing import Any

import pytest

from report_helpers import attribution, audited, span_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return audited("disputed_toll.txt")


def test_the_minister_denies_the_relayed_leak(report: dict[str, Any]) -> None:
    denial = next(d for d in report["denials"] if "fabricated" in d["text"])
    target = attribution(report, denial["target"])
    assert target["source"]["type"] == "media_outlet"
    assert "under-reported" in span_text(report, target["content"])


def test_disputing_someones_account_answers_that_persons_statement(report: dict[str, Any]) -> None:
    dispute = next(d for d in report["denials"] if "disputed" in d["text"])
    assert "Mensah" in span_text(report, attribution(report, dispute["source"])["source"])
    target = attribution(report, dispute["target"])
    assert "Okafor" in span_text(report, target["source"])


def test_hedges_and_furniture(report: dict[str, Any]) -> None:
    hedges = {h["text"] for h in report["hedges"]}
    assert {"allegedly", "reportedly"} <= hedges
    assert "Related:" not in report["text"] and "Home | World" not in report["text"]


def test_a_verb_coordinated_with_the_speakers_verb_keeps_the_speaker(report: dict[str, Any]) -> None:
    text = report["text"]
    called = next(
        a for a in report["attributions"] if text[a["cue"]["start"] : a["cue"]["end"]].startswith("called")
    )
    assert "Daniel Kross" in text[called["source"]["start"] : called["source"]["end"]]
    assert called["parent"] is None
