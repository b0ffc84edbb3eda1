"""The best-ranked people at the places of a trip, read through an index in rank order.

Someone with no particular reason to be met (no reply owed, not an advocate,
client or referrer, no event or birthday during the stay) scores by their
place's distance and by (cadence target, ever contacted, day of their last
touch) alone: ``contact_place`` holds those (0018_trip_rank) and
``ix_contact_place_rank`` orders each place's people by them. Within one
(place, target, touched) the days split into ranges where the score is either
the same for everyone (not yet due, past the cap, dormant or not) — read in id
order, the plan's tie-break — or strictly falling as the day gets more recent
— read by day, then id. A heap merges those streams, so the plan reads about
as many rows as it shows, not everyone at the place. The people with a reason
(few) are scored apart by the caller, and skipped here.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date, timedelta

from prm.core.travel import scoring

_BATCH = 64
_DORMANT = scoring.DORMANT_DAYS
_FROM = "FROM contact_place INDEXED BY ix_contact_place_rank WHERE rank_live = 1"
_GROUP = f"{_FROM} AND lat = ? AND lon = ? AND rank_target IS ? AND rank_touched = ?"


def distinct_places(conn, lat_lo, lat_hi, lon_lo, lon_hi) -> list[tuple[float, float]]:
    """Every (lat, lon) placed inside the box, one index seek per place (never per person)."""
    out = []
    lat = conn.execute(
        "SELECT min(lat) FROM contact_place INDEXED BY ix_contact_place_geo"
        " WHERE lat BETWEEN ? AND ?", (lat_lo, lat_hi),
    ).fetchone()[0]  # fmt: skip
    while lat is not None:
        lon = lon_lo
        first = True
        while True:
            row = conn.execute(
                "SELECT min(lon) FROM contact_place INDEXED BY ix_contact_place_geo"
                f" WHERE lat = ? AND lon {'>=' if first else '>'} ? AND lon <= ?",
                (lat, lon, lon_hi),
            ).fetchone()
            if row[0] is None:
                break
            lon, first = row[0], False
            out.append((lat, lon))
        lat = conn.execute(
            "SELECT min(lat) FROM contact_place INDEXED BY ix_contact_place_geo"
            " WHERE lat > ? AND lat <= ?", (lat, lat_hi),
        ).fetchone()[0]  # fmt: skip
    return out


def _targets(conn, lat: float, lon: float) -> list[int | None]:
    """The cadence targets of the live people at one place (a seek per target)."""
    found: list[int | None] = []
    if conn.execute(f"SELECT 1 {_FROM} AND lat = ? AND lon = ? AND rank_target IS NULL LIMIT 1",
                    (lat, lon)).fetchone():  # fmt: skip
        found.append(None)
    target = conn.execute(
        f"SELECT min(rank_target) {_FROM} AND lat = ? AND lon = ?", (lat, lon)
    ).fetchone()[0]
    while target is not None:
        found.append(target)
        target = conn.execute(
            f"SELECT min(rank_target) {_FROM} AND lat = ? AND lon = ? AND rank_target > ?",
            (lat, lon, target),
        ).fetchone()[0]
    return found


def _ranges(target: int | None, touched: bool) -> list[tuple[int | None, int | None, bool]]:
    """(fewest days, most days + 1, score falls with the day) for each range of days
    since the anchor in which the score is constant or strictly monotone."""
    cuts = {_DORMANT} if touched else set()
    if target and target > 0:
        cuts |= {target + 1, 4 * target}  # overdue from target + 1 days; capped from 4x
    bounds = [None, *sorted(cuts), None]
    out = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        falling = bool(target and target > 0 and lo is not None and hi is not None
                       and lo >= target + 1 and hi <= 4 * target)  # fmt: skip
        out.append((lo, hi, falling))
    return out


def _stream(conn, where: tuple, days: tuple, today: date, falling: bool) -> Iterator[tuple]:
    """(contact id, anchor day) of one range, in rank order, a batch at a time."""
    lo, hi = days
    sql, args = _GROUP, list(where)
    if hi is not None:  # fewer than hi days: anchored after today - hi
        sql += " AND rank_day > ?"
        args.append((today - timedelta(days=hi)).isoformat())
    if lo is not None:  # at least lo days: anchored on or before today - lo
        sql += " AND rank_day <= ?"
        args.append((today - timedelta(days=lo)).isoformat())
    order = "rank_day, contact_id" if falling else "contact_id"
    after = " AND (rank_day, contact_id) > (?, ?)" if falling else " AND contact_id > ?"
    last: tuple = ()
    while True:
        rows = conn.execute(
            f"SELECT contact_id, rank_day {sql}{after if last else ''} ORDER BY {order} LIMIT ?",
            (*args, *last, _BATCH),
        ).fetchall()
        yield from rows
        if len(rows) < _BATCH:
            return
        last = (rows[-1][1], rows[-1][0]) if falling else (rows[-1][0],)


def best_at_places(
    conn, places: dict, skip: set[int], *, today: date, radius_km: float, limit: int
) -> list[tuple]:
    """The ``limit`` best (score, id, km, stop, reasons) among the live people at
    ``places`` ((lat, lon) -> (km, stop)) who are not in ``skip``, best first."""
    facts = scoring.Facts()  # nobody here has a reason beyond their rhythm
    streams = []
    for (lat, lon), (km, stop) in places.items():
        for target in _targets(conn, lat, lon):
            for touched in (False, True):
                for lo, hi, falling in _ranges(target, touched):
                    rows = _stream(conn, (lat, lon, target, int(touched)), (lo, hi), today,
                                   falling)  # fmt: skip
                    streams.append(_scored(rows, target, touched, km, stop, facts, today,
                                           radius_km))  # fmt: skip
    out: list[tuple] = []
    for ranked in heapq.merge(*streams, key=lambda r: (-r[0], r[1])):
        if ranked[1] in skip:
            continue
        out.append(ranked)
        if len(out) >= limit:
            break
    return out


def _scored(rows, target, touched, km, stop, facts, today, radius_km) -> Iterator[tuple]:
    for cid, day in rows:
        row = (cid, target, day if touched else None, day, None, None)
        score, reasons = scoring.score(row, facts, today, km=km, radius_km=radius_km,
                                       starts=stop.starts_on, ends=stop.ends_on)  # fmt: skip
        yield (score, cid, km, stop, reasons)
