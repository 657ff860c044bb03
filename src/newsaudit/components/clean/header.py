"""The cleaner's header and credit rules: headline, byline, dateline, credits.

This is pass 2 of :mod:`newsaudit.components.clean` (:func:`header_reasons`):

- the **headline** is chosen among the lines before the first line of article
  prose (:func:`choose_headline`): it shares words with the lead, the model
  takes it for content, it is close; it is never a timestamp, counter, credit,
  byline, name list or interface control (:func:`headline_candidate`). It stays
  in the text and is copied to ``meta.title``;
- **bylines** ("By Jane Doe", or a bare name / "Name in City" / "A and B" right
  after the headline) give ``meta.author``, and the role line under one ("Wales
  environment correspondent") joins ``meta.credits``; all leave the text;
- **date lines** anywhere (standalone dates, relative timestamps, wire datelines
  such as "PARIS, March 3 (Reuters) -") leave the text; the first date is
  ``meta.date``;
- **credits** anywhere ("Reporting by ...; Editing by ...", "SOURCE Acme",
  the author's bio line) leave the text and are joined into ``meta.credits``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...article import Meta
from .model import DIGIT, is_prose, is_sentence_shaped, words_of

# The header (byline, date, headline) is looked for in at most this many lines,
# and ends at the second line of prose.
MAX_HEADER_LINES = 40
HEADER_PROSE_LINES = 2

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
# A capitalised name word: "Jane", "Lloyd-Pryce", "O'Brien", "McDonald"; or an initial, a particle.
_CAP_WORD = r"[A-Z][A-Za-z'’-]*[a-z]"
_NAME_WORD = rf"(?:{_CAP_WORD}|[A-Z]\.|de|van|von|der|da|di|du|le|la|al|bin|ibn)"
_NAME = rf"(?P<name>{_CAP_WORD}(?:\s+{_NAME_WORD}){{1,3}})"
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
        # "By Jane Doe, a senior reporter covering ..." is a byline however long its apposition.
        apposed = bool(re.match(r"\s*,\s*(an?|the|our)\s", rest[len(name) :]))
        return name if _is_name(name) and (apposed or not is_sentence_shaped(stripped)) else None
    if after_headline and (m := _NAME_ORG.match(stripped) or _NAME_ONLY.match(stripped)):
        return m.group("name")
    if after_headline and (names := _names_list(stripped)):
        return names
    return None


def _names_list(line: str) -> str | None:
    """Return "A and B" for a line of names only ("A (now) and B (earlier)", "A, B and C")."""
    bare = re.sub(r"\s*\([^)]{0,30}\)", "", line).strip()
    parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|&)\s+", bare) if p.strip()]
    if len(parts) < 2 or len(parts) > 5 or not all(_NAME_ONLY.match(p) for p in parts):
        return None
    return " and ".join(parts)


def _is_name(name: str) -> bool:
    """Return True for a name: capitalised words (and "and", "de", ...) or one handle."""
    words = name.split()
    if not words or len(words) > 8 or DIGIT.search(name):
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


# The headline is looked for this many lines before the start of the article text
# (the densest text block) and this many after it.
HEADLINE_LINES_BEFORE = 15
HEADLINE_LINES_AFTER = 3
# Bare-name bylines ("Jane Doe", "Jane Doe in London") only this close after the headline.
BARE_BYLINE_LINES = 5
# Weights of the headline score: word overlap with the lead, model probability, distance.
HEADLINE_PROB_WEIGHT = 0.5
HEADLINE_DISTANCE_COST = 0.1
# A line shaped like a personal name ("Jane Doe") is more often a byline than a headline.
HEADLINE_NAME_COST = 0.3
# The first prose line the model scores at least this high starts the article (the
# headline is above it); a cookie banner or paywall notice should score lower.
HEADLINE_ANCHOR_P = 0.5
# A candidate scoring below this above the first anchor sends the search to the next one.
HEADLINE_MIN_SCORE = 0.2
HEADLINE_ANCHORS = 3
_ROLE_WORDS = re.compile(
    r"\b(reporter|correspondent|editor|writer|columnist|contributor|journalist|critic|analyst|staff|"
    r"producer|bureau|chief|desk|contributing|senior|political|economics|health|science|sports)\b",
    re.I,
)
# End-of-story credits: "Reporting by A; Editing by B", "Additional reporting by C",
# "Compiled by the desk", "(Writing by D)", "E contributed to this report".
_CREDIT_LINE = re.compile(
    r"^[(\[]?\s*(?:additional |with |further |extra )?(?:reporting|writing|editing|edited|written|compiled|"
    r"produced|research|researched|graphics|fact-checking|fact-checked|translation|translated|photography|"
    r"video|(?:medically |clinically )?reviewed|news provided|provided|distributed|issued)"
    r"(?: and \w+)? by\b|\bcontributed (?:reporting|to this (?:report|story|article))\b"
    r"|^[(\[]?\s*\w+ing by [A-Z][^;]{0,60};\s*\w+ing by\b",
    re.I,
)
# Press-release and agency sign-offs: "SOURCE Acme Corp", "AKP/MK/ST" (desk initials).
_SIGN_OFF = re.compile(r"^SOURCE:?\s+[A-Z]|^[A-Z]{2,6}(?:/[A-Z]{1,6}){1,6}$")
# A wire dateline on its own line: "NDOLA, Zambia, March 3 (Wirecast) -",
# "BASEL, Switzerland, March 3, 2026 /PressWire/ --", "Ville-Haute, 3 March (AKP) –".
_WIRE_DATELINE = re.compile(
    r"^[A-Z][\w.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40}){0,2}"
    r"(?:,?\s*(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,?\s*\d{4})?)?"
    r"\s*(?:\([^)]{1,40}\)|/[^/]{1,40}/)?\s*(?:--|-|–|—)$"
)
_NAME_IN = re.compile(rf"^{_NAME}\s+in\s+[A-Z][\w .'’-]{{1,40}}$")
_SEPARATOR_IN = re.compile(r"\s[|·•›»>/]\s|^[|·•›»>/]")


def credit_line(line: str) -> bool:
    """Return True for an end-of-story credit line ("Reporting by ...; Editing by ...")."""
    stripped = line.strip()
    if len(words_of(stripped)) > 40 or is_sentence_shaped(stripped, 12):
        return False
    return bool(_CREDIT_LINE.search(stripped) or _SIGN_OFF.match(stripped))


def wire_dateline(line: str) -> bool:
    """Return True for a wire dateline on a line of its own ("PARIS, March 3 (Reuters) -")."""
    stripped = line.strip()
    if len(words_of(stripped)) > 14 or not _WIRE_DATELINE.match(stripped):
        return False
    return bool(re.search(r"\(|/|\d", stripped))


def role_line(line: str) -> bool:
    """Return True for a short author-role line ("BNR Wales environment correspondent")."""
    stripped = line.strip()
    return (
        len(words_of(stripped)) <= 10
        and not is_sentence_shaped(stripped, 6)
        and bool(_ROLE_WORDS.search(stripped))
    )


def headline_candidate(line: str) -> bool:
    """Return True for a line that could be the headline: never a stamp, credit, name or control."""
    from .features import CREDIT, RELATIVE_TIME, load_interface_words

    stripped = line.strip()
    if not looks_like_headline(stripped) or _SEPARATOR_IN.search(stripped):
        return False
    if (
        date_line(stripped)
        or RELATIVE_TIME.search(stripped)
        or CREDIT.search(stripped)
        or wire_dateline(stripped)
    ):
        return False
    if byline_author(stripped, after_headline=False) or credit_line(stripped) or _names_list(stripped):
        return False
    words = [w.lower() for w in words_of(stripped)]
    ui = load_interface_words()
    numbers = sum(bool(DIGIT.match(w)) for w in words)
    return sum(w in ui for w in words) / len(words) < 0.5 and numbers / len(words) < 0.3


def _stems(line: str) -> set[str]:
    from .model import load_stopwords

    stop = load_stopwords()
    return {w.lower()[:5] for w in words_of(line) if len(w) > 2 and w.lower() not in stop}


def article_start(texts: Sequence[str], reasons: Sequence[str | None]) -> int:
    """Return the first line of the densest run of text, furniture lines counting as empty."""
    from .model import main_block

    counts = [0 if r is not None else len(words_of(t)) for t, r in zip(texts, reasons, strict=True)]
    return main_block(counts)[0] if counts else 0


def choose_headline(
    texts: Sequence[str], reasons: Sequence[str | None], probs: Sequence[float], start: int
) -> int | None:
    """Return the index of the headline: the candidate above the article's first prose line that
    best shares words with the lead, is scored as content and is closest; None when no line can be.

    The first prose line the model scores ``HEADLINE_ANCHOR_P`` or more is taken as the start
    of the article; when no candidate above it scores ``HEADLINE_MIN_SCORE`` (that "prose" was
    a paywall notice or a teaser), the next such line is tried, up to ``HEADLINE_ANCHORS``.
    """
    if not texts:
        return None
    lo = max(0, start - HEADLINE_LINES_BEFORE)
    anchors = [
        i
        for i in range(lo, min(start + 1, len(texts)))
        if reasons[i] is None and is_prose(texts[i]) and probs[i] >= HEADLINE_ANCHOR_P
    ][:HEADLINE_ANCHORS] or [start]
    fallback: tuple[float, int | None] = (-1e9, None)
    for anchor in anchors:
        score, best = _best_candidate(texts, reasons, probs, lo, anchor, start)
        if best is not None and score >= HEADLINE_MIN_SCORE:
            return best
        fallback = max(fallback, (score, best), key=lambda sb: sb[0])
    return fallback[1]


def _best_candidate(
    texts: Sequence[str],
    reasons: Sequence[str | None],
    probs: Sequence[float],
    lo: int,
    anchor: int,
    start: int,
) -> tuple[float, int | None]:
    """Return the best headline candidate above ``anchor`` and its score."""
    from .features import is_name

    best, best_score = None, -1e9
    hi = min(len(texts), anchor + (HEADLINE_LINES_AFTER + 1 if anchor == start else 0))
    lead = [i for i in range(anchor, len(texts)) if reasons[i] is None and is_prose(texts[i])][:6]
    for i in range(lo, hi):
        if reasons[i] is not None or not headline_candidate(texts[i]):
            continue
        overlap = _overlap(texts[i], texts, [j for j in lead if j > i])
        between = sum(reasons[k] is None for k in range(min(i, anchor) + 1, max(i, anchor)))
        distance = between if i < anchor else 2 * (i - anchor)
        score = overlap + HEADLINE_PROB_WEIGHT * probs[i] - HEADLINE_DISTANCE_COST * distance
        score -= HEADLINE_NAME_COST * is_name(texts[i])
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return best_score, None
    # A headline comes before its standfirst: when the kept line just above the best
    # candidate is a candidate that also shares words with the lead, it is the headline.
    above = next((j for j in range(best - 1, lo - 1, -1) if reasons[j] is None), None)
    if above is not None and headline_candidate(texts[above]) and _overlap(texts[above], texts, lead) > 0:
        return best_score, above
    return best_score, best


def _overlap(line: str, texts: Sequence[str], lead: Sequence[int]) -> float:
    stems = _stems(line)
    body: set[str] = set()
    for j in lead:
        body |= _stems(texts[j])
    return len(stems & body) / max(len(stems), 1)


def header_reasons(
    texts: Sequence[str], reasons: list[str | None], probs: Sequence[float] | None = None
) -> tuple[Meta, int | None]:
    """Mark byline, dateline and credit lines; return the meta found and the headline index.

    The headline is chosen by :func:`choose_headline` and is never a stamp, counter,
    credit, name or control line. Bylines ("By Jane Doe", or a bare name right after
    the headline) and the role line under them go to ``meta`` (author, credits);
    standalone date lines and relative timestamps anywhere are marked ``dateline``
    (the first date is ``meta.date``); end-of-story credits anywhere are marked
    ``byline`` and joined into ``meta.credits``, as is an author's bio line.
    ``reasons`` is updated in place.
    """
    from .features import RELATIVE_TIME

    probs = probs if probs is not None else [0.5] * len(texts)
    start = article_start(texts, reasons)
    headline = choose_headline(texts, reasons, probs, start)
    end = _header_end(texts, reasons, max(start, headline or 0))
    author, date, credits = None, None, []
    last_byline = -2
    for i, text in enumerate(texts):
        if reasons[i] is not None or i == headline:
            continue
        near = headline is not None and 0 < i - headline <= BARE_BYLINE_LINES and i <= end
        if i < end and (name := byline_author(text, after_headline=near)):
            reasons[i], author, last_byline = "byline", author or name, i
            date = date or iso_date(text)
        elif near and (m := _NAME_IN.match(text.strip())):
            reasons[i], author, last_byline = "byline", author or m.group("name"), i
        elif last_byline == _previous_kept(reasons, i, headline) and role_line(text):
            reasons[i] = "byline"
            credits.append(text.strip())
        elif found := date_line(text):
            reasons[i], date = "dateline", date or found
        elif i <= end and wire_dateline(text):
            reasons[i], date = "dateline", date or iso_date(text)
        elif len(words_of(text)) <= 8 and RELATIVE_TIME.search(text) and not is_prose(text):
            reasons[i] = "dateline"
        elif credit_line(text) or (author and _bio_line(text, author)):
            reasons[i] = "byline"
            credits.append(text.strip())
    title = texts[headline].strip() if headline is not None else None
    return Meta(title=title, author=author, date=date, credits="; ".join(credits) or None), headline


def _previous_kept(reasons: Sequence[str | None], i: int, headline: int | None) -> int:
    """Return the index of the nearest earlier line that is a byline or still kept."""
    j = i - 1
    while j >= 0 and reasons[j] not in (None, "byline"):
        j -= 1
    return j


def _header_end(texts: Sequence[str], reasons: Sequence[str | None], start: int) -> int:
    """Return the index of the second prose line at or after ``start`` (the header ends there)."""
    seen = 0
    for i in range(start, min(len(texts), start + MAX_HEADER_LINES)):
        if reasons[i] is None and is_prose(texts[i]) and not byline_author(texts[i], after_headline=False):
            seen += 1
            if seen == HEADER_PROSE_LINES:
                return i
    return min(len(texts), start + MAX_HEADER_LINES)


def _bio_line(line: str, author: str) -> bool:
    """Return True for an author's bio line ("Ruth Okwuosa is a columnist with ...")."""
    stripped = line.strip()
    return len(words_of(stripped)) <= 40 and bool(
        re.match(rf"{re.escape(author)}\s*(?:,|\s)\s*(?:is|was|writes|covers|reports)\b", stripped)
    )
