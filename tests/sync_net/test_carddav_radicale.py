"""CardDavServer against a real Radicale: discovery, books, listings, cards, errors."""

from __future__ import annotations

import httpx
import pytest

from prm.core.sync.remote import (
    AuthFailed,
    BadRemoteCard,
    BookMissing,
    PreconditionFailed,
    RemoteCard,
    TokenExpired,
    Unreachable,
)
from tests.servers.phone import Phone, new_card


def card(uid: str, name: str) -> bytes:
    return new_card(uid, name).encode()


@pytest.fixture
def book(radicale_server):
    return radicale_server, radicale_server.make_address_book("contacts")


def test_discovery_from_the_server_address_then_a_new_book(radicale_server, connect):
    server = connect(radicale_server.url)
    assert server.discover() == []  # an account with no address book yet
    made = server.create_address_book("Work contacts")
    assert made.name == "Work contacts" and made.url.endswith("/ann/work-contacts/")
    assert made.supports_sync and made.sync_token and made.ctag
    again = connect(radicale_server.url).discover()
    assert [b.url for b in again] == [made.url]
    # The same name again gets a book of its own, not the first one.
    second = server.create_address_book("Work contacts")
    assert second.url != made.url and second.name == "Work contacts"


def test_the_typed_address_may_be_the_book_or_the_home(book, connect):
    radicale, url = book
    assert [b.url for b in connect(url).discover()] == [url]
    assert [b.name for b in connect(radicale.url + "ann/").discover()] == ["contacts"]


def test_a_server_without_passwords(radicale_open, connect):
    url = radicale_open.make_address_book("shared")
    server = connect(url, user="", password="")
    etag = server.put(f"{url}a.vcf", card("a", "Ann Lee"), etag=None)
    [got] = server.fetch(url, server.changes(url, "").changed)
    assert got.etag == etag and b"Ann Lee" in got.data


def test_upload_list_fetch_and_a_phone_sees_it(book, connect):
    _, url = book
    server = connect(url)
    etags = {
        f"/ann/contacts/c{i}.vcf": server.put(
            f"{url}c{i}.vcf", card(f"c{i}", f"Person {i}"), etag=None
        )
        for i in range(7)
    }
    listing = server.changes(url, "")
    assert listing.complete and listing.changed == etags and listing.token
    server.chunk = 3  # three multigets
    got = list(server.fetch(url, [*etags, "/ann/contacts/nobody.vcf"]))
    cards = {c.href: c for c in got if isinstance(c, RemoteCard)}
    assert {h: c.etag for h, c in cards.items()} == etags
    assert [b.href for b in got if isinstance(b, BadRemoteCard)] == ["/ann/contacts/nobody.vcf"]
    with Phone(url) as phone:
        assert phone.get("c3.vcf").fn.value == "Person 3"


def test_edits_and_deletions_elsewhere_come_back_as_changes(book, connect):
    _, url = book
    server = connect(url)
    server.put(f"{url}a.vcf", card("a", "Ann Lee"), etag=None)
    server.put(f"{url}b.vcf", card("b", "Bob Stone"), etag=None)
    token = server.changes(url, "").token
    with Phone(url) as phone:
        edited = phone.get("a.vcf")
        edited.fn.value = "Ann Lee-Park"
        phone.put("a.vcf", edited, etag=phone.list()["/ann/contacts/a.vcf"])
        phone.delete("b.vcf")
        phone.put("c.vcf", new_card("c", "Cem Yilmaz"))
    since = server.changes(url, token)
    assert not since.complete and since.token != token
    assert set(since.changed) == {"/ann/contacts/a.vcf", "/ann/contacts/c.vcf"}
    assert since.removed == {"/ann/contacts/b.vcf"}
    [a] = server.fetch(url, ["/ann/contacts/a.vcf"])
    assert b"Ann Lee-Park" in a.data and a.etag == since.changed[a.href]
    assert server.changes(url, since.token).changed == {}  # nothing new: nothing listed


def test_a_token_the_server_forgot_says_so(book, connect):
    _, url = book
    server = connect(url)
    with pytest.raises(TokenExpired, match="Sync account “Work”"):
        server.changes(url, "http://radicale.org/ns/sync/forgotten")


def test_uploads_and_deletions_are_guarded_by_etags(book, connect):
    _, url = book
    server = connect(url)
    first = server.put(f"{url}a.vcf", card("a", "Ann"), etag=None)
    with pytest.raises(PreconditionFailed, match="already at"):
        server.put(f"{url}a.vcf", card("a", "Ann again"), etag=None)
    second = server.put(f"{url}a.vcf", card("a", "Ann Lee"), etag=first)
    assert second and second != first
    with pytest.raises(PreconditionFailed, match=r"Sync account “Work” .*changed on the server"):
        server.put(f"{url}a.vcf", card("a", "stale"), etag=first)
    with pytest.raises(PreconditionFailed):
        server.delete(f"{url}a.vcf", etag=first)
    server.delete(f"{url}a.vcf", etag=second)
    server.delete(f"{url}a.vcf", etag=second)  # already gone: not an error
    assert server.changes(url, "").changed == {}


def test_wrong_password_names_the_account(book, connect):
    radicale, url = book
    with pytest.raises(AuthFailed, match=r"Sync account “Work” \(127\.0\.0\.1:\d+\): .*password"):
        connect(radicale.url, password="wrong").discover()


def test_a_deleted_book_is_missing(book, connect):
    radicale, url = book
    server = connect(url)
    with httpx.Client(auth=("ann", "secret")) as client:
        client.delete(url)
    with pytest.raises(BookMissing, match="no address book at"):
        server.changes(url, "")
    with pytest.raises(BookMissing):
        server.book_state(url)
    with pytest.raises(BookMissing, match="not there any more"):
        server.put(f"{url}a.vcf", card("a", "Ann"), etag=None)


def test_server_down_then_back_on_the_same_port_with_the_same_cards(book, connect):
    radicale, url = book
    server = connect(url)
    etag = server.put(f"{url}a.vcf", card("a", "Ann"), etag=None)
    radicale.stop()
    with pytest.raises(Unreachable, match=r"Sync account “Work” .*could not connect.*refused"):
        server.changes(url, "")
    radicale.start()
    assert server.changes(url, "").changed == {"/ann/contacts/a.vcf": etag}


class _Refusing(httpx.HTTPTransport):
    """Radicale behind a proxy that refuses one REPORT, as servers without it do."""

    def __init__(self, report: bytes) -> None:
        super().__init__()
        self.report = report

    def handle_request(self, request):
        if request.method == "REPORT" and self.report in request.read():
            return httpx.Response(501, request=request)
        return super().handle_request(request)


def test_without_sync_collection_every_etag_is_listed(book, connect):
    _, url = book
    server = connect(url, transport=_Refusing(b"sync-collection"))
    etag = server.put(f"{url}a.vcf", card("a", "Ann"), etag=None)
    listing = server.changes(url, "")
    assert listing.complete and listing.changed == {"/ann/contacts/a.vcf": etag}
    assert server.changes(url, "whatever").complete  # no tokens there: always everything


def test_without_multiget_cards_are_read_one_by_one(book, connect):
    _, url = book
    server = connect(url, transport=_Refusing(b"addressbook-multiget"))
    etag = server.put(f"{url}a.vcf", card("a", "Ann"), etag=None)
    [got] = server.fetch(url, ["/ann/contacts/a.vcf"])
    assert got.etag == etag and b"FN:Ann" in got.data


def test_many_uploads_at_once_answer_in_order(book, connect):
    _, url = book
    server = connect(url)
    taken = server.put(f"{url}c2.vcf", card("c2", "Already there"), etag=None)
    items = [(f"{url}c{i}.vcf", card(f"c{i}", f"Person {i}"), None) for i in range(6)]
    results = server.put_many(items, workers=3)
    assert isinstance(results[2], PreconditionFailed)  # the one already there, told apart
    etags = server.changes(url, "").changed
    assert [etags[f"/ann/contacts/c{i}.vcf"] for i in (0, 1, 3, 4, 5)] == [
        results[i] for i in (0, 1, 3, 4, 5)
    ]
    assert etags["/ann/contacts/c2.vcf"] == taken


def test_many_uploads_stop_when_the_server_goes(book, connect):
    radicale, url = book
    server = connect(url)
    radicale.stop()
    with pytest.raises(Unreachable, match="Sync account “Work”"):
        server.put_many([(f"{url}c{i}.vcf", card(f"c{i}", "P"), None) for i in range(50)])
