"""Tests for the claims component: linking, the component, and the shipped model."""

from __future__ import annotations

import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from floors import check_floors
from newsaudit.article import Article, Attribution, Denial, EncodedSentence, Span
from newsaudit.components.claims import (
    ClaimFinder,
    claim_candidates,
    find_claims,
    linked_attributions,
    linked_denials,
    linked_hedges,
    trim_span,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claims"


@dataclass
class StubScorer:
    """Score a sentence 0.9 when it holds a digit, else 0.1 (a stand-in for the model)."""

    threshold: float = 0.5

    def score(self, texts: Sequence[str]) -> list[float]:
        return [0.9 if re.search(r"\d", t) else 0.1 for t in texts]


def span_of(text: str, needle: str, label: str = "", nth: int = 0) -> Span:
    """Return the span of the nth occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), label)


def sentences_of(text: str) -> tuple[Span, ...]:
    """Split on sentence-final punctuation followed by a space (enough for hand-written text)."""
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+", text):
        spans.append(Span(start, m.start(), "sentence"))
        start = m.end()
    spans.append(Span(start, len(text), "sentence"))
    return tuple(spans)


# A wire-style story: a relayed claim, a hedge in a cue, a denial of it, an own-voice claim.
WIRE = (
    "Anadolu reported that 14 people were killed in the blast, according to local sources. "
    "The ministry denied that 14 people had died. "
    "The bridge reportedly collapsed in 2019. "
    "What a sad day for everyone."
)


def wire_article() -> Article:
    """Build the WIRE article by hand with attributions, a denial and hedges."""
    t = WIRE
    a1 = Attribution(
        "a1",
        span_of(t, "Anadolu"),
        "media_outlet",
        span_of(t, "reported"),
        span_of(t, "14 people were killed in the blast, according to local sources"),
    )
    a2 = Attribution(
        "a2",
        span_of(t, "local sources"),
        "anonymous",
        span_of(t, "according to"),
        span_of(t, "14 people were killed in the blast"),
        parent="a1",
    )
    a3 = Attribution(
        "a3",
        span_of(t, "The ministry"),
        "named_organization",
        span_of(t, "denied"),
        span_of(t, "that 14 people had died"),
    )
    d1 = Denial(
        "d1",
        span_of(t, "The ministry denied that 14 people had died"),
        source="a3",
        target="a2",
        cue=span_of(t, "denied"),
    )
    hedges = (span_of(t, "according to local sources", "distancing"), span_of(t, "reportedly", "distancing"))
    return Article.from_text(
        t, sentences=sentences_of(t), attributions=(a1, a2, a3), denials=(d1,), hedges=hedges
    )


# --------------------------------------------------------------------------- linking


@pytest.mark.parametrize(
    ("raw", "expected"), [("  Hello there. ", "Hello there."), ("x", "x"), ("   ", None)]
)
def test_trim_span_strips_whitespace_only(raw: str, expected: str | None) -> None:
    got = trim_span(raw, Span(0, len(raw)))
    assert (raw[got.start : got.end] if got else None) == expected


def test_claim_candidates_skip_sentences_without_letters() -> None:
    text = "Prices rose. 2019. --- ... Done"
    got = [text[s.start : s.end] for s in claim_candidates(text, sentences_of(text))]
    assert got == ["Prices rose.", "Done"]


def test_linked_attributions_follow_parents_once() -> None:
    art = wire_article()
    first = art.sentences[0]
    assert linked_attributions(first, art.attributions) == ("a1", "a2")
    cyclic = [
        Attribution("x", Span(0, 1), "anonymous", None, Span(0, 5), parent="y"),
        Attribution("y", Span(0, 1), "anonymous", None, Span(50, 60), parent="x"),
    ]
    assert linked_attributions(Span(0, 10), cyclic) == ("x", "y")


@pytest.mark.parametrize(
    ("sentence", "attribution_ids", "expected"),
    [
        (0, ("a1", "a2"), ["according to local sources"]),
        (2, (), ["reportedly"]),
        (3, (), []),
    ],
)
def test_linked_hedges_inside_or_in_cue(
    sentence: int, attribution_ids: tuple[str, ...], expected: list[str]
) -> None:
    art = wire_article()
    atts = [a for a in art.attributions if a.id in attribution_ids]
    got = linked_hedges(art.sentences[sentence], art.hedges, atts)
    assert [art.text[h.start : h.end] for h in got] == expected


def test_linked_hedges_take_hedge_in_attribution_cue_outside_sentence() -> None:
    text = "Allegedly, officials said. The dam failed in 2020."
    att = Attribution(
        "a1",
        span_of(text, "officials"),
        "unnamed_official",
        span_of(text, "Allegedly"),
        span_of(text, "The dam failed in 2020"),
    )
    claim = span_of(text, "The dam failed in 2020.")
    got = linked_hedges(claim, [span_of(text, "Allegedly")], [att])
    assert [text[h.start : h.end] for h in got] == ["Allegedly"]


@pytest.mark.parametrize(
    ("sentence", "attribution_ids", "expected"),
    [
        (0, ("a1", "a2"), ("d1",)),  # d1 targets a2
        (1, ("a3",), ()),  # this sentence is d1, voiced by a3: it is not denied by itself
        (1, (), ("d1",)),  # the same sentence read in the article's own voice
        (2, (), ()),
    ],
)
def test_linked_denials_by_target_or_overlap(
    sentence: int, attribution_ids: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    art = wire_article()
    assert linked_denials(art.sentences[sentence], attribution_ids, art.denials) == expected


# --------------------------------------------------------------------------- find_claims and the component


def test_find_claims_links_attributions_hedges_and_denials() -> None:
    art = wire_article()
    claims = find_claims(art.text, art.sentences, art.attributions, art.denials, art.hedges, StubScorer())
    assert [art.text[c.span.start : c.span.end] for c in claims] == [
        "Anadolu reported that 14 people were killed in the blast, according to local sources.",
        "The ministry denied that 14 people had died.",
        "The bridge reportedly collapsed in 2019.",
    ]
    assert [c.id for c in claims] == ["c1", "c2", "c3"]
    assert [c.attributions for c in claims] == [("a1", "a2"), ("a3",), ()]
    # c2 is the denial itself (voiced by a3), so it is not listed as denied by d1.
    assert [c.denials for c in claims] == [("d1",), (), ()]
    assert [[art.text[h.start : h.end] for h in c.hedges] for c in claims] == [
        ["according to local sources"],
        [],
        ["reportedly"],
    ]
    assert all(c.checkworthiness == c.span.score == 0.9 for c in claims)


@pytest.mark.parametrize(("threshold", "expected"), [(0.05, 4), (0.5, 3), (0.95, 0)])
def test_find_claims_respects_threshold(threshold: float, expected: int) -> None:
    art = wire_article()
    got = find_claims(art.text, art.sentences, (), (), (), StubScorer(), threshold=threshold)
    assert len(got) == expected


def test_find_claims_reads_scores_from_the_encoded_sentences() -> None:
    art = wire_article()
    # The shared encoder's pass: the reverse of the stub (high without digits), so the
    # result shows which source was read.
    encoded = tuple(
        EncodedSentence(s, (), 0.1 if re.search(r"\d", art.text[s.start : s.end]) else 0.9, (0.3, 0.4, 0.3))
        for s in art.sentences
    )
    got = find_claims(art.text, art.sentences, (), (), (), StubScorer(), encoded=encoded)
    assert got and all(not re.search(r"\d", art.text[c.span.start : c.span.end]) for c in got)
    assert all(c.checkworthiness == 0.9 for c in got)


def test_find_claims_empty_without_sentences() -> None:
    assert find_claims("Some text 1.", (), (), (), (), StubScorer()) == []


def test_component_attaches_without_mutating_input() -> None:
    art = wire_article()
    finder = ClaimFinder()
    finder.model_ = StubScorer()
    out = finder(art)
    assert art.claims == ()
    assert len(out.claims) == 3
    for claim in out.claims:
        assert (
            out.text[claim.span.start : claim.span.end].strip() == out.text[claim.span.start : claim.span.end]
        )
    assert out.attributions == art.attributions


def test_component_declares_order_and_pickles() -> None:
    finder = ClaimFinder()
    finder.model_ = StubScorer()
    assert finder.name == "claims"
    assert set(finder.requires) == {"text", "sentences", "encoded", "attributions", "denials", "hedges"}
    assert finder.assigns == ("claims",)
    clone = pickle.loads(pickle.dumps(finder))
    assert clone.model_ is None


# --------------------------------------------------------------------------- the shipped model


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    from newsaudit.components.claims import default_model

    return default_model()


CHECKWORTHY = [
    "Unemployment fell to 3.9 percent last year, the lowest rate in two decades.",
    "Our taxes went up by $3,000 per family under this administration.",
    "The plant released 40 tons of sulfur dioxide into the air in 2021.",
    "He voted to cut Medicare funding by 700 billion dollars.",
]
NOT_CHECKWORTHY = [
    "Thank you very much.",
    "I think that's a great question.",
    "What are we going to do about it?",
    "We love our country and we love our people.",
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence", CHECKWORTHY)
def test_model_scores_factual_claims_high(model, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert model.score([sentence])[0] >= model.threshold


@pytest.mark.slow
@pytest.mark.parametrize("sentence", NOT_CHECKWORTHY)
def test_model_scores_non_claims_low(model, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert model.score([sentence])[0] < model.threshold


@pytest.mark.slow
def test_model_scores_are_probabilities_and_batch_independent(model) -> None:  # type: ignore[no-untyped-def]
    texts = CHECKWORTHY + NOT_CHECKWORTHY
    together = model.score(texts)
    alone = [model.score([t])[0] for t in texts]
    assert all(0.0 <= s <= 1.0 for s in together)
    assert together == pytest.approx(alone, abs=1e-4)
    assert model.score([]) == []


@pytest.mark.slow
def test_model_news_sentences_floor(model) -> None:  # type: ignore[no-untyped-def]
    from newsaudit.evaluation.checkworthy import metrics_of, read_tsv

    rows = read_tsv(FIXTURES / "news_sentences.tsv")
    got = metrics_of([r.label == "Yes" for r in rows], model.score([r.text for r in rows]), model.threshold)
    check_floors("checkworthy_news", got)  # floor in eval/floors.toml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('" The regime armed them.', "The regime armed them."),
        ("” Officials agreed. “", "Officials agreed."),
        ('"We will win," he said.', '"We will win," he said.'),
        ("  \n  ", None),
    ],
)
def test_trim_span_drops_quotes_left_over_from_neighbouring_sentences(
    text: str, expected: str | None
) -> None:
    got = trim_span(text, Span(0, len(text)))
    assert (text[got.start : got.end] if got else None) == expected


def test_an_overlap_of_only_a_quotation_mark_does_not_link_an_attribution() -> None:
    from newsaudit.article import Attribution

    text = 'They called it "lies." The regime armed them.'
    quote_end = text.index('."') + 2
    att = Attribution("a1", Span(0, 4), "anonymous", Span(5, 11), Span(12, quote_end))
    claim = Span(quote_end - 1, len(text))  # the splitter left the closing quote here
    assert linked_attributions(claim, [att], text) == ()
    assert linked_attributions(claim, [att]) == ("a1",)  # without text any overlap counts
