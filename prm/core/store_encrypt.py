"""Encrypting a store that was made plain: on request, or as soon as a keyring
appears for a store that was plain only for lack of one.

The order keeps the data openable at every instant:
1. the new key is made and kept (keyring, or wrapped by the passphrase);
2. the header says "encrypted" (a plain file under such a header still opens
   as plain: the file's own first bytes decide);
3. an encrypted, verified copy replaces the file in one rename;
4. plain backups are re-encrypted one by one.
A kill between 2 and 3 is finished at the next open (``finish_encryption``).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from prm.core import keywrap
from prm.core.errors import KnownError
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore
from prm.core.sqlite_conn import is_plain_sqlite, settle_wal
from prm.core.store_header import KEYRING, PASSPHRASE, PLAIN, StoreHeader, write_header
from prm.core.store_keys import protect_key, store_in_keyring

log = logging.getLogger(__name__)


def encrypt_plain_store(
    paths: AppPaths,
    secrets: SecretStore,
    header: StoreHeader,
    *,
    protection: str,
    passphrase: str | None = None,
) -> tuple[StoreHeader, str, str]:
    """Encrypt the closed plain store in ``paths``; returns the new header, the data
    key and the recovery key (to show once). Call under ``store_lifecycle``."""
    if protection not in (KEYRING, PASSPHRASE):
        raise KnownError(f"Unknown protection {protection!r}: use keyring or passphrase.")
    if header.protection != PLAIN or not is_plain_sqlite(paths.database):
        raise KnownError("Your PRM data is already encrypted.")
    key, recovery = keywrap.new_data_key(), keywrap.new_recovery_key()
    encrypted = replace(header, protection=protection, plain_by_choice=True, wrapped={})
    protect_key(encrypted, key, recovery, passphrase)
    if protection == KEYRING and not store_in_keyring(secrets, encrypted.store_id, key):
        raise KnownError(
            "The system keyring did not accept PRM's key, so your data was not encrypted.",
            hint="Unlock the keyring, or choose a passphrase instead.",
        )
    write_header(paths.header, encrypted, backup_dir=paths.backup_dir)
    finish_encryption(paths, key)
    log.info("store %s is now encrypted (%s)", encrypted.store_id, protection)
    return encrypted, key, recovery


def finish_encryption(paths: AppPaths, key: str) -> None:
    """Replace the plain database (and plain backups) by copies encrypted with ``key``."""
    from prm.core.backups import reencrypt_plain_backups
    from prm.core.sqlite_copy import copy_database

    db = paths.database
    if is_plain_sqlite(db):
        settle_wal(db, None)
        copy_database(db, None, db, key)
        for suffix in ("-wal", "-shm"):
            db.with_name(db.name + suffix).unlink(missing_ok=True)
    reencrypt_plain_backups(paths.backup_dir, key)


def encrypt_store(
    paths: AppPaths, secrets: SecretStore, *, protection: str, passphrase: str | None = None
) -> str:
    """Encrypt the closed store in ``paths``; returns the recovery key to show once."""
    from prm.core.store_header import read_header
    from prm.core.store_lock import store_lifecycle

    with store_lifecycle(paths):
        header = read_header(paths.header)
        if header is None:
            raise KnownError("Open the store with this version of PRM once before encrypting it.")
        _header, _key, recovery = encrypt_plain_store(
            paths, secrets, header, protection=protection, passphrase=passphrase
        )
    return recovery
