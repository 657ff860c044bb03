"""End-to-end behaviour on a wire-style article written for the tests (relay, apposition, denial).

``tests/fixtures/articles/relayed_strike.txt``: a headline without a full stop above the lead,
"Reuters reported, citing two Iraqi security officials", a spokesman named in apposition, "The
Pentagon declined to comment", a group's denial that also calls the reports lies, and a closing
quote the sentence splitter leaves at the start of the next sentence.
"""

from __future__ import annotations

from typing import Any

import pytest

from report_helpers import audited, by_source, span_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return audited("relayed_strike.txt")


def test_headline_is_its_own_sentence(report: dict[str, Any]) -> None:
    officials = by_source(report, "two Iraqi security officials")
    content = span_text(report, officials["content"])
    assert "Exclusive" not in content and "sources say" not in content


def test_citing_makes_the_officials_relayed_by_the_outlet(report: dict[str, Any]) -> None:
    officials = by_source(report, "two Iraqi security officials")
    reuters = by_source(report, "Reuters")
    assert officials["source"]["type"] == "unnamed_official"
    assert reuters["source"]["type"] == "media_outlet"
    assert officials["parent"] == reuters["id"]
    assert reuters["parent"] is None


def test_a_spokesman_named_in_apposition_is_a_named_person(report: dict[str, Any]) -> None:
    spokesman = by_source(report, "Basim al-Awadi")
    assert spokesman["source"]["type"] == "named_person"


def test_a_definite_group_noun_is_an_organisation_not_anonymous(report: dict[str, Any]) -> None:
    militia = by_source(report, "The militia")
    assert militia["source"]["type"] == "named_organization"


def test_the_denial_answers_the_kill_report_not_the_deniers_own_words(report: dict[str, Any]) -> None:
    (denial,) = report["denials"]
    target = next(a for a in report["attributions"] if a["id"] == denial["target"])
    assert "killed in a drone strike" in span_text(report, target["content"])
    assert "militia" not in span_text(report, target["source"]).lower()


def test_a_refusal_to_comment_does_not_count_as_on_record_sourcing(report: dict[str, Any]) -> None:
    reasons = " | ".join(str(r) for r in report["score"]["reasons"])
    assert "Pentagon" not in reasons


def test_a_stray_closing_quote_does_not_tie_a_claim_to_the_previous_speaker(report: dict[str, Any]) -> None:
    claim = next(c for c in report["claims"] if "Tehran" in c["text"])
    assert not claim["text"].startswith('"')
    assert claim["denials"] == []
    sources = {
        span_text(report, a["source"]) for a in report["attributions"] if a["id"] in claim["attributions"]
    }
    assert sources == {"a 2023 report by the International Crisis Group"}


def test_the_regime_in_a_capital_is_a_loaded_label(report: dict[str, Any]) -> None:
    labels = [t["text"] for t in report["techniques"] if t["label"] == "Name_Calling,Labeling"]
    assert any("regime" in text for text in labels)
