"""Rotating, verified copies of the database.

A backup is made with SQLite's online backup API (consistent while the app
runs), keeps the encryption of the original, and is checked with
``PRAGMA integrity_check`` before older copies are rotated away.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prm.core.errors import KnownError

log = logging.getLogger(__name__)

KEEP = 10
PREFIX = "prm-"
SUFFIX = ".sqlite3"


def backups(backup_dir: Path) -> list[Path]:
    """Regular and pre-migration backups, newest first."""
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.glob(f"*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def latest_backup(backup_dir: Path) -> Path | None:
    found = backups(backup_dir)
    return found[0] if found else None


def backup_is_due(backup_dir: Path, *, now: datetime, every: timedelta = timedelta(days=1)) -> bool:
    regular = [p for p in backups(backup_dir) if p.name.startswith(PREFIX)]
    if not regular:
        return True
    newest = datetime.fromtimestamp(regular[0].stat().st_mtime, UTC)
    return now - newest >= every


def create_backup(store, *, now: datetime, keep: int = KEEP) -> Path:  # noqa: ANN001
    from prm.core.db import connect_raw

    target_dir = store.paths.backup_dir
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = target_dir / f"{PREFIX}{stamp}{SUFFIX}"
    partial = target.with_suffix(".partial")
    key = store.key  # the backup opens with the same keyring entry
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        source = store.engine.raw_connection()
        try:
            dest = connect_raw(partial, key)
            try:
                source.driver_connection.backup(dest)
                verdict = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dest.close()
        finally:
            source.close()
        if verdict != "ok":
            raise KnownError(f"The backup {partial} failed its integrity check: {verdict}")
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise KnownError(f"Could not write a backup to {target_dir}: {exc.strerror or exc}.") from exc
    _rotate(target_dir, keep)
    log.info("backup written to %s", target)
    return target


def _rotate(backup_dir: Path, keep: int) -> None:
    regular = [p for p in backups(backup_dir) if p.name.startswith(PREFIX)]
    for old in regular[keep:]:
        old.unlink(missing_ok=True)
