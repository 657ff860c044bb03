"""End to end: the public audit() call on hand-written articles of three kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsaudit import audit

pytestmark = pytest.mark.slow


def _score(articles_dir: Path, name: str) -> dict:  # type: ignore[type-arg]
    return audit((articles_dir / name).read_text(encoding="utf-8")).to_dict()


def test_audit_orders_careful_above_anonymous_above_polemic(articles_dir: Path) -> None:
    careful = _score(articles_dir, "careful_named.txt")["score"]["value"]
    anonymous = _score(articles_dir, "anonymous_denied.txt")["score"]["value"]
    polemic = _score(articles_dir, "polemic.txt")["score"]["value"]
    assert careful >= anonymous + 25, (careful, anonymous)
    assert anonymous > polemic, (anonymous, polemic)


def test_audit_careful_article_rests_on_named_sources(articles_dir: Path) -> None:
    report = _score(articles_dir, "careful_named.txt")
    types = [a["source"]["type"] for a in report["attributions"]]
    assert "named_person" in types
    assert "anonymous" not in types
    # The lead's "officials announced" is an unnamed attribution; everything after it is named.
    assert types.count("unnamed_official") <= 1
    assert sum(t in {"named_person", "named_organization", "document"} for t in types) >= len(types) - 1


def test_audit_anonymous_article_finds_chain_anonymity_and_denial(articles_dir: Path) -> None:
    report = _score(articles_dir, "anonymous_denied.txt")
    types = [a["source"]["type"] for a in report["attributions"]]
    assert "anonymous" in types and "media_outlet" in types
    assert any(a["parent"] for a in report["attributions"])
    assert report["denials"] and report["denials"][0]["source"]
    assert any(h["text"] == "could not be independently verified" for h in report["hedges"])


def test_audit_polemic_has_no_sources(articles_dir: Path) -> None:
    report = _score(articles_dir, "polemic.txt")
    assert all(a["source"]["type"] == "anonymous" for a in report["attributions"])
    assert any("no statement is attributed" in r["text"] for r in report["score"]["reasons"])
    assert report["score"]["label"] == "poorly sourced"


def test_audit_pronoun_source_carries_the_full_name(articles_dir: Path) -> None:
    report = _score(articles_dir, "careful_named.txt")
    named = {a["source"]["text"]: a["source"]["name"] for a in report["attributions"]}
    assert named.get("he") == "Tom Blake" or named.get("Ruiz") == "Ana Ruiz", named
