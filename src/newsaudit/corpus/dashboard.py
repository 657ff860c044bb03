"""The corpus dashboard: one self-contained, offline HTML page (and its JSON twin) of a store.

Counts, the score distribution (inline SVG), the outlet table (sortable by a few lines of
inline script) and the failures. Rendered from the shared template set
(``newsaudit/templates``, autoescaping on): titles, sites and messages from the corpus are
escaped wherever they are printed, and nothing is loaded from the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .outlets import BINS, OutletProfile, outlet_profiles
from .store import Store

MAX_FAILURES = 200  # failures listed on the page; the counts by code cover all of them
MAX_OUTLETS = 500  # outlets listed on the page (most articles first); `corpus outlets` lists all
_HIST = "SELECT least(score // 10, 9), count(*) FROM reports WHERE score IS NOT NULL GROUP BY 1"
_FAILED = "SELECT id, code, name, message FROM failures ORDER BY code, id LIMIT ?"


def histogram_bars(counts: list[int], width: int = 480, height: int = 140) -> list[dict[str, Any]]:
    """Return one SVG bar per bin (x, y, w, h, count, label), scaled to the tallest bin."""
    top = max(counts) or 1
    step = width / len(counts)
    bars = []
    for i, n in enumerate(counts):
        h = round(height * n / top, 1)
        lo = i * (100 // len(counts))
        label = f"{lo}–{lo + 9}" if i < len(counts) - 1 else f"{lo}–100"
        bars.append(
            {
                "x": round(i * step + 1, 1),
                "y": round(height - h, 1),
                "w": round(step - 2, 1),
                "h": h,
                "count": n,
                "label": label,
            }
        )
    return bars


def dashboard_data(store_dir: str | Path, labels: dict[str, str] | None = None) -> dict[str, Any]:
    """Return everything the dashboard shows, as JSON-ready data (the page's JSON twin)."""
    with Store(store_dir, read_only=True) as store:
        status = store.status()
        histogram = [0] * BINS
        for b, n in store.query(_HIST):
            histogram[int(b)] = int(n)
        failures = [
            {"id": i, "code": c, "name": n, "message": m}
            for i, c, n, m in store.query(_FAILED, [MAX_FAILURES])
        ]
    outlets: list[OutletProfile] = outlet_profiles(store_dir, labels)
    return {
        "status": status,
        "score_histogram": histogram,
        "outlets": [p.to_dict() for p in outlets[:MAX_OUTLETS]],
        "outlets_shown": min(len(outlets), MAX_OUTLETS),
        "outlets_total": len(outlets),
        "failures": failures,
        "failures_shown": len(failures),
    }


def render_dashboard(store_dir: str | Path, labels: dict[str, str] | None = None) -> str:
    """Return the dashboard page of the store (self-contained HTML)."""
    from ..report.templating import render_template

    data = dashboard_data(store_dir, labels)
    return render_template(
        "corpus_dashboard.html",
        standalone=True,
        title=f"corpus {Path(store_dir).name}",
        data=data,
        bars=histogram_bars(data["score_histogram"]),
        outlet_bars={o["site"]: histogram_bars(o["score_histogram"], 100, 24) for o in data["outlets"]},
    )


def render_outlets_html(profiles: list[OutletProfile]) -> str:
    """Return the outlet table as a self-contained HTML page."""
    from ..report.templating import render_template

    outlets = [p.to_dict() for p in profiles]
    return render_template(
        "corpus_outlets.html",
        standalone=True,
        title="outlets",
        outlets=outlets,
        outlet_bars={o["site"]: histogram_bars(o["score_histogram"], 100, 24) for o in outlets},
    )
