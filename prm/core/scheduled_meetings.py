"""Meetings planned for a time (chosen from a trip plan): the meeting planner's list,
each with whom and where, and starting one runs the usual timer on that same row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.db_time import parse_db_timestamp
from prm.core.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class ScheduledRow:
    id: int
    title: str
    scheduled_at: datetime  # aware UTC
    planned_minutes: int
    contact_ids: tuple[int, ...]
    attendees: tuple[str, ...]
    trip_id: int | None
    trip_title: str

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "scheduled_at": self.scheduled_at.isoformat(),
            "planned_minutes": self.planned_minutes,
            "contact_ids": list(self.contact_ids),
            "attendees": list(self.attendees),
            "trip_id": self.trip_id,
            "trip": self.trip_title,
        }


def scheduled_meetings(session: Session, *, since: datetime | None = None) -> list[ScheduledRow]:
    """Planned meetings with a time, soonest first (from ``since`` when given)."""
    sql = (
        "SELECT m.id, m.title, m.scheduled_at, m.planned_minutes, m.trip_id, t.title,"
        " (SELECT group_concat(a.contact_id || char(30) || c.display_name, char(31))"
        "   FROM meeting_attendee a JOIN contact c ON c.id = a.contact_id"
        "   WHERE a.meeting_id = m.id ORDER BY a.position)"
        " FROM meeting m LEFT JOIN trip t ON t.id = m.trip_id AND t.deleted_at IS NULL"
        " WHERE m.state = 'planned' AND m.deleted_at IS NULL AND m.scheduled_at IS NOT NULL"
    )
    params: list = []
    if since is not None:
        from prm.core.db_time import db_timestamp

        sql += " AND m.scheduled_at >= ?"
        params.append(db_timestamp(since))
    sql += " ORDER BY m.scheduled_at, m.id"
    out = []
    for mid, title, at, minutes, trip_id, trip, people in session.connection().exec_driver_sql(
        sql, tuple(params)
    ):
        pairs = [p.split("\x1e", 1) for p in people.split("\x1f")] if people else []
        out.append(
            ScheduledRow(
                mid,
                title,
                parse_db_timestamp(at),
                minutes,
                tuple(int(cid) for cid, _ in pairs),
                tuple(name for _, name in pairs),
                trip_id if trip is not None else None,
                trip or "",
            )  # fmt: skip
        )
    return out


def start_scheduled_meeting(session: Session, *, meeting_id: int, clock: Clock):
    """Start the timer of a scheduled meeting (its plan, attendees and trip kept)."""
    from prm.core import orm
    from prm.core.meeting_timer import MINUTE, MeetingTimer
    from prm.core.meetings import _store_timer, live_meeting, now_ms

    meeting = session.get(orm.Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None or meeting.state != "planned":
        raise NotFoundError(f"No scheduled meeting #{meeting_id} waiting to start.")
    if live_meeting(session) is not None:
        raise ValidationError({"meeting": "Another meeting is running; end it first."})
    timer = MeetingTimer(length_ms=meeting.planned_minutes * MINUTE, items=[])
    timer.start(now_ms(clock))
    _store_timer(meeting, timer, clock.now())
    session.flush()
    return meeting
