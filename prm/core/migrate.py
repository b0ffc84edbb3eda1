"""Schema revisions: fast check at start, Alembic only when there is work to do.

Alembic costs ~0.5 s to import, so a store already at ``HEAD_REVISION`` is
checked with one query and Alembic is never loaded. ``tests/core/test_migrate``
keeps ``HEAD_REVISION`` equal to the newest file in ``migrations/versions``.
"""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from prm import __version__
from prm.core.errors import DatabaseTooNewError, DatabaseUnreadableError

log = logging.getLogger(__name__)

HEAD_REVISION = "0001_baseline"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def current_revision(conn: sa.Connection) -> str | None:
    tables = {
        row[0]
        for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if "alembic_version" not in tables:
        if tables - {"sqlite_sequence"}:
            raise _foreign_database(conn)
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _foreign_database(conn: sa.Connection) -> DatabaseUnreadableError:
    path = Path(conn.engine.url.database or "")
    return DatabaseUnreadableError(
        f"{path} is an SQLite database, but not one written by PRM. PRM left it untouched.",
        path=path,
        latest_backup=None,
        hint="Move it away or choose another data folder with --data-dir.",
    )


def alembic_config(conn: sa.Connection):  # noqa: ANN201
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


def copy_before_migrating(store, revision: str | None) -> Path | None:  # noqa: ANN001
    """A byte-for-byte copy (encrypted stays encrypted) before any schema change."""
    db = store.paths.database
    if revision is None:
        return None
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.paths.backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = store.paths.backup_dir / f"before-migration-{revision}-{stamp}.sqlite3"
    shutil.copy2(db, target)
    log.info("copied %s to %s before migrating", db, target)
    return target


def prepare(store, *, migrate: bool = True) -> str:  # noqa: ANN001
    """Check the store's revision, refuse newer ones, upgrade older ones."""
    with store.engine.connect() as conn:
        revision = current_revision(conn)
    if revision == HEAD_REVISION:
        return revision
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNewError(
            f"{store.paths.database} was written by a newer version of PRM "
            f"(schema {revision}); this is PRM {__version__}. The file was not touched.",
            hint="Install the latest PRM to open it.",
        )
    if not migrate:
        return revision or ""
    copy_before_migrating(store, revision)
    from alembic import command

    with store.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    log.info("database schema upgraded from %s to %s", revision, HEAD_REVISION)
    return HEAD_REVISION
