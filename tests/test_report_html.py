"""The templated HTML report: escaped data block, references for cards and score links, one template set."""

from __future__ import annotations

import json
import re

from newsaudit.article import Article, Attribution, Meta, Reason, Score, Span
from newsaudit.report import build_report, render
from newsaudit.report.html import context, highlight, marks_of
from newsaudit.report.templating import environment

TEXT = 'Officials said "</script><script>window.__x=1</script>" was found.\nNothing else.'


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part))


def _report() -> dict[str, object]:
    a1 = Attribution("a1", _span("Officials"), "unnamed_official", _span("said"), _span('"</script><script>window.__x=1</script>" was found'))
    article = Article(
        raw=TEXT, text=TEXT, meta=Meta(title='"><img src=x onerror=alert(1)>', author="<b>A</b>"),
        attributions=(a1,), score=Score(20, "poorly sourced", (Reason("anonymous", -10.0, (_span("Officials"),)),)),
    )
    return build_report(article).to_dict()


def _data_block(page: str) -> object:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_render_html_data_block_round_trips_and_cannot_close_the_script() -> None:
    report = _report()
    page = render_page(report)
    assert _data_block(page) == report
    assert "<script>window.__x=1" not in page
    assert page.lower().count("<script") == 2


def test_render_html_escapes_metadata_in_text_and_attributes() -> None:
    page = render_page(_report())
    assert "<img src=x" not in page and "<b>A</b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_highlight_marks_carry_refs_and_take_focus() -> None:
    report = _report()
    out = highlight(str(report["text"]), marks_of(report))  # type: ignore[arg-type]
    assert re.search(r'<span class="src t-unnamed_official" title="[^"]*" data-refs="a1 r0" tabindex="0">Officials</span>', out)


def test_render_html_score_reasons_link_to_their_spans() -> None:
    page = render_page(_report())
    assert 'data-reason="r0"' in page
    assert re.search(r'data-refs="[^"]*\br0\b', page)


def test_template_set_autoescapes_every_template() -> None:
    env = environment()
    assert env.autoescape is True
    assert {"report.html", "audit.html", "home.html", "_report_body.html"} <= set(env.list_templates())


def test_context_names_source_types_in_order_of_accountability() -> None:
    ctx = context(_report())  # type: ignore[arg-type]
    assert ctx["source_types"] == [("unnamed_official", "unnamed official")]


def render_page(report: dict[str, object]) -> str:
    from newsaudit.report.build import Report

    return render(Report(report), "html")
