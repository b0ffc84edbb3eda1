"""Shared fixtures: a fresh encrypted store per test, a fake clock, no keychain prompts."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime

import pytest

# Before any Qt import: GUI tests run headless.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from prm.core.clock import FakeClock
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store


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


@pytest.fixture(scope="session")
def _template_store(tmp_path_factory):
    """One store migrated per test run; each test gets a copy (the suite stays fast)."""
    paths = AppPaths.for_dir(tmp_path_factory.mktemp("template") / "data")
    secrets = MemorySecretStore()
    open_store(paths, secrets).close()
    return paths, dict(secrets._values)


@pytest.fixture
def store(paths, secret_store, _template_store):
    template, keyring_entries = _template_store
    shutil.copytree(template.data_dir, paths.data_dir)
    for name, value in keyring_entries.items():
        secret_store.set(name, value)
    store = open_store(paths, secret_store)
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _cheap_key_derivation(monkeypatch):
    """scrypt at full cost takes ~0.3 s per passphrase; tests need the logic, not the cost.
    (tests/core/test_keywrap.py checks the real costs' values.)"""
    from prm.core import keywrap

    monkeypatch.setattr(keywrap, "PASSPHRASE_COST", keywrap.KdfCost(n=2**10))
    monkeypatch.setattr(keywrap, "RECOVERY_COST", keywrap.KdfCost(n=2**10))


@pytest.fixture
def mount_small_disk(tmp_path):
    """``mount(size)`` -> a folder on a real, tiny tmpfs (a disk that fills up for real).
    Skips where mounting is not permitted (it needs root, as CI has)."""
    import subprocess

    mounted = []

    def mount(size: str):
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.skip("mounting a small tmpfs is not permitted here")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture(autouse=True)
def _exports_parse_in_two_readers(monkeypatch):
    """Every vCard file a test exports must parse in vobject and in ical.js (the
    content is taken as written: a test may delete or overwrite the file later)."""
    from prm.core.vcard import write

    written: dict[str, bytes] = {}
    original = write._atomic_write

    def recording(path, *args, **kwargs):
        original(path, *args, **kwargs)
        if path.is_file():
            written[f"{path} #{len(written) + 1}"] = path.read_bytes()

    monkeypatch.setattr(write, "_atomic_write", recording)
    yield
    if written:
        from vcard_readers import assert_contents_read

        assert_contents_read(list(written.items()))


@pytest.fixture
def read_back(tmp_path, clock):
    """``read_back(store)``: the store exported ("Export everything") and imported into
    a new plain store, which is returned (and closed after the test)."""
    from prm.core.export_all import export_everything
    from prm.core.import_all import import_everything
    from prm.core.store_header import PLAIN
    from prm.core.store_open import NewStore

    opened = []

    def make(store):
        exported = tmp_path / f"read-back-{len(opened)}.json"
        export_everything(store, exported, now=clock.now())
        other = open_store(
            AppPaths.for_dir(tmp_path / f"read-back-{len(opened)}"),
            MemorySecretStore(available=False),
            new=NewStore(PLAIN),
        )
        opened.append(other)
        import_everything(other, exported)
        return other

    yield make
    for other in opened:
        other.close()
