"""Touches and the last-touch time that everything else is computed from."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from prm.core import contacts, touches
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.models import Contact, Touch
from prm.core.timeline import contact_timeline
from prm.core.touches import FutureTouchError, TouchDraft


@pytest.fixture
def people(store, clock):
    with store.transaction() as session:
        return [
            contacts.create_contact(session, draft=ContactDraft(given_name=name), clock=clock).id
            for name in ("Ann", "Bob", "Cy")
        ]


def log(store, clock, contact_ids, *, days_ago=0, **fields):
    draft = TouchDraft(
        contact_ids=contact_ids,
        channel=fields.pop("channel", "call"),
        occurred_at=clock.now() - timedelta(days=days_ago),
        **fields,
    )
    with store.transaction() as session:
        return touches.log_touch(session, draft=draft, clock=clock).id


def last_touch(store, contact_id):
    with store.reading() as session:
        return session.get(Contact, contact_id).last_touch_at


def test_logging_sets_last_touch_for_every_participant(store, clock, people):
    ann, bob, cy = people
    log(store, clock, [ann, bob], days_ago=3, channel="in_person", summary="Lunch")
    assert last_touch(store, ann) == clock.now() - timedelta(days=3)
    assert last_touch(store, bob) == clock.now() - timedelta(days=3)
    assert last_touch(store, cy) is None


def test_an_older_touch_does_not_move_last_touch_back(store, clock, people):
    ann = people[0]
    log(store, clock, [ann], days_ago=1)
    log(store, clock, [ann], days_ago=30)
    assert last_touch(store, ann) == clock.now() - timedelta(days=1)


def test_editing_the_date_moves_last_touch(store, clock, people):
    ann = people[0]
    log(store, clock, [ann], days_ago=20)
    newest = log(store, clock, [ann], days_ago=2)
    with store.transaction() as session:
        draft = touches.draft_from_touch(touches.get_touch(session, touch_id=newest))
        draft.occurred_at = clock.now() - timedelta(days=40)
        touches.update_touch(session, touch_id=newest, draft=draft, clock=clock)
    assert last_touch(store, ann) == clock.now() - timedelta(days=20)


def test_moving_a_touch_to_another_contact_updates_both(store, clock, people):
    ann, bob, _ = people
    moved = log(store, clock, [ann], days_ago=1)
    with store.transaction() as session:
        draft = touches.draft_from_touch(touches.get_touch(session, touch_id=moved))
        draft.contact_ids = [bob]
        touches.update_touch(session, touch_id=moved, draft=draft, clock=clock)
    assert last_touch(store, ann) is None
    assert last_touch(store, bob) == clock.now() - timedelta(days=1)


def test_trashing_and_restoring_a_touch(store, clock, people):
    ann = people[0]
    log(store, clock, [ann], days_ago=10)
    recent = log(store, clock, [ann], days_ago=1)
    with store.transaction() as session:
        touches.trash_touches(session, ids=[recent], clock=clock)
    assert last_touch(store, ann) == clock.now() - timedelta(days=10)
    with store.reading() as session:
        assert [e.id for e in contact_timeline(session, contact_id=ann)] != [recent]
    with store.transaction() as session:
        touches.restore_touches(session, ids=[recent])
    assert last_touch(store, ann) == clock.now() - timedelta(days=1)


def test_trashing_a_contact_takes_its_own_touches_and_undo_brings_them_back(store, clock, people):
    ann, bob, _ = people
    alone = log(store, clock, [ann], days_ago=2)
    shared = log(store, clock, [ann, bob], days_ago=1)
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[ann], clock=clock)
    with store.reading() as session:
        assert session.get(Touch, alone).deleted_at is not None
        assert session.get(Touch, shared).deleted_at is None  # Bob still has it
    with store.transaction() as session:
        contacts.restore_contacts(session, ids=[ann], clock=clock)
    with store.reading() as session:
        assert [e.id for e in contact_timeline(session, contact_id=ann)] == [shared, alone]
    assert last_touch(store, ann) == clock.now() - timedelta(days=1)


def test_purging_a_contact_removes_touches_nobody_else_shares(store, clock, people):
    ann, bob, _ = people
    alone = log(store, clock, [ann])
    shared = log(store, clock, [ann, bob])
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[ann], clock=clock)
        contacts.purge_contacts(session, ids=[ann])
    with store.reading() as session:
        assert session.get(Touch, alone) is None
        assert [e.id for e in contact_timeline(session, contact_id=bob)] == [shared]


def test_future_touches_need_confirmation(store, clock, people):
    ann = people[0]
    tomorrow_evening = TouchDraft([ann], "call", occurred_at=clock.now() + timedelta(hours=20))
    next_week = TouchDraft([ann], "call", occurred_at=clock.now() + timedelta(days=7))
    with store.transaction() as session:
        touches.log_touch(session, draft=tomorrow_evening, clock=clock)
        with pytest.raises(FutureTouchError):
            touches.log_touch(session, draft=next_week, clock=clock)
        touches.log_touch(session, draft=next_week, clock=clock, allow_future=True)


def test_invalid_touches_name_each_problem(store, clock, people):
    bad = TouchDraft([], "pigeon", direction="sideways", needs_reply=True, duration_minutes=-5)
    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        touches.log_touch(session, draft=bad, clock=clock)
    assert set(caught.value.errors) == {
        "channel",
        "direction",
        "needs_reply",
        "duration_minutes",
        "contact_ids",
    }


def test_timeline_is_newest_first_with_the_other_participants(store, clock, people):
    ann, bob, _ = people
    old = log(store, clock, [ann], days_ago=5, summary="Call")
    lunch = log(store, clock, [ann, bob], days_ago=1, channel="in_person", summary="Lunch")
    with store.reading() as session:
        entries = contact_timeline(session, contact_id=ann)
    assert [e.id for e in entries] == [lunch, old]
    assert entries[0].with_names == ("Bob",)
    assert entries[0].at.tzinfo is not None


def test_replying_clears_what_was_owed(store, clock, people):
    from prm.core.review import awaiting_reply

    ann, bob, _ = people
    log(
        store,
        clock,
        [ann],
        days_ago=4,
        channel="email",
        direction="in",
        needs_reply=True,
        summary="Q?",
    )
    log(store, clock, [bob], days_ago=2, channel="text", direction="in", needs_reply=True)
    with store.reading() as session:
        owed = awaiting_reply(session, now=clock.now(), zone=UTC)
    assert [(o.name, o.waiting_days) for o in owed] == [("Ann", 4), ("Bob", 2)]
    log(store, clock, [ann], channel="email", summary="Answered")
    with store.reading() as session:
        assert [o.name for o in awaiting_reply(session, now=clock.now(), zone=UTC)] == ["Bob"]


def test_a_reply_logged_before_the_message_does_not_clear_it(store, clock, people):
    from prm.core.review import awaiting_reply

    ann = people[0]
    log(store, clock, [ann], days_ago=1, channel="email", direction="in", needs_reply=True)
    log(store, clock, [ann], days_ago=3, channel="email")  # logged late, but sent earlier
    with store.reading() as session:
        assert len(awaiting_reply(session, now=clock.now(), zone=UTC)) == 1


def test_undoing_or_redating_a_reply_reopens_the_message(store, clock, people):
    from prm.core.review import awaiting_reply

    ann = people[0]
    log(store, clock, [ann], days_ago=3, channel="email", direction="in", needs_reply=True)
    reply = log(store, clock, [ann], days_ago=1, channel="email")

    def owed():
        with store.reading() as session:
            return [o.name for o in awaiting_reply(session, now=clock.now(), zone=UTC)]

    assert owed() == []
    with store.transaction() as session:
        touches.trash_touches(session, ids=[reply], clock=clock)
    assert owed() == ["Ann"]
    with store.transaction() as session:
        touches.restore_touches(session, ids=[reply])
    assert owed() == []
    with store.transaction() as session:
        draft = touches.draft_from_touch(touches.get_touch(session, touch_id=reply))
        draft.occurred_at = clock.now() - timedelta(days=5)  # it was sent before the question
        touches.update_touch(session, touch_id=reply, draft=draft, clock=clock)
    assert owed() == ["Ann"]
