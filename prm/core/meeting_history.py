"""Meetings that happened: the list, the numbers that show whether they stay
short, the last meeting with someone, and their place on the contact timeline."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from prm.core import orm
from prm.core.db_time import parse_db_timestamp
from prm.core.meeting_timer import RULE_MINUTES, State, minutes_of, over_by_minutes
from prm.core.meetings import get_meeting
from prm.core.timeline_entry import KIND_MEETING, TimelineEntry

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import Meeting


@dataclass(frozen=True)
class MeetingRow:
    id: int
    title: str
    started_at: datetime
    planned_minutes: int
    actual_minutes: float
    over_rule: bool
    attendees: tuple[str, ...]

    @property
    def overran(self) -> bool:
        return self.actual_minutes > self.planned_minutes

    @property
    def under_rule(self) -> bool:
        return self.actual_minutes <= RULE_MINUTES

    @property
    def actual_seconds(self) -> int:
        return round(self.actual_minutes * 60)

    @property
    def actual_whole_minutes(self) -> int:
        """The Actual shown everywhere (``minutes_of``: half a minute rounds up)."""
        return minutes_of(self.actual_seconds)

    @property
    def over_plan_minutes(self) -> int:
        """Whole minutes past the plan (at least 1 when it overran at all)."""
        return over_by_minutes(self.actual_seconds, self.planned_minutes)

    @property
    def over_rule_minutes(self) -> int:
        """Whole minutes past the 45-minute rule (0 when within it)."""
        return over_by_minutes(self.actual_seconds, RULE_MINUTES)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "started_at": self.started_at.isoformat(),
            "planned_minutes": self.planned_minutes,
            "actual_minutes": round(self.actual_minutes, 1),
            "over_rule": self.over_rule,
            "overran": self.overran,
            "attendees": list(self.attendees),
        }


def list_meetings(
    session: Session, *, contact_id: int | None = None, limit: int | None = None
) -> list[MeetingRow]:
    """Ended meetings, newest first."""
    sql = (
        "SELECT m.id, m.title, m.started_at, m.planned_minutes, m.actual_seconds, m.over_rule,"
        " (SELECT group_concat(c.display_name, char(31)) FROM meeting_attendee a"
        "   JOIN contact c ON c.id = a.contact_id WHERE a.meeting_id = m.id)"
        " FROM meeting m WHERE m.state = 'ended' AND m.deleted_at IS NULL"
    )
    params: list = []
    if contact_id is not None:
        sql += " AND m.id IN (SELECT meeting_id FROM meeting_attendee WHERE contact_id = ?)"
        params.append(contact_id)
    sql += " ORDER BY m.started_at DESC, m.id DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        MeetingRow(
            mid,
            title,
            parse_db_timestamp(started),
            planned,
            (secs or 0) / 60,
            bool(over),
            tuple(names.split("\x1f")) if names else (),
        )
        for mid, title, started, planned, secs, over, names in session.connection().exec_driver_sql(
            sql, tuple(params)
        )
    ]


@dataclass(frozen=True)
class ContactOverruns:
    contact_id: int
    name: str
    meetings: int
    overruns: int


@dataclass
class MeetingStats:
    count: int
    median_minutes: float | None
    share_under_rule: float | None  # 0..1 of meetings that stayed within 45 minutes
    overruns: int  # meetings that ran past their own planned length
    lengths: list[tuple[datetime, float, int]]  # (started, actual, planned), oldest first
    overruns_by_contact: list[ContactOverruns]

    def to_dict(self) -> dict:
        return {
            "count": self.count,
            "median_minutes": None
            if self.median_minutes is None
            else round(self.median_minutes, 1),
            "share_under_45": None
            if self.share_under_rule is None
            else round(self.share_under_rule, 3),
            "overruns": self.overruns,
            "overruns_by_contact": [
                {
                    "contact_id": o.contact_id,
                    "name": o.name,
                    "meetings": o.meetings,
                    "overruns": o.overruns,
                }
                for o in self.overruns_by_contact
            ],
        }


def meeting_stats(session: Session) -> MeetingStats:
    rows = list(reversed(list_meetings(session)))
    actual = [r.actual_minutes for r in rows]
    conn = session.connection()
    by_contact = [
        ContactOverruns(cid, name, meetings, overruns)
        for cid, name, meetings, overruns in conn.exec_driver_sql(
            "SELECT c.id, c.display_name, count(*),"
            " sum(m.actual_seconds > m.planned_minutes * 60)"
            " FROM meeting m JOIN meeting_attendee a ON a.meeting_id = m.id"
            " JOIN contact c ON c.id = a.contact_id"
            " WHERE m.state = 'ended' AND m.deleted_at IS NULL AND c.deleted_at IS NULL"
            " GROUP BY c.id HAVING sum(m.actual_seconds > m.planned_minutes * 60) > 0"
            " ORDER BY 4 DESC, 3 DESC, c.sort_name LIMIT 20"
        )
    ]
    return MeetingStats(
        count=len(rows),
        median_minutes=statistics.median(actual) if actual else None,
        share_under_rule=sum(r.under_rule for r in rows) / len(rows) if rows else None,
        overruns=sum(r.overran for r in rows),
        lengths=[(r.started_at, r.actual_minutes, r.planned_minutes) for r in rows],
        overruns_by_contact=by_contact,
    )


def last_meeting_notes(session: Session, *, contact_id: int) -> Meeting | None:
    """The most recent ended meeting with this person: what was said last time."""
    return session.exec(
        select(orm.Meeting)
        .join(orm.MeetingAttendee, col(orm.MeetingAttendee.meeting_id) == orm.Meeting.id)
        .where(
            orm.MeetingAttendee.contact_id == contact_id,
            orm.Meeting.state == State.ENDED.value,
            col(orm.Meeting.deleted_at).is_(None),
        )
        .order_by(col(orm.Meeting.started_at).desc())
    ).first()


def attendee_names(session: Session, *, meeting: Meeting) -> list[str]:
    ids: Iterable[int] = [a.contact_id for a in meeting.attendees]
    return [session.get(orm.Contact, cid).display_name for cid in ids]


def timeline_entries(session: Session, *, contact_id: int) -> list[TimelineEntry]:
    """Ended meetings with this person, for the contact timeline; each stands in
    for the meeting touch it logged."""
    rows = (
        session.connection()
        .exec_driver_sql(
            "SELECT m.id, m.started_at, m.title, m.notes, m.actual_seconds, m.planned_minutes,"
            " m.next_touch_on, m.touch_id,"
            " (SELECT group_concat(c.display_name, char(31)) FROM meeting_attendee o"
            "   JOIN contact c ON c.id = o.contact_id WHERE o.meeting_id = m.id AND o.contact_id != ?)"
            " FROM meeting_attendee a JOIN meeting m ON m.id = a.meeting_id"
            " WHERE a.contact_id = ? AND m.state = 'ended' AND m.deleted_at IS NULL",
            (contact_id, contact_id),
        )
        .fetchall()
    )
    return [
        TimelineEntry(
            kind=KIND_MEETING,
            id=mid,
            at=parse_db_timestamp(started),
            channel="meeting",
            direction="out",
            summary=title,
            notes=notes,
            duration_minutes=minutes_of(secs or 0),
            follow_up_on=date.fromisoformat(follow) if follow else None,
            with_names=tuple(others.split("\x1f")) if others else (),
            touch_id=touch_id,
        )
        for mid, started, title, notes, secs, _planned, follow, touch_id, others in rows
    ]


@dataclass(frozen=True)
class ItemTime:
    """One agenda item, planned against actual (seconds; None when never reached)."""

    title: str
    planned_seconds: int
    actual_seconds: int | None


@dataclass(frozen=True)
class PauseSpan:
    started_at: datetime
    ended_at: datetime | None  # None: still paused


@dataclass(frozen=True)
class MeetingDetails:
    """What the meeting details screen shows."""

    id: int
    title: str
    started_at: datetime
    ended_at: datetime | None
    planned_minutes: int
    actual_seconds: int
    paused_seconds: int
    attendees: tuple[str, ...]
    items: tuple[ItemTime, ...]
    pauses: tuple[PauseSpan, ...]
    notes: str
    outcomes: str
    next_step: str
    next_touch_on: date | None


def meeting_details(session: Session, *, meeting_id: int) -> MeetingDetails:
    m = get_meeting(session, meeting_id=meeting_id)
    assert m.id is not None
    return MeetingDetails(
        id=m.id,
        title=m.title,
        started_at=m.started_at,
        ended_at=m.ended_at,
        planned_minutes=m.planned_minutes,
        actual_seconds=m.actual_seconds or 0,
        paused_seconds=m.paused_seconds,
        attendees=tuple(attendee_names(session, meeting=m)),
        items=tuple(ItemTime(i.title, i.planned_seconds, i.actual_seconds) for i in m.items),
        pauses=tuple(PauseSpan(p.started_at, p.ended_at) for p in m.pauses),
        notes=m.notes,
        outcomes=m.outcomes,
        next_step=m.next_step,
        next_touch_on=m.next_touch_on,
    )


@dataclass(frozen=True)
class MeetingsScreen:
    """What the Meetings section shows: every meeting (for the chart), the rows the
    table shows (one person's when filtered) and the numbers."""

    rows: list[MeetingRow]
    shown: list[MeetingRow]
    stats: MeetingStats
    # Planned for a time (a trip's meetings), soonest first: prm.core.scheduled_meetings.
    scheduled: list = field(default_factory=list)


def meetings_screen(session: Session, *, contact_id: int | None = None) -> MeetingsScreen:
    from prm.core.scheduled_meetings import scheduled_meetings

    rows = list_meetings(session)
    shown = rows if contact_id is None else list_meetings(session, contact_id=contact_id)
    scheduled = scheduled_meetings(session)
    if contact_id is not None:
        scheduled = [m for m in scheduled if contact_id in m.contact_ids]
    return MeetingsScreen(rows, shown, meeting_stats(session), scheduled)
