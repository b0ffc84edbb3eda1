"""Getting the CLI into a locked or new store: environment variables for scripts,
prompts on a terminal, and a clear refusal when neither is possible."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import Any

from prm.core.db import Store
from prm.core.errors import KnownError, SetupNeededError
from prm.core.keywrap import WrongSecretError, recovery_key_notice
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore
from prm.core.store_header import PASSPHRASE
from prm.core.store_keys import (
    PASSPHRASE_ENV,
    RECOVERY_ENV,
    SecretNeededError,
    secret_from_text,
    unlock_from_env,
)
from prm.core.store_open import NewStore, open_store

TRIES = 3
MIN_PASSPHRASE = 8


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def say_first(what: str, step: Callable[[], Any]) -> Any:
    """A long step of opening (an upgrade): said on stderr first, so a command that
    takes minutes once is not taken for hung (stdout stays the command's output)."""
    print(f"prm: {what}", file=sys.stderr, flush=True)
    return step()


def open_cli_store(paths: AppPaths, secrets: SecretStore) -> Store:
    """Open the store for a command, asking on a terminal for what it needs."""
    unlock = unlock_from_env()
    new = NewStore(PASSPHRASE, unlock.passphrase) if unlock.passphrase else None
    try:
        store = open_store(paths, secrets, unlock=unlock, new=new, long_step=say_first)
    except SetupNeededError:
        if not interactive():
            raise
        print(
            "prm: there is no trustworthy keyring on this computer to keep the key to "
            "your new PRM data.",
            file=sys.stderr,
        )
        passphrase = ask_new_passphrase()
        store = open_store(paths, secrets, new=NewStore(PASSPHRASE, passphrase))
    except SecretNeededError as exc:
        if not interactive():
            raise KnownError(
                exc.message,
                hint=f"Set {PASSPHRASE_ENV} or {RECOVERY_ENV}, or run the command in a terminal.",
            ) from exc
        store = _ask_until_unlocked(paths, secrets, exc)
    show_recovery_key_once(store)
    return store


def _ask_until_unlocked(paths: AppPaths, secrets: SecretStore, exc: SecretNeededError) -> Store:
    print(f"prm: {exc.message}", file=sys.stderr)
    prompt = "Passphrase (or recovery key): " if PASSPHRASE in exc.accepts else "Recovery key: "
    for attempt in range(TRIES):
        answer = getpass.getpass(prompt)
        try:
            unlock = secret_from_text(answer, exc.accepts)
            return open_store(paths, secrets, unlock=unlock, long_step=say_first)
        except WrongSecretError as wrong:
            left = TRIES - attempt - 1
            print(
                f"prm: {wrong.message}" + (f" {left} tries left." if left else ""), file=sys.stderr
            )
    raise KnownError("The store stayed locked: no passphrase or recovery key was right.")


def ask_new_passphrase() -> str:
    for _ in range(TRIES):
        first = getpass.getpass(f"Choose a passphrase (at least {MIN_PASSPHRASE} characters): ")
        if len(first) < MIN_PASSPHRASE:
            print(f"prm: too short; use at least {MIN_PASSPHRASE} characters.", file=sys.stderr)
            continue
        if getpass.getpass("Type it again: ") == first:
            return first
        print("prm: the two did not match.", file=sys.stderr)
    raise KnownError("No passphrase was chosen; nothing was created.")


def show_recovery_key_once(store: Store) -> None:
    key = store.recovery_key_to_show
    if not key:
        return
    store.recovery_key_to_show = None
    print(recovery_key_notice(key), file=sys.stderr)
