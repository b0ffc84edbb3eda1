"""Who to see on a trip, when, and the calendar holds for the meetings chosen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.travel.trips import TripView

MAX_SLOT_MINUTES = 45


@dataclass(frozen=True)
class PlanPerson:
    contact_id: int
    name: str
    organization: str
    city: str
    distance_km: float | None  # None: known only at country level
    score: float
    reasons: list[str]
    local_time_windows: list[str]  # "Tue 3 Dec 09:00-18:00 (Europe/Berlin)"
    events_during_trip: list[str]
    channel: str


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware, in the trip city's time zone
    minutes: int  # <= 45
    contact_id: int | None = None


@dataclass(frozen=True)
class DayWindow:
    """Free hours on one day of the trip, local to the city."""

    day: date
    start: datetime  # aware
    end: datetime  # aware


@dataclass(frozen=True)
class TripPlan:
    trip: TripView
    people: list[PlanPerson]
    slots: list[Slot]
    country_level: list[PlanPerson] = field(default_factory=list)


def plan_trip(
    session: Session, trip_id: int, *, radius_km: float = 50, clock: Clock, limit: int = 50
) -> TripPlan:
    raise NotImplementedError


def propose_slots(
    windows: list[DayWindow],
    count: int,
    minutes: int = MAX_SLOT_MINUTES,
    buffer_minutes: int = 15,
) -> list[Slot]:
    raise NotImplementedError


def schedule_meetings(
    session: Session,
    trip_id: int,
    choices: list[tuple[int, datetime, int]],
    clock: Clock,
) -> list[int]:
    """Planned meetings (contact_id, starts_at, minutes) in the meeting planner."""
    raise NotImplementedError


def holds_ics(session: Session, trip_id: int, meeting_ids: list[int]) -> bytes:
    raise NotImplementedError
