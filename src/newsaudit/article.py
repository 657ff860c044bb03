"""Article, Span and the finding types: invariants only, no logic.

Every finding is built of :class:`Span` objects, half-open character offsets into
``Article.text`` (the cleaned text), except ``Article.removed`` whose spans index
``Article.raw``. The invariant every test may check::

    article.text[span.start:span.end] == the highlighted text
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open ``[start, end)`` range of characters with a label."""

    start: int
    end: int
    label: str = ""
    score: float | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}:{self.end}")

    def text_of(self, text: str) -> str:
        """Return the slice of ``text`` this span covers."""
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """Return True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """Return True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Map offsets of the cleaned text back to the raw input.

    ``segments`` are ``(text_start, raw_start, length)`` triples, sorted, for the
    stretches of ``text`` copied verbatim from ``raw``; separators inserted by the
    cleaner map to the raw offset where the next segment starts.
    """

    segments: tuple[tuple[int, int, int], ...] = ()

    def to_raw(self, offset: int) -> int:
        """Return the raw offset of text offset ``offset``."""
        if not self.segments:
            return offset
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return self.segments[0][1]
        t0, r0, n = self.segments[i]
        if offset - t0 <= n:
            return r0 + (offset - t0)
        if i + 1 < len(self.segments):
            return self.segments[i + 1][1]
        return r0 + n


@dataclass(frozen=True, slots=True)
class Meta:
    """What is known about the article besides its text."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    site: str | None = None
    language: str | None = None
    wire: str | None = None  # the wire agency a syndicated story credits ("Reuters")
    credits: str | None = None  # end-of-story credits ("Reporting by ...; Editing by ..."), "; "-joined

    def as_dict(self) -> dict[str, str | None]:
        """Return the metadata as a plain dict (the report's ``meta``)."""
        return {
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "site": self.site,
            "language": self.language,
            "wire": self.wire,
            "credits": self.credits,
        }


@dataclass(frozen=True, slots=True)
class Removal:
    """A stretch of the raw input the cleaner removed, and why."""

    span: Span  # offsets into Article.raw; label is the reason code
    reason: str


@dataclass(frozen=True, slots=True)
class Attribution:
    """One reported statement: who (source), how (cue), what (content).

    ``parent`` is the id of the attribution that relays this one: in "Anadolu
    reports that X, according to local sources", the local sources' attribution
    has the Anadolu attribution as parent. ``name`` is the full name a pronoun or
    surname source refers to, when it could be resolved.
    """

    id: str
    source: Span
    source_type: str
    cue: Span | None
    content: Span
    parent: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Denial:
    """A statement that denies, rejects or declines to confirm something.

    ``source`` is the attribution that voices the denial (None: the article's own
    voice); ``target`` the attribution whose content it answers, when found.
    """

    id: str
    span: Span
    source: str | None = None
    target: str | None = None
    cue: Span | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A check-worthy factual claim and what it rests on.

    ``attributions`` are the ids of the attributions whose content carries the claim (empty:
    the article's own voice); ``hedges`` the hedge spans inside or governing it; ``denials``
    the ids of denials in the article that answer it.
    """

    id: str
    span: Span
    checkworthiness: float
    attributions: tuple[str, ...] = ()
    hedges: tuple[Span, ...] = ()
    denials: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Technique:
    """A propaganda technique or loaded-language span."""

    span: Span  # label is the technique name
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason behind the sourcing score, with the spans that caused it."""

    text: str
    effect: float
    spans: tuple[Span, ...] = ()
    dimension: str = "sourcing"  # the sub-score it belongs to (scoring.DIMENSIONS)


@dataclass(frozen=True, slots=True)
class SubScore:
    """One dimension of the score: its own 0-100 value (None: not judged) and its reasons."""

    name: str
    value: int | None
    reasons: tuple[Reason, ...] = ()
    limits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    """The sourcing score: 0-100, a label, and only explained reasons, grouped in dimensions."""

    value: int
    label: str
    reasons: tuple[Reason, ...] = ()
    dimensions: tuple[SubScore, ...] = ()


@dataclass(frozen=True, slots=True)
class EncodedWindow:
    """The shared encoder's outputs over one window of a sentence's word pieces.

    Arrays are float32 bytes, read back by :mod:`newsaudit.encoder`: bytes keep the Article
    frozen, comparable and cheap to send between processes.
    """

    offsets: tuple[tuple[int, int], ...]  # one per word piece, into Article.text
    inside: bytes  # per piece: P(inside a propaganda span)
    technique: bytes  # per piece x technique: the piece's share of the technique logits
    technique_cls: bytes  # per technique: the window's [CLS] share, bias included


@dataclass(frozen=True, slots=True)
class EncodedSentence:
    """The shared encoder's outputs for one sentence (``encoder`` component); not reported."""

    sentence: Span
    windows: tuple[EncodedWindow, ...]
    checkworthiness: float
    stance: tuple[float, ...]  # P(for, observing, against), Emergent's stances


@dataclass(frozen=True, slots=True)
class Article:
    """One article at some stage of the pipeline; components return new ones."""

    raw: str
    text: str
    meta: Meta = field(default_factory=Meta)
    offsets: OffsetMap = field(default_factory=OffsetMap)
    removed: tuple[Removal, ...] = ()
    sentences: tuple[Span, ...] = ()
    entities: tuple[Span, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    denials: tuple[Denial, ...] = ()
    hedges: tuple[Span, ...] = ()
    claims: tuple[Claim, ...] = ()
    techniques: tuple[Technique, ...] = ()
    # One shared encoder pass per sentence (encoder component), read by the learned components.
    encoded: tuple[EncodedSentence, ...] = field(default=(), repr=False)
    score: Score | None = None
    limits: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    # True when ``raw`` is what an HTML extractor kept of a page (the cleaner's HTML threshold).
    extracted: bool = False
    # The spaCy Doc of ``text`` (parse component); not part of any report.
    doc: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_text(cls, text: str, **kwargs: Any) -> Article:
        """Build an article whose cleaned text is ``text`` as given."""
        return cls(raw=text, text=text, **kwargs)

    def attribution(self, attribution_id: str) -> Attribution | None:
        """Return the attribution with this id, or None."""
        for a in self.attributions:
            if a.id == attribution_id:
                return a
        return None
