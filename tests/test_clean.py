"""Tests of the cleaner (newsaudit.components.clean)."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from newsaudit.article import Article, Meta
from newsaudit.components.clean import (
    MODEL_PATH,
    Cleaner,
    CleanResult,
    byline_author,
    clean_text,
    date_line,
    furniture_reason,
    load_model,
    main_block,
)
from newsaudit.errors import ModelError
from newsaudit.labels import REMOVAL_REASONS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_8bf4eebf52b24b88.txt"


def assert_contract(raw: str, result: CleanResult) -> None:
    """Check every promise clean_text makes about text, offsets and removals."""
    text = result.text
    covered = 0
    for t, r, n in result.offsets.segments:
        assert raw[r : r + n] == text[t : t + n]
        assert text[covered:t] in ("", "\n", "\n\n")  # only separators between segments
        covered = t + n
    assert covered == len(text)
    kept = text.split("\n")
    raw_lines = raw.split("\n")
    assert all(line == "" or line in {x.rstrip() for x in raw_lines} for line in kept)
    last_end = -1
    for removal in result.removed:
        span = removal.span
        assert removal.reason in REMOVAL_REASONS and span.label == removal.reason
        assert span.start > last_end
        last_end = span.end
        # Whole lines of raw, without the newline.
        assert span.start == 0 or raw[span.start - 1] == "\n"
        assert span.end == len(raw) or raw[span.end] in "\n \t\r"
        assert raw[span.start : span.end].strip()


def _generated_inputs(n: int) -> list[str]:
    rng = random.Random(7)
    pool = [
        "4 2,383",
        "- Advertisement -",
        "Subscribe to our newsletter",
        "Home > World > Europe",
        "By Jane Doe",
        "March 3, 2024",
        "The minister said the plan would be published next week, officials confirmed on Monday.",
        "Short line",
        "“We are ready,” she said.",
        "   indented line with spaces   ",
        "Tags: a, b",
        "",
        "   ",
        "\t",
        "Ünïcödé — text… with “quotes”",
        "x" * 300,
    ]
    out = []
    for _ in range(n):
        lines = [rng.choice(pool) for _ in range(rng.randint(0, 25))]
        sep = rng.choice(["\n", "\n\n", "\r\n"])
        out.append(sep.join(lines) + rng.choice(["", "\n", "  \n\n"]))
    return out


@pytest.mark.parametrize("raw", _generated_inputs(300))
def test_clean_text_offsets_map_text_back_to_raw(raw: str) -> None:
    assert_contract(raw, clean_text(raw))


@pytest.mark.parametrize("raw", ["", "\n\n", "   \n\t\n"])
def test_clean_text_blank_input_gives_empty_text(raw: str) -> None:
    result = clean_text(raw)
    assert result.text == "" and result.removed == () and result.offsets.segments == ()


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("First paragraph is here and it is long enough to be prose.\nSecond line of it, also prose here.",
         "First paragraph is here and it is long enough to be prose.\nSecond line of it, also prose here."),
        ("One paragraph of prose, long enough to count as such.\n\nAnother paragraph, long enough too.",
         "One paragraph of prose, long enough to count as such.\n\nAnother paragraph, long enough too."),
        ("A paragraph of prose that is long enough to count here.\n- Advertisement -\n"
         "A second paragraph of prose that is long enough too.",
         "A paragraph of prose that is long enough to count here.\n\n"
         "A second paragraph of prose that is long enough too."),
    ],
)  # fmt: skip
def test_clean_text_separators_follow_raw(raw: str, text: str) -> None:
    assert clean_text(raw).text == text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("4 2,383", "counter"),
        ("1.2K views", "counter"),
        ("Views: 5,000", "counter"),
        ("5 min read", "counter"),
        ("12 comments", "comments"),
        ("Comments (34)", "comments"),
        ("Leave a Reply", "comments"),
        ("- Advertisement -", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Subscribe to our newsletter", "prompt"),
        ("Sign up here to get the latest news, updates and special offers delivered directly to your inbox.",
         "prompt"),
        ("Get real time updates directly on you device, subscribe now.", "prompt"),
        ("Follow us on Twitter", "prompt"),
        ("Share this:", "prompt"),
        ("Facebook Twitter Email", "prompt"),
        ("Donate", "prompt"),
        ("Click here to read the full report", "prompt"),
        ("Tags: Netherlands, Shipping", "navigation"),
        ("Home > World > Europe", "navigation"),
        ("Home | News | Sport | Weather", "navigation"),
        ("Related: EU ministers to discuss port security", "related"),
        ("Read more: Shipping rates climb", "related"),
        ("You may also like", "related"),
        ("© 2024 Reuters. All rights reserved.", "copyright"),
        ("Copyright 2019 The Daily Planet", "copyright"),
    ],
)  # fmt: skip
def test_furniture_reason_names_the_furniture_class(line: str, reason: str) -> None:
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Residents who subscribe to the county's alert service received a text message on Monday.",
        "The two agencies share responsibility for the centres, which stay open until 10 p.m.",
        "Share prices fell 3 percent after the company said it would cut 2,000 jobs.",
        "Two responses to the crisis emerged from the summit in Brussels on Friday.",
        "Readers who want to follow the trial can sign up for alerts, the court said in a statement that "
        "also described how the hearing would be streamed and which documents would be given to the press.",
        "He said he would donate the money to a children's hospital in his home town.",
        "Home prices rose for a fifth month in a row, the data showed.",
        "Related charges were dropped last year after a judge ruled the search unlawful.",
        "In 2019, the company was sold for $4.2 billion to a private equity group.",
    ],
)  # fmt: skip
def test_furniture_reason_keeps_sentences_that_mention_furniture_words(line: str) -> None:
    assert furniture_reason(line) is None


def _fixture_names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.txt"))


def test_fixtures_are_present() -> None:
    assert len(_fixture_names()) >= 5


@pytest.mark.parametrize("name", _fixture_names())
def test_clean_text_fixture_removes_furniture_and_keeps_article(name: str) -> None:
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    result = clean_text(raw)
    assert_contract(raw, result)
    removed = {raw[r.span.start : r.span.end].strip() for r in result.removed}
    kept = {line.strip() for line in result.text.split("\n")}
    for line in expected["furniture"] + expected["meta_lines"]:
        assert line in removed, f"not removed: {line!r}"
    optional = set(expected.get("optional", []))
    for line in (ln.strip() for ln in raw.split("\n")):
        if line and line not in removed | optional:
            assert line in kept
        if line and line not in set(expected["furniture"]) | set(expected["meta_lines"]) | optional:
            assert line in kept, f"article line dropped: {line!r}"
    assert (result.meta.title, result.meta.author, result.meta.date) == (
        expected["title"],
        expected["author"],
        expected["date"],
    )


@pytest.mark.data
def test_clean_text_seed_removes_furniture_and_keeps_every_sentence() -> None:
    if not SEED.exists():
        pytest.skip("seed article not found in ../shared/seed")
    raw = SEED.read_text(encoding="utf-8")
    furniture = {
        "4 2,383",
        "- Advertisement -",
        "Subscribe to our newsletter",
        "Sign up here to get the latest news, updates and special offers delivered directly to your inbox.",
        "Get real time updates directly on you device, subscribe now.",
    }
    result = clean_text(raw)
    assert_contract(raw, result)
    removed = {raw[r.span.start : r.span.end].strip() for r in result.removed}
    assert removed == furniture
    for line in (ln.strip() for ln in raw.split("\n")):
        if line and line not in furniture:
            assert line in result.text


@pytest.mark.parametrize(
    "paragraph",
    [
        "Subscribers who share their passwords could soon pay more, the company said on Tuesday in a letter "
        "to investors that also described plans to follow rivals into advertising.",
        "Click-through rates on the donate buttons fell sharply, according to the charity's annual report, "
        "which blamed the change on a redesign of its home page.",
    ],
)
def test_clean_text_keeps_long_prose_with_furniture_words(paragraph: str) -> None:
    raw = f"Menu\nHome\nNews\nSport\n{paragraph}\nShare this:\nTwitter\nFacebook"
    assert paragraph in clean_text(raw).text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("March 3, 2024 10:15 AM GMT", "2024-03-03"),
        ("Updated: 2023-07-18", "2023-07-18"),
        ("15 Feb 2022", "2022-02-15"),
        ("Monday, November 05, 2012", "2012-11-05"),
        ("Published 12/03/2021", "Published 12/03/2021"),  # ambiguous: kept as found
        ("March is the month of the budget", None),
        ("As of 15:45 GMT, November 5th, Washington has not followed up.", None),
    ],
)
def test_date_line_reads_standalone_dates(line: str, expected: str | None) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(
    ("line", "after_headline", "author"),
    [
        ("By Jane Doe", False, "Jane Doe"),
        ("BY AARON BACK", False, "AARON BACK"),
        ("by randfish on January 31, 2011", False, "randfish"),
        ("Written by Sam Ortiz", False, "Sam Ortiz"),
        ("By Anna de Vries | Reuters", False, "Anna de Vries"),
        ("Anna de Vries | Reuters", True, "Anna de Vries"),
        ("Anna de Vries | Reuters", False, None),
        ("Jordan Ellis", True, "Jordan Ellis"),
        ("Jordan Ellis", False, None),
        ("By the end of the year, prices had doubled and the shops were empty.", False, None),
    ],
)
def test_byline_author_reads_names(line: str, after_headline: bool, author: str | None) -> None:
    assert byline_author(line, after_headline) == author


@pytest.mark.parametrize(
    ("counts", "block"),
    [
        ([1, 1, 40, 30, 2, 50, 1, 1], (2, 5)),
        ([1, 2, 1], (1, 1)),  # all short: the longest line
        ([100], (0, 0)),
    ],
)
def test_main_block_finds_densest_run(counts: list[int], block: tuple[int, int]) -> None:
    assert main_block(counts) == block


def test_load_model_refuses_other_features(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"feature_names": ["nope"]}), encoding="utf-8")
    with pytest.raises(ModelError):
        load_model.__wrapped__(bad)


def test_cleaner_returns_new_article_and_keeps_given_meta() -> None:
    raw = (
        "Dutch port strike halts traffic\nBy Anna de Vries\n"
        + "The strike went on, the union said on Sunday. " * 3
    )
    article = Article(raw=raw, text=raw, meta=Meta(title="Given title"))
    cleaner = Cleaner()
    cleaner.load()
    out = cleaner(article)
    assert out is not article and article.text == raw  # input untouched
    assert out.meta.title == "Given title"  # caller's meta wins
    assert out.meta.author == "Anna de Vries"
    assert [raw[r.span.start : r.span.end] for r in out.removed] == ["By Anna de Vries"]
    assert all(raw[r : r + n] == out.text[t : t + n] for t, r, n in out.offsets.segments)


# --------------------------------------------------------------- issue 9: metadata and line kinds

LEAD = (
    "The regional council voted on Tuesday to close the harbour bridge for six weeks of repairs.\n"
    "Engineers found corrosion in two of the main cables during an inspection last month, the council said.\n"
    "Drivers will be sent over the old ring road while the work goes on, officials added.\n"
)


@pytest.mark.parametrize(
    "before",
    ["2 hours ago", "Updated 14:02 GMT, 3 March 2026", "1.2K views 34 comments", "Show latest updates",
     "Pinned post", "Listen to this article · 6 min", "Photo: Jane Roe/Agency", "By Ana Lopez"],
)  # fmt: skip
def test_clean_text_title_is_never_a_furniture_line(before: str) -> None:
    raw = (
        f"Home | News | Sport\n{before}\nHarbour bridge to close for six weeks of repairs\n{before}\n\n{LEAD}"
    )
    assert clean_text(raw).meta.title == "Harbour bridge to close for six weeks of repairs"


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("Reporting by Ana Lopez; Editing by Tom Reed", "Reporting by Ana Lopez; Editing by Tom Reed"),
        ("Additional reporting by Callum Reith in London", "Additional reporting by Callum Reith in London"),
        ("(Writing by Mark Potter; editing by Jan Smit)", "(Writing by Mark Potter; editing by Jan Smit)"),
        (
            "The Associated Press contributed to this report.",
            "The Associated Press contributed to this report.",
        ),
    ],
)
def test_clean_text_end_of_story_credits_go_to_meta(line: str, credits: str) -> None:
    raw = f"Harbour bridge to close for six weeks of repairs\nBy Ana Lopez\n\n{LEAD}\n{line}\n"
    result = clean_text(raw)
    assert line not in result.text
    assert result.meta.credits == credits and result.meta.author == "Ana Lopez"
    assert all(s in result.text for s in LEAD.strip().split("\n"))


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ("By Dev Marlowe-Achebe, a senior reporter covering browsers and privacy.", "Dev Marlowe-Achebe"),
        ("Seren Lloyd-Pryce\nWales environment correspondent", "Seren Lloyd-Pryce"),
        ("Elena Vasquez-Thorne in New York", "Elena Vasquez-Thorne"),
        ("Hana Roswell (now) and Teodor Valk (earlier)", "Hana Roswell and Teodor Valk"),
    ],
)
def test_clean_text_bylines_leave_the_text(header: str, author: str) -> None:
    raw = f"Harbour bridge to close for six weeks of repairs\n{header}\n\n{LEAD}"
    result = clean_text(raw)
    assert result.meta.author == author
    assert all(line not in result.text for line in header.split("\n"))


@pytest.mark.parametrize(
    "line",
    [
        "PARIS, March 3 (Reuters) -",
        "BASEL, Switzerland, March 3, 2026 /PressWire/ --",
        "Ville-Haute, 3 March (AKP) –",
    ],
)
def test_clean_text_wire_dateline_lines_leave_the_text(line: str) -> None:
    raw = f"Harbour bridge to close for six weeks of repairs\n{line}\n{LEAD}"
    assert line not in clean_text(raw).text


@pytest.mark.parametrize(
    "sentence",
    [
        "Shares in the company fell 18 per cent after it said it had lost 1.2 million subscribers.",
        "The council is asking residents to sign up for the new food waste collection by March 31.",
        "Users can click a button to share the report, the company said in a statement on Monday.",
    ],
)
def test_clean_text_keeps_grammatical_sentences_with_interface_words(sentence: str) -> None:
    raw = f"Harbour bridge to close for six weeks of repairs\n\n{LEAD}{sentence}\n{LEAD}"
    assert sentence in clean_text(raw).text


@pytest.mark.parametrize(
    "line",
    ["Photo: Jane Roe/Agency", "Food caddies will be delivered from April (Image: District Council)",
     "Image caption, Firefighters used boats to reach residents on Tuesday", "Illustration by Rana Kessler / Bitstream"],
)  # fmt: skip
def test_clean_text_removes_picture_credits(line: str) -> None:
    raw = f"Harbour bridge to close for six weeks of repairs\n{LEAD}{line}\n{LEAD}"
    assert line not in clean_text(raw).text


def test_cleaner_copies_credits_to_article_meta() -> None:
    raw = f"Harbour bridge to close for six weeks of repairs\n\n{LEAD}\nReporting by Ana Lopez; Editing by Tom Reed\n"
    cleaner = Cleaner()
    cleaner.load()
    article = cleaner(Article(raw=raw, text=raw))
    assert article.meta.credits == "Reporting by Ana Lopez; Editing by Tom Reed"


@pytest.mark.parametrize(
    "tail", ["", " and more.", " | A very long last item that runs well past thirty characters."]
)
def test_furniture_reason_is_fast_on_long_separator_lines(tail: str) -> None:
    menu = " | ".join(f"Section {i}" for i in range(40)) + tail
    started = time.perf_counter()
    furniture_reason(menu + " ")  # a new string: no cached answer
    assert time.perf_counter() - started < 0.5


def test_load_model_uses_html_threshold_only_for_extracted_text(tmp_path: Path) -> None:
    model = load_model()
    assert model.html_threshold is not None and model.html_threshold < model.threshold
    assert model.threshold_for(True) == model.html_threshold
    assert model.threshold_for(False) == model.threshold
    data = json.loads(Path(MODEL_PATH).read_text(encoding="utf-8"))
    del data["html_threshold"]
    older = tmp_path / "model.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    assert load_model.__wrapped__(older).threshold_for(True) == model.threshold


@pytest.mark.parametrize("name", _fixture_names())
def test_clean_text_extracted_removes_a_subset_of_text_mode(name: str) -> None:
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    as_text, as_extracted = clean_text(raw), clean_text(raw, extracted=True)
    assert_contract(raw, as_extracted)

    def gone(result: CleanResult) -> set[int]:
        return {i for r in result.removed for i in range(r.span.start, r.span.end)}

    assert gone(as_extracted) <= gone(as_text)  # a lower threshold and no header cut: fewer removals


def test_cleaner_reads_the_articles_extracted_hint() -> None:
    raw = (FIXTURES / f"{_fixture_names()[0]}.txt").read_text(encoding="utf-8")
    cleaner = Cleaner()
    cleaner.load()
    for extracted in (False, True):
        out = cleaner(Article(raw=raw, text=raw, extracted=extracted))
        assert out.text == clean_text(raw, extracted=extracted).text
