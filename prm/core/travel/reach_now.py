"""Who can be reached politely now: their local time against their hours.

"Now" is an instant; each person's local time comes from their own time zone,
else their place's (``contact_place.timezone``). Their hours are
``contact.reach_hours`` ("" = weekdays 09:00-18:00). The list walks the
reach-out ranking (most overdue first, through ix_contact_rhythm) and keeps
those whose hours open within the next N hours: the decision is made once per
(zone, hours) pair, so it stays cheap at 100k contacts, and the walk stops at
``limit`` or after ``_MAX_SCANNED`` people.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import Session

from prm.core.db_time import parse_db_timestamp
from prm.core.rhythm_sql import ANCHOR, BY_RHYTHM, any_target, filters, targets
from prm.core.travel.hours import WEEKDAYS, hours_of, next_open

if TYPE_CHECKING:
    from prm.core.models import Contact

GREETING_AT = time(9)
_MAX_SCANNED = 20_000


@dataclass(frozen=True)
class ReachNowRow:
    contact_id: int
    name: str
    local_time_text: str  # "14:05 Tue (Tokyo)"
    window_left_minutes: int  # minutes of their hours left (from now, or from when they open)
    channel: str
    reason: str
    opens_in_minutes: int = 0  # 0: their hours are open now

    def to_dict(self) -> dict:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "local_time": self.local_time_text,
            "opens_in_minutes": self.opens_in_minutes,
            "window_left_minutes": self.window_left_minutes,
            "channel": self.channel,
            "reason": self.reason,
        }


def zone_of(name: str):
    try:
        return ZoneInfo(name) if name else None
    except (KeyError, ValueError):
        return None


def local_time(contact: Contact, now: datetime, timezone: str = "") -> datetime | None:
    """``now`` in the contact's zone (their own, else ``timezone``: their place's)."""
    zone = zone_of(contact.timezone) or zone_of(timezone)
    return now.astimezone(zone) if zone else None


def place_label(city: str, zone: str) -> str:
    """ "Tokyo": the city, else the zone's own city ("America/New_York" -> "New York")."""
    return city or zone.rsplit("/", 1)[-1].replace("_", " ")


def local_time_text(local: datetime, label: str) -> str:
    return f"{local:%H:%M %a} ({label})" if label else f"{local:%H:%M %a}"


def opens_within(zone: str, reach: str, now: datetime, horizon: timedelta):
    """(opens_in, left) minutes when their hours open before ``now + horizon``, else None."""
    tz = zone_of(zone)
    if tz is None:
        return None
    found = next_open(hours_of(reach), now.astimezone(tz))
    if found is None:
        return None
    start, end = found
    if start - now >= horizon:
        return None
    return (int((start - now).total_seconds() // 60), int((end - start).total_seconds() // 60))


def _zones(conn) -> list[str]:
    """Every zone people are placed in: one index seek per zone (a few dozen), not a scan."""
    zones, last = [], ""
    while True:
        row = conn.exec_driver_sql(
            "SELECT min(timezone) FROM contact_place INDEXED BY ix_contact_place_tz"
            " WHERE timezone > ?",
            (last,),
        ).first()
        if row is None or row[0] is None:
            return zones
        last = row[0]
        zones.append(last)


_PICK = (
    "SELECT c.id, c.display_name, c.preferred_channel, c.reach_hours, c.timezone,"
    f" p.timezone, p.city, {ANCHOR}, c.cadence_target_days"
)
_DIRECT_UP_TO = 5000  # fewer people in the open zones than this: read them all


def reach_now(
    session: Session, *, hours: float = 2, now: datetime, limit: int = 200
) -> list[ReachNowRow]:
    """People whose hours are open now or open within ``hours``, most overdue first.

    Which zones are open is decided first (default hours); people with their own
    hours are few (a partial index) and decided one by one. The rest come from the
    open zones: read directly when few, else by walking the reach-out ranking
    until ``limit`` are found."""
    if not 0 < hours <= 24:
        from prm.core.errors import ValidationError

        raise ValidationError({"hours": f"Look 0 to 24 hours ahead, not {hours:g}."})
    conn = session.connection()
    where, params = filters(now.date(), None, None, False)
    horizon = timedelta(hours=hours)
    decided: dict[tuple[str, str], tuple[int, int] | None] = {}

    def window(zone: str, reach: str):
        if (zone, reach) not in decided:
            decided[(zone, reach)] = opens_within(zone, reach, now, horizon)
        return decided[(zone, reach)]

    open_zones = sorted(z for z in _zones(conn) if window(z, ""))
    found: list[tuple] = []
    for row in conn.exec_driver_sql(
        f"{_PICK} FROM contact c INDEXED BY ix_contact_reach_hours"
        " LEFT JOIN contact_place p ON p.contact_id = c.id"
        f" WHERE c.reach_hours != '' AND {any_target(where)}",
        tuple(params),
    ):
        zone = row[4] or row[5] or ""
        if zone and window(zone, row[3]):
            found.append(row)
    if open_zones:
        marks = ",".join("?" * len(open_zones))
        count = conn.exec_driver_sql(
            "SELECT count(*) FROM contact_place INDEXED BY ix_contact_place_tz"
            f" WHERE timezone IN ({marks})",
            tuple(open_zones),
        ).scalar()
        if count <= _DIRECT_UP_TO:
            found += conn.exec_driver_sql(
                f"{_PICK} FROM contact_place p INDEXED BY ix_contact_place_tz"
                " CROSS JOIN contact c ON c.id = p.contact_id"
                f" WHERE p.timezone IN ({marks}) AND c.reach_hours = '' AND {any_target(where)}",
                (*open_zones, *params),
            ).fetchall()
        else:
            found += _walk(conn, where, params, set(open_zones), now, limit)
    keyed = sorted(((_overdue_key(row, now), row) for row in found), key=lambda k: k[0])
    return [_row(row, window(row[4] or row[5], row[3]), now) for _k, row in keyed[:limit]]


def _overdue_key(row, now: datetime) -> tuple[float, int]:
    return (-(now - parse_db_timestamp(row[7])).total_seconds() / row[8], row[0])


def _walk(conn, where: str, params, zones: set[str], now: datetime, limit: int) -> list[tuple]:
    """The reach-out ranking (most overdue first, one index walk per rhythm), kept to
    default-hours people in ``zones``, until ``limit`` (or ``_MAX_SCANNED`` looked at)."""

    def ranked(target: int):
        rows = conn.exec_driver_sql(
            f"{_PICK} FROM contact c {BY_RHYTHM} LEFT JOIN contact_place p ON p.contact_id = c.id"
            f" WHERE {where} ORDER BY {ANCHOR}",
            (target, *params),
        )
        for row in rows:
            yield _overdue_key(row, now), row

    merged = heapq.merge(*(ranked(t) for t in targets(conn)), key=lambda item: item[0])
    out = []
    for _key, row in itertools.islice(merged, _MAX_SCANNED):
        if not row[3] and (row[4] or row[5]) in zones:
            out.append(row)
            if len(out) >= limit:
                break
    return out


def _row(row, window: tuple[int, int], now: datetime) -> ReachNowRow:
    cid, name, channel, _reach, own, placed, city, anchor, target = row
    zone = own or placed
    local = now.astimezone(zone_of(zone))
    label = place_label(city if not own or own == placed else "", zone)
    days = (now - parse_db_timestamp(anchor)).days
    reason = (
        f"overdue {days - target} days past their {target}-day rhythm"
        if days > target
        else f"last touch {days} days ago (rhythm {target} days)"
    )
    return ReachNowRow(cid, name, local_time_text(local, label), window[1], channel, reason,
                       window[0])  # fmt: skip


def call_warning(session: Session, contact_id: int, at: datetime) -> str | None:
    """A gentle warning when ``at`` is outside the person's hours, their time; else None."""
    row = (
        session.connection()
        .exec_driver_sql(
            "SELECT c.display_name, c.given_name, c.timezone, c.reach_hours, p.timezone, p.city"
            " FROM contact c LEFT JOIN contact_place p ON p.contact_id = c.id WHERE c.id = ?",
            (contact_id,),
        )
        .first()
    )
    if row is None:
        return None
    name, given, own, reach, placed, city = row
    zone = zone_of(own) or zone_of(placed or "")
    if zone is None:
        return None
    hours = hours_of(reach)
    local = at.astimezone(zone)
    if hours.open_at(local):
        return None
    label = place_label(city if not own or own == placed else "", own or placed)
    when = f"{local:%H:%M}" if local.weekday() in hours.days else f"{local:%a %H:%M}"
    span = hours.text() + (" on weekdays" if hours.days == WEEKDAYS else "")
    return f"It is {when} for {given or name} ({label}) — outside their hours {span}. Log anyway?"


def contact_local_time(session: Session, contact_id: int, now: datetime) -> str | None:
    """ "14:05 Tue (Tokyo)" for a contact card; None when their zone is unknown."""
    row = (
        session.connection()
        .exec_driver_sql(
            "SELECT c.timezone, p.timezone, p.city FROM contact c"
            " LEFT JOIN contact_place p ON p.contact_id = c.id WHERE c.id = ?",
            (contact_id,),
        )
        .first()
    )
    if row is None:
        return None
    own, placed, city = row
    zone = zone_of(own) or zone_of(placed or "")
    if zone is None:
        return None
    label = place_label(city if not own or own == placed else "", own or placed)
    return local_time_text(now.astimezone(zone), label)


def birthday_greeting_time(contact: Contact, on_date: date, timezone: str = "") -> datetime:
    """09:00 on ``on_date`` in *their* zone (aware); in the user's zone when theirs is unknown."""
    zone = zone_of(contact.timezone) or zone_of(timezone)
    if zone is None:
        from prm.core.context import local_zone

        zone = local_zone()
    return datetime.combine(on_date, GREETING_AT, zone).astimezone(UTC).astimezone(zone)
