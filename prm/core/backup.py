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


def create_backup(source, key=None, backup_dir=None, *, now: datetime, kind: str = "daily", keep: int = KEEP) -> Path:  # noqa: ANN001
    """TEMPORARY shim until the backups rewrite lands: accepts a Store or a path."""
    from prm.core.sqlite_conn import connect_raw

    if hasattr(source, "engine"):
        store = source
        source, key, backup_dir = store.paths.database, store.key, store.paths.backup_dir
    target_dir = backup_dir
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    prefix = PREFIX if kind == "daily" else f"before-migration-"
    target = target_dir / f"{prefix}{stamp}{SUFFIX}"
    partial = target.with_suffix(".partial")
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        src = connect_raw(source, key)
        try:
            dest = connect_raw(partial, key)
            try:
                src.backup(dest)
                verdict = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dest.close()
        finally:
            src.close()
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
