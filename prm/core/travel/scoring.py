"""Why meet someone on a trip: the facts read once per plan, and each person's score.

Weights (one point ~ "clearly worth a slot"): past their rhythm 0.5 + how far
past it (capped at 3); a reply owed 1.5; a top-10 advocate 1.5, a client 0.75,
referrals they sent 0.5 each (up to 3); a tie dormant for a year 1.0; their
event during the trip 0.5 each (up to 1). Distance costs up to 0.2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from prm.core.db_time import parse_db_timestamp

DORMANT_DAYS = 365
TOP_ADVOCATES = 10


@dataclass
class Facts:
    owed: dict[int, date] = field(default_factory=dict)  # oldest reply owed, per person
    value: dict[int, tuple[float, int, bool]] = field(default_factory=dict)  # points, refs, client
    top: set[int] = field(default_factory=set)
    events: dict[int, list[str]] = field(default_factory=dict)

    def notable(self, cid: int) -> bool:
        """A reason to meet known without their row: a reply owed, an advocate, a client,
        a referrer, their event."""
        _points, refs, client = self.value.get(cid, (0.0, 0, False))
        return cid in self.owed or cid in self.top or cid in self.events or bool(refs or client)


def gather(conn, placed: tuple[str, tuple], starts: date, ends: date) -> Facts:
    """What the ranking needs about the people ``placed`` (an SQL condition on their
    ``contact_place`` row ``cp``, and its parameters) in a few reads, never per person;
    the replies owed are the caller's (``owed``)."""
    facts = Facts()
    where, args = placed
    value = "revenue + referrals + advocacy + introductions + reach"
    top = conn.exec_driver_sql(
        f"SELECT contact_id, {value} FROM derived_advocacy_value ORDER BY 2 DESC LIMIT ?",
        (TOP_ADVOCATES,),
    ).fetchall()
    facts.top = {cid for cid, points in top if points > 0}
    # Only what scores: a top advocate, a client, a referrer (value points alone do not).
    for cid, points, refs, client in conn.exec_driver_sql(
        f"SELECT d.contact_id, {value}, d.referrals_made, d.client FROM derived_advocacy_value d"
        f" CROSS JOIN contact_place cp ON cp.contact_id = d.contact_id WHERE {where}"
        f" AND (d.referrals_made OR d.client OR d.contact_id IN ({','.join('?' * len(top))}))",
        (*args, *(cid for cid, _ in top)),
    ):
        facts.value[cid] = (points, refs, bool(client))
    _events(conn, placed, starts, ends, facts)
    return facts


def owed(raw, places, codes) -> dict[int, date]:
    """Each person owed a reply -> the day of the oldest, among those at ``places``
    ((lat, lon) pairs) or placed only in a country of ``codes`` (contact_place.rank_owed,
    kept by triggers: a seek per place, never every owed message)."""
    owed_at = "SELECT contact_id, rank_owed FROM contact_place INDEXED BY ix_contact_place_owed"
    out = {}
    queries = [(f"{owed_at} WHERE rank_owed IS NOT NULL AND lat = ? AND lon = ?", place)
               for place in places]  # fmt: skip
    queries += [(f"{owed_at} WHERE rank_owed IS NOT NULL AND lat IS NULL AND lon IS NULL"
                 " AND country_code = ? AND city = ''", (code,)) for code in codes]  # fmt: skip
    for sql, args in queries:
        for cid, since in raw.execute(sql, args):
            out[cid] = parse_db_timestamp(since).date()
    return out


def birthdays(raw, places, starts: date, ends: date) -> set[int]:
    """The live people at ``places`` ((lat, lon) pairs; ``raw``: the driver's connection)
    whose birthday falls during the stay (contact_place.rank_birthday, 0018_trip_rank)."""
    keys = sorted({d.month * 100 + d.day for d in _days(starts, ends)})
    marks = ",".join("?" * len(keys))
    out: set[int] = set()
    for lat, lon in places:
        rows = raw.execute(
            "SELECT contact_id FROM contact_place INDEXED BY ix_contact_place_birthday"
            " WHERE rank_live = 1 AND lat = ? AND lon = ?"
            f" AND rank_birthday IN ({marks})",
            (lat, lon, *keys),
        )
        out.update(r[0] for r in rows)
    return out


def _events(conn, placed: tuple[str, tuple], starts: date, ends: date, facts: Facts) -> None:
    where, args = placed
    rows = conn.exec_driver_sql(
        "SELECT e.contact_id, e.title, e.kind, e.start_date, e.start_at, e.yearly FROM event e"
        " CROSS JOIN contact_place cp ON cp.contact_id = e.contact_id"
        " WHERE e.deleted_at IS NULL AND (e.yearly = 1"
        "  OR (e.start_date IS NOT NULL AND e.start_date <= ?"
        "      AND coalesce(e.end_date, e.start_date) >= ?)"
        f"  OR (e.start_at IS NOT NULL AND e.start_at >= ? AND e.start_at < ?)) AND {where}"
        " ORDER BY e.id",
        (ends.isoformat(), starts.isoformat(), starts.isoformat(),
         (ends + timedelta(days=1)).isoformat(), *args),
    )  # fmt: skip
    for cid, title, kind, start_date, start_at, yearly in rows:
        day = _day(start_date) if start_date else parse_db_timestamp(start_at).date()
        if yearly:
            day = next((d for d in _days(starts, ends) if (d.month, d.day) == (day.month, day.day)),
                       None)  # fmt: skip
            if day is None:
                continue
        what = title or kind.replace("_", " ")
        facts.events.setdefault(cid, []).append(f"{what} on {day:%a} {day.day} {day:%b}")


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _days(starts: date, ends: date):
    day = starts
    while day <= ends:
        yield day
        day += timedelta(days=1)


@lru_cache(maxsize=64)
def _trip_days(starts: date, ends: date) -> dict[tuple[int, int], date]:
    return {(d.month, d.day): d for d in _days(starts, ends)}


def _utc_day(value) -> date:
    """The UTC day of a stored timestamp ("2026-03-14 09:30:00.000000"), cheaply."""
    return value.date() if isinstance(value, datetime) else date.fromisoformat(value[:10])


def birthday_during(month: int | None, day: int | None, starts: date, ends: date) -> date | None:
    if not month or not day:
        return None
    return _trip_days(starts, ends).get((month, day))


def score(
    row: tuple, facts: Facts, today: date, *, km: float | None, radius_km: float,
    starts: date, ends: date,
) -> tuple[float, list[str]]:  # fmt: skip
    """A person's score and the reasons behind it, most telling first."""
    cid, target, last, created, bmonth, bday = row
    points, reasons = 0.0, []
    since = _utc_day(last) if last else None
    days = (today - (since or _utc_day(created))).days
    if target and days > target:
        late = days - target
        points += 0.5 + min((days / target) - 1, 3.0)
        reasons.append(f"overdue {late} days past their {target}-day rhythm")
    if cid in facts.owed:
        points += 1.5
        owed = facts.owed[cid]
        reasons.append(f"you owe a reply since {owed.day} {owed:%b %Y}")
    points_value, refs, client = facts.value.get(cid, (0.0, 0, False))
    if cid in facts.top:
        points += 1.5
        reasons.append("top-10 advocate")
    elif client:
        points += 0.75
        reasons.append("client")
    if refs:
        points += 0.5 * min(refs, 3)
        reasons.append(f"sent you {refs} referral{'s' if refs != 1 else ''}")
    if since is not None and (today - since).days >= DORMANT_DAYS:
        months = (today - since).days * 12 // 365
        points += 1.0
        reasons.append(f"dormant {months} months")
    birthday = birthday_during(bmonth, bday, starts, ends)
    if birthday is not None:
        facts.events.setdefault(cid, []).insert(
            0, f"birthday on {birthday:%a} {birthday.day} {birthday:%b}"
        )
    if facts.events.get(cid):
        points += min(0.5 * len(facts.events[cid]), 1.0)
        reasons.append("their event during the trip" if len(facts.events[cid]) == 1
                       else f"{len(facts.events[cid])} of their events during the trip")  # fmt: skip
    if km is not None and radius_km > 0:
        points -= 0.2 * min(km / radius_km, 1.0)
    return points, reasons
