"""The service in a real headless Chromium: paste, upload, URL, hover cards, layers, keyboard, phone, injection.

One file, one browser, two light servers (the second may fetch loopback: it serves the URL
test's local page). Injection payloads must never run: each would set ``window.__pwned``.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from browser_helpers import launch_browser
from newsaudit.report.build import Report
from newsaudit.report.html import render_html
from web_helpers import config, live_server

pytestmark = pytest.mark.slow

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "'><iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>",
    "</script><script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_browser()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(config(tmp_path_factory.mktemp("browser"))) as url:
        yield url


@pytest.fixture(scope="module")
def loopback_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Only this server may fetch loopback: the URL test's page is served on 127.0.0.1.
    with live_server(config(tmp_path_factory.mktemp("browser_url"), allow_private=True)) as url:
        yield url


@pytest.fixture(scope="module")
def article_site(tmp_path_factory: pytest.TempPathFactory, articles_dir: Path) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    text = (articles_dir / "anonymous_denied.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    (root / "story.html").write_text(
        f"<!DOCTYPE html><html><head><title>Local story</title></head><body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/story.html"
    httpd.shutdown()
    httpd.server_close()


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.click("#submit")


def test_browser_paste_seed_shows_ledger_denial_and_source_card(page: Any, service: str, seed_text: str) -> None:
    page.goto(service + "/")
    page.fill("#f-text", seed_text)
    _submit(page)
    assert "/a/" in page.url
    assert page.locator("#ledger tbody tr").count() >= 3
    denials = page.locator("table.denials").inner_text()
    assert "official in the US-led international coalition" in denials
    assert page.locator(".article .denial").count() >= 1
    source = page.locator(".article .src").first
    source.hover()
    card = page.locator("#card")
    assert card.is_visible()
    assert "Source type:" in card.inner_text()
    source_type = source.get_attribute("class").split("t-")[1].split()[0]
    names = {"media_outlet": "media outlet", "unnamed_official": "unnamed official", "anonymous": "anonymous source",
             "named_person": "named person", "named_organization": "named organisation", "document": "document"}
    assert names[source_type] in card.inner_text()
    assert page.errors == []


def test_browser_denial_card_names_the_claim_it_answers(page: Any, service: str, seed_text: str) -> None:
    response = httpx.post(service + "/api/audit", json={"text": seed_text}, timeout=60)
    report = response.json()
    denial = next(d for d in report["denials"] if d["target"])
    target = next(a for a in report["attributions"] if a["id"] == denial["target"])
    page.goto(service + response.headers["location"])
    page.locator(f'.article [data-refs~="{denial["id"]}"]').first.hover()
    text = page.locator("#card").inner_text()
    assert "Answers the claim:" in text and target["content"]["text"][:40] in text


def test_browser_highlights_work_from_the_keyboard(page: Any, service: str, seed_text: str) -> None:
    location = httpx.post(service + "/api/audit", json={"text": seed_text}, timeout=60).headers["location"]
    page.goto(service + location)
    for _ in range(60):  # tab past the skip link, exports, reasons and toggles into the article
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#article') !== null"):
            break
    assert page.evaluate("document.activeElement.hasAttribute('data-refs')")
    assert page.locator("#card").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#card").is_visible()


def test_browser_layer_toggles_and_reason_links(page: Any, service: str, seed_text: str) -> None:
    location = httpx.post(service + "/api/audit", json={"text": seed_text}, timeout=60).headers["location"]
    page.goto(service + location)
    page.uncheck('input[data-layer="src"]')
    assert "off-src" in page.locator("#article").get_attribute("class")
    page.check('input[data-layer="src"]')
    assert "off-src" not in page.locator("#article").get_attribute("class")
    page.locator("a.reason-link").first.click()
    assert page.locator("#article .flash").count() >= 1
    assert page.locator(".dimension").count() >= 1  # sub-scores


def test_browser_page_is_readable_on_a_phone(page: Any, service: str, seed_text: str) -> None:
    location = httpx.post(service + "/api/audit", json={"text": seed_text}, timeout=60).headers["location"]
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(service + location)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(service + "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_browser_upload_a_file(page: Any, service: str, articles_dir: Path) -> None:
    page.goto(service + "/")
    page.set_input_files("#f-file", str(articles_dir / "careful_named.txt"))
    _submit(page)
    assert "/a/" in page.url
    assert page.locator("#ledger tbody tr").count() >= 1
    report = json.loads(page.locator("#report-data").text_content())
    assert report["input"]["name"] == "careful_named.txt"


def test_browser_url_served_by_a_local_test_server(page: Any, loopback_service: str, article_site: str) -> None:
    page.goto(loopback_service + "/")
    page.fill("#f-url", article_site)
    _submit(page)
    assert "/a/" in page.url
    assert page.locator("#ledger tbody tr").count() >= 1
    assert json.loads(page.locator("#report-data").text_content())["input"]["kind"] == "url"


def test_browser_url_field_cannot_reach_loopback(page: Any, service: str, article_site: str) -> None:
    page.goto(service + "/")
    page.fill("#f-url", article_site)
    _submit(page)
    assert "E041" in page.locator("#error").inner_text()


def _exercise(page: Any) -> None:
    """Hover and focus every highlight, open every card: whatever could trigger a payload."""
    for span in page.locator(".article [data-refs]").all()[:80]:
        span.hover()
        span.focus()
    for link in page.locator("a.reason-link").all():
        link.click()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_browser_injection_in_text_title_author_and_url_never_runs(page: Any, service: str, payload: str) -> None:
    text = (f"Officials said {payload} was found near the border on Monday. "
            f"The ministry, citing {payload}, denied that any soldiers had crossed. ") * 3
    body = {"text": text, "title": payload, "author": payload, "url": "https://example.org/" + payload, "site": payload}
    response = httpx.post(service + "/api/audit", json=body, timeout=60)
    assert response.status_code in (200, 201), response.text
    page.goto(service + response.headers["location"])
    _exercise(page)
    assert page.evaluate("window.__pwned") is None
    assert page.title().startswith("newsaudit: ")
    # The report file has no CSP to fall back on: escaping alone must hold.
    page.set_content(render_html(response.json()))
    _exercise(page)
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_browser_injection_through_the_home_form_never_runs(page: Any, service: str) -> None:
    page.goto(service + "/")
    page.fill("#f-text", ("The spokesman said " + PAYLOADS[1] + " would be checked. ") * 4)
    page.fill("#f-title", PAYLOADS[0])
    page.fill("#f-author", PAYLOADS[2])
    _submit(page)
    _exercise(page)
    assert page.evaluate("window.__pwned") is None
    assert PAYLOADS[0] in page.locator("h1").inner_text()  # shown as text


def test_browser_report_file_works_offline(page: Any, service: str, seed_text: str) -> None:
    report = httpx.post(service + "/api/audit", json={"text": seed_text}, timeout=60).json()
    page.set_content(render_html(Report(report).to_dict()))
    page.locator(".article .src").first.hover()
    assert "Source type:" in page.locator("#card").inner_text()
    with page.expect_download() as download:
        page.click('button[data-action="csv"]')
    assert download.value.suggested_filename == "ledger.csv"
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,source_type,source,source_name,cue,content,parent"
    assert len(lines) == 1 + len(report["attributions"])
