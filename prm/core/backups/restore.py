"""Putting a chosen backup in place of the store, keeping the current one, undoably.

Run while the store is closed. The order makes every moment safe:

1. the chosen backup is copied (re-encrypted with the store's key if needed)
   and verified into a temporary file in the data folder — if that fails,
   e.g. on a full disk, nothing has been moved;
2. the current store is kept as a ``before-restore`` backup; if it cannot be
   read at all, it is instead kept as ``backups/prm.sqlite3.unreadable-<stamp>``
   (hard-linked there, never deleted);
3. its WAL is checkpointed into it (or moved aside with it), and only then is
   the temporary file renamed over the database path.

A kill at any point leaves the old store or the restored one, never neither.
Undo is restoring the before-restore backup.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prm.core.backups.catalog import BackupInfo, list_backups, read_backup
from prm.core.backups.create import create_backup
from prm.core.errors import KnownError
from prm.core.fsio import fsync_dir, make_private_dir, os_error_message
from prm.core.paths import AppPaths
from prm.core.sqlite_conn import is_plain_sqlite, settle_wal
from prm.core.sqlite_copy import (
    SIDECARS,
    SourceUnreadable,
    copy_database,
    process_alive,
    release_temp,
    remove_stale_temps,
    reserve_temp,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    kept_aside: BackupInfo | None  # the store as it was, as a before-restore backup
    set_aside_file: Path | None  # the unreadable store, renamed into the backup folder

    @property
    def undo_command(self) -> str | None:
        return f"prm backup restore {self.kept_aside.id}" if self.kept_aside else None


def find_backup(backup_dir: Path, wanted: str) -> BackupInfo:
    """The backup called ``wanted`` (its id, or its file name)."""
    wanted = wanted.strip()
    for backup in list_backups(backup_dir, deep=False):
        if wanted in (backup.id, backup.path.name, backup.path.stem):
            return read_backup(backup.path) or backup  # now with its checksum checked
    raise KnownError(
        f"There is no backup {wanted!r} in {backup_dir}.",
        hint="See the backups with: prm backup list",
    )


def restore_backup(
    paths: AppPaths, backup_id: str, key: str | None, *, now: datetime
) -> RestoreResult:
    """Replace the (closed) store in ``paths`` with backup ``backup_id``, opened with ``key``."""
    from prm.core.store_lock import store_lifecycle

    with store_lifecycle(paths):
        return _restore(paths, backup_id, key, now=now)


def _restore(paths: AppPaths, backup_id: str, key: str | None, *, now: datetime) -> RestoreResult:
    refuse_if_app_running(paths)
    chosen = find_backup(paths.backup_dir, backup_id)
    if chosen.manifest.exists() and not chosen.verified:
        raise KnownError(
            f"The backup {chosen.id} has changed since it was made (its size or checksum no "
            "longer matches), so PRM will not restore it.",
            hint="Choose another backup: prm backup list",
        )
    plain = is_plain_sqlite(chosen.path)
    if not plain and key is None:
        raise KnownError(
            f"The backup {chosen.id} is encrypted, and PRM has no key for this data folder.",
            hint="Unlock the store's key (keyring, passphrase or recovery key) first.",
        )
    database = paths.database
    try:
        make_private_dir(paths.data_dir)
    except OSError as exc:
        raise KnownError(f"Cannot write to {paths.data_dir}: {os_error_message(exc)}.") from exc
    remove_stale_temps(paths.data_dir)

    staged = reserve_temp(database)
    try:
        copy_database(chosen.path, None if plain else key, staged, key)
        kept, unreadable = _keep_current(paths, key, now=now, chosen=chosen)
        set_aside = _set_aside(database, paths.backup_dir, now) if unreadable else None
        if not unreadable:
            settle_wal(database, key)
        _remove_sidecars(database)
        os.replace(staged, database)
        fsync_dir(paths.data_dir)
    except OSError as exc:
        raise KnownError(
            f"Cannot restore into {paths.data_dir}: {os_error_message(exc)}. "
            "Your current data was not changed."
        ) from exc
    finally:
        release_temp(staged)
    log.warning("restored %s from backup %s", database, chosen.path)
    return RestoreResult(restored=chosen, kept_aside=kept, set_aside_file=set_aside)


def refuse_if_app_running(paths: AppPaths) -> None:
    """PRM's window holds a lock file with its process id; another process's lock means
    the store is open there and must not be replaced under it."""
    try:
        pid = int(paths.lock_file.read_text(errors="replace").split()[0])
    except (OSError, ValueError, IndexError):
        return
    if pid != os.getpid() and process_alive(pid):
        raise KnownError(
            f"PRM's window is open with the data folder {paths.data_dir}. Nothing was changed.",
            hint="Restore from its File menu, or close it and run the restore again.",
        )


def _keep_current(
    paths: AppPaths, key: str | None, *, now: datetime, chosen: BackupInfo
) -> tuple[BackupInfo | None, bool]:
    """A before-restore backup of the current store; (None, True) if it is unreadable."""
    database = paths.database
    if not database.exists():
        return None, False
    try:
        kept = create_backup(
            database, key, paths.backup_dir, now=now, kind="before-restore", protect=(chosen.id,)
        )
    except SourceUnreadable as exc:
        log.warning("the current store cannot be read (%s): keeping it aside as it is", exc)
        return None, True
    return kept, False


def _set_aside(database: Path, backup_dir: Path, now: datetime) -> Path:
    """Keep an unreadable store (and its WAL) in the backup folder; the original name stays
    in place until the restored copy replaces it."""
    make_private_dir(backup_dir)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = backup_dir / f"{database.name}.unreadable-{stamp}"
    n = 1
    while aside.exists():
        n += 1
        aside = backup_dir / f"{database.name}.unreadable-{stamp}-{n}"
    try:
        os.link(database, aside)
    except OSError:
        shutil.copy2(database, aside)  # another file system, or no hard links
        fd = os.open(aside, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    for suffix in SIDECARS:
        sidecar = database.with_name(database.name + suffix)
        if sidecar.exists():
            shutil.move(sidecar, aside.with_name(aside.name + suffix))
    fsync_dir(backup_dir)
    log.warning("kept the unreadable database %s as %s", database, aside)
    return aside


def _remove_sidecars(database: Path) -> None:
    for suffix in SIDECARS:
        database.with_name(database.name + suffix).unlink(missing_ok=True)
