"""Tests for loaded labels: condemning nouns pinned on named groups in the article's own voice."""

from __future__ import annotations

import pytest

from newsaudit.components.techniques.loaded_labels import TECHNIQUE, find_loaded_labels


def flagged(text: str) -> list[str]:
    return [text[t.span.start : t.span.end] for t in find_loaded_labels(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Clashes broke out with the terrorist organization PKK near the border.",
            ["terrorist organization"],
        ),
        (
            "Officials blamed the Kurdish terrorist organization for the attack.",
            ["Kurdish terrorist organization"],
        ),
        ("Hamas terrorists crossed the fence at dawn.", ["Hamas terrorists"]),
        ("The Assad regime shelled the town again on Sunday.", ["Assad regime"]),
        ("Troops loyal to Maduro's regime blocked the bridge.", ["Maduro's regime"]),
        ("Fighting resumed between the two terrorist organizations last week.", ["terrorist organizations"]),
        ("The regime in Tehran has armed such groups for years.", ["regime"]),
    ],
)
def test_labels_on_named_groups_are_flagged(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected
    assert all(t.span.label == TECHNIQUE and t.explanation for t in find_loaded_labels(text))


@pytest.mark.parametrize(
    "text",
    [
        # Someone else's designation, reported as such.
        "The State Department designated Hezbollah a terrorist organization in 1997.",
        "Turkey considers the YPG a terrorist organization.",
        "Ankara lists the group as a terror organization.",
        "The U.S.-designated foreign terrorist organization Hamas said it would respond.",
        # A quoted speaker's words.
        'The minister said: "These terrorist organizations will be crushed."',
        "He called them “the terrorist group PKK” in a speech.",
        # Not a label for a group.
        "Police said three terrorist attacks had been foiled this year.",
        "Regime change is not the goal, the senator said.",
        "Analysts debated a regime-change policy.",
        "The tax regime in Ireland drew several firms.",
        "A new visa regime of the EU takes effect in May.",
        "Ten people were killed in Kabul. Terrorists were blamed by no one yet.",
        # Neutral wire vocabulary.
        "Militants and insurgents attacked the government convoy, the army said.",
    ],
)
def test_reported_designations_quotes_and_neutral_words_are_not_flagged(text: str) -> None:
    assert flagged(text) == []


def test_spans_are_offsets_into_the_text() -> None:
    text = "Intro line.\nLater the Assad regime denied it.\n"
    (t,) = find_loaded_labels(text)
    assert text[t.span.start : t.span.end] == "Assad regime"
    assert 0 < t.span.score < 1
