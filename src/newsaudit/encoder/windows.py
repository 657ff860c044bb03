"""Word-piece windows of sentences, with character offsets into the article text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..article import Span

# MiniLM was pre-trained on at most 512 positions; news sentences average about 27 word
# pieces, and 126 pieces plus [CLS] and [SEP] cover 99.7% of PTC sentences in one window.
MAX_PIECES = 126
CLS_ID, SEP_ID = 101, 102


@dataclass(frozen=True, slots=True)
class Window:
    """A run of at most MAX_PIECES word pieces of one sentence, with character offsets."""

    ids: tuple[int, ...]
    offsets: tuple[tuple[int, int], ...]  # into the article text, one per word piece
    sentence: int = 0  # index of the sentence it belongs to


def tokenize_windows(tokenizer: Any, text: str, sentences: Sequence[Span]) -> list[Window]:
    """Cut each sentence of ``text`` into word-piece windows with article offsets."""
    windows: list[Window] = []
    for n, sent in enumerate(sentences):
        chunk = text[sent.start : sent.end]
        if not chunk.strip():
            continue
        enc = tokenizer.encode(chunk, add_special_tokens=False)
        ids, offs = list(enc.ids), [(s + sent.start, e + sent.start) for s, e in enc.offsets]
        for i in range(0, len(ids), MAX_PIECES):
            if ids[i : i + MAX_PIECES]:
                windows.append(Window(tuple(ids[i : i + MAX_PIECES]), tuple(offs[i : i + MAX_PIECES]), n))
    return windows


def piece_range(window: Window, start: int, end: int) -> tuple[int, int] | None:
    """Return the ``[first, last)`` word pieces of ``window`` that overlap ``start:end``."""
    idx = [i for i, (s, e) in enumerate(window.offsets) if s < end and start < e]
    return (idx[0], idx[-1] + 1) if idx else None
