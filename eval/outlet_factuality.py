"""Set corpus measures beside outlet factuality labels: what separates low from high outlets?

    python eval/outlet_factuality.py STORE --labels ../shared/data/media-reliability [--json]

Every audited article inherits its site's label (high / mixed / low; Baly et al. 2020, 2018,
then MBFC). For each per-article measure, the AUC of "low or mixed" against "high" (0.5: no
separation; below 0.5: the measure is *lower* on low-factuality outlets), with a 95% interval
from a bootstrap that resamples **sites**, not articles (articles of one site are not
independent; this is the grouping that could leak). Per-site means are listed for the sites
with at least ``--min-articles`` articles.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsaudit.corpus import Store
from newsaudit.corpus.outlets import load_factuality, outlet_profiles

# Per-article measures, as SQL over the store (one row per audited article).
MEASURES = {
    "score": "r.score",
    "unnamed_share": "(SELECT avg(CASE WHEN t.source_type IN ('anonymous', 'unnamed_official') THEN 1.0 ELSE 0.0 END) FROM attributions t WHERE t.id = r.id)",
    "self_report_share": "(SELECT avg(CASE WHEN t.self_report THEN 1.0 ELSE 0.0 END) FROM attributions t WHERE t.id = r.id)",
    "statements_per_1000_words": "1000.0 * (SELECT count(*) FROM attributions t WHERE t.id = r.id) / nullif(r.words, 0)",
    "techniques_per_1000_words": "1000.0 * (SELECT count(*) FROM techniques t WHERE t.id = r.id) / nullif(r.words, 0)",
    "denial_carried_share": "(SELECT avg(CASE WHEN len(c.denials) > 0 THEN 1.0 ELSE 0.0 END) FROM claims c WHERE c.id = r.id)",
    "words": "r.words",
}


def auc(pos: list[float], neg: list[float]) -> float | None:
    """Return P(pos > neg) + P(tie)/2 (Mann-Whitney), None without both groups."""
    if not pos or not neg:
        return None
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum, i = 0.0, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2
        rank_sum += mean_rank * sum(1 for k in range(i, j) if allv[k][1] == 1)
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def site_bootstrap(
    rows: list[tuple[str, str, float]], n: int = 1000, seed: int = 0
) -> tuple[float, float] | None:
    """95% interval of the AUC, resampling sites with replacement."""
    by_site: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for site, label, value in rows:
        by_site[site].append((label, value))
    sites = sorted(by_site)
    rng = random.Random(seed)
    values = []
    for _ in range(n):
        sample = [rng.choice(sites) for _ in sites]
        pos = [v for s in sample for lab, v in by_site[s] if lab != "high"]
        neg = [v for s in sample for lab, v in by_site[s] if lab == "high"]
        a = auc(pos, neg)
        if a is not None:
            values.append(a)
    if not values:
        return None
    values.sort()
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def evaluate(store_dir: Path, labels_dir: Path, min_articles: int, prefix: str = "") -> dict[str, Any]:
    labels = load_factuality(labels_dir)
    out: dict[str, Any] = {"measures": {}, "articles": {}, "sites": {}}
    with Store(store_dir, read_only=True) as store:
        for name, sql in MEASURES.items():
            rows = [
                (site, labels[site], float(v))
                for site, v in store.query(
                    f"SELECT a.site, {sql} FROM reports r JOIN articles a USING (id) WHERE starts_with(r.id, ?)",
                    [prefix],
                )
                if site in labels and v is not None
            ]
            pos = [v for _, lab, v in rows if lab != "high"]
            neg = [v for _, lab, v in rows if lab == "high"]
            means = {
                g: round(
                    sum(v for _, lab, v in rows if lab == g)
                    / max(1, sum(1 for _, lab, _ in rows if lab == g)),
                    4,
                )
                for g in ("high", "mixed", "low")
            }
            a = auc(pos, neg)
            out["measures"][name] = {
                "auc_low_or_mixed_vs_high": None if a is None else round(a, 3),
                "site_bootstrap_95": [round(x, 3) for x in site_bootstrap(rows) or ()],
                "mean_by_label": means,
                "articles": len(rows),
            }
        counts = store.query(
            "SELECT a.site FROM reports r JOIN articles a USING (id) WHERE starts_with(r.id, ?)", [prefix]
        )
    for (site,) in counts:
        lab = labels.get(site, "unlabelled")
        out["articles"][lab] = out["articles"].get(lab, 0) + 1
    out["sites"] = {
        p.site: {
            "factuality": p.factuality,
            "articles": p.articles,
            "score_mean": p.score_mean,
            "unnamed_share": p.unnamed_share,
            "self_report_share": p.self_report_share,
            "techniques_per_1000_words": p.techniques_per_1000_words,
            "denial_carried_share": p.denial_carried_share,
        }
        for p in outlet_profiles(store_dir, labels)
        if p.articles >= min_articles
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("store", type=Path)
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--min-articles", type=int, default=10)
    parser.add_argument(
        "--id-prefix",
        default="",
        help="Only articles whose id starts so (e.g. polnear-: one topic, one period).",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.store, args.labels, args.min_articles, args.id_prefix)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"articles by label: {result['articles']}")
    print(f"{'measure':28} {'AUC low|mixed vs high':>22} {'site-bootstrap 95%':>20}  mean high / mixed / low")
    for name, m in result["measures"].items():
        ci = "–".join(f"{x:.2f}" for x in m["site_bootstrap_95"]) or "–"
        a = "–" if m["auc_low_or_mixed_vs_high"] is None else f"{m['auc_low_or_mixed_vs_high']:.3f}"
        means = " / ".join(f"{m['mean_by_label'][g]:.3f}" for g in ("high", "mixed", "low"))
        print(f"{name:28} {a:>22} {ci:>20}  {means}")
    print(f"\nsites with at least {args.min_articles} articles:")
    for site, s in result["sites"].items():
        print(
            f"  {site:24} {s['factuality'] or '-':6} n={s['articles']:3} score {s['score_mean']}  unnamed {s['unnamed_share']}  self {s['self_report_share']}  tech/1k {s['techniques_per_1000_words']}  denial {s['denial_carried_share']}"
        )


if __name__ == "__main__":
    main()
