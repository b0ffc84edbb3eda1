"""Opening the user's store at start-up, explaining whatever stands in the way.

The questions go through a ``Prompt`` so tests can answer them; the app's
prompt uses message boxes. The one repair offered is restoring the latest
backup over an unreadable database, and even then the unreadable file is
renamed aside, never overwritten or deleted: it may be the only copy of
something.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QMessageBox

from prm.core.db import Store, open_store
from prm.core.errors import DatabaseUnreadableError, KnownError
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore
from prm.ui.dialogs.errors import known_error_box

log = logging.getLogger(__name__)

SIDECARS = ("-wal", "-shm", "-journal")


class Prompt(Protocol):
    def show_error(self, exc: KnownError) -> None: ...
    def offer_restore(self, exc: DatabaseUnreadableError) -> bool: ...


class MessageBoxPrompt:
    """Asks with message boxes (no window exists yet, so they are application-modal)."""

    def show_error(self, exc: KnownError) -> None:
        known_error_box(None, exc, title="PRM cannot open your data").exec()

    def offer_restore(self, exc: DatabaseUnreadableError) -> bool:
        box = known_error_box(None, exc, title="PRM cannot open your data")
        backup = exc.latest_backup
        assert backup is not None
        stamp = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        box.setInformativeText(
            (exc.hint + "\n\n" if exc.hint else "")
            + f"PRM can restore the latest backup, made {stamp}. The unreadable file "
            f"will be kept next to it, renamed, so nothing is lost."
        )
        restore = box.addButton("Restore latest backup", QMessageBox.ButtonRole.AcceptRole)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore


def set_aside(database: Path, now: datetime) -> Path:
    """Rename ``database`` (and its WAL files, which belong to it) out of the way."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    aside = database.with_name(f"{database.name}.unreadable-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = database.with_name(f"{database.name}.unreadable-{stamp}-{n}")
    database.rename(aside)
    for suffix in SIDECARS:
        sidecar = database.with_name(database.name + suffix)
        if sidecar.exists():
            sidecar.rename(aside.with_name(aside.name + suffix))
    log.warning("moved unreadable database %s aside to %s", database, aside)
    return aside


def restore_backup(database: Path, backup: Path, now: datetime) -> Path:
    """Put ``backup`` in place of an unreadable ``database``; returns where the bad file went."""
    aside = set_aside(database, now)
    try:
        shutil.copy2(backup, database)
    except OSError as exc:
        raise KnownError(
            f"Could not copy the backup {backup} to {database}: {exc.strerror or exc}.",
            hint=f"The unreadable database is kept as {aside}.",
        ) from exc
    log.warning("restored %s from backup %s", database, backup)
    return aside


def open_user_store(
    paths: AppPaths,
    secrets: SecretStore,
    prompt: Prompt,
    *,
    now: Callable[[], datetime] = datetime.now,
) -> Store | None:
    """The opened store, or None after telling the user why it cannot be opened."""
    restored = False
    while True:
        try:
            return open_store(paths, secrets)
        except DatabaseUnreadableError as exc:
            log.error("database unreadable: %s", exc)
            can_restore = (
                not restored
                and exc.latest_backup is not None
                and exc.path.exists()
                and exc.path.resolve() == paths.database.resolve()
            )
            if not can_restore:
                prompt.show_error(exc)
                return None
            if not prompt.offer_restore(exc):
                return None
            assert exc.latest_backup is not None
            try:
                restore_backup(paths.database, exc.latest_backup, now())
            except (KnownError, OSError) as restore_exc:
                error = (
                    restore_exc
                    if isinstance(restore_exc, KnownError)
                    else KnownError(f"Could not restore the backup: {restore_exc}")
                )
                prompt.show_error(error)
                return None
            restored = True
        except KnownError as exc:  # too new, folder not writable, keyring locked...
            log.error("cannot open the store: %s", exc)
            prompt.show_error(exc)
            return None
