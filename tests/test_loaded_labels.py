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
    assert t.span.score is not None and 0 < t.span.score < 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # derogatory or glorifying nouns for people, also in compounds
        ("The ringleaders fled abroad with their cronies.", ["ringleaders", "cronies"]),
        ("Only eco-zealots want the scheme.", ["eco-zealots"]),
        ("The martyrs were buried on Friday.", ["martyrs"]),
        # evaluative modifiers on a party noun or a name
        ("The heroic Astravian security forces foiled the plot.", ["heroic Astravian security forces"]),
        ("Voters have had enough of the corrupt government.", ["corrupt government"]),
        ("Residents praise the President's wise policies.", ["wise policies"]),
        ("The shamed chef left the studio.", ["shamed chef"]),
        ("Foreign-backed extremists attacked the pipeline.", ["Foreign-backed extremists"]),
        # distancing devices
        (
            'Members of the so-called "Free Valley Movement" were detained.',
            ['so-called "Free Valley Movement"'],
        ),
        ('The ministry defended its "reforms" on Monday.', ['"reforms"']),
        ("A self-styled prophet led the march.", ["self-styled prophet"]),
        # loaded terms for a party's acts
        ("The scheme is a land grab by outsiders.", ["land grab"]),
    ],
)
def test_loaded_labels_found_by_what_they_do(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the same adjective on a thing, not a party
        "A brutal winter closed the pass.",
        "The innovative design cut costs for companies.",
        # "so-called" introducing a term, not distancing
        "The tax on so-called carried interest was raised.",
        # a quoted speaker's labels, and quoted fragments with a speaker
        '"These thugs will be punished," the minister said.',
        'The mayor said the closure was "unavoidable".',
        'Ruiz called the plan "a disaster" in a speech.',
        # someone else's glorifying designation
        "The firefighters were hailed as heroes by the mayor.",
        # AP-style neutral words
        "Western-backed government forces retook the town, the army said.",
        "Police arrested members of a criminal gang.",
    ],
)
def test_loaded_labels_leave_descriptions_quotes_and_designations_alone(text: str) -> None:
    assert flagged(text) == []


def test_loaded_labels_quiet_on_neutral_fixtures() -> None:
    from pathlib import Path

    paths = sorted((Path(__file__).parent / "fixtures" / "techniques").glob("neutral_*.txt"))
    assert paths
    assert [p.name for p in paths if find_loaded_labels(p.read_text(encoding="utf-8"))] == []


def test_loaded_labels_distancing_has_its_own_explanation() -> None:
    (t,) = find_loaded_labels('Members of the so-called "Free Valley Movement" were detained.')
    assert "Distancing" in t.explanation
