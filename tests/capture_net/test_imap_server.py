"""The IMAP reader against a real Dovecot, end to end through run_source and the queue."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from prm.core.capture.imap_reader import ImapReader
from prm.core.capture.source_config import SourceError
from tests.capture_net.helpers import NOW, add, proposals, run, source_row
from tests.core.capture.fakes import ME, make_people
from tests.servers.dovecot import message


@pytest.fixture
def mailbox(store, clock, dovecot_server):
    make_people(store, clock, ("Bob Stone", "bob@x.org"))
    return dovecot_server


def reader_for(**kw):
    def open_reader(config, *, password, zone):
        return ImapReader(config.location, config.username, password, [], **kw)

    return open_reader


def inbound(n, *, days=1, **kw):
    return message(
        "Bob Stone <bob@x.org>",
        ME,
        f"Question {n}",
        NOW - timedelta(days=days),
        msgid=f"q{n}@x.org",
        **kw,
    )


def test_a_thread_needing_a_reply_is_cleared_by_the_reply_in_sent(store, clock, mailbox):
    mailbox.append("INBOX", inbound(1))
    mailbox.append(
        "INBOX",
        message(
            "Shop <news@shop.example>",
            ME,
            "Sale!",
            NOW - timedelta(days=1),
            msgid="n1@shop.example",
            List_Unsubscribe="<mailto:leave@shop.example>",
        ),
    )
    source = add(store, clock, "imap", mailbox.location)
    first = run(store, clock, source)
    assert (first.seen, first.proposed) == (2, 1)  # the newsletter is filtered
    assert proposals(store)["q1@x.org"].needs_reply

    assert run(store, clock, source).proposed == 0  # nothing new: nothing proposed

    reply = message(
        ME,
        "bob@x.org",
        "Re: Question 1",
        NOW - timedelta(hours=2),
        msgid="r1@x.org",
        reply_to="q1@x.org",
    )
    mailbox.append("Sent", reply)
    again = run(store, clock, source)
    assert (again.seen, again.proposed) == (1, 1)
    found = proposals(store)
    assert found["r1@x.org"].direction == "out"
    assert not found["q1@x.org"].needs_reply  # answered: no longer flagged

    # Read-only all along: nothing was marked as read.
    assert all("\\Seen" not in f for f in mailbox.flags("INBOX") + mailbox.flags("Sent"))


def test_configured_folders_are_the_only_ones_read(store, clock, mailbox):
    mailbox.append("INBOX", inbound(1))
    mailbox.append(
        "Sent", message(ME, "bob@x.org", "Hello", NOW - timedelta(days=2), msgid="s1@x.org")
    )
    source = add(store, clock, "imap", mailbox.location, folder="Sent")
    assert run(store, clock, source).proposed == 1
    assert list(proposals(store)) == ["s1@x.org"]


def test_a_renumbered_folder_is_read_again_without_repeats(store, clock, mailbox):
    mailbox.append("INBOX", inbound(1))
    source = add(store, clock, "imap", mailbox.location)
    assert run(store, clock, source).proposed == 1
    with store.transaction() as session:
        from prm.core.capture.sources import get_source

        row = get_source(session, source)
        state = json.loads(row.state)
        state["folders"]["INBOX"]["uidvalidity"] = 1  # as if the server renumbered it
        row.state = json.dumps(state)
    report = run(store, clock, source)
    assert (report.seen, report.proposed) == (1, 0)


def test_server_down_mid_run_keeps_what_was_saved_and_resumes_without_repeats(
    store, clock, mailbox
):
    for n in range(1, 6):
        mailbox.append("INBOX", inbound(n, days=n))
    source = add(store, clock, "imap", mailbox.location)

    def kill_after_first_batch(progress):
        if progress.done == 2:
            mailbox.stop()

    with pytest.raises(SourceError, match="IMAP server 127.0.0.1:.*(dropped|refused)"):
        run(store, clock, source, reader_for=reader_for(batch=2), progress=kill_after_first_batch)
    assert len(proposals(store)) == 2  # the first batch was checkpointed
    assert source_row(store, source).last_error

    mailbox.start()
    report = run(store, clock, source, reader_for=reader_for(batch=2))
    assert (report.seen, report.proposed) == (3, 3)  # the saved batch was not fetched again
    assert set(proposals(store)) == {f"q{n}@x.org" for n in range(1, 6)}


def test_wrong_password_says_so_and_writes_nothing(store, clock, mailbox):
    mailbox.append("INBOX", inbound(1))
    source = add(store, clock, "imap", mailbox.location)
    with pytest.raises(SourceError, match="refused user “ann” with that password"):
        run(store, clock, source, password="wrong")
    assert proposals(store) == {}
    row = source_row(store, source)
    assert row.state in (None, "", "{}") and "password" in row.last_error


def test_a_server_that_is_not_there_says_so(store, clock, mailbox):
    source = add(store, clock, "imap", mailbox.location)
    mailbox.stop()
    with pytest.raises(SourceError, match="connection refused"):
        run(store, clock, source)


def test_cancelling_stops_between_messages_and_keeps_the_saved_batches(store, clock, mailbox):
    for n in range(1, 6):
        mailbox.append("INBOX", inbound(n, days=n))
    source = add(store, clock, "imap", mailbox.location)
    seen = []
    report = run(
        store,
        clock,
        source,
        reader_for=reader_for(batch=2),
        progress=seen.append,
        cancelled=lambda: len(seen) >= 2,
    )
    assert report.cancelled and len(proposals(store)) == 2
    assert run(store, clock, source).proposed == 3
