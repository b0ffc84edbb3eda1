"""Compatibility: the backup API now lives in ``prm.core.backups``.

``latest_backup`` is kept for the callers that want a path (the store opener's
restore offer): the newest backup whose bytes match its manifest.
"""

from __future__ import annotations

from pathlib import Path

from prm.core.backups import (
    BackupInfo,
    backup_is_due,
    backup_store,
    create_backup,
    latest_verified_backup,
    list_backups,
    restore_backup,
)

__all__ = [
    "BackupInfo",
    "backup_is_due",
    "backup_store",
    "create_backup",
    "latest_backup",
    "latest_verified_backup",
    "list_backups",
    "restore_backup",
]


def latest_backup(backup_dir: Path) -> Path | None:
    """The newest verified backup's file, chosen by its manifest, never by file time."""
    found = latest_verified_backup(backup_dir)
    return found.path if found else None
