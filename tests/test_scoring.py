from __future__ import annotations

import re

import pytest

from newsaudit.article import Article, Attribution, Denial, Span
from newsaudit.components.hedges import find_hedges
from newsaudit.components.scoring import WEIGHTS, label_for, says_nothing, score_article


def _span(text: str, part: str, label: str = "") -> Span:
    start = text.index(part)
    return Span(start, start + len(part), label)


def _sentences(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end(), "sentence") for m in re.finditer(r"[^.!?\n]+[.!?]", text))


def _article(
    text: str,
    rows: list[tuple[str, str, str, str, str | None]],
    denials: list[tuple[str, str | None, str | None]] = (),
) -> Article:  # type: ignore[assignment]
    attributions = tuple(
        Attribution(f"a{i}", _span(text, src, kind), kind, _span(text, cue), _span(text, content), parent)
        for i, (src, kind, cue, content, parent) in enumerate(rows, 1)
    )
    denial_objs = tuple(
        Denial(f"d{i}", _span(text, part), source, target)
        for i, (part, source, target) in enumerate(denials, 1)
    )
    return Article.from_text(
        text,
        sentences=_sentences(text),
        attributions=attributions,
        denials=denial_objs,
        hedges=tuple(find_hedges(text)),
    )


CAREFUL = (
    "The city will close the Elm Street bridge for repairs in March. "
    "Mayor Ana Ruiz said the closure would last six weeks. "
    "Engineer Tom Blake told reporters that the steel joints were corroded. "
    "A 2023 inspection report found cracks in two of the supports. "
    "Council member Joe Park said residents would get a free shuttle."
)
ANONYMOUS = (
    "A news agency reports that the general was arrested, according to sources who asked not to be named. "
    "The sources said the arrest followed a secret deal. "
    "The claim could not be independently verified. "
    "A ministry official said: no such arrest has taken place."
)
POLEMIC = (
    "The corrupt regime is lying to all of us again. "
    "Every decent citizen knows the truth about these criminals. "
    "They will destroy the country unless we stop them now. "
    "Wake up before it is too late."
)


def _careful() -> Article:
    t = CAREFUL
    return _article(
        t,
        [
            ("Mayor Ana Ruiz", "named_person", "said", "the closure would last six weeks", None),
            ("Engineer Tom Blake", "named_person", "told", "that the steel joints were corroded", None),
            ("A 2023 inspection report", "document", "found", "cracks in two of the supports", None),
            ("Council member Joe Park", "named_person", "said", "residents would get a free shuttle", None),
        ],
    )


def _anonymous() -> Article:
    t = ANONYMOUS
    return _article(
        t,
        [
            ("A news agency", "media_outlet", "reports", "that the general was arrested", None),
            (
                "sources who asked not to be named",
                "anonymous",
                "according to",
                "the general was arrested",
                "a1",
            ),
            ("The sources", "anonymous", "said", "the arrest followed a secret deal", None),
            ("A ministry official", "unnamed_official", "said", "no such arrest has taken place", None),
        ],
        [("no such arrest has taken place", "a4", "a2")],
    )


def test_score_orders_careful_above_anonymous_above_polemic() -> None:
    careful, _ = score_article(_careful())
    anonymous, _ = score_article(_anonymous())
    polemic, _ = score_article(Article.from_text(POLEMIC, sentences=_sentences(POLEMIC)))
    assert careful.value >= 75 and careful.label == "well sourced"
    assert careful.value - anonymous.value >= 30
    assert anonymous.value > polemic.value


def test_score_value_is_base_plus_reasons_clamped() -> None:
    score, _ = score_article(_anonymous())
    assert score.value == max(0, min(100, round(50 + sum(r.effect for r in score.reasons))))


def test_score_reasons_cite_spans_of_the_text() -> None:
    article = _anonymous()
    score, _ = score_article(article)
    assert score.reasons
    for reason in score.reasons:
        assert reason.spans, reason.text
        for span in reason.spans:
            assert 0 <= span.start < span.end <= len(article.text)


@pytest.mark.parametrize("needle", ["unnamed or anonymous", "relayed", "denial", "could not be verified"])
def test_score_anonymous_article_names_its_problems(needle: str) -> None:
    score, _ = score_article(_anonymous())
    assert any(needle in r.text for r in score.reasons), [r.text for r in score.reasons]


def test_score_unsourced_text_gets_the_no_sources_reason() -> None:
    score, limits = score_article(Article.from_text(POLEMIC, sentences=_sentences(POLEMIC)))
    assert any(r.effect == WEIGHTS["no_sources"] for r in score.reasons)
    assert any("No attributed statement" in lim for lim in limits)


def test_score_short_text_says_it_is_too_short() -> None:
    text = "Prices rose."
    _, limits = score_article(Article.from_text(text, sentences=_sentences(text)))
    assert "too short" in limits[0]


@pytest.mark.parametrize(
    ("value", "label"),
    [(100, "well sourced"), (60, "adequately sourced"), (40, "weakly sourced"), (3, "poorly sourced")],
)
def test_label_for_bands(value: int, label: str) -> None:
    assert label_for(value) == label


def _with_claims(article: Article, rows: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> Article:
    from dataclasses import replace

    from newsaudit.article import Claim

    claims = tuple(
        Claim(f"c{i}", _span(article.text, part), 0.9, ids, (), denials)
        for i, (part, ids, denials) in enumerate(rows, 1)
    )
    return replace(article, claims=claims)


def test_score_weak_denied_claims_weigh_against() -> None:
    base = _anonymous()
    with_claims = _with_claims(base, [("the general was arrested", ("a2",), ("d1",))])
    before, _ = score_article(base)
    after, _ = score_article(with_claims)
    assert after.value < before.value
    assert any("denied in the article" in r.text for r in after.reasons)


def test_score_on_record_claims_weigh_for() -> None:
    base = _careful()
    with_claims = _with_claims(base, [("cracks in two of the supports", ("a3",), ())])
    reason = next(r for r in score_article(with_claims)[0].reasons if "check-worthy claims rest on" in r.text)
    assert reason.effect == WEIGHTS["claims_on_record"]
    assert [base.text[s.start : s.end] for s in reason.spans] == ["cracks in two of the supports"]


@pytest.mark.parametrize(
    ("content", "nothing"),
    [
        ("to comment", True),
        ("to immediately comment.", True),
        ("to respond to a request for comment", True),
        ("to confirm or deny the report", True),
        ("to comment on the deal, saying talks continue", False),
        ("that the strike killed four people", False),
    ],
)
def test_says_nothing_recognises_refusals_to_comment(content: str, nothing: bool) -> None:
    text = f"The Pentagon declined {content}"
    start = text.index(content)
    att = Attribution("a1", Span(0, 12), "named_organization", Span(13, 21), Span(start, len(text)))
    assert says_nothing(Article(raw=text, text=text), att) is nothing


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("The group claimed responsibility for the attack.", False),
        ("The rebels claimed victory on Sunday.", False),
        ("The rebels claimed that the town had fallen.", True),
    ],
)
def test_claimed_is_a_hedge_only_when_it_distances(text: str, hedged: bool) -> None:
    assert bool(find_hedges(text)) is hedged
