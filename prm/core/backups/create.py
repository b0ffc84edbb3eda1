"""Making a backup: a verified online copy, then its manifest, then rotation."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prm.core.backups.catalog import (
    KINDS,
    BackupInfo,
    backup_id,
    list_backups,
    manifest_bytes,
    manifest_path,
    new_backup_path,
    read_backup,
    sha256_of,
)
from prm.core.backups.rotation import KEEP_DAILY, rotate
from prm.core.errors import BugError, KnownError
from prm.core.fsio import PRIVATE_FILE, atomic_write_bytes, make_private_dir, os_error_message
from prm.core.sqlite_conn import connect_raw
from prm.core.sqlite_copy import copy_database, remove_stale_temps

log = logging.getLogger(__name__)

DUE_AFTER = timedelta(days=1)
# The app's background backup: small steps with short pauses, so the DB
# worker's writes go on while it copies.
BACKGROUND_PAGES, BACKGROUND_PAUSE = 256, 0.005


def create_backup(
    source: Path,
    key: str | None,
    backup_dir: Path,
    *,
    now: datetime,
    kind: str = "daily",
    pages_per_step: int = 512,
    pause: float = 0.0,
    protect: tuple[str, ...] = (),
    keep_daily: int = KEEP_DAILY,
) -> BackupInfo:
    """Copy the database at ``source`` into ``backup_dir`` (same key), verified, with a manifest."""
    if kind not in KINDS:
        raise BugError(f"unknown backup kind {kind!r}")
    if now.tzinfo is None:
        raise BugError("create_backup needs an aware datetime")
    try:
        make_private_dir(backup_dir)
    except OSError as exc:
        raise KnownError(
            f"Cannot create the backup folder {backup_dir}: {os_error_message(exc)}."
        ) from exc
    remove_stale_temps(backup_dir)
    target = new_backup_path(backup_dir, now, kind)
    copy_database(source, key, target, key, pages_per_step=pages_per_step, pause=pause)
    try:
        info = _describe(target, key, now=now, kind=kind)
        sha = sha256_of(target)
        atomic_write_bytes(manifest_path(target), manifest_bytes(info, sha), mode=PRIVATE_FILE)
    except KnownError:
        _discard(target)
        raise
    except OSError as exc:
        _discard(target)
        raise KnownError(
            f"Cannot write a backup in {backup_dir}: {os_error_message(exc)}. Nothing was changed."
        ) from exc
    log.info("%s backup written to %s", kind, target)
    rotate(backup_dir, protect=(info.id, *protect), keep_daily=keep_daily)
    return info


def backup_store(
    store, *, now: datetime, kind: str = "daily", keep_daily: int = KEEP_DAILY
) -> BackupInfo:
    """A backup of an open store, copied in small steps so its writers are not held up."""
    return create_backup(
        store.paths.database,
        store.key,
        store.paths.backup_dir,
        now=now,
        kind=kind,
        pages_per_step=BACKGROUND_PAGES,
        pause=BACKGROUND_PAUSE,
        keep_daily=keep_daily,
    )


def latest_verified_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest backup whose bytes match its manifest (by creation time, not file time).

    Only the candidates down to the first good one are read in full."""
    for candidate in list_backups(backup_dir, deep=False):
        if candidate.verified:
            checked = read_backup(candidate.path)
            if checked is not None and checked.verified:
                return checked
    return None


def backup_is_due(backup_dir: Path, *, now: datetime, every: timedelta = DUE_AFTER) -> bool:
    """True unless a backup with a matching manifest was made in the last ``every``
    (24 hours; a week when the user chose weekly backups).

    Runs after every CLI write, so it checks manifest and size, not every byte's hash.
    """
    for backup in list_backups(backup_dir, deep=False):
        if backup.verified and abs(now - backup.created_at) < every:
            return False
    return True


def backup_after_write(store, now: datetime) -> str | None:
    """The daily backup after a command that wrote; a warning to show if it failed."""
    if not getattr(store, "wrote", False):
        return None
    try:
        if not backup_is_due(store.paths.backup_dir, now=now):
            return None
        backup_store(store, now=now, kind="daily")
    except KnownError as exc:
        log.warning("daily backup failed: %s", exc)
        return f"your change is saved, but the daily backup failed: {exc.message}"
    return None


def _describe(path: Path, key: str | None, *, now: datetime, kind: str) -> BackupInfo:
    """Counts and schema revision, read from the verified copy itself."""
    import sqlcipher3.dbapi2 as sqlcipher

    try:
        conn = connect_raw(path, key)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }

            def scalar(sql: str, table: str):
                if table not in tables:
                    return None
                row = conn.execute(sql).fetchone()
                return row[0] if row else None

            revision = scalar("SELECT version_num FROM alembic_version", "alembic_version")
            contacts = scalar("SELECT count(*) FROM contact WHERE deleted_at IS NULL", "contact")
            touches = scalar("SELECT count(*) FROM touch", "touch")
        finally:
            conn.close()
    except sqlcipher.Error as exc:
        raise KnownError(f"The backup {path} cannot be read back: {exc}.") from exc
    return BackupInfo(
        id=backup_id(path),
        path=path,
        kind=kind,
        created_at=now.astimezone(UTC),
        size=path.stat().st_size,
        contacts=contacts,
        touches=touches,
        revision=revision,
        encrypted=key is not None,
        verified=True,
    )


def _discard(target: Path) -> None:
    for path in (target, manifest_path(target)):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("cannot remove the unfinished backup %s", path)


def reencrypt_plain_backups(backup_dir: Path, key: str) -> int:
    """After a plain store is encrypted, its plain backups are too (same dates, kinds);
    returns how many. A backup that cannot be read is left as it is."""
    done = 0
    for info in list_backups(backup_dir, deep=False):
        if info.encrypted is not False or not info.path.exists():
            continue
        try:
            copy_database(info.path, None, info.path, key)
            again = _describe(info.path, key, now=info.created_at, kind=info.kind)
            atomic_write_bytes(
                manifest_path(info.path),
                manifest_bytes(again, sha256_of(info.path)),
                mode=PRIVATE_FILE,
            )
        except KnownError:
            log.warning("could not encrypt the plain backup %s", info.path, exc_info=True)
            continue
        done += 1
    return done
