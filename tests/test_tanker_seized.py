"""End-to-end behaviour on a written-for-the-tests wire story with agencies, companies and data.

``tests/fixtures/articles/tanker_seized.txt``: a government "agency" that is no news agency, an
acronym source ("UKMTO said"), a company named in apposition ("The ship's operator, Oceanic
Lines"), shipping data as a document, "claimed responsibility" and "could not independently
verify".
"""

from __future__ import annotations

from typing import Any

import pytest

from report_helpers import audited

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return audited("tanker_seized.txt")


def _type_of(report: dict[str, Any], source_text: str) -> str:
    text = report["text"]
    return str(
        next(
            a
            for a in report["attributions"]
            if text[a["source"]["start"] : a["source"]["end"]] == source_text
        )["source"]["type"]
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("UKMTO", "named_organization"),
        ("The ship's operator, Oceanic Lines", "named_organization"),
        ("Shipping data from MarineTraffic", "document"),
        ("Houthi spokesman Yahya Saree", "named_person"),
        ("Two people familiar with the matter", "anonymous"),
    ],
)
def test_source_types(report: dict[str, Any], source: str, expected: str) -> None:
    assert _type_of(report, source) == expected


def test_a_government_agency_is_not_a_media_outlet(report: dict[str, Any]) -> None:
    text = report["text"]
    assert not any(
        "agency" in text[a["source"]["start"] : a["source"]["end"]] and a["source"]["type"] == "media_outlet"
        for a in report["attributions"]
    )


def test_claimed_responsibility_is_no_hedge_but_unverified_is(report: dict[str, Any]) -> None:
    hedges = {h["text"] for h in report["hedges"]}
    assert "could not independently verify" in hedges
    assert not any(t.startswith("claimed") for t in hedges)
