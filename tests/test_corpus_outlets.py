"""Outlet profiles over a hand-built store: counts, score distribution, shares, rates."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_helpers import HAND_TEXT, OTHER_TEXT, hand_store
from newsaudit.cli import main
from newsaudit.corpus.outlets import load_factuality, outlet_profiles, profiles_csv
from newsaudit.corpus.store import self_report_sources


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    return hand_store(tmp_path / "store")


def test_outlet_profiles_counts_and_shares_per_site(store: Path) -> None:
    a, b = outlet_profiles(store)
    assert (a.site, a.articles, a.failures, b.site, b.articles, b.failures) == ("a.com", 2, 0, "b.com", 1, 1)
    assert (a.score_mean, a.score_median, a.score_p25, a.score_p75) == (60.0, 60.0, 50.0, 70.0)
    assert a.score_histogram == [0, 0, 0, 0, 1, 0, 0, 0, 1, 0]
    assert (a.statements, a.unnamed_share) == (3, round(2 / 3, 4))
    assert (a.claims, a.denial_carried_share) == (2, 0.5)
    words = len(HAND_TEXT.split()) + len(OTHER_TEXT.split())
    assert a.techniques_per_1000_words == round(1000 / words, 2)
    assert (b.statements, b.unnamed_share, b.claims, b.denial_carried_share) == (0, None, 0, None)
    assert b.techniques_per_1000_words == 0.0


def test_outlet_profiles_self_report_share_when_reports_carry_it(store: Path) -> None:
    assert outlet_profiles(store)[0].self_report_share is None  # these reports do not carry it
    from newsaudit.corpus import Store

    with Store(store) as st:
        st.db.execute("UPDATE attributions SET self_report = (attribution_id = 'a1') WHERE id = 'x1'")
    assert outlet_profiles(store)[0].self_report_share == 0.5


def test_outlet_profiles_attach_factuality_labels(store: Path) -> None:
    profiles = outlet_profiles(store, {"a.com": "low"})
    assert [p.factuality for p in profiles] == ["low", None]


def test_profiles_csv_has_one_row_per_site(store: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(profiles_csv(outlet_profiles(store)))))
    assert [r["site"] for r in rows] == ["a.com", "b.com"]
    assert rows[0]["score_histogram"] == "0 0 0 0 1 0 0 0 1 0"


def test_load_factuality_reads_baly_then_mbfc(tmp_path: Path) -> None:
    (tmp_path / "baly2020_acl2020_corpus.tsv").write_text(
        "source_url\tsource_url_normalized\tref\tfact\tbias\nhttp://www.breitbart.com\tbreitbart.com\tx\tlow\tright\n"
    )
    (tmp_path / "idiap_mbfc.csv").write_text(
        "source,country,bias,factual_reporting\nbreitbart.com,usa,right,mixed\nnytimes.com,usa,left-center,high\nx.org,,,very low\n"
    )
    assert load_factuality(tmp_path) == {"breitbart.com": "low", "nytimes.com": "high", "x.org": "low"}


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_cli_corpus_outlets_renders_each_format(store: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["corpus", "outlets", str(store), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert [o["site"] for o in json.loads(result.stdout)["outlets"]] == ["a.com", "b.com"]
    elif fmt == "html":
        assert "<table" in result.stdout and "a.com" in result.stdout


def test_self_report_sources_read_the_independence_dimension() -> None:
    reasons = [{"text": "t", "effect": -5, "dimension": "independence", "spans": [{"start": 0, "end": 12}]}]
    scored = {
        "score": {"dimensions": [{"name": "independence", "value": 40, "reasons": reasons, "limits": []}]}
    }
    assert self_report_sources(scored) == {(0, 12)}
    assert self_report_sources({"score": {"value": None, "dimensions": []}}) is None
