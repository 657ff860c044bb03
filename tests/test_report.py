from __future__ import annotations

import json

import jsonschema
import pytest

from newsaudit.article import Article, Attribution, Denial, Meta, Reason, Removal, Score, Span, Technique
from newsaudit.report import FORMATS, build_report, render
from newsaudit.report.build import SCHEMA, schema
from newsaudit.report.html import highlight

TEXT = 'Officials said "<script>alert(1)</script>" was found & removed.\nThe ministry denied it.'


def _span(part: str, label: str = "") -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), label)


def _article() -> Article:
    a1 = Attribution(
        "a1",
        _span("Officials"),
        "unnamed_official",
        _span("said"),
        _span('"<script>alert(1)</script>" was found & removed'),
    )
    a2 = Attribution(
        "a2", _span("The ministry"), "named_organization", _span("denied"), _span("it"), parent=None
    )
    return Article(
        raw="4 2,383\n" + TEXT,
        text=TEXT,
        meta=Meta(title="A <b>test</b>"),
        removed=(Removal(Span(0, 7, "counter"), "counter"),),
        attributions=(a1, a2),
        denials=(Denial("d1", _span("The ministry denied it"), "a2", "a1"),),
        hedges=(),
        techniques=(Technique(_span("removed", "Loaded_Language"), "Emotive wording."),),
        score=Score(20, "poorly sourced", (Reason("anonymous", -10.0, (_span("Officials"),)),)),
        limits=("a limit",),
    )


def test_build_report_matches_the_json_schema() -> None:
    data = build_report(_article()).to_dict()
    jsonschema.validate(data, schema())
    assert data["schema"] == SCHEMA


def test_build_report_span_texts_equal_slices() -> None:
    data = build_report(_article()).to_dict()
    text = data["text"]
    spans = [a[k] for a in data["attributions"] for k in ("source", "cue", "content") if a[k]]
    spans += data["denials"] + data["techniques"]
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


def test_build_report_removed_offsets_index_raw() -> None:
    article = _article()
    removed = build_report(article).to_dict()["removed"]
    assert [article.raw[r["start"] : r["end"]] for r in removed] == ["4 2,383"]


def test_report_json_is_deterministic() -> None:
    assert render(build_report(_article()), "json") == render(build_report(_article()), "json")
    json.loads(render(build_report(_article()), "json"))


def test_render_html_escapes_article_text() -> None:
    page = render(build_report(_article()), "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>test</b>" not in page
    # Only the page's own two script elements: the report data block and the page script.
    assert page.lower().count("<script") == 2
    assert '<script type="application/json" id="report-data">' in page


def test_render_html_has_legend_and_hover_details() -> None:
    page = render(build_report(_article()), "html")
    for cls in ("src", "cue", "content", "denial", "tech"):
        assert f'class="{cls}' in page or f" {cls}" in page
    assert 'title="a1 source: Officials (unnamed_official)' in page


def test_highlight_keeps_the_text_when_tags_are_stripped() -> None:
    import html
    import re

    marks = [(0, 9, "src", "x"), (5, 20, "content", "y"), (15, 16, "cue", "z")]
    out = highlight(TEXT, marks)
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == TEXT


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_every_format_mentions_the_score(fmt: str) -> None:
    out = render(build_report(_article()), fmt, color=False)
    assert "20" in out and "poorly sourced" in out


def test_render_markdown_lists_ledger_and_denials() -> None:
    out = render(build_report(_article()), "md")
    assert "## Source ledger" in out and "| a1 | unnamed_official |" in out
    assert "## Denials" in out and "The ministry denied it" in out


def test_render_unknown_format_is_a_settings_error() -> None:
    from newsaudit.errors import SettingsError

    with pytest.raises(SettingsError):
        render(build_report(_article()), "pdf")


def test_sourcing_chain_follows_parents() -> None:
    from newsaudit.report.views import sourcing_chain

    by_id = {
        "a1": {"source": {"text": "Anadolu", "type": "media_outlet", "name": None}, "parent": None},
        "a2": {"source": {"text": "local sources", "type": "anonymous", "name": None}, "parent": "a1"},
    }
    assert sourcing_chain(by_id, "a2") == "local sources (anonymous) ← relayed by Anadolu (media_outlet)"
    assert sourcing_chain(by_id, "a1") == "Anadolu (media_outlet)"
