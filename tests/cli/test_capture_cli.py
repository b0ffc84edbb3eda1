"""``prm capture``: add a source, run it, review and decide, as a user in a shell would."""

from __future__ import annotations

import json

import pytest

from prm.core.capture import readers

MAIL = [
    {
        "id": "a1",
        "at": "2026-03-01T09:00:00+00:00",
        "from": "ann@x.org",
        "to": ["me@x.org"],
        "subject": "Dinner?",
    },
    {
        "id": "n1",
        "at": "2026-03-01T10:00:00+00:00",
        "from": "newsletter@shop.example",
        "to": ["me@x.org"],
        "subject": "Sale",
    },
    {
        "id": "z1",
        "at": "2026-03-02T10:00:00+00:00",
        "from": "me@x.org",
        "to": ["ann@x.org", "zed@z.org"],
        "subject": "Plans",
        "reply_to": "a1",
    },
    {"broken": "no Date header"},
]


@pytest.fixture
def mailbox(tmp_path, monkeypatch):
    monkeypatch.setitem(
        readers.READER_MODULES, "mbox", ("tests.cli.capture_fake_reader", "open_reader")
    )
    monkeypatch.setitem(
        readers.READER_MODULES, "imap", ("tests.cli.capture_fake_reader", "open_reader")
    )
    path = tmp_path / "mail.json"
    path.write_text(json.dumps(MAIL))
    return path


def test_add_run_review_accept(prm, mailbox):
    assert (
        prm("contacts", "add", "--given", "Ann", "--family", "Lee", "--email", "ann@x.org")[0] == 0
    )
    assert prm("capture", "me", "ME@x.org")[1].strip() == "Your addresses: me@x.org"
    code, out, _ = prm("capture", "add-source", "mbox", str(mailbox), "--label", "Old mail")
    assert code == 0 and "#1" in out
    code, out, err = prm("capture", "run", "--json")
    assert code == 0
    [report] = json.loads(out)
    assert (report["seen"], report["proposed"], report["error"]) == (3, 2, None)
    assert report["problems"][0]["message"] == "no Date header"

    listing = json.loads(prm("capture", "list", "--json")[1])
    proposals = [p for g in listing["groups"] for p in g["proposals"]]
    assert [(p["summary"], p["direction"], p["needs_reply"]) for p in proposals] == [
        ("Plans", "out", False),
        ("Dinner?", "in", False),  # answered by "Plans" the next day
    ]
    assert listing["groups"][0]["person"] == "Ann Lee"
    assert listing["new_contacts"][0]["email"] == "zed@z.org"
    assert "Dinner?" in prm("capture", "list")[1]

    code, out, _ = prm("capture", "accept", "--all")
    assert code == 0 and "Logged 2 touches" in out
    assert json.loads(prm("capture", "list", "--json")[1])["groups"] == []
    # Nothing twice: a second run reads everything again and proposes nothing.
    assert json.loads(prm("capture", "run", "1", "--json")[1])[0]["proposed"] == 0
    sources = json.loads(prm("capture", "sources", "--json")[1])
    assert sources[0]["label"] == "Old mail" and sources[0]["last_error"] == ""


def test_reject_and_ignore(prm, mailbox):
    prm("contacts", "add", "--given", "Ann", "--family", "Lee", "--email", "ann@x.org")
    prm("capture", "me", "me@x.org")
    prm("capture", "add-source", "mbox", str(mailbox))
    prm("capture", "run")
    ids = [
        str(p["id"])
        for g in json.loads(prm("capture", "list", "--json")[1])["groups"]
        for p in g["proposals"]
    ]
    assert prm("capture", "reject", ids[0])[0] == 0
    code, out, _ = prm("capture", "ignore", "domain", "x.org")
    assert code == 0 and "1 waiting proposal rejected" in out
    assert json.loads(prm("capture", "list", "--json")[1])["groups"] == []
    code, _, err = prm("capture", "accept", ids[0])
    assert code == 2 and "Already decided" in err


def test_password_is_prompted_kept_in_the_keyring_and_checked(prm, mailbox, monkeypatch):
    from prm.cli import capture_cmd

    answers = iter(["wrong"])
    monkeypatch.setattr(capture_cmd, "_ask_password", lambda prompt: next(answers))
    code, out, _ = prm("capture", "add-source", "imap", str(mailbox), "--user", "ann")
    assert code == 0 and "keyring" in out
    code, out, err = prm("capture", "run", "--json")
    assert code == 2
    assert json.loads(out)[0]["error"] == "The server refused the password for ann."
    sources = json.loads(prm("capture", "sources", "--json")[1])
    assert sources[0]["last_error"] == "The server refused the password for ann."
    assert json.loads(prm("capture", "list", "--json")[1])["groups"] == []


def test_a_kind_without_its_reader_says_so(prm, tmp_path, monkeypatch):
    monkeypatch.setitem(readers.READER_MODULES, "maildir", ("prm.core.capture.nowhere", "x"))
    prm("capture", "add-source", "maildir", str(tmp_path))
    code, out, err = prm("capture", "run")
    assert code == 2 and "cannot read Maildir folder sources yet" in err
