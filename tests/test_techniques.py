"""Tests for newsaudit.components.techniques (propaganda technique spans)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import numpy as np
import pytest

from floors import check_floors
from newsaudit.article import Article, Span
from newsaudit.components.techniques import (
    EXPLANATIONS,
    TECHNIQUES,
    TechniqueFinder,
    TechniqueModel,
    Window,
    classify_spans,
    decode_runs,
    find_techniques,
    piece_range,
    span_features,
    trim,
)
from newsaudit.components.techniques.loaded_labels import EXPLANATION as LOADED_LABEL_EXPLANATION

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "techniques"
# Quiet means at most this many predicted spans per 1,000 words of neutral wire copy.

# (sentence, a loaded word in it); written for these tests in several registers.
LOADED = [
    (
        "The corrupt, bloodthirsty regime unleashed its thugs on peaceful protesters in a savage orgy.",
        "savage",
    ),
    (
        "These traitors have betrayed every decent citizen with their disgusting, treasonous lies.",
        "disgusting",
    ),
    ("The senator's pathetic, cowardly surrender is a shameful disaster for the entire nation.", "cowardly"),
    ("Officials said the vile, depraved mob of lunatics had torched the building.", "depraved"),
    ("Critics call the plan an outrageous, idiotic scam that will bankrupt hardworking families.", "idiotic"),
]
EMOTIVE = {"Loaded_Language", "Name_Calling,Labeling"}


def sentences_of(text: str) -> tuple[Span, ...]:
    """Split on sentence-final punctuation: enough for hand-written test text."""
    return tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text) if m.group().strip())


def test_explanations_cover_every_technique_in_one_line():
    assert set(EXPLANATIONS) == set(TECHNIQUES)
    assert len(TECHNIQUES) == 14
    assert all(line and "\n" not in line and len(line) < 120 for line in EXPLANATIONS.values())


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ('say "they lie!" now', 4, 15, "they lie"),
        ("  (word)  ", 0, 10, "word"),
        ("...", 0, 3, ""),
    ],
)
def test_trim_drops_edge_punctuation_and_space(text, start, end, expected):
    s, e = trim(text, start, end)
    assert text[s:e] == expected


@pytest.mark.parametrize(
    ("text", "span", "recurs"),
    [
        ("Make it great. We will make it great again. Make it great!", (0, 12), True),
        ("A quiet day in the city. Nothing happened.", (2, 7), False),
    ],
)
def test_span_features_mark_repetition_across_the_article(text, span, recurs):
    feats = span_features(text, *span)
    assert (feats[1] == 1.0) is recurs
    assert (feats[0] > 0) is recurs


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, 3, (0, 1)), (4, 12, (1, 3)), (13, 20, None), (2, 5, (0, 2))],
)
def test_piece_range_finds_overlapping_pieces(start, end, expected):
    window = Window((1, 2, 3), ((0, 3), (4, 8), (8, 12)))
    assert piece_range(window, start, end) == expected


# "a savage and brutal attack": pieces a|sav|##age|and|brutal|attack
RUN_TEXT = "a savage and brutal attack"
RUN_WINDOW = Window((1, 2, 3, 4, 5, 6), ((0, 1), (2, 5), (5, 8), (9, 12), (13, 19), (20, 26)))


@pytest.mark.parametrize(
    ("probs", "threshold", "gap", "expected"),
    [
        ([0.1, 0.9, 0.9, 0.1, 0.8, 0.1], 0.5, 0, ["savage", "brutal"]),
        ([0.1, 0.9, 0.9, 0.1, 0.8, 0.1], 0.5, 1, ["savage and brutal"]),
        ([0.1, 0.1, 0.9, 0.1, 0.1, 0.1], 0.5, 0, ["savage"]),  # widened to the whole word
        ([0.1] * 6, 0.5, 3, []),
    ],
)
def test_decode_runs_joins_gaps_and_widens_to_words(probs, threshold, gap, expected):
    runs = decode_runs(RUN_WINDOW, np.asarray(probs), threshold, gap)
    assert [RUN_TEXT[s:e] for s, e, _ in runs] == expected
    assert all(threshold <= score or gap for _, _, score in runs)


@pytest.fixture(scope="module")
def model() -> TechniqueModel:
    return TechniqueModel()


def _article(text: str, model: TechniqueModel) -> Article:
    """An article as the pipeline hands it over: sentences and the shared encoder's pass."""
    sentences = sentences_of(text)
    return Article.from_text(text, sentences=sentences, encoded=model.encoder.encode(text, sentences))


@pytest.mark.slow
@pytest.mark.parametrize(("text", "word"), LOADED)
def test_find_techniques_covers_loaded_words(model, text, word):
    found = find_techniques(text, sentences_of(text), model)
    at = text.index(word)
    assert any(t.span.start <= at and at + len(word) <= t.span.end for t in found), found


@pytest.mark.slow
def test_find_techniques_labels_loaded_sentences_as_emotive(model):
    labels = [{t.span.label for t in find_techniques(text, sentences_of(text), model)} for text, _ in LOADED]
    assert sum(bool(found & EMOTIVE) for found in labels) >= 3, labels


@pytest.mark.slow
@pytest.mark.parametrize(("text", "word"), LOADED)
def test_classify_spans_calls_a_loaded_word_emotive(model, text, word):
    at = text.index(word)
    ((label, prob),) = classify_spans(text, [Span(at, at + len(word))], model, sentences_of(text))
    assert label in EMOTIVE
    assert 0.0 <= prob <= 1.0


@pytest.mark.slow
@pytest.mark.parametrize(
    "text", [*(t for t, _ in LOADED), 'Plain words. "Shocking!" they cried.\n\nA second, calmer paragraph.']
)
def test_component_attaches_valid_spans(model, text):
    component = TechniqueFinder()
    component.model_ = model
    article = _article(text, model)
    out = component(article)
    assert article.techniques == ()  # input untouched
    assert out.techniques
    for t in out.techniques:
        assert t.span.text_of(text) == text[t.span.start : t.span.end]
        assert t.span.text_of(text).strip() == t.span.text_of(text) != ""
        assert t.span.label in TECHNIQUES
        assert t.span.score is not None and 0.0 <= t.span.score <= 1.0
        assert t.explanation in (EXPLANATIONS[t.span.label], LOADED_LABEL_EXPLANATION)


@pytest.mark.slow
def test_find_techniques_quiet_on_neutral_reporting(model):
    paths = sorted(FIXTURES.glob("neutral_*.txt"))
    assert len(paths) >= 5
    spans = words = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        spans += len(find_techniques(text, sentences_of(text), model))
        words += len(text.split())
    assert words >= 1500
    check_floors("techniques_neutral", {"false_alarms_per_1000_words": 1000 * spans / words})


@pytest.mark.slow
def test_classify_spans_gives_duplicate_spans_distinct_techniques(model):
    text = "They are the enemies of the people, and they will destroy everything we love."
    span = Span(13, 34)
    got = classify_spans(text, [span, span, Span(0, 4)], model)
    assert len(got) == 3
    assert got[0][0] != got[1][0]
    assert all(label in TECHNIQUES and 0.0 <= p <= 1.0 for label, p in got)


@pytest.mark.slow
def test_classify_spans_handles_span_across_sentences(model):
    text = "Stop the steal. Stop the steal now."
    got = classify_spans(text, [Span(0, 34)], model, sentences_of(text))
    assert got[0][0] in TECHNIQUES


@pytest.mark.slow
def test_component_pickles_without_model(model):
    component = TechniqueFinder()
    component.model_ = model
    clone = pickle.loads(pickle.dumps(component))
    assert clone.model_ is None
    text = LOADED[0][0]
    assert clone(_article(text, model)).techniques == component(_article(text, model)).techniques
    assert component(_article(text, model)).techniques
