"""Meetings chosen from a trip plan: into the meeting planner, out as calendar holds.

A scheduled meeting is a planned ``meeting`` row with ``scheduled_at`` (and the
trip): the meeting planner lists it with the attendee's brief, and starting it
runs the usual timer on that same row.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.errors import NotFoundError, ValidationError

MAX_MINUTES = 45
_UID_NAMESPACE = uuid.UUID("0c3f6f1e-3f2e-4a8e-9a57-6d1b0e9f2a41")  # PRM's holds, fixed forever


def schedule_meetings(
    session: Session,
    trip_id: int,
    choices: list[tuple[int, datetime, int]],
    clock: Clock,
) -> list[int]:
    """Planned meetings (contact_id, starts_at, minutes) in the meeting planner; their ids.
    One transaction: ``unschedule_meetings`` with the ids is its undo."""
    from prm.core import orm
    from prm.core.travel.trips import get_trip

    trip = get_trip(session, trip_id)
    errors: dict[str, str] = {}
    for i, (cid, starts_at, minutes) in enumerate(choices):
        contact = session.get(orm.Contact, cid)
        if contact is None or contact.deleted_at is not None:
            errors[f"choices[{i}]"] = f"No contact #{cid}."
        elif starts_at.tzinfo is None:
            errors[f"choices[{i}]"] = f"{starts_at} has no time zone."
        elif not 1 <= minutes <= MAX_MINUTES:
            errors[f"choices[{i}]"] = (
                f"A meeting on a trip lasts 1 to {MAX_MINUTES} minutes, not {minutes}."
            )
    if not choices:
        errors["choices"] = "Choose at least one person and time."
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    ids = []
    for cid, starts_at, minutes in choices:
        name = session.get(orm.Contact, cid).display_name
        meeting = orm.Meeting(
            title=f"Meet {name}", planned_minutes=minutes, state="planned",
            scheduled_at=starts_at.astimezone(UTC), trip_id=trip.id,
            created_at=now, updated_at=now,
        )  # fmt: skip
        meeting.attendees = [orm.MeetingAttendee(contact_id=cid, position=0)]
        session.add(meeting)
        session.flush()
        ids.append(meeting.id)
    return ids


def unschedule_meetings(session: Session, meeting_ids: list[int], clock: Clock) -> None:
    """Undo of ``schedule_meetings`` (or the user removing them): to the trash."""
    from prm.core import orm

    now = clock.now()
    for mid in meeting_ids:
        meeting = session.get(orm.Meeting, mid)
        if meeting is not None and meeting.state == "planned":
            meeting.deleted_at = now
    session.flush()


def reschedule_meetings(session: Session, meeting_ids: list[int]) -> None:
    """Redo: the unscheduled meetings are back."""
    from prm.core import orm

    for mid in meeting_ids:
        meeting = session.get(orm.Meeting, mid)
        if meeting is not None:
            meeting.deleted_at = None
    session.flush()


def holds_ics(session: Session, trip_id: int, meeting_ids: list[int]) -> bytes:
    """An .ics with one VEVENT per meeting: stable UID, DTSTART with the city's TZID,
    DURATION, "Meet NAME", the city as LOCATION, and the VTIMEZONEs it needs."""
    from icalendar import Calendar, Event

    from prm import APP_NAME, __version__
    from prm.core.travel.trips import get_trip

    trip = get_trip(session, trip_id)
    zone = ZoneInfo(trip.stops[0].timezone) if trip.stops and trip.stops[0].timezone else UTC
    rows = _meetings(session, trip_id, meeting_ids)
    cal = Calendar()
    cal.add("prodid", f"-//{APP_NAME}//{APP_NAME} {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", trip.title)
    earliest = None
    for _mid, uid, title, minutes, at, name in rows:
        stop = _stop_on(trip, at)
        local = at.astimezone(ZoneInfo(stop.timezone) if stop and stop.timezone else zone)
        event = Event()
        event.add("uid", f"{uuid.uuid5(_UID_NAMESPACE, uid)}@prm.local")
        event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
        event.add("dtstart", local)
        event.add("duration", timedelta(minutes=minutes))
        event.add("summary", f"Meet {name}" if name else title)
        if stop is not None:
            event.add("location", f"{stop.city}, {stop.country_name}")
        event.add("description", f"{trip.title} — planned in {APP_NAME}")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
        earliest = min(earliest or local, local)
    if earliest is not None:
        # From a year before: ical.js (Thunderbird, Nextcloud) misreads a VTIMEZONE that
        # starts just before the event and put a hold after a DST change an hour late.
        cal.add_missing_timezones(first_date=earliest.date() - timedelta(days=366))
    return cal.to_ical()


def _meetings(session: Session, trip_id: int, meeting_ids: list[int]) -> list[tuple]:
    from prm.core.db_time import parse_db_timestamp

    if not meeting_ids:
        raise ValidationError({"meeting_ids": "Choose the meetings to hold in the calendar."})
    marks = ",".join("?" * len(meeting_ids))
    rows = (
        session.connection()
        .exec_driver_sql(
            "SELECT m.id, m.uid, m.title, m.planned_minutes, m.scheduled_at,"
            " (SELECT group_concat(c.display_name, ', ') FROM meeting_attendee a"
            "   JOIN contact c ON c.id = a.contact_id WHERE a.meeting_id = m.id)"
            f" FROM meeting m WHERE m.id IN ({marks}) AND m.deleted_at IS NULL"
            " AND m.scheduled_at IS NOT NULL ORDER BY m.scheduled_at, m.id",
            tuple(meeting_ids),
        )
        .fetchall()
    )
    found = {r[0] for r in rows}
    missing = [m for m in meeting_ids if m not in found]
    if missing:
        raise NotFoundError(f"No scheduled meeting #{', #'.join(map(str, missing))}.")
    return [(m, u, t, n, parse_db_timestamp(at), names or "") for m, u, t, n, at, names in rows]


def _stop_on(trip, at: datetime):
    for stop in trip.stops:
        local = at.astimezone(ZoneInfo(stop.timezone)) if stop.timezone else at
        if stop.starts_on <= local.date() <= stop.ends_on:
            return stop
    return trip.stops[0] if trip.stops else None


def trip_meeting_ids(session: Session, trip_id: int) -> list[int]:
    """The live meetings scheduled for a trip, earliest first."""
    rows = session.connection().exec_driver_sql(
        "SELECT id FROM meeting WHERE trip_id = ? AND deleted_at IS NULL"
        " AND scheduled_at IS NOT NULL ORDER BY scheduled_at, id",
        (trip_id,),
    )
    return [r[0] for r in rows]
