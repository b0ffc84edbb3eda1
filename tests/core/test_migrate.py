"""Migrations: the models and the revisions agree, and we copy before changing."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from prm.core import migrate
from prm.core.backup import backups
from prm.core.secrets import MemorySecretStore


def test_head_constant_matches_the_newest_revision(store):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == migrate.HEAD_REVISION


def test_migrations_build_exactly_the_models(store):
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": migrate.include_object})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_opening_an_older_store_copies_it_first(store, monkeypatch):
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0002_pretend_newer_app")
    revision = migrate.upgrade(store, "0001_baseline")
    copies = backups(store.paths.backup_dir)
    assert revision == "0002_pretend_newer_app"
    assert len(copies) == 1 and copies[0].name.startswith("before-migration-0001_baseline")


def test_current_store_does_not_load_alembic(paths):
    import subprocess
    import sys

    from prm.core.db import open_store

    open_store(paths, MemorySecretStore(available=False)).close()
    code = (
        "import sys\n"
        "from prm.core.db import open_store\n"
        "from prm.core.paths import AppPaths\n"
        "from prm.core.secrets import MemorySecretStore\n"
        f"p = AppPaths.for_dir({str(paths.data_dir)!r})\n"
        "open_store(p, MemorySecretStore(available=False))\n"
        "print('alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
