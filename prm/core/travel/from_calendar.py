"""Captured calendar events that can become a trip: the ones with a location.

The New trip dialog lists them ("From calendar…"); ``trips.trip_from_proposal``
turns the one chosen into a draft. Newest first, bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from prm.core.db_time import db_timestamp, parse_db_timestamp


@dataclass(frozen=True)
class CalendarPlace:
    proposal_id: int
    occurred_at: datetime  # aware (UTC)
    summary: str
    location: str
    duration_minutes: int | None


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
