"""End-to-end behaviour on a written-for-the-tests article with an outlet citing an outlet.

``tests/fixtures/articles/ceasefire_relay.txt``: "The Times of Israel, citing Channel 12,
reported ... according to a senior official", a lower-case headline the parser misreads
("Ceasefire talks stall"), a named denial, UN figures and a statement by an office.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsaudit.api import audit

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(articles_dir: Path) -> dict[str, Any]:
    return audit((articles_dir / "ceasefire_relay.txt").read_text(encoding="utf-8")).to_dict()


def _text(report: dict[str, Any], span: dict[str, Any]) -> str:
    return str(report["text"][span["start"] : span["end"]])


def _by_source(report: dict[str, Any], words: str) -> dict[str, Any]:
    return next(a for a in report["attributions"] if words in _text(report, a["source"]))


def test_the_outlet_relays_the_official_and_is_named_by_its_head(report: dict[str, Any]) -> None:
    official = _by_source(report, "a senior official")
    outlet = _by_source(report, "The Times of Israel")
    assert official["parent"] == outlet["id"]
    assert outlet["parent"] is None
    assert outlet["source"]["type"] == "media_outlet"
    assert outlet["source"]["name"] == "The Times of Israel"


def test_a_misread_headline_gives_no_attribution(report: dict[str, Any]) -> None:
    first_line_end = report["text"].index("\n")
    assert all(a["cue"]["start"] > first_line_end for a in report["attributions"])


def test_the_named_denial_answers_the_relayed_deal_report(report: dict[str, Any]) -> None:
    (denial,) = report["denials"]
    assert "Basem Naim" in _text(
        report, next(a for a in report["attributions"] if a["id"] == denial["source"])["source"]
    )
    target = next(a for a in report["attributions"] if a["id"] == denial["target"])
    assert "agreed on a first phase" in _text(report, target["content"])


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
def test_relay_chains_never_loop(articles_dir: Path, name: str) -> None:
    report = audit((articles_dir / name).read_text(encoding="utf-8")).to_dict()
    parent = {a["id"]: a["parent"] for a in report["attributions"]}
    for start in parent:
        seen, node = {start}, parent[start]
        while node is not None:
            assert node not in seen, f"{name}: relay loop through {node}"
            seen.add(node)
            node = parent.get(node)
