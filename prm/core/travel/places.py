"""Each contact's place (``contact_place``), derived and kept in step.

Resolution: the preferred (else first) address whose locality the gazetteer
knows -> city; else an address's country, the contact's time zone, their first
phone's country -> country level.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session


@dataclass(frozen=True)
class PlaceView:
    contact_id: int
    geonameid: int | None
    city: str
    country_code: str
    country_name: str
    lat: float | None
    lon: float | None
    timezone: str
    level: str  # city | country | ""
    source: str  # address | timezone | phone | ""


def resolve(session: Session, contact_id: int) -> None:
    """Recompute one contact's place (called in the write's own transaction)."""
    raise NotImplementedError


def rebuild(session: Session) -> None:
    """Recompute everyone's place (bulk paths: migration, import, sync, restore)."""
    return None  # body follows the API commit


def place_of(session: Session, contact_id: int) -> PlaceView | None:
    raise NotImplementedError
