"""Meetings: plan, run (the timer's state saved at every transition), end and
log, and recover after a crash. What happened afterwards — the list and the
numbers — is ``prm.core.meeting_history``.

The timer itself is the pure state machine in ``prm.core.meeting_timer``; this
module is what persists it. Its millisecond clock is epoch milliseconds from the
injected ``Clock``, so a saved timer keeps meaning the same wall-clock moments
after a restart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from prm.core import orm
from prm.core.clock import Clock
from prm.core.errors import NotFoundError, ValidationError
from prm.core.meeting_timer import MINUTE, RULE_MINUTES, MeetingTimer, State, minutes_of
from prm.core.meeting_timer import Item as TimerItem
from prm.core.touches import TouchDraft, log_touch, restore_touches, trash_touches

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import Meeting

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
        session.get(orm.Contact, cid).display_name
        for cid in attendee_ids[:3]
        if session.get(orm.Contact, cid)
    ]
    more = len(attendee_ids) - len(names)
    return "Meeting with " + ", ".join(names) + (f" and {more} more" if more > 0 else "")


def start_meeting(session: Session, *, draft: MeetingDraft, clock: Clock) -> Meeting:
    """Save the plan and start its timer now; the meeting is live from here on."""
    clean = draft.cleaned()
    live = set(
        session.exec(
            select(orm.Contact.id).where(
                col(orm.Contact.id).in_(clean.attendee_ids), col(orm.Contact.deleted_at).is_(None)
            )
        )
    )
    missing = [cid for cid in clean.attendee_ids if cid not in live]
    if missing:
        raise ValidationError(
            {"attendee_ids": f"No such contact: #{', #'.join(map(str, missing))}."}
        )
    now = clock.now()
    meeting = orm.Meeting(
        title=clean.title or _default_title(session, clean.attendee_ids),
        planned_minutes=clean.length_minutes,
        over_rule=clean.over_rule_confirmed,
        created_at=now,
        updated_at=now,
    )
    meeting.items = [
        orm.AgendaItem(position=i, title=item.title, planned_seconds=item.minutes * 60)
        for i, item in enumerate(clean.items)
    ]
    meeting.attendees = [
        orm.MeetingAttendee(contact_id=cid, position=i) for i, cid in enumerate(clean.attendee_ids)
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
        select(orm.Meeting)
        .where(col(orm.Meeting.state).in_(LIVE_STATES), col(orm.Meeting.deleted_at).is_(None))
        .order_by(col(orm.Meeting.started_at).desc())
    ).first()


def saved_timer(meeting: Meeting) -> MeetingTimer:
    return MeetingTimer.from_dict(json.loads(meeting.timer_json))


def get_meeting(session: Session, *, meeting_id: int) -> Meeting:
    meeting = session.get(orm.Meeting, meeting_id)
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
        orm.MeetingPause(
            started_at=from_ms(p.started_ms), ended_at=from_ms(p.ended_ms or timer.ended_ms)
        )
        for p in timer.pauses
    ]
    _store_items(meeting, timer)
    meeting.notes = summary.notes
    meeting.outcomes = summary.outcomes.strip()
    meeting.next_step = summary.next_step.strip()
    meeting.next_touch_on = summary.next_touch_on
    minutes = minutes_of(meeting.actual_seconds)
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
        row = rows.get(i) or orm.AgendaItem(position=i, title=item.title, planned_seconds=0)
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


def discard_meeting(session: Session, *, meeting_id: int, clock: Clock) -> list[int]:
    """Throw away a meeting that did not really happen (started by mistake).
    An ended one also loses its touch. Returns who was in it."""
    meeting = get_meeting(session, meeting_id=meeting_id)
    meeting.deleted_at = clock.now()
    if meeting.touch_id:
        trash_touches(session, ids=[meeting.touch_id], clock=clock)
    return [a.contact_id for a in meeting.attendees]


def restore_meeting(session: Session, *, meeting_id: int) -> list[int]:
    """Undo of a discard (or of logging it): the meeting and its touch are back.
    Returns who was in it."""
    meeting = session.get(orm.Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(f"No meeting #{meeting_id}.")
    meeting.deleted_at = None
    if meeting.touch_id:
        restore_touches(session, ids=[meeting.touch_id])
    return [a.contact_id for a in meeting.attendees]
