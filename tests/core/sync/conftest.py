"""A second laptop: another store, copied from the suite's migrated template."""

from __future__ import annotations

import shutil

import pytest

from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store


@pytest.fixture
def second_store(tmp_path, _template_store):
    template, keyring_entries = _template_store
    paths = AppPaths.for_dir(tmp_path / "laptop2")
    shutil.copytree(template.data_dir, paths.data_dir)
    secrets = MemorySecretStore()
    for name, value in keyring_entries.items():
        secrets.set(name, value)
    store = open_store(paths, secrets)
    yield store
    store.close()
