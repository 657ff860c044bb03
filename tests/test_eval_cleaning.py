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
    decode_html,
    evaluate,
    load_truth,
    render_visible_text,
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
    ids = {k for k in load_truth(DRAGNET / "ground-truth.json") if split_of(k) == "dev"}
    started = time.perf_counter()
    pages = floors("cleaning")["limit"]
    result = evaluate(DRAGNET / "html", DRAGNET / "ground-truth.json", limit=pages, ids=ids)
    elapsed = time.perf_counter() - started
    metrics = result.metrics
    assert metrics["pages"] == pages
    check_floors("cleaning", {**metrics, "gain_f1": metrics["f1"] - metrics["baseline_f1"], "seconds": elapsed})
