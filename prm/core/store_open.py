"""Opening the user's store: the one way in, and the rules that make it safe.

- A store is identified by its header (``prm.store.json``), not its path.
- PRM never creates a new store where one is known to have existed: a missing
  database beside a header or backups is refused, with the backups offered.
- A new store is encrypted: its key goes to a trustworthy keyring, or the user
  chooses a passphrase; unencrypted only by explicit choice. A recovery key
  is made with it and handed back once, for the user to keep.
- Creation and upgrades are atomic (``store_upgrade``), under an OS file lock.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from prm.core import keywrap
from prm.core.db import DiskFullError, Store, make_engine, read_revision
from prm.core.errors import DatabaseUnreadableError, KnownError, SetupNeededError, StoreMissingError
from prm.core.fsio import PRIVATE_FILE, make_private_dir
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore
from prm.core.sqlite_conn import is_plain_sqlite
from prm.core.store_encrypt import encrypt_plain_store, finish_encryption
from prm.core.store_header import (
    CREATING,
    KEYRING,
    PLAIN,
    READY,
    StoreHeader,
    read_header,
    write_header,
)
from prm.core.store_keys import (
    RECOVERY,
    Unlock,
    key_from_header,
    legacy_keyring_entry,
    protect_key,
    read_keyring,
    store_in_keyring,
)
from prm.core.store_lock import store_lifecycle
from prm.core.store_upgrade import build_new_store, remove_leftovers, upgrade_in_copy

log = logging.getLogger(__name__)


# A step of opening that the user waits for, minutes on a large store (an upgrade:
# a verified backup, the revisions on a copy, its check): ``long_step(what, step)``
# runs ``step`` and returns its result, telling the user ``what`` meanwhile as its
# caller can (a window that stays alive, a line on stderr).
LongStep = Callable[[str, Callable[[], Any]], Any]

UPGRADING = (
    "PRM is upgrading your data for this version. This happens once, and takes a few "
    "minutes for a large address book. Your data stays as it was until the upgrade "
    "is complete, and a backup is made first."
)
ENCRYPTING = (
    "PRM is encrypting your data with a key kept in your system keyring, which is "
    "available now. This takes a few minutes for a large address book."
)


def run_now(_what: str, step: Callable[[], Any]) -> Any:
    return step()


@dataclass(frozen=True)
class NewStore:
    """How a new store is protected, when the keyring cannot decide for the user."""

    protection: str  # "keyring", "passphrase" or "plain"
    passphrase: str | None = None


def open_store(
    paths: AppPaths,
    secrets: SecretStore,
    *,
    unlock: Unlock | None = None,
    new: NewStore | None = None,
    migrate: bool = True,
    long_step: LongStep = run_now,
) -> Store:
    """Open (creating if there never was one) the store in ``paths``, up to date.

    Raises ``SecretNeededError`` when a passphrase or the recovery key must be
    given (call again with ``unlock``), ``SetupNeededError`` when a new store
    needs ``new``, ``StoreMissingError`` when the database vanished. An upgrade or
    an encryption runs through ``long_step``.
    """
    from prm.core import migrate as migrations

    paths.ensure_writable()
    read_only: DiskFullError | None = None
    with store_lifecycle(paths):
        header, key, recovery = _unlock_or_create(paths, secrets, unlock, new)
        _tighten_permissions(paths)
        try:
            revision = read_revision(paths, key, header)
        except DiskFullError as full:
            # Reading and exporting must still work: open it read-only, in memory.
            read_only = full
            revision = read_revision(paths, key, header, read_only=True)
            migrate = False
        migrations.refuse_unknown(revision, paths.database)
        if migrate and not header.encrypted and not header.plain_by_choice and secrets.available():
            # Plain only because there was no keyring when it was made: now there is one.
            log.info("a keyring is available now: encrypting store %s", header.store_id)
            header, key, recovery = long_step(
                ENCRYPTING,
                lambda: encrypt_plain_store(paths, secrets, header, protection=KEYRING),
            )
        if migrate and revision != migrations.HEAD_REVISION:
            long_step(
                UPGRADING,
                lambda: upgrade_in_copy(paths.database, key, revision or "", now=datetime.now(UTC)),
            )
            revision = migrations.HEAD_REVISION
    if read_only is not None and revision != migrations.HEAD_REVISION:
        raise KnownError(
            f"PRM needs to upgrade {paths.database}, but its disk is full.",
            hint="Free some space and start PRM again; your data is intact.",
        )
    store = Store(
        paths=paths,
        engine=make_engine(paths.database, key, read_only=read_only is not None),
        key=key,
        header=header,
    )
    store.revision = revision or ""
    store.recovery_key_to_show = recovery
    if read_only is not None:
        store.read_only_reason = read_only
        store.notices.append(
            "The disk is full: PRM shows your data and can export it, but cannot save "
            "changes until you free some space."
        )
        return store
    if not header.encrypted:
        store.notices.append(
            "Your PRM data is stored unencrypted, as you chose. "
            "Encrypt it with `prm key encrypt` or in Preferences."
        )
    store.start_health_check()
    return store


def _unlock_or_create(
    paths: AppPaths, secrets: SecretStore, unlock: Unlock | None, new: NewStore | None
) -> tuple[StoreHeader, str | None, str | None]:
    """The header, the data key, and a recovery key to show (only when just made)."""
    db = paths.database
    remove_leftovers(db)
    header = read_header(paths.header)
    exists = db.exists() and db.stat().st_size > 0
    if header is not None and header.state == CREATING:
        if not exists:
            log.info("an earlier first start was interrupted; starting it again")
            header = None  # nothing was stored yet; its keyring entry holds no data
        else:
            header.state = READY
            write_header(paths.header, header, backup_dir=paths.backup_dir)
    if not exists:
        _refuse_if_a_store_existed(paths, secrets, header)
        return _create(paths, secrets, new)
    if header is None:
        header, key, recovery = _adopt(paths, secrets)
        if key is not None:
            return header, key, recovery
    if not header.encrypted:
        return header, None, None
    key, found_by = key_from_header(header, secrets, unlock)
    if is_plain_sqlite(db):
        log.warning("finishing the interrupted encryption of store %s", header.store_id)
        finish_encryption(paths, key)
    recovered = found_by == RECOVERY and header.protection == KEYRING
    if recovered and store_in_keyring(secrets, header.store_id, key):
        log.info("recovered store %s; its key is in this keyring again", header.store_id)
    return header, key, None


def _refuse_if_a_store_existed(
    paths: AppPaths, secrets: SecretStore, header: StoreHeader | None
) -> None:
    from prm.core.backups import list_backups

    db = paths.database
    known = []
    if header is not None:
        known.append(f"its store header {paths.header.name} (created {header.created_at[:10]})")
    if list_backups(paths.backup_dir, deep=False):
        known.append(f"backups in {paths.backup_dir}")
    if read_keyring(secrets, legacy_keyring_entry(paths)) is not None:
        known.append("its key in the system keyring")
    if db.exists():
        known.append("an empty database file")
    if known:
        raise StoreMissingError(
            f"PRM's database {db} is missing or empty, but this folder held a store "
            f"({'; '.join(known)}). PRM will not start a new, empty one over it.",
            backup_dir=paths.backup_dir,
            hint="Put the file back, or restore a backup (`prm backup list`, then "
            "`prm backup restore ID`). To really start afresh, move the whole folder away.",
        )


def _create(
    paths: AppPaths, secrets: SecretStore, new: NewStore | None
) -> tuple[StoreHeader, str | None, str | None]:
    if new is None:
        if not secrets.available():
            raise SetupNeededError(
                "There is no trustworthy system keyring to keep the key to your new PRM data.",
                hint="Choose a passphrase (set PRM_PASSPHRASE, or run `prm key init "
                "--passphrase`), or choose to store it unencrypted with `prm key init --plain`.",
            )
        new = NewStore(KEYRING)
    header = StoreHeader(
        store_id=str(uuid.uuid4()),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        protection=new.protection,
        state=CREATING,
    )
    key = recovery = None
    if new.protection != PLAIN:
        key, recovery = keywrap.new_data_key(), keywrap.new_recovery_key()
        protect_key(header, key, recovery, new.passphrase)
        if new.protection == KEYRING and not store_in_keyring(secrets, header.store_id, key):
            raise SetupNeededError(
                "The system keyring refused to keep the key to your new PRM data.",
                hint="Unlock the keyring, or choose a passphrase instead.",
            )
    write_header(paths.header, header, backup_dir=paths.backup_dir)
    build_new_store(paths.database, key)
    header.state = READY
    write_header(paths.header, header, backup_dir=paths.backup_dir)
    log.info("created store %s (%s)", header.store_id, header.protection)
    return header, key, recovery


def _adopt(paths: AppPaths, secrets: SecretStore) -> tuple[StoreHeader, str | None, str | None]:
    """Give a store made before headers existed its header (and a recovery key)."""
    db = paths.database
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if is_plain_sqlite(db):
        read_revision(paths, None, None)  # another program's SQLite file is refused here
        header = StoreHeader(str(uuid.uuid4()), now, PLAIN, plain_by_choice=False)
        write_header(paths.header, header, backup_dir=paths.backup_dir)
        return header, None, None
    key = read_keyring(secrets, legacy_keyring_entry(paths))
    if key is None:
        raise DatabaseUnreadableError(
            f"{db} is encrypted, but this computer's keyring has no key for it, and it has no "
            "store header with a recovery key. PRM left the file as it is.",
            path=db,
            latest_backup=None,
            hint="If it came from another computer, open it there once with this PRM version "
            "(which gives it a recovery key), then copy the whole folder.",
        )
    header = StoreHeader(str(uuid.uuid4()), now, KEYRING)
    recovery = keywrap.new_recovery_key()
    protect_key(header, key, recovery, None)
    # Check the key opens the file before promising anything about it.
    read_revision(paths, key, header)
    store_in_keyring(secrets, header.store_id, key)
    write_header(paths.header, header, backup_dir=paths.backup_dir)
    log.info("adopted a store without header as %s", header.store_id)
    return header, key, recovery


def _tighten_permissions(paths: AppPaths) -> None:
    """Owner-only folders and files, also for stores made by older versions."""
    if os.name != "posix":
        return
    make_private_dir(paths.data_dir)
    for suffix in ("", "-wal", "-shm"):
        path = paths.database.with_name(paths.database.name + suffix)
        try:
            if path.exists() and (path.stat().st_mode & 0o077):
                os.chmod(path, PRIVATE_FILE)
        except OSError:
            log.warning("could not make %s private", path, exc_info=True)
    if paths.backup_dir.is_dir():
        make_private_dir(paths.backup_dir)
