"""Two laptops and a phone through one real Radicale: PRM's engine, PRM's HTTP client.

The engine's own tests use a fake server; these run the same histories against
Radicale's real ETags, sync tokens and storage, with a third client (the
"phone": plain httpx + vobject) reading and writing the same address book.
"""

from __future__ import annotations

import pytest

from prm.core.drafts import LabeledValue
from prm.core.sync.accounts import add_account
from prm.core.sync.carddav import CardDavServer
from prm.core.sync.conflicts import list_conflicts, resolve_conflict
from prm.core.sync.engine import NeedsConfirmation, sync_account
from prm.core.sync.remote import AddressBook, AuthFailed, Unreachable
from tests.core.sync.syncing import add, edit, get, live_names, trashed_names
from tests.servers.phone import Phone, new_card
from tests.servers.radicale import PASSWORD, USER


@pytest.fixture
def book(radicale_server):
    return radicale_server.make_address_book("contacts")


def attach(store, clock, url: str) -> int:
    with store.transaction() as session:
        return add_account(
            session,
            name="Phone",
            server_url=url,
            username=USER,
            book=AddressBook(url, "contacts"),
            clock=clock,
        )


def sync(store, clock, url: str, *, password: str = PASSWORD, **kw):
    server = CardDavServer(url, USER, password, account="Phone", timeout=(2, 10))
    try:
        return sync_account(store, account_id=1, server=server, clock=clock, **kw)
    finally:
        server.close()


def id_of(store, name: str) -> int:
    with store.reading() as session:
        row = session.connection().exec_driver_sql(
            "SELECT id FROM contact WHERE display_name = ? AND deleted_at IS NULL", (name,)
        )
        return row.scalar_one()


def phone_names(phone: Phone) -> list[str]:
    return sorted(card.fn.value for card in phone.cards().values())


def emails_of(store, name: str) -> list[str]:
    draft, _ = get(store, id_of(store, name))
    return sorted(e.value for e in draft.emails)


def test_two_laptops_and_a_phone_agree_after_edits_deletions_and_a_conflict(
    store,
    second_store,
    clock,
    book,
):
    laptop, other = store, second_store
    for given, family, email in (
        ("Ana", "Ruiz", "ana@acme.example"),
        ("Ben", "Okafor", "ben@okafor.example"),
        ("Cy", "Lund", "cy@lund.example"),
    ):
        add(laptop, clock, given, family, email=email)
    # The other laptop already knows Ana, with a phone number the first one lacks.
    add(
        other,
        clock,
        "Ana",
        "Ruiz",
        email="ana@acme.example",
        phones=[LabeledValue("+44 20 7946 0001", "work")],
    )
    attach(laptop, clock, book)
    attach(other, clock, book)

    first = sync(laptop, clock, book)
    assert first.there_created == 3
    with Phone(book) as phone:
        assert phone_names(phone) == ["Ana Ruiz", "Ben Okafor", "Cy Lund"]

    # First sync of the second laptop: Ana is matched, not duplicated; her number goes up.
    sync(other, clock, book)
    assert live_names(other) == ["Ana Ruiz", "Ben Okafor", "Cy Lund"]
    sync(laptop, clock, book)
    assert [p.value for p in get(laptop, id_of(laptop, "Ana Ruiz"))[0].phones] == [
        "+44 20 7946 0001"
    ]

    # Edited on the phone: comes down to both laptops.
    with Phone(book) as phone:
        href, card = next((h, c) for h, c in phone.cards().items() if c.fn.value == "Ben Okafor")
        card.email.value = "ben@new.example"
        phone.put(href, card, etag=phone.list()[href])
    sync(laptop, clock, book)
    sync(other, clock, book)
    assert emails_of(laptop, "Ben Okafor") == emails_of(other, "Ben Okafor") == ["ben@new.example"]

    # Edited on both laptops, different fields: both edits survive everywhere.
    edit(laptop, clock, id_of(laptop, "Cy Lund"), organization="Lund & Co")
    edit(other, clock, id_of(other, "Cy Lund"), title="Partner")
    for store_ in (laptop, other, laptop):
        sync(store_, clock, book)
    for store_ in (laptop, other):
        cy, _ = get(store_, id_of(store_, "Cy Lund"))
        assert (cy.organization, cy.title) == ("Lund & Co", "Partner")

    # Edited on both laptops, the same field: a conflict, both versions kept until chosen.
    edit(laptop, clock, id_of(laptop, "Ben Okafor"), organization="Okafor Ltd")
    edit(other, clock, id_of(other, "Ben Okafor"), organization="Okafor Consulting")
    sync(laptop, clock, book)
    report = sync(other, clock, book)
    assert report.conflicts == 1
    with other.reading() as session:
        [conflict] = list_conflicts(session)
    fields = {f.key: (f.here, f.there) for f in conflict.fields}
    assert fields["organization"] == ("Okafor Consulting", "Okafor Ltd")
    with other.transaction() as session:
        resolve_conflict(
            session, contact_id=conflict.contact_id, choices={"organization": "here"}, clock=clock
        )
    sync(other, clock, book)
    sync(laptop, clock, book)
    for store_ in (laptop, other):
        assert get(store_, id_of(store_, "Ben Okafor"))[0].organization == "Okafor Consulting"

    # Deleted on the phone: to the trash on both laptops (never purged).
    with Phone(book) as phone:
        phone.delete(next(h for h, c in phone.cards().items() if c.fn.value == "Cy Lund"))
    sync(laptop, clock, book)
    sync(other, clock, book)
    assert trashed_names(laptop) == trashed_names(other) == ["Cy Lund"]

    # Deleted on a laptop: gone from the phone, trashed on the other laptop.
    from prm.core.contacts import trash_contacts

    with laptop.transaction() as session:
        trash_contacts(session, ids=[id_of(laptop, "Ana Ruiz")], clock=clock)
    sync(laptop, clock, book)
    sync(other, clock, book)
    with Phone(book) as phone:
        assert phone_names(phone) == ["Ben Okafor"]
    assert live_names(laptop) == live_names(other) == ["Ben Okafor"]


def test_a_phone_that_rewrites_a_card_without_changing_it_is_not_an_edit(store, clock, book):
    add(store, clock, "Dana", "Iqbal", email="dana@iqbal.example", organization="Iqbal Partners")
    attach(store, clock, book)
    sync(store, clock, book)
    with Phone(book) as phone:
        [(href, card)] = phone.cards().items()
        for name, value in (
            ("prodid", "-//Phone OS//Contacts 17//EN"),
            ("rev", "20261130T080000Z"),
        ):
            (getattr(card, name) if name in card.contents else card.add(name)).value = value
        phone.put(href, card.serialize().replace("\r\n", "\n"), etag=phone.list()[href])
    report = sync(store, clock, book)
    assert (report.rewrites, report.here_updated, report.there_updated) == (1, 0, 0)
    again = sync(store, clock, book)
    assert not again.changed and again.rewrites == 0


def test_a_server_stopped_mid_sync_then_restarted_ends_without_duplicates_or_losses(
    store,
    second_store,
    clock,
    radicale_server,
    book,
):
    for n in range(240):
        add(store, clock, f"Person{n:03d}", "Halfway", email=f"p{n}@halfway.example")
    attach(store, clock, book)
    stopped = []

    def stop_midway(step: str, done: int, total: int) -> None:
        if step == "upload" and done >= 100 and not stopped:
            radicale_server.stop()
            stopped.append(done)

    with pytest.raises(Unreachable, match="Phone"):
        sync(store, clock, book, progress=stop_midway)
    assert stopped, "the server was never stopped: the progress steps changed"
    assert len(live_names(store)) == 240  # nothing lost here
    radicale_server.start()
    sync(store, clock, book)
    with Phone(book) as phone:
        names = phone_names(phone)
    assert len(names) == len(set(names)) == 240
    attach(second_store, clock, book)
    sync(second_store, clock, book)
    assert live_names(second_store) == live_names(store)


def test_wrong_password_names_the_account_and_changes_nothing(store, clock, book):
    add(store, clock, "Eve", "Moreau", email="eve@moreau.example")
    attach(store, clock, book)
    with pytest.raises(AuthFailed, match="Phone"):
        sync(store, clock, book, password="not-it")
    assert live_names(store) == ["Eve Moreau"]
    with Phone(book) as phone:
        assert phone.list() == {}


def test_an_emptied_address_book_stops_and_asks_before_trashing(store, clock, book):
    with Phone(book) as phone:
        for n, name in enumerate(("Fay Chen", "Gus Berg", "Hal Ode")):
            phone.put(f"p{n}.vcf", new_card(f"uid-{n}", name))
    attach(store, clock, book)
    assert sync(store, clock, book).here_created == 3
    with Phone(book) as phone:
        for href in phone.list():
            phone.delete(href)
    with pytest.raises(NeedsConfirmation, match="Phone"):
        sync(store, clock, book)
    assert live_names(store) == ["Fay Chen", "Gus Berg", "Hal Ode"]
    sync(store, clock, book, allow_mass_delete=True)
    assert trashed_names(store) == ["Fay Chen", "Gus Berg", "Hal Ode"]
