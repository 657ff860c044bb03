"""Shared fixtures: the example article, the public data folder, a hand-built article."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
