"""Two laptops and a phone syncing through one server end with the same contacts."""

from __future__ import annotations

from prm.core.contacts import trash_contacts
from prm.core.drafts import LabeledValue
from tests.core.sync.fake_server import FakeServer
from tests.core.sync.syncing import add, add_phone_account, edit, live_names, sync, trashed_names


def _id(store, name: str) -> int:
    with store.reading() as session:
        return (
            session.connection()
            .exec_driver_sql("SELECT id FROM contact WHERE display_name = ?", (name,))
            .scalar_one()
        )


def _cards(store) -> list[tuple]:
    from prm.core.sync.cardform import local_states

    with store.reading() as session:
        ids = [
            r[0]
            for r in session.connection().exec_driver_sql(
                "SELECT id FROM contact WHERE deleted_at IS NULL"
            )
        ]
        states = local_states(session, ids)
    return sorted(
        (s.state.fields["formatted_name"] or s.state.fields["given_name"], s.state.fingerprint())
        for s in states.values()
    )


def test_two_laptops_and_a_phone_agree(store, second_store, clock):
    a, b = store, second_store
    add(a, clock, "Ana", "Ruiz", email="ana@ruiz.example")
    add(a, clock, "Ben", "Okafor")
    add(b, clock, "Cai", "Lin")
    add(b, clock, "Ana", "Ruiz", email="ana@ruiz.example", title="CTO")  # same person, on B too
    server = FakeServer()
    add_phone_account(a, clock)
    add_phone_account(b, clock)

    sync(a, server, clock)
    sync(b, server, clock)
    sync(a, server, clock)
    assert live_names(a) == live_names(b) == ["Ana Ruiz", "Ben Okafor", "Cai Lin"]
    assert len(server.cards) == 3

    edit(a, clock, _id(a, "Ben Okafor"), phones=[LabeledValue("+44 20 7946 0000", "work")])
    edit(b, clock, _id(b, "Ana Ruiz"), title="CEO")
    with b.transaction() as session:
        trash_contacts(session, ids=[_id(b, "Cai Lin")], clock=clock)
    server.phone_edit(
        server.find("Okafor"), lambda t: t.replace("END:VCARD", "NICKNAME:Benny\r\nEND:VCARD")
    )
    for laptop in (a, b, a, b):
        sync(laptop, server, clock)

    assert live_names(a) == live_names(b) == ["Ana Ruiz", "Ben Okafor"]
    assert trashed_names(a) == trashed_names(b) == ["Cai Lin"]
    assert _cards(a) == _cards(b)
    assert len(server.cards) == 2
    assert "TITLE:CEO" in server.text(server.find("Ana"))
    ben = server.text(server.find("Okafor"))
    assert "NICKNAME:Benny" in ben and "7946" in ben
