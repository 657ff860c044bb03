"""The sanity gate: recognise pages that are not one readable article, and fix metadata.

Cookie or consent walls, paywall stubs, error pages and index/listing pages are refused
(NotAnArticleError, exit 3) or flagged; truncated bodies are flagged; junk bylines ("2 hours
ago", "5 min read") are dropped from ``meta.author``; wire-agency credits ("(Reuters) —") go
to ``meta.wire``. Thresholds are documented constants; phrases live in ``lexicons/gate.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..article import Meta
from ..lexicons import read_lexicon

# A real article body has well over this many words; walls and stubs have fewer.
SHORT_BODY_WORDS = 250
ERROR_BODY_WORDS = 150
TOO_SHORT_WORDS = 80
# Several <article> blocks over a short body make a listing; article pages have one (or a few
# teasers under a long body). Sidebars full of headline links are common on real article pages
# (measured on the Dragnet pages), so link counts alone never refuse a page.
INDEX_MAX_BODY_WORDS = 200
INDEX_ARTICLE_ELEMENTS = 4
# A body in which this many lines, and this share of words, are headline links is a listing.
INDEX_LINKED_LINES = 5
INDEX_LINK_SHARE = 0.35
MAX_BYLINE_CHARS = 60

WIRE_AGENCIES = (
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "Bloomberg",
    "dpa",
    "Xinhua",
    "UPI",
    "PA",
    "ANSA",
    "EFE",
    "Anadolu",
    "TASS",
    "Kyodo",
    "Yonhap",
    "CNA",
)
_AGENCY = "|".join(re.escape(a) for a in sorted(WIRE_AGENCIES, key=len, reverse=True))
# A dateline credit at the start of a line near the top ("LONDON (Reuters) -", "AP —"), or a
# closing credit ("Reuters contributed to this report").
_WIRE_PATTERNS = (
    re.compile(rf"^\s*(?:[A-Z][\w.,' -]{{0,40}}?\s*)?\((?P<agency>{_AGENCY})\)\s*[-—–:]", re.MULTILINE),
    re.compile(rf"^\s*(?P<agency>{_AGENCY})\s*[-—–]\s", re.MULTILINE),
    re.compile(rf"\b(?P<agency>{_AGENCY}) contributed to this report"),
)


@dataclass(frozen=True, slots=True)
class GateFinding:
    """One thing the gate noticed; ``refuse`` means the page is not audited."""

    code: str
    message: str
    refuse: bool = False


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    kinds: dict[str, list[str]] = {}
    for kind, phrase in read_lexicon("gate.txt"):
        kinds.setdefault(kind, []).append(re.escape(phrase))
    return {k: re.compile(rf"\b(?:{'|'.join(v)})\b", re.IGNORECASE) for k, v in kinds.items()}


def _hits(kind: str, text: str) -> int:
    return len(_patterns()[kind].findall(text))


def _words(text: str) -> int:
    return len(text.split())


def check_page(html: str, text: str, meta: Meta) -> tuple[list[GateFinding], Meta]:
    """Return the gate's findings for a page and its corrected metadata."""
    findings = [f for f in (_consent(text), _paywall(text), _error(text, meta), _index(html, text)) if f]
    findings += [f for f in (_truncated(text),) if f and not any(x.refuse for x in findings)]
    meta, byline = _fix_byline(meta)
    meta, wire = _wire(text, meta)
    return findings + [f for f in (byline, wire) if f], meta


def _consent(text: str) -> GateFinding | None:
    hits, words = _hits("consent", text), _words(text)
    if hits >= 2 and words < SHORT_BODY_WORDS:
        return GateFinding(
            "cookie_wall",
            f"the page is a cookie or consent wall ({hits} consent phrases in {words} words), not an article",
            True,
        )
    if hits >= 3:
        return GateFinding("consent_text", "cookie/consent text is mixed into the extracted article")
    return None


def _paywall(text: str) -> GateFinding | None:
    hits, words = _hits("paywall", text), _words(text)
    if hits and words < SHORT_BODY_WORDS:
        return GateFinding("paywall", f"the page is a paywall stub: only {words} words are visible", True)
    if hits:
        return GateFinding(
            "paywall_text", "a paywall prompt appears inside the article; the body may be partial"
        )
    return None


def _error(text: str, meta: Meta) -> GateFinding | None:
    probe = f"{meta.title or ''}\n{text[:500]}"
    if _hits("error", probe) and _words(text) < ERROR_BODY_WORDS:
        return GateFinding(
            "error_page", "the page is an error page (not found, forbidden or failed), not an article", True
        )
    return None


_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_ARTICLE_TAG = re.compile(r"<article\b", re.IGNORECASE)


def _anchor_texts(html: str) -> set[str]:
    texts = (" ".join(_TAGS.sub(" ", m.group(1)).split()) for m in _ANCHOR.finditer(html))
    return {t.lower() for t in texts if _words(t) >= 4}


def _index(html: str, text: str) -> GateFinding | None:
    headlines = _anchor_texts(html)
    lines = [" ".join(line.split()).lower() for line in text.splitlines() if line.strip()]
    linked = [line for line in lines if line in headlines]
    words = _words(text)
    link_share = sum(_words(line) for line in linked) / max(words, 1)
    articles = len(_ARTICLE_TAG.findall(html))
    body_is_links = len(linked) >= INDEX_LINKED_LINES and link_share >= INDEX_LINK_SHARE
    many_articles = articles >= INDEX_ARTICLE_ELEMENTS and words < 2 * INDEX_MAX_BODY_WORDS
    if body_is_links or many_articles:
        return GateFinding(
            "index_page",
            f"the page looks like an index or listing page ({len(headlines)} headline links, {len(linked)} of them in the body, "
            f"{articles} <article> blocks, {words} words of body)",
            True,
        )
    return None


def _truncated(text: str) -> GateFinding | None:
    tail = text.rstrip()[-200:]
    last_line = tail.splitlines()[-1] if tail else ""
    if _words(text) < TOO_SHORT_WORDS:
        return GateFinding("short_body", f"the body has only {_words(text)} words; it may be truncated")
    if tail.endswith(("…", "...")) or _hits("truncation", last_line):
        return GateFinding(
            "truncated", "the body ends mid-way ('…' or 'read more'); the article is probably truncated"
        )
    if tail and tail[-1] not in ".!?\"”’)]':":
        return GateFinding("truncated", "the body ends without closing punctuation; it may be truncated")
    return None


def _fix_byline(meta: Meta) -> tuple[Meta, GateFinding | None]:
    author = meta.author
    if not author:
        return meta, None
    junk = len(author) > MAX_BYLINE_CHARS or _hits("junk_byline", author) or re.search(r"\d", author)
    if not junk:
        return meta, None
    return replace(meta, author=None), GateFinding("junk_byline", f"dropped a junk byline {author!r}")


def _wire(text: str, meta: Meta) -> tuple[Meta, GateFinding | None]:
    head, tail = text[:400], text[-600:]
    for pattern, probe in ((_WIRE_PATTERNS[0], head), (_WIRE_PATTERNS[1], head), (_WIRE_PATTERNS[2], tail)):
        m = pattern.search(probe)
        if m:
            agency = m.group("agency")
            return replace(meta, wire=agency), GateFinding("wire", f"syndicated from {agency}")
    return meta, None
