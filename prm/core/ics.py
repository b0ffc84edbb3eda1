"""Upcoming events as an iCalendar (.ics) file that calendar apps import cleanly.

One VEVENT per occurrence. UIDs are stable, so importing again updates rather
than duplicates: a stored event uses its own uid, a birthday or anniversary a
UUID derived from the contact's uid. All-day events are VALUE=DATE with an
exclusive DTEND (the day after the last); timed ones carry their TZID and the
calendar gets the matching VTIMEZONE components. Yearly things repeat with
RRULE:FREQ=YEARLY (29 February as February's last day, like the Upcoming view).

``icalendar`` is imported inside the functions: it must not load at start-up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from prm import APP_NAME, __version__
from prm.core.errors import KnownError
from prm.core.fsio import atomic_writer
from prm.core.upcoming import BIRTHDAY, Occurrence
from prm.core.vocab import EVENT_STATUSES

_UID_NAMESPACE = uuid.UUID("5b0f3a52-8a55-4d0e-9f59-1f6a3c1d6e21")  # PRM's, fixed forever
UID_DOMAIN = "prm.local"


def occurrence_uid(o: Occurrence) -> str:
    if o.event_uid:
        return f"{o.event_uid}@{UID_DOMAIN}"
    return f"{uuid.uuid5(_UID_NAMESPACE, f'{o.source}:{o.contact_uid}')}@{UID_DOMAIN}"


def calendar_summary(o: Occurrence) -> str:
    if o.is_virtual:
        return f"{o.contact_name}’s {o.what.lower()}"
    return f"{o.what} ({o.contact_name})"


def calendar_bytes(occurrences: Iterable[Occurrence], *, now: datetime) -> bytes:
    """The .ics text; an empty list still makes a valid (empty) calendar."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", f"-//{APP_NAME}//{APP_NAME} {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{APP_NAME} events")
    earliest: date | None = None
    for o in occurrences:
        cal.add_component(_vevent(o, now))
        earliest = min(earliest or o.on, o.on)
    if earliest is not None:
        # Zones from a year before the first event to 2038: yearly repeats need them too.
        cal.add_missing_timezones(first_date=earliest - timedelta(days=366))
    return cal.to_ical()


def _vevent(o: Occurrence, now: datetime):
    from icalendar import Event

    event = Event()
    event.add("uid", occurrence_uid(o))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("summary", calendar_summary(o))
    if o.all_day or o.start_at is None:
        event.add("dtstart", o.on)
        event.add("dtend", (o.end_on or o.on) + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a birthday does not make me busy
    else:
        zone = ZoneInfo(o.timezone or "UTC")
        event.add("dtstart", o.start_at.astimezone(zone))
        if o.end_at is not None:
            event.add("dtend", o.end_at.astimezone(zone))
    if o.yearly:
        rule: dict[str, object] = {"freq": "yearly"}
        first = o.first_on or o.on
        if (first.month, first.day) == (2, 29) or (o.on.month, o.on.day) == (2, 29):
            rule.update(bymonth=2, bymonthday=-1)  # February's last day, every year
        event.add("rrule", rule)
    if o.location:
        event.add("location", o.location)
    if o.url:
        event.add("url", o.url)
    description = _description(o)
    if description:
        event.add("description", description)
    event.add("categories", [o.kind.replace("_", " ")])
    return event


def _description(o: Occurrence) -> str:
    lines = []
    if o.first_on is not None and o.source == BIRTHDAY:
        lines.append(f"Born {o.first_on.isoformat()}")
    elif o.first_on is not None and o.is_virtual:
        lines.append(f"Since {o.first_on.isoformat()}")
    if o.my_status:
        lines.append(f"My status: {EVENT_STATUSES.get(o.my_status, o.my_status)}")
    if o.notes:
        lines.append(o.notes)
    return "\n".join(lines)


def write_calendar(path: Path, occurrences: Iterable[Occurrence], *, now: datetime) -> int:
    """Write the .ics atomically (``fsio.atomic_writer``); returns how many events.

    A symlink is written through; a FIFO, device or folder is refused; an
    unwritable folder or a full disk becomes a KnownError naming the file, and
    the old file stays as it was.
    """
    items = list(occurrences)
    data = calendar_bytes(items, now=now)
    try:
        with atomic_writer(Path(path)) as out:
            out.write(data)
    except KnownError as exc:
        exc.hint = exc.hint or "Choose another folder, or free some disk space, and export again."
        raise
    return len(items)
