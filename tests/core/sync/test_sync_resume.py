"""A sync that dies at any request — connection dropped, or the app killed — resumes
without duplicates or losses; and a server that empties the book stops and asks."""

from __future__ import annotations

import pytest

from prm.core.contacts import trash_contacts
from prm.core.sync.engine import NeedsConfirmation
from prm.core.sync.remote import SyncError
from tests.core.sync.fake_server import FakeServer, vcard
from tests.core.sync.syncing import (
    add,
    add_phone_account,
    edit,
    get,
    live_names,
    sync,
    trashed_names,
)

LIVE = ["Ana Ruiz", "Cai Lin", "Eve Park", "Fay Moss", "Gus Berg", "Hal Roy"]


class Killed(BaseException):
    """The app dying mid-sync: nothing after this line of the engine runs."""


def _scenario(store, clock) -> tuple[FakeServer, int]:
    ana = add(store, clock, "Ana", "Ruiz")
    ben = add(store, clock, "Ben", "Okafor")
    add(store, clock, "Cai", "Lin")
    add(store, clock, "Dan", "Wu")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    edit(store, clock, ana, title="CTO")
    with store.transaction() as session:
        trash_contacts(session, ids=[ben], clock=clock)
    add(store, clock, "Eve", "Park")
    add(store, clock, "Fay", "Moss")
    add(store, clock, "Hal", "Roy", email="hal@roy.example")
    server.phone_edit(
        server.find("Cai"), lambda t: t.replace("END:VCARD", "NICKNAME:C\r\nEND:VCARD")
    )
    server.phone_delete(server.find("Dan"))
    server.phone_put("gus.vcf", vcard("N:Berg;Gus;;;\nFN:Gus Berg", "u-gus"))
    server.phone_put("hal.vcf", vcard("N:Roy;Hal;;;\nFN:Hal Roy\nEMAIL:hal@roy.example", "u-hal"))
    server.requests = 0
    return server, ana


def _assert_agreed(store, server) -> None:
    assert live_names(store) == LIVE
    assert trashed_names(store) == ["Ben Okafor", "Dan Wu"]
    names = sorted(
        line[3:]
        for h in server.cards
        for line in server.text(h).split("\r\n")
        if line.startswith("FN:")
    )
    assert names == LIVE  # each once: no duplicates, no losses
    with store.reading() as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                "SELECT count(*), count(DISTINCT contact_id), sum(state != 'synced') FROM sync_item"
            )
            .one()
        )
    assert tuple(rows) == (6, 6, 0)


def test_the_scenario_agrees_without_failures(store, clock):
    server, ana = _scenario(store, clock)
    sync(store, server, clock)
    _assert_agreed(store, server)
    assert get(store, ana)[0].title == "CTO"
    assert server.requests == 7  # the failure tests below die at each of them


@pytest.mark.parametrize("fail_at", range(1, 8))
@pytest.mark.parametrize("how", ["dropped", "answer lost", "killed"])
def test_a_run_dying_at_any_request_resumes_without_duplicates_or_losses(
    store, clock, fail_at, how
):
    server, ana = _scenario(store, clock)
    if how == "dropped":
        server.fail_at = fail_at
    elif how == "answer lost":  # the server did it; PRM never heard back
        server.lose_answer_at = fail_at
    else:
        real = server._request

        def request(what: str) -> None:
            real(what)
            if server.requests == fail_at:
                raise Killed()

        server._request = request
    try:
        sync(store, server, clock)
    except (SyncError, Killed):
        pass
    else:
        if how != "answer lost":
            pytest.skip(f"the run needs fewer than {fail_at} requests")
    if how == "killed":
        del server._request
    sync(store, server, clock)
    sync(store, server, clock)  # a second run finds nothing left to do
    _assert_agreed(store, server)
    assert get(store, ana)[0].title == "CTO" and "TITLE:CTO" in server.text(server.find("Ana"))


def test_a_dropped_connection_names_the_account_and_is_remembered(store, clock):
    from prm.core.sync.accounts import find_account

    server, _ana = _scenario(store, clock)
    server.fail_at = 1
    with pytest.raises(SyncError, match="Phone"):
        sync(store, server, clock)
    with store.reading() as session:
        assert "dropped" in find_account(session, "phone").last_error
    sync(store, server, clock)
    with store.reading() as session:
        assert find_account(session, "Phone").last_error == ""


def _synced_book(store, clock, n: int) -> FakeServer:
    for i in range(n):
        add(store, clock, f"Person{i}", "Test")
    add_phone_account(store, clock)
    server = FakeServer()
    sync(store, server, clock)
    return server


@pytest.mark.parametrize("supports_sync", [True, False])
def test_an_emptied_book_stops_and_asks_then_proceeds_when_allowed(store, clock, supports_sync):
    from prm.core.sync.accounts import find_account

    server = _synced_book(store, clock, 4)
    server.supports_sync = supports_sync
    for href in list(server.cards):
        server.phone_delete(href)

    with pytest.raises(NeedsConfirmation, match="Phone.*empty|Phone.*4 of the 4"):
        sync(store, server, clock)
    assert len(live_names(store)) == 4  # nothing was applied
    with store.reading() as session:
        assert "4" in find_account(session, "Phone").pending_confirmation

    report = sync(store, server, clock, allow_mass_delete=True)
    assert report.here_trashed == 4 and live_names(store) == []
    assert len(trashed_names(store)) == 4  # in the trash, never purged
    with store.reading() as session:
        assert find_account(session, "Phone").pending_confirmation == ""


def test_deleting_half_is_fine_more_than_half_asks(store, clock):
    server = _synced_book(store, clock, 4)
    hrefs = sorted(server.cards)
    for href in hrefs[:2]:
        server.phone_delete(href)
    assert sync(store, server, clock).here_trashed == 2
    server.phone_delete(hrefs[2])
    add(store, clock, "Zed", "Last")  # 2 synced left; deleting 1 of them is half: fine
    assert sync(store, server, clock).here_trashed == 1


def test_an_expired_token_lists_everything_again(store, clock):
    server = _synced_book(store, clock, 3)
    server.phone_edit(
        sorted(server.cards)[0], lambda t: t.replace("END:VCARD", "TITLE:X\r\nEND:VCARD")
    )
    server.forgotten_before = len(server.log)
    report = sync(store, server, clock)
    assert report.here_updated == 1


def test_an_unconfirmed_upload_found_under_another_name_is_adopted(store, clock):
    ana = add(store, clock, "Ana", "Ruiz", email="ana@ruiz.example")
    add_phone_account(store, clock)
    server = FakeServer()
    real = server.put

    def killed_put(href, data, *, etag):
        raise Killed()

    server.put = killed_put
    with pytest.raises(Killed):
        sync(store, server, clock)
    server.put = real
    with store.reading() as session:
        uid = (
            session.connection()
            .exec_driver_sql("SELECT uid FROM contact WHERE id = ?", (ana,))
            .scalar_one()
        )
    server.phone_put("renamed-by-server.vcf", vcard("N:Ruiz;Ana;;;\nFN:Ana Ruiz\nTITLE:CTO", uid))

    sync(store, server, clock)

    assert live_names(store) == ["Ana Ruiz"] and list(server.cards) == [
        "/dav/ana/contacts/renamed-by-server.vcf"
    ]
    assert get(store, ana)[0].title == "CTO"
    assert "ana@ruiz.example" in server.text(server.find("Ana"))
