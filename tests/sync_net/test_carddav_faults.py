"""A server that fails: each failure is a SyncError naming the account and the problem."""

from __future__ import annotations

import time

import pytest

from prm.core.sync.remote import (
    BadRemoteCard,
    BookMissing,
    RemoteCard,
    ServerFailed,
    Unreachable,
)


def test_a_server_error(faulty_server, connect):
    faulty_server.mode = "5xx"
    with pytest.raises(ServerFailed, match=r"Sync account “Work” \(127\.0\.0\.1:\d+\): .*\(503\)"):
        connect(faulty_server.url).changes(faulty_server.url + "book/", "")


def test_a_hung_server_times_out_quickly(faulty_server, connect):
    faulty_server.mode = "hang"
    started = time.monotonic()
    with pytest.raises(Unreachable, match="Sync account “Work” .*did not answer in time"):
        connect(faulty_server.url, timeout=(1.0, 0.3)).changes(faulty_server.url + "book/", "")
    assert time.monotonic() - started < 5


def test_a_dropped_connection(faulty_server, connect):
    faulty_server.mode = "drop"
    with pytest.raises(Unreachable, match="Sync account “Work” .*dropped"):
        connect(faulty_server.url).put(faulty_server.url + "book/a.vcf", b"BEGIN:VCARD", etag=None)


def test_an_unreadable_answer(faulty_server, connect):
    faulty_server.mode = "xml"
    with pytest.raises(ServerFailed, match="Sync account “Work” .*unreadable answer"):
        connect(faulty_server.url).discover()


def test_a_card_that_is_not_a_vcard_is_reported_and_the_rest_kept(faulty_server, connect):
    faulty_server.mode = "not-vcard"
    got = list(
        connect(faulty_server.url).fetch(
            faulty_server.url + "book/", ["/book/bad.vcf", "/book/good.vcf"]
        )
    )
    bad = [g for g in got if isinstance(g, BadRemoteCard)]
    good = [g for g in got if isinstance(g, RemoteCard)]
    assert [b.href for b in bad] == ["/book/bad.vcf"] and "not a vCard" in bad[0].problem
    assert [g.href for g in good] == ["/book/good.vcf"] and b"Good Card" in good[0].data


def test_nothing_at_the_address(faulty_server, connect):
    faulty_server.mode = "ok"  # an empty answer to every question
    with pytest.raises(
        BookMissing, match="Sync account “Work” .*no CardDAV account or address book"
    ):
        connect(faulty_server.url).discover()


def test_a_certificate_nobody_vouches_for_is_a_tls_error_naming_the_account(
    untrusted_tls_server, connect
):
    """A self-signed (or intercepted) certificate: refused, never silently trusted."""
    url = untrusted_tls_server.url
    assert url.startswith("https://")
    with pytest.raises(Unreachable, match=r"Sync account “Work” .*(TLS|certificate)") as caught:
        connect(url).discover()
    assert "127.0.0.1" in caught.value.message
    assert untrusted_tls_server.requests == []  # not one request got through
