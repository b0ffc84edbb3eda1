"""Reachable hours: when a person likes to be called, in their own local time.

Written as the editor shows them: "09:00-18:00" (weekdays), "Mon-Sat 08:30-20:00",
"daily 10:00-16:00", "Mon,Wed,Fri 9-12". "" means the default, weekdays
09:00-18:00. Light on purpose: the contact editor's validation imports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = r"(\d{1,2})(?::(\d{2}))?"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|–|to)\s*{_TIME}$")
WEEKDAYS = frozenset(range(5))


@dataclass(frozen=True)
class ReachHours:
    start: time
    end: time
    days: frozenset[int]  # 0 = Monday

    def text(self) -> str:
        span = f"{self.start:%H:%M}–{self.end:%H:%M}"
        if self.days == WEEKDAYS:
            return span
        if len(self.days) == 7:
            return f"daily {span}"
        return f"{_days_text(self.days)} {span}"

    def open_at(self, local: datetime) -> bool:
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def windows(self, day: date, tz) -> tuple[datetime, datetime] | None:
        """The aware start and end of their hours on ``day`` (their calendar), or None."""
        if day.weekday() not in self.days:
            return None
        return (_first_instant(day, self.start, tz), _first_instant(day, self.end, tz))


def _first_instant(day: date, wall: time, tz) -> datetime:
    """The first moment of ``day`` at or after the wall time ``wall`` in ``tz``. Usually
    that wall time itself; one a DST change skips (Santiago's 00:30 on the night its
    clocks jump from 00:00 to 01:00) begins where the change lands (01:00)."""
    at = datetime.combine(day, wall, tz)
    utc = at.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) == at.replace(tzinfo=None):
        return at
    # In the gap: its two readings bracket the change; walk to it a minute at a time
    # (a gap is an hour or two, and only on the night of a change).
    moment = at.replace(fold=1).astimezone(UTC)
    while moment < utc:
        local = moment.astimezone(tz)
        if (local.date(), local.time()) >= (day, wall):
            return local
        moment += timedelta(minutes=1)
    return utc.astimezone(tz)


DEFAULT = ReachHours(time(9), time(18), WEEKDAYS)


def _days_text(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{_DAYS[ordered[0]].title()}-{_DAYS[ordered[-1]].title()}"
    return ",".join(_DAYS[d].title() for d in ordered)


def parse_hours(text: str) -> ReachHours:
    """The hours ``text`` says; ValueError naming the text when it says none."""
    raw = " ".join(text.split())
    if not raw:
        return DEFAULT
    days_part, _, span = raw.rpartition(" ")
    if not _RANGE.match(span) and " " in raw:  # "Mon-Fri 9 - 17": the span has spaces
        match = re.match(r"^(\D*?)\s*(\d.*)$", raw)
        days_part, span = (match.group(1), match.group(2)) if match else ("", raw)
    match = _RANGE.match(span.strip())
    if match is None:
        raise ValueError(f"“{text}” is not reachable hours; write them like 09:00-18:00")
    h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"“{text}” has a time that does not exist; write them like 09:00-18:00")
    start = time(h1, m1)
    end = time(23, 59) if h2 == 24 else time(h2, m2)
    if end <= start:
        raise ValueError(
            f"In “{text}” the hours end before they start (overnight is not supported)"
        )
    return ReachHours(start, end, _parse_days(days_part, text))


def _parse_days(part: str, text: str) -> frozenset[int]:
    part = part.strip().lower()
    if not part or part in {"weekdays", "workdays"}:
        return WEEKDAYS
    if part in {"daily", "every day", "all week", "everyday"}:
        return frozenset(range(7))
    days: set[int] = set()
    for piece in re.split(r"[,\s]+", part):
        ends = [p[:3] for p in re.split(r"-|–", piece) if p]
        if not ends or any(e not in _DAYS for e in ends) or len(ends) > 2:
            raise ValueError(f"“{text}”: “{piece}” is not a day (Mon, Tue … Sun)")
        a, b = _DAYS.index(ends[0]), _DAYS.index(ends[-1])
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(days)


def clean_hours(text: str) -> str:
    """The stored form ("" stays ""); ValueError for what is not hours."""
    return parse_hours(text).text().replace("–", "-") if text.strip() else ""


@lru_cache(maxsize=512)
def hours_of(text: str) -> ReachHours:
    """Stored hours, the default for what no longer parses (never fails a read)."""
    try:
        return parse_hours(text)
    except ValueError:
        return DEFAULT


def next_open(hours: ReachHours, local: datetime) -> tuple[datetime, datetime] | None:
    """The window open at ``local`` or the next one within a week: (start, end), aware."""
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        window = hours.windows(day, local.tzinfo)
        if window and window[1] > local:
            return (max(window[0], local), window[1])
    return None
