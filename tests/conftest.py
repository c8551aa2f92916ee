"""Shared fixtures and steps. Colleagues add theirs below; keep each fixture's purpose in its docstring."""

from __future__ import annotations

import pytest

from engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """One engine over the project's rules/ for the whole test session."""
    return Engine.load()
