"""Tests for the PolNeAR attribution evaluation: brat reading, matching conventions, CI gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from floors import check_floors, floors
from newsaudit.article import Attribution, Span
from newsaudit.errors import EvalDataError
from newsaudit.evaluation.attribution import (
    GoldAttribution,
    Tally,
    article_files,
    evaluate,
    greedy_overlap,
    metrics_of,
    read_brat,
    score_article,
    trim_range,
)

ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 20;25 30\tfirst bit second\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 40 60\ta quote that runs\nover a line break\n"
    "T6\tCue 61 69\tassumed\n"
    "T7\tAttribution-no-source 61 69\tassumed\n"
    "E2\tAttribution-no-source:T7 Content:T5 Cue:T6\n"
    "T8\tDiscard 70 75\tnoise\n"
)


def test_read_brat_reads_fragments_and_sourceless_relations(tmp_path: Path) -> None:
    path = tmp_path / "a_x.ann"
    path.write_text(ANN, encoding="utf-8")
    rels = read_brat(path)
    assert rels == [
        GoldAttribution(source=((0, 5),), cue=((6, 10),), content=((11, 20), (25, 30))),
        GoldAttribution(source=(), cue=((61, 69),), content=((40, 60),)),
    ]


def test_article_files_takes_first_annotator_once(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text("x", encoding="utf-8")
    for annotator in ("b2", "a1"):
        (tmp_path / "attributions" / f"story_{annotator}.ann").write_text("", encoding="utf-8")
    pairs = article_files(tmp_path)
    assert [(t.name, a.name) for t, a in pairs] == [("story.txt", "story_a1.ann")]


def test_article_files_rejects_folder_without_splits(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="not a PolNeAR split"):
        article_files(tmp_path)


@pytest.mark.parametrize(
    ("text", "rng", "expected"),
    [
        ('x "Quoted words," y', (2, 17), "Quoted words"),
        ("  spaced out  ", (0, 14), "spaced out"),
        ("(Smith)", (0, 7), "Smith"),
        ("said", (0, 4), "said"),
    ],
)
def test_trim_range_strips_punctuation_and_marks(text: str, rng: tuple[int, int], expected: str) -> None:
    a, b = trim_range(text, rng)
    assert text[a:b] == expected


def test_greedy_overlap_is_one_to_one() -> None:
    pred = {(0, 10), (5, 12)}
    gold = {(4, 11)}
    assert greedy_overlap(pred, gold) == 1
    assert greedy_overlap({(0, 3)}, {(3, 6)}) == 0


def _attr(text: str, source: str, cue: str, content: str) -> Attribution:
    def span(s: str) -> Span:
        i = text.index(s)
        return Span(i, i + len(s))

    return Attribution("a1", span(source), "named_person", span(cue), span(content))


TEXT = 'Smith said "the plan is dead," and Jones agreed.'


@pytest.mark.parametrize(
    ("pred", "key", "expected"),
    [
        # exact after trimming: the quote marks and comma do not matter
        (("Smith", "said", "the plan is dead"), "content_f1_exact", 1.0),
        (("Smith", "said", '"the plan is dead,"'), "content_f1_exact", 1.0),
        # a shorter content misses exact but still overlaps
        (("Smith", "said", "the plan"), "content_f1_exact", 0.0),
        (("Smith", "said", "the plan"), "content_f1_overlap", 1.0),
        (("Smith", "said", "the plan"), "content_r_token", 0.5),
        (("Smith", "said", "the plan"), "content_p_token", 1.0),
        # linked source needs the cue to overlap as well
        (("Smith", "said", "the plan"), "source_f1_linked", 1.0),
        (("Smith", "agreed", "the plan"), "source_f1_linked", 0.0),
        (("Smith", "agreed", "the plan"), "source_f1_exact", 1.0),
    ],
)
def test_score_article_conventions(pred: tuple[str, str, str], key: str, expected: float) -> None:
    s, c, t = TEXT.index("Smith"), TEXT.index("said"), TEXT.index('"the')
    gold = [GoldAttribution(source=((s, s + 5),), cue=((c, c + 4),), content=((t, t + 19),))]
    tally = Tally()
    score_article(TEXT, [_attr(TEXT, *pred)], gold, tally)
    assert metrics_of(tally)[key] == pytest.approx(expected)


def test_score_article_content_token_ignores_own_source_and_cue() -> None:
    text = '"Stop it," he said, "right now."'
    gold = [GoldAttribution(source=((11, 13),), cue=((14, 18),), content=((0, 10), (20, 32)))]
    pred = [Attribution("a1", Span(11, 13), "named_person", Span(14, 18), Span(0, 32))]
    tally = Tally()
    score_article(text, pred, gold, tally)
    m = metrics_of(tally)
    assert m["content_f1_token"] == pytest.approx(1.0)
    assert m["content_f1_exact"] == pytest.approx(1.0)


def test_score_article_counts_missed_and_spurious() -> None:
    tally = Tally()
    gold = [GoldAttribution(source=((0, 5),), cue=((6, 10),), content=((11, 30),))]
    score_article(TEXT, [], gold, tally)
    score_article(TEXT, [_attr(TEXT, "Jones", "agreed", "Smith said")], [], tally)
    m = metrics_of(tally)
    assert m["source_p_exact"] == 0.0 and m["source_r_exact"] == 0.0
    assert m["attributions_gold"] == 1 and m["attributions_pred"] == 1


# The gate's floors and sample size live in eval/floors.toml ("attribution").


@pytest.mark.slow
@pytest.mark.data
def test_evaluate_holds_floors_on_ten_dev_articles(data_dir: Path) -> None:
    split = data_dir / "polnear" / "dev"
    if not split.is_dir():
        pytest.skip("PolNeAR dev split is not present")
    limit = floors("attribution")["limit"]
    result = evaluate(split, limit=limit)
    assert result.metrics["articles"] == limit
    check_floors("attribution", result.metrics)
