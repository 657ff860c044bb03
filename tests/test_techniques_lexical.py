"""Tests for the lexical technique classifier and its joining with the encoder's TC head."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from newsaudit.components.techniques import TECHNIQUES, TechniqueModel
from newsaudit.components.techniques.lexical import LexicalTC, span_terms, tfidf_row


def test_span_terms_has_words_pairs_char_grams_and_length() -> None:
    terms = span_terms("Corrupt thugs")
    assert terms["w:corrupt"] == 1 and terms["w:thugs"] == 1
    assert terms["b:corrupt thugs"] == 1
    assert terms["c: th"] == 1 and terms["c:ugs "] == 1
    assert terms["n:2"] == 1


def test_tfidf_row_is_unit_length_and_ignores_unknown_terms() -> None:
    index = {"w:a": 0, "w:b": 1}
    idf = np.array([1.0, 2.0], dtype=np.float32)
    cols, vals = tfidf_row(Counter({"w:a": 1, "w:b": 3, "w:zzz": 5}), index, idf)
    assert sorted(cols.tolist()) == [0, 1]
    assert float(np.linalg.norm(vals)) == pytest.approx(1.0)
    empty_cols, empty_vals = tfidf_row(Counter({"w:zzz": 1}), index, idf)
    assert len(empty_cols) == 0 and len(empty_vals) == 0


@pytest.fixture(scope="module")
def lexical() -> LexicalTC:
    return LexicalTC()


@pytest.mark.slow
def test_log_probs_are_a_distribution_over_the_techniques(lexical: LexicalTC) -> None:
    for span in ("savage", "Make America Great Again", "", "§§§"):
        lp = lexical.log_probs(span)
        assert lp.shape == (len(TECHNIQUES),)
        assert float(np.exp(lp).sum()) == pytest.approx(1.0, abs=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("corrupt traitors", {"Name_Calling,Labeling", "Loaded_Language"}),
        ("God bless America and our brave troops", {"Flag-Waving", "Slogans"}),
    ],
)
def test_clear_spans_rank_their_technique_near_the_top(
    lexical: LexicalTC, span: str, expected: set[str]
) -> None:
    top2 = {TECHNIQUES[i] for i in np.argsort(-lexical.log_probs(span))[:2]}
    assert top2 & expected


@pytest.mark.slow
def test_joined_probabilities_follow_the_configured_weight() -> None:
    model = TechniqueModel()
    assert model.lexical is not None and model.lexical_weight > 0
    logits = np.linspace(-1, 1, len(TECHNIQUES)).astype(np.float32)
    text = "the savage attack"
    joined = model.technique_probs(text, 4, 10, logits)
    assert float(joined.sum()) == pytest.approx(1.0, abs=1e-5)
    head = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    lex = np.exp(model.lexical.log_probs("savage"))
    expected = head * lex**model.lexical_weight
    assert np.allclose(joined, expected / expected.sum(), atol=1e-5)
    model.lexical_weight, saved = 0.0, model.lexical_weight
    try:
        model.lexical, lexical = None, model.lexical
        assert np.allclose(model.technique_probs(text, 4, 10, logits), head, atol=1e-6)
    finally:
        model.lexical, model.lexical_weight = lexical, saved
