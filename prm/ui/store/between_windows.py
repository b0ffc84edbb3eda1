"""Work that needs the store closed: the window closes, this runs, the window reopens.

Restoring a backup and encrypting a plain store both replace the database
file, which must never happen under open connections. The main window records
what was asked (``MainWindow.between_windows``) and closes; ``prm.ui.app.run``
then calls ``run`` with the store closed and opens the window again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtWidgets import QMessageBox

from prm import APP_NAME
from prm.core.clock import SystemClock
from prm.core.errors import KnownError
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore

log = logging.getLogger(__name__)


class Telling(Protocol):
    def show_error(self, exc: KnownError) -> None: ...
    def show_recovery_key(self, recovery_key: str) -> None: ...
    def run_long(self, what: str, step: Callable[[], Any]) -> Any: ...


ENCRYPTING = (
    "PRM is encrypting your data. This takes a few minutes for a large address book; "
    "until it is done, your data stays as it was."
)


class BetweenWindows(Protocol):
    def run(
        self, paths: AppPaths, key: str | None, secrets: SecretStore, tell: Telling
    ) -> None: ...


@dataclass(frozen=True)
class RestoreBackup:
    """File → Restore from backup…"""

    backup_id: str

    def run(self, paths: AppPaths, key: str | None, secrets: SecretStore, tell: Telling) -> None:
        from prm.core.backups import restore_backup
        from prm.ui.store.long_step import RESTORING

        try:
            result = tell.run_long(
                RESTORING,
                lambda: restore_backup(paths, self.backup_id, key, now=SystemClock().now()),
            )
        except KnownError as exc:
            log.error("restore of %s failed: %s", self.backup_id, exc)
            tell.show_error(exc)  # nothing was moved: the window opens on the same data
            return
        made = result.restored.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        text = f"Restored the backup made {made}."
        if result.kept_aside is not None:
            text += (
                "\n\nYour data as it was is kept as the backup “Before a restore” "
                f"({result.kept_aside.id}). To undo this restore, choose it in "
                f"File → Restore from backup…, or run: {result.undo_command}"
            )
        if result.set_aside_file is not None:
            text += f"\n\nThe unreadable database was kept, untouched, as {result.set_aside_file}."
        QMessageBox.information(None, APP_NAME, text)


@dataclass(frozen=True)
class EncryptStore:
    """Data protection → Encrypt…: a plain store gets a key (keyring or passphrase)."""

    protection: str
    passphrase: str | None = None

    def run(self, paths: AppPaths, key: str | None, secrets: SecretStore, tell: Telling) -> None:
        from prm.core.store_encrypt import encrypt_store

        try:
            recovery = tell.run_long(
                ENCRYPTING,
                lambda: encrypt_store(
                    paths, secrets, protection=self.protection, passphrase=self.passphrase
                ),
            )
        except KnownError as exc:
            log.error("encrypting the store failed: %s", exc)
            tell.show_error(exc)  # the plain store is as it was
            return
        tell.show_recovery_key(recovery)
