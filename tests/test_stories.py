"""Story grouping (corpus/stories.py): blocking, average linkage, stories of a store, the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from newsaudit.cli import main
from newsaudit.corpus import Store
from newsaudit.corpus import stories as st

FIRE_A = (
    "A fire tore through a warehouse on Elm Street in Springfield on Tuesday night, and firefighter "
    "Maria Lopez was treated for smoke inhalation. Chief Dan Okafor said the blaze at the Hartwell "
    "Paper depot started near a loading dock. Three engines fought the flames for four hours."
)
FIRE_A2 = (
    "Firefighter Maria Lopez was hurt when flames swept the Hartwell Paper depot on Elm Street, "
    "Springfield, late Tuesday. Fire chief Dan Okafor said crews from three engines battled the "
    "warehouse blaze for four hours before it was out."
)
FIRE_A3 = (
    "Springfield: the Hartwell Paper warehouse on Elm Street burned on Tuesday. Chief Dan Okafor "
    "told reporters that Maria Lopez, a firefighter, inhaled smoke and was taken to hospital."
)
FIRE_B = (
    "A house fire on Oak Avenue in Springfield killed a dog on Thursday. Homeowner Peter Brandt "
    "said a space heater tipped over in the basement. Fire captain Lena Voss said nobody was hurt."
)
FIRE_B2 = (
    "Peter Brandt lost his dog when his Oak Avenue house in Springfield caught fire Thursday. "
    "Captain Lena Voss blamed a space heater in the basement; no people were hurt."
)
MATCH = (
    "The Springfield Owls beat the Riverton Hawks 3-1 on Saturday. Striker Kofi Mensah scored twice "
    "and goalkeeper Ivo Petrov saved a penalty in the second half at Memorial Stadium."
)


def _docs() -> list[st.StoryDoc]:
    rows = [
        ("a1", FIRE_A, "Warehouse fire injures firefighter - Springfield Post", "2024-03-05", "post.com"),
        ("a2", FIRE_A2, "Firefighter hurt at Elm Street depot", "2024-03-06", "news.com"),
        ("a3", FIRE_A3, "Hartwell Paper warehouse burns", "2024-03-06", "tv.com"),
        ("b1", FIRE_B, "House fire on Oak Avenue", "2024-03-07", "post.com"),
        ("b2", FIRE_B2, "Dog dies in Oak Avenue fire :: News", "2024-03-08", "news.com"),
        ("c1", MATCH, "Owls beat Hawks", "2024-03-09", "sport.com"),
    ]
    return [st.StoryDoc(i, t, ti, st.parse_date(d), s) for i, t, ti, d, s in rows]


def test_cluster_labels_keep_same_kind_events_apart() -> None:
    labels = st.cluster_labels(_docs())
    a1, a2, a3, b1, b2, c1 = labels
    assert a1 == a2 == a3
    assert b1 == b2
    assert len({a1, b1, c1}) == 3


def test_group_stories_origin_is_the_earliest_article() -> None:
    stories = st.group_stories(_docs())
    assert [s.articles for s in stories] == [("a1", "a2", "a3"), ("b1", "b2")]
    assert [s.origin for s in stories] == ["a1", "b1"]
    assert stories[0].title == "Warehouse fire injures firefighter"  # site suffix dropped
    assert stories[0].id == st.group_stories(list(reversed(_docs())))[0].id  # stable id


def test_candidate_pairs_block_instead_of_comparing_all_pairs() -> None:
    docs = _docs()
    rep = st.represent(docs)
    pairs = {tuple(p) for p in st.candidate_pairs(rep, block_terms=12, max_block=60).tolist()}
    assert {(0, 1), (0, 2), (1, 2), (3, 4)} <= pairs
    assert (2, 5) not in pairs and len(pairs) < len(docs) * (len(docs) - 1) // 2


def test_candidate_pairs_skip_blocks_over_the_cap() -> None:
    docs = [
        st.StoryDoc(str(i), f"Mayor Quimby spoke on day {i} about budget item {i * 7}.") for i in range(6)
    ]
    rep = st.represent(docs)
    assert len(st.candidate_pairs(rep, block_terms=3, max_block=2)) == 0


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(0.3, [0, 0, 0, 0]), (0.5, [0, 0, 2, 2]), (0.92, [0, 0, 2, 3])],
)
def test_average_linkage_merges_while_the_mean_link_is_above_threshold(
    threshold: float, expected: list[int]
) -> None:
    # 0-1 merge first (0.95), then 2-3 (0.9); {0,1} and {2,3} have links 0.6 + 0.7 over
    # four pairs: mean 0.325, so they join only below that.
    pairs = np.array([[0, 1], [0, 2], [1, 2], [2, 3]])
    sims = np.array([0.95, 0.6, 0.7, 0.9])
    labels = st.average_linkage(4, pairs, sims, threshold)
    # the same partition, whatever the label numbers
    assert [labels.index(x) for x in labels] == [expected.index(x) for x in expected]


def test_parse_date_reads_iso_and_refuses_the_rest() -> None:
    assert st.parse_date("2024-03-05T10:00:00Z") == date(2024, 3, 5)
    assert st.parse_date("05.03.24") is None and st.parse_date(None) is None


def test_clean_title_drops_a_trailing_site_name() -> None:
    assert (
        st.clean_title("Shooting sends victims to hospital - WAFF-TV: News")
        == "Shooting sends victims to hospital"
    )
    assert st.clean_title("Two shot near park :: WRAL.com") == "Two shot near park"
    assert st.clean_title("Shots fired - police") == "Shots fired - police"  # too short a head to cut


def _store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with Store(path) as store:
        for d in _docs():
            store.db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [d.id, d.site, str(d.date), None, d.title, d.text, "h" + d.id, d.id],
            )
        store.db.execute("INSERT INTO articles VALUES ('f1', 'x.com', NULL, NULL, NULL, NULL, 'h', 'f1')")
    return path


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_cli_corpus_stories_renders_each_format(tmp_path: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["corpus", "stories", str(_store(tmp_path)), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["schema"] == "newsaudit.stories/1"
        assert [(s["articles"], s["origin"]) for s in data["stories"]] == [
            (["a1", "a2", "a3"], "a1"),
            (["b1", "b2"], "b1"),
        ]
        assert set(data["stories"][0]) == {"id", "articles", "origin", "title"}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["article"], r["origin"]) for r in rows[:3]] == [("a1", "1"), ("a2", "0"), ("a3", "0")]
    else:
        assert "<table>" in result.stdout and "Hartwell" not in result.stdout.split("<table>")[0]


def test_stories_html_escapes_titles() -> None:
    page = st.stories_html([st.Story("s1", ("a", "b"), "a", "<script>x</script>")])
    assert "<script>x" not in page and "&lt;script&gt;" in page


def test_cli_corpus_stories_without_a_store_is_a_coded_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["corpus", "stories", str(tmp_path / "none")])
    assert result.exit_code == 2 and "E011" in result.output
