"""Tests of the cleaning evaluation (newsaudit.evaluation.cleaning) and its CI gate."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from floors import check_floors, floors
from newsaudit.errors import EvalDataError
from newsaudit.evaluation.cleaning import (
    by_source,
    decode_html,
    evaluate,
    load_truth,
    page_groups,
    page_site,
    part_ids,
    render_visible_text,
    site_of,
    source_ids,
    source_of,
    split_of,
)

DRAGNET = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "article-extraction-dragnet"

# The CI gate (first pages by id of our dev part): floors, time limit and page count live in
# eval/floors.toml ("cleaning").


@pytest.mark.parametrize(
    ("html", "lines"),
    [
        ("<html><head><title>T</title></head><body><p>One <b>two</b> three</p><p>Four</p></body></html>",
         ["One two three", "Four"]),
        ("<body><div>a<script>var x = 1;</script>b</div><style>p {}</style><noscript>off</noscript></body>",
         ["ab"]),
        ("<body>line one<br>line two<ul><li>item</li><li>other</li></ul>tail</body>",
         ["line one", "line two", "item", "other", "tail"]),
        ("<body><p>shown</p><p style='display: none'>hidden</p><div hidden>gone</div></body>", ["shown"]),
        ("<body><!-- a comment --><p>  spaced \n\t out  </p><template><p>t</p></template></body>",
         ["spaced out"]),
        ("<?xml version='1.0' encoding='utf-8'?><html><body><td>cell</td><td>next</td></body></html>",
         ["cell", "next"]),
        ("", []),
    ],
)  # fmt: skip
def test_render_visible_text_puts_one_block_per_line(html: str, lines: list[str]) -> None:
    text = render_visible_text(html)
    assert (text.split("\n") if text else []) == lines


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("café".encode(), "café"),
        ("caf\xe9 \u201cquoted\u201d".encode("cp1252"), "café “quoted”"),
        (b'<meta charset="iso-8859-1"><p>na\xefve</p>', '<meta charset="iso-8859-1"><p>naïve</p>'),
    ],
)
def test_decode_html_reads_utf8_declared_or_windows_1252(data: bytes, expected: str) -> None:
    assert decode_html(data) == expected


def test_split_of_is_stable_and_about_one_fifth_dev() -> None:
    ids = [f"R{i}" for i in range(2000)]
    dev = [i for i in ids if split_of(i) == "dev"]
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]
    assert 0.15 < len(dev) / len(ids) < 0.25


def _write_dataset(root: Path, pages: dict[str, tuple[str, str]]) -> tuple[Path, Path]:
    html_dir = root / "html"
    html_dir.mkdir()
    truth = {}
    for page_id, (html, gold) in pages.items():
        with gzip.open(html_dir / f"{page_id}.html.gz", "wb") as fh:
            fh.write(html.encode("utf-8"))
        truth[page_id] = {"articleBody": gold}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return html_dir, root / "ground-truth.json"


def test_load_truth_repairs_utf16_gold_and_cuts_comments(tmp_path: Path) -> None:
    raw = "\ufeffHeadline\r\n\r\nBody text here.\r\n!@#$%^&*()  COMMENTS\r\nnice post".encode("utf-16-le")
    mangled = raw.decode("cp1252", errors="replace")
    path = tmp_path / "ground-truth.json"
    path.write_text(
        json.dumps({"p1": {"articleBody": mangled}, "p2": {"articleBody": "Plain"}}), encoding="utf-8"
    )
    assert load_truth(path) == {"p1": "Headline\n\nBody text here.", "p2": "Plain"}


def test_load_truth_missing_file_raises_eval_data_error(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError):
        load_truth(tmp_path / "nope.json")


def test_evaluate_scores_cleaned_text_beside_baseline(tmp_path: Path) -> None:
    body = (
        "The council voted on Tuesday to close the old bridge to traffic for two years while it is rebuilt. "
        "Residents said the detour would add twenty minutes to their journeys."
    )
    menu = "".join(f"<li><a href='#'>Section {i}</a></li>" for i in range(12))
    html = (
        f"<html><body><ul>{menu}</ul><h1>Bridge to close for two years</h1><p>{body}</p>"
        "<p>Share this:</p><p>© 2024 The Gazette. All rights reserved.</p></body></html>"
    )
    html_dir, truth = _write_dataset(tmp_path, {"a": (html, f"Bridge to close for two years\n{body}")})
    result = evaluate(html_dir, truth)
    assert {"precision", "recall", "f1", "baseline_f1"} <= set(result.metrics)
    assert result.metrics["precision"] > result.metrics["baseline_precision"]
    assert result.metrics["recall"] == pytest.approx(1.0)
    assert result.metrics["pages"] == 1


def test_evaluate_without_pages_raises_eval_data_error(tmp_path: Path) -> None:
    html_dir, truth = _write_dataset(tmp_path, {"a": ("<p>x</p>", "x")})
    with pytest.raises(EvalDataError):
        evaluate(html_dir, truth, ids=set())


@pytest.mark.data
def test_evaluate_gate_on_dragnet_dev_pages_holds_pinned_floors() -> None:
    if not (DRAGNET / "ground-truth.json").exists():
        pytest.skip("dragnet data not found in ../shared/data")
    ids = part_ids(DRAGNET / "html", DRAGNET / "ground-truth.json", "dev")
    started = time.perf_counter()
    pages = floors("cleaning")["limit"]
    result = evaluate(DRAGNET / "html", DRAGNET / "ground-truth.json", limit=pages, ids=ids)
    elapsed = time.perf_counter() - started
    metrics = result.metrics
    assert metrics["pages"] == pages
    check_floors(
        "cleaning", {**metrics, "gain_f1": metrics["f1"] - metrics["baseline_f1"], "seconds": elapsed}
    )


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("http://news.bbc.co.uk/2/hi/world/123.stm", "bbc.co.uk"),
        ("https://www.nytimes.com/2012/07/01/x.html", "nytimes.com"),
        ("https://ap.google.com/article/x", "google.com"),
        ("https://www.abc.net.au/news/x", "abc.net.au"),
        ("not a url", None),
    ],
)
def test_site_of_gives_the_registrable_domain(url: str, site: str | None) -> None:
    assert site_of(url) == site


def test_page_site_reads_og_url_then_canonical() -> None:
    og = b'<html><head><meta property="og:url" content="https://www.example.co.uk/a"></head></html>'
    canonical = b'<html><head><link rel="canonical" href="http://blog.example.com/b"></head></html>'
    assert page_site(og) == "example.co.uk"
    assert page_site(canonical) == "example.com"
    assert page_site(b"<html><body>no address</body></html>") is None


@pytest.mark.parametrize(("page_id", "source"), [("ps-1a2b", "ps"), ("cpe-bbc", "cpe"), ("rd-nyt-1", "rd"),
                                                 ("ce-final-3", "ce"), ("102", "dragnet")])  # fmt: skip
def test_source_of_reads_the_id_prefix(page_id: str, source: str) -> None:
    assert source_of(page_id) == source


def test_part_ids_split_by_site_group_so_no_site_is_in_both(tmp_path: Path) -> None:
    pages = {
        f"p{i}": (f'<link rel="canonical" href="https://site{i % 40}.com/{i}"><p>x</p>', "x")
        for i in range(400)
    }
    html_dir, truth = _write_dataset(tmp_path, pages)
    groups = page_groups(html_dir, truth)
    dev, train = part_ids(html_dir, truth, "dev"), part_ids(html_dir, truth, "train")
    assert dev and train and not dev & train and (dev | train) == set(pages)
    assert not {groups[p] for p in dev} & {groups[p] for p in train}
    assert part_ids(html_dir, truth, "all") is None


def test_page_groups_prefer_the_gold_group(tmp_path: Path) -> None:
    html_dir, truth = _write_dataset(tmp_path, {"a": ("<p>x</p>", "x"), "b": ("<p>y</p>", "y")})
    data = json.loads(truth.read_text(encoding="utf-8"))
    data["a"]["group"] = "example.com"
    truth.write_text(json.dumps(data), encoding="utf-8")
    assert page_groups(html_dir, truth) == {"a": "example.com", "b": "page:b"}


def test_by_source_gives_overall_and_per_source_rows() -> None:
    result = by_source(["ps-1", "rd-2", "ce-final-3"], [("clean", "", [(1.0, 0.0, 0.0)] * 3)], "t")
    assert [row[0] for row in result.rows] == ["all", "ps", "rd", "news", "ce"]
    assert result.metrics["news_pages"] == 2.0 and result.metrics["ce_f1"] == 1.0


MORE = DRAGNET.parent / "article-extraction-more"


@pytest.mark.data
def test_evaluate_gate_on_news_dev_pages_holds_pinned_floors() -> None:
    if not (MORE / "ground-truth.json").exists():
        pytest.skip("article-extraction-more not found in ../shared/data")
    ids = part_ids(MORE / "html", MORE / "ground-truth.json", "dev")
    news = source_ids(ids or set(), "news")
    result = evaluate(
        MORE / "html", MORE / "ground-truth.json", limit=floors("cleaning_news")["limit"], ids=news
    )
    metrics = result.metrics
    check_floors("cleaning_news", {**metrics, "gain_f1": metrics["f1"] - metrics["baseline_f1"]})
