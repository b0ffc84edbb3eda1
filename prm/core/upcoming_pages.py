"""The Upcoming screen's list a week at a time, and how many things it holds.

At 100k contacts 90 days hold ~15,000 birthdays and anniversaries: building
them all costs ~0.4 s, so the screen shows the first week at once with the
exact total (``upcoming_count``, which builds nothing) and the rest a week at a
time as the user scrolls (``upcoming_part``). The contact fields are
counted per month/day inside their index (a few hundred groups); the stored
events, few, are counted as ``upcoming`` builds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from prm.core.upcoming import (
    ANNIVERSARY,
    BIRTHDAY,
    WEEK_DAYS,
    Occurrence,
    _key_ranges,
    _stored,
    next_yearly,
    upcoming_part,
)

PAGE_DAYS = WEEK_DAYS  # one week per page: ~1,200 things at 100k contacts


@dataclass(frozen=True)
class UpcomingPage:
    rows: list[Occurrence]  # in the list's order
    until: date  # the last day these rows cover
    last: date  # the window's last day
    total: int  # every row of the window, counted exactly

    @property
    def complete(self) -> bool:
        return self.until >= self.last


def last_day(today: date, days: int) -> date:
    return today + timedelta(days=max(days, 1) - 1)


def first_page(session: Session, *, today: date, days: int) -> UpcomingPage:
    """What the screen shows first: the first week and the exact total."""
    last = last_day(today, days)
    page = next_page(session, today=today, after=today - timedelta(days=1), last=last, total=0)
    total = len(page.rows) if page.complete else upcoming_count(session, today=today, days=days)
    return UpcomingPage(page.rows, page.until, last, total)


def next_page(
    session: Session, *, today: date, after: date, last: date, total: int
) -> UpcomingPage:
    """The week after ``after`` (the last day already shown)."""
    until = min(after + timedelta(days=PAGE_DAYS), last)
    rows = upcoming_part(session, today=today, first=after + timedelta(days=1), last=until)
    return UpcomingPage(rows, until, last, total)


def upcoming_count(session: Session, *, today: date, days: int) -> int:
    """``len(upcoming(session, today=today, days=days))``."""
    last = last_day(today, days)
    total = len(_stored(session, today, last))
    ranges, _params = _key_ranges(today, last)
    conn = session.connection()
    for field in (BIRTHDAY, ANNIVERSARY):
        by_key: dict[int, int] = {}  # the 29 February range may overlap another
        for low, high in ranges:
            # The same rows as upcoming._from_contacts reads, grouped by their day.
            by_key.update(
                conn.exec_driver_sql(
                    f"SELECT {field}_month * 100 + {field}_day AS k, count(*)"
                    f" FROM contact INDEXED BY ix_contact_{field}_key WHERE deleted_at IS NULL"
                    f" AND ({field}_month * 100 + {field}_day) BETWEEN ? AND ?"
                    " AND NOT EXISTS (SELECT 1 FROM event e WHERE e.contact_id = contact.id"
                    "  AND e.kind = ? AND e.deleted_at IS NULL) GROUP BY k",
                    (low, high, field),
                ).fetchall()
            )
        total += sum(n for key, n in by_key.items() if _falls(key, today, last))
    return total


def _falls(key: int, today: date, last: date) -> bool:
    try:
        return next_yearly(key // 100, key % 100, today) <= last
    except ValueError:  # a nonsense date written by something other than PRM
        return False
