"""Remove page furniture from scraped text, keeping an offset map to the raw input.

The cleaner works on whole lines of the raw input, in three passes:

1. **Patterns** (``lexicons/clean_patterns.txt``): high-precision, anchored line
   patterns, one removal reason each (counters, ad markers, prompts, tags and
   breadcrumbs, related links, copyright, comment counts). A list header such
   as "You may also like:" takes the short lines under it along.
2. **Header**: before the second line of prose, a byline ("By Jane Doe") or a
   standalone date goes to ``meta`` (and out of the text); the headline stays in
   the text and is copied to ``meta.title``.
3. **Classifier** (``models/clean/line_classifier.json``): a small perceptron over
   shallow line and neighbourhood features, rescored by a logistic regression
   over its neighbours' scores; trained by ``training/train_clean.py``, applied
   in pure Python. It removes what the patterns miss (menus, link lists, comment
   threads). A sentence of five words or more is only removed when the model is
   very sure (``prose_threshold``), so article text keeps its sentences.

``text`` is made of verbatim, right-stripped raw lines joined by ``"\\n"`` (next
line in raw) or ``"\\n\\n"`` (a blank or removed line between), and ``offsets``
maps each copied stretch back to ``raw``.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..article import Article, Meta, OffsetMap, Removal, Span
from ..errors import ModelError
from ..labels import REMOVAL_REASONS
from . import BaseComponent

_PACKAGE = Path(__file__).resolve().parents[1]
LEXICON_DIR = _PACKAGE / "lexicons"
MODEL_PATH = _PACKAGE / "models" / "clean" / "line_classifier.json"

# A phrase pattern never removes a line longer than this: the longest prompt in
# the examples is 16 words; real paragraphs are longer.
MAX_PATTERN_WORDS = 30
# "Sentence-shaped": this many words or more, ending in . ! or ? (pattern guard).
SENTENCE_MIN_WORDS = 8
# "Prose": this many words or more ending in sentence punctuation; the first
# prose line ends the header, and the classifier needs more certainty to drop one.
PROSE_MIN_WORDS = 10
# A sentence of this many words or more needs the classifier's prose threshold
# (much lower than its threshold for other lines) to be removed.
GUARD_MIN_WORDS = 5
# The header (byline, date, headline) is looked for in at most this many lines,
# and ends at the second line of prose.
MAX_HEADER_LINES = 40
HEADER_PROSE_LINES = 2
# A list header ("Related stories:", "Most read") takes this many following short
# lines with it (until a blank line or a sentence).
MAX_LIST_ITEMS = 12
LIST_ITEM_MAX_WORDS = 14

_WORD = re.compile(r"[^\W_][\w'’.-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_DIGIT = re.compile(r"\d")
_SEPARATORS = re.compile(r"[|»›•·>/→]")
# A date or time stamp: comment headers, bylines, post footers.
_STAMP = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b[ap]\.?m\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b"
    r"|\b\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\bago\b",
    re.I,
)
# Comment headers end "Rosa said...", "Keith says:", "Ann wrote:".
_SAYS_END = re.compile(r"\b(says|said|wrote|writes|commented|replied)\s*(:|\.\.\.|…)?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaner's output: kept text, its map to raw, what went and why, metadata."""

    text: str
    offsets: OffsetMap
    removed: tuple[Removal, ...]
    meta: Meta


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank raw line: offsets of its right-stripped text in ``raw``."""

    start: int
    end: int
    text: str


# --------------------------------------------------------------------- lexicons


def _lexicon_lines(name: str) -> list[str]:
    path = LEXICON_DIR / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """Return the English function words of ``clean_stopwords.txt``."""
    return frozenset(w.strip().lower() for w in _lexicon_lines("clean_stopwords.txt"))


@lru_cache(maxsize=1)
def load_patterns() -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    """Return ``(reason, applies_to_sentences, regex)`` rows of ``clean_patterns.txt``."""
    rows = []
    for ln in _lexicon_lines("clean_patterns.txt"):
        reason, strength, rx = ln.split("\t", 2)
        if reason not in REMOVAL_REASONS or strength not in ("line", "sentence"):
            raise ModelError(f"bad row in clean_patterns.txt: {ln!r}; reinstall newsaudit")
        rows.append((reason, strength == "sentence", re.compile(rx, re.IGNORECASE)))
    return tuple(rows)


# ------------------------------------------------------------------ line shapes


def split_lines(raw: str) -> list[Line]:
    """Return the non-blank lines of ``raw``, right-stripped, with raw offsets."""
    lines, pos = [], 0
    for chunk in raw.split("\n"):
        stripped = chunk.rstrip()
        if stripped.strip():
            lines.append(Line(pos, pos + len(stripped), stripped))
        pos += len(chunk) + 1
    return lines


def words_of(line: str) -> list[str]:
    """Return the words of a line (letters/digits, inner apostrophes and dots kept)."""
    return _WORD.findall(line)


def is_sentence_shaped(line: str, min_words: int = SENTENCE_MIN_WORDS) -> bool:
    """Return True for a line of ``min_words`` or more words ending like a sentence."""
    return bool(_SENTENCE_END.search(line.strip())) and len(words_of(line)) >= min_words


def is_prose(line: str) -> bool:
    """Return True for a line that reads as running text (a paragraph or sentence)."""
    return is_sentence_shaped(line, PROSE_MIN_WORDS)


@lru_cache(maxsize=8192)
def furniture_reason(line: str) -> str | None:
    """Return the removal reason of the first furniture pattern ``line`` matches."""
    stripped = line.strip()
    if len(words_of(stripped)) > MAX_PATTERN_WORDS:
        return None
    sentence = is_sentence_shaped(stripped)
    for reason, for_sentences, rx in load_patterns():
        if (for_sentences or not sentence) and rx.search(stripped):
            return reason
    return None


# ----------------------------------------------------------- header and meta

_MONTHS = {
    m: i + 1
    for i, names in enumerate([
        "jan.january", "feb.february", "mar.march", "apr.april", "may", "jun.june", "jul.july",
        "aug.august", "sep.sept.september", "oct.october", "nov.november", "dec.december"
    ])
    for m in names.split(".")
}  # fmt: skip
_DATE_WORDS = frozenset([
    "published", "updated", "posted", "last", "modified", "first", "date", "on", "at", "am", "pm",
    "a.m", "p.m", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "cst", "cdt", "mst", "mdt", "pst",
    "pdt", "et", "pt", "ist", "jst", "aest", "hkt", "sgt", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "of", "the"
])  # fmt: skip
_NUMBER_TOKEN = re.compile(
    r"^\d{1,4}(st|nd|rd|th|h)?$|^\d{1,2}[:.]\d{2}([ap]m)?$|^\d{4}-\d{2}-\d{2}(t[\d:]+z?)?$"
)
_NUMERIC_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_MDY = re.compile(r"\b([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]{3,9})\.?,? (\d{4})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_BYLINE = re.compile(
    r"^(?:by|written by|posted by|words by|story by|text by|reported by|reporting by|author:?)"
    r"\s+(?P<rest>\S.*)$",
    re.I,
)
_NAME_END = re.compile(
    r"\s*(?:,|\||•|·|\s[-–—]\s|\son\s|\sin\s|\sat\s|\sfor\s|\(|\supdated\s|\spublished\s|$)", re.I
)
_NAME_WORD = r"(?:[A-Z][a-z'’-]+|[A-Z]\.|de|van|von|der|da|di|du|le|la|al|bin|ibn)"
_NAME = rf"(?P<name>[A-Z][a-z'’-]+(?:\s+{_NAME_WORD}){{1,3}})"
_NAME_ORG = re.compile(rf"^{_NAME}\s*(?:\||–|—|\s-\s|,)\s*[A-Z][\w.&'’ -]{{1,40}}$")
_NAME_ONLY = re.compile(rf"^{_NAME}$")


def iso_date(line: str) -> str | None:
    """Return the first date in ``line`` as ``YYYY-MM-DD`` when it is unambiguous."""
    if m := _ISO.search(line):
        return m.group(0)
    if m := _MDY.search(line):
        month, day, year = _MONTHS.get(m.group(1).lower()), int(m.group(2)), m.group(3)
    elif m := _DMY.search(line):
        month, day, year = _MONTHS.get(m.group(2).lower()), int(m.group(1)), m.group(3)
    else:
        return None
    return f"{year}-{month:02d}-{day:02d}" if month and 1 <= day <= 31 else None


def date_line(line: str) -> str | None:
    """Return the date of a line made only of a date (and time, weekday, "Updated:")."""
    tokens = re.findall(r"[\w:.-]+", line.lower())
    if not tokens or len(tokens) > 14:
        return None
    for tok in tokens:
        tok = tok.strip(".-")
        tok = tok.strip(":")
        if tok and tok not in _MONTHS and tok not in _DATE_WORDS and not _NUMBER_TOKEN.match(tok):
            return None
    has_month = any(t.strip(".") in _MONTHS for t in tokens)
    if not (has_month and any(t.isdigit() for t in tokens)) and not _NUMERIC_DATE.search(line):
        return None
    return iso_date(line) or line.strip()


def byline_author(line: str, after_headline: bool) -> str | None:
    """Return the author a byline names ("By Jane Doe", "Jane Doe | Reuters").

    A bare name ("Jane Doe") or "Name | Outlet" only counts right after the
    headline: first in a text, either could be a headline itself.
    """
    stripped = line.strip()
    if len(words_of(stripped)) > 20:
        return None
    if m := _BYLINE.match(stripped):
        rest = m.group("rest")
        end = _NAME_END.search(rest)
        name = rest[: end.start() if end else len(rest)].strip(" .:")
        return name if _is_name(name) and not is_sentence_shaped(stripped) else None
    if after_headline and (m := _NAME_ORG.match(stripped) or _NAME_ONLY.match(stripped)):
        return m.group("name")
    return None


def _is_name(name: str) -> bool:
    """Return True for a name: capitalised words (and "and", "de", ...) or one handle."""
    words = name.split()
    if not words or len(words) > 8 or _DIGIT.search(name):
        return False
    if len(words) == 1:
        return True  # a user handle such as "randfish"
    return all(w[0].isupper() or w in _NAME_PARTICLES for w in words)


_NAME_PARTICLES = frozenset([
    "and", "&", "de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "al", "bin", "ibn", "y"
])  # fmt: skip


def looks_like_headline(line: str) -> bool:
    """Return True for a short line that starts with a capital and does not end with a period."""
    stripped = line.strip()
    words = words_of(stripped)
    if not 2 <= len(words) <= 25 or stripped.endswith((".", ":", ",", ";")):
        return False
    return stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "\"“‘'"


def header_reasons(texts: Sequence[str], reasons: list[str | None]) -> tuple[Meta, int | None]:
    """Mark the byline and date lines of the header; return the meta and the headline index.

    The header is what comes before the second line of prose (a standfirst may come
    before the byline). Lines that ``reasons`` already marks as furniture are
    skipped; ``reasons`` is updated in place with ``"byline"``/``"dateline"``.
    """
    author = date = None
    headline: int | None = None
    prev: int | None = None  # the previous line that is not furniture
    prose_seen = 0
    for i in range(min(len(texts), MAX_HEADER_LINES)):
        text = texts[i]
        if reasons[i] is not None:
            continue
        if is_prose(text):
            prose_seen += 1
            if prose_seen == HEADER_PROSE_LINES:
                break
        elif author is None and (
            name := byline_author(text, after_headline=headline is not None and prev == headline)
        ):
            reasons[i], author = "byline", name
            date = date or iso_date(text)
        elif date is None and (found := date_line(text)):
            reasons[i], date = "dateline", found
        elif prose_seen == 0 and looks_like_headline(text):
            headline = i
        prev = i if reasons[i] is None else prev
    title = texts[headline].strip() if headline is not None else None
    return Meta(title=title, author=author, date=date), headline


# --------------------------------------------------------------- classifier


@dataclass(frozen=True)
class Linear:
    """A standardised linear scorer: ``intercept + sum(coef * (x - mean) / scale)``."""

    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...] = ()
    scale: tuple[float, ...] = ()

    def probability(self, row: Sequence[float]) -> float:
        """Return the logistic of the linear score of ``row``."""
        z = self.intercept
        if self.mean:
            row = [(x - m) / s for x, m, s in zip(row, self.mean, self.scale, strict=True)]
        z += sum(w * x for w, x in zip(self.coef, row, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Linear:
        """Build from the JSON form written by training/train_clean.py."""
        return cls(
            tuple(d["coef"]), float(d["intercept"]), tuple(d.get("mean", ())), tuple(d.get("scale", ()))
        )


@dataclass(frozen=True)
class Mlp:
    """A standardised one-hidden-layer perceptron (ReLU units, logistic output)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    hidden: tuple[tuple[float, ...], ...]  # one weight row per hidden unit
    hidden_bias: tuple[float, ...]
    out: tuple[float, ...]
    out_bias: float

    def probability(self, row: Sequence[float]) -> float:
        """Return the network's output probability for ``row``."""
        x = [(v - m) / s for v, m, s in zip(row, self.mean, self.scale, strict=True)]
        z = self.out_bias
        for weights, bias, w_out in zip(self.hidden, self.hidden_bias, self.out, strict=True):
            h = bias + sum(w * v for w, v in zip(weights, x, strict=True))
            if h > 0:
                z += w_out * h
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Mlp:
        """Build from the JSON form written by training/train_clean.py."""
        return cls(
            tuple(d["mean"]), tuple(d["scale"]), tuple(tuple(r) for r in d["hidden"]),
            tuple(d["hidden_bias"]), tuple(d["out"]), float(d["out_bias"]),
        )  # fmt: skip


def scorer_from_dict(d: Mapping[str, Any]) -> Linear | Mlp:
    """Build a Linear or Mlp scorer from its JSON form (``"kind"`` tells which)."""
    return Mlp.from_dict(d) if d.get("kind") == "mlp" else Linear.from_dict(d)


@dataclass(frozen=True)
class LineModel:
    """Two stacked line scorers, read from JSON.

    Stage 1 (a small perceptron) scores each line from :func:`line_features`; stage 2 rescores it
    from its own and its neighbours' stage-1 probabilities
    (:func:`smoothing_features`), because furniture and article text come in runs.
    """

    stage1: Linear | Mlp
    stage2: Linear | None
    word_scores: Mapping[str, float]
    threshold: float
    prose_threshold: float

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        """Return P(article content) for each line of one document."""
        first = [self.stage1.probability(row) for row in line_features(texts, self.word_scores)]
        if self.stage2 is None:
            return first
        return [self.stage2.probability(row) for row in smoothing_features(first)]


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> LineModel:
    """Load the shipped line classifier."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the cleaner model {path}: {exc}; run training/train_clean.py") from exc
    if tuple(data["feature_names"]) != FEATURE_NAMES:
        raise ModelError(f"{path} was trained on other features; rerun training/train_clean.py")
    return LineModel(
        stage1=scorer_from_dict(data["stage1"]),
        stage2=Linear.from_dict(data["stage2"]) if data.get("stage2") else None,
        word_scores=dict(data["word_scores"]),
        threshold=float(data["threshold"]),
        prose_threshold=float(data["prose_threshold"]),
    )


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def smoothing_features(probs: Sequence[float]) -> list[list[float]]:
    """Return stage-2 rows: a line's logit and its neighbours' mean probabilities."""
    doc_mean = sum(probs) / len(probs) if probs else 0.0
    rows = []
    for i, p in enumerate(probs):
        near = [probs[j] for j in (i - 1, i + 1) if 0 <= j < len(probs)]
        rows.append([
            _logit(p), _window(probs, i, 1), _window(probs, i, 3), _window(probs, i, 10),
            max(near, default=0.0), min(near, default=0.0), doc_mean,
        ])  # fmt: skip
    return rows


FEATURE_NAMES: tuple[str, ...] = (
    "log_words", "log_chars", "sentence_end", "colon_end", "ellipsis_end", "stopword_share",
    "capitalised_share", "digit_share", "punct_share", "log_separators", "lower_start", "prose",
    "pattern", "pattern_comments", "word_score_mean", "word_score_min", "word_score_max",
    "stamp", "says_end", "ctx1_log_words", "ctx3_log_words", "ctx3_prose", "ctx10_prose", "ctx3_word_score",
    "ctx3_pattern", "ctx5_stamp", "position", "chars_before", "log_dist_prose", "in_main_block",
    "log_dist_before_main", "log_dist_after_main", "after_comments_marker", "log_stamps_since_main",
    "doc_prose_share", "doc_log_lines",
)  # fmt: skip


def _shape(line: str, stop: frozenset[str], scores: Mapping[str, float]) -> list[float]:
    """Return the intrinsic features of one line (the first 19 of FEATURE_NAMES)."""
    s = line.strip()
    words = words_of(s)
    lower = [w.lower() for w in words]
    n, chars = max(len(words), 1), max(len(s), 1)
    ws = [scores.get(w, 0.0) for w in lower] or [0.0]
    reason = furniture_reason(s)
    return [
        math.log1p(len(words)), math.log1p(len(s)), float(bool(_SENTENCE_END.search(s))),
        float(s.endswith(":")), float(s.endswith(("...", "…"))), sum(w in stop for w in lower) / n,
        sum(w[0].isupper() for w in words) / n, len(_DIGIT.findall(s)) / chars,
        sum(not (c.isalnum() or c.isspace()) for c in s) / chars, math.log1p(len(_SEPARATORS.findall(s))),
        float(s[:1].islower()), float(is_prose(s)), float(reason is not None),
        float(reason == "comments"), sum(ws) / len(ws), min(ws), max(ws),
        float(len(words) <= 16 and bool(_STAMP.search(s))), float(bool(_SAYS_END.search(s))),
    ]  # fmt: skip


def main_block(word_counts: Sequence[int]) -> tuple[int, int]:
    """Return the ``[start, end]`` line range of densest text (maximum-sum run).

    Each line scores its word count minus a constant, so runs of long lines score
    high and menus of one- or two-word lines score low (Finn et al.'s Body Text
    Extraction, 2001, on lines instead of tokens and tags).
    """
    best, best_range, run, run_start = -math.inf, (0, max(len(word_counts) - 1, 0)), 0.0, 0
    for i, n in enumerate(word_counts):
        if run <= 0:
            run, run_start = 0.0, i
        run += n - MAIN_BLOCK_WORDS
        if run > best:
            best, best_range = run, (run_start, i)
    return best_range


# Words of a line that neither adds to nor takes from the main block: a menu item
# or a caption takes away, a paragraph adds.
MAIN_BLOCK_WORDS = 8


def _window(values: Sequence[float], i: int, k: int) -> float:
    lo, hi = max(0, i - k), min(len(values), i + k + 1)
    others = [values[j] for j in range(lo, hi) if j != i]
    return sum(others) / len(others) if others else 0.0


def _nearest_other(sorted_idx: Sequence[int], i: int, default: int) -> int:
    """Return the distance from ``i`` to the nearest other index in ``sorted_idx``."""
    k = bisect.bisect_left(sorted_idx, i)
    near = [
        abs(sorted_idx[j] - i) for j in (k - 1, k, k + 1) if 0 <= j < len(sorted_idx) and sorted_idx[j] != i
    ]
    return min(near, default=default)


def line_features(texts: Sequence[str], word_scores: Mapping[str, float]) -> list[list[float]]:
    """Return one feature row (see FEATURE_NAMES) per line of one document."""
    stop = load_stopwords()
    shapes = [_shape(t, stop, word_scores) for t in texts]
    n = len(texts)
    lw = [s[0] for s in shapes]
    prose = [s[11] for s in shapes]
    pattern = [s[12] for s in shapes]
    wsm = [s[14] for s in shapes]
    stamp = [s[17] for s in shapes]
    prose_idx = [i for i, p in enumerate(prose) if p]
    a, b = main_block([len(words_of(t)) for t in texts])
    total = sum(len(t) for t in texts) or 1
    before, rows, marker, stamps = 0, [], False, 0
    for i, shape in enumerate(shapes):
        ctx = [
            _window(lw, i, 1), _window(lw, i, 3), _window(prose, i, 3), _window(prose, i, 10),
            _window(wsm, i, 3), _window(pattern, i, 3), _window(stamp, i, 5), i / max(n - 1, 1),
            before / total, math.log1p(_nearest_other(prose_idx, i, n)), float(a <= i <= b),
            math.log1p(max(a - i, 0)), math.log1p(max(i - b, 0)), float(marker), math.log1p(stamps),
            len(prose_idx) / max(n, 1), math.log1p(n),
        ]  # fmt: skip
        rows.append(shape + ctx)
        before += len(texts[i])
        # A comment-count line after the start of the main text opens the comments;
        # date/time stamps after it are usually comment headers ("Keith June 30 at 2 pm").
        marker = marker or (shape[13] > 0 and i >= a)
        stamps += int(stamp[i] > 0 and i >= a)
    return rows


# --------------------------------------------------------------- decisions


def line_reasons(
    texts: Sequence[str], model: LineModel | None = None, breaks: Sequence[bool] | None = None
) -> tuple[list[str | None], Meta]:
    """Return a removal reason (None: keep) for each line, and the metadata found."""
    model = model or load_model()
    return decide(texts, model.probabilities(texts), model.threshold, model.prose_threshold, breaks)


def decide(
    texts: Sequence[str],
    probs: Sequence[float],
    threshold: float,
    prose_threshold: float,
    breaks: Sequence[bool] | None = None,
) -> tuple[list[str | None], Meta]:
    """Return reasons per line from patterns, header rules and content probabilities.

    ``breaks[i]`` tells whether a blank line comes before line ``i``.
    """
    reasons: list[str | None] = [furniture_reason(t) for t in texts]
    meta, headline = header_reasons(texts, reasons)
    _extend_lists(texts, reasons, breaks or [False] * len(texts), headline)
    for i, p in enumerate(probs):
        if reasons[i] is not None or i == headline:
            continue
        # A sentence is article text unless the model is very sure (comment threads).
        if p < (prose_threshold if is_sentence_shaped(texts[i], GUARD_MIN_WORDS) else threshold):
            reasons[i] = "boilerplate"
    return reasons, meta


def _is_list_header(text: str, reason: str | None) -> bool:
    stripped = text.strip()
    if reason != "related":
        return False
    return stripped.endswith(":") or len(words_of(stripped)) <= 4


def _extend_lists(
    texts: Sequence[str], reasons: list[str | None], breaks: Sequence[bool], headline: int | None
) -> None:
    """Give the short lines right under a list header ("You may also like:") its reason."""
    i = 0
    while i < len(texts):
        if _is_list_header(texts[i], reasons[i]):
            reason, j = reasons[i], i + 1
            while j < len(texts) and j <= i + MAX_LIST_ITEMS and not breaks[j] and j != headline:
                item = texts[j]
                if is_sentence_shaped(item, GUARD_MIN_WORDS) or len(words_of(item)) > LIST_ITEM_MAX_WORDS:
                    break
                reasons[j] = reasons[j] or reason
                j += 1
            i = j
        else:
            i += 1


def assemble(raw: str, lines: Sequence[Line], reasons: Sequence[str | None]) -> CleanResult:
    """Join the kept lines into text with an offset map; record the removals."""
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    removed: list[Removal] = []
    pos, prev_end, gap = 0, None, False
    for line, reason in zip(lines, reasons, strict=True):
        if reason is not None:
            removed.append(Removal(Span(line.start, line.end, reason), reason))
            gap = True
            continue
        if prev_end is not None:
            sep = "\n\n" if gap or raw.count("\n", prev_end, line.start) > 1 else "\n"
            parts.append(sep)
            pos += len(sep)
        segments.append((pos, line.start, len(line.text)))
        parts.append(line.text)
        pos += len(line.text)
        prev_end, gap = line.end, False
    return CleanResult("".join(parts), OffsetMap(tuple(segments)), tuple(removed), Meta())


def clean_text(raw: str) -> CleanResult:
    """Return the article text of ``raw`` with page furniture removed."""
    lines = split_lines(raw)
    breaks = [i > 0 and raw.count("\n", lines[i - 1].end, ln.start) > 1 for i, ln in enumerate(lines)]
    reasons, meta = line_reasons([ln.text for ln in lines], breaks=breaks)
    return replace(assemble(raw, lines, reasons), meta=meta)


class Cleaner(BaseComponent):
    """Attach the cleaned text, removals, offset map and found metadata."""

    name = "clean"
    requires = ("raw",)
    assigns = ("text", "removed", "offsets")

    def load(self) -> None:
        """Load the patterns, stop words and line classifier once."""
        load_patterns()
        load_stopwords()
        load_model()

    def __call__(self, article: Article) -> Article:
        result = clean_text(article.raw)
        meta = article.meta
        for key in ("title", "author", "date"):
            if getattr(meta, key) is None and getattr(result.meta, key) is not None:
                meta = replace(meta, **{key: getattr(result.meta, key)})
        return replace(article, text=result.text, offsets=result.offsets, removed=result.removed, meta=meta)
