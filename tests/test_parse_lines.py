"""Tests for sentence starts at line breaks (headlines without a full stop) in the parse component."""

from __future__ import annotations

from typing import Any

import pytest

from newsaudit.components.parse import load_spacy
from newsaudit.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_spacy(Settings().spacy_model)


def sentences(nlp: Any, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_a_headline_without_a_full_stop_is_its_own_sentence(nlp: Any) -> None:
    text = "Militia leader killed in strike, sources say\nThe leader of the group was killed on Tuesday, officials said.\n"
    assert sentences(nlp, text) == [
        "Militia leader killed in strike, sources say",
        "The leader of the group was killed on Tuesday, officials said.",
    ]


def test_a_blank_line_always_ends_a_sentence(nlp: Any) -> None:
    text = "Section one ends here without a stop\n\nand a lower-case paragraph follows.\n"
    assert len(sentences(nlp, text)) == 2


def test_hard_wrapped_text_is_left_to_the_parser(nlp: Any) -> None:
    text = (
        "The minister said on Tuesday that the new bridge would open\n"
        "in March after the engineers finished the final checks of\n"
        "the steel joints, and that President Ruiz would attend the\n"
        "Opening ceremony with members of the city council who had\n"
        "Pushed for the project over the past several years of debate.\n"
    )
    assert len(sentences(nlp, text)) == 1


def test_a_line_that_continues_in_lower_case_is_not_split(nlp: Any) -> None:
    text = "Officials said the talks would resume\nnext week in Geneva.\nThe date is not fixed.\n"
    assert sentences(nlp, text)[0] == "Officials said the talks would resume\nnext week in Geneva."
