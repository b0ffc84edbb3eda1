"""Trips: one or more cities with dates, typed in or taken from a captured event.

A stop keeps the city's coordinates and time zone as resolved when the trip was
saved, so planning never loads the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlmodel import Session, select

from prm.core.clock import Clock
from prm.core.errors import NotFoundError, ValidationError

MAX_TRIP_DAYS = 366


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
    source_proposal_id: int | None = None  # the captured event it was taken from


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

    @property
    def cities(self) -> str:
        return ", ".join(s.city for s in self.stops)


@dataclass(frozen=True)
class TripRow:
    id: int
    title: str
    cities: str  # "Munich, Vienna"
    starts_on: date
    ends_on: date
    meetings: int  # planned meetings scheduled for this trip

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "cities": self.cities,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "meetings": self.meetings,
        }


def _cleaned(draft: TripDraft) -> tuple[TripDraft, list]:
    """The draft with its dates settled and every stop's city found, or ValidationError."""
    from prm.core.travel import gazetteer

    errors: dict[str, str] = {}
    starts, ends = draft.starts_on, draft.ends_on
    if starts is None:
        errors["starts_on"] = "Give the day the trip starts."
    if ends is None:
        errors["ends_on"] = "Give the day the trip ends."
    if starts and ends and ends < starts:
        errors["ends_on"] = f"The trip ends ({ends}) before it starts ({starts})."
    elif starts and ends and (ends - starts).days >= MAX_TRIP_DAYS:
        errors["ends_on"] = f"A trip lasts at most {MAX_TRIP_DAYS} days."
    if not draft.stops:
        errors["stops"] = "Give at least one city."
    cities = []
    for i, stop in enumerate(draft.stops):
        city = (
            gazetteer.city_by_id(stop.geonameid)
            if stop.geonameid is not None
            else gazetteer.find_city(stop.city_query)
        )
        if city is None:
            what = stop.city_query.strip() or f"#{stop.geonameid}"
            errors[f"stops[{i}]"] = (
                f"“{what}” is not a city PRM knows (cities of 5,000+ people);"
                " try its English name or add the country: “Portland, OR”, “Lyon, France”."
            )
            continue
        s_on, e_on = stop.starts_on or starts, stop.ends_on or ends
        if s_on and e_on and e_on < s_on:
            errors[f"stops[{i}]"] = (
                f"{city.name}: the stay ends ({e_on}) before it starts ({s_on})."
            )
        cities.append((city, s_on, e_on))
    if errors:
        raise ValidationError(errors)
    title = " ".join(draft.title.split()) or "Trip to " + ", ".join(c.name for c, _, _ in cities)
    return replace(draft, title=title, notes=draft.notes.strip()), cities


def _put_stops(session: Session, trip, cities: list) -> None:
    from prm.core import orm

    for old in session.exec(select(orm.TripStop).where(orm.TripStop.trip_id == trip.id)):
        session.delete(old)
    for i, (city, s_on, e_on) in enumerate(cities):
        session.add(
            orm.TripStop(
                trip_id=trip.id,
                position=i,
                geonameid=city.geonameid,
                city=city.name,
                country_code=city.country_code,
                lat=city.lat,
                lon=city.lon,
                timezone=city.timezone,
                starts_on=s_on,
                ends_on=e_on,
            )  # fmt: skip
        )


def add_trip(session: Session, draft: TripDraft, clock: Clock) -> int:
    from prm.core import orm

    clean, cities = _cleaned(draft)
    now = clock.now()
    trip = orm.Trip(
        title=clean.title, starts_on=clean.starts_on, ends_on=clean.ends_on, notes=clean.notes,
        source_proposal_id=clean.source_proposal_id, created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(trip)
    session.flush()
    _put_stops(session, trip, cities)
    session.flush()
    return trip.id


def update_trip(session: Session, trip_id: int, draft: TripDraft, clock: Clock) -> None:
    trip = _trip(session, trip_id)
    clean, cities = _cleaned(draft)
    trip.title, trip.notes = clean.title, clean.notes
    trip.starts_on, trip.ends_on = clean.starts_on, clean.ends_on
    trip.updated_at = clock.now()
    _put_stops(session, trip, cities)
    session.flush()


def delete_trip(session: Session, trip_id: int, clock: Clock) -> None:
    """To the trash (``restore_trip`` brings it back: undo)."""
    trip = _trip(session, trip_id)
    trip.deleted_at = clock.now()
    session.flush()


def restore_trip(session: Session, trip_id: int) -> None:
    trip = _trip(session, trip_id, include_trashed=True)
    trip.deleted_at = None
    session.flush()


def _trip(session: Session, trip_id: int, *, include_trashed: bool = False):
    from prm.core import orm

    trip = session.get(orm.Trip, trip_id)
    if trip is None or (trip.deleted_at is not None and not include_trashed):
        raise NotFoundError(f"No trip #{trip_id}.", hint="`prm trip list` shows the trips.")
    return trip


def list_trips(session: Session) -> list[TripRow]:
    """Live trips, the next (or current) first, past ones after, newest first."""
    rows = session.connection().exec_driver_sql(
        "SELECT t.id, t.title, t.starts_on, t.ends_on,"
        " (SELECT group_concat(s.city, ', ') FROM"
        "   (SELECT city FROM trip_stop WHERE trip_id = t.id ORDER BY position) s),"
        " (SELECT count(*) FROM meeting m WHERE m.trip_id = t.id AND m.deleted_at IS NULL)"
        " FROM trip t WHERE t.deleted_at IS NULL ORDER BY t.starts_on DESC, t.id DESC"
    )
    return [
        TripRow(tid, title, cities or "", _day(s), _day(e), n)
        for tid, title, s, e, cities, n in rows
    ]


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def get_trip(session: Session, trip_id: int) -> TripView:
    from prm.core import orm
    from prm.core.travel.gazetteer import country_name

    trip = _trip(session, trip_id)
    stops = session.exec(
        select(orm.TripStop).where(orm.TripStop.trip_id == trip_id).order_by(orm.TripStop.position)
    ).all()
    return TripView(
        trip.id, trip.uid, trip.title, trip.starts_on, trip.ends_on, trip.notes,
        [
            StopView(s.id, s.position, s.geonameid, s.city, s.country_code,
                     country_name(s.country_code), s.lat, s.lon, s.timezone, s.starts_on,
                     s.ends_on)
            for s in stops
        ],
        trip.source_proposal_id,
    )  # fmt: skip


def trip_from_proposal(session: Session, proposal_id: int, clock: Clock) -> TripDraft:
    """A draft from a captured calendar event with a location (city from its text)."""
    from prm.core import orm
    from prm.core.context import local_zone
    from prm.core.travel.from_calendar import CalendarPlace

    proposal = session.get(orm.CaptureProposal, proposal_id)
    if proposal is None or proposal.item_kind != "event":
        raise NotFoundError(f"No captured calendar event #{proposal_id}.")
    place = CalendarPlace(
        proposal.id, proposal.occurred_at, proposal.summary or "", proposal.location,
        proposal.duration_minutes,
    )  # fmt: skip
    return trip_from_place(place, local_zone())


def trip_from_place(place, zone) -> TripDraft:
    """A draft from a calendar event with a location (a ``CalendarPlace``): the city its
    location (else its title) names, its days in ``zone``."""
    city = None
    for text in (place.location, place.summary):
        city = city_in_text(text)
        if city is not None:
            break
    if city is None:
        where = place.location or place.summary
        raise ValidationError({"location": f"No city PRM knows in “{where}”."})
    starts = place.occurred_at.astimezone(zone).date()
    days = max(0, ((place.duration_minutes or 0) - 1) // (24 * 60))
    return TripDraft(
        title=place.summary or f"Trip to {city.name}",
        starts_on=starts,
        ends_on=starts + timedelta(days=days),
        stops=[StopDraft(geonameid=city.geonameid, city_query=city.name)],
        notes=place.location,
        source_proposal_id=place.proposal_id,
    )


def city_in_text(text: str):
    """The city a free text names: "Hotel Bayerischer Hof, Promenadeplatz 2, 80333 München"
    -> Munich; its comma parts from the end, then runs of words (longest first)."""
    from prm.core.travel import gazetteer

    parts = [p.strip() for p in text.split(",") if p.strip()]
    for part in reversed(parts):
        city = gazetteer.find_city(re.sub(r"^\d[\d\s-]*", "", part))
        if city is not None:
            return city
    words = re.findall(r"[^\W\d_][\w'.-]*", text)
    for size in (3, 2, 1):
        for at in range(len(words) - size + 1):
            city = gazetteer.find_city(" ".join(words[at : at + size]))
            if city is not None and (size > 1 or city.population >= 50_000):
                return city
    return None
