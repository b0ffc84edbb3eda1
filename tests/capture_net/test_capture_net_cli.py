"""``prm capture add-source caldav|imap``: the password is asked (never a flag), kept, and used."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime, timedelta

from tests.capture_net.helpers import ics
from tests.servers.dovecot import message


def _setup(prm, monkeypatch, answers):
    asked = []

    def fake_getpass(prompt=""):
        asked.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    prm("capture", "me", "me@example.org")
    prm("contacts", "add", "--given", "Bob", "--family", "Stone", "--email", "bob@x.org")
    return asked


def test_caldav_source_from_the_shell(prm, monkeypatch, radicale_server):
    work = radicale_server.make_calendar("Work")
    radicale_server.put(work, "lunch", ics("lunch", datetime.now(UTC) - timedelta(days=1), "Lunch"))
    asked = _setup(prm, monkeypatch, ["secret"])
    code, out, _ = prm("capture", "add-source", "caldav", radicale_server.url, "--user", "ann")
    assert code == 0 and "Password kept" in out
    assert asked == [f"Password for ann at {radicale_server.url}: "]
    code, out, err = prm("capture", "run", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["proposed"] == 1 and len(asked) == 1  # the kept password
    listing = json.loads(prm("capture", "list", "--json")[1])
    assert listing["groups"][0]["proposals"][0]["summary"] == "Lunch"


def test_imap_source_with_a_wrong_password_from_the_shell(prm, monkeypatch, dovecot_server):
    when = datetime.now(UTC) - timedelta(days=1)
    dovecot_server.append("INBOX", message("bob@x.org", "me@example.org", "Hi", when, msgid="h@x"))
    _setup(prm, monkeypatch, ["wrong"])
    prm("capture", "add-source", "imap", dovecot_server.location, "--user", "ann")
    code, out, err = prm("capture", "run")
    assert code == 2 and "refused user “ann” with that password" in err
    assert json.loads(prm("capture", "list", "--json")[1])["groups"] == []
