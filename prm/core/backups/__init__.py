"""Verified, rotated backups of the store, and restoring a chosen one.

- ``catalog``: the files and their manifests (``BackupInfo``, ``list_backups``)
- ``create``: ``create_backup``, ``backup_store``, ``backup_is_due``, ``backup_after_write``
- ``rotation``: 7 daily, 4 weekly, 12 monthly, and the newest special copies
- ``restore``: ``restore_backup`` (keeps the current store, undoable)
"""

from prm.core.backups.catalog import KINDS, BackupInfo, list_backups, read_backup
from prm.core.backups.create import (
    backup_after_write,
    backup_is_due,
    backup_store,
    create_backup,
    latest_verified_backup,
    reencrypt_plain_backups,
)
from prm.core.backups.restore import RestoreResult, find_backup, restore_backup
from prm.core.backups.rotation import backups_to_keep, rotate

__all__ = [
    "KINDS",
    "BackupInfo",
    "RestoreResult",
    "backup_after_write",
    "backup_is_due",
    "backup_store",
    "backups_to_keep",
    "create_backup",
    "find_backup",
    "latest_verified_backup",
    "list_backups",
    "read_backup",
    "reencrypt_plain_backups",
    "restore_backup",
    "rotate",
]
