"""Copies (corpus/copies.py): normalisation, passages with offsets, direction, copies of a store."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsaudit.cli import main
from newsaudit.corpus import Store
from newsaudit.corpus import copies as cp

WIRE = (
    "ISLAMABAD, May 3 (Agency): The cabinet on Friday approved a plan to build twelve new dams on the "
    "Indus river over the next decade, Water Minister Farah Qureshi told a news conference. The plan, "
    "costing about 900 billion rupees, will be paid for by a levy on electricity bills and a loan from "
    "the Asian Development Bank. Qureshi said the first two dams would be finished by 2027 and would "
    "store enough water to irrigate 400,000 acres. Opposition leader Imran Baig called the levy unfair "
    "to poor households and said his party would challenge it in parliament next week."
)
WHOLE = (
    "ISLAMABAD: The federal cabinet approved on Friday a plan to build twelve new dams on the Indus over "
    "the next ten years, Water Minister Farah Qureshi told reporters. The plan, costing about 900 "
    "billion rupees, will be paid for by a levy on electricity bills and a loan from the Asian "
    "Development Bank. Qureshi said the first two dams would be finished by 2027. Opposition leader "
    "Imran Baig called the levy unfair to poor households."
)
PARTIAL = (
    "Farmers in Sindh have waited thirty years for more water, and many of them doubt that this time "
    "will be different. In the village of Thari, Ghulam Nabi showed our reporter fields that have lain "
    "dry since the canal silted up in 2019, and the school that closed when families left. "
    "The cabinet on Friday approved a plan to build twelve new dams on the Indus river over the next "
    "decade, Water Minister Farah Qureshi told a news conference. "
    "Nabi said he had heard such promises from every government he could remember, and that he would "
    "believe in the dams when he saw water in his fields again."
)
COPY_OF_COPY = (
    "The federal cabinet approved on Friday a plan to build twelve new dams on the Indus over the next "
    "ten years, Water Minister Farah Qureshi told reporters. The plan, costing about 900 billion "
    "rupees, will be paid for by a levy on electricity bills and a loan from the Asian Development "
    "Bank. Qureshi said the first two dams would be finished by 2027. Opposition leader Imran Baig "
    "called the levy unfair to poor households."
)
INDEPENDENT = (
    "Pakistan will spend 900 billion rupees on a dozen dams along the Indus, ministers decided on "
    "Friday. Speaking to journalists, Farah Qureshi, who holds the water portfolio, argued that "
    "storage was the country's most urgent need. Critics led by Imran Baig say consumers will bear "
    "the cost through a surcharge on power bills; a vote is expected in parliament."
)


def _articles() -> list[cp.Article]:
    return [
        cp.Article("wire", WIRE, date(2024, 5, 3), "agency.pk"),
        cp.Article("whole", WHOLE, date(2024, 5, 4), "daily.pk"),
        cp.Article("partial", PARTIAL, date(2024, 5, 5), "weekly.pk"),
        cp.Article("copy2", COPY_OF_COPY, date(2024, 5, 6), "blog.pk"),
    ]


INDEP = cp.Article("indep", INDEPENDENT, date(2024, 5, 4), "times.pk")


def test_normalise_maps_every_kept_character_back_to_the_text() -> None:
    text = "Ab-c 12, دے"
    n = cp.normalise(text)
    assert n.chars == "abc12دے"
    assert "".join(text[o] for o in n.offsets).casefold() == n.chars


def test_reuse_features_ignore_spacing_and_punctuation() -> None:
    feats = cp.reuse_features("کے لئے آج میچ ہوگا، کپتان نے کہا", "کےلئے آج میچ ہوگا کپتان نےکہا")
    assert feats[0] == pytest.approx(1.0) and feats[1] == pytest.approx(1.0)


def test_passages_slice_the_reused_text_in_both_articles() -> None:
    found = cp.passages(WIRE, PARTIAL)
    assert len(found) == 1
    p = found[0]
    assert PARTIAL[p.derived_start : p.derived_end].startswith("The cabinet on Friday approved")
    assert WIRE[p.source_start : p.source_end].startswith("The cabinet on Friday approved")
    assert WIRE[p.source_start : p.source_end].endswith("news conference")


def test_find_copies_kinds_directions_and_copy_of_a_copy() -> None:
    found = {(c.source, c.derived): c for c in cp.find_copies(_articles())}
    assert set(found) == {("wire", "whole"), ("wire", "partial"), ("whole", "copy2")}
    assert found[("wire", "whole")].kind == "whole" and found[("wire", "partial")].kind == "partial"
    assert found[("wire", "whole")].share > 0.8 > found[("wire", "partial")].share > 0.2
    assert all(c.how == "date" for c in found.values())


@pytest.mark.parametrize(
    ("a_date", "b_date", "b_text", "expected"),
    [
        (date(2024, 1, 2), date(2024, 1, 1), WHOLE, (1, "date")),
        (None, None, "As first reported by Agency, " + WHOLE, (0, "citation")),
        (None, None, WHOLE, (0, "containment")),
    ],
)
def test_direction_dates_then_citations_then_containment(
    a_date: date | None, b_date: date | None, b_text: str, expected: tuple[int, str]
) -> None:
    assert cp.direction((WIRE, a_date, "Agency"), (b_text, b_date, "Daily")) == expected


def test_candidate_copies_pair_the_copies() -> None:
    pairs = cp.candidate_copies(_articles())
    assert (0, 1) in pairs and (1, 3) in pairs


@pytest.mark.xfail(
    strict=True,
    reason="known limit: the reuse model is calibrated on Urdu (COUNTER); a short English "
    "independent report sharing names, numbers and stock phrases reads as partly derived",
)
def test_find_copies_independent_report_is_no_copy() -> None:
    found = cp.find_copies([*_articles(), INDEP])
    assert not any("indep" in (c.derived, c.source) for c in found)


def _store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with Store(path) as store:
        for a in _articles():
            store.db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, NULL, NULL, ?, ?, ?)",
                [a.id, a.site, str(a.date), a.text, "h" + a.id, a.id],
            )
    return path


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_cli_corpus_copies_renders_each_format(tmp_path: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["corpus", "copies", str(_store(tmp_path)), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["schema"] == "newsaudit.copies/1"
        copy = next(c for c in data["copies"] if c["derived"] == "partial")
        assert set(copy) >= {"source", "derived", "kind", "share", "passages"}
        p = copy["passages"][0]
        assert PARTIAL[p["derived_start"] : p["derived_end"]].startswith("The cabinet")
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert {(r["source"], r["derived"]) for r in rows} == {
            ("wire", "whole"),
            ("wire", "partial"),
            ("whole", "copy2"),
        }


COUNTER = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "counter-text-reuse" / "counter_pairs.jsonl"
)


@pytest.mark.data
@pytest.mark.skipif(not COUNTER.is_file(), reason="COUNTER data absent")
def test_eval_reuse_counter_grouped_cv_floors() -> None:
    from floors import check_floors, floors
    from newsaudit.evaluation.reuse import evaluate

    result = evaluate(COUNTER, cv_folds=floors("reuse_counter")["folds"])
    check_floors("reuse_counter", result.metrics)
