"""The Upcoming screen's list a page at a time, and how many things it holds.

At 100k contacts 90 days hold ~15,000 birthdays and anniversaries: building
them all costs ~0.4 s, so the screen shows the first page at once with the
exact total (``upcoming_count``, which builds nothing) and the rest a page at a
time as the user scrolls (``upcoming_part``). A page is a week, or fewer whole
days when a week holds more than ``PAGE_ROWS`` (at 1M contacts a week holds
~12,500 birthdays and anniversaries, a day ~1,800). The contact fields are
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

PAGE_DAYS = WEEK_DAYS  # at most a week per page: ~1,200 things at 100k contacts
PAGE_ROWS = 2000  # fewer days when a week holds more (never less than one day)


@dataclass(frozen=True)
class UpcomingPage:
    rows: list[Occurrence]  # in the list's order
    until: date  # the last day these rows cover
    last: date  # the window's last day
    total: int  # every row of the window, counted exactly
    week: int = 0  # the first page: every row of the next 7 days (the badge), exactly

    @property
    def complete(self) -> bool:
        return self.until >= self.last


def last_day(today: date, days: int) -> date:
    return today + timedelta(days=max(days, 1) - 1)


def first_page(
    session: Session, *, today: date, days: int, page_rows: int = PAGE_ROWS
) -> UpcomingPage:
    """What the screen shows first: the first page and the exact total."""
    last = last_day(today, days)
    page = next_page(
        session,
        today=today,
        after=today - timedelta(days=1),
        last=last,
        total=0,
        page_rows=page_rows,
    )
    total = len(page.rows) if page.complete else upcoming_count(session, today=today, days=days)
    week_end = last_day(today, WEEK_DAYS)
    if page.until >= week_end:
        week = sum(1 for o in page.rows if o.on <= week_end)
    else:
        week = upcoming_count(session, today=today, days=WEEK_DAYS)
    return UpcomingPage(page.rows, page.until, last, total, week)


def next_page(
    session: Session,
    *,
    today: date,
    after: date,
    last: date,
    total: int,
    page_rows: int = PAGE_ROWS,
) -> UpcomingPage:
    """The page after ``after`` (the last day already shown)."""
    until = _page_end(
        session, today, after, min(after + timedelta(days=PAGE_DAYS), last), page_rows
    )
    rows = upcoming_part(session, today=today, first=after + timedelta(days=1), last=until)
    return UpcomingPage(rows, until, last, total)


def _page_end(session: Session, today: date, after: date, end: date, page_rows: int) -> date:
    """The last day of the page starting after ``after``: ``end``, or earlier so its
    birthdays and anniversaries stay within ``page_rows`` (at least one day).

    Counted per month/day inside the field indexes (``_per_key``), stored events that
    replace a field not looked up: an upper bound is enough to size a page."""
    first = after + timedelta(days=1)
    ranges, _params = _key_ranges(first, end)
    conn = session.connection()
    per_day: dict[date, int] = {}
    for field in (BIRTHDAY, ANNIVERSARY):
        for key, n in _per_key(conn, field, ranges, replaced_too=True).items():
            on = _next_on(key, today)
            if on is not None and first <= on <= end:
                per_day[on] = per_day.get(on, 0) + n
    shown = 0
    day = first
    while day < end:
        shown += per_day.get(day, 0)
        if shown + per_day.get(day + timedelta(days=1), 0) > page_rows:
            return day
        day += timedelta(days=1)
    return end


def week_count(session: Session, *, today: date) -> int:
    """The sidebar badge: what happens in the next 7 days, today included (the 7-day
    view), counted without building the list (12,500 rows at 1M contacts)."""
    return upcoming_count(session, today=today, days=WEEK_DAYS)


def upcoming_count(session: Session, *, today: date, days: int) -> int:
    """``len(upcoming(session, today=today, days=days))``."""
    last = last_day(today, days)
    total = len(_stored(session, today, last))
    ranges, _params = _key_ranges(today, last)
    conn = session.connection()
    for field in (BIRTHDAY, ANNIVERSARY):
        by_key = _per_key(conn, field, ranges, replaced_too=False)
        total += sum(n for key, n in by_key.items() if _falls(key, today, last))
    return total


def _per_key(conn, field: str, ranges, *, replaced_too: bool) -> dict[int, int]:
    """Live contacts per month*100+day of ``field`` within ``ranges``, counted inside
    the field's index (the 29 February range may overlap another: counted once).
    ``replaced_too``: also those whose field a stored event of its kind speaks for
    (``upcoming._from_contacts`` leaves them out; an upper bound needs no lookup)."""
    by_key: dict[int, int] = {}
    replaced = (
        ""
        if replaced_too
        else " AND NOT EXISTS (SELECT 1 FROM event e WHERE e.contact_id = contact.id"
        "  AND e.kind = ? AND e.deleted_at IS NULL)"
    )
    for low, high in ranges:
        by_key.update(
            conn.exec_driver_sql(
                f"SELECT {field}_month * 100 + {field}_day AS k, count(*)"
                f" FROM contact INDEXED BY ix_contact_{field}_key WHERE deleted_at IS NULL"
                f" AND ({field}_month * 100 + {field}_day) BETWEEN ? AND ?{replaced} GROUP BY k",
                (low, high) if replaced_too else (low, high, field),
            ).fetchall()
        )
    return by_key


def _falls(key: int, today: date, last: date) -> bool:
    on = _next_on(key, today)
    return on is not None and on <= last


def _next_on(key: int, today: date) -> date | None:
    """The next day a month*100+day falls on; None for a nonsense date written by
    something other than PRM."""
    try:
        return next_yearly(key // 100, key % 100, today)
    except ValueError:
        return None
