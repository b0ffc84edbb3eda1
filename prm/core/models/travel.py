"""Travel: each contact's derived place, trips and their stops.

``contact_place`` is derived (prm.core.travel.places keeps it in step with every
address / phone / time-zone write, in the write's own transaction) so a trip
plan finds the people of a city through an index instead of resolving 100k
addresses. (No ``from __future__ import annotations`` in model modules.)
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from prm.core.models.base import UTCDateTime, new_uid


class ContactPlace(SQLModel, table=True):
    """Where a contact is: a gazetteer city, or only a country ('' = unknown)."""

    __tablename__ = "contact_place"
    __table_args__ = (
        sa.Index("ix_contact_place_city", "country_code", "city"),
        sa.Index("ix_contact_place_geo", "lat", "lon"),
        sa.Index("ix_contact_place_tz", "timezone"),
    )

    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    geonameid: int | None = None
    city: str = ""
    country_code: str = ""
    lat: float | None = None
    lon: float | None = None
    # The IANA zone their local time is read in: the contact's own, else the city's.
    timezone: str = ""
    level: str = ""  # city | country | ""
    source: str = ""  # address | timezone | phone | ""
    # What it was resolved from (a digest): an edit that leaves these alone (a name,
    # a note) is not resolved again, and never loads the gazetteer.
    inputs: str = ""
    # Copied from the contact by triggers (0018_trip_rank), for ix_contact_place_rank:
    # cadence target, ever contacted, UTC day of the last touch (else of creation), live.
    rank_target: int | None = None
    rank_touched: bool | None = None
    rank_day: str | None = None
    rank_live: bool | None = None
    rank_birthday: int | None = None  # month * 100 + day
    # When the oldest reply still owed to them came in (triggers on touches), for
    # ix_contact_place_owed.
    rank_owed: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Trip(SQLModel, table=True):
    __tablename__ = "trip"
    __table_args__ = (sa.Index("ix_trip_live_start", "deleted_at", "starts_on"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    title: str = ""
    starts_on: date
    ends_on: date
    notes: str = ""
    # The captured calendar event the trip was taken from, if any.
    source_proposal_id: int | None = Field(
        default=None, foreign_key="capture_proposal.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TripStop(SQLModel, table=True):
    __tablename__ = "trip_stop"

    id: int | None = Field(default=None, primary_key=True)
    trip_id: int = Field(foreign_key="trip.id", ondelete="CASCADE", index=True)
    position: int = 0
    geonameid: int | None = None
    city: str = ""
    country_code: str = ""
    lat: float | None = None
    lon: float | None = None
    timezone: str = ""
    starts_on: date
    ends_on: date
