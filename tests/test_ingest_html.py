from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsaudit.article import Meta
from newsaudit.errors import BinaryInputError, EmptyInputError, InputTooLargeError, NotAnArticleError
from newsaudit.ingest import document_from_html, read_source
from newsaudit.ingest.gate import check_page
from newsaudit.ingest.html import extract_html, is_extracted, looks_like_html
from newsaudit.settings import Settings

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
LABELS = json.loads((PAGES / "labels.json").read_text(encoding="utf-8"))


def _doc(name: str):  # type: ignore[no-untyped-def]
    return next(read_source(str(PAGES / name)))


@pytest.mark.parametrize("name", sorted(n for n, v in LABELS.items() if v["label"] == "not_article"))
def test_gate_refuses_pages_that_are_not_articles(name: str) -> None:
    with pytest.raises(NotAnArticleError) as info:
        _doc(name)
    assert info.value.exit_code == 3


@pytest.mark.parametrize("name", sorted(n for n, v in LABELS.items() if v["label"] == "article"))
def test_gate_passes_articles_with_expected_findings(name: str) -> None:
    doc = _doc(name)
    assert len(doc.text.split()) > 50
    assert set(LABELS[name]["findings"]) <= {f.code for f in doc.findings}


def test_extract_html_drops_navigation_and_reads_metadata() -> None:
    doc = _doc("article_news_site.html")
    assert "Mayor Ana Ruiz said the closure was unavoidable" in doc.text
    assert "Privacy policy" not in doc.text and "Business" not in doc.text.split("\n")[0]
    assert doc.meta.title == "Harbor bridge to close for six weeks of repairs"
    assert doc.meta.author == "Ana Lopez" and doc.meta.date == "2026-02-10"
    assert doc.meta.site == "Riverside Daily"


def test_gate_credits_the_wire_agency() -> None:
    assert _doc("article_wire.html").meta.wire == "Reuters"


@pytest.mark.parametrize(
    "author", ["2 hours ago", "5 min read", "Updated Jan 4, 2025", "Share on Facebook Follow us"]
)
def test_gate_drops_junk_bylines(author: str) -> None:
    _, meta = check_page("<html></html>", "Some text. " * 100, Meta(author=author))
    assert meta.author is None


def test_gate_keeps_real_bylines() -> None:
    _, meta = check_page("<html></html>", "Some text. " * 100, Meta(author="Jane Doe"))
    assert meta.author == "Jane Doe"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Unclosed <b>bold <i>and italic<div>The mayor said the bridge would close. "
        + "More text here. " * 60,
        "<html><body>" + "<div>" * 3000 + "The council voted. " * 50 + "</div>" * 10,
        "<p>Just a paragraph without html or body tags, said the mayor on Tuesday. " * 20,
    ],
)
def test_extract_html_survives_malformed_markup(html: str) -> None:
    try:
        out = extract_html(html)
    except NotAnArticleError:
        return
    assert out.text.strip()


def test_document_from_html_refuses_enormous_pages() -> None:
    big = b"<html><body>" + b"<p>word word word</p>" * 100_000 + b"</body></html>"
    with pytest.raises(InputTooLargeError):
        document_from_html(
            big, name="big", kind="html", url=None, settings=Settings(max_page_bytes=1_000_000)
        )


@pytest.mark.parametrize(
    ("data", "error"), [(b"   ", EmptyInputError), (b"<html>\x00\x01\x02\x00" * 100, BinaryInputError)]
)
def test_document_from_html_refuses_empty_and_binary(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        document_from_html(data, name="x", kind="html", url=None, settings=Settings())


def test_read_source_sniffs_html_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_bytes((PAGES / "article_news_site.html").read_bytes())
    assert next(read_source(str(path))).kind == "html"


def test_looks_like_html() -> None:
    assert looks_like_html(b"<!DOCTYPE html><html>")
    assert not looks_like_html(b"The mayor said <3 things.")


@pytest.mark.parametrize(
    ("method", "extracted"),
    [
        ("trafilatura", True),
        ("trafilatura-precision", True),
        ("readability", True),
        ("visible-text", False),
        ("text", False),
    ],
)
def test_is_extracted_names_html_extractors_only(method: str, extracted: bool) -> None:
    assert is_extracted(method) is extracted


def test_audit_document_cleans_extracted_html_in_html_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsaudit.components.clean as clean
    from newsaudit.api import audit_document

    seen: list[bool] = []
    real = clean.clean_text

    def spy(raw: str, *, extracted: bool = False) -> clean.CleanResult:
        seen.append(extracted)
        return real(raw, extracted=extracted)

    monkeypatch.setattr(clean, "clean_text", spy)
    page = next(read_source(str(PAGES / "article_news_site.html")))
    report = audit_document(page, Settings(components=("clean",)))
    assert report.text == real(page.text, extracted=True).text
    text = next(read_source(str(PAGES.parent / "clean" / "opinion.txt")))
    audit_document(text, Settings(components=("clean",)))
    assert seen == [True, False]  # extracted page in HTML mode, text file as raw text
