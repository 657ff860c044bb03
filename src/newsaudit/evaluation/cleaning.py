"""Evaluate the cleaner in text mode on an HTML benchmark with gold article bodies.

Each page's HTML is rendered to its visible text, one block-level element per
line (what a copy of the page as plain text looks like); the cleaner then
removes the furniture, and the kept text is scored against the gold
``articleBody`` with the benchmark's shingle metric (:mod:`.shingles`), beside
the keep-everything baseline.

Pages are split into our own ``train``/``dev`` parts by SITE GROUP
(:func:`page_groups`, :func:`part_of`): the ``group`` field of a
``ground-truth.json`` entry where there is one (``article-extraction-more``),
else the registrable domain of the page's own address (``og:url``, canonical
link, ``<base href>``), else the page id. No site is in both parts, so the
classifier shipped with the cleaner is tuned on one part and reported on
sites it has never seen; the data sets' official held-out parts are elsewhere.
Results are given per source (the id prefix: ``ps``, ``cpe``, ``rd``, ``ce``;
``dragnet`` for numeric ids) as well as overall.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import EvalDataError
from ..ingest.html import visible_text
from . import EvalResult
from .shingles import TpFpFn, compare_systems, string_shingle_matching

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
# The dragnet gold separator line between article and comments (SOURCE.md).
_COMMENTS_SEPARATOR = re.compile(r"^[!@#$%^&*() ]+COMMENTS\s*$", re.M)
# Share of site groups in the dev part of our split (the rest is train).
DEV_SHARE_PERCENT = 20
# Salt of the group hash, so that our dev part is not correlated with the cut
# the data set's publisher made with a bare sha1 of the group.
_SPLIT_SALT = "newsaudit-dev-v2:"
_PAGE_URL = (
    re.compile(r"""<meta[^>]+property=["']og:url["'][^>]+content=["'](https?://[^"']+)""", re.I),
    re.compile(r"""<meta[^>]+content=["'](https?://[^"']+)["'][^>]+property=["']og:url""", re.I),
    re.compile(r"""<link[^>]+rel=["']canonical["'][^>]+href=["'](https?://[^"']+)""", re.I),
    re.compile(r"""<link[^>]+href=["'](https?://[^"']+)["'][^>]+rel=["']canonical""", re.I),
    re.compile(r"""<base[^>]+href=["'](https?://[^"']+)""", re.I),
)
# Second-level labels under which a registrable domain takes three labels (bbc.co.uk).
_SECOND_LEVEL = frozenset(["co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gv", "nic"])


def split_of(key: str) -> str:
    """Return ``"dev"`` or ``"train"`` for a site group (or any key), stable across machines."""
    digest = hashlib.sha1((_SPLIT_SALT + key).encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE_PERCENT else "train"


def site_of(url: str) -> str | None:
    """Return the registrable part of a URL's host (``news.bbc.co.uk`` -> ``bbc.co.uk``)."""
    m = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", url.strip(), re.I)
    if not m:
        return None
    labels = m.group(1).lower().rstrip(".").split(".")
    if len(labels) < 2:
        return None
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def page_site(data: bytes) -> str | None:
    """Return the site of a page from the address it gives itself (og:url, canonical, base)."""
    head = data[:200_000].decode("utf-8", errors="replace")
    for rx in _PAGE_URL:
        if (m := rx.search(head)) and (site := site_of(m.group(1))):
            return site
    return None


def source_of(page_id: str) -> str:
    """Return the source of a page id: its prefix (``ps``, ``cpe``, ``rd``, ``ce``) or ``dragnet``."""
    prefix = page_id.split("-", 1)[0]
    return prefix if prefix in ("ps", "cpe", "rd", "ce") and "-" in page_id else "dragnet"


def page_groups(html_dir: Path, truth: Path) -> dict[str, str]:
    """Return ``{page id: site group}``: the gold's ``group``, else the page's site, else its id."""
    try:
        data = json.loads(Path(truth).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalDataError(
            f"cannot read the gold file {truth}: {exc}; pass the data set's ground-truth.json"
        ) from exc
    groups = {}
    for page_id, entry in data.items():
        group = entry.get("group") if isinstance(entry, dict) else None
        if not group:
            try:
                group = page_site(read_page(html_dir, page_id))
            except EvalDataError:
                group = None
        groups[str(page_id)] = str(group or f"page:{page_id}")
    return groups


def source_ids(ids: set[str], source: str) -> set[str]:
    """Return the ids of ``ids`` from one source (``news`` pools ``ps``, ``cpe`` and ``rd``)."""
    wanted = set(NEWS_SOURCES) if source == "news" else {source}
    return {k for k in ids if source_of(k) in wanted}


def part_ids(html_dir: Path, truth: Path, part: str) -> set[str] | None:
    """Return the page ids of our ``dev`` or ``train`` part (by site group); None for ``all``."""
    if part == "all":
        return None
    return {k for k, g in page_groups(html_dir, truth).items() if split_of(g) == part}


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: UTF-8, else the declared charset, else Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    # Windows-1252 is what browsers assume for undeclared legacy pages.
    return data.decode("cp1252", errors="replace")


def render_visible_text(markup: str | bytes) -> str:
    """Return the visible text of an HTML page, one block per line, spaces collapsed."""
    return visible_text(decode_html(markup) if isinstance(markup, bytes) else markup)


def load_truth(truth: Path) -> dict[str, str]:
    """Return ``{page id: gold articleBody}`` from a benchmark ``ground-truth.json``."""
    try:
        data = json.loads(Path(truth).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalDataError(
            f"cannot read the gold file {truth}: {exc}; pass the data set's ground-truth.json"
        ) from exc
    if not isinstance(data, dict):
        raise EvalDataError(f"{truth} is not a JSON object of pages; pass the data set's ground-truth.json")
    return {
        str(k): _repair_utf16(str(v.get("articleBody", ""))) for k, v in data.items() if isinstance(v, dict)
    }


def _repair_utf16(text: str) -> str:
    """Undo a UTF-16 file decoded as Windows-1252 (its BOM reads "ÿþ"); else return as is.

    Four dragnet gold files are UTF-16; without this their gold is mojibake and
    every system scores 0 on them.
    """
    if not text.startswith(("ÿþ", "þÿ")):
        return text
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        data = text.encode("latin-1", errors="replace")
    repaired = data.decode("utf-16", errors="replace").lstrip("\ufeff")
    repaired = repaired.replace("\r\n", "\n").replace("\r", "\n")
    # The comments were never split off these files: cut at the gold separator.
    return _COMMENTS_SEPARATOR.split(repaired, maxsplit=1)[0].strip()


def read_page(html_dir: Path, page_id: str) -> bytes:
    """Return the HTML bytes of a page stored as ``<id>.html.gz`` or ``<id>.html``."""
    for name, opener in ((f"{page_id}.html.gz", gzip.open), (f"{page_id}.html", open)):
        path = Path(html_dir) / name
        if path.exists():
            with opener(path, "rb") as fh:
                return bytes(fh.read())
    raise EvalDataError(f"no HTML for page {page_id} in {html_dir}; expected {page_id}.html.gz")


def iter_pages(
    html_dir: Path, truth: Path, limit: int | None = None, ids: set[str] | None = None
) -> Iterator[tuple[str, str, str]]:
    """Yield ``(page id, rendered text, gold text)`` in sorted id order."""
    if not Path(html_dir).is_dir():
        raise EvalDataError(f"HTML folder {html_dir} not found; pass the data set's html/ folder")
    gold = load_truth(truth)
    chosen = sorted(k for k in gold if ids is None or k in ids)
    for page_id in chosen[:limit] if limit is not None else chosen:
        yield page_id, render_visible_text(read_page(html_dir, page_id)), gold[page_id]


# Sources read apart (the gold conventions differ); "news" pools the news-page sources.
NEWS_SOURCES = ("ps", "cpe", "rd")
SOURCE_ORDER = ("dragnet", "ps", "cpe", "rd", "news", "ce")


def by_source(
    page_ids: Sequence[str], systems: Sequence[tuple[str, str, Sequence[TpFpFn]]], title: str
) -> EvalResult:
    """Return an EvalResult with overall and per-source rows for systems scored on ``page_ids``.

    Overall metrics keep their bare/prefixed keys (``f1``, ``baseline_f1``); a source's
    keys start with its name (``ps_f1``, ``news_baseline_f1``).
    """
    metrics, overall = compare_systems(systems)
    metrics["pages"] = float(len(page_ids))
    rows = [("all", str(len(page_ids)), *row) for row in overall]
    sources = [source_of(p) for p in page_ids]
    present = set(sources)
    if present & set(NEWS_SOURCES):
        present.add("news")
    for src in (s for s in SOURCE_ORDER if s in present and len(present) > 1):
        keep = [i for i, s in enumerate(sources) if s == src or (src == "news" and s in NEWS_SOURCES)]
        part = [(n, f"{src}_{pre}", [c[i] for i in keep]) for n, pre, c in systems]
        m, r = compare_systems(part)
        metrics.update(m)
        metrics[f"{src}_pages"] = float(len(keep))
        rows += [(src, str(len(keep)), *row) for row in r]
    notes = [f"{len(page_ids)} pages; shingle (word 4-gram) P/R/F1, ScrapingHub benchmark definition"]
    header = ("source", "pages", "system", "precision", "recall", "f1")
    return EvalResult(title, metrics, rows, header, notes)


def evaluate(
    html_dir: Path, truth: Path, limit: int | None = None, ids: set[str] | None = None
) -> EvalResult:
    """Score the cleaner's kept text and the keep-everything baseline on rendered pages."""
    from ..components.clean import clean_text

    cleaned, baseline, pages = [], [], []
    for page_id, rendered, gold in iter_pages(html_dir, truth, limit, ids):
        cleaned.append(string_shingle_matching(gold, clean_text(rendered).text))
        baseline.append(string_shingle_matching(gold, rendered))
        pages.append(page_id)
    if not cleaned:
        raise EvalDataError(
            f"no pages to evaluate in {html_dir} (limit={limit}, ids given: {ids is not None})"
        )
    systems = [("clean", "", cleaned), ("keep everything", "baseline_", baseline)]
    return by_source(pages, systems, "Cleaning (text mode)")
