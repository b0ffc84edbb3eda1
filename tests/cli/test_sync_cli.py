"""``prm sync``: accounts against a real Radicale on 127.0.0.1, as a user in a shell would."""

from __future__ import annotations

import json

import pytest

from tests.servers.phone import Phone
from tests.servers.radicale import PASSWORD, USER, radicale_server  # noqa: F401


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("PRM_SYNC_PASSWORD", PASSWORD)


@pytest.fixture
def books(radicale_server):  # noqa: F811
    radicale_server.make_address_book("contacts")
    return radicale_server


def _add(prm, server, *extra: str):
    return prm("sync", "add", "Phone", "--url", server.url, "--user", USER, *extra)


def test_add_list_and_remove_an_account(prm, books, password):
    code, out, err = _add(prm, books)
    assert code == 0, err
    assert "Added sync account “Phone”" in out and "prm sync Phone" in out
    code, out, _ = prm("sync", "list", "--json")
    [account] = json.loads(out)
    assert account["name"] == "Phone"
    assert account["book_url"].endswith(f"/{USER}/contacts/")
    assert "password" not in json.dumps(account).lower()
    code, out, _ = prm("sync", "list")
    assert "Phone" in out and "last sync: never" in out
    code, out, _ = prm("sync", "remove", "phone")  # names match whatever the case
    assert code == 0 and "contacts stay" in out
    assert json.loads(prm("sync", "list", "--json")[1]) == []


def test_several_books_are_listed_until_one_is_named(prm, books, password):
    books.make_address_book("work")
    code, out, _ = _add(prm, books)
    assert code == 2
    assert "contacts" in out and "work" in out and "--book" in out
    assert json.loads(prm("sync", "list", "--json")[1]) == []
    code, out, err = _add(prm, books, "--book", "work")
    assert code == 0, err
    assert json.loads(prm("sync", "list", "--json")[1])[0]["book_url"].endswith("/work/")


def test_a_book_that_is_not_there_is_named(prm, books, password):
    code, _, err = _add(prm, books, "--book", "holiday")
    assert code == 2
    assert "“holiday”" in err and "“contacts”" in err


def test_create_book(prm, radicale_server, password):  # noqa: F811
    code, out, err = _add(prm, radicale_server, "--create-book", "PRM")
    assert code == 0, err
    assert "“PRM”" in out


def test_wrong_password_names_the_account_and_saves_nothing(prm, books, monkeypatch):
    monkeypatch.setenv("PRM_SYNC_PASSWORD", "wrong")
    code, _, err = _add(prm, books)
    assert code == 2
    assert "Phone" in err
    assert json.loads(prm("sync", "list", "--json")[1]) == []


def test_sync_both_ways_and_report(prm, books, password):
    assert _add(prm, books)[0] == 0
    prm("contacts", "add", "--given", "Ann", "--family", "Lee", "--email", "ann@x.org")
    code, out, err = prm("sync", "Phone", "--json")
    assert code == 0, err
    [report] = json.loads(out)
    assert report["account"] == "Phone" and report["error"] is None
    assert report["there_created"] == 1
    with Phone(f"{books.url}{USER}/contacts/") as phone:
        assert len(phone.list()) == 1
    code, out, err = prm("sync")  # every account, in words
    assert code == 0, err
    assert out.startswith("Phone: here 0 created")


def test_sync_without_accounts_says_how_to_add_one(prm):
    code, out, err = prm("sync")
    assert code == 0 and out == ""
    assert "prm sync add" in err


def test_sync_an_unknown_account(prm):
    code, _, err = prm("sync", "Nope")
    assert code == 2 and "Nope" in err


def test_no_conflicts(prm):
    code, out, err = prm("sync", "conflicts", "--json")
    assert code == 0 and json.loads(out) == []
    prm("contacts", "add", "--given", "Ann", "--family", "Lee")
    code, _, err = prm("sync", "resolve", "Ann Lee", "--here")
    assert code == 2 and "#1 Ann Lee is not in conflict" in err
    code, _, err = prm("sync", "resolve", "7", "--here")
    assert code == 2 and "7" in err


def test_resolve_needs_a_side(prm, capsys):
    with pytest.raises(SystemExit) as stop:
        prm("sync", "resolve", "7")
    assert stop.value.code == 2
    assert "--here" in capsys.readouterr().err


def test_a_conflict_is_listed_and_resolved_with_the_servers_value(prm, books, password):
    assert _add(prm, books)[0] == 0
    prm("contacts", "add", "--given", "Ann", "--family", "Lee", "--title", "Partner")
    assert prm("sync")[0] == 0
    with Phone(f"{books.url}{USER}/contacts/") as phone:
        [(href, etag)] = phone.list().items()
        card = phone.get(href)
        card.title.value = "CTO"
        phone.put(href, card, etag=etag)
        prm("contacts", "edit", "Ann Lee", "--title", "CEO")
        code, out, err = prm("sync", "--json")
        assert code == 0, err
        assert json.loads(out)[0]["conflicts"] == 1
        code, out, _ = prm("sync", "conflicts", "--json")
        [conflict] = json.loads(out)
        assert conflict["account"] == "Phone"
        [field] = [f for f in conflict["fields"] if f["key"] == "title"]
        assert (field["here"], field["there"]) == ("CEO", "CTO")
        assert "here “CEO”, there “CTO”" in prm("sync", "conflicts")[1]
        code, out, _ = prm("sync", "resolve", "Ann Lee", "--there")
        assert code == 0 and "next sync" in out
        assert json.loads(prm("contacts", "show", "Ann Lee", "--json")[1])["title"] == "CTO"
        assert json.loads(prm("sync", "conflicts", "--json")[1]) == []
        assert prm("sync")[0] == 0
        assert phone.get(href).title.value == "CTO"


def test_an_emptied_book_stops_and_asks_until_yes(prm, books, password):
    assert _add(prm, books)[0] == 0
    for given in ("Ann", "Bob", "Cy"):
        prm("contacts", "add", "--given", given)
    assert prm("sync")[0] == 0
    with Phone(f"{books.url}{USER}/contacts/") as phone:
        for href in phone.list():
            phone.delete(href)
    code, out, err = prm("sync", "Phone")
    assert code == 2
    assert "Phone" in err and "3" in err and "prm sync Phone --yes" in err
    assert len(json.loads(prm("contacts", "list", "--json")[1])) == 3  # nothing applied
    code, out, err = prm("sync", "--yes", "Phone", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["here_trashed"] == 3
    assert json.loads(prm("contacts", "list", "--json")[1]) == []
