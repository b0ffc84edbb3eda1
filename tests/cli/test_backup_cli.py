"""``prm backup``: create, list, restore (undoably), and clear one-line failures."""

from __future__ import annotations

import errno
import json
import shutil
import sys

import pytest


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


def names(prm) -> list[str]:
    code, out, err = prm("contacts", "list", "--json")
    assert code == 0, err
    return sorted(c["display_name"] for c in json.loads(out))


def test_backup_list_and_restore_with_undo(prm, data):
    prm("contacts", "add", "--given", "Ada", "--family", "Lovelace")
    code, out, err = prm("backup")
    assert code == 0, err
    assert "written and verified" in out and "1 contact" in out
    code, out, _ = prm("backup", "list")
    assert code == 0
    header, row = out.splitlines()
    assert header.split() == ["ID", "MADE", "(LOCAL)", "KIND", "CONTACTS", "SIZE", "VERIFIED"]
    assert row.split()[3:5] == ["manual", "1"] and row.split()[-1] == "yes"
    [listed] = json.loads(prm("backup", "list", "--json")[1])
    assert listed["kind"] == "manual" and listed["contacts"] == 1 and listed["verified"] is True

    prm("contacts", "add", "--given", "Later")
    assert names(prm) == ["Ada Lovelace", "Later"]
    code, out, err = prm("backup", "restore", listed["id"], "--yes")
    assert code == 0, err
    assert names(prm) == ["Ada Lovelace"]
    undo = next(line for line in out.splitlines() if line.startswith("To undo"))
    undo_id = undo.split()[-1]
    code, out, err = prm("backup", "restore", undo_id, "--yes")
    assert code == 0, err
    assert names(prm) == ["Ada Lovelace", "Later"]


def test_restore_asks_on_a_terminal_and_refuses_without_one(prm, data, monkeypatch):
    prm("contacts", "add", "--given", "Ada")
    prm("backup", "create")
    backup_id = json.loads(prm("backup", "list", "--json")[1])[0]["id"]
    prm("contacts", "add", "--given", "Later")
    before = (data / "prm.sqlite3").read_bytes()

    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    code, _, err = prm("backup", "restore", backup_id)
    assert code == 2 and "--yes" in err and "Traceback" not in err
    assert (data / "prm.sqlite3").read_bytes() == before

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    code, out, _ = prm("backup", "restore", backup_id)
    assert code == 1 and "Nothing was changed" in out
    monkeypatch.setattr("builtins.input", lambda _prompt: "y")
    assert prm("backup", "restore", backup_id)[0] == 0
    assert names(prm) == ["Ada"]


def test_restore_works_when_the_database_is_missing_or_damaged(prm, data):
    prm("contacts", "add", "--given", "Ada")
    prm("backup")
    backup_id = json.loads(prm("backup", "list", "--json")[1])[0]["id"]
    for sidecar in ("prm.sqlite3", "prm.sqlite3-wal", "prm.sqlite3-shm"):
        (data / sidecar).unlink(missing_ok=True)
    code, out, err = prm("backup", "restore", backup_id, "--yes")
    assert code == 0, err
    assert names(prm) == ["Ada"]

    (data / "prm.sqlite3").write_bytes(b"garbage " * 1000)
    for sidecar in ("prm.sqlite3-wal", "prm.sqlite3-shm"):
        (data / sidecar).unlink(missing_ok=True)
    code, out, err = prm("backup", "restore", backup_id, "--yes")
    assert code == 0, err
    assert "unreadable database was kept" in out
    assert names(prm) == ["Ada"]
    [aside] = (data / "backups").glob("prm.sqlite3.unreadable-*")
    assert aside.read_bytes() == b"garbage " * 1000


def test_an_unknown_backup_id_is_explained(prm):
    prm("backup")
    code, _, err = prm("backup", "restore", "20990101T000000Z-daily", "--yes")
    assert code == 2 and "prm backup list" in err


def test_an_unwritable_backup_folder_is_one_clear_line(prm, data):
    prm("contacts", "add", "--given", "Ada")  # (also makes the day's first backup)
    shutil.rmtree(data / "backups")
    (data / "backups").write_text("a file where the folder should be")
    code, out, err = prm("backup")
    assert code == 2 and out == ""
    assert err.startswith("prm: Cannot create the backup folder") and "Traceback" not in err


def test_a_full_disk_is_one_clear_line_and_leaves_no_partial_file(prm, data, monkeypatch):
    from prm.core import sqlite_copy

    prm("contacts", "add", "--given", "Ada")
    before = sorted((data / "backups").iterdir())

    def full(_path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sqlite_copy, "_fsync_file", full)
    code, _, err = prm("backup")
    assert code == 2
    assert err.splitlines()[0] == (
        f"prm: Cannot write a copy of the database in {data / 'backups'}: the disk is full. "
        "Nothing was changed."
    )
    assert sorted((data / "backups").iterdir()) == before


def test_listing_without_backups_says_how_to_make_one(prm):
    code, out, _ = prm("backup", "list")
    assert code == 0 and "prm backup" in out
    assert json.loads(prm("backup", "list", "--json")[1]) == []


def test_a_command_on_an_older_store_says_it_upgrades_first(tmp_path, capsys):
    """The first command after an update upgrades the store (minutes for a large one):
    it says so on stderr first, and its output is the command's as ever."""
    from old_stores import make_baseline_store

    from prm.cli.main import main
    from prm.core.paths import AppPaths
    from prm.core.secrets import MemorySecretStore
    from prm.core.store_open import UPGRADING

    secrets = MemorySecretStore()
    data_dir = tmp_path / "data"
    make_baseline_store(AppPaths.for_dir(data_dir), secrets)
    assert main(["--data-dir", str(data_dir), "contacts", "list"], secrets=secrets) == 0
    out, err = capsys.readouterr()
    assert f"prm: {UPGRADING}" in err and "Old Timer" in out and UPGRADING not in out
    assert main(["--data-dir", str(data_dir), "contacts", "list"], secrets=secrets) == 0
    assert UPGRADING not in capsys.readouterr().err
