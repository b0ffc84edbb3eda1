"""Meetings: plan, run (the timer's state saved at every transition), end and
log, recover after a crash, and the numbers that show whether meetings stay short.

The timer itself is the pure state machine in ``prm.core.meeting_timer``; this
module is what persists it. Its millisecond clock is epoch milliseconds from the
injected ``Clock``, so a saved timer keeps meaning the same wall-clock moments
after a restart.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from prm.core.clock import Clock
from prm.core.errors import NotFoundError, ValidationError
from prm.core.meeting_timer import MINUTE, RULE_MINUTES, MeetingTimer, State
from prm.core.meeting_timer import Item as TimerItem
from prm.core.models import (
    AgendaItem,
    Contact,
    Meeting,
    MeetingAttendee,
    MeetingPause,
    parse_db_timestamp,
)
from prm.core.touches import TouchDraft, log_touch, trash_touches

PRESET_MINUTES = (15, 25, 30, 45)
MAX_MINUTES = 8 * 60
LIVE_STATES = (State.RUNNING.value, State.PAUSED.value)


def now_ms(clock: Clock) -> int:
    return int(clock.now().timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


# --- planning ---------------------------------------------------------------


@dataclass
class AgendaDraft:
    title: str
    minutes: int


@dataclass
class MeetingDraft:
    attendee_ids: list[int]
    title: str = ""
    length_minutes: int = RULE_MINUTES
    items: list[AgendaDraft] = field(default_factory=list)
    # Longer than the 45-minute rule only when the user said so explicitly.
    over_rule_confirmed: bool = False

    @property
    def agenda_minutes(self) -> int:
        return sum(i.minutes for i in self.items)

    def cleaned(self) -> MeetingDraft:
        errors: dict[str, str] = {}
        ids = list(dict.fromkeys(self.attendee_ids))
        if not ids:
            errors["attendee_ids"] = "Choose who the meeting is with."
        if not 1 <= self.length_minutes <= MAX_MINUTES:
            errors["length_minutes"] = f"A meeting lasts 1 to {MAX_MINUTES} minutes."
        elif self.length_minutes > RULE_MINUTES and not self.over_rule_confirmed:
            errors["length_minutes"] = (
                f"{self.length_minutes} minutes is over the {RULE_MINUTES}-minute rule; "
                "confirm to plan it anyway."
            )
        items = []
        for i, item in enumerate(self.items):
            title = " ".join(item.title.split())
            if not title and not item.minutes:
                continue  # an empty row left in the table
            if not title:
                errors[f"items[{i}]"] = "Give the agenda item a title."
            elif item.minutes < 1:
                errors[f"items[{i}]"] = f"“{title}” needs at least one minute."
            items.append(AgendaDraft(title, item.minutes))
        if errors:
            raise ValidationError(errors)
        return MeetingDraft(
            attendee_ids=ids,
            title=" ".join(self.title.split()),
            length_minutes=self.length_minutes,
            items=items,
            over_rule_confirmed=self.length_minutes > RULE_MINUTES,
        )


def _default_title(session: Session, attendee_ids: list[int]) -> str:
    names = [
        session.get(Contact, cid).display_name for cid in attendee_ids[:3] if session.get(Contact, cid)
    ]
    more = len(attendee_ids) - len(names)
    return "Meeting with " + ", ".join(names) + (f" and {more} more" if more > 0 else "")


def start_meeting(session: Session, *, draft: MeetingDraft, clock: Clock) -> Meeting:
    """Save the plan and start its timer now; the meeting is live from here on."""
    clean = draft.cleaned()
    live = set(
        session.exec(
            select(Contact.id).where(
                col(Contact.id).in_(clean.attendee_ids), col(Contact.deleted_at).is_(None)
            )
        )
    )
    missing = [cid for cid in clean.attendee_ids if cid not in live]
    if missing:
        raise ValidationError({"attendee_ids": f"No such contact: #{', #'.join(map(str, missing))}."})
    now = clock.now()
    meeting = Meeting(
        title=clean.title or _default_title(session, clean.attendee_ids),
        planned_minutes=clean.length_minutes,
        over_rule=clean.over_rule_confirmed,
        created_at=now,
        updated_at=now,
    )
    meeting.items = [
        AgendaItem(position=i, title=item.title, planned_seconds=item.minutes * 60)
        for i, item in enumerate(clean.items)
    ]
    meeting.attendees = [
        MeetingAttendee(contact_id=cid, position=i) for i, cid in enumerate(clean.attendee_ids)
    ]
    timer = MeetingTimer(
        length_ms=clean.length_minutes * MINUTE,
        items=[TimerItem(item.title, item.minutes * MINUTE) for item in clean.items],
    )
    timer.start(now_ms(clock))
    session.add(meeting)
    _store_timer(meeting, timer, now)
    session.flush()
    return meeting


# --- running ------------------------------------------------------------------


def _store_timer(meeting: Meeting, timer: MeetingTimer, now: datetime) -> None:
    meeting.state = timer.state.value
    meeting.started_at = from_ms(timer.started_ms) if timer.started_ms is not None else None
    meeting.timer_json = json.dumps(timer.to_dict())
    meeting.last_seen_at = now
    meeting.updated_at = now


def save_progress(
    session: Session,
    *,
    meeting_id: int,
    timer: MeetingTimer,
    clock: Clock,
    notes: str | None = None,
    outcomes: str | None = None,
    next_step: str | None = None,
) -> None:
    """Called at every transition, on a heartbeat and as notes are typed: if the
    app dies, the meeting and every word of its notes are still here."""
    meeting = get_meeting(session, meeting_id=meeting_id)
    if meeting.state == State.ENDED.value:
        return
    _store_timer(meeting, timer, clock.now())
    for name, text in (("notes", notes), ("outcomes", outcomes), ("next_step", next_step)):
        if text is not None:
            setattr(meeting, name, text)


def live_meeting(session: Session) -> Meeting | None:
    """A meeting still running (or paused): after a crash, the one to offer back."""
    return session.exec(
        select(Meeting)
        .where(col(Meeting.state).in_(LIVE_STATES), col(Meeting.deleted_at).is_(None))
        .order_by(col(Meeting.started_at).desc())
    ).first()


def saved_timer(meeting: Meeting) -> MeetingTimer:
    return MeetingTimer.from_dict(json.loads(meeting.timer_json))


def get_meeting(session: Session, *, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise NotFoundError(f"No meeting #{meeting_id}.")
    return meeting


# --- ending ---------------------------------------------------------------------


@dataclass
class MeetingSummary:
    notes: str = ""
    outcomes: str = ""
    next_step: str = ""
    next_touch_on: date | None = None


def end_meeting(
    session: Session,
    *,
    meeting_id: int,
    timer: MeetingTimer,
    summary: MeetingSummary,
    clock: Clock,
    ended_ms: int | None = None,
) -> Meeting:
    """Settle the timer (now, or at ``ended_ms`` — the last moment known alive
    after a crash), record what really happened, and log one meeting touch with
    everyone in it; the next-touch date becomes its follow-up."""
    meeting = get_meeting(session, meeting_id=meeting_id)
    if meeting.state == State.ENDED.value:
        raise ValidationError({"state": "This meeting has already ended."})
    at = ended_ms if ended_ms is not None else now_ms(clock)
    if timer.state != State.ENDED:
        timer.end(max(at, timer.started_ms or at))
    now = clock.now()
    _store_timer(meeting, timer, now)
    meeting.ended_at = from_ms(timer.ended_ms)
    meeting.actual_seconds = timer.elapsed(timer.ended_ms) // 1000
    meeting.paused_seconds = timer.paused_ms(timer.ended_ms) // 1000
    meeting.pauses = [
        MeetingPause(started_at=from_ms(p.started_ms), ended_at=from_ms(p.ended_ms or timer.ended_ms))
        for p in timer.pauses
    ]
    _store_items(meeting, timer)
    meeting.notes = summary.notes
    meeting.outcomes = summary.outcomes.strip()
    meeting.next_step = summary.next_step.strip()
    meeting.next_touch_on = summary.next_touch_on
    minutes = (meeting.actual_seconds + 30) // 60  # half a minute rounds up
    touch = log_touch(
        session,
        draft=TouchDraft(
            contact_ids=[a.contact_id for a in meeting.attendees],
            channel="meeting",
            occurred_at=meeting.started_at,
            summary=meeting.title,
            notes=_touch_notes(meeting),
            duration_minutes=min(minutes, 24 * 60),
            follow_up_on=summary.next_touch_on,
        ),
        clock=clock,
        allow_future=True,
    )
    meeting.touch_id = touch.id
    session.flush()
    return meeting


def _store_items(meeting: Meeting, timer: MeetingTimer) -> None:
    """Per-item plan vs. reality, as the timer ended (adding a minute re-plans)."""
    rows = {item.position: item for item in meeting.items}
    for i, item in enumerate(timer.items):
        row = rows.get(i) or AgendaItem(position=i, title=item.title, planned_seconds=0)
        row.planned_seconds = item.planned_ms // 1000
        row.actual_seconds = item.actual_ms // 1000 if i <= timer.current else 0
        if i not in rows:
            meeting.items.append(row)


def _touch_notes(meeting: Meeting) -> str:
    parts = [meeting.notes.strip()]
    if meeting.outcomes:
        parts.append("Outcomes: " + meeting.outcomes)
    if meeting.next_step:
        parts.append("Next step: " + meeting.next_step)
    return "\n\n".join(p for p in parts if p)


def discard_meeting(session: Session, *, meeting_id: int, clock: Clock) -> None:
    """Throw away a meeting that did not really happen (started by mistake).
    An ended one also loses its touch."""
    meeting = get_meeting(session, meeting_id=meeting_id)
    meeting.deleted_at = clock.now()
    if meeting.touch_id:
        trash_touches(session, ids=[meeting.touch_id], clock=clock)


# --- history and numbers --------------------------------------------------------


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
            mid, title, parse_db_timestamp(started), planned, (secs or 0) / 60, bool(over),
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
            "median_minutes": None if self.median_minutes is None else round(self.median_minutes, 1),
            "share_under_45": None if self.share_under_rule is None else round(self.share_under_rule, 3),
            "overruns": self.overruns,
            "overruns_by_contact": [
                {"contact_id": o.contact_id, "name": o.name, "meetings": o.meetings, "overruns": o.overruns}
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
        select(Meeting)
        .join(MeetingAttendee, col(MeetingAttendee.meeting_id) == Meeting.id)
        .where(
            MeetingAttendee.contact_id == contact_id,
            Meeting.state == State.ENDED.value,
            col(Meeting.deleted_at).is_(None),
        )
        .order_by(col(Meeting.started_at).desc())
    ).first()


def attendee_names(session: Session, *, meeting: Meeting) -> list[str]:
    ids: Iterable[int] = [a.contact_id for a in meeting.attendees]
    return [session.get(Contact, cid).display_name for cid in ids]


def timeline_entries(session: Session, *, contact_id: int) -> list:
    """Ended meetings with this person, for the contact timeline; each stands in
    for the meeting touch it logged."""
    from prm.core.timeline import TimelineEntry

    rows = session.connection().exec_driver_sql(
        "SELECT m.id, m.started_at, m.title, m.notes, m.actual_seconds, m.planned_minutes,"
        " m.next_touch_on, m.touch_id,"
        " (SELECT group_concat(c.display_name, char(31)) FROM meeting_attendee o"
        "   JOIN contact c ON c.id = o.contact_id WHERE o.meeting_id = m.id AND o.contact_id != ?)"
        " FROM meeting_attendee a JOIN meeting m ON m.id = a.meeting_id"
        " WHERE a.contact_id = ? AND m.state = 'ended' AND m.deleted_at IS NULL",
        (contact_id, contact_id),
    ).fetchall()
    return [
        TimelineEntry(
            kind="meeting",
            id=mid,
            at=parse_db_timestamp(started),
            channel="meeting",
            direction="out",
            summary=title,
            notes=notes,
            duration_minutes=round((secs or 0) / 60),
            follow_up_on=date.fromisoformat(follow) if follow else None,
            with_names=tuple(others.split("\x1f")) if others else (),
            touch_id=touch_id,
        )
        for mid, started, title, notes, secs, _planned, follow, touch_id, others in rows
    ]
