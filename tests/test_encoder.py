"""Tests for newsaudit.encoder (the shared pass and its heads) and the encoder component."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import numpy as np
import pytest

from newsaudit.article import Article, Span
from newsaudit.components.encoder import SharedEncoderComponent
from newsaudit.encoder import (
    STANCES,
    TECHNIQUES,
    Heads,
    SharedEncoder,
    Window,
    inside_probs,
    piece_range,
    technique_cls,
    technique_pieces,
    tokenize_windows,
)
from newsaudit.encoder.windows import MAX_PIECES
from newsaudit.evaluation.groups import checkthat_group, emergent_is_dev, ptc_groups, ptc_is_dev

TEXT = (
    "The regime's thugs attacked peaceful protesters in a savage assault.\n"
    "Officials denied the report on Tuesday, calling it a hoax.\n"
    "Unemployment rose to 7.2 percent last year, the statistics office said."
)


def sentences_of(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))


class SpaceTokenizer:
    """Words as word pieces (ids = word lengths): enough to test windowing."""

    class _Enc:
        def __init__(self, text: str) -> None:
            found = list(re.finditer(r"\S+", text))
            self.ids = [len(m.group()) for m in found]
            self.offsets = [(m.start(), m.end()) for m in found]

    def encode(self, text: str, add_special_tokens: bool = False) -> SpaceTokenizer._Enc:
        return self._Enc(text)


def test_tokenize_windows_offsets_slice_the_article():
    text = "Alpha beta. " + " ".join(["word"] * (MAX_PIECES + 5))
    sents = (Span(0, 11), Span(12, len(text)))
    windows = tokenize_windows(SpaceTokenizer(), text, sents)
    assert [w.sentence for w in windows] == [0, 1, 1]
    assert [len(w.ids) for w in windows] == [2, MAX_PIECES, 5]
    assert all(text[s:e] in ("Alpha", "beta.", "word") for w in windows for s, e in w.offsets)


def test_tokenize_windows_skips_blank_sentences():
    assert tokenize_windows(SpaceTokenizer(), "   \n", (Span(0, 3),)) == []


@pytest.mark.parametrize(("start", "end", "expected"), [(0, 3, (0, 1)), (4, 12, (1, 3)), (13, 20, None)])
def test_piece_range_finds_overlapping_pieces(start, end, expected):
    assert piece_range(Window((1, 2, 3), ((0, 3), (4, 8), (8, 12))), start, end) == expected


def test_heads_split_technique_logits_exactly(tmp_path: Path):
    rng = np.random.default_rng(0)
    dim, n = 8, len(TECHNIQUES)
    arrays = {
        "si_w": rng.normal(size=(dim, 1)),
        "si_b": rng.normal(size=1),
        "tc_w": rng.normal(size=(2 * dim + 4, n)),
        "tc_b": rng.normal(size=n),
        "cw1_w": rng.normal(size=(dim, 5)),
        "cw1_b": rng.normal(size=5),
        "cw2_w": rng.normal(size=(5, 1)),
        "cw2_b": rng.normal(size=1),
        "st1_w": rng.normal(size=(dim, 5)),
        "st1_b": rng.normal(size=5),
        "st2_w": rng.normal(size=(5, len(STANCES))),
        "st2_b": rng.normal(size=len(STANCES)),
    }
    np.savez(tmp_path / "heads.npz", **{k: v.astype(np.float32) for k, v in arrays.items()})
    heads = Heads(tmp_path / "heads.npz")
    hidden = rng.normal(size=(6, dim)).astype(np.float32)
    feats = [0.5, 1.0, 0.2, 0.0]
    full = np.concatenate([hidden[1:4].mean(0), hidden[0], feats]) @ arrays["tc_w"] + arrays["tc_b"]
    split = heads.technique_logits(heads.technique_pieces(hidden[1:4]), heads.technique_cls(hidden[0]), feats)
    assert np.allclose(full, split, atol=1e-4)
    vectors = hidden[:2] / np.linalg.norm(hidden[:2], axis=1, keepdims=True)
    assert np.allclose(heads.stance(vectors).sum(1), 1.0, atol=1e-6)
    assert ((heads.checkworthiness(vectors) >= 0) & (heads.checkworthiness(vectors) <= 1)).all()
    assert ((heads.inside(hidden) > 0) & (heads.inside(hidden) < 1)).all()


def test_ptc_groups_join_near_duplicates():
    story = " ".join(f"word{i}" for i in range(60))
    texts = {"3": story, "1": story + " and one more line", "2": "something else entirely " * 5}
    groups = ptc_groups(texts)
    assert groups == {"1": "1", "2": "2", "3": "1"}
    assert ptc_is_dev(groups["3"]) == ptc_is_dev(groups["1"])


def test_split_helpers_are_deterministic():
    assert emergent_is_dev("abc") == emergent_is_dev("abc")
    assert checkthat_group("37436") == checkthat_group("37499") != checkthat_group("37500")


# --------------------------------------------------------------------------- the shipped model


@pytest.fixture(scope="module")
def encoder() -> SharedEncoder:
    return SharedEncoder()


@pytest.mark.slow
def test_encoder_outputs_independent_of_batch(encoder):
    """A sentence alone and in a padded batch with others gets identical head outputs."""
    alone = encoder.encode(TEXT, sentences_of(TEXT))
    others = [
        ("A much longer sentence about something else entirely, " * 4, [Span(0, 200)]),
        ("Short.", [Span(0, 6)]),
    ]
    batched = encoder.encode_many([others[0], (TEXT, sentences_of(TEXT)), others[1]])[1]
    for a, b in zip(alone, batched, strict=True):
        assert a.sentence == b.sentence
        assert abs(a.checkworthiness - b.checkworthiness) <= 1e-6
        assert np.abs(np.subtract(a.stance, b.stance)).max() <= 1e-6
        for wa, wb in zip(a.windows, b.windows, strict=True):
            assert np.abs(inside_probs(wa) - inside_probs(wb)).max() <= 1e-6
            assert np.abs(technique_pieces(wa) - technique_pieces(wb)).max() <= 1e-6
            assert np.abs(technique_cls(wa) - technique_cls(wb)).max() <= 1e-6


@pytest.mark.slow
def test_encoder_gives_one_entry_per_sentence_with_valid_outputs(encoder):
    encoded = encoder.encode(TEXT, sentences_of(TEXT))
    assert [e.sentence for e in encoded] == list(sentences_of(TEXT))
    for e in encoded:
        assert 0.0 <= e.checkworthiness <= 1.0
        assert len(e.stance) == len(STANCES) and abs(sum(e.stance) - 1.0) < 1e-5
        for w in e.windows:
            assert all(TEXT[s:e_] and e.sentence.start <= s < e_ <= e.sentence.end for s, e_ in w.offsets)
            assert len(inside_probs(w)) == len(w.offsets)
            assert technique_pieces(w).shape == (len(w.offsets), len(TECHNIQUES))


@pytest.mark.slow
def test_component_pipe_equals_call_and_leaves_input(encoder):
    component = SharedEncoderComponent()
    component.model_ = encoder
    articles = [Article.from_text(t, sentences=sentences_of(t)) for t in (TEXT, "One line only.", TEXT[:70])]
    one_by_one = [component(a) for a in articles]
    assert list(component.pipe(articles, batch_size=2)) == one_by_one
    assert all(a.encoded == () for a in articles)
    assert all(len(o.encoded) == len(a.sentences) for o, a in zip(one_by_one, articles, strict=True))


@pytest.mark.slow
def test_component_pickles_without_model(encoder):
    component = SharedEncoderComponent()
    component.model_ = encoder
    clone = pickle.loads(pickle.dumps(component))
    assert clone.model_ is None
    article = Article.from_text(TEXT, sentences=sentences_of(TEXT))
    assert clone(article) == component(article)
