"""Start-up: the store opens, or the user is told why; one PRM per data folder."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time

from PySide6.QtCore import QLockFile

from prm.core import backups, contact_list, contacts
from prm.core.errors import (
    DatabaseTooNewError,
    DatabaseUnreadableError,
    KnownError,
    SetupNeededError,
)
from prm.core.secrets import MemorySecretStore
from prm.core.store_header import PASSPHRASE
from prm.core.store_keys import SecretNeededError, Unlock
from prm.core.store_open import NewStore, open_store
from prm.ui.app import claim_data_dir
from prm.ui.store.single_instance import SingleInstance
from prm.ui.store.store_opener import backup_dir_of, open_user_store


class FakePrompt:
    """Answers the opener's questions as a user would, and records what was asked."""

    def __init__(self, *, restore: bool = False, protection=None, secrets=()) -> None:
        self.restore = restore
        self.protection = protection
        self.secrets = list(secrets)
        self.errors: list[KnownError] = []
        self.offers: list[KnownError] = []
        self.asked: list[tuple[SecretNeededError, str]] = []
        self.shown_keys: list[str] = []
        self.long_steps: list[str] = []

    def show_error(self, exc: KnownError) -> None:
        self.errors.append(exc)

    def choose_protection(self, exc):
        self.errors.append(exc)
        return self.protection

    def ask_secret(self, exc, problem):
        self.asked.append((exc, problem))
        return self.secrets.pop(0) if self.secrets else None

    def choose_backup(self, exc):
        self.offers.append(exc)
        if not self.restore:
            return None
        return backups.list_backups(backup_dir_of(exc))[0].id

    def show_recovery_key(self, recovery_key: str) -> None:
        self.shown_keys.append(recovery_key)

    def run_long(self, what, step):
        self.long_steps.append(what)
        return step()


def _fingerprint(path) -> tuple[str, float]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime


def _store_with_backup(paths, secret_store, add_name: str = "Ada") -> None:
    from prm.core.clock import SystemClock
    from prm.core.drafts import ContactDraft

    store = open_store(paths, secret_store)
    with store.transaction() as session:
        contacts.create_contact(
            session, draft=ContactDraft(given_name=add_name), clock=SystemClock()
        )
    backups.backup_store(store, now=SystemClock().now())
    store.close()


def test_a_database_from_a_newer_prm_is_refused_untouched(paths, secret_store):
    store = open_store(paths, secret_store)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    store.close()
    before = _fingerprint(paths.database)

    prompt = FakePrompt(restore=True)
    assert open_user_store(paths, secret_store, prompt) is None
    assert len(prompt.errors) == 1 and isinstance(prompt.errors[0], DatabaseTooNewError)
    assert str(paths.database) in prompt.errors[0].message
    assert prompt.offers == []
    assert _fingerprint(paths.database) == before


def test_an_unreadable_database_is_set_aside_and_the_backup_restored(paths, secret_store):
    _store_with_backup(paths, secret_store)
    garbage = b"this is not a database" * 500
    paths.database.write_bytes(garbage)
    for sidecar in ("-wal", "-shm"):
        paths.database.with_name(paths.database.name + sidecar).unlink(missing_ok=True)

    prompt = FakePrompt(restore=True)
    store = open_user_store(paths, secret_store, prompt)
    assert store is not None
    try:
        assert len(prompt.offers) == 1
        assert str(paths.database) in prompt.offers[0].message
        with store.reading() as session:
            assert contact_list.count_contacts(session) == 1
    finally:
        store.close()
    (aside,) = paths.backup_dir.glob("prm.sqlite3.unreadable-*")
    assert aside.read_bytes() == garbage  # kept, byte for byte


def test_declining_the_restore_leaves_everything_as_it_was(paths, secret_store):
    _store_with_backup(paths, secret_store)
    paths.database.write_bytes(b"junk" * 100)
    before = _fingerprint(paths.database)
    prompt = FakePrompt(restore=False)
    assert open_user_store(paths, secret_store, prompt) is None
    assert _fingerprint(paths.database) == before
    assert not list(paths.data_dir.glob("*.unreadable-*"))
    assert not list(paths.backup_dir.glob("*.unreadable-*"))


def test_first_start_without_a_keyring_asks_for_a_passphrase_and_shows_the_recovery_key(paths):
    no_keyring = MemorySecretStore(available=False)
    prompt = FakePrompt(protection=NewStore(PASSPHRASE, "a good passphrase"))
    store = open_user_store(paths, no_keyring, prompt)
    assert store is not None and store.encrypted
    store.close()
    assert isinstance(prompt.errors[0], SetupNeededError)
    assert len(prompt.shown_keys) == 1

    wrong_then_right = FakePrompt(
        secrets=[Unlock(passphrase="nope"), Unlock(passphrase="a good passphrase")]
    )
    store = open_user_store(paths, no_keyring, wrong_then_right)
    assert store is not None
    store.close()
    problems = [problem for _exc, problem in wrong_then_right.asked]
    assert problems == ["", "That passphrase does not unlock this store."]
    assert wrong_then_right.shown_keys == []  # shown once, at creation only

    given_up = FakePrompt(secrets=[])
    assert open_user_store(paths, no_keyring, given_up) is None


def test_declining_to_choose_a_protection_creates_nothing(paths):
    prompt = FakePrompt(protection=None)
    assert open_user_store(paths, MemorySecretStore(available=False), prompt) is None
    assert not paths.database.exists() and not paths.header.exists()


def test_a_missing_database_offers_the_backups_and_restores_one(paths, secret_store):
    _store_with_backup(paths, secret_store)
    paths.database.unlink()
    prompt = FakePrompt(restore=True)
    store = open_user_store(paths, secret_store, prompt)
    assert store is not None
    try:
        with store.reading() as session:
            assert contact_list.count_contacts(session) == 1
    finally:
        store.close()


def test_an_unreadable_database_without_backup_is_explained(paths, secret_store):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"junk" * 100)
    prompt = FakePrompt(restore=True)
    assert open_user_store(paths, secret_store, prompt) is None
    assert isinstance((prompt.errors + prompt.offers)[0], DatabaseUnreadableError)
    assert str(paths.database) in prompt.errors[0].message


def test_an_unwritable_data_folder_is_explained(tmp_path, secret_store):
    from prm.core.paths import AppPaths

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    prompt = FakePrompt(restore=False)
    assert open_user_store(AppPaths.for_dir(blocker / "data"), secret_store, prompt) is None
    assert "cannot write to its data folder" in prompt.errors[0].message


def test_a_second_instance_is_detected_by_the_lock(qapp, paths):
    paths.data_dir.mkdir(parents=True)
    held = QLockFile(str(paths.lock_file))  # stands in for a PRM that does not answer
    assert held.tryLock(0)
    told = []
    try:
        result = claim_data_dir(paths, told.append)
    finally:
        held.unlock()
    assert result == 1
    assert told == [paths]

    instance = claim_data_dir(paths, told.append)
    assert isinstance(instance, SingleInstance)
    instance.release()


def _prm(*args: str, env_extra: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    # No keyring in the child (the failing backend): a passphrase, as a script would give.
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PRM_PASSPHRASE="test passphrase",
        **(env_extra or {}),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "prm", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


# Generous: two cold Python+Qt starts on a loaded CI machine; a hang still fails.
LAUNCH_TIMEOUT = 90


def test_a_second_launch_raises_the_first_window_and_exits(paths):
    first = _prm("--data-dir", str(paths.data_dir))
    log_file = paths.log_dir / "prm.log"
    try:
        deadline = time.monotonic() + LAUNCH_TIMEOUT
        while not (log_file.exists() and "listening for other launches" in log_file.read_text()):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first PRM never started listening"
            time.sleep(0.05)
        second = _prm("--data-dir", str(paths.data_dir))
        out, err = second.communicate(timeout=LAUNCH_TIMEOUT)
        assert second.returncode == 0, err
        assert "another launch asked for the window" in log_file.read_text()
    finally:
        first.terminate()
        first.communicate(timeout=LAUNCH_TIMEOUT)
    assert first.returncode == 0  # a polite kill closes the window properly...
    assert paths.settings_file.exists()  # ...and its geometry is saved


def test_self_test_reports_ok():
    proc = _prm("--self-test")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.strip().endswith("OK")
    assert "database: OK (SQLCipher" in out
    assert "vcard: OK" in out and "calendar: OK" in out
    for line in ("sample data: OK", "recurring events: OK", "text: OK", "time zones: OK",
                 "CardDAV/CalDAV client: OK", "IMAP and mail: OK", "gazetteer: ", "keyring: ",
                 "qt: OK"):  # fmt: skip
        assert line in out


def test_exit_after_show_opens_the_window_on_the_data_and_quits_quietly(paths, clock):
    from prm.core import demo
    from prm.core.secrets import MemorySecretStore

    # Unencrypted, so the child (whose keyring is the failing one) can open it.
    from prm.core.store_header import PLAIN
    from prm.core.store_open import NewStore

    store = open_store(paths, MemorySecretStore(available=False), new=NewStore(PLAIN))
    demo.populate(store, contacts=300, seed=1, clock=clock)
    store.close()
    proc = _prm("--data-dir", str(paths.data_dir), env_extra={"PRM_EXIT_AFTER_SHOW": "1"})
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert (out, err) == ("", "")
    assert "PRM closed (exit code 0)" in (paths.log_dir / "prm.log").read_text()


def test_a_backup_is_made_at_start_when_one_is_due(window, ctx, paths, qtbot):
    from prm.ui.app import backup_if_due

    assert backups.list_backups(paths.backup_dir) == []
    with qtbot.waitSignal(backup_if_due(ctx, window).finished, timeout=30_000) as made:
        pass
    assert made.args[1] is None and made.args[0].kind == "daily"
    assert len(backups.list_backups(paths.backup_dir)) == 1
    with qtbot.waitSignal(backup_if_due(ctx, window).finished, timeout=30_000) as again:
        pass
    assert again.args == [None, None]  # made today: not due again
    assert len(backups.list_backups(paths.backup_dir)) == 1


def test_the_daily_backup_does_not_hold_the_db_worker(window, ctx, paths, qtbot, monkeypatch):
    import threading

    from prm.core.backups import create as create_mod
    from prm.ui.app import backup_if_due

    release = threading.Event()
    real = create_mod.copy_database

    def slow_copy(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(create_mod, "copy_database", slow_copy)
    job = backup_if_due(ctx, window)
    done = []
    window.tasks.call(lambda: "worker ran", done.append)
    qtbot.waitUntil(lambda: done == ["worker ran"], timeout=5_000)  # while the copy waits
    with qtbot.waitSignal(job.finished, timeout=30_000):
        release.set()
    assert len(backups.list_backups(paths.backup_dir)) == 1
