"""The cleaner's header rules: byline, dateline and headline.

This is pass 2 of :mod:`newsaudit.components.clean`: before the second line of
prose, a byline ("By Jane Doe") or a standalone date goes to ``meta`` (and out
of the text); the headline stays in the text and is copied to ``meta.title``.
:func:`header_reasons` marks those lines.
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
