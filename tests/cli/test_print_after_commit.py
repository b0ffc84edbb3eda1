"""The CLI prints an id or a result only once the write is committed.

A disk that fills up at the very end (the commit) must not leave a script
holding the id of a contact, touch or gift that does not exist.
"""

from __future__ import annotations

import contextlib
import io
import json

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.engine.default import DefaultDialect

from prm.cli.main import main
from prm.core.secrets import MemorySecretStore

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cara Vee\r\nN:Vee;Cara;;;\r\nEND:VCARD\r\n"


@pytest.fixture
def disk_full_at_commit(monkeypatch):
    """Arm it and the next commit that would write fails as SQLite does on a full disk."""
    real_commit = DefaultDialect.do_commit

    def commit(self, dbapi_connection) -> None:
        if dbapi_connection.in_transaction:  # something was written: refuse to keep it
            raise sqlcipher.OperationalError("database or disk is full")
        real_commit(self, dbapi_connection)

    return lambda: monkeypatch.setattr(DefaultDialect, "do_commit", commit)


SEED = (
    ("contacts", "add", "--given", "Ann", "--tag", "client"),
    ("contacts", "add", "--given", "Bob"),
    ("contacts", "delete", "Bob"),
    ("touch", "log", "--contact", "Ann", "--channel", "call"),
    ("gifts", "add", "Ann", "A book"),
    ("events", "add", "Ann", "--date", "2030-05-01", "--title", "Launch"),
    ("articles", "add", "Useful", "--url", "https://example.com/useful"),
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """Ann (#1), Bob (#2, in the trash), a touch, a gift idea, an event, an article.

    One store for the module: every test here fails its commit, so none changes it."""
    root = tmp_path_factory.mktemp("commit")
    secrets, data_dir = MemorySecretStore(), str(root / "data")
    with contextlib.redirect_stdout(io.StringIO()):
        for argv in SEED:
            assert main(["--data-dir", data_dir, *argv], secrets=secrets) == 0, argv
    card = root / "cara.vcf"
    card.write_bytes(VCARD)
    return data_dir, secrets, {"card": str(card)}


@pytest.fixture
def cli(seeded, capsys):
    data_dir, secrets, _ = seeded

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", data_dir, *argv], secrets=secrets)
        out, err = capsys.readouterr()
        return code, out, err

    return run


WRITES = {
    "contacts add": ("contacts", "add", "--given", "Zed"),
    "contacts add --json": ("contacts", "add", "--given", "Zed", "--json"),
    "contacts edit": ("contacts", "edit", "Ann", "--title", "CFO"),
    "contacts edit --json": ("contacts", "edit", "Ann", "--title", "CFO", "--json"),
    "contacts delete": ("contacts", "delete", "Ann"),
    "contacts restore": ("contacts", "restore", "#2"),
    "contacts purge": ("contacts", "purge", "#2"),
    "touch log": ("touch", "log", "--contact", "Ann", "--channel", "email"),
    "touch log --json": ("touch", "log", "--contact", "Ann", "--channel", "email", "--json"),
    "touch delete": ("touch", "delete", "1"),
    "snooze": ("snooze", "Ann", "--until", "2099-01-01"),
    "gifts add": ("gifts", "add", "Ann", "Tea", "--json"),
    "gifts given": ("gifts", "given", "1"),
    "events add": ("events", "add", "Ann", "--date", "2030-06-01", "--title", "Talk", "--json"),
    "events status": ("events", "status", "1", "attended"),
    "articles add": ("articles", "add", "Other", "--url", "https://example.com/other", "--json"),
    "articles share": ("articles", "share", "#1", "--to", "Ann"),
    "tiers edit": ("tiers", "edit", "Clients", "--target", "20", "--max", "40"),
    "tags tier": ("tags", "tier", "client", "none"),
    "import": ("import", "{card}"),
}


@pytest.mark.parametrize("argv", WRITES.values(), ids=WRITES.keys())
def test_a_failed_commit_prints_no_id_and_says_nothing_was_saved(
    cli, seeded, disk_full_at_commit, argv
):
    disk_full_at_commit()
    code, out, err = cli(*(a.format(**seeded[2]) for a in argv))
    assert code == 2
    assert out == ""  # no id, no "Added", no JSON a script could take for a success
    assert "full; nothing was saved" in err and "Traceback" not in err


def test_after_a_failed_commit_the_next_id_printed_is_real(prm, disk_full_at_commit, monkeypatch):
    for argv in SEED:
        assert prm(*argv)[0] == 0
    disk_full_at_commit()
    assert prm("touch", "log", "--contact", "Ann", "--channel", "email", "--json")[0] == 2
    assert prm("contacts", "add", "--given", "Zed")[0] == 2
    monkeypatch.undo()
    assert [c["display_name"] for c in json.loads(prm("contacts", "list", "--json")[1])] == ["Ann"]
    code, out, _ = prm("touch", "log", "--contact", "Ann", "--channel", "email", "--json")
    assert code == 0
    touch_id = json.loads(out)["id"]
    timeline = json.loads(prm("touch", "list", "--contact", "Ann", "--json")[1])
    touch_ids = [t["id"] for t in timeline if t["kind"] == "touch"]
    assert touch_id in touch_ids and len(touch_ids) == 2
