"""How many live touches happened between two moments, without reading them all.

``derived_touch_hour`` (revision 0017) holds per UTC hour, channel and direction
the number of live touches, kept exact by triggers on ``touch``. A window between
two arbitrary moments (local midnights in a +05:45 zone, now minus seven days) is
the whole UTC hours inside it, summed from that table, plus the minutes before the
first whole hour and after the last, counted exactly from ``ix_touch_week`` (at
most two hours of touches). A week at 1M touches is ~4,000 summary rows instead of
~85,000 index entries.

The hour of a touch is the first 13 characters of its stored time
(``YYYY-MM-DD HH``, db_time's fixed-width UTC text), the same text the window's
ends are compared with, so both halves together count exactly what
``occurred_at >= lo AND occurred_at < hi`` counts over ``touch``.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from prm.core.db_time import db_timestamp

HOUR = timedelta(hours=1)
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
    if hi <= lo:
        return found
    first = _hour_start(lo)
    first = first if first == lo else first + HOUR  # the first whole hour starts here
    last = _hour_start(hi)  # ... and the last one ends here
    lo_text, hi_text = db_timestamp(lo), db_timestamp(hi)
    if first >= last:  # no whole hour inside: a short range of the index
        _exact(conn, found, lo_text, hi_text, direction, by_channel)
        return found
    first_hour, last_hour = _hour_text(first), _hour_text(last)
    # Comparing with the 13-character hour itself: every stored time of that hour
    # sorts after it, every earlier one before it.
    _exact(conn, found, lo_text, first_hour, direction, by_channel)
    if hi != last:
        _exact(conn, found, last_hour, hi_text, direction, by_channel)
    where, params = " WHERE hour >= ? AND hour < ?", [first_hour, last_hour]
    if direction is not None:
        where += " AND direction = ?"
        params.append(direction)
    if by_channel:
        sql = f"SELECT channel, sum(n) FROM derived_touch_hour{where} GROUP BY channel"
        found.update(dict(conn.exec_driver_sql(sql, tuple(params)).fetchall()))
    else:
        sql = f"SELECT coalesce(sum(n), 0) FROM derived_touch_hour{where}"
        found[""] += conn.exec_driver_sql(sql, tuple(params)).scalar_one()
    return found


def _exact(conn, found: Counter, lo: str, hi: str, direction: str | None, by_channel: bool):
    """Count ``lo <= occurred_at < hi`` inside ix_touch_week only (a part of an hour)."""
    if hi <= lo:
        return
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


def _hour_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _hour_text(moment: datetime) -> str:
    return db_timestamp(moment)[:13]
