"""End-to-end behaviour on a written-for-the-tests polemic that cites two sources in passing.

``tests/fixtures/articles/polemic_with_sources.txt``: mostly unsourced assertion and loaded
language, with one report and one named senator. A couple of on-record sentences must not make
the page "adequately sourced".
"""

from __future__ import annotations

from typing import Any

import pytest

from report_helpers import audited

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return audited("polemic_with_sources.txt")


def test_few_sourced_sentences_earn_only_partial_on_record_credit(report: dict[str, Any]) -> None:
    assert report["score"]["label"] in {"weakly sourced", "poorly sourced"}
    on_record = next(r for r in report["score"]["reasons"] if "on-record" in r["text"] and r["effect"] > 0)
    assert "of the text is attributed at all" in on_record["text"]


def test_scores_below_careful_reporting(report: dict[str, Any]) -> None:
    careful = audited("careful_named.txt")
    assert careful["score"]["value"] >= report["score"]["value"] + 25


def test_coordinated_cue_takes_the_speaker_not_the_numbers(report: dict[str, Any]) -> None:
    text = report["text"]
    blamed = next(a for a in report["attributions"] if text[a["cue"]["start"] : a["cue"]["end"]] == "blamed")
    assert "Mark Hale" in text[blamed["source"]["start"] : blamed["source"]["end"]]


def test_loaded_language_is_dense(report: dict[str, Any]) -> None:
    profile = report["language_profile"]
    assert profile["per_1000_words"] > 20
    assert any(t["text"] == "Hale regime" for t in report["techniques"])
