"""A contact's events: their conference, launch, talk, party, birthday... and whether I go.

Drafts are checked in ``prm.core.event_draft``. All-day events keep dates
(``end_date`` is the last day, inclusive); timed ones keep UTC instants plus the
IANA zone they happen in.

Marking an event **attended** logs an "event" touch in the same transaction and
keeps its id on the event; moving away from attended (or trashing the event)
sends that touch to the trash, and coming back restores it, so undo and redo
never pile up touches. The Upcoming list lives in ``prm.core.upcoming``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from prm.core import orm, touches
from prm.core.clock import Clock
from prm.core.errors import NotFoundError, ValidationError
from prm.core.event_draft import EventDraft, EventFields, event_label, zone_name
from prm.core.timeline_entry import KIND_EVENT, TimelineEntry
from prm.core.upcoming import Occurrence, event_occurrence, on_year, upcoming
from prm.core.upcoming_pages import week_count
from prm.core.vocab import EVENT_STATUSES

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import ContactEvent

__all__ = [
    "EventDraft",
    "EventFields",
    "Occurrence",
    "add_event",
    "draft_from_event",
    "event_label",
    "event_occurrence",
    "get_event",
    "restore_events",
    "set_status",
    "timeline_entries",
    "trash_events",
    "upcoming",
    "update_event",
    "week_count",
    "zone_name",
]

ATTENDED = "attended"
# An all-day event "happened" at noon: the same calendar day in nearly every zone.
_ALL_DAY_HOUR = time(12)


# --- writing -------------------------------------------------------------------


def add_event(
    session: Session, *, draft: EventDraft, clock: Clock, default_zone: str = "UTC"
) -> ContactEvent:
    fields = _checked(session, draft, default_zone)
    now = clock.now()
    event = orm.ContactEvent(created_at=now, updated_at=now, **asdict(fields))
    session.add(event)
    session.flush()
    _sync_touch(session, event, clock)
    return event


def update_event(
    session: Session, *, event_id: int, draft: EventDraft, clock: Clock, default_zone: str = "UTC"
) -> ContactEvent:
    event = get_event(session, event_id=event_id)
    for name, value in asdict(_checked(session, draft, default_zone)).items():
        setattr(event, name, value)
    event.updated_at = clock.now()
    session.flush()
    _sync_touch(session, event, clock)
    return event


def _checked(session: Session, draft: EventDraft, default_zone: str) -> EventFields:
    fields = draft.cleaned(default_zone)
    contact = session.get(orm.Contact, fields.contact_id)
    if contact is None or contact.deleted_at is not None:
        raise ValidationError({"contact_id": f"No such contact: #{fields.contact_id}."})
    return fields


def get_event(session: Session, *, event_id: int) -> ContactEvent:
    event = session.get(orm.ContactEvent, event_id)
    if event is None:
        raise NotFoundError(f"There is no event #{event_id}.")
    return event


@dataclass(frozen=True)
class EventToEdit:
    draft: EventDraft
    contact_name: str


def event_to_edit(session: Session, *, event_id: int) -> EventToEdit:
    """A stored event as the editor shows it, and whose it is."""
    event = get_event(session, event_id=event_id)
    contact = session.get(orm.Contact, event.contact_id)
    name = contact.display_name if contact is not None else f"Contact #{event.contact_id}"
    return EventToEdit(draft_from_event(event), name)


def set_status(session: Session, *, event_id: int, status: str, clock: Clock) -> ContactEvent:
    """Change my status; attended logs (or restores) the event touch, anything else trashes it."""
    if status not in EVENT_STATUSES:
        raise ValidationError(
            {"my_status": f"“{status}” is not a status; use one of {', '.join(EVENT_STATUSES)}"}
        )
    event = get_event(session, event_id=event_id)
    event.my_status = status
    event.updated_at = clock.now()
    session.flush()
    _sync_touch(session, event, clock)
    return event


def trash_events(session: Session, *, ids: Iterable[int], clock: Clock) -> list[int]:
    moved = []
    for event in session.exec(
        select(orm.ContactEvent).where(
            col(orm.ContactEvent.id).in_(list(ids)), col(orm.ContactEvent.deleted_at).is_(None)
        )
    ):
        event.deleted_at = clock.now()
        moved.append(event.id)
        _sync_touch(session, event, clock)
    return moved


def restore_events(session: Session, *, ids: Iterable[int], clock: Clock) -> list[int]:
    back = []
    for event in session.exec(
        select(orm.ContactEvent).where(
            col(orm.ContactEvent.id).in_(list(ids)), col(orm.ContactEvent.deleted_at).is_not(None)
        )
    ):
        event.deleted_at = None
        back.append(event.id)
        _sync_touch(session, event, clock)
    return back


def _sync_touch(session: Session, event: ContactEvent, clock: Clock) -> None:
    """Make the event touch match the status: live while attended, in the trash otherwise."""
    touch = session.get(orm.Touch, event.touch_id) if event.touch_id is not None else None
    wanted = event.my_status == ATTENDED and event.deleted_at is None
    if touch is not None:
        participants = [p.contact_id for p in touch.participants]
        if wanted and participants != [event.contact_id]:  # the event moved to someone else
            if touch.deleted_at is None:
                touches.trash_touches(session, ids=[touch.id], clock=clock)
            touch = None
        elif wanted and touch.deleted_at is not None:
            touches.restore_touches(session, ids=[touch.id])
        elif not wanted and touch.deleted_at is None:
            touches.trash_touches(session, ids=[touch.id], clock=clock)
    if wanted and touch is None:
        draft = touches.TouchDraft(
            contact_ids=[event.contact_id],
            channel="event",
            direction="out",
            occurred_at=min(_started_at(event, clock.now()), clock.now()),
            summary=f"Attended {event_label(event.kind, event.title)}",
        )
        event.touch_id = touches.log_touch(session, draft=draft, clock=clock).id
    session.flush()


def _started_at(event: ContactEvent, now: datetime) -> datetime:
    """When the event began; for a yearly one, its latest time at or before ``now``."""
    if event.all_day:
        assert event.start_date is not None
        zone = ZoneInfo(event.timezone) if event.timezone else UTC
        start = datetime.combine(event.start_date, _ALL_DAY_HOUR, tzinfo=zone)
    else:
        assert event.start_at is not None
        start = event.start_at.astimezone(ZoneInfo(event.timezone or "UTC"))
    if event.yearly:
        local_now = now.astimezone(start.tzinfo)
        for year in (local_now.year, local_now.year - 1):
            moved = datetime.combine(on_year(start.date(), year), start.timetz())
            if start <= moved <= now:
                return moved
    return start


# --- reading -------------------------------------------------------------------


def draft_from_event(event: ContactEvent) -> EventDraft:
    """The stored event as the editor shows it (timed ones in their own zone)."""
    draft = EventDraft(
        contact_id=event.contact_id,
        kind=event.kind,
        title=event.title,
        all_day=event.all_day,
        timezone=event.timezone,
        location=event.location,
        url=event.url,
        yearly=event.yearly,
        my_status=event.my_status,
        notes=event.notes,
    )
    if event.all_day and event.start_date is not None:
        draft.start_date = event.start_date.isoformat()
        draft.end_date = event.end_date.isoformat() if event.end_date else ""
    elif event.start_at is not None:
        zone = ZoneInfo(event.timezone or "UTC")
        start = event.start_at.astimezone(zone)
        draft.start_date, draft.start_time = start.date().isoformat(), f"{start:%H:%M}"
        if event.end_at is not None:
            end = event.end_at.astimezone(zone)
            draft.end_time = f"{end:%H:%M}"
            draft.end_date = end.date().isoformat() if end.date() != start.date() else ""
    return draft


def timeline_entries(session: Session, *, contact_id: int) -> list[TimelineEntry]:
    """The contact's live events as timeline entries (all-day ones at noon UTC)."""
    events = session.exec(
        select(orm.ContactEvent).where(
            orm.ContactEvent.contact_id == contact_id, col(orm.ContactEvent.deleted_at).is_(None)
        )
    )
    entries = []
    for e in events:
        if e.all_day:
            at = datetime.combine(e.start_date or date.min, _ALL_DAY_HOUR, tzinfo=UTC)
        else:
            at = e.start_at or datetime.min.replace(tzinfo=UTC)
        entries.append(
            TimelineEntry(
                kind=KIND_EVENT,
                id=e.id,
                at=at,
                channel=e.my_status,
                direction="out",
                summary=event_label(e.kind, e.title),
                notes=e.notes,
                touch_id=e.touch_id,
            )
        )
    return entries
