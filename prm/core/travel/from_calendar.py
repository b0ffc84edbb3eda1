"""Calendar events that can become a trip: the ones with a location.

The New trip dialog lists them ("From calendar…"): the coming months' events read
straight from the user's calendar sources (``upcoming_places``; capture's queue only
holds what already happened), and captured events from the last month on
(``calendar_places``). ``trips.trip_from_place`` turns the one chosen into a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlmodel import Session

from prm.core.capture.source_config import SourceConfig
from prm.core.db_time import db_timestamp, parse_db_timestamp
from prm.core.errors import KnownError


@dataclass(frozen=True)
class CalendarPlace:
    proposal_id: int | None  # a captured event; None: read from a calendar just now
    occurred_at: datetime  # aware (UTC)
    summary: str
    location: str
    duration_minutes: int | None
    calendar: str = ""


def calendar_places(session: Session, *, since: datetime, limit: int = 200) -> list[CalendarPlace]:
    """Captured events with a location from ``since`` on (upcoming trips), earliest first."""
    rows = session.connection().exec_driver_sql(
        "SELECT id, occurred_at, summary, location, duration_minutes FROM capture_proposal"
        " WHERE item_kind = 'event' AND location != '' AND occurred_at >= ?"
        " ORDER BY occurred_at, id LIMIT ?",
        (db_timestamp(since), limit),
    )
    return [
        CalendarPlace(pid, parse_db_timestamp(at), summary or "", location, minutes)
        for pid, at, summary, location, minutes in rows
    ]


def calendar_sources(session: Session, secrets) -> list[tuple[SourceConfig, str | None]]:
    """The enabled calendar sources (.ics, CalDAV) with their stored passwords."""
    from prm.core.capture.sources import list_sources, stored_password
    from prm.core.capture.upcoming import CALENDAR_KINDS

    return [
        (info.config, stored_password(secrets, info.id) if info.kind == "caldav" else None)
        for info in list_sources(session)
        if info.enabled and info.kind in CALENDAR_KINDS
    ]


def upcoming_places(
    sources: list[tuple[SourceConfig, str | None]], *, zone: tzinfo, now: datetime
) -> tuple[list[CalendarPlace], list[str]]:
    """The coming months' events with a location from every source, soonest first, and
    what could not be read ("Work calendar (https://…): wrong password")."""
    from prm.core.capture.upcoming import upcoming_events

    places, problems = [], []
    for config, password in sources:
        try:
            events = upcoming_events(config, password=password, zone=zone, now=now)
        except KnownError as exc:
            problems.append(f"{config.location}: {exc.message}")
            continue
        for e in events:
            minutes = int((e.end - e.start).total_seconds() // 60) if e.end else None
            start = e.start.astimezone(UTC)
            places.append(CalendarPlace(None, start, e.title, e.location, minutes, e.calendar))
    places.sort(key=lambda p: (p.occurred_at, p.summary))
    return places, problems
