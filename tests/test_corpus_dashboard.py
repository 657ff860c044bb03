"""The corpus dashboard: rendered from the store, checked in a real headless Chromium (offline)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from browser_helpers import launch_browser
from corpus_helpers import hand_store
from newsaudit.cli import main
from newsaudit.corpus import Store
from newsaudit.corpus.dashboard import dashboard_data, histogram_bars, render_dashboard
from newsaudit.corpus.work import Outcome


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    path = hand_store(tmp_path / "store")
    hostile = Outcome(
        "x5",
        "k5",
        "h5",
        "<script>window.pwned=1</script>",
        {},
        code="E006",
        message='<img src=x onerror="window.pwned=1">',
    )
    with Store(path) as st:
        st.write([hostile])
    return path


def test_histogram_bars_scale_to_the_tallest_bin() -> None:
    bars = histogram_bars([0, 2, 4, 0, 0, 0, 0, 0, 0, 1], width=100, height=40)
    assert [b["h"] for b in bars][:3] == [0.0, 20.0, 40.0]
    assert (bars[0]["label"], bars[-1]["label"]) == ("0–9", "90–100")


def test_dashboard_data_is_the_pages_json_twin(store: Path) -> None:
    data = dashboard_data(store)
    assert data["status"]["failures"] == 2 and data["score_histogram"][8] == 1
    assert [o["site"] for o in data["outlets"]] == ["a.com", "b.com", "(no site)"]
    assert (data["outlets_shown"], data["outlets_total"]) == (3, 3)
    assert json.loads(json.dumps(data)) == data


def test_render_dashboard_escapes_corpus_text(store: Path) -> None:
    page = render_dashboard(store)
    assert "<script>window.pwned" not in page and "&lt;script&gt;window.pwned" in page
    assert "<img src=x" not in page
    assert "http://" not in page and "https://" not in page  # nothing to fetch


def test_cli_corpus_report_writes_the_page(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "dashboard.html"
    result = CliRunner().invoke(main, ["corpus", "report", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_browser()


@pytest.mark.slow
def test_dashboard_in_headless_chromium_renders_sorts_and_stays_offline(
    browser: Any, store: Path, tmp_path: Path
) -> None:
    page_file = tmp_path / "dashboard.html"
    page_file.write_text(render_dashboard(store), encoding="utf-8")
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page_file.as_uri())
    assert page.text_content("#n-articles") == "5" and page.text_content("#n-failures") == "2"
    assert page.locator("#score-histogram rect.bar").count() == 10
    assert page.locator("#score-histogram rect.bar[data-count='1']").count() == 3
    sites = lambda: page.locator("#outlets tbody tr td:first-child").all_text_contents()  # noqa: E731
    assert sites() == ["a.com", "b.com", "(no site)"]
    page.click("#outlets th:has-text('mean score')")
    assert sites() == ["b.com", "a.com", "(no site)"]  # ascending, blanks last
    page.click("#outlets th:has-text('mean score')")
    assert sites() == ["a.com", "b.com", "(no site)"]
    assert page.locator("#failures tbody tr").count() == 2
    assert page.evaluate("window.pwned === undefined")
    assert errors == []
    assert requests == [page_file.as_uri()]
    page.close()
