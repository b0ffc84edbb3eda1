"""Finding a store's data key: keyring by store id, passphrase, or recovery key.

The rules that keep data reachable:
- the keyring entry is named after the store's id (from its header), never its
  path, so a moved or renamed folder opens as before;
- an existing keyring entry is never overwritten;
- a keyring that is locked or missing the key is reported as such, with the
  recovery key as the way in, never as a damaged database.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from prm.core import keywrap
from prm.core.errors import KnownError
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore, SecretStoreUnavailable
from prm.core.sqlite_conn import is_plain_sqlite
from prm.core.store_header import KEYRING, PASSPHRASE, StoreHeader, read_header

log = logging.getLogger(__name__)

RECOVERY = "recovery"
# For scripts and tests: the same secrets a person would type at the prompt.
PASSPHRASE_ENV = "PRM_PASSPHRASE"
RECOVERY_ENV = "PRM_RECOVERY_KEY"


@dataclass(frozen=True)
class Unlock:
    """Secrets a caller can offer when the keyring does not hold the store's key."""

    passphrase: str | None = None
    recovery_key: str | None = None


def unlock_from_env(environ: Mapping[str, str] | None = None) -> Unlock:
    environ = os.environ if environ is None else environ
    return Unlock(
        passphrase=environ.get(PASSPHRASE_ENV) or None,
        recovery_key=environ.get(RECOVERY_ENV) or None,
    )


def secret_from_text(text: str, accepts: tuple[str, ...]) -> Unlock:
    """What a person typed at a prompt: a recovery key has a fixed shape, anything
    else is taken as the passphrase."""
    if RECOVERY in accepts:
        try:
            return Unlock(recovery_key=keywrap.normalize_recovery_key(text))
        except keywrap.WrongSecretError:
            if PASSPHRASE not in accepts:
                raise
    return Unlock(passphrase=text)


class SecretNeededError(KnownError):
    """The store is locked: the caller must offer a passphrase or the recovery key."""

    def __init__(self, message: str, *, accepts: tuple[str, ...], hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.accepts = accepts  # "passphrase" and/or "recovery"


def keyring_entry(store_id: str) -> str:
    return f"store-key:{store_id}"


def legacy_keyring_entry(paths: AppPaths) -> str:
    """Where PRM before store headers kept the key: under the database's path."""
    return f"database-key:{paths.database.resolve()}"


def read_keyring(secrets: SecretStore, name: str) -> str | None:
    """The keyring's value, or None when the keyring is missing, locked or empty."""
    if not secrets.available():
        return None
    try:
        return secrets.get(name)
    except SecretStoreUnavailable:
        log.warning("the keyring could not be read", exc_info=True)
        return None


def store_in_keyring(secrets: SecretStore, store_id: str, key: str) -> bool:
    """Put ``key`` in the keyring unless an entry exists; True if the keyring holds it now."""
    if not secrets.available():
        return False
    name = keyring_entry(store_id)
    try:
        existing = secrets.get(name)
        if existing is not None:
            return existing == key  # never overwrite: a different key there is not ours to drop
        secrets.set(name, key)
        return True
    except SecretStoreUnavailable:
        log.warning("could not store the key in the keyring", exc_info=True)
        return False


def key_from_header(
    header: StoreHeader, secrets: SecretStore, unlock: Unlock | None = None
) -> tuple[str, str]:
    """The data key and how it was found ("keyring", "passphrase" or "recovery")."""
    unlock = unlock or Unlock()
    if unlock.recovery_key:
        wrapped = header.wrapped.get(RECOVERY)
        if wrapped is None:
            raise KnownError("This store has no recovery key.")
        normal = keywrap.normalize_recovery_key(unlock.recovery_key)
        return _checked(header, keywrap.unwrap_key(wrapped, normal, what="recovery key")), RECOVERY
    if unlock.passphrase and PASSPHRASE in header.wrapped:
        key = keywrap.unwrap_key(header.wrapped[PASSPHRASE], unlock.passphrase, what="passphrase")
        return _checked(header, key), PASSPHRASE
    if header.protection == PASSPHRASE:
        raise SecretNeededError(
            "Your PRM data is protected by a passphrase.",
            accepts=(PASSPHRASE, RECOVERY),
            hint="Enter it, or use your recovery key.",
        )
    if header.protection != KEYRING:
        raise KnownError("This store is not encrypted; it has no key.")
    if not secrets.available():
        raise SecretNeededError(
            "The system keyring, which holds the key to your PRM data, is not available "
            "(locked, not running, or not installed).",
            accepts=(RECOVERY,),
            hint="Unlock your keyring and try again, or use your recovery key.",
        )
    try:
        key = secrets.get(keyring_entry(header.store_id))
    except SecretStoreUnavailable as exc:
        raise SecretNeededError(
            f"The system keyring could not be read: {exc.message}",
            accepts=(RECOVERY,),
            hint="Unlock your keyring and try again, or use your recovery key.",
        ) from exc
    if key is None:
        raise SecretNeededError(
            "This computer's keyring does not hold the key to your PRM data "
            "(it was moved from another computer or user, or the keyring was reset).",
            accepts=(RECOVERY,),
            hint="Enter the recovery key shown when the store was created; "
            "PRM then keeps the key in this keyring again.",
        )
    if keywrap.key_id(key) != header.key_id:
        raise SecretNeededError(
            "The key in the system keyring does not belong to this store.",
            accepts=(RECOVERY,),
            hint="Use your recovery key; PRM leaves the keyring entry as it is.",
        )
    return key, KEYRING


def _checked(header: StoreHeader, key: str) -> str:
    if header.key_id and keywrap.key_id(key) != header.key_id:
        raise KnownError("The unwrapped key does not match this store's fingerprint.")
    return key


def resolve_key(paths: AppPaths, secrets: SecretStore, unlock: Unlock | None = None) -> str | None:
    """The data key of the store in ``paths`` without opening it (None: not encrypted).

    For restores and backups, which must work when the database is missing or damaged.
    """
    header = read_header(paths.header)
    if header is not None and header.encrypted:
        return key_from_header(header, secrets, unlock)[0]
    if header is not None or is_plain_sqlite(paths.database):
        return None
    key = read_keyring(secrets, legacy_keyring_entry(paths))
    if key is None:
        raise KnownError(
            f"PRM has no key for {paths.database}: it has no store header and the keyring "
            "holds no key for it."
        )
    return key


def protect_key(header: StoreHeader, key: str, recovery: str, passphrase: str | None) -> None:
    """Fill ``header``'s key fields: fingerprint, recovery wrap, sealed recovery key,
    and the passphrase wrap in passphrase mode."""
    header.key_id = keywrap.key_id(key)
    header.wrapped = {RECOVERY: keywrap.wrap_key(key, recovery, keywrap.RECOVERY_COST)}
    header.sealed_recovery = keywrap.seal_text(key, recovery)
    if header.protection == PASSPHRASE:
        if not passphrase:
            raise KnownError("A passphrase is needed to protect the store that way.")
        header.wrapped[PASSPHRASE] = keywrap.wrap_key(key, passphrase, keywrap.PASSPHRASE_COST)
