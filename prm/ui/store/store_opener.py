"""Opening the user's store at start-up, asking for whatever it needs.

The questions go through a ``Prompt`` so tests can answer them; the app's
prompt uses dialogs. Core decides what is safe (``open_store`` refuses to
start afresh where a store existed, and tells a wrong key, a locked keyring, a
full disk and real damage apart); this module only turns each answer into the
next attempt:

- no trustworthy keyring for a new store -> choose a passphrase (or, explicitly,
  no encryption);
- a locked store -> the passphrase or the recovery key;
- a missing or damaged database -> restore a chosen backup (the damaged file
  is kept aside, never overwritten or deleted);
- a recovery key made just now -> shown once, to be kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from prm.core.db import Store
from prm.core.errors import DatabaseDamagedError, KnownError, SetupNeededError, StoreMissingError
from prm.core.keywrap import WrongSecretError
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore
from prm.core.store_header import PASSPHRASE, PLAIN
from prm.core.store_keys import SecretNeededError, Unlock, secret_from_text
from prm.core.store_open import NewStore, open_store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20  # a safety net against a prompt that keeps answering the same


class Prompt(Protocol):
    def show_error(self, exc: KnownError) -> None: ...
    def choose_protection(self, exc: SetupNeededError) -> NewStore | None: ...
    def ask_secret(self, exc: SecretNeededError, problem: str) -> Unlock | None: ...
    def choose_backup(self, exc: KnownError) -> str | None: ...
    def show_recovery_key(self, recovery_key: str) -> None: ...
    def run_long(self, what: str, step: Callable[[], Any]) -> Any: ...


def open_user_store(
    paths: AppPaths,
    secrets: SecretStore,
    prompt: Prompt,
    *,
    unlock: Unlock | None = None,
    new: NewStore | None = None,
) -> Store | None:
    """The opened store, or None after telling the user why it cannot be opened.

    ``unlock`` and ``new`` are first answers (from PRM_PASSPHRASE, for scripts);
    the prompt is asked only for what they do not settle. A store created from
    the caller's ``new`` keeps its ``recovery_key_to_show`` for the caller.
    """
    scripted_new = new is not None
    problem = ""
    restored = False
    for _ in range(MAX_ATTEMPTS):
        try:
            store = open_store(paths, secrets, unlock=unlock, new=new, long_step=prompt.run_long)
        except SetupNeededError as exc:
            new = prompt.choose_protection(exc)
            if new is None:
                return None
            continue
        except SecretNeededError as exc:
            unlock = prompt.ask_secret(exc, problem)
            if unlock is None:
                return None
            continue
        except WrongSecretError as exc:
            problem = exc.message
            unlock = None
            continue
        except (StoreMissingError, DatabaseDamagedError) as exc:
            log.error("store cannot be used: %s", exc)
            if restored or not _restore_chosen(paths, secrets, unlock, prompt, exc):
                return None
            restored = True
            continue
        except KnownError as exc:  # too new, folder not writable, disk full...
            log.error("cannot open the store: %s", exc)
            prompt.show_error(exc)
            return None
        if store.recovery_key_to_show and not scripted_new:
            prompt.show_recovery_key(store.recovery_key_to_show)
            store.recovery_key_to_show = None
        return store
    return None


def _restore_chosen(
    paths: AppPaths, secrets: SecretStore, unlock: Unlock | None, prompt: Prompt, exc: KnownError
) -> bool:
    from datetime import UTC, datetime

    from prm.core.backups import restore_backup
    from prm.core.store_keys import resolve_key
    from prm.ui.store.long_step import RESTORING

    chosen = prompt.choose_backup(exc)
    if chosen is None:
        return False
    try:
        key = resolve_key(paths, secrets, unlock)
        prompt.run_long(
            RESTORING, lambda: restore_backup(paths, chosen, key, now=datetime.now(UTC))
        )
    except KnownError as restore_exc:
        prompt.show_error(restore_exc)
        return False
    return True


def backup_dir_of(exc: KnownError) -> Path:
    if isinstance(exc, StoreMissingError):
        return exc.backup_dir
    assert isinstance(exc, DatabaseDamagedError)
    return exc.path.parent / "backups"


class DialogPrompt:
    """Asks with dialogs (no window exists yet, so they are application-modal)."""

    def show_error(self, exc: KnownError) -> None:
        from prm.ui.common.errors import known_error_box

        known_error_box(None, exc, title="PRM cannot open your data").exec()

    def choose_protection(self, exc: SetupNeededError) -> NewStore | None:
        from prm.ui.store.key_dialogs import ChooseProtectionDialog

        dialog = ChooseProtectionDialog(exc.message)
        if dialog.exec() != ChooseProtectionDialog.DialogCode.Accepted:
            return None
        if dialog.passphrase is None:
            return NewStore(PLAIN)
        return NewStore(PASSPHRASE, dialog.passphrase)

    def ask_secret(self, exc: SecretNeededError, problem: str) -> Unlock | None:
        from prm.ui.store.key_dialogs import UnlockDialog

        while True:
            dialog = UnlockDialog(
                exc, accepts_passphrase=PASSPHRASE in exc.accepts, problem=problem
            )
            if dialog.exec() != UnlockDialog.DialogCode.Accepted:
                return None
            try:
                return secret_from_text(dialog.text(), exc.accepts)
            except WrongSecretError as wrong:
                problem = wrong.message

    def choose_backup(self, exc: KnownError) -> str | None:
        from prm.ui.store.restore_backup_dialog import choose_backup_to_restore

        chosen = choose_backup_to_restore(None, backup_dir_of(exc), exc.message)
        if chosen is None:
            self.show_error(exc)
        return chosen

    def show_recovery_key(self, recovery_key: str) -> None:
        from prm.ui.store.key_dialogs import RecoveryKeyDialog

        RecoveryKeyDialog(recovery_key, first_time=True).exec()

    def run_long(self, what: str, step: Callable[[], Any]) -> Any:
        from prm.ui.store.long_step import run_showing_progress

        return run_showing_progress(what, step)
