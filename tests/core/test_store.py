"""Opening the store: encryption, refusals, and never touching a file we cannot read."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from prm.core import contact_list, migrate
from prm.core.errors import (
    DatabaseDamagedError,
    DatabaseTooNewError,
    DatabaseUnreadableError,
    DataDirError,
    SetupNeededError,
)
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_header import PLAIN
from prm.core.store_keys import SecretNeededError
from prm.core.store_open import NewStore, open_store


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_encrypted_and_unreadable_without_the_key(store, paths):
    assert store.encrypted
    assert store.revision == migrate.HEAD_REVISION
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(paths.database).execute("SELECT * FROM sqlite_master").fetchall()


def test_store_reopens_with_the_key_from_the_secret_store(paths, secret_store):
    open_store(paths, secret_store).close()
    again = open_store(paths, secret_store)
    assert again.encrypted
    again.close()


def test_without_a_keyring_a_new_store_needs_a_choice_and_writes_nothing(paths):
    with pytest.raises(SetupNeededError, match="no trustworthy system keyring"):
        open_store(paths, MemorySecretStore(available=False))
    assert not paths.database.exists()
    assert not paths.header.exists()


def test_plain_storage_only_by_explicit_choice_and_the_user_is_reminded(paths):
    store = open_store(paths, MemorySecretStore(available=False), new=NewStore(PLAIN))
    assert not store.encrypted
    assert any("unencrypted" in notice for notice in store.notices)
    store.close()
    assert paths.database.read_bytes().startswith(b"SQLite format 3\x00")
    again = open_store(paths, MemorySecretStore(available=False))
    assert not again.encrypted
    again.close()


def test_pragmas_keep_data_safe(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_missing_key_asks_for_the_recovery_key_and_never_offers_a_restore(paths, secret_store):
    store = open_store(paths, secret_store)
    store.close()
    before = digest(paths.database)
    with pytest.raises(SecretNeededError) as caught:
        open_store(paths, MemorySecretStore())
    assert "keyring" in str(caught.value)
    assert caught.value.accepts == ("recovery",)
    assert digest(paths.database) == before


def test_garbage_file_is_refused_untouched(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"\x00\x01 this is not a database" * 100)
    before = digest(paths.database)
    with pytest.raises(DatabaseUnreadableError) as caught:
        open_store(paths, MemorySecretStore())
    assert str(paths.database) in str(caught.value)
    assert digest(paths.database) == before


def test_corrupt_plain_database_is_reported_with_its_path(paths):
    store = open_store(paths, MemorySecretStore(available=False), new=NewStore(PLAIN))
    store.close()
    data = bytearray(paths.database.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    paths.database.write_bytes(bytes(data))
    before = digest(paths.database)
    with pytest.raises(DatabaseDamagedError) as caught:
        open_store(paths, MemorySecretStore(available=False))
    assert str(paths.database) in str(caught.value)
    assert digest(paths.database) == before


def test_other_programs_sqlite_file_is_refused_untouched(paths):
    paths.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(paths.database)
    conn.execute("CREATE TABLE songs(title)")
    conn.commit()
    conn.close()
    before = digest(paths.database)
    with pytest.raises(DatabaseUnreadableError, match="not one written by PRM"):
        open_store(paths, MemorySecretStore())
    assert digest(paths.database) == before


def test_another_programs_alembic_database_is_not_called_a_newer_prm(paths):
    paths.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(paths.database)
    conn.execute("CREATE TABLE alembic_version(version_num)")
    conn.execute("INSERT INTO alembic_version VALUES ('abc123')")
    conn.execute("CREATE TABLE invoices(total)")
    conn.commit()
    conn.close()
    before = digest(paths.database)
    with pytest.raises(DatabaseUnreadableError, match="not one written by PRM"):
        open_store(paths, MemorySecretStore())
    assert digest(paths.database) == before


def test_database_from_a_newer_prm_is_refused_untouched(paths, secret_store):
    store = open_store(paths, secret_store)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    store.close()
    before = digest(paths.database)
    with pytest.raises(DatabaseTooNewError, match="newer version of PRM"):
        open_store(paths, secret_store)
    assert digest(paths.database) == before


def test_unwritable_data_folder_is_named(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("I am a file, not a folder")
    paths = AppPaths.for_dir(blocker / "data")
    with pytest.raises(DataDirError) as caught:
        open_store(paths, MemorySecretStore())
    assert str(paths.data_dir) in str(caught.value)


def test_full_disk_is_reported_and_nothing_half_written(store, clock):
    import sqlalchemy as sa

    from prm.core import contacts
    from prm.core.drafts import ContactDraft
    from prm.core.errors import KnownError

    with pytest.raises(KnownError, match="full; nothing was saved"), store.transaction() as session:
        contacts.create_contact(session, draft=ContactDraft(given_name="Ann"), clock=clock)
        session.flush()
        raise sa.exc.OperationalError("INSERT", {}, Exception("database or disk is full"))
    with store.reading() as session:
        assert contact_list.count_contacts(session) == 0
