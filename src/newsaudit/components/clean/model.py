"""Line shapes, furniture patterns and the learned line model of the cleaner.

Passes 1 and 3 of :mod:`newsaudit.components.clean` read lines through what is
here: the lexicons (``lexicons/clean_patterns.txt``, ``clean_stopwords.txt``),
line shapes (words, sentence and prose tests), the furniture pattern match
(:func:`furniture_reason`), the feature rows of :func:`line_features` (see
``FEATURE_NAMES``) and the two stacked scorers of :class:`LineModel`, read from
``models/clean/line_classifier.json`` and trained by ``training/train_clean.py``.
The header rules (pass 2) are in :mod:`newsaudit.components.clean.header`.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import ModelError
from ...labels import REMOVAL_REASONS

_PACKAGE = Path(__file__).resolve().parents[2]
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

_WORD = re.compile(r"[^\W_][\w'’.-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
DIGIT = re.compile(r"\d")
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


# --------------------------------------------------------------------- lexicons


def lexicon_lines(name: str) -> list[str]:
    """Return the non-comment, non-blank lines of a lexicon file."""
    path = LEXICON_DIR / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """Return the English function words of ``clean_stopwords.txt``."""
    return frozenset(w.strip().lower() for w in lexicon_lines("clean_stopwords.txt"))


@lru_cache(maxsize=1)
def load_patterns() -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    """Return ``(reason, applies_to_sentences, regex)`` rows of ``clean_patterns.txt``."""
    rows = []
    for ln in lexicon_lines("clean_patterns.txt"):
        reason, strength, rx = ln.split("\t", 2)
        if reason not in REMOVAL_REASONS or strength not in ("line", "sentence"):
            raise ModelError(f"bad row in clean_patterns.txt: {ln!r}; reinstall newsaudit")
        rows.append((reason, strength == "sentence", re.compile(rx, re.IGNORECASE)))
    return tuple(rows)


# ------------------------------------------------------------------ line shapes


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
    n_features: int = 0  # how many leading features of a row the model reads (0: all)
    guard: str = "shape"  # which lines the prose threshold protects (clean.GUARDS)
    # Threshold for text an HTML extractor already took from a page (mostly article text, so
    # fewer lines are furniture); chosen by the site-grouped CV on the train part's extracted texts.
    html_threshold: float | None = None
    # Whether non-prose lines above the headline count as navigation in such text (the
    # extractor has mostly cut the page header already); chosen by the same CV.
    html_above_headline: bool = True

    def threshold_for(self, extracted: bool) -> float:
        """Return the threshold for text extracted from HTML (``extracted``) or raw text."""
        return self.html_threshold if extracted and self.html_threshold is not None else self.threshold

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        """Return P(article content) for each line of one document."""
        rows = line_features(texts, self.word_scores)
        first = [self.stage1.probability(row[: self.n_features or None]) for row in rows]
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
    names = tuple(data["feature_names"])
    # A model may use the first features only (one trained before later features were added).
    if names != FEATURE_NAMES[: len(names)]:
        raise ModelError(f"{path} was trained on other features; rerun training/train_clean.py")
    return LineModel(
        stage1=scorer_from_dict(data["stage1"]),
        stage2=Linear.from_dict(data["stage2"]) if data.get("stage2") else None,
        word_scores=dict(data["word_scores"]),
        threshold=float(data["threshold"]),
        prose_threshold=float(data["prose_threshold"]),
        n_features=len(names),
        guard=str(data.get("guard", "shape")),
        html_threshold=float(data["html_threshold"]) if "html_threshold" in data else None,
        html_above_headline=bool(data.get("html_above_headline", True)),
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
            _logit(p), window(probs, i, 1), window(probs, i, 3), window(probs, i, 10),
            max(near, default=0.0), min(near, default=0.0), doc_mean,
        ])  # fmt: skip
    return rows


FEATURE_NAMES_BASE: tuple[str, ...] = (
    "log_words", "log_chars", "sentence_end", "colon_end", "ellipsis_end", "stopword_share",
    "capitalised_share", "digit_share", "punct_share", "log_separators", "lower_start", "prose",
    "pattern", "pattern_comments", "word_score_mean", "word_score_min", "word_score_max",
    "stamp", "says_end", "ctx1_log_words", "ctx3_log_words", "ctx3_prose", "ctx10_prose", "ctx3_word_score",
    "ctx3_pattern", "ctx5_stamp", "position", "chars_before", "log_dist_prose", "in_main_block",
    "log_dist_before_main", "log_dist_after_main", "after_comments_marker", "log_stamps_since_main",
    "doc_prose_share", "doc_log_lines",
)  # fmt: skip
# What a line is (components/clean/features.py), appended to FEATURE_NAMES.
KIND_FEATURE_NAMES: tuple[str, ...] = (
    "ui_share", "ui_first", "has_verb", "sentence_like", "numeric_share", "upper_share", "relative_time",
    "credit_like", "name_like", "bullet_start", "log_repeat", "ctx2_ui_share", "ctx2_has_verb",
    "ctx3_sentence_like", "ctx2_numeric_share",
)  # fmt: skip
FEATURE_NAMES: tuple[str, ...] = FEATURE_NAMES_BASE + KIND_FEATURE_NAMES


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
        sum(w[0].isupper() for w in words) / n, len(DIGIT.findall(s)) / chars,
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


def window(values: Sequence[float], i: int, k: int) -> float:
    """Return the mean of ``values`` within ``k`` of ``i``, ``i`` itself left out."""
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
    from .features import kind_features

    stop = load_stopwords()
    shapes = [_shape(t, stop, word_scores) for t in texts]
    kinds = kind_features(texts)
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
            window(lw, i, 1), window(lw, i, 3), window(prose, i, 3), window(prose, i, 10),
            window(wsm, i, 3), window(pattern, i, 3), window(stamp, i, 5), i / max(n - 1, 1),
            before / total, math.log1p(_nearest_other(prose_idx, i, n)), float(a <= i <= b),
            math.log1p(max(a - i, 0)), math.log1p(max(i - b, 0)), float(marker), math.log1p(stamps),
            len(prose_idx) / max(n, 1), math.log1p(n),
        ]  # fmt: skip
        rows.append(shape + ctx + kinds[i])
        before += len(texts[i])
        # A comment-count line after the start of the main text opens the comments;
        # date/time stamps after it are usually comment headers ("Keith June 30 at 2 pm").
        marker = marker or (shape[13] > 0 and i >= a)
        stamps += int(stamp[i] > 0 and i >= a)
    return rows
