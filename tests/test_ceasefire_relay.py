"""End-to-end behaviour on a written-for-the-tests article with an outlet citing an outlet.

``tests/fixtures/articles/ceasefire_relay.txt``: "The Times of Israel, citing Channel 12,
reported ... according to a senior official", a lower-case headline the parser misreads
("Ceasefire talks stall"), a named denial, UN figures and a statement by an office.
"""

from __future__ import annotations

from typing import Any

import pytest

from report_helpers import attribution, audited, by_source, span_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return audited("ceasefire_relay.txt")


def test_the_outlet_relays_the_official_and_is_named_by_its_head(report: dict[str, Any]) -> None:
    official = by_source(report, "a senior official")
    outlet = by_source(report, "The Times of Israel")
    assert official["parent"] == outlet["id"]
    assert outlet["parent"] is None
    assert outlet["source"]["type"] == "media_outlet"
    assert outlet["source"]["name"] == "The Times of Israel"


def test_a_misread_headline_gives_noattribution(report: dict[str, Any]) -> None:
    first_line_end = report["text"].index("\n")
    assert all(a["cue"]["start"] > first_line_end for a in report["attributions"])


def test_the_named_denial_answers_the_relayed_deal_report(report: dict[str, Any]) -> None:
    (denial,) = report["denials"]
    assert "Basem Naim" in span_text(report, attribution(report, denial["source"])["source"])
    target = attribution(report, denial["target"])
    assert "agreed on a first phase" in span_text(report, target["content"])


@pytest.mark.parametrize(
    "name",
    [
        "ceasefire_relay.txt",
        "relayed_strike.txt",
        "disputed_toll.txt",
        "careful_named.txt",
        "anonymous_denied.txt",
        "polemic_with_sources.txt",
    ],
)
def test_relay_chains_never_loop(name: str) -> None:
    report = audited(name)
    parent = {a["id"]: a["parent"] for a in report["attributions"]}
    for start in parent:
        seen, node = {start}, parent[start]
        while node is not None:
            assert node not in seen, f"{name}: relay loop through {node}"
            seen.add(node)
            node = parent.get(node)
