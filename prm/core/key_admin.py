"""Managing an open store's key protection: the recovery key, the passphrase,
and moving the key between the keyring and a passphrase.

Every change writes the header atomically (and its copy in the backups folder)
before anything is removed: a kill in between leaves the store openable both
the old way and the new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from prm.core import keywrap
from prm.core.db import Store
from prm.core.errors import KnownError
from prm.core.secrets import SecretStore, SecretStoreUnavailable
from prm.core.store_header import KEYRING, PASSPHRASE, StoreHeader, write_header
from prm.core.store_keys import RECOVERY, Unlock, key_from_header, keyring_entry, store_in_keyring

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyStatus:
    store_id: str
    protection: str
    created_at: str
    in_keyring: bool
    has_recovery_key: bool


def key_status(store: Store, secrets: SecretStore) -> KeyStatus:
    header = _header(store)
    in_keyring = False
    if header.protection == KEYRING and secrets.available():
        try:
            in_keyring = secrets.get(keyring_entry(header.store_id)) is not None
        except SecretStoreUnavailable:
            in_keyring = False
    return KeyStatus(
        store_id=header.store_id,
        protection=header.protection,
        created_at=header.created_at,
        in_keyring=in_keyring,
        has_recovery_key=RECOVERY in header.wrapped,
    )


def verify_secret(store: Store, unlock: Unlock) -> None:
    """Re-authentication before showing or changing secrets: the passphrase or
    recovery key must unlock this store's key (``WrongSecretError`` otherwise)."""
    header = _header(store)
    if not (unlock.passphrase or unlock.recovery_key):
        raise KnownError("Enter your passphrase or recovery key first.")
    key, _ = key_from_header(header, _NoKeyring(), unlock)
    if key != store.key:
        raise KnownError("That secret belongs to another store.")


def show_recovery_key(store: Store) -> str:
    header = _header(store)
    if header.sealed_recovery is None or store.key is None:
        raise KnownError("This store has no recovery key to show.")
    return keywrap.unseal_text(store.key, header.sealed_recovery)


def replace_recovery_key(store: Store) -> str:
    """A new recovery key; the old one stops opening the store (and new backups)."""
    header = _header(store)
    key = _key(store)
    recovery = keywrap.new_recovery_key()
    header.wrapped[RECOVERY] = keywrap.wrap_key(key, recovery, keywrap.RECOVERY_COST)
    header.sealed_recovery = keywrap.seal_text(key, recovery)
    _save(store, header)
    return recovery


def set_passphrase(store: Store, secrets: SecretStore, passphrase: str) -> None:
    """Protect the key with ``passphrase`` (new or changed); the keyring entry goes."""
    header = _header(store)
    key = _key(store)
    if not passphrase:
        raise KnownError("The passphrase must not be empty.")
    was_keyring = header.protection == KEYRING
    header.wrapped[PASSPHRASE] = keywrap.wrap_key(key, passphrase, keywrap.PASSPHRASE_COST)
    header.protection = PASSPHRASE
    _save(store, header)
    if was_keyring:
        # The header now opens with the passphrase: only then may the keyring copy go.
        secrets.delete(keyring_entry(header.store_id))


def use_keyring(store: Store, secrets: SecretStore) -> None:
    """Keep the key in the system keyring instead of behind a passphrase."""
    header = _header(store)
    key = _key(store)
    if not secrets.available():
        raise KnownError(
            "There is no trustworthy system keyring on this computer.",
            hint="Keep using a passphrase, or install and unlock a keyring first.",
        )
    if not store_in_keyring(secrets, header.store_id, key):
        raise KnownError("The system keyring did not accept PRM's key; nothing was changed.")
    header.protection = KEYRING
    header.wrapped.pop(PASSPHRASE, None)
    _save(store, header)


def _header(store: Store) -> StoreHeader:
    if store.header is None:
        raise KnownError("This store has no header; open it with this version of PRM first.")
    return store.header


def _key(store: Store) -> str:
    if store.key is None:
        raise KnownError(
            "Your PRM data is not encrypted.", hint="Encrypt it first with `prm key encrypt`."
        )
    return store.key


def _save(store: Store, header: StoreHeader) -> None:
    write_header(store.paths.header, header, backup_dir=store.paths.backup_dir)
    log.info("store %s key protection is now %s", header.store_id, header.protection)


class _NoKeyring:
    """Re-authentication must come from the user, not from the keyring."""

    def available(self) -> bool:
        return False

    def get(self, name: str) -> str | None:
        return None

    def set(self, name: str, value: str) -> None:
        raise SecretStoreUnavailable("not a keyring")

    def delete(self, name: str) -> None:
        pass
