"""Server behaviours Radicale does not show: a listing handed over in parts, escaped hrefs."""

from __future__ import annotations

import httpx
from hypothesis import given
from hypothesis import strategies as st

from prm.core.dav.client import Who
from prm.core.sync.carddav import CardDavServer
from prm.core.sync.remote import RemoteCard


def _multistatus(*parts: str, token: str) -> bytes:
    return (
        '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" '
        'xmlns:card="urn:ietf:params:xml:ns:carddav">'
        + "".join(parts)
        + f"<d:sync-token>{token}</d:sync-token></d:multistatus>"
    ).encode()


def _card(href: str, etag: str, data: str = "") -> str:
    body = f"<card:address-data>{data}</card:address-data>" if data else ""
    return (
        f"<d:response><d:href>{href}</d:href><d:propstat><d:prop><d:getetag>{etag}</d:getetag>"
        f"{body}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
    )


def _status(href: str, status: str) -> str:
    return f"<d:response><d:href>{href}</d:href><d:status>HTTP/1.1 {status}</d:status></d:response>"


def test_a_listing_in_parts_is_asked_for_until_complete():
    def answer(request: httpx.Request) -> httpx.Response:
        if b"<d:sync-token></d:sync-token>" in request.read():  # the first part
            body = _multistatus(
                _card("/book/a.vcf", '"1"'),
                _card("/book/b.vcf", '"2"'),
                _status("/book/", "507 Insufficient Storage"),
                token="t1",
            )
        else:
            assert b"t1" in request.read()
            body = _multistatus(
                _card("/book/c.vcf", '"3"'), _status("/book/b.vcf", "404 Not Found"), token="t2"
            )
        return httpx.Response(207, content=body)

    server = CardDavServer(
        "http://dav.test/book/", "ann", "pw", account="Work", transport=httpx.MockTransport(answer)
    )
    listing = server.changes("http://dav.test/book/", "")
    assert listing.complete and listing.token == "t2"
    assert listing.changed == {"/book/a.vcf": '"1"', "/book/c.vcf": '"3"'}


def test_cards_come_back_under_the_hrefs_asked_for():
    def answer(request: httpx.Request) -> httpx.Response:
        card = "BEGIN:VCARD&#13;\nVERSION:3.0\nFN:Ann\nEND:VCARD\n"
        return httpx.Response(
            207, content=_multistatus(_card("/book/ann%40x.vcf", '"1"', card), token="t")
        )

    server = CardDavServer(
        "http://dav.test/book/", "ann", "pw", account="Work", transport=httpx.MockTransport(answer)
    )
    [got] = server.fetch("http://dav.test/book/", ["/book/ann@x.vcf"])
    assert isinstance(got, RemoteCard) and got.href == "/book/ann@x.vcf"


@given(st.text(), st.text())
def test_a_message_names_the_account_whatever_the_address_or_reason_holds(host, reason):
    who = Who(server="the server", thing="address book", account="Sync account “Work” ({host})")
    said = who.say(f"http://{host}/", "{server} failed: " + reason)  # never raises
    assert said.startswith("Sync account “Work” (") and said.endswith(" failed: " + reason)
