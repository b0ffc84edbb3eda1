"""Accounts as the CLI and the accounts dialog use them; where passwords are kept."""

from __future__ import annotations

import pytest

from prm.core.errors import NotFoundError, ValidationError
from prm.core.secrets import MemorySecretStore
from prm.core.sync.accounts import (
    find_account,
    forget_password,
    list_accounts,
    load_password,
    remove_account,
    set_sync_on_timer,
    store_password,
)
from tests.core.sync.fake_server import FakeServer, vcard
from tests.core.sync.syncing import add, add_phone_account, live_names, sync


def test_accounts_are_listed_found_and_removed_keeping_contacts(store, clock):
    add(store, clock, "Ana", "Ruiz")
    phone = add_phone_account(store, clock, "Phone")
    work = add_phone_account(store, clock, "Work", "/dav/ana/work/")
    sync(store, FakeServer(), clock, account_id=phone)
    with store.transaction() as session:
        set_sync_on_timer(session, account_id=work, enabled=True)
        accounts = {a.name: a for a in list_accounts(session)}
        assert accounts["Phone"].receives_new and not accounts["Work"].receives_new
        assert accounts["Phone"].contacts == 1 and accounts["Work"].sync_on_timer
        assert accounts["Phone"].to_json()["last_sync_at"].startswith("2026-03-14")
        assert find_account(session, "work").id == work
        assert find_account(session, str(phone)).name == "Phone"
        with pytest.raises(NotFoundError, match="Home"):
            find_account(session, "Home")
        remove_account(session, account_id=phone)
    with pytest.raises(ValidationError):  # names are told apart regardless of case
        add_phone_account(store, clock, "work")
    with store.reading() as session:
        [left] = list_accounts(session)
    assert left.name == "Work" and left.receives_new  # someone still receives new contacts
    assert live_names(store) == ["Ana Ruiz"]


def test_password_goes_to_the_keyring_else_the_encrypted_store_else_nowhere(store):
    keyring = MemorySecretStore()
    assert store_password(store, keyring, 7, "s3cret")
    assert keyring.get("sync-account-7") == "s3cret"
    assert load_password(store, keyring, 7) == "s3cret"
    forget_password(store, keyring, 7)
    assert load_password(store, keyring, 7) is None

    no_keyring = MemorySecretStore(available=False)
    assert store.encrypted
    assert store_password(store, no_keyring, 8, "pw")
    assert load_password(store, no_keyring, 8) == "pw"
    forget_password(store, no_keyring, 8)
    assert load_password(store, no_keyring, 8) is None


def test_a_contact_in_another_book_is_not_matched_by_a_card_in_this_one(store, clock):
    add(store, clock, "Ana", "Ruiz", email="ana@ruiz.example")
    phone = add_phone_account(store, clock, "Phone")
    work = add_phone_account(store, clock, "Work", "/dav/ana/work/")
    sync(store, FakeServer(), clock, account_id=phone)
    other = FakeServer(account="Work")
    other.phone_put("a.vcf", vcard("N:Ruiz;Ana;;;\nFN:Ana Ruiz\nEMAIL:ana@ruiz.example", "w-a"))

    report = sync(store, other, clock, account_id=work)

    assert report.here_created == 1 and live_names(store) == ["Ana Ruiz", "Ana Ruiz"]


def test_a_malformed_server_card_is_reported_and_the_rest_proceeds(store, clock):
    add_phone_account(store, clock)
    server = FakeServer()
    server.phone_put("bad.vcf", b"this is not a vCard at all")
    server.phone_put("empty.vcf", vcard("NOTE:no name at all"))
    server.phone_put("ok.vcf", vcard("N:Okafor;Ben;;;\nFN:Ben Okafor", "u-b"))

    report = sync(store, server, clock)

    assert live_names(store) == ["Ben Okafor"]
    assert len(report.problems) == 2
    assert any("bad.vcf" in p for p in report.problems)
    assert report.to_json()["problems"] == report.problems
    assert len(server.cards) == 3  # never deleted or rewritten by PRM


def test_a_renamed_tag_is_uploaded_for_everyone_who_has_it(store, clock):
    from sqlmodel import select

    from prm.core.models import Tag

    add(store, clock, "Ana", "Ruiz", tags=["clients"])
    add(store, clock, "Ben", "Okafor", tags=["clients"])
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    with store.transaction() as session:
        session.exec(select(Tag).where(Tag.name == "clients")).one().name = "customers"

    report = sync(store, server, clock)

    assert report.there_updated == 2
    assert all("CATEGORIES:customers" in server.text(h) for h in server.cards)


def test_the_backup_is_taken_before_the_first_sync_only(store, clock, paths):
    from prm.core.backups.catalog import list_backups

    add(store, clock, "Ana", "Ruiz")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    clock.advance(hours=1)
    add(store, clock, "Ben", "Okafor")
    sync(store, server, clock)
    assert [b.kind for b in list_backups(paths.backup_dir)] == ["before-sync"]
