"""Trips: one or more cities with dates, typed in or taken from a captured event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from prm.core.clock import Clock


@dataclass(frozen=True)
class StopDraft:
    city_query: str = ""  # "Munich", "Portland, OR", "Lyon, France"
    starts_on: date | None = None  # None: the trip's dates
    ends_on: date | None = None
    geonameid: int | None = None  # wins over city_query when given (the UI's completer)


@dataclass(frozen=True)
class TripDraft:
    title: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    stops: list[StopDraft] = field(default_factory=list)
    notes: str = ""


@dataclass(frozen=True)
class StopView:
    id: int
    position: int
    geonameid: int | None
    city: str
    country_code: str
    country_name: str
    lat: float | None
    lon: float | None
    timezone: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class TripView:
    id: int
    uid: str
    title: str
    starts_on: date
    ends_on: date
    notes: str
    stops: list[StopView]
    source_proposal_id: int | None = None


@dataclass(frozen=True)
class TripRow:
    id: int
    title: str
    cities: str  # "Munich, Vienna"
    starts_on: date
    ends_on: date
    meetings: int  # planned meetings scheduled for this trip


def add_trip(session: Session, draft: TripDraft, clock: Clock) -> int:
    raise NotImplementedError


def update_trip(session: Session, trip_id: int, draft: TripDraft, clock: Clock) -> None:
    raise NotImplementedError


def delete_trip(session: Session, trip_id: int, clock: Clock) -> None:
    """To the trash (``restore_trip`` brings it back: undo)."""
    raise NotImplementedError


def restore_trip(session: Session, trip_id: int) -> None:
    raise NotImplementedError


def list_trips(session: Session) -> list[TripRow]:
    raise NotImplementedError


def get_trip(session: Session, trip_id: int) -> TripView:
    raise NotImplementedError


def trip_from_proposal(session: Session, proposal_id: int, clock: Clock) -> TripDraft:
    """A draft from a captured calendar event with a location (city from its text)."""
    raise NotImplementedError
