"""The key lifecycle: a store that cannot be orphaned by a moved folder, a lost
keyring, a deleted file, a forgotten passphrase or an interrupted start."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from prm.core import contact_list, contacts, key_admin
from prm.core.drafts import ContactDraft
from prm.core.errors import DatabaseDamagedError, SetupNeededError, StoreMissingError
from prm.core.keywrap import WrongSecretError, normalize_recovery_key
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore, trustworthy_backend
from prm.core.store_header import CREATING, KEYRING, PASSPHRASE, read_header
from prm.core.store_keys import SecretNeededError, Unlock, keyring_entry
from prm.core.store_open import NewStore, open_store

NAME = "Zebulon Quartermaine"


def add_contact(store, clock, name: str = NAME) -> int:
    given, family = name.split()
    with store.transaction() as session:
        contact = contacts.create_contact(
            session, draft=ContactDraft(given_name=given, family_name=family), clock=clock
        )
    return contact.id


def names(store) -> list[str]:
    with store.reading() as session:
        ids = contact_list.list_contact_ids(session)
        return sorted(contacts.get_contact(session, contact_id=i).display_name for i in ids)


def new_store(paths, secrets, clock):
    store = open_store(paths, secrets)
    recovery = store.recovery_key_to_show
    add_contact(store, clock)
    store.close()
    return recovery


def test_a_new_store_is_encrypted_with_a_recovery_key_and_a_header(paths, secret_store, clock):
    recovery = new_store(paths, secret_store, clock)
    assert recovery and normalize_recovery_key(recovery) == recovery
    header = read_header(paths.header)
    assert header.protection == KEYRING and header.key_id
    assert secret_store.get(keyring_entry(header.store_id)) is not None
    assert recovery not in paths.header.read_text()  # only wrapped and sealed forms
    assert read_header(paths.backup_dir / paths.header.name) == header


def test_no_contact_name_in_the_store_its_wal_header_or_backups(paths, secret_store, clock):
    from datetime import UTC, datetime

    from prm.core.backups import backup_store

    store = open_store(paths, secret_store)
    add_contact(store, clock)
    backup_store(store, now=datetime(2026, 1, 1, tzinfo=UTC))
    wal = paths.database.with_name(paths.database.name + "-wal")
    files = [paths.database, paths.header, wal, *paths.backup_dir.iterdir()]
    for path in files:
        if path.is_file():
            assert b"Quartermaine" not in path.read_bytes(), path
    store.close()


def test_a_moved_data_folder_opens_with_the_same_keyring(paths, secret_store, clock, tmp_path):
    new_store(paths, secret_store, clock)
    moved = AppPaths.for_dir(tmp_path / "elsewhere" / "renamed")
    shutil.move(paths.data_dir, moved.data_dir)
    store = open_store(moved, secret_store)
    assert names(store) == [NAME]
    store.close()


def test_a_deleted_database_is_refused_and_its_key_is_kept(paths, secret_store, clock):
    new_store(paths, secret_store, clock)
    header = read_header(paths.header)
    key = secret_store.get(keyring_entry(header.store_id))
    paths.database.unlink()
    for suffix in ("-wal", "-shm"):
        paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreMissingError, match="will not start a new, empty one"):
        open_store(paths, secret_store)
    assert not paths.database.exists()
    assert secret_store.get(keyring_entry(header.store_id)) == key
    assert read_header(paths.header) == header


def test_an_empty_database_file_with_a_header_is_refused(paths, secret_store, clock):
    new_store(paths, secret_store, clock)
    paths.database.write_bytes(b"")
    with pytest.raises(StoreMissingError):
        open_store(paths, secret_store)


def test_a_lost_keyring_is_recovered_with_the_recovery_key(paths, secret_store, clock):
    recovery = new_store(paths, secret_store, clock)
    fresh_keyring = MemorySecretStore()
    with pytest.raises(SecretNeededError) as caught:
        open_store(paths, fresh_keyring)
    assert caught.value.accepts == ("recovery",)
    with pytest.raises(WrongSecretError):
        open_store(paths, fresh_keyring, unlock=Unlock(recovery_key="A" * 32))
    typed = recovery.lower().replace("-", " ")  # as a person might type it
    store = open_store(paths, fresh_keyring, unlock=Unlock(recovery_key=typed))
    assert names(store) == [NAME]
    store.close()
    again = open_store(paths, fresh_keyring)  # the keyring holds the key again
    assert names(again) == [NAME]
    again.close()


def test_a_locked_keyring_asks_for_the_recovery_key_never_a_restore(paths, secret_store, clock):
    new_store(paths, secret_store, clock)
    with pytest.raises(SecretNeededError, match="not available"):
        open_store(paths, MemorySecretStore(available=False))


def test_passphrase_mode(paths, clock):
    no_keyring = MemorySecretStore(available=False)
    with pytest.raises(SetupNeededError):
        open_store(paths, no_keyring)
    store = open_store(paths, no_keyring, new=NewStore(PASSPHRASE, "correct horse"))
    recovery = store.recovery_key_to_show
    add_contact(store, clock)
    store.close()
    assert read_header(paths.header).protection == PASSPHRASE
    with pytest.raises(SecretNeededError) as caught:
        open_store(paths, no_keyring)
    assert set(caught.value.accepts) == {"passphrase", "recovery"}
    with pytest.raises(WrongSecretError, match="passphrase"):
        open_store(paths, no_keyring, unlock=Unlock(passphrase="wrong horse"))
    for unlock in (Unlock(passphrase="correct horse"), Unlock(recovery_key=recovery)):
        store = open_store(paths, no_keyring, unlock=unlock)
        assert names(store) == [NAME]
        store.close()


def test_moving_the_key_between_keyring_and_passphrase(paths, secret_store, clock):
    new_store(paths, secret_store, clock)
    store = open_store(paths, secret_store)
    store_id = store.header.store_id
    key_admin.set_passphrase(store, secret_store, "a long passphrase")
    store.close()
    assert secret_store.get(keyring_entry(store_id)) is None
    with pytest.raises(SecretNeededError):
        open_store(paths, secret_store)
    store = open_store(paths, secret_store, unlock=Unlock(passphrase="a long passphrase"))
    key_admin.use_keyring(store, secret_store)
    store.close()
    store = open_store(paths, secret_store)
    assert names(store) == [NAME]
    store.close()


def test_recovery_key_can_be_shown_again_and_replaced(paths, secret_store, clock):
    first = new_store(paths, secret_store, clock)
    store = open_store(paths, secret_store)
    assert key_admin.show_recovery_key(store) == first
    second = key_admin.replace_recovery_key(store)
    store.close()
    assert second != first
    with pytest.raises(WrongSecretError):
        open_store(paths, MemorySecretStore(), unlock=Unlock(recovery_key=first))
    store = open_store(paths, MemorySecretStore(), unlock=Unlock(recovery_key=second))
    store.close()


def test_the_keyring_entry_is_never_overwritten(paths, secret_store, clock):
    recovery = new_store(paths, secret_store, clock)
    header = read_header(paths.header)
    secret_store.set(keyring_entry(header.store_id), "0" * 64)  # someone else's key
    with pytest.raises(SecretNeededError, match="does not belong"):
        open_store(paths, secret_store)
    store = open_store(paths, secret_store, unlock=Unlock(recovery_key=recovery))
    assert names(store) == [NAME]
    store.close()
    assert secret_store.get(keyring_entry(header.store_id)) == "0" * 64


def test_an_interrupted_first_start_starts_again_cleanly(paths, secret_store):
    paths.data_dir.mkdir(parents=True)
    header_text = json.dumps(
        {
            "format": 1,
            "store_id": "half-made",
            "created_at": "2026-01-01T00:00:00+00:00",
            "protection": "keyring",
            "state": CREATING,
            "wrapped": {},
        }
    )
    paths.header.write_text(header_text)
    paths.database.with_name(paths.database.name + ".creating").write_bytes(b"partial")
    store = open_store(paths, secret_store)
    assert store.header.store_id != "half-made"
    assert not paths.database.with_name(paths.database.name + ".creating").exists()
    store.close()


def test_files_and_folders_are_private(paths, secret_store, clock):
    new_store(paths, secret_store, clock)
    store = open_store(paths, secret_store)
    add_contact(store, clock, "Ann Other")
    for folder in (paths.data_dir, paths.backup_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for suffix in ("", "-wal", "-shm"):
        path = paths.database.with_name(paths.database.name + suffix)
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(paths.header.stat().st_mode) == 0o600
    store.close()


def test_an_older_world_readable_store_is_made_private(paths, secret_store, clock):
    new_store(paths, secret_store, clock)
    os.chmod(paths.data_dir, 0o755)
    os.chmod(paths.database, 0o644)
    open_store(paths, secret_store).close()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600


def test_writes_to_a_damaged_store_are_refused(paths, secret_store, clock):
    from prm.core import demo

    store = open_store(paths, secret_store)
    demo.populate(store, contacts=300, touches=0, seed=1, clock=clock)
    store.close()
    size = paths.database.stat().st_size
    with paths.database.open("r+b") as fh:  # 64 bytes flipped mid-file
        fh.seek(size // 2)
        chunk = fh.read(64)
        fh.seek(size // 2)
        fh.write(bytes(b ^ 0xFF for b in chunk))
    try:
        store = open_store(paths, secret_store)
    except DatabaseDamagedError:
        return  # refused at the door: as good
    try:
        with pytest.raises(DatabaseDamagedError, match="will not write"):
            add_contact(store, clock, "Never Written")
    finally:
        store.close()


def test_untrustworthy_keyring_backends_are_not_used():
    from keyring.backends import fail, null

    class PlaintextKeyring:  # as keyrings.alt names it
        priority = 0.5

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    assert not trustworthy_backend(PlaintextKeyring())
    assert not trustworthy_backend(fail.Keyring())
    assert not trustworthy_backend(null.Keyring())

    class SecretService:
        priority = 5

    SecretService.__module__ = "keyring.backends.SecretService"
    assert trustworthy_backend(SecretService())


def test_concurrent_writability_checks_share_no_probe_file(paths):
    import threading

    errors = []

    def check():
        try:
            for _ in range(200):
                paths.ensure_writable()
        except Exception as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=check) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert not list(paths.data_dir.glob(".write-test*"))
