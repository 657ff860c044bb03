"""Outlet profiles: per site, how its articles are sourced, read from a corpus store.

Per site: articles audited (and failed), the score distribution (mean, quartiles, a ten-bin
histogram), the share of statements on anonymous or unnamed sources, the share of statements that are
self-report (sources the score's independence dimension names; unknown for reports without
it), technique spans per 1,000 words, and the share of claims whose denial the article carries (a claim linked to at least
one denial). ``load_factuality`` reads outlet factuality labels (Baly et al. / MBFC) so a
profile can be set beside its outlet's label.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..labels import UNNAMED_TYPES
from .inputs import site_of
from .store import Store

BINS = 10  # score histogram: 0-9, 10-19, ..., 90-100
UNKNOWN_SITE = "(no site)"


@dataclass
class OutletProfile:
    """One site's profile; shares are None when there was nothing to count."""

    site: str
    articles: int
    failures: int = 0
    score_mean: float | None = None
    score_p25: float | None = None
    score_median: float | None = None
    score_p75: float | None = None
    score_histogram: list[int] = field(default_factory=lambda: [0] * BINS)
    statements: int = 0
    unnamed_share: float | None = None
    self_report_share: float | None = None
    techniques_per_1000_words: float | None = None
    claims: int = 0
    denial_carried_share: float | None = None
    factuality: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_SITE = f"coalesce(a.site, '{UNKNOWN_SITE}')"

_SCORES = f"""
SELECT {_SITE} AS site, count(*), avg(r.score), quantile_cont(r.score, 0.25), median(r.score),
       quantile_cont(r.score, 0.75), sum(r.words)
FROM reports r JOIN articles a USING (id) GROUP BY 1"""
_HIST = f"""
SELECT {_SITE}, least(r.score // 10, {BINS - 1}) AS bin, count(*)
FROM reports r JOIN articles a USING (id) WHERE r.score IS NOT NULL GROUP BY 1, 2"""
_FAILURES = f"SELECT {_SITE}, count(*) FROM failures f JOIN articles a USING (id) GROUP BY 1"
_STATEMENTS = f"""
SELECT {_SITE}, count(*), count(*) FILTER (WHERE t.source_type IN ({{unnamed}})),
       count(t.self_report), count(*) FILTER (WHERE t.self_report)
FROM attributions t JOIN articles a USING (id) GROUP BY 1"""
_TECHNIQUES = f"SELECT {_SITE}, count(*) FROM techniques t JOIN articles a USING (id) GROUP BY 1"
_CLAIMS = f"""
SELECT {_SITE}, count(*), count(*) FILTER (WHERE len(c.denials) > 0)
FROM claims c JOIN articles a USING (id) GROUP BY 1"""


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def outlet_profiles(store_dir: str | Path, labels: dict[str, str] | None = None) -> list[OutletProfile]:
    """Return one profile per site of the store, most articles first (then by site)."""
    with Store(store_dir, read_only=True) as store:
        profiles: dict[str, OutletProfile] = {}
        words: dict[str, int] = {}
        for site, n, mean, p25, med, p75, total_words in store.query(_SCORES):
            profiles[site] = OutletProfile(
                site, int(n), 0, _round(mean), _round(p25), _round(med), _round(p75)
            )
            words[site] = int(total_words or 0)
        for site, n in store.query(_FAILURES):
            profiles.setdefault(site, OutletProfile(site, 0)).failures = int(n)
        for site, b, n in store.query(_HIST):
            profiles[site].score_histogram[int(b)] = int(n)
        unnamed = ", ".join(f"'{t}'" for t in sorted(UNNAMED_TYPES))
        for site, n, anon, flagged, selfrep in store.query(_STATEMENTS.format(unnamed=unnamed)):
            p = profiles[site]
            p.statements, p.unnamed_share = int(n), _share(int(anon), int(n))
            p.self_report_share = _share(int(selfrep), int(flagged))
        for site, n in store.query(_TECHNIQUES):
            profiles[site].techniques_per_1000_words = (
                round(1000 * int(n) / words[site], 2) if words.get(site) else None
            )
        for site in profiles:
            if profiles[site].techniques_per_1000_words is None and words.get(site):
                profiles[site].techniques_per_1000_words = 0.0
        for site, n, carried in store.query(_CLAIMS):
            profiles[site].claims, profiles[site].denial_carried_share = int(n), _share(int(carried), int(n))
    for p in profiles.values():
        p.factuality = (labels or {}).get(p.site)
    return sorted(profiles.values(), key=lambda p: (-p.articles, p.site))


FIELDS = tuple(OutletProfile.__dataclass_fields__)


def profiles_json(profiles: list[OutletProfile]) -> str:
    """Render profiles as JSON: {"outlets": [...]}."""
    return json.dumps({"outlets": [p.to_dict() for p in profiles]}, indent=2)


def profiles_csv(profiles: list[OutletProfile]) -> str:
    """Render profiles as CSV, one row per site (the histogram as space-separated counts)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for p in profiles:
        row = p.to_dict()
        row["score_histogram"] = " ".join(str(n) for n in p.score_histogram)
        writer.writerow(["" if row[f] is None else row[f] for f in FIELDS])
    return out.getvalue()


_FACT_MBFC = {
    "very high": "high",
    "high": "high",
    "mostly factual": "mixed",
    "mixed": "mixed",
    "low": "low",
    "very low": "low",
}


def load_factuality(folder: str | Path) -> dict[str, str]:
    """Read outlet factuality (high / mixed / low) by site from the media-reliability folder.

    Baly et al. ACL 2020 first, then EMNLP 2018, then MBFC's factual_reporting (very high and
    high -> high, mostly factual and mixed -> mixed, low and very low -> low) for sites that
    neither names.
    """
    base = Path(folder)
    labels: dict[str, str] = {}
    for name in ("baly2020_acl2020_corpus.tsv", "baly2018_emnlp18_corpus.tsv"):
        path = base / name
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    site = site_of(row["source_url"])
                    if site and row["fact"] in ("high", "mixed", "low"):
                        labels.setdefault(site, row["fact"])
    mbfc = base / "idiap_mbfc.csv"
    if mbfc.is_file():
        with mbfc.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                fact = _FACT_MBFC.get((row.get("factual_reporting") or "").strip().lower())
                if fact and (site := site_of(row["source"])):
                    labels.setdefault(site, fact)
    return labels
