"""How many live touches happened between two moments, without reading them all.

``derived_touch_hour`` (revision 0017) holds per UTC hour, channel and direction
the number of live touches, kept exact by triggers on ``touch``. A window between
two arbitrary moments (local midnights in a +05:45 zone, now minus seven days) is
the whole UTC hours inside it, summed from that table, plus the minutes before the
first whole hour and after the last, counted exactly from ``ix_touch_week`` (at
most two hours of touches; the split is ``prm.core.hour_split``). A week at 1M
touches is ~4,000 summary rows instead of ~85,000 index entries.

The hour of a touch is the first 13 characters of its stored time
(``YYYY-MM-DD HH``, db_time's fixed-width UTC text), the same text the window's
ends are compared with, so both halves together count exactly what
``occurred_at >= lo AND occurred_at < hi`` counts over ``touch``.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from prm.core.hour_split import split_hours

# Bulk loads (import-all) rebuild the table in one statement; the triggers in
# revision 0017 keep it as single rows are written.
_FILL = (
    "INSERT INTO derived_touch_hour (hour, channel, direction, n)"
    " SELECT substr(occurred_at, 1, 13), channel, direction, count(*) FROM touch"
    " WHERE deleted_at IS NULL GROUP BY 1, 2, 3"
)


def refresh_touch_hours(conn) -> None:
    """Recount every hour from ``touch`` (after a bulk load)."""
    conn.exec_driver_sql("DELETE FROM derived_touch_hour")
    conn.exec_driver_sql(_FILL)


def touch_count(conn, lo: datetime, hi: datetime, *, direction: str | None = None) -> int:
    """Live touches with ``lo <= occurred_at < hi`` (optionally of one direction)."""
    return sum(_counts(conn, lo, hi, direction, by_channel=False).values())


def touches_by_channel(
    conn, lo: datetime, hi: datetime, *, direction: str | None = None
) -> dict[str, int]:
    """Live touches with ``lo <= occurred_at < hi`` per channel, most used first
    (ties by channel name); channels without a touch are left out."""
    counts = _counts(conn, lo, hi, direction, by_channel=True)
    ranked = sorted(((ch, n) for ch, n in counts.items() if n), key=lambda i: (-i[1], i[0]))
    return dict(ranked)


def _counts(conn, lo: datetime, hi: datetime, direction: str | None, *, by_channel: bool):
    found: Counter = Counter()
    split = split_hours(lo, hi)
    for part_lo, part_hi in split.partial:
        _exact(conn, found, part_lo, part_hi, direction, by_channel)
    if split.first is None:
        return found
    condition, params = split.whole_hours()
    where = f" WHERE {condition}"
    if direction is not None:
        where += " AND direction = ?"
        params += (direction,)
    if by_channel:
        sql = f"SELECT channel, sum(n) FROM derived_touch_hour{where} GROUP BY channel"
        found.update(dict(conn.exec_driver_sql(sql, params).fetchall()))
    else:
        sql = f"SELECT coalesce(sum(n), 0) FROM derived_touch_hour{where}"
        found[""] += conn.exec_driver_sql(sql, params).scalar_one()
    return found


def _exact(conn, found: Counter, lo: str, hi: str, direction: str | None, by_channel: bool):
    """Count ``lo <= occurred_at < hi`` inside ix_touch_week only (a part of an hour)."""
    where = (
        " FROM touch INDEXED BY ix_touch_week"
        " WHERE occurred_at >= ? AND occurred_at < ? AND deleted_at IS NULL"
    )
    params: tuple = (lo, hi)
    if direction is not None:
        where += " AND direction = ?"
        params += (direction,)
    if by_channel:
        rows = conn.exec_driver_sql(f"SELECT channel, count(*){where} GROUP BY channel", params)
        found.update(dict(rows.fetchall()))
    else:
        found[""] += conn.exec_driver_sql(f"SELECT count(*){where}", params).scalar_one()
