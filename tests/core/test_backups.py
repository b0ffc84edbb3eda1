"""Backups: verified, private, chosen by content, rotated, and restorable (undoably)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from prm.core import contact_list, contacts
from prm.core.backups import (
    BackupInfo,
    backup_after_write,
    backup_is_due,
    backup_store,
    backups_to_keep,
    create_backup,
    latest_verified_backup,
    list_backups,
    restore_backup,
    rotate,
)
from prm.core.backups.catalog import manifest_bytes
from prm.core.drafts import ContactDraft
from prm.core.errors import KnownError
from prm.core.secrets import MemorySecretStore
from prm.core.sqlite_conn import connect_raw, is_plain_sqlite
from prm.core.sqlite_copy import copy_database
from prm.core.store_header import PLAIN
from prm.core.store_open import NewStore, open_store

NAME = "Zebulonia Quartermaine"


def add(store, clock, given: str, family: str = "") -> int:
    with store.transaction() as session:
        return contacts.create_contact(
            session, draft=ContactDraft(given_name=given, family_name=family), clock=clock
        ).id


def digest(path, key) -> str:
    """Every row of every table, in order: equal digests mean the same data."""
    conn = connect_raw(path, key)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        h = hashlib.sha256()
        for table in tables:
            rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"'))
            h.update(repr((table, rows)).encode())
        return h.hexdigest()
    finally:
        conn.close()


def names(store) -> list[str]:
    with store.reading() as session:
        rows = contact_list.contact_rows(session, ids=contact_list.list_contact_ids(session))
    return sorted(r.display_name for r in rows.values())


def test_an_encrypted_backup_is_private_verified_and_hides_names(store, clock):
    add(store, clock, "Zebulonia", "Quartermaine")
    info = backup_store(store, now=clock.now())
    data = info.path.read_bytes()
    assert b"Zebulonia" not in data and not is_plain_sqlite(info.path)
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(info.manifest.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.paths.backup_dir.stat().st_mode) == 0o700
    manifest = json.loads(info.manifest.read_text())
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["size"] == len(data) and manifest["contacts"] == 1
    assert manifest["kind"] == "daily" and manifest["encrypted"] is True
    assert manifest["created_at"] == "2026-03-14T09:30:00+00:00"
    assert manifest["revision"] == store.revision
    [listed] = list_backups(store.paths.backup_dir)
    assert listed.verified and listed.contacts == 1 and listed.id == "20260314T093000Z-daily"
    assert not list(store.paths.backup_dir.glob("*.partial*"))


def test_copy_database_changes_encryption_both_ways(store, clock, tmp_path):
    add(store, clock, "Zebulonia", "Quartermaine")
    plain = tmp_path / "plain.sqlite3"
    copy_database(store.paths.database, store.key, plain, None)
    assert is_plain_sqlite(plain) and b"Zebulonia" in plain.read_bytes()
    other_key = "ab" * 32
    again = tmp_path / "again.sqlite3"
    copy_database(plain, None, again, other_key)
    assert b"Zebulonia" not in again.read_bytes()
    assert digest(again, other_key) == digest(store.paths.database, store.key)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("sqlite3")) == [
        "again.sqlite3",
        "plain.sqlite3",
    ]


def test_a_backup_does_not_hold_up_writers(store, clock):
    for i in range(300):
        add(store, clock, f"Person{i}", "x" * 200)
    done = threading.Event()
    made: list[BackupInfo] = []

    def copy() -> None:
        made.append(
            create_backup(
                store.paths.database,
                store.key,
                store.paths.backup_dir,
                now=clock.now(),
                pages_per_step=1,
                pause=0.01,
            )
        )
        done.set()

    thread = threading.Thread(target=copy)
    thread.start()
    slowest = 0.0
    while not done.is_set():
        started = time.monotonic()
        add(store, clock, "During")
        slowest = max(slowest, time.monotonic() - started)
    thread.join()
    assert made[0].verified and slowest < 1.0


def test_a_full_disk_leaves_no_partial_file_and_names_the_folder(store, clock, monkeypatch):
    from prm.core import sqlite_copy

    def full(_path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sqlite_copy, "_fsync_file", full)
    with pytest.raises(KnownError) as caught:
        backup_store(store, now=clock.now())
    assert "the disk is full" in caught.value.message
    assert str(store.paths.backup_dir) in caught.value.message
    assert [p.name for p in store.paths.backup_dir.iterdir()] == ["prm.store.json"]


@pytest.fixture
def small_disk(mount_small_disk):
    return mount_small_disk("1M")


def test_a_real_full_disk_is_reported_and_cleaned_up(store, clock, small_disk):
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE filler (b BLOB)")
        conn.exec_driver_sql("INSERT INTO filler VALUES (randomblob(2000000))")
    with pytest.raises(KnownError) as caught:
        create_backup(store.paths.database, store.key, small_disk / "backups", now=clock.now())
    assert "the disk is full" in caught.value.message
    assert str(small_disk / "backups") in caught.value.message
    assert list((small_disk / "backups").iterdir()) == []


def test_the_newest_backup_is_chosen_by_content_not_file_time(store, clock):
    good = backup_store(store, now=clock.now())
    backup_dir = store.paths.backup_dir
    # A newer-named copy that no longer matches its manifest, touched to look newest.
    broken = backup_dir / "prm-20260315T000000Z-daily.sqlite3"
    broken.write_bytes(good.path.read_bytes()[:-4096])
    broken.with_suffix(".json").write_bytes(good.manifest.read_bytes())
    legacy = backup_dir / "prm-20250101T000000123456Z.sqlite3"
    legacy.write_bytes(b"old and unverifiable")
    future = time.time() + 10 * 86400
    for path in (broken, legacy):
        os.utime(path, (future, future))
    os.utime(good.path, (0, 0))
    assert latest_verified_backup(backup_dir).id == good.id
    listed = {b.id: b for b in list_backups(backup_dir)}
    assert not listed["20250101T000000123456Z"].verified
    assert listed["20250101T000000123456Z"].created_at == datetime(2025, 1, 1, tzinfo=UTC)
    assert not listed["20260315T000000Z-daily"].verified
    assert [b.id for b in list_backups(backup_dir)][-1] == "20250101T000000123456Z"


def test_partial_files_of_a_killed_backup_are_ignored_and_removed(store, clock):
    backup_store(store, now=clock.now())
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    backup_dir = store.paths.backup_dir
    stale = backup_dir / f".prm-20260314T100000Z-daily.sqlite3.{dead.pid}-0123abcd.partial"
    stale.write_bytes(b"half a copy")
    stale.with_name(stale.name + "-journal").write_bytes(b"j")
    live = backup_dir / f".prm-20260314T100000Z-daily.sqlite3.{os.getppid()}-0123abcd.partial"
    live.write_bytes(b"another process is still writing this")
    assert len(list_backups(backup_dir)) == 1
    assert not stale.exists() and not stale.with_name(stale.name + "-journal").exists()
    assert live.exists()


def test_backups_are_due_daily(store, clock):
    backup_dir = store.paths.backup_dir
    assert backup_is_due(backup_dir, now=clock.now())
    backup_store(store, now=clock.now())
    assert not backup_is_due(backup_dir, now=clock.now() + timedelta(hours=23))
    assert backup_is_due(backup_dir, now=clock.now() + timedelta(hours=25))


def test_backup_after_write_backs_up_once_a_day_only_after_writes(store, clock, monkeypatch):
    assert backup_after_write(store, clock.now()) is None
    assert list_backups(store.paths.backup_dir) == []
    add(store, clock, "Ada")
    assert backup_after_write(store, clock.now()) is None
    assert len(list_backups(store.paths.backup_dir)) == 1
    assert backup_after_write(store, clock.now() + timedelta(hours=1)) is None
    assert len(list_backups(store.paths.backup_dir)) == 1

    from prm.core.backups import create

    def fail(*_a, **_k):
        raise KnownError("Cannot write a copy of the database in /x: the disk is full.")

    monkeypatch.setattr(create, "backup_store", fail)
    warning = backup_after_write(store, clock.now() + timedelta(days=2))
    assert "the disk is full" in warning and "saved" in warning


def _fake(backup_dir, moment: datetime, kind: str) -> None:
    """A tiny backup file with a correct manifest (rotation does not open databases)."""
    from prm.core.backups.catalog import new_backup_path

    path = new_backup_path(backup_dir, moment, kind)
    data = moment.isoformat().encode()
    path.write_bytes(data)
    info = BackupInfo(
        id=path.name[4:-8],
        path=path,
        kind=kind,
        created_at=moment,
        size=len(data),
        contacts=1,
        touches=0,
        revision="r",
        encrypted=True,
        verified=True,
    )
    path.with_suffix(".json").write_bytes(manifest_bytes(info, hashlib.sha256(data).hexdigest()))


def test_a_year_of_daily_backups_rotates_to_7_daily_4_weekly_12_monthly(tmp_path):
    """About 4 s: 365 real backup files and manifests, rotated after each one."""
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    start = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    for day in range(400):
        moment = start + timedelta(days=day)
        _fake(backup_dir, moment, "daily")
        if day % 50 == 0:
            _fake(backup_dir, moment + timedelta(minutes=5), "pre-migration")
        rotate(backup_dir)
    kept = list_backups(backup_dir)
    daily = [b.created_at for b in kept if b.kind == "daily"]
    last = start + timedelta(days=399)
    assert all(last - timedelta(days=d) in daily for d in range(7))
    months = {(d.year, d.month) for d in daily}
    assert len(months) == 12 and (last.year, last.month) in months
    weeks = {d.isocalendar()[:2] for d in daily}
    assert all((last - timedelta(weeks=w)).isocalendar()[:2] in weeks for w in range(4))
    assert len(daily) <= 7 + 4 + 12
    assert len([b for b in kept if b.kind == "pre-migration"]) == 3
    assert kept[0].created_at == last  # the newest is never rotated away


def test_manual_copies_rotate_like_daily_and_the_newest_verified_survives():
    def info(i: int, kind: str, verified: bool = True) -> BackupInfo:
        moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=i)
        return BackupInfo(
            id=f"{i}-{kind}",
            path=None,
            kind=kind,
            created_at=moment,
            size=1,
            contacts=0,
            touches=0,
            revision=None,
            encrypted=True,
            verified=verified,
        )

    same_day = [info(1, "daily"), info(2, "manual"), info(3, "daily", verified=False)]
    assert backups_to_keep(same_day) == {"2-manual"}
    restores = [info(i, "before-restore") for i in range(5)]
    assert backups_to_keep(restores) == {"2-before-restore", "3-before-restore", "4-before-restore"}


def test_restore_gives_back_the_same_rows_keeps_the_current_store_and_can_be_undone(
    paths, secret_store, clock
):
    store = open_store(paths, secret_store)
    add(store, clock, "Zebulonia", "Quartermaine")
    first = backup_store(store, now=clock.now())
    at_backup = digest(paths.database, store.key)
    add(store, clock, "Later", "Edit")  # lives in the WAL until the restore checkpoints it
    key = store.key
    store.close()
    after_edit = digest(paths.database, key)

    clock.advance(hours=1)
    result = restore_backup(paths, first.id, key, now=clock.now())
    assert digest(paths.database, key) == at_backup
    assert result.kept_aside is not None and result.kept_aside.kind == "before-restore"
    assert result.undo_command == f"prm backup restore {result.kept_aside.id}"
    reopened = open_store(paths, secret_store)
    assert names(reopened) == [NAME]
    reopened.close()

    clock.advance(hours=1)
    restore_backup(paths, result.kept_aside.id, key, now=clock.now())
    assert digest(paths.database, key) == after_edit


def test_a_failed_restore_copy_moves_nothing(paths, secret_store, clock, monkeypatch):
    store = open_store(paths, secret_store)
    add(store, clock, "Ada")
    first = backup_store(store, now=clock.now())
    key = store.key
    store.close()
    before = paths.database.read_bytes()
    listed = [b.id for b in list_backups(paths.backup_dir)]

    from prm.core.backups import restore

    def full(*_a, **_k):
        raise KnownError(
            f"Cannot write a copy of the database in {paths.data_dir}: the disk is full."
        )

    monkeypatch.setattr(restore, "copy_database", full)
    with pytest.raises(KnownError):
        restore_backup(paths, first.id, key, now=clock.now())
    assert paths.database.read_bytes() == before
    assert [b.id for b in list_backups(paths.backup_dir)] == listed
    leftovers = [p.name for p in paths.data_dir.iterdir() if p.name.startswith(".")]
    assert leftovers == [".store.lock"]  # the lifecycle lock's file; no partial copy


def test_a_kill_just_before_the_swap_leaves_the_old_store(paths, secret_store, clock, monkeypatch):
    store = open_store(paths, secret_store)
    first = backup_store(store, now=clock.now())
    add(store, clock, "Zebulonia", "Quartermaine")
    key = store.key
    store.close()

    from prm.core.backups import restore

    def killed(*_a):
        raise SystemExit("killed")

    monkeypatch.setattr(restore.os, "replace", killed)
    with pytest.raises(SystemExit):
        restore_backup(paths, first.id, key, now=clock.now())
    monkeypatch.undo()
    reopened = open_store(paths, secret_store)
    assert names(reopened) == [NAME]
    reopened.close()


def test_an_unreadable_store_is_set_aside_not_deleted(paths, secret_store, clock):
    store = open_store(paths, secret_store)
    add(store, clock, "Ada")
    first = backup_store(store, now=clock.now())
    key = store.key
    store.close()
    garbage = b"not a database at all " * 300
    paths.database.write_bytes(garbage)

    result = restore_backup(paths, first.id, key, now=clock.now())
    assert result.kept_aside is None
    assert result.set_aside_file.parent == paths.backup_dir
    assert result.set_aside_file.read_bytes() == garbage
    assert digest(paths.database, key) == digest(first.path, key)


def test_restore_works_when_the_database_is_missing_and_re_encrypts_a_plain_backup(
    paths, clock, tmp_path
):
    plain_store = open_store(paths, MemorySecretStore(available=False), new=NewStore(PLAIN))
    add(plain_store, clock, "Zebulonia", "Quartermaine")
    plain = backup_store(plain_store, now=clock.now())
    assert plain.encrypted is False
    plain_store.close()
    paths.database.unlink()

    key = "cd" * 32
    result = restore_backup(paths, plain.id, key, now=clock.now())
    assert result.kept_aside is None and result.set_aside_file is None
    assert b"Zebulonia" not in paths.database.read_bytes()
    assert digest(paths.database, key) == digest(plain.path, None)


def test_an_unknown_or_changed_backup_is_refused(paths, secret_store, clock):
    store = open_store(paths, secret_store)
    first = backup_store(store, now=clock.now())
    key = store.key
    store.close()
    with pytest.raises(KnownError, match="prm backup list"):
        restore_backup(paths, "nope", key, now=clock.now())
    with first.path.open("r+b") as fh:
        fh.seek(5000)
        fh.write(b"\xff" * 64)
    before = paths.database.read_bytes()
    with pytest.raises(KnownError, match="changed since it was made"):
        restore_backup(paths, first.id, key, now=clock.now())
    assert paths.database.read_bytes() == before


def test_restore_refuses_while_the_window_has_the_store_open(paths, secret_store, clock):
    store = open_store(paths, secret_store)
    first = backup_store(store, now=clock.now())
    key = store.key
    store.close()
    before = paths.database.read_bytes()
    paths.lock_file.write_text(f"{os.getppid()}\nprm\nhost\n")  # a live process holds it
    with pytest.raises(KnownError, match="window is open"):
        restore_backup(paths, first.id, key, now=clock.now())
    assert paths.database.read_bytes() == before
    paths.lock_file.write_text(f"{os.getpid()}\nprm\nhost\n")  # our own (the app's restore)
    assert restore_backup(paths, first.id, key, now=clock.now()).restored.id == first.id
