"""Who to see on a trip, when, and the calendar holds for the meetings chosen.

The places within the radius come from ``contact_place``'s (lat, lon) index, a
seek per place. The ranking adds up, per person: how far past their own rhythm
they are, a reply the user owes them, their value (advocacy points), and a
dormant tie worth reviving — each said as a reason. The few with a reason
beyond their rhythm (a reply owed, value, an event or birthday during the stay)
are found through their own indexes and scored one by one; everyone else is
read in rank order (``rank_walk``) only as far as the plan shows, so a plan
reads about as many rows at 1M contacts as at 10k.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from prm.core.clock import Clock
from prm.core.travel import rank_walk, scoring
from prm.core.travel.hours import hours_of
from prm.core.travel.trips import StopView, TripView, get_trip

MAX_SLOT_MINUTES = 45
DAY_START, DAY_END = time(9), time(18)  # the user's meeting hours in the trip city
_KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class PlanPerson:
    contact_id: int
    name: str
    organization: str
    city: str
    distance_km: float | None  # None: known only at country level
    score: float
    reasons: list[str]
    local_time_windows: list[str]  # "Tue 3 Dec 09:00–18:00"
    events_during_trip: list[str]
    channel: str

    def to_dict(self) -> dict:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "organization": self.organization,
            "city": self.city,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "score": round(self.score, 3),
            "reasons": self.reasons,
            "local_time_windows": self.local_time_windows,
            "events_during_trip": self.events_during_trip,
            "channel": self.channel,
        }


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware, in the trip city's time zone
    minutes: int  # <= 45
    contact_id: int | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def to_dict(self) -> dict:
        return {
            "starts_at": self.starts_at.isoformat(),
            "minutes": self.minutes,
            "contact_id": self.contact_id,
        }


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

    def to_dict(self) -> dict:
        t = self.trip
        return {
            "trip": {
                "id": t.id,
                "title": t.title,
                "starts_on": t.starts_on.isoformat(),
                "ends_on": t.ends_on.isoformat(),
                "notes": t.notes,
                "stops": [
                    {
                        "city": s.city,
                        "country": s.country_code,
                        "timezone": s.timezone,
                        "starts_on": s.starts_on.isoformat(),
                        "ends_on": s.ends_on.isoformat(),
                    }
                    for s in t.stops
                ],  # fmt: skip
            },
            "people": [p.to_dict() for p in self.people],
            "country_level": [p.to_dict() for p in self.country_level],
            "slots": [s.to_dict() for s in self.slots],
        }


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


# What ranking reads, from ix_contact_travel_rank alone (never the contact rows).
_RANK = (
    "SELECT id, cadence_target_days, last_touch_at, created_at, birthday_month, birthday_day"
    " FROM contact INDEXED BY ix_contact_travel_rank WHERE id IN ({marks}) AND deleted_at IS NULL"
)
# What is shown, for the few ranked high enough to be shown.
_SHOWN = (
    "SELECT c.id, c.display_name, c.organization, c.preferred_channel, c.reach_hours,"
    " p.city, p.timezone FROM contact c JOIN contact_place p ON p.contact_id = c.id"
    " WHERE c.id IN ({marks})"
)


def _chunks(ids: list[int], size: int = 900):
    for at in range(0, len(ids), size):
        part = ids[at : at + size]
        yield part, ",".join("?" * len(part))


def _box(stop: StopView, radius_km: float) -> tuple[float, float, float, float]:
    dlat = radius_km / _KM_PER_DEGREE
    dlon = radius_km / (_KM_PER_DEGREE * max(0.01, math.cos(math.radians(stop.lat))))
    return stop.lat - dlat, stop.lat + dlat, stop.lon - dlon, stop.lon + dlon


def _places(raw, stops: list[StopView], radius_km: float) -> dict[tuple, tuple[float, StopView]]:
    """(lat, lon) -> (km, nearest stop) for every place within ``radius_km`` of a stop
    (a seek per place: everyone at one place is as far)."""
    out: dict[tuple, tuple[float, StopView]] = {}
    for stop in stops:
        if stop.lat is None or stop.lon is None:
            continue
        for lat, lon in rank_walk.distinct_places(raw, *_box(stop, radius_km)):
            km = distance_km(stop.lat, stop.lon, lat, lon)
            if km <= radius_km and ((lat, lon) not in out or km < out[(lat, lon)][0]):
                out[(lat, lon)] = (km, stop)
    return out


def _placed(stops: list[StopView], codes: list[str], radius_km: float) -> tuple[str, tuple]:
    """An SQL condition on ``contact_place cp``: inside a stop's box, or placed only in
    a stop's country (a superset of the plan's people; the caller keeps the exact ones)."""
    parts, args = [], []
    for stop in stops:
        if stop.lat is not None and stop.lon is not None:
            parts.append("(cp.lat BETWEEN ? AND ? AND cp.lon BETWEEN ? AND ?)")
            args += _box(stop, radius_km)
    if codes:
        parts.append(f"(cp.city = '' AND cp.country_code IN ({','.join('?' * len(codes))}))")
        args += codes
    return f"({' OR '.join(parts) or '0'})", tuple(args)


def _where(conn, ids) -> dict[int, tuple]:
    """contact id -> (lat, lon, city, country code) of their place."""
    out = {}
    for part, marks in _chunks(sorted(ids)):
        for cid, *place in conn.exec_driver_sql(
            f"SELECT contact_id, lat, lon, city, country_code FROM contact_place"
            f" WHERE contact_id IN ({marks})", tuple(part),
        ):  # fmt: skip
            out[cid] = tuple(place)
    return out


def _rank_rows(conn, ids) -> dict[int, tuple]:
    # The driver's own cursor: thousands of rows without the per-row wrapping.
    cursor = conn.connection.dbapi_connection.cursor()
    out = {}
    try:
        for part, marks in _chunks(sorted(ids)):
            cursor.execute(_RANK.format(marks=marks), tuple(part))
            out.update((row[0], row) for row in cursor.fetchall())
    finally:
        cursor.close()
    return out


def _shown(conn, ids: list[int]) -> dict[int, tuple]:
    out = {}
    for part, marks in _chunks(ids):
        for row in conn.exec_driver_sql(_SHOWN.format(marks=marks), tuple(part)):
            out[row[0]] = row
    return out


def plan_trip(
    session: Session, trip_id: int, *, radius_km: float = 50, clock: Clock, limit: int = 50
) -> TripPlan:
    if not 0 < radius_km <= 1000:
        from prm.core.errors import ValidationError

        raise ValidationError({"radius_km": f"The radius is 1 to 1000 km, not {radius_km:g}."})
    trip = get_trip(session, trip_id)
    conn = session.connection()
    raw = conn.connection.dbapi_connection
    today = clock.now().date()
    places = _places(raw, trip.stops, radius_km)
    codes = sorted({s.country_code for s in trip.stops if s.country_code})
    placed = _placed(trip.stops, codes, radius_km)
    facts = scoring.gather(conn, placed, trip.starts_on, trip.ends_on)
    facts.owed = scoring.owed(raw, places, codes)
    # The few with a reason beyond their rhythm are scored one by one; everyone else
    # at the places is read in rank order (rank_walk) only as far as the plan shows.
    special = set(facts.owed) | set(facts.value) | set(facts.events)
    special |= scoring.birthdays(raw, places, trip.starts_on, trip.ends_on)
    near: dict[int, tuple[float, StopView]] = {}
    country: dict[int, StopView] = {}
    for cid, (lat, lon, city, code) in _where(conn, special).items():
        if (lat, lon) in places:
            near[cid] = places[(lat, lon)]
        elif not city:
            country_stop = next((s for s in trip.stops if s.country_code == code), None)
            # Elsewhere in the country, only people with a reason the facts already show:
            # a country of people is not ranked row by row (the city's are).
            if country_stop is not None and facts.notable(cid):
                country[cid] = country_stop
    rank = _rank_rows(conn, set(near) | set(country))
    ranked = rank_walk.best_at_places(raw, places, set(near), today=today, radius_km=radius_km,
                                      limit=limit)  # fmt: skip
    for cid, (km, stop) in near.items():
        if cid in rank:
            score, reasons = scoring.score(
                rank[cid], facts, today, km=km, radius_km=radius_km,
                starts=stop.starts_on, ends=stop.ends_on,
            )  # fmt: skip
            ranked.append((score, cid, km, stop, reasons))
    in_country = []
    for cid, stop in country.items():
        if cid in rank:
            score, reasons = scoring.score(
                rank[cid], facts, today, km=None, radius_km=radius_km,
                starts=stop.starts_on, ends=stop.ends_on,
            )  # fmt: skip
            if reasons:  # country-wide, only people with a reason to meet
                in_country.append((score, cid, None, stop, reasons))
    top = heapq.nsmallest(limit, ranked, key=lambda r: (-r[0], r[1]))
    top_country = heapq.nsmallest(max(0, limit // 2), in_country, key=lambda r: (-r[0], r[1]))
    shown = _shown(conn, [r[1] for r in top + top_country])
    people = [_person(r, shown[r[1]], facts) for r in top if r[1] in shown]
    others = [_person(r, shown[r[1]], facts) for r in top_country if r[1] in shown]
    stops = {r[1]: r[3] for r in top}
    hours = {cid: (row[4], row[6] or stops[cid].timezone) for cid, row in shown.items()
             if cid in stops}  # fmt: skip
    return TripPlan(trip, people, _assign(trip, people, hours), others)


def _person(ranked: tuple, shown: tuple, facts: scoring.Facts) -> PlanPerson:
    score, cid, km, stop, reasons = ranked
    _, name, org, channel, reach, city, zone = shown
    return PlanPerson(
        cid, name, org, city or stop.country_name, km, score, reasons,
        local_windows(reach, zone or stop.timezone, stop),
        facts.events.get(cid, []), channel,
    )  # fmt: skip


def local_windows(reach_hours: str, zone: str, stop: StopView) -> list[str]:
    """Their hours on each day of the stay, in their time and (when it differs) the city's."""
    hours = hours_of(reach_hours)
    theirs, city = _zone(zone), _zone(stop.timezone)
    out = []
    day = stop.starts_on
    while day <= stop.ends_on:
        window = hours.windows(day, theirs)
        if window:
            start, end = window
            text = f"{day:%a} {day.day} {day:%b} {start:%H:%M}–{end:%H:%M}"
            if zone and zone != stop.timezone and theirs != city:
                s, e = start.astimezone(city), end.astimezone(city)
                text += f" ({s:%H:%M}–{e:%H:%M} {stop.city} time)"
            out.append(text)
        day += timedelta(days=1)
    return out


def _zone(name: str):
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def trip_windows(trip: TripView) -> list[DayWindow]:
    """The user's meeting hours on each weekday of each stay, in the city's time
    (every day when the whole trip is a weekend)."""
    days = []
    for stop in trip.stops:
        zone = _zone(stop.timezone)
        day = stop.starts_on
        while day <= stop.ends_on:
            days.append(DayWindow(day, datetime.combine(day, DAY_START, zone),
                                  datetime.combine(day, DAY_END, zone)))  # fmt: skip
            day += timedelta(days=1)
    weekdays = [w for w in days if w.day.weekday() < 5]
    return weekdays or days


def propose_slots(
    windows: list[DayWindow],
    count: int,
    minutes: int = MAX_SLOT_MINUTES,
    buffer_minutes: int = 15,
) -> list[Slot]:
    """Up to ``count`` meetings of ``minutes`` (never over 45), ``buffer_minutes`` apart,
    inside the windows, earliest first."""
    length = timedelta(minutes=max(1, min(minutes, MAX_SLOT_MINUTES)))
    gap = timedelta(minutes=max(0, buffer_minutes))
    slots: list[Slot] = []
    for w in sorted(windows, key=lambda w: w.start):
        at = w.start
        while at + length <= w.end and len(slots) < count:
            slots.append(Slot(at, int(length.total_seconds() // 60)))
            at += length + gap
    return slots


def _assign(
    trip: TripView, people: list[PlanPerson], hours: dict[int, tuple[str, str]]
) -> list[Slot]:
    """A slot for each of the best-ranked people, at a time inside their own hours;
    the free slots left after them (as many as people without one)."""
    if not people:
        return []
    free = propose_slots(trip_windows(trip), count=10_000)  # every slot of the trip
    taken: set[int] = set()
    out = []
    for person in people:
        reach, zone = hours[person.contact_id]
        for i, slot in enumerate(free):
            if i not in taken and fits(reach, zone, slot):
                taken.add(i)
                out.append(Slot(slot.starts_at, slot.minutes, person.contact_id))
                break
    out += [s for i, s in enumerate(free) if i not in taken][: max(0, len(people) - len(out))]
    return sorted(out, key=lambda s: s.starts_at)


def fits(reach_hours: str, zone: str, slot: Slot) -> bool:
    """True when the whole slot is inside the person's hours, in their time."""
    hours, theirs = hours_of(reach_hours), _zone(zone)
    start, end = slot.starts_at.astimezone(theirs), slot.ends_at.astimezone(theirs)
    return hours.open_at(start) and start.date() == end.date() and end.time() <= hours.end


from prm.core.travel.schedule import holds_ics, schedule_meetings  # noqa: E402  (the API's home)

__all__ = [
    "DayWindow", "PlanPerson", "Slot", "TripPlan", "holds_ics", "plan_trip", "propose_slots",
    "schedule_meetings",
]  # fmt: skip
