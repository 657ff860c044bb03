from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import pytest

from newsaudit.article import Article, Attribution, Denial, Score, Span, SubScore
from newsaudit.components.hedges import find_hedges
from newsaudit.components.independence import headline_claim, parties, self_reports
from newsaudit.components.scoring import DIMENSIONS, WEIGHTS, label_for, says_nothing, score_article


def _span(text: str, part: str, label: str = "") -> Span:
    start = text.index(part)
    return Span(start, start + len(part), label)


def _sentences(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end(), "sentence") for m in re.finditer(r"[^.!?\n]+[.!?]", text))


def _article(
    text: str,
    rows: Sequence[tuple[str, str, str, str, str | None]],
    denials: Sequence[tuple[str, str | None, str | None]] = (),
) -> Article:
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


# --- independence, corroboration, balance (issue 10, item 5) ---------------------------------


PRESS = (
    "Voltra unveils battery with twice the range\n"
    "Voltra said its new cell would double the range of electric vans. "
    "Chief executive Mara Lind said the plant would hire 900 workers. "
    '"We are proud of our engineers," Lind said. '
    "The company said the cells would ship in 2027."
)
REVIEWED = (
    "Voltra unveils battery with twice the range\n"
    "Voltra said its new cell would double the range of electric vans. "
    "Battery analyst Ken Oduya of Harlow Research said tests showed the cell held its charge twice as long. "
    "Engineer Petra Sand of the Kiel Institute said independent tests showed the cell held its charge longer. "
    "A rival maker, Durel, said the claims were exaggerated. "
    "Voltra did not respond to a request for comment on the criticism."
)


def _press() -> Article:
    return _article(
        PRESS,
        [
            (
                "Voltra",
                "named_organization",
                "said",
                "its new cell would double the range of electric vans",
                None,
            ),
            ("Chief executive Mara Lind", "named_person", "said", "the plant would hire 900 workers", None),
            ("Lind", "named_person", "said", '"We are proud of our engineers,"', None),
            ("The company", "named_organization", "said", "the cells would ship in 2027", None),
        ],
    )


def _reviewed() -> Article:
    return _article(
        REVIEWED,
        [
            (
                "Voltra",
                "named_organization",
                "said",
                "its new cell would double the range of electric vans",
                None,
            ),
            (
                "Battery analyst Ken Oduya",
                "named_person",
                "said",
                "tests showed the cell held its charge twice as long",
                None,
            ),
            (
                "Engineer Petra Sand",
                "named_person",
                "said",
                "independent tests showed the cell held its charge longer",
                None,
            ),
            ("A rival maker, Durel", "named_organization", "said", "the claims were exaggerated", None),
            ("Voltra", "named_organization", "did not respond", "to a request for comment", None),
        ],
    )


def _dimension(score: Score, name: str) -> SubScore:
    return next(d for d in score.dimensions if d.name == name)


def test_score_press_release_is_self_report_and_not_well_sourced() -> None:
    press, _ = score_article(_press())
    assert press.label != "well sourced" and press.value < 55
    independence = _dimension(press, "independence")
    assert independence.value is not None and independence.value < 50
    assert any("self-report" in r.text for r in independence.reasons)


def test_score_independent_sources_and_response_score_above_self_report() -> None:
    press, _ = score_article(_press())
    reviewed, _ = score_article(_reviewed())
    assert reviewed.value - press.value >= 20


@pytest.mark.parametrize(
    ("text", "source", "kind", "content", "evidence"),
    [
        # a possessive referring back to the body
        (
            "Voltra said its new cell lasts longer.",
            "Voltra",
            "named_organization",
            "its new cell lasts longer",
            "its",
        ),
        # the first person plural in a spokeswoman's quote
        (
            'Spokeswoman Ana Berg said: "We have fixed the fault."',
            "Spokeswoman Ana Berg",
            "named_person",
            '"We have fixed the fault."',
            "We",
        ),
        # the content names the source's organisation, linked in apposition
        (
            "Jo Vance, chief executive of Marlow Foods, said Marlow sales rose.",
            "Jo Vance",
            "named_person",
            "Marlow sales rose",
            "Marlow",
        ),
        # a possessive in the statement's opening noun phrase
        (
            "Voltra said demand for its batteries doubled.",
            "Voltra",
            "named_organization",
            "demand for its batteries doubled",
            "its",
        ),
        # a body on its own operation: "they" opening the statement
        (
            "Police said they arrested four men.",
            "Police",
            "unnamed_official",
            "they arrested four men",
            "they",
        ),
        # a campaign on its candidate
        (
            "The Reyes campaign said Reyes would win the state.",
            "The Reyes campaign",
            "named_organization",
            "Reyes would win the state",
            "Reyes",
        ),
    ],
)
def test_self_reports_find_the_party_speaking_about_itself(
    text: str, source: str, kind: str, content: str, evidence: str
) -> None:
    article = _article(text, [(source, kind, "said", content, None)])
    (found,) = self_reports(article, article.attributions)
    assert text[found.evidence.start : found.evidence.end] == evidence


@pytest.mark.parametrize(
    ("text", "source", "kind", "content"),
    [
        # police on a suspect: "he" is not the body
        ("Police said he was arrested at home.", "Police", "unnamed_official", "he was arrested at home"),
        # an independent analyst on the company's product
        (
            "Analyst Ken Oduya of Harlow Research said the Voltra cell was untested.",
            "Analyst Ken Oduya",
            "named_person",
            "the Voltra cell was untested",
        ),
        # a witness about what she saw is first-hand testimony, not self-report
        (
            "Resident Mia Holt said she saw three trucks.",
            "Resident Mia Holt",
            "named_person",
            "she saw three trucks",
        ),
        # an opposition leader on the government is criticism, not the government's voice
        (
            "Opposition leader Dan Kross said the government was lying.",
            "Opposition leader Dan Kross",
            "named_person",
            "the government was lying",
        ),
    ],
)
def test_self_reports_leave_independent_statements_alone(
    text: str, source: str, kind: str, content: str
) -> None:
    article = _article(text, [(source, kind, "said", content, None)])
    assert self_reports(article, article.attributions) == []


def test_self_reports_use_the_headline_when_it_is_about_the_source() -> None:
    text = "Voltra to build battery plant in Kiel\nThe plant would open in 2027, the company Voltra said."
    article = _article(
        text, [("the company Voltra", "named_organization", "said", "The plant would open in 2027", None)]
    )
    (found,) = self_reports(article, article.attributions)
    assert "headline" in found.why


@pytest.mark.parametrize(
    ("head", "claim"),
    [
        ("Oil tanker seized off Yemen, maritime agency says", "Oil tanker seized off Yemen"),
        ("Minister says talks will resume", " talks will resume"),
        ("Voltra unveils new battery", "Voltra unveils new battery"),
    ],
)
def test_headline_claim_drops_the_speaker(head: str, claim: str) -> None:
    assert headline_claim(head) == claim


CORROBORATED = (
    "Officials at the port said the ship carried 40 tonnes of grain. "
    "Harbour master Lea Pohl said the ship carried 40 tonnes of grain for Lagos. "
    "Shipping agent Omar Dede said the ship carried 40 tonnes of grain and rice."
)


def _corroborated(kinds: tuple[str, str]) -> Article:
    return _article(
        CORROBORATED,
        [
            (
                "Harbour master Lea Pohl",
                kinds[0],
                "said",
                "the ship carried 40 tonnes of grain for Lagos",
                None,
            ),
            (
                "Shipping agent Omar Dede",
                kinds[1],
                "said",
                "the ship carried 40 tonnes of grain and rice",
                None,
            ),
        ],
    )


def test_score_claim_carried_by_two_independent_sources_is_corroborated() -> None:
    score, _ = score_article(_corroborated(("named_person", "named_person")))
    (reason,) = _dimension(score, "corroboration").reasons
    assert reason.effect > 0 and "two or more independent sources" in reason.text


def test_score_relay_chain_is_one_origin_not_corroboration() -> None:
    text = "Radio Ost, citing police, reported that the bridge fell. Police said the bridge fell at noon."
    article = _article(
        text,
        [
            ("Radio Ost", "media_outlet", "reported", "that the bridge fell", None),
            ("police", "unnamed_official", "citing", "the bridge fell", "a1"),
        ],
    )
    score, _ = score_article(article)
    assert not any(r.effect > 0 for r in _dimension(score, "corroboration").reasons)


ACCUSED = (
    "Regulators accused Marlow Foods of hiding test results. "
    "Inspector Jan Roe said the tests had been hidden for a year. "
    "Auditor Kim Lau said the missing results covered six plants."
)


def _accused(extra: str = "", rows: list[tuple[str, str, str, str, str | None]] | None = None) -> Article:
    text = ACCUSED + extra
    base = [
        ("Inspector Jan Roe", "named_person", "said", "the tests had been hidden for a year", None),
        ("Auditor Kim Lau", "named_person", "said", "the missing results covered six plants", None),
    ]
    return _article(text, base + (rows or []))


def test_score_accused_party_not_heard_weighs_against_balance() -> None:
    score, _ = score_article(_accused())
    balance = _dimension(score, "balance")
    assert any(r.effect < 0 and "Marlow" in r.text for r in balance.reasons)


@pytest.mark.parametrize(
    ("extra", "row"),
    [
        (
            " A Marlow Foods spokesman said the results were never hidden.",
            ("A Marlow Foods spokesman", "named_person", "said", "the results were never hidden", None),
        ),
        (
            " The firm, Marlow Foods, did not respond to requests for comment.",
            (
                "The firm, Marlow Foods",
                "named_organization",
                "did not respond",
                "to requests for comment",
                None,
            ),
        ),
    ],
)
def test_score_accused_party_quoted_or_asked_is_balance(
    extra: str, row: tuple[str, str, str, str, None]
) -> None:
    before, _ = score_article(_accused())
    after, _ = score_article(_accused(extra, [row]))
    balance = _dimension(after, "balance")
    assert any(r.effect > 0 and "other side is heard" in r.text for r in balance.reasons)
    assert not any(r.effect < 0 for r in balance.reasons)
    assert after.value > before.value


ONE_SIDED = (
    'The heroic security forces crushed the plot of the so-called "Free Valley Movement". '
    "Minister Ivo Brandt said the forces had seized the weapons. "
    "The ringleaders and their cronies fled abroad. "
    "Governor Ada Kurz said the region was calm."
)


def _one_sided() -> Article:
    return _article(
        ONE_SIDED,
        [
            ("Minister Ivo Brandt", "named_person", "said", "the forces had seized the weapons", None),
            ("Governor Ada Kurz", "named_person", "said", "the region was calm", None),
        ],
    )


def test_score_one_camp_with_loaded_labels_scores_low() -> None:
    score, _ = score_article(_one_sided())
    balance = _dimension(score, "balance")
    assert any("one-sided" in r.text for r in balance.reasons)
    assert any("loaded label" in r.text for r in balance.reasons)
    assert score.label != "well sourced"


def test_score_orders_careful_with_response_above_anonymous_above_one_sided() -> None:
    reviewed, _ = score_article(_reviewed())
    anonymous, _ = score_article(_anonymous())
    one_sided, _ = score_article(_one_sided())
    polemic, _ = score_article(Article.from_text(POLEMIC, sentences=_sentences(POLEMIC)))
    assert reviewed.value > anonymous.value
    assert reviewed.value > one_sided.value > polemic.value


@pytest.mark.parametrize("build", [_careful, _anonymous, _press, _reviewed, _one_sided, _accused])
def test_score_dimensions_are_sub_scores_of_their_own_reasons(build: Callable[[], Article]) -> None:
    article = build()
    score, _ = score_article(article)
    assert [d.name for d in score.dimensions] == list(DIMENSIONS)
    flat = [r for d in score.dimensions for r in d.reasons]
    assert flat == list(score.reasons)
    for d in score.dimensions:
        assert all(r.dimension == d.name for r in d.reasons)
        if d.value is not None:
            assert d.value == max(0, min(100, round(50 + sum(r.effect for r in d.reasons))))
        for r in d.reasons:
            assert r.spans, r.text
            for sp in r.spans:
                assert 0 <= sp.start < sp.end <= len(article.text)
    assert score.value == max(0, min(100, round(50 + sum(r.effect for r in score.reasons))))


def test_score_dimensions_say_what_they_could_not_judge() -> None:
    score, _ = score_article(_careful())
    limits = {d.name: d.limits for d in score.dimensions}
    assert limits["corroboration"] and limits["independence"]
    assert any("balance is not judged" in lim for lim in limits["balance"])


def test_self_reports_need_a_role_for_a_persons_we() -> None:
    text = 'Former cleaner Ana Berg said: "We were told to fake the numbers."'
    article = _article(
        text,
        [("Former cleaner Ana Berg", "named_person", "said", '"We were told to fake the numbers."', None)],
    )
    assert self_reports(article, article.attributions) == []


def test_self_reports_carry_a_role_to_later_mentions_of_the_name() -> None:
    text = 'Chief executive Mara Lind opened the plant. "We will hire 900 people," Lind said.'
    rows = [("Lind", "named_person", "said", '"We will hire 900 people,"', None)]
    base = _article(text, rows)
    first = Attribution(
        "a0",
        _span(text, "Chief executive Mara Lind"),
        "named_person",
        None,
        _span(text, "opened the plant"),
        None,
        "Mara Lind",
    )
    later = replace(base.attributions[0], name="Mara Lind")
    article = replace(base, attributions=(first, later))
    assert [s.attribution for s in self_reports(article, article.attributions)] == ["a1"]


def test_parties_leave_places_out() -> None:
    text = "Governor Pavel Dronik of Dolvany said Dolvany was calm."
    article = replace(
        _article(
            text, [("Governor Pavel Dronik of Dolvany", "named_person", "said", "Dolvany was calm", None)]
        ),
        entities=(Span(text.index("Dolvany"), text.index("Dolvany") + 7, "GPE"),),
    )
    assert parties(article, article.attributions)["a1"] == {"Pavel", "Dronik"}
