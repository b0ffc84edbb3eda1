"""A contact's events: their conference, launch, talk, party, birthday... and whether I go.

``EventDraft`` holds what the editor and the CLI typed; ``cleaned()`` checks it
as a whole. All-day events keep dates (``end_date`` is the last day, inclusive);
timed ones keep UTC instants plus the IANA zone they happen in.

Marking an event **attended** logs an "event" touch in the same transaction and
keeps its id on the event; moving away from attended (or trashing the event)
sends that touch to the trash, and coming back restores it, so undo and redo
never pile up touches. The Upcoming list lives in ``prm.core.upcoming``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from prm.core import touches, validation
from prm.core.clock import Clock
from prm.core.dates import PartialDate
from prm.core.errors import NotFoundError, ValidationError
from prm.core.models import Contact, ContactEvent, Touch
from prm.core.timeline import TimelineEntry
from prm.core.upcoming import Occurrence, event_occurrence, on_year, upcoming, week_count
from prm.core.vocab import EVENT_KINDS, EVENT_STATUSES

__all__ = [
    "EventDraft", "EventFields", "Occurrence", "add_event", "update_event", "get_event",
    "trash_events", "restore_events", "set_status", "draft_from_event", "timeline_entries",
    "upcoming", "week_count", "event_occurrence", "zone_name", "event_label",
]

ATTENDED = "attended"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
# An all-day event "happened" at noon: the same calendar day in nearly every zone.
_ALL_DAY_HOUR = time(12)


def zone_name(zone: tzinfo) -> str:
    """The IANA name of ``ctx.zone`` ("UTC" when it has none)."""
    name = getattr(zone, "key", None) or str(zone)
    try:
        return validation.clean_timezone(name) or "UTC"
    except ValueError:
        return "UTC"


def event_label(kind: str, title: str) -> str:
    return title or EVENT_KINDS.get(kind, kind)


@dataclass
class EventDraft:
    contact_id: int | None = None
    kind: str = "custom"
    title: str = ""
    all_day: bool = True
    start_date: str = ""  # YYYY-MM-DD
    end_date: str = ""  # the last day (inclusive); "" = the start day
    start_time: str = ""  # HH:MM, timed events only
    end_time: str = ""  # HH:MM on the end date; "" = no end time
    timezone: str = ""  # IANA; "" = the user's zone
    location: str = ""
    url: str = ""
    yearly: bool = False
    my_status: str = "considering"
    notes: str = ""

    def cleaned(self, default_zone: str = "UTC") -> EventFields:
        """Typed values ready to store, or ValidationError listing every problem."""
        errors: dict[str, str] = {}
        if self.contact_id is None:
            errors["contact_id"] = "Choose whose event this is."
        if self.kind not in EVENT_KINDS:
            errors["kind"] = f"“{self.kind}” is not a kind of event; use one of {', '.join(EVENT_KINDS)}"
        if self.my_status not in EVENT_STATUSES:
            errors["my_status"] = (
                f"“{self.my_status}” is not a status; use one of {', '.join(EVENT_STATUSES)}"
            )
        title = " ".join(self.title.split())
        if not title and self.kind == "custom":
            errors["title"] = "Give the event a name."
        url = ""
        if self.url.strip():
            try:
                url = validation.clean_url(self.url)
            except ValueError as exc:
                errors["url"] = str(exc)
        start_day = _day(self.start_date, "start_date", errors, required=True)
        end_day = _day(self.end_date, "end_date", errors) if self.end_date.strip() else None
        zone = ""
        start_at = end_at = None
        if not self.all_day:
            zone = self.timezone.strip() or default_zone
            try:
                if not validation.clean_timezone(zone):
                    raise ValueError("Choose the time zone it happens in.")
            except ValueError as exc:
                errors["timezone"] = str(exc)
                zone = ""
            start_clock = _clock(self.start_time, "start_time", errors, required=True)
            end_clock = _clock(self.end_time, "end_time", errors) if self.end_time.strip() else None
            if zone and start_day and start_clock:
                start_at = _instant(start_day, start_clock, zone)
                if end_clock is not None:
                    end_at = _instant(end_day or start_day, end_clock, zone)
                elif end_day is not None:
                    errors["end_time"] = "Give the time it ends on that day."
                if end_at is not None and end_at < start_at:
                    errors["end"] = "The end is before the start."
        elif start_day and end_day and end_day < start_day:
            errors["end"] = "The end is before the start."
        if errors:
            raise ValidationError(errors)
        assert self.contact_id is not None and start_day is not None
        return EventFields(
            contact_id=self.contact_id,
            kind=self.kind,
            title=title,
            all_day=self.all_day,
            start_date=start_day if self.all_day else None,
            end_date=(end_day if end_day != start_day else None) if self.all_day else None,
            start_at=start_at,
            end_at=end_at,
            timezone=zone,
            location=" ".join(self.location.split()),
            url=url,
            yearly=self.yearly,
            my_status=self.my_status,
            notes=self.notes.strip(),
        )


@dataclass(frozen=True)
class EventFields:
    """A clean draft: exactly the columns of ``ContactEvent`` that a user sets."""

    contact_id: int
    kind: str
    title: str
    all_day: bool
    start_date: date | None
    end_date: date | None
    start_at: datetime | None
    end_at: datetime | None
    timezone: str
    location: str
    url: str
    yearly: bool
    my_status: str
    notes: str


def _day(text: str, name: str, errors: dict[str, str], *, required: bool = False) -> date | None:
    text = text.strip()
    if not text:
        if required:
            errors[name] = "Give the date."
        return None
    try:
        parsed = PartialDate.parse(text)  # "2026-02-31 is not a real date"
    except ValueError as exc:
        errors[name] = str(exc)
        return None
    if parsed.year is None:
        errors[name] = f"“{text}”: give the year too (YYYY-MM-DD)"
        return None
    return date(parsed.year, parsed.month, parsed.day)


def _clock(text: str, name: str, errors: dict[str, str], *, required: bool = False) -> time | None:
    text = text.strip()
    match = _TIME.match(text)
    if not text and required:
        errors[name] = "Give the time it starts (HH:MM), or make it an all-day event."
    elif not match or int(match[1]) > 23 or int(match[2]) > 59:
        errors[name] = f"“{text}” is not a time; use HH:MM, like 09:30"
    else:
        return time(int(match[1]), int(match[2]))
    return None


def _instant(day: date, clock: time, zone: str) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone)).astimezone(UTC)


# --- writing -------------------------------------------------------------------


def add_event(
    session: Session, *, draft: EventDraft, clock: Clock, default_zone: str = "UTC"
) -> ContactEvent:
    fields = _checked(session, draft, default_zone)
    now = clock.now()
    event = ContactEvent(created_at=now, updated_at=now, **asdict(fields))
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
    contact = session.get(Contact, fields.contact_id)
    if contact is None or contact.deleted_at is not None:
        raise ValidationError({"contact_id": f"No such contact: #{fields.contact_id}."})
    return fields


def get_event(session: Session, *, event_id: int) -> ContactEvent:
    event = session.get(ContactEvent, event_id)
    if event is None:
        raise NotFoundError(f"There is no event #{event_id}.")
    return event


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
        select(ContactEvent).where(col(ContactEvent.id).in_(list(ids)), col(ContactEvent.deleted_at).is_(None))
    ):
        event.deleted_at = clock.now()
        moved.append(event.id)
        _sync_touch(session, event, clock)
    return moved


def restore_events(session: Session, *, ids: Iterable[int], clock: Clock) -> list[int]:
    back = []
    for event in session.exec(
        select(ContactEvent).where(col(ContactEvent.id).in_(list(ids)), col(ContactEvent.deleted_at).is_not(None))
    ):
        event.deleted_at = None
        back.append(event.id)
        _sync_touch(session, event, clock)
    return back


def _sync_touch(session: Session, event: ContactEvent, clock: Clock) -> None:
    """Make the event touch match the status: live while attended, in the trash otherwise."""
    touch = session.get(Touch, event.touch_id) if event.touch_id is not None else None
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
        contact_id=event.contact_id, kind=event.kind, title=event.title, all_day=event.all_day,
        timezone=event.timezone, location=event.location, url=event.url, yearly=event.yearly,
        my_status=event.my_status, notes=event.notes,
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
        select(ContactEvent).where(
            ContactEvent.contact_id == contact_id, col(ContactEvent.deleted_at).is_(None)
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
                kind="event", id=e.id, at=at, channel=e.my_status, direction="out",
                summary=event_label(e.kind, e.title), notes=e.notes, touch_id=e.touch_id,
            )
        )
    return entries
