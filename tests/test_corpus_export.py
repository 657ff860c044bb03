"""Store tables and their exports: flat findings with offsets that slice, files pandas loads."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from corpus_helpers import HAND_TEXT, hand_articles
from newsaudit.article import Article
from newsaudit.cli import main
from newsaudit.corpus import Store
from newsaudit.corpus.export import export_table
from newsaudit.corpus.work import Outcome
from newsaudit.errors import SettingsError
from newsaudit.report.build import build_report

TEXT = HAND_TEXT


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    report = build_report(hand_articles()["x1"]).to_json(indent=None)
    outcomes = [
        Outcome("x1", "k1", "h1", "in.jsonl:1", {"site": "example.com"}, report),
        Outcome("x2", "k2", "h2", "in.jsonl:2", {}, code="E004", message="not English"),
    ]
    with Store(tmp_path / "store") as st:
        st.write(outcomes)
        st.write(outcomes)  # written twice (a resumed run): replaced, not duplicated
    return tmp_path / "store"


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "csv"])
@pytest.mark.parametrize("table", ["attributions", "claims", "denials", "techniques"])
def test_export_table_finding_rows_carry_id_and_offsets_that_slice(
    store: Path, tmp_path: Path, table: str, fmt: str
) -> None:
    out = tmp_path / f"{table}.{fmt}"
    expected = {
        "attributions": ["The minister said the plant was safe", "Residents denied it"],
        "claims": ["The minister said the plant was safe."],
        "denials": ["Residents denied it."],
        "techniques": ["radical regime"],
    }[table]
    assert export_table(store, table, fmt, out) == len(expected)
    df = {"parquet": pd.read_parquet, "jsonl": lambda p: pd.read_json(p, lines=True), "csv": pd.read_csv}[
        fmt
    ](out)
    assert set(df["id"]) == {"x1"}
    assert [TEXT[s:e] for s, e in zip(df["start"], df["end"], strict=True)] == expected


def test_store_attribution_rows_slice_each_part(store: Path) -> None:
    with Store(store, read_only=True) as st:
        rows = st.query(
            "SELECT source_start, source_end, source_text, cue_start, cue_end, content_start, content_end, source_type FROM attributions ORDER BY attribution_id"
        )
    assert [(TEXT[r[0] : r[1]], r[2], TEXT[r[3] : r[4]], TEXT[r[5] : r[6]], r[7]) for r in rows] == [
        ("The minister", "The minister", "said", "the plant was safe", "named_person"),
        ("Residents", "Residents", "denied", "it", "anonymous"),
    ]


def test_export_reports_jsonl_is_one_object_per_report(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports.jsonl"
    export_table(store, "reports", "jsonl", out)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    obj = json.loads(line)
    assert set(obj) == {"id", "schema", "report"}
    assert obj["report"]["text"] == TEXT and obj["schema"] == obj["report"]["schema"]
    assert pd.read_json(out, lines=True).loc[0, "id"] == "x1"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_articles_and_failures_load_into_pandas(store: Path, tmp_path: Path, fmt: str) -> None:
    read = pd.read_parquet if fmt == "parquet" else pd.read_csv
    export_table(store, "articles", fmt, tmp_path / f"a.{fmt}")
    export_table(store, "failures", fmt, tmp_path / f"f.{fmt}")
    articles, failures = read(tmp_path / f"a.{fmt}"), read(tmp_path / f"f.{fmt}")
    assert list(articles["id"]) == ["x1", "x2"] and articles.loc[0, "text"] == TEXT
    assert failures.to_dict("records") == [
        {"id": "x2", "key": "k2", "code": "E004", "message": "not English", "name": "in.jsonl:2"}
    ]


def test_store_status_counts_without_duplicates(store: Path) -> None:
    with Store(store, read_only=True) as st:
        assert st.status() == {
            "articles": 2,
            "reports": 1,
            "failures": 1,
            "duplicates": 0,
            "by_code": {"E004": 1},
        }


def test_store_write_replaces_a_failure_by_a_report(store: Path) -> None:
    report = build_report(Article.from_text("Fine now.")).to_json(indent=None)
    with Store(store) as st:
        st.write([Outcome("x2", "k3", "h3", "in.jsonl:2", {}, report)])
        assert st.status()["failures"] == 0 and st.status()["reports"] == 2


def test_export_table_refuses_unknown_table_and_format(store: Path, tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        export_table(store, "secrets", "csv", tmp_path / "x")
    with pytest.raises(SettingsError):
        export_table(store, "reports", "xlsx", tmp_path / "x")


def test_cli_corpus_export_writes_parquet(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.parquet"
    result = CliRunner().invoke(
        main, ["corpus", "export", str(store), "--table", "techniques", "--format", "parquet", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert pd.read_parquet(out).loc[0, "label"] == "Loaded_Language"


def test_store_reindex_rebuilds_finding_tables_from_reports(store: Path) -> None:
    with Store(store) as st:
        st.db.execute("DELETE FROM attributions")
        st.db.execute("DELETE FROM techniques WHERE id = 'x1'")
        assert st.reindex(chunk=1) == 1
        assert (st.count("attributions"), st.count("techniques"), st.count("claims")) == (2, 1, 1)


def test_cli_corpus_reindex(store: Path) -> None:
    result = CliRunner().invoke(main, ["corpus", "reindex", str(store)])
    assert result.exit_code == 0 and "from 1 reports" in result.output
