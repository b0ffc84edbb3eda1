"""Sources as the user adds them, passwords in the keyring, and the reader registry."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlmodel import select

from prm.core import touches
from prm.core.capture import queue, readers, sources
from prm.core.capture.observations import Progress
from prm.core.capture.runner import run_source
from prm.core.capture.source_config import SourceConfig, SourceError, password_key
from prm.core.errors import ValidationError
from prm.core.models import CaptureProposal
from prm.core.touches import TouchDraft
from tests.core.capture.fakes import ME, T0, FakeReader, add_source, mail, make_people


def test_add_list_remove_with_password_in_the_keyring(store, clock, secret_store, tmp_path):
    with store.transaction() as session:
        ics = sources.add_source(session, SourceConfig("ics", str(tmp_path)), clock=clock)
        imap = sources.add_source(
            session,
            SourceConfig("imap", "imap.example.org:993", "ann", "INBOX,Sent"),
            clock=clock,
            label="Work mail",
            auto_accept=True,
        )
    sources.store_password(secret_store, imap.id, "s3cret")
    assert secret_store.get(password_key(imap.id)) == "s3cret"
    with store.reading() as session:
        listed = sources.list_sources(session)
    assert [(s.kind, s.label, s.auto_accept) for s in listed] == [
        ("ics", tmp_path.name, False),
        ("imap", "Work mail", True),
    ]
    assert listed[1].config == SourceConfig("imap", "imap.example.org:993", "ann", "INBOX,Sent")
    with store.transaction() as session:
        sources.remove_source(session, imap.id, secrets=secret_store)
    assert secret_store.get(password_key(imap.id)) is None
    with store.reading() as session:
        assert [s.id for s in sources.list_sources(session)] == [ics.id]


def test_bad_sources_are_refused_with_the_field_named(store, clock):
    with store.transaction() as session, pytest.raises(ValidationError) as caught:
        sources.add_source(session, SourceConfig("imap", "host"), clock=clock)
    assert "username" in caught.value.errors
    with store.transaction() as session, pytest.raises(ValidationError) as caught:
        sources.add_source(session, SourceConfig("fax", "x"), clock=clock)
    assert "kind" in caught.value.errors


def test_a_reader_not_installed_yet_is_a_clear_source_error(monkeypatch):
    monkeypatch.setitem(readers.READER_MODULES, "ics", ("prm.core.capture.not_here", "open"))
    with pytest.raises(SourceError, match="cannot read Calendar file or folder"):
        readers.open_reader(SourceConfig("ics", "/x"), password=None, zone=UTC)


def test_progress_reaches_the_caller(store, clock):
    make_people(store, clock, ("Ann Lee", "ann@x.org"))
    src = add_source(store, clock)
    items = [Progress(1, 2), mail("m1", "ann@x.org", [ME]), Progress(2, 2)]
    seen = []
    run_source(
        store,
        src,
        since=T0 - timedelta(days=1),
        clock=clock,
        zone=UTC,
        progress=seen.append,
        reader_for=FakeReader(items).opener(),
    )
    assert seen == [Progress(1, 2), Progress(2, 2)]


def test_an_answer_already_logged_by_hand_means_no_reply_is_owed(store, clock):
    [ann] = make_people(store, clock, ("Ann Lee", "ann@x.org"))
    with store.transaction() as session:
        draft = TouchDraft([ann], "call", occurred_at=T0 + timedelta(hours=5))
        touches.log_touch(session, draft=draft, clock=clock)
    src = add_source(store, clock)
    items = [mail("m1", "ann@x.org", [ME]), mail("m2", "ann@x.org", [ME], hours=6)]
    run_source(
        store,
        src,
        since=T0 - timedelta(days=1),
        clock=clock,
        zone=UTC,
        reader_for=FakeReader(items).opener(),
    )
    with store.reading() as session:
        views = queue.get_proposals(session, session.exec(select(CaptureProposal.id)).all())
    assert [(v.summary, v.needs_reply) for v in views] == [("Hello", False), ("Hello", True)]
