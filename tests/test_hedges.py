from __future__ import annotations

import pytest

from newsaudit.components.hedges import find_hedges


@pytest.mark.parametrize(
    ("text", "expected", "label"),
    [
        (
            "The footage could not be independently verified by the agency.",
            "could not be independently verified",
            "verification",
        ),
        ("The minister reportedly resigned on Friday.", "reportedly", "distancing"),
        ("The group allegedly paid the smugglers.", "allegedly", "distancing"),
        ("The report has not been confirmed by police.", "has not been confirmed", "verification"),
        ("The man is said to have fled the country.", "is said to", "distancing"),
    ],
)
def test_find_hedges_finds_phrase_and_kind(text: str, expected: str, label: str) -> None:
    spans = find_hedges(text)
    assert [text[s.start : s.end] for s in spans] == [expected]
    assert spans[0].label == label


@pytest.mark.parametrize(
    "text",
    [
        "The council voted 7-2 on Tuesday to approve the budget.",
        "She may attend the summit next week, her office said.",
        "Reporters verified the figures with the ministry.",
    ],
)
def test_find_hedges_stays_quiet_on_plain_reporting(text: str) -> None:
    assert find_hedges(text) == []
