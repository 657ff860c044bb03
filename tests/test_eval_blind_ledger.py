"""Tests of the blind-ledger scorer on hand-built articles (no model runs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsaudit.article import Article, Attribution, Denial, Score, Span, Technique
from newsaudit.errors import EvalDataError
from newsaudit.evaluation.blind_ledger import (
    ItemScore,
    concordance,
    heads,
    ledger_pairs,
    locate,
    metrics_of,
    read_gold,
    result_of,
    score_article,
)

TEXT = (
    "Maria Okonjo, the health minister, said the clinics would reopen on Monday morning. "
    "She added that the vaccine stock had doubled since last year. "
    "Harlan & Voss denied that its plant had leaked any chemicals into the river. "
    "The so-called reform committee met again."
)


def _span(phrase: str, label: str = "") -> Span:
    start = TEXT.index(phrase)
    return Span(start, start + len(phrase), label)


def _article(**layers: Any) -> Article:
    a1 = Attribution(
        "a1",
        _span("Maria Okonjo, the health minister"),
        "named_person",
        _span("said"),
        _span("the clinics would reopen on Monday morning"),
        name="Maria Okonjo",
    )
    a2 = Attribution(
        "a2",
        _span("She"),
        "anonymous",
        _span("added"),
        _span("that the vaccine stock had doubled since last year"),
    )
    base: dict[str, Any] = {"attributions": (a1, a2), "score": Score(60, "mixed")}
    return Article(raw=TEXT, text=TEXT, **(base | layers))


def _statement(source: str, full: str, types: list[str], content: str) -> dict[str, Any]:
    return {"source": source, "source_full": full, "types": types, "cue": "said", "content": content}


GOLD: dict[str, Any] = {
    "statements": [
        _statement(
            "Maria Okonjo", "Maria Okonjo", ["named_person"], "clinics would reopen on Monday morning"
        ),
        _statement("She", "Maria Okonjo", ["named_person"], "the vaccine stock had doubled since last year"),
        _statement(
            "Harlan & Voss", "Harlan & Voss", ["named_organization"], "its plant had leaked any chemicals"
        ),
    ],
    "denials": [
        {"denier": "Harlan & Voss", "cue": "denied", "denied": "its plant had leaked any chemicals into"}
    ],
    "loaded_phrases": ["so-called reform committee"],
    "neutral_phrases": ["health minister"],
    "sourcing_tier": 3,
}


def test_score_article_counts_found_type_and_name() -> None:
    item = score_article("x", _article(), GOLD)
    assert item.found == 2
    assert item.count("type_right") == 1  # "She" typed anonymous
    assert item.count("name_right") == 1  # "She" has no name
    assert any("type/name wrong" in m and "'She'" in m for m in item.misses)
    assert any("statement missed" in m and "Harlan" in m for m in item.misses)


def test_score_article_matches_one_entry_to_one_statement() -> None:
    gold = dict(GOLD, statements=[GOLD["statements"][0], GOLD["statements"][0]])
    item = score_article("x", _article(), gold)
    assert item.found == 1


def test_score_article_prefers_the_entry_with_the_right_name() -> None:
    content = _span("the clinics would reopen on Monday morning")
    relay = Attribution("a3", _span("She"), "anonymous", None, content)
    article = _article(attributions=(relay, _article().attributions[0]))
    item = score_article("x", article, dict(GOLD, statements=GOLD["statements"][:1]))
    assert item.statements[0].entry == "a1"


def test_score_article_below_half_coverage_is_not_found() -> None:
    short = Attribution("a1", _span("Maria Okonjo"), "named_person", None, _span("Monday morning"))
    item = score_article("x", _article(attributions=(short,)), dict(GOLD, statements=GOLD["statements"][:1]))
    assert item.found == 0


def test_score_article_pairs_a_denial_stating_what_it_denies() -> None:
    denial = Denial(
        "d1", _span("Harlan & Voss denied that its plant had leaked any chemicals into the river")
    )
    item = score_article("x", _article(denials=(denial,)), GOLD)
    assert (item.denials, item.denials_paired) == (1, 1)


def test_score_article_unpaired_denial_is_a_miss() -> None:
    item = score_article("x", _article(), GOLD)
    assert item.denials_paired == 0
    assert any(m.startswith("denial unpaired") for m in item.misses)


@pytest.mark.parametrize(
    ("label", "found", "alarms"),
    [("Loaded_Language", 1, 0), ("Name_Calling,Labeling", 1, 0), ("Doubt", 0, 0)],
)
def test_score_article_loaded_phrases_by_label(label: str, found: int, alarms: int) -> None:
    tech = Technique(_span("so-called", label))
    item = score_article("x", _article(techniques=(tech,)), GOLD)
    assert (item.loaded_found, item.false_alarms) == (found, alarms)


def test_score_article_flags_false_alarm_on_neutral_phrase() -> None:
    tech = Technique(_span("the health minister", "Loaded_Language"))
    item = score_article("x", _article(techniques=(tech,)), GOLD)
    assert item.false_alarms == 1


def test_score_article_relay_needs_the_right_parent() -> None:
    a1, a2 = _article().attributions
    relayed = Attribution("a2", a2.source, a2.source_type, a2.cue, a2.content, parent="a1")
    gold_st = dict(GOLD["statements"][1], relayed_by="Maria Okonjo")
    item = score_article("x", _article(attributions=(a1, relayed)), dict(GOLD, statements=[gold_st]))
    assert item.statements[0].relay_right and item.relays_found == 1


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Maria Okonjo", {"okonjo", "mo"}),
        ("the Ministry of Health", {"ministry"}),
        ("a source familiar with the matter", {"source"}),
        ("Northern Rail Safety Board (NRSB)", {"board", "nrsb"}),
        ("the minister's office", {"office"}),
    ],
)
def test_heads_names_the_head_and_acronym(full: str, expected: set[str]) -> None:
    assert expected <= heads(full)


def test_locate_folds_whitespace_and_searches_forward() -> None:
    text = "one two\nthree. one two three."
    assert locate(text, "one two three") == (0, 13)
    assert locate(text, "one two three", after=5) == (15, 28)
    assert locate(text, "four") is None


def test_concordance_counts_pairs_of_different_tiers() -> None:
    items = [ItemScore("a", 5, 90), ItemScore("b", 1, 20), ItemScore("c", 3, 95), ItemScore("d", 3, 10)]
    # pairs with different tiers: a-b ok, a-c wrong, a-d ok, b-c ok, b-d wrong
    assert concordance(items) == pytest.approx(3 / 5)


def test_metrics_of_reports_tier_means_and_result_lists_misses() -> None:
    items = [score_article("x", _article(), GOLD)]
    metrics = metrics_of(items)
    assert metrics["tier3_mean_score"] == 60
    assert metrics["found"] == pytest.approx(2 / 3)
    result = result_of(items)
    assert result.rows[-1][0] == "all"
    assert any("statement missed" in n for n in result.notes)


def test_ledger_pairs_and_read_gold_refuse_bad_folders(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError):
        ledger_pairs(tmp_path)
    (tmp_path / "01_a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "01_a.json").write_text(json.dumps({"statements": []}), encoding="utf-8")
    assert [p[0] for p in ledger_pairs(tmp_path)] == ["01_a"]
    with pytest.raises(EvalDataError):
        read_gold(tmp_path / "01_a.json")


def test_cli_blind_ledger_refuses_a_folder_without_pairs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsaudit.cli import main

    result = CliRunner().invoke(main, ["eval", "blind-ledger", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "E030" in result.output


@pytest.mark.slow
def test_cli_blind_ledger_audits_and_scores_a_batch(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsaudit.cli import main

    text = (
        "Clinics to reopen\n\nMaria Okonjo, the health minister, said the clinics would reopen on "
        "Monday morning. She added that the vaccine stock had doubled since last year.\n"
    )
    (tmp_path / "01_clinics.txt").write_text(text, encoding="utf-8")
    gold = {
        "statements": GOLD["statements"][:2],
        "denials": [],
        "loaded_phrases": [],
        "neutral_phrases": [],
        "sourcing_tier": 4,
    }
    (tmp_path / "01_clinics.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "blind-ledger", "--dir", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output.strip().splitlines()[-1])
    assert metrics["found"] == 1.0
    assert metrics["type_right"] == 1.0  # "She" is Maria Okonjo, a named person
