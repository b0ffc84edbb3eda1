"""Schema changes that a kill at any instant cannot break: build a copy, swap it in.

SQLite's Python driver runs DDL outside the transaction it shows, so a kill
during Alembic's revisions could leave half a schema ("table already exists"
on every later start). Instead the revisions run on a private copy, which is
checked (integrity, foreign keys, revision) and fully checkpointed, and then
renamed over the database in one atomic step. Until that rename the old store
is untouched; after it, the new one is complete. First creation works the same
way: the schema is built in a temporary file that only appears under the
database's name once it is whole.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from prm.core import migrate
from prm.core.errors import BugError, KnownError
from prm.core.fsio import PRIVATE_FILE, fsync_dir, os_error_message
from prm.core.sqlite_conn import connect_raw, settle_wal

log = logging.getLogger(__name__)

# Temporary files beside the database; removed at the next open after a kill.
WORK_SUFFIXES = (".creating", ".migrating")
SIDECARS = ("-wal", "-shm", "-journal")
# Page cache for the integrity check of an upgraded copy.
CHECK_CACHE_BYTES = 256 << 20


def work_file(database: Path, suffix: str) -> Path:
    return database.with_name(database.name + suffix)


def remove_leftovers(database: Path) -> None:
    """A killed creation or upgrade leaves its private copy: it was never in use."""
    for suffix in WORK_SUFFIXES:
        for path in (
            work_file(database, suffix),
            *(work_file(database, suffix + s) for s in SIDECARS),
        ):
            if path.exists():
                log.info("removing %s left by an interrupted upgrade", path)
                path.unlink(missing_ok=True)


def build_new_store(database: Path, key: str | None) -> None:
    """Create the schema in a temporary file and rename it to ``database``."""
    work = work_file(database, ".creating")
    _fresh_private_file(work)
    _migrate_file(work, key)
    _swap_in(work, database)


def upgrade_in_copy(database: Path, key: str | None, revision: str, *, now: datetime) -> None:
    """Bring ``database`` from ``revision`` to HEAD: a verified backup first, then
    the revisions on a copy, then one atomic rename."""
    from prm.core.backups import create_backup

    settle_wal(database, key)
    before = _fingerprint(database)
    create_backup(database, key, database.parent / "backups", now=now, kind="pre-migration")
    work = work_file(database, ".migrating")
    try:
        shutil.copyfile(database, work)
        os.chmod(work, PRIVATE_FILE)
    except OSError as exc:
        work.unlink(missing_ok=True)
        raise KnownError(
            f"PRM could not prepare the upgrade of {database}: {os_error_message(exc)}. "
            "Your data was not changed."
        ) from exc
    _migrate_file(work, key)
    settle_wal(database, key)
    if _fingerprint(database) != before:
        work.unlink(missing_ok=True)
        raise KnownError(
            f"{database} changed while PRM was upgrading it; the upgrade was not applied.",
            hint="Close other PRM windows and commands, then start PRM again.",
        )
    _swap_in(work, database)
    log.info("database schema upgraded from %s to %s", revision, migrate.HEAD_REVISION)


def _fresh_private_file(path: Path) -> None:
    for stale in (path, *(work_file(path, s) for s in SIDECARS)):
        stale.unlink(missing_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    except OSError as exc:
        raise KnownError(f"PRM cannot create {path}: {os_error_message(exc)}.") from exc


def _migrate_file(path: Path, key: str | None) -> None:
    """Run the revisions on ``path``, verify it, and leave it with no WAL beside it."""

    def connect():
        conn = connect_raw(path, key)
        # A private copy that is thrown away if anything fails: no journal, no
        # syncs per statement; the finished file is synced once below.
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA synchronous = OFF")
        return conn

    engine = sa.create_engine("sqlite://", creator=connect, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            migrate.migrate_connection(conn)
        with engine.connect() as conn:
            # The one full check of an upgrade (its revisions built indexes): with the
            # default 2 MB cache it decrypted each page many times, 63 s for 100k
            # contacts encrypted; with up to 256 MB, 17 s.
            cache_kib = min(CHECK_CACHE_BYTES, path.stat().st_size) // 1024 + 1
            conn.exec_driver_sql(f"PRAGMA cache_size = -{int(cache_kib)}")
            verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            if verdict != "ok" or revision != migrate.HEAD_REVISION:
                raise BugError(f"upgraded copy failed its check: {verdict}, revision {revision}")
            # Everything into the main file: the rename takes only that file along.
            conn.exec_driver_sql("PRAGMA journal_mode = DELETE")
            conn.commit()
    except sa.exc.OperationalError as exc:
        path.unlink(missing_ok=True)
        if "full" in str(exc.orig).lower():
            raise KnownError(
                f"The disk holding {path.parent} is full, so PRM could not prepare its database. "
                "Nothing was changed.",
                hint="Free some space and start PRM again.",
            ) from exc
        raise
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _swap_in(work: Path, database: Path) -> None:
    for suffix in ("-wal", "-shm"):
        work_file(database, suffix).unlink(missing_ok=True)  # settled: no content left in them
    os.replace(work, database)
    fsync_dir(database.parent)


def _fingerprint(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns
