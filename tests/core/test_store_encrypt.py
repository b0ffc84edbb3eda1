"""Encrypting a plain store: on request, or as soon as a keyring appears for a store
that was plain only for lack of one; a kill half-way is finished at the next open."""

from __future__ import annotations

import pytest

from prm.core import contact_list, contacts
from prm.core.backups import backup_store, list_backups
from prm.core.drafts import ContactDraft
from prm.core.errors import KnownError
from prm.core.secrets import MemorySecretStore
from prm.core.sqlite_conn import is_plain_sqlite
from prm.core.store_encrypt import encrypt_store
from prm.core.store_header import KEYRING, PASSPHRASE, PLAIN, read_header, write_header
from prm.core.store_keys import Unlock
from prm.core.store_open import NewStore, open_store

SECRET_NAME = b"Quartermaine"


def plain_store_with_backup(paths, clock):
    store = open_store(paths, MemorySecretStore(available=False), new=NewStore(PLAIN))
    with store.transaction() as session:
        contacts.create_contact(
            session, draft=ContactDraft(given_name="Zeb", family_name="Quartermaine"), clock=clock
        )
    backup_store(store, now=clock.now())
    store.close()


def count(store) -> int:
    with store.reading() as session:
        return contact_list.count_contacts(session)


def assert_no_plaintext(paths) -> None:
    for path in [paths.database, *paths.backup_dir.glob("*.sqlite3")]:
        assert SECRET_NAME not in path.read_bytes(), path


def test_encrypting_with_the_keyring_covers_the_store_and_its_backups(paths, clock):
    plain_store_with_backup(paths, clock)
    keyring = MemorySecretStore()
    recovery = encrypt_store(paths, keyring, protection=KEYRING)
    assert not is_plain_sqlite(paths.database)
    assert_no_plaintext(paths)
    assert all(b.encrypted and b.verified for b in list_backups(paths.backup_dir))
    store = open_store(paths, keyring)
    assert store.encrypted and count(store) == 1
    store.close()
    again = open_store(paths, MemorySecretStore(), unlock=Unlock(recovery_key=recovery))
    assert count(again) == 1
    again.close()


def test_encrypting_with_a_passphrase(paths, clock):
    plain_store_with_backup(paths, clock)
    no_keyring = MemorySecretStore(available=False)
    encrypt_store(paths, no_keyring, protection=PASSPHRASE, passphrase="long passphrase")
    assert read_header(paths.header).protection == PASSPHRASE
    store = open_store(paths, no_keyring, unlock=Unlock(passphrase="long passphrase"))
    assert count(store) == 1
    store.close()


def test_an_encrypted_store_is_not_encrypted_twice(store):
    store.close()
    with pytest.raises(KnownError, match="already encrypted"):
        encrypt_store(store.paths, MemorySecretStore(), protection=KEYRING)


def test_a_store_plain_for_lack_of_a_keyring_is_encrypted_when_one_appears(paths, clock):
    plain_store_with_backup(paths, clock)
    header = read_header(paths.header)
    header.plain_by_choice = False  # as headers made for pre-header stores say
    write_header(paths.header, header)
    still_none = open_store(paths, MemorySecretStore(available=False))
    assert not still_none.encrypted
    still_none.close()
    keyring = MemorySecretStore()
    store = open_store(paths, keyring)
    assert store.encrypted and store.recovery_key_to_show and count(store) == 1
    store.close()
    assert_no_plaintext(paths)


def test_a_plain_store_chosen_plain_stays_plain(paths, clock):
    plain_store_with_backup(paths, clock)
    store = open_store(paths, MemorySecretStore())
    assert not store.encrypted
    store.close()


def test_an_encryption_killed_after_the_header_is_finished_at_the_next_open(
    paths, clock, monkeypatch
):
    from prm.core import store_encrypt

    plain_store_with_backup(paths, clock)
    keyring = MemorySecretStore()

    def killed(*_args, **_kwargs):
        raise SystemExit("killed")

    monkeypatch.setattr(store_encrypt, "finish_encryption", killed)
    with pytest.raises(SystemExit):
        encrypt_store(paths, keyring, protection=KEYRING)
    monkeypatch.undo()
    assert is_plain_sqlite(paths.database)  # the header says encrypted, the file is not yet
    store = open_store(paths, keyring)
    assert store.encrypted and count(store) == 1
    store.close()
    assert_no_plaintext(paths)
