"""Quote-mark pairing on raw text, for the attribution finder.

News text mixes curly and straight marks, leaves quotes unclosed, and runs a
quotation over several paragraphs by opening every paragraph and closing only the
last one. The spaCy parse knows none of this, so direct quotes are found here on
the characters alone and returned as half-open ``(start, end)`` offsets that
include the marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Marks that can only open or only close a quotation; straight marks can do either.
OPEN_MARKS = frozenset("“«„")
CLOSE_MARKS = frozenset("”»")
BOTH_MARKS = frozenset('"″')
# Characters after which a straight mark opens rather than closes a quotation.
OPENING_CONTEXT = frozenset(" \t\n\r([{—–-/\u00a0:")
# Two apostrophes and two backticks stand for double marks in some archives (NYT: ''...'').
_MARK = re.compile("''|``|[\"“”«»„″]")


@dataclass(frozen=True, slots=True)
class _Mark:
    offset: int
    opens: bool
    closes: bool
    length: int = 1


def _classify(text: str, i: int, length: int) -> _Mark:
    """Decide whether the mark at ``i`` can open and/or close a quotation."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + length] if i + length < len(text) else " "
    if ch == "`":
        return _Mark(i, True, False, length)
    # A curly mark facing the wrong way ("”Mr. Trump ...", "... here“ he said") is
    # common in pasted text; clear context overrides its shape.
    if ch in OPEN_MARKS:
        wrong = before not in OPENING_CONTEXT and (after.isspace() or after in ",.;:!?")
        return _Mark(i, not wrong, wrong)
    if ch in CLOSE_MARKS:
        wrong = before in "\n\r" or (before in OPENING_CONTEXT and after.isalnum())
        return _Mark(i, wrong, True)
    if before in OPENING_CONTEXT and not after.isspace():
        return _Mark(i, True, False, length)
    if before not in OPENING_CONTEXT and (after.isspace() or not after.isalnum()):
        return _Mark(i, False, True, length)
    # Ambiguous (e.g. a mark between spaces): let the pairing state decide.
    return _Mark(i, True, True, length)


def _marks(text: str) -> Iterator[_Mark]:
    for m in _MARK.finditer(text):
        yield _classify(text, m.start(), m.end() - m.start())


def _paragraph_start(text: str, i: int) -> int:
    """Return the offset of the first character of the line holding ``i``."""
    return text.rfind("\n", 0, i) + 1


def _starts_paragraph(text: str, i: int) -> bool:
    """Return True when only whitespace lies between the line start and ``i``."""
    return not text[_paragraph_start(text, i) : i].strip()


def _line_end(text: str, start: int) -> int:
    """Return the offset where the line holding ``start`` ends, trailing spaces dropped."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Return the direct quotations in ``text`` as ``(start, end)`` offsets, marks included.

    A quotation left open at the end of its paragraph continues when the next
    paragraph opens with a quote mark (the news convention for long quotes);
    otherwise it ends with its paragraph. A stray closing mark at the end of a
    paragraph with no opening mark quotes the paragraph from its start.
    """
    quotes: list[tuple[int, int]] = []
    start: int | None = None
    last = 0  # offset of the last mark inside the open quotation
    depth = 0  # curly quotations nested inside the open one ("... what he calls “hell” ...")
    for mark in _marks(text):
        i = mark.offset
        if start is not None and "\n" in text[last:i]:
            if mark.opens and _starts_paragraph(text, i) and text.count("\n", last, i) <= 2:
                last = i
                continue  # next paragraph of the same quotation
            quotes.append((start, _line_end(text, last)))
            start = None
        if start is None:
            depth = 0
            if mark.opens:
                start = last = i
            elif _is_stray_close(text, i, quotes):
                quotes.append((_first_char(text, _paragraph_start(text, i)), i + mark.length))
            continue
        last = i
        if mark.opens and not mark.closes and text[start] in OPEN_MARKS and text[i] == text[start]:
            depth += 1
        elif mark.closes and depth:
            depth -= 1
        elif mark.closes:
            quotes.append((start, i + mark.length))
            start = None
    if start is not None:
        quotes.append((start, _line_end(text, last)))
    return [q for q in quotes if q[1] - q[0] > 2]


def _first_char(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _is_stray_close(text: str, i: int, quotes: list[tuple[int, int]]) -> bool:
    """Return True for a closing mark with no quote before it on its line, ending a sentence."""
    line_start = _paragraph_start(text, i)
    if quotes and quotes[-1][1] > line_start:
        return False
    return i > line_start and text[i - 1] in ".!?…" and _line_end(text, i) <= i + 3


def quote_at(quotes: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """Return the quotation containing ``offset``, or None."""
    for q in quotes:
        if q[0] <= offset < q[1]:
            return q
        if q[0] > offset:
            break
    return None
