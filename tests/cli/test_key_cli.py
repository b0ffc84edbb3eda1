"""``prm key …`` and the store lifecycle as a script or a terminal user meets it."""

from __future__ import annotations

import json

import pytest

from prm.cli.main import main
from prm.core.secrets import MemorySecretStore


@pytest.fixture
def run(tmp_path, capsys):
    """Like the ``prm`` fixture, but the keyring can be swapped between calls."""
    data_dir = str(tmp_path / "data")

    def call(*argv: str, secrets) -> tuple[int, str, str]:
        code = main(["--data-dir", data_dir, *argv], secrets=secrets)
        out, err = capsys.readouterr()
        return code, out, err

    return call


def recovery_key_in(err: str) -> str:
    lines = [line.strip() for line in err.splitlines()]
    return lines[lines.index("prm: YOUR RECOVERY KEY (shown once):") + 2]


def test_first_command_creates_an_encrypted_store_and_shows_the_key_once(run):
    keyring = MemorySecretStore()
    code, out, err = run("info", "--json", secrets=keyring)
    assert code == 0 and json.loads(out)["protection"] == "keyring"
    shown = recovery_key_in(err)
    code, _, err = run("info", secrets=keyring)
    assert "RECOVERY KEY" not in err
    code, out, _ = run("key", "show-recovery", "--yes", secrets=keyring)
    assert out.strip() == shown


def test_without_a_keyring_a_script_must_choose(run, monkeypatch):
    no_keyring = MemorySecretStore(available=False)
    code, out, err = run("contacts", "list", secrets=no_keyring)
    assert code == 2 and "no trustworthy system keyring" in err and "PRM_PASSPHRASE" in err
    monkeypatch.setenv("PRM_PASSPHRASE", "script passphrase")
    code, out, err = run("contacts", "add", "--given", "Ann", secrets=no_keyring)
    assert code == 0 and "RECOVERY KEY" in err
    monkeypatch.setenv("PRM_PASSPHRASE", "wrong passphrase")
    code, out, err = run("contacts", "list", secrets=no_keyring)
    assert code == 2 and "does not unlock" in err


def test_a_lost_keyring_opens_with_the_recovery_key_from_the_environment(run, monkeypatch):
    code, _, err = run("contacts", "add", "--given", "Ann", secrets=MemorySecretStore())
    recovery = recovery_key_in(err)
    new_laptop = MemorySecretStore()
    code, _, err = run("contacts", "list", secrets=new_laptop)
    assert code == 2 and "PRM_RECOVERY_KEY" in err
    monkeypatch.setenv("PRM_RECOVERY_KEY", recovery)
    code, out, _ = run("contacts", "list", secrets=new_laptop)
    assert code == 0 and "Ann" in out
    monkeypatch.delenv("PRM_RECOVERY_KEY")
    code, out, _ = run("contacts", "list", secrets=new_laptop)  # the keyring has it again
    assert code == 0 and "Ann" in out


def test_init_plain_then_encrypt(run, monkeypatch):
    keyring = MemorySecretStore()
    code, out, _ = run("key", "init", "--plain", secrets=keyring)
    assert code == 0 and "NOT encrypted" in out
    code, out, _ = run("key", "status", "--json", secrets=keyring)
    assert json.loads(out)["protection"] == "plain"
    code, out, err = run("key", "encrypt", secrets=keyring)
    assert code == 0 and "now encrypted" in out and "RECOVERY KEY" in err
    code, out, _ = run("key", "status", "--json", secrets=keyring)
    assert json.loads(out) | {"store_id": "", "created_at": ""} == {
        "store_id": "",
        "created_at": "",
        "protection": "keyring",
        "key_in_keyring": True,
        "recovery_key": True,
    }


def test_init_refuses_an_existing_store(run):
    keyring = MemorySecretStore()
    run("info", secrets=keyring)
    code, _, err = run("key", "init", "--plain", secrets=keyring)
    assert code == 2 and "already holds a PRM store" in err


def test_moving_the_key_to_a_passphrase_and_back(run, monkeypatch):
    keyring = MemorySecretStore()
    run("info", secrets=keyring)
    monkeypatch.setenv("PRM_NEW_PASSPHRASE", "my new passphrase")
    code, out, _ = run("key", "set-passphrase", secrets=keyring)
    assert code == 0
    code, _, err = run("info", secrets=keyring)
    assert code == 2 and "passphrase" in err
    monkeypatch.setenv("PRM_PASSPHRASE", "my new passphrase")
    code, out, _ = run("key", "use-keyring", secrets=keyring)
    assert code == 0
    monkeypatch.delenv("PRM_PASSPHRASE")
    code, out, _ = run("key", "status", "--json", secrets=keyring)
    assert json.loads(out)["protection"] == "keyring"


def test_show_recovery_needs_a_confirmation_without_a_terminal(run):
    keyring = MemorySecretStore()
    run("info", secrets=keyring)
    code, out, err = run("key", "show-recovery", secrets=keyring)
    assert code == 2 and out == "" and "--yes" in err


def test_a_deleted_database_is_refused_with_the_way_out(run, tmp_path):
    keyring = MemorySecretStore()
    run("contacts", "add", "--given", "Ann", secrets=keyring)  # also the day's backup
    (tmp_path / "data" / "prm.sqlite3").unlink()
    code, out, err = run("contacts", "list", secrets=keyring)
    assert code == 2 and "will not start a new, empty one" in err and "prm backup restore" in err
    assert not (tmp_path / "data" / "prm.sqlite3").exists()
    code, out, _ = run("backup", "list", "--json", secrets=keyring)
    (newest,) = json.loads(out)
    code, out, err = run("backup", "restore", newest["id"], "--yes", secrets=keyring)
    assert code == 0, err
    code, out, _ = run("contacts", "list", secrets=keyring)
    assert "Ann" in out
