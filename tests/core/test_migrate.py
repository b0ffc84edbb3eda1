"""Migrations: the models and the revisions agree, and we copy before changing."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from old_stores import make_baseline_store
from sqlmodel import SQLModel

from prm.core import contact_list, migrate
from prm.core.backups import list_backups
from prm.core.secrets import MemorySecretStore
from prm.core.store_header import PLAIN
from prm.core.store_open import NewStore


def test_head_constant_matches_the_newest_revision(store):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == migrate.HEAD_REVISION


@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning"
)
def test_migrations_build_exactly_the_models(store):
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": migrate.include_object})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_upgrading_an_old_store_keeps_every_row_and_copies_it_first(paths, secret_store):
    from prm.core import contacts
    from prm.core.store_open import open_store

    make_baseline_store(paths, secret_store)
    store = open_store(paths, secret_store)
    try:
        assert store.revision == migrate.HEAD_REVISION
        copies = list_backups(paths.backup_dir)
        assert [(c.kind, c.revision) for c in copies] == [("pre-migration", "0001_baseline")]
        assert store.recovery_key_to_show  # adopted: it got a header and a recovery key
        with store.reading() as session:
            old = contacts.get_contact(session, contact_id=1)
            assert [e.value for e in old.emails] == ["old@acme.example"]
            assert [t.name for t in old.tags] == ["Client"]
            assert old.notes == "kept"
            assert contact_list.list_contact_ids(session, query="acme") == [1]
    finally:
        store.close()


def test_current_store_does_not_load_alembic(paths):
    import subprocess
    import sys

    from prm.core.store_open import open_store

    open_store(paths, MemorySecretStore(available=False), new=NewStore(PLAIN)).close()
    code = (
        "import sys\n"
        "from prm.core.store_open import open_store\n"
        "from prm.core.paths import AppPaths\n"
        "from prm.core.secrets import MemorySecretStore\n"
        f"p = AppPaths.for_dir({str(paths.data_dir)!r})\n"
        "open_store(p, MemorySecretStore(available=False))\n"
        "print('alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_case_insensitive_tag_names_survive_the_migrations(store):
    with store.engine.connect() as conn:
        ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'tag'").scalar()
    assert 'name VARCHAR COLLATE "NOCASE"' in ddl


def test_the_reach_out_index_exists_and_is_used(store):
    with store.engine.connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT c.id FROM contact c WHERE c.deleted_at IS NULL"
            " AND c.cadence_target_days = 30 ORDER BY coalesce(c.last_touch_at, c.created_at)"
        ).fetchall()
    assert any("ix_contact_rhythm" in str(step) for step in plan)
    assert not any("TEMP B-TREE" in str(step) for step in plan)


def test_a_store_at_head_has_every_trigger_that_keeps_derived_data(store):
    """Referral levels, sort keys, hourly counts, trip ranks and the duplicate count
    are kept by triggers; a revision that rebuilt their table would silently drop them."""
    with store.engine.connect() as conn:
        found = {
            r[0]
            for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert found == migrate.TRIGGERS


def test_an_upgrade_runs_as_a_long_step_the_user_is_told_of(paths, secret_store):
    """The upgrade (minutes on a large store) goes through the caller's ``long_step``,
    which the app shows as a window that stays alive; an up-to-date store does not."""
    from prm.core.store_open import UPGRADING, open_store

    told: list[str] = []

    def long_step(what, step):
        told.append(what)
        return step()

    make_baseline_store(paths, secret_store)
    open_store(paths, secret_store, long_step=long_step).close()
    assert told == [UPGRADING]
    open_store(paths, secret_store, long_step=long_step).close()
    assert told == [UPGRADING]
