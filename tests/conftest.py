"""Shared fixtures: the example article, the public data folder, a hand-built article."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# CI sets this: a data-backed test (marked ``data``) that skips is then a failure, so the
# quality gate cannot pass by not running (data missing, moved or renamed).
REQUIRE_DATA = os.environ.get("NEWSAUDIT_REQUIRE_DATA") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """Turn the skip of a ``data`` test into a failure under NEWSAUDIT_REQUIRE_DATA=1."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_DATA and report.skipped and item.get_closest_marker("data") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"data gate did not run under NEWSAUDIT_REQUIRE_DATA=1: {reason}"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Return ../shared/data, skipping the test when it is absent."""
    if not DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return DATA


@pytest.fixture(scope="session")
def seed_text() -> str:
    """Return the example article of the README, skipping when absent."""
    path = SHARED / "seed" / "000_8bf4eebf52b24b88.txt"
    if not path.is_file():
        pytest.skip("../shared/seed is not present")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    """Return the folder of hand-written test articles."""
    return FIXTURES / "articles"
