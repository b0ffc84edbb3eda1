"""Events per contact: checking what was typed, Upcoming, and the attended touch."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from prm.core import contacts, events, touches
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.models import Contact, Touch
from prm.core.timeline import contact_timeline


@pytest.fixture
def person(store, clock):
    def add(given: str, **fields) -> int:
        with store.transaction() as session:
            draft = ContactDraft(given_name=given, **fields)
            return contacts.create_contact(session, draft=draft, clock=clock).id

    return add


def add_event(store, clock, contact_id, **fields) -> int:
    draft = events.EventDraft(
        contact_id=contact_id, **{"kind": "conference", "title": "Expo", **fields}
    )
    with store.transaction() as session:
        return events.add_event(session, draft=draft, clock=clock, default_zone="Europe/Paris").id


def upcoming(store, today: date, days: int = 30):
    with store.reading() as session:
        return events.upcoming(session, today=today, days=days)


# --- validation -----------------------------------------------------------------


def test_every_problem_is_reported_at_once_under_its_field():
    draft = events.EventDraft(
        contact_id=1,
        kind="gala",
        my_status="maybe",
        start_date="2026-02-31",
        url="not a url",
    )
    with pytest.raises(ValidationError) as caught:
        draft.cleaned()
    errors = caught.value.errors
    assert set(errors) == {"kind", "my_status", "start_date", "url"}
    assert "not a real date" in errors["start_date"]
    assert "not a web address" in errors["url"]


def test_an_end_before_the_start_is_reported_on_the_end():
    all_day = events.EventDraft(
        contact_id=1, title="Expo", start_date="2026-05-04", end_date="2026-05-02"
    )
    with pytest.raises(ValidationError) as caught:
        all_day.cleaned()
    assert caught.value.errors == {"end": "The end is before the start."}
    timed = events.EventDraft(
        contact_id=1,
        title="Talk",
        all_day=False,
        start_date="2026-05-04",
        start_time="10:00",
        end_time="09:30",
        timezone="Asia/Tokyo",
    )
    with pytest.raises(ValidationError) as caught:
        timed.cleaned()
    assert list(caught.value.errors) == ["end"]


def test_a_timed_event_keeps_its_zone_and_defaults_to_the_users():
    draft = events.EventDraft(
        contact_id=1,
        title="Talk",
        all_day=False,
        start_date="2026-05-04",
        start_time="09:00",
        end_time="10:30",
    )
    clean = draft.cleaned("America/New_York")
    assert clean.timezone == "America/New_York"
    assert clean.start_at == datetime(2026, 5, 4, 13, 0, tzinfo=UTC)
    assert clean.end_at == datetime(2026, 5, 4, 14, 30, tzinfo=UTC)
    bad = events.EventDraft(
        contact_id=1,
        title="Talk",
        all_day=False,
        start_date="2026-05-04",
        start_time="25:00",
        timezone="Mars/Olympus",
    )
    with pytest.raises(ValidationError) as caught:
        bad.cleaned()
    assert set(caught.value.errors) == {"timezone", "start_time"}


def test_an_event_for_a_trashed_contact_is_refused(store, clock, person):
    ann = person("Ann")
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[ann], clock=clock)
    with pytest.raises(ValidationError) as caught:
        add_event(store, clock, ann, start_date="2026-04-01")
    assert "contact_id" in caught.value.errors


# --- upcoming -------------------------------------------------------------------


def test_upcoming_crosses_the_year_boundary_in_date_order(store, clock, person):
    ann = person("Ann", birthday="--01-03")
    bob = person("Bob", anniversary="2016-12-30")
    add_event(store, clock, bob, start_date="2026-12-29", title="Year-end party", kind="party")
    found = upcoming(store, date(2026, 12, 28), days=10)
    assert [(o.on, o.contact_id, o.source) for o in found] == [
        (date(2026, 12, 29), bob, "event"),
        (date(2026, 12, 30), bob, "anniversary"),
        (date(2027, 1, 3), ann, "birthday"),
    ]
    assert found[1].years == 10 and found[1].years_text == "10 years"
    assert found[2].years is None  # a year-less birthday: no age to show


def test_a_29_february_birthday_falls_on_28_february_in_other_years(store, person):
    leap = person("Leap", birthday="2000-02-29")
    found = upcoming(store, date(2027, 2, 20), days=10)
    assert [(o.contact_id, o.on, o.years) for o in found] == [(leap, date(2027, 2, 28), 27)]
    assert [o.on for o in upcoming(store, date(2028, 2, 20), days=10)] == [date(2028, 2, 29)]
    assert upcoming(store, date(2027, 3, 1), days=30) == []


def test_yearly_events_repeat_and_one_offs_do_not(store, clock, person):
    ann = person("Ann")
    add_event(
        store, clock, ann, kind="work_anniversary", title="", start_date="2020-06-10", yearly=True
    )
    add_event(store, clock, ann, kind="launch", title="Beta launch", start_date="2025-06-12")
    found = upcoming(store, date(2026, 6, 1), days=30)
    assert [(o.on, o.what, o.years_text) for o in found] == [
        (date(2026, 6, 10), "Work anniversary", "6 years"),
    ]


def test_a_timed_yearly_event_keeps_its_local_time(store, clock, person):
    ann = person("Ann")
    add_event(
        store,
        clock,
        ann,
        all_day=False,
        start_date="2025-01-15",
        start_time="19:00",
        timezone="Asia/Tokyo",
        yearly=True,
        kind="party",
        title="New year party",
    )
    [o] = upcoming(store, date(2026, 1, 10), days=7)
    assert o.on == date(2026, 1, 15) and f"{o.start_at:%H:%M %Z}" == "19:00 JST"


def test_trashed_contacts_and_trashed_events_are_left_out(store, clock, person):
    ann = person("Ann", birthday="1990-04-02")
    bob = person("Bob")
    event_id = add_event(store, clock, bob, start_date="2026-04-03")
    assert len(upcoming(store, date(2026, 4, 1), days=7)) == 2
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[ann], clock=clock)
        events.trash_events(session, ids=[event_id], clock=clock)
    assert upcoming(store, date(2026, 4, 1), days=7) == []
    with store.reading() as session:
        assert events.week_count(session, today=date(2026, 4, 1)) == 0


def test_a_stored_birthday_event_replaces_the_one_from_the_contact(store, clock, person):
    ann = person("Ann", birthday="1990-04-02")
    add_event(
        store,
        clock,
        ann,
        kind="birthday",
        title="Ann's 36th",
        start_date="1990-04-02",
        yearly=True,
        my_status="attending",
    )
    [o] = upcoming(store, date(2026, 4, 1), days=7)
    assert (o.source, o.what, o.years_text, o.my_status) == (
        "event",
        "Ann's 36th",
        "turns 36",
        "attending",
    )


def test_the_week_badge_counts_the_seven_day_view(store, clock, person):
    person("Ann", birthday="--04-07")  # today + 6: in
    person("Bob", birthday="--04-08")  # today + 7: out
    with store.reading() as session:
        assert events.week_count(session, today=date(2026, 4, 1)) == 1


# --- attending ------------------------------------------------------------------


def live_event_touches(store, contact_id):
    with store.reading() as session:
        return [e for e in contact_timeline(session, contact_id=contact_id) if e.kind == "touch"]


def test_marking_attended_logs_one_touch_and_undoing_removes_it(store, clock, person):
    ann = person("Ann")
    event_id = add_event(store, clock, ann, start_date="2026-03-10")

    def set_status(status):
        with store.transaction() as session:
            return events.set_status(
                session, event_id=event_id, status=status, clock=clock
            ).touch_id

    touch_id = set_status("attended")
    with store.reading() as session:
        touch = session.get(Touch, touch_id)
        assert (touch.channel, touch.deleted_at, touch.summary) == ("event", None, "Attended Expo")
        assert session.get(Contact, ann).last_touch_at == touch.occurred_at
        [entry] = contact_timeline(session, contact_id=ann)  # the event, not the touch too
        assert (entry.kind, entry.channel, entry.touch_id) == ("event", "attended", touch_id)
    assert set_status("attended") == touch_id  # again: still one touch
    set_status("considering")
    with store.reading() as session:
        assert session.get(Touch, touch_id).deleted_at is not None
        assert session.get(Contact, ann).last_touch_at is None
    assert set_status("attended") == touch_id  # redo brings the same touch back
    with store.reading() as session:
        assert len(session.exec(select(Touch)).all()) == 1


def test_a_future_event_marked_attended_is_logged_now_not_ahead(store, clock, person):
    ann = person("Ann")
    event_id = add_event(store, clock, ann, start_date="2026-09-01")
    with store.transaction() as session:
        touch_id = events.set_status(
            session, event_id=event_id, status="attended", clock=clock
        ).touch_id
        assert touches.get_touch(session, touch_id=touch_id).occurred_at == clock.now()


def test_trashing_an_attended_event_trashes_its_touch(store, clock, person):
    ann = person("Ann")
    event_id = add_event(store, clock, ann, start_date="2026-03-10", my_status="attended")
    assert live_event_touches(store, ann) == []  # shown once, as the event
    with store.transaction() as session:
        events.trash_events(session, ids=[event_id], clock=clock)
        assert session.get(Contact, ann).last_touch_at is None
    with store.transaction() as session:
        events.restore_events(session, ids=[event_id], clock=clock)
        assert session.get(Contact, ann).last_touch_at is not None


def test_timeline_merges_events_with_touches_newest_first(store, clock, person):
    ann = person("Ann")
    add_event(store, clock, ann, start_date="2026-03-01", title="Old expo")
    with store.transaction() as session:
        touches.log_touch(session, draft=touches.TouchDraft([ann], "call"), clock=clock)
    add_event(store, clock, ann, start_date="2026-05-01", title="Next expo")
    with store.reading() as session:
        entries = contact_timeline(session, contact_id=ann)
    assert [(e.kind, e.summary) for e in entries] == [
        ("event", "Next expo"),
        ("touch", ""),
        ("event", "Old expo"),
    ]


def test_draft_round_trips_through_the_store(store, clock, person):
    ann = person("Ann")
    fields = {
        "all_day": False,
        "start_date": "2026-05-04",
        "start_time": "09:00",
        "end_time": "17:30",
        "timezone": "Asia/Tokyo",
        "location": "Big Sight",
        "url": "https://expo.example",
        "notes": "Booth 12",
    }
    event_id = add_event(store, clock, ann, **fields)
    with store.reading() as session:
        draft = events.draft_from_event(events.get_event(session, event_id=event_id))
    assert draft == events.EventDraft(contact_id=ann, kind="conference", title="Expo", **fields)
