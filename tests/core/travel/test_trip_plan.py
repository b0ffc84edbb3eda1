"""Planning a trip: the right people in a sensible order with reasons, slots of 45
minutes or less with buffers inside local hours, holds a calendar app reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prm.core import contacts
from prm.core.clock import FakeClock
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.touches import TouchDraft, log_touch
from prm.core.travel.plan import DayWindow, plan_trip, propose_slots
from prm.core.travel.schedule import holds_ics, schedule_meetings, unschedule_meetings
from prm.core.travel.trips import (
    StopDraft,
    TripDraft,
    add_trip,
    delete_trip,
    list_trips,
    restore_trip,
)
from tests.core.travel.travellers import add_person as _person

BERLIN = ZoneInfo("Europe/Berlin")
# Thursday 2026-03-26 to Saturday 2026-03-28: DST starts in Europe on Sunday 29 March.
TRIP = TripDraft(starts_on=date(2026, 3, 26), ends_on=date(2026, 3, 28),
                 stops=[StopDraft("Munich")])  # fmt: skip


@pytest.fixture
def trip(store, clock):
    with store.transaction() as session:
        return add_trip(session, TRIP, clock)


def _plan(store, clock, trip_id, **kw):
    with store.reading() as session:
        return plan_trip(session, trip_id, clock=clock, **kw)


def test_people_in_and_near_the_city_in_a_sensible_order(store, clock, trip):
    late = _person(store, clock, "Late", "Munich", days_ago=90, cadence=30)
    owed = _person(store, clock, "Owed", "München", cadence=30, owed=True)
    fine = _person(store, clock, "Fine", "Munich", days_ago=3, cadence=30)
    dormant = _person(store, clock, "Dormant", "Freising", days_ago=430)
    _person(store, clock, "Far", "Hamburg", days_ago=90, cadence=30)
    plan = _plan(store, clock, trip)
    ids = [p.contact_id for p in plan.people]
    assert ids == [late, owed, dormant, fine]
    by_id = {p.contact_id: p for p in plan.people}
    assert by_id[late].reasons == ["overdue 60 days past their 30-day rhythm"]
    assert by_id[owed].reasons == ["you owe a reply since 12 Mar 2026"]
    assert by_id[dormant].reasons == ["dormant 14 months"]
    assert by_id[fine].reasons == []
    assert by_id[dormant].city == "Freising" and 25 < by_id[dormant].distance_km < 40
    assert by_id[late].local_time_windows == ["Thu 26 Mar 09:00–18:00", "Fri 27 Mar 09:00–18:00"]


def test_radius_is_configurable(store, clock, trip):
    _person(store, clock, "Near", "Munich")
    _person(store, clock, "Out", "Augsburg")  # ~57 km
    assert [p.name for p in _plan(store, clock, trip).people] == ["Near X"]
    wide = _plan(store, clock, trip, radius_km=80)
    assert sorted(p.name for p in wide.people) == ["Near X", "Out X"]
    with pytest.raises(ValidationError, match="radius"):
        _plan(store, clock, trip, radius_km=0)


def test_country_level_people_are_listed_apart_and_only_with_a_reason(store, clock, trip):
    with store.transaction() as session:
        cid = contacts.create_contact(
            session, draft=ContactDraft(given_name="Zone", timezone="Europe/Berlin"), clock=clock
        ).id
        draft = TouchDraft([cid], "email", direction="in", needs_reply=True,
                           occurred_at=clock.now() - timedelta(days=3))  # fmt: skip
        log_touch(session, draft=draft, clock=clock)
        contacts.create_contact(  # overdue, but nothing to see them for across the country
            session, draft=ContactDraft(given_name="Quiet", timezone="Europe/Berlin", cadence_days=10),
            clock=FakeClock(clock.now() - timedelta(days=50)),
        )  # fmt: skip
    plan = _plan(store, clock, trip)
    assert plan.people == []
    assert [p.contact_id for p in plan.country_level] == [cid]
    assert plan.country_level[0].distance_km is None


def test_birthdays_and_events_during_the_trip(store, clock, trip):
    cid = _person(store, clock, "Bday", "Munich", birthday="--03-27")
    (person,) = _plan(store, clock, trip).people
    assert person.contact_id == cid
    assert person.events_during_trip == ["birthday on Fri 27 Mar"]
    assert "their event during the trip" in person.reasons


def test_slots_fit_local_hours_with_buffers(store, clock, trip):
    for i in range(12):
        _person(store, clock, f"P{i:02}", "Munich", days_ago=40 + i, cadence=30)
    plan = _plan(store, clock, trip)
    assert len(plan.slots) == 12
    assigned = [s for s in plan.slots if s.contact_id is not None]
    assert len(assigned) == 12
    for slot in plan.slots:
        assert slot.minutes <= 45
        assert slot.starts_at.tzinfo is not None
        local = slot.starts_at.astimezone(BERLIN)
        assert local.weekday() < 5  # Thursday and Friday, not the Saturday
        assert local.hour >= 9 and (local + timedelta(minutes=slot.minutes)).hour <= 18
    ordered = sorted(plan.slots, key=lambda s: s.starts_at)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.starts_at.date() == b.starts_at.date():
            assert b.starts_at - (a.starts_at + timedelta(minutes=a.minutes)) >= timedelta(
                minutes=15
            )


def test_someone_with_afternoon_hours_gets_an_afternoon_slot(store, clock, trip):
    cid = _person(
        store, clock, "Late", "Munich", days_ago=90, cadence=30, reach_hours="14:00-17:00"
    )
    (slot,) = [s for s in _plan(store, clock, trip).slots if s.contact_id == cid]
    local = slot.starts_at.astimezone(BERLIN)
    assert local.hour >= 14 and local + timedelta(minutes=slot.minutes) <= local.replace(
        hour=17, minute=0
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(6, 12), st.integers(1, 10)), min_size=1, max_size=4),
    st.integers(1, 40), st.integers(5, 120), st.integers(0, 30),
)  # fmt: skip
def test_proposed_slots_never_exceed_45_minutes_or_leave_their_window(days, count, minutes, buffer):
    windows = []
    for offset, start_hour, length in days:
        day = date(2026, 10, 23) + timedelta(days=offset)  # across the end of European DST
        start = datetime(day.year, day.month, day.day, start_hour, tzinfo=BERLIN)
        windows.append(DayWindow(day, start, start + timedelta(hours=length)))
    slots = propose_slots(windows, count, minutes=minutes, buffer_minutes=buffer)
    assert len(slots) <= count
    for slot in slots:
        assert 1 <= slot.minutes <= 45
        assert any(w.start <= slot.starts_at and slot.ends_at <= w.end for w in windows)


def test_schedule_meetings_then_undo(store, clock, trip):
    a = _person(store, clock, "Anna", "Munich")
    b = _person(store, clock, "Ben", "Munich")
    at = datetime(2026, 3, 26, 10, tzinfo=BERLIN)
    with store.transaction() as session:
        ids = schedule_meetings(
            session, trip, [(a, at, 45), (b, at + timedelta(hours=1), 30)], clock
        )
    with store.reading() as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                "SELECT title, planned_minutes, state, scheduled_at, trip_id FROM meeting ORDER BY id"
            )
            .fetchall()
        )
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        ("Meet Anna X", 45, "planned", trip), ("Meet Ben X", 30, "planned", trip)
    ]  # fmt: skip
    assert rows[0][3].startswith("2026-03-26 09:00:00")  # stored in UTC
    with store.reading() as session:
        assert [t.meetings for t in list_trips(session)] == [2]
    with store.transaction() as session:
        unschedule_meetings(session, ids, clock)
    with store.reading() as session:
        assert [t.meetings for t in list_trips(session)] == [0]
    with store.transaction() as session, pytest.raises(ValidationError, match="45 minutes"):
        schedule_meetings(session, trip, [(a, at, 60)], clock)


def test_holds_import_with_their_zone_across_dst(store, clock):
    from icalendar import Calendar

    with store.transaction() as session:
        trip = add_trip(session, TripDraft(starts_on=date(2026, 3, 27), ends_on=date(2026, 3, 30),
                                           stops=[StopDraft("Munich")]), clock)  # fmt: skip
    a = _person(store, clock, "Anna", "Munich")
    b = _person(store, clock, "Ben", "Munich")
    before = datetime(2026, 3, 27, 10, tzinfo=BERLIN)  # CET, UTC+1
    after = datetime(2026, 3, 30, 10, tzinfo=BERLIN)  # CEST, UTC+2
    with store.transaction() as session:
        ids = schedule_meetings(session, trip, [(a, before, 45), (b, after, 30)], clock)
    with store.reading() as session:
        data = holds_ics(session, trip, ids)
    cal = Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Meet Anna X", "Meet Ben X"]
    for event, moment, minutes in zip(events, (before, after), (45, 30), strict=True):
        start = event.decoded("DTSTART")
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert start == moment and start.utcoffset() == moment.utcoffset()
        assert event.decoded("DURATION") == timedelta(minutes=minutes)
        assert str(event["LOCATION"]) == "Munich, Germany"
        assert str(event["UID"]).endswith("@prm.local")
    assert [t["TZID"] for t in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert before.astimezone(UTC).hour == 9 and after.astimezone(UTC).hour == 8
    # And as a calendar app reads them: ical.js, Thunderbird's and Nextcloud's parser.
    from tests.vcard_readers import icaljs_events

    read = icaljs_events(data)
    assert [(e["summary"], e["location"], e["minutes"], e["tzid"]) for e in read] == [
        ("Meet Anna X", "Munich, Germany", 45, "Europe/Berlin"),
        ("Meet Ben X", "Munich, Germany", 30, "Europe/Berlin"),
    ]
    assert [e["start_utc"] for e in read] == [
        "2026-03-27T09:00:00.000Z",  # 10:00 CET
        "2026-03-30T08:00:00.000Z",  # 10:00 CEST, after the change
    ]


def test_trip_validation_names_the_value(store, clock):
    with store.transaction() as session:
        with pytest.raises(ValidationError, match="Atlantisburg"):
            add_trip(session, TripDraft(starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 2),
                                        stops=[StopDraft("Atlantisburg")]), clock)  # fmt: skip
        with pytest.raises(ValidationError, match="before it starts"):
            add_trip(session, TripDraft(starts_on=date(2026, 1, 3), ends_on=date(2026, 1, 2),
                                        stops=[StopDraft("Paris")]), clock)  # fmt: skip


def test_delete_and_restore_a_trip(store, clock, trip):
    with store.transaction() as session:
        delete_trip(session, trip, clock)
    with store.reading() as session:
        assert list_trips(session) == []
    with store.transaction() as session:
        restore_trip(session, trip)
    with store.reading() as session:
        (row,) = list_trips(session)
    assert (row.title, row.cities) == ("Trip to Munich", "Munich")


def test_scheduled_meetings_are_listed_with_the_planner_and_start_there(store, clock, trip):
    from prm.core.meeting_history import meetings_screen
    from prm.core.scheduled_meetings import scheduled_meetings, start_scheduled_meeting

    a = _person(store, clock, "Anna", "Munich")
    b = _person(store, clock, "Ben", "Munich")
    at = datetime(2026, 3, 26, 10, tzinfo=BERLIN)
    with store.transaction() as session:
        later, first = schedule_meetings(
            session, trip, [(a, at + timedelta(hours=2), 30), (b, at, 45)], clock
        )
    with store.reading() as session:
        rows = scheduled_meetings(session)
        screen = meetings_screen(session, contact_id=a)
    assert [(r.id, r.attendees, r.trip_title) for r in rows] == [
        (first, ("Ben X",), "Trip to Munich"), (later, ("Anna X",), "Trip to Munich")
    ]  # fmt: skip
    assert rows[0].scheduled_at == at
    assert [m.id for m in screen.scheduled] == [later]
    with store.transaction() as session:
        meeting = start_scheduled_meeting(session, meeting_id=first, clock=clock)
        assert (meeting.state, meeting.planned_minutes, meeting.trip_id) == ("running", 45, trip)
    with store.reading() as session:
        assert [r.id for r in scheduled_meetings(session)] == [later]


def test_update_a_trip_to_two_cities(store, clock, trip):
    from prm.core.travel.trips import get_trip, update_trip

    draft = TripDraft(title="Bavaria and Austria", starts_on=date(2026, 3, 26),
                      ends_on=date(2026, 3, 29), notes="  trains  ",
                      stops=[StopDraft("Munich", ends_on=date(2026, 3, 27)),
                             StopDraft("Wien", starts_on=date(2026, 3, 28))])  # fmt: skip
    with store.transaction() as session:
        update_trip(session, trip, draft, clock)
    with store.reading() as session:
        view = get_trip(session, trip)
        (row,) = list_trips(session)
    assert (view.title, view.notes, view.cities) == (
        "Bavaria and Austria",
        "trains",
        "Munich, Vienna",
    )
    assert [(s.starts_on, s.ends_on, s.timezone) for s in view.stops] == [
        (date(2026, 3, 26), date(2026, 3, 27), "Europe/Berlin"),
        (date(2026, 3, 28), date(2026, 3, 29), "Europe/Vienna"),
    ]
    assert row.cities == "Munich, Vienna"
