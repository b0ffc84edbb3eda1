"""The capture queue as a user meets it: proposals wait, accept moves Reach out
and Awaiting reply, reject and ignore are remembered, nothing is proposed twice."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlmodel import select

from prm.core.capture import queue
from prm.core.capture.runner import run_source
from prm.core.capture.source_config import SourceError
from prm.core.changes import Changes
from prm.core.models import CaptureSource, Contact, Touch
from prm.core.review import awaiting_reply
from tests.core.capture.fakes import ME, FakeReader, add_source, event, mail, make_people


def run(store, clock, source_id, items, **kw):
    reader = items if isinstance(items, FakeReader) else FakeReader(items)
    return run_source(
        store,
        source_id,
        since=clock.now() - timedelta(days=365),
        clock=clock,
        zone=UTC,
        reader_for=reader.opener(),
        **kw,
    )


@pytest.fixture
def book(store, clock):
    ann, bob = make_people(store, clock, ("Ann Lee", "ann@x.org"), ("Bob Stone", "bob@y.org"))
    return {"ann": ann, "bob": bob, "src": add_source(store, clock)}


def touches_count(store):
    with store.reading() as session:
        return len(session.exec(select(Touch)).all())


def pending(store):
    with store.reading() as session:
        return [p for g in queue.list_proposals(session, zone=UTC) for p in g.proposals]


def test_nothing_is_a_touch_before_accept(store, clock, book):
    report = run(store, clock, book["src"], [mail("m1", "ann@x.org", [ME])])
    assert report.proposed == 1
    assert touches_count(store) == 0
    with store.reading() as session:
        assert queue.pending_count(session) == 1
        assert session.get(Contact, book["ann"]).last_touch_at is None


def test_accepting_moves_reach_out_and_awaiting_reply(store, clock, book):
    run(store, clock, book["src"], [mail("m1", "ann@x.org", [ME], subject="Dinner?")])
    [proposal] = pending(store)
    assert proposal.needs_reply and proposal.direction == "in"
    with store.transaction() as session:
        [touch_id] = queue.accept(session, [proposal.id], clock=clock)
    with store.reading() as session:
        assert session.get(Contact, book["ann"]).last_touch_at == proposal.occurred_at
        owed = awaiting_reply(session, now=clock.now(), zone=UTC)
        assert [(o.touch_id, o.contact_id) for o in owed] == [(touch_id, book["ann"])]
        assert queue.pending_count(session) == 0
    # My answer, captured and accepted, clears Awaiting reply like a typed one.
    run(store, clock, book["src"], [mail("m2", ME, ["ann@x.org"], hours=2, thread="m1")])
    [answer] = pending(store)
    with store.transaction() as session:
        queue.accept(session, [answer.id], clock=clock)
    with store.reading() as session:
        assert awaiting_reply(session, now=clock.now(), zone=UTC) == []


def test_a_later_outbound_message_in_the_thread_clears_needs_reply(store, clock, book):
    run(store, clock, book["src"], [mail("m1", "ann@x.org", [ME])])
    run(store, clock, book["src"], [mail("m2", ME, ["ann@x.org"], hours=1, thread="m1")])
    by_key = {p.direction: p.needs_reply for p in pending(store)}
    assert by_key == {"in": False, "out": False}


def test_reply_seen_before_the_question_in_one_run(store, clock, book):
    items = [mail("m2", ME, ["bob@y.org"], hours=1, thread="m1"), mail("m1", "bob@y.org", [ME])]
    run(store, clock, book["src"], items)
    assert not any(p.needs_reply for p in pending(store))


def test_rejected_items_are_never_proposed_again(store, clock, book):
    items = [mail("m1", "ann@x.org", [ME]), event("e1", "Sync", ["bob@y.org"])]
    run(store, clock, book["src"], items)
    with store.transaction() as session:
        queue.reject(session, [p.id for p in pending(store)], clock=clock)
    report = run(store, clock, book["src"], items)
    assert report.proposed == 0 and pending(store) == []
    # Another source holding the same message (IMAP and an mbox export) proposes nothing either.
    other = add_source(store, clock, "imap")
    assert run(store, clock, other, items).proposed == 0


def test_ignoring_a_sender_rejects_theirs_and_filters_next_runs(store, clock, book):
    run(store, clock, book["src"], [mail("m1", "ann@x.org", [ME]), mail("m2", "bob@y.org", [ME])])
    with store.transaction() as session:
        rejected = queue.ignore(session, "sender", "Ann@X.org", clock=clock)
    assert len(rejected) == 1
    run(store, clock, book["src"], [mail("m3", "ann@x.org", [ME], hours=3)])
    assert [p.sender for p in pending(store)] == ["bob@y.org"]


def test_ignoring_a_calendar(store, clock, book):
    run(store, clock, book["src"], [event("e1", "Sync", ["bob@y.org"], calendar="Team Sync")])
    with store.transaction() as session:
        assert len(queue.ignore(session, "calendar", "team sync", clock=clock)) == 1
    run(store, clock, book["src"], [event("e2", "Sync", ["bob@y.org"], calendar="Team Sync")])
    assert pending(store) == []


def test_accept_with_edits_and_many_at_once(store, clock, book):
    items = [event("e1", "Coffee", ["ann@x.org"]), mail("m1", "bob@y.org", [ME], hours=1)]
    run(store, clock, book["src"], items)
    ids = [p.id for p in pending(store)]
    edit = queue.ProposalEdit(channel="in_person", summary="Coffee at Lisa's", duration_minutes=45)
    heard = []
    store.add_change_listener(heard.append)
    with store.transaction() as session:
        touch_ids = queue.accept(session, ids, clock=clock, edits={ids[-1]: edit})
    assert len(heard) == 1 and heard[0].touched(["touch", "capture_proposal"])
    with store.reading() as session:
        coffee = session.get(Touch, touch_ids[-1])
        assert (coffee.channel, coffee.summary, coffee.duration_minutes) == (
            "in_person",
            "Coffee at Lisa's",
            45,
        )


def test_list_groups_by_person_and_day_and_suggests_new_contacts(store, clock, book):
    items = [
        mail("m1", "ann@x.org", [ME], subject="one"),
        mail("m2", "ann@x.org", [ME], hours=1, subject="two"),
        mail("m3", "ann@x.org", [ME], hours=30, subject="three"),
        event("e1", "Planning", ["bob@y.org", "zoe@z.org"], hours=2),
        event("e2", "Review", ["bob@y.org", "zoe@z.org"], hours=26),
    ]
    run(store, clock, book["src"], items)
    with store.reading() as session:
        groups = queue.list_proposals(session, zone=UTC)
        shape = [(g.person, g.day.day, [p.summary for p in g.proposals]) for g in groups]
        assert shape == [
            ("Ann Lee", 2, ["three"]),
            ("Bob Stone", 2, ["Review"]),
            ("Bob Stone", 1, ["Planning"]),
            ("Ann Lee", 1, ["two", "one"]),
        ]
        [zoe] = queue.new_contact_suggestions(session)
        assert (zoe.email, zoe.items) == ("zoe@z.org", 2)


def test_the_queue_is_announced_on_the_change_channel(store, clock, book):
    heard: list[Changes] = []
    store.add_change_listener(heard.append)
    run(store, clock, book["src"], [mail("m1", "ann@x.org", [ME])])
    assert any(c.touched(["capture_proposal"]) for c in heard)


def test_auto_accept_source_logs_touches_at_once(store, clock, book):
    auto = add_source(store, clock, "ics", auto_accept=True)
    report = run(store, clock, auto, [event("e1", "Lunch", ["ann@x.org"])])
    assert (report.proposed, report.accepted) == (1, 1)
    assert touches_count(store) == 1 and pending(store) == []


def test_a_source_error_records_the_message_and_keeps_checkpointed_work(store, clock, book):
    items = [mail(f"m{i}", "ann@x.org", [ME], hours=i) for i in range(7)]
    broken = FakeReader(items, every=3, fail_after=5, error=SourceError("Wrong password for x"))
    with pytest.raises(SourceError):
        run(store, clock, book["src"], broken)
    assert len(pending(store)) == 3  # up to the last checkpoint, nothing beyond
    with store.reading() as session:
        source = session.get(CaptureSource, book["src"])
        assert source.last_error == "Wrong password for x" and source.last_run_at == clock.now()
    report = run(store, clock, book["src"], items)  # resumes from the checkpoint
    assert report.proposed == 4 and len(pending(store)) == 7
    with store.reading() as session:
        assert session.get(CaptureSource, book["src"]).last_error == ""


def test_cancel_stops_and_keeps_what_was_checkpointed(store, clock, book):
    items = [mail(f"m{i}", "ann@x.org", [ME], hours=i) for i in range(7)]
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 5

    report = run(store, clock, book["src"], items, cancelled=cancelled)
    assert report.cancelled and len(pending(store)) == 3
    assert run(store, clock, book["src"], items).proposed == 4


def test_a_proposal_for_a_merged_away_contact_is_logged_to_the_one_kept(store, clock, book):
    from prm.core.duplicates import merge_contacts
    from prm.core.models import TouchParticipant

    [home] = make_people(store, clock, ("Ann Lee", "ann@home.org"))
    run(store, clock, book["src"], [mail("m1", "ann@home.org", [ME])])
    with store.transaction() as session:
        merge_contacts(session, keep_id=book["ann"], other_id=home, clock=clock)
    [proposal] = pending(store)
    with store.transaction() as session:
        [touch_id] = queue.accept(session, [proposal.id], clock=clock)
    with store.reading() as session:
        people = session.exec(
            select(TouchParticipant.contact_id).where(TouchParticipant.touch_id == touch_id)
        ).all()
    assert people == [book["ann"]]


def test_a_strangers_mail_waits_under_new_contacts_until_they_are_added(store, clock, book):
    run(store, clock, book["src"], [mail("m1", "nina@new.example", [ME], subject="Referral")])
    with store.reading() as session:
        assert queue.list_proposals(session, zone=UTC) == []  # nothing to accept yet
        assert queue.pending_count(session) == 0 and queue.pending_ids(session) == []
        [nina] = queue.new_contact_suggestions(session)
        assert nina.email == "nina@new.example"
    # The user adds her (typed in, from "New contacts?", or imported): the mail waits for her.
    [nina_id] = make_people(store, clock, ("Nina Park", "Nina@New.example"))
    [proposal] = pending(store)
    assert proposal.summary == "Referral" and proposal.needs_reply
    with store.transaction() as session:
        queue.accept(session, queue.pending_ids(session), clock=clock)
    with store.reading() as session:
        assert session.get(Contact, nina_id).last_touch_at == proposal.occurred_at
        assert queue.new_contact_suggestions(session) == []
