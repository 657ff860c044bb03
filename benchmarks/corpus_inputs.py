"""Write real-article corpora from ../shared/data as JSON Lines for `newsaudit corpus run`.

Used by bench_corpus.py (speed) and by the outlet-factuality comparison (docs/evaluation.md):

    python benchmarks/corpus_inputs.py gva --limit 1000 -o gva.jsonl
    python benchmarks/corpus_inputs.py outlets -o outlets.jsonl   # PolNeAR + GVA + FakeNewsCorpus, labelled sites
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# PolNeAR's publisher codes (metadata.tsv) and the sites they stand for.
POLNEAR_SITES = {
    "breitbart": "breitbart.com",
    "huff-post": "huffingtonpost.com",
    "nyt": "nytimes.com",
    "politico": "politico.com",
    "usa-today": "usatoday.com",
    "wash-post": "washingtonpost.com",
    "west-journal": "westernjournal.com",
}


def gva(
    limit: int | None = None, sites: set[str] | None = None, per_site: int | None = None
) -> Iterator[dict[str, Any]]:
    """Yield GVA incident documents (id, text, url, site, date, title), file order."""
    taken: Counter[str] = Counter()
    n = 0
    with (DATA / "gva-incident-clusters" / "gva_docs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            site = str(doc.get("site") or "").lower().removeprefix("www.")
            if (sites is not None and site not in sites) or (per_site and taken[site] >= per_site):
                continue
            if not str(doc.get("text") or "").strip():
                continue
            taken[site] += 1
            yield {
                "id": f"gva-{doc['doc_id']}",
                "text": doc["text"],
                "url": doc.get("url"),
                "site": site,
                "date": doc.get("date"),
                "title": doc.get("title"),
            }
            n += 1
            if limit and n >= limit:
                return


def ptc(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield PTC training articles (id, text), by file name."""
    for n, path in enumerate(sorted((DATA / "ptc-semeval2020" / "train-articles").glob("article*.txt"))):
        if limit and n >= limit:
            return
        yield {"id": f"ptc-{path.stem.removeprefix('article')}", "text": path.read_text(encoding="utf-8")}


def polnear(per_publisher: int) -> Iterator[dict[str, Any]]:
    """Yield up to ``per_publisher`` PolNeAR articles per publisher (dev first, then train)."""
    with (DATA / "polnear" / "metadata.tsv").open(encoding="utf-8", newline="") as fh:
        meta = {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}
    taken: Counter[str] = Counter()
    for part in ("dev", "train"):
        for path in sorted((DATA / "polnear" / part / "text").glob("*.txt")):
            row = meta.get(path.stem) or meta.get(path.name)
            publisher = row["publisher"] if row else path.name.split("_", 1)[0]
            if publisher not in POLNEAR_SITES or taken[publisher] >= per_publisher:
                continue
            taken[publisher] += 1
            yield {
                "id": f"polnear-{path.stem}",
                "text": path.read_text(encoding="utf-8"),
                "site": POLNEAR_SITES[publisher],
                "date": row["publication_date"] if row else None,
                "title": row["title"] if row else None,
            }


def fakenews() -> Iterator[dict[str, Any]]:
    """Yield the FakeNewsCorpus sample's articles (labelled by their domain)."""
    csv.field_size_limit(sys.maxsize)
    path = DATA / "media-reliability" / "fakenewscorpus_news_sample.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if (row.get("content") or "").strip():
                site = row["domain"].lower().removeprefix("www.")
                yield {
                    "id": f"fnc-{row['id']}",
                    "text": row["content"],
                    "url": row["url"],
                    "site": site,
                    "title": row.get("title"),
                }


def outlets(per_publisher: int = 25, per_gva_site: int = 1) -> Iterator[dict[str, Any]]:
    """Yield the outlet-comparison corpus: PolNeAR, FakeNewsCorpus sample, GVA on labelled sites."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from newsaudit.corpus.outlets import load_factuality

    labelled = set(load_factuality(DATA / "media-reliability"))
    yield from polnear(per_publisher)
    yield from fakenews()
    yield from gva(sites=labelled, per_site=per_gva_site)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", choices=("gva", "ptc", "gva+ptc", "outlets"))
    parser.add_argument(
        "--limit", type=int, default=None, help="Articles (gva, ptc: each; gva+ptc: half from each)."
    )
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.corpus == "gva+ptc":
        half = (args.limit or 1000) // 2
        rows: Iterator[dict[str, Any]] = iter([*gva(half), *ptc(half)])
    else:
        rows = {"gva": lambda: gva(args.limit), "ptc": lambda: ptc(args.limit), "outlets": outlets}[
            args.corpus
        ]()
    with args.output.open("w", encoding="utf-8") as fh:
        n = sum(1 for row in rows if fh.write(json.dumps(row, ensure_ascii=False) + "\n"))
    print(f"{n} articles written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
