"""Shared fixtures: a fresh encrypted store per test, a fake clock, no keychain prompts."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

# Before any Qt import: GUI tests run headless.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from prm.core.clock import FakeClock  # noqa: E402
from prm.core.db import open_store  # noqa: E402
from prm.core.paths import AppPaths  # noqa: E402
from prm.core.secrets import MemorySecretStore  # noqa: E402


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch):
    """Never touch the developer's keychain; code under test gets a secret store passed in."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture
def paths(tmp_path) -> AppPaths:
    return AppPaths.for_dir(tmp_path / "data")


@pytest.fixture
def secret_store() -> MemorySecretStore:
    return MemorySecretStore()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 14, 9, 30, tzinfo=UTC))


@pytest.fixture
def store(paths, secret_store):
    store = open_store(paths, secret_store)
    yield store
    store.close()
