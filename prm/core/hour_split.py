"""Splitting a time range into whole UTC hours and the parts of hours at its ends.

Counts kept per UTC hour by triggers (``derived_touch_hour``, revision 0017;
``derived_rhythm_hour``, revision 0023) answer "how many between ``lo`` and ``hi``"
from a few summary rows, but a range's ends are local midnights or "now": not on a
UTC hour in a +05:30 or +05:45 zone. The whole hours inside come from the summary
table; the minutes before the first whole hour and after the last are counted
exactly from an index (at most two hours of rows).

Hours are the first 13 characters of db_time's fixed-width UTC text
(``YYYY-MM-DD HH``). Every stored time of an hour sorts at or after that hour's
13-character text and every earlier time before it, so an hour's text also serves
as the exact bound of the partial ranges: both halves together count exactly what
``lo <= t < hi`` counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from prm.core.db_time import db_timestamp

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class HourSplit:
    # Whole hours: ``first <= hour < last`` in the summary table (no ``last``: no end).
    first: str | None
    last: str | None
    # Text ranges ``[lo, hi)`` to count exactly from an index (each inside one hour).
    partial: tuple[tuple[str, str], ...]

    def whole_hours(self, column: str = "hour") -> tuple[str, tuple]:
        """``(condition, params)`` selecting the whole hours in the summary table
        ("0" when there are none)."""
        if self.first is None:
            return "0", ()
        if self.last is None:
            return f"{column} >= ?", (self.first,)
        return f"{column} >= ? AND {column} < ?", (self.first, self.last)


def split_hours(lo: datetime, hi: datetime | None = None) -> HourSplit:
    """``[lo, hi)`` (or ``[lo, ...)``) as whole UTC hours plus exact partial ranges."""
    if hi is not None and hi <= lo:
        return HourSplit(None, None, ())
    first = _hour_start(lo)
    first = first if first == lo else first + HOUR  # the first whole hour starts here
    lo_text = db_timestamp(lo)
    head = () if first == lo else ((lo_text, _hour_text(first)),)
    if hi is None:
        return HourSplit(_hour_text(first), None, head)
    last = _hour_start(hi)  # ... and the last one ends here
    hi_text = db_timestamp(hi)
    if first >= last:  # no whole hour inside: a short range of the index
        return HourSplit(None, None, ((lo_text, hi_text),))
    tail = () if hi == last else ((_hour_text(last), hi_text),)
    return HourSplit(_hour_text(first), _hour_text(last), head + tail)


def _hour_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _hour_text(moment: datetime) -> str:
    return db_timestamp(moment)[:13]
