"""What is coming up: stored events plus every contact's birthday and anniversary.

Birthdays and anniversaries are not stored as events; they are read from the
contact's fields each time ("virtual" occurrences), so editing a birthday moves
it here at once. A contact who has a stored event of kind "birthday" (or
"anniversary") shows that event instead, with its status and notes.

**29 February** falls on **28 February** in other years: the day before the
one that does not exist, so the birthday stays in February and greetings are
never late. The .ics export repeats it on February's last day the same way.

Speed: at 100,000 contacts each field is read through an index on
month*100+day (live contacts only; no ORM objects), so only the matching rows
(a few per day) are read and become Python objects.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from prm.core import orm
from prm.core.db_time import db_timestamp, parse_db_timestamp
from prm.core.errors import NotFoundError
from prm.core.vocab import EVENT_KINDS

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import ContactEvent

BIRTHDAY, ANNIVERSARY, EVENT = "birthday", "anniversary", "event"
# Kinds whose yearly repeat is counted ("turns 40", "10 years").
_COUNTED = {"birthday": "turns {n}", "anniversary": "{n} years", "work_anniversary": "{n} years"}
WEEK_DAYS = 7


@dataclass(frozen=True)
class Occurrence:
    """One day something happens: a stored event (or its yearly repeat) or a contact field."""

    on: date  # the day it starts (a timed event: in its own zone)
    source: str  # EVENT, BIRTHDAY or ANNIVERSARY (the last two from the contact's fields)
    kind: str
    title: str
    contact_id: int
    contact_name: str
    contact_uid: str
    event_id: int | None = None
    event_uid: str = ""
    all_day: bool = True
    end_on: date | None = None  # last day of a multi-day all-day event
    start_at: datetime | None = None  # timed: this occurrence, in the event's zone
    end_at: datetime | None = None
    timezone: str = ""
    location: str = ""
    url: str = ""
    yearly: bool = False
    my_status: str = ""  # "" for birthdays and anniversaries from contact fields
    notes: str = ""
    years: int | None = None  # the age they turn / years married, when the year is known
    first_on: date | None = None  # when a yearly thing first happened (birth, wedding)

    @property
    def what(self) -> str:
        """ "Web Summit", or the kind ("Birthday") when the event has no title."""
        return self.title or EVENT_KINDS.get(self.kind, self.kind)

    @property
    def years_text(self) -> str:
        pattern = _COUNTED.get(self.kind)
        return pattern.format(n=self.years) if pattern and self.years else ""

    @property
    def is_virtual(self) -> bool:
        return self.event_id is None


def on_year(day: date, year: int) -> date:
    """``day``'s month and day in ``year``; 29 February becomes 28 February (see above)."""
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def next_yearly(month: int, day: int, today: date) -> date:
    """The first ``month``/``day`` on or after ``today``."""
    for year in (today.year, today.year + 1):
        candidate = on_year(date(2000, month, day), year)  # 2000: a leap year
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: next year's date is always after today")


def upcoming(
    session: Session,
    *,
    today: date,
    days: int,
    limit: int | None = None,
    contact_ids: list[int] | None = None,
) -> list[Occurrence]:
    """Everything happening from ``today`` for ``days`` days (today included), by
    date; only for ``contact_ids`` when given (a meeting's brief)."""
    last = today + timedelta(days=max(days, 1) - 1)
    found = _between(session, today, today, last, contact_ids)
    return found[:limit] if limit else found


def upcoming_part(session: Session, *, today: date, first: date, last: date) -> list[Occurrence]:
    """The part of ``upcoming``'s list (a window from ``today`` to ``last``) that starts
    on ``first``..``last``; from ``today`` it also holds what is already under way.
    A long window read part by part, in order, is the same list as read whole."""
    return _between(session, today, max(first, today), last, None)


def _between(
    session: Session, today: date, first: date, last: date, contact_ids: list[int] | None
) -> list[Occurrence]:
    found = _stored(session, today, last, contact_ids, first) + _from_contacts(
        session, today, last, contact_ids, first
    )
    found.sort(key=sort_key)
    return found


_NO_TIME = datetime.min.replace(tzinfo=UTC)


def sort_key(o: Occurrence) -> tuple:
    """Day, then all-day before timed, then time, then name (``upcoming``'s order)."""
    return (
        o.on,
        o.start_at is not None,
        o.start_at or _NO_TIME,
        o.contact_name.casefold(),
        o.event_id or 0,
    )


def event_occurrence(session: Session, *, event_id: int, today: date) -> Occurrence:
    """One stored event as an occurrence: the next one if it is yearly (for exporting it)."""
    row = session.exec(
        select(orm.ContactEvent, orm.Contact.display_name, orm.Contact.uid)
        .join(orm.Contact, col(orm.Contact.id) == orm.ContactEvent.contact_id)
        .where(orm.ContactEvent.id == event_id)
    ).first()
    if row is None:
        raise NotFoundError(f"There is no event #{event_id}.")
    event, name, uid = row
    occurrence = _occurrence(event, name, uid, today, None)
    assert occurrence is not None  # no window: always one
    return occurrence


# --- contact fields ------------------------------------------------------------


def _from_contacts(
    session: Session,
    today: date,
    last: date,
    contact_ids: list[int] | None = None,
    first: date | None = None,
) -> list[Occurrence]:
    """Per field, only the live contacts whose month*100+day falls in the window (an
    index range each: ix_contact_birthday_key, ix_contact_anniversary_key); no
    Contact objects for 100k people. ``first``: only what falls on it or later."""
    first = first or today
    ranges, _params = _key_ranges(first, last)
    only, by_key = "", "INDEXED BY ix_contact_{}_key"
    if contact_ids is not None:  # a few people: looked up by id
        only, by_key = f" AND id IN ({','.join(str(int(i)) for i in contact_ids) or 'NULL'})", ""
    conn = session.connection()
    found = []
    next_on: dict[tuple[int, int], date | None] = {}
    for order, field in enumerate((BIRTHDAY, ANNIVERSARY)):
        seen: set[int] = set()  # the 29 February range may overlap another
        for low, high in ranges:
            # A stored event of this kind speaks for the contact field. Named index:
            # the planner would walk ix_contact_live_sort, all 100k rows in name order.
            rows = conn.exec_driver_sql(
                f"SELECT id, uid, display_name, {field}_year, {field}_month, {field}_day"
                f" FROM contact {by_key.format(field)} WHERE deleted_at IS NULL"
                f" AND ({field}_month * 100 + {field}_day) BETWEEN ? AND ?{only}"
                " AND NOT EXISTS (SELECT 1 FROM event e WHERE e.contact_id = contact.id"
                "  AND e.kind = ? AND e.deleted_at IS NULL)",
                (low, high, field),
            ).fetchall()
            for cid, uid, name, year, month, day in rows:
                if cid in seen or month is None or day is None:
                    continue
                seen.add(cid)
                occurrence = _yearly_field(
                    field, year, month, day, today, last, cid, uid, name, next_on
                )
                if occurrence is not None and occurrence.on >= first:
                    found.append(((cid, order), occurrence))
    # In contact order, birthday before anniversary: ties in ``upcoming``'s sort keep it.
    found.sort(key=lambda item: item[0])
    return [occurrence for _key, occurrence in found]


def _yearly_field(
    field: str,
    year: int | None,
    month: int,
    day: int,
    today: date,
    last: date,
    cid: int,
    uid: str,
    name: str,
    next_on: dict[tuple[int, int], date | None] | None = None,
) -> Occurrence | None:
    """``next_on``: the next day of each month/day already worked out (a few hundred
    keys for many thousands of contacts)."""
    key = (month, day)
    if next_on is not None and key in next_on:
        on = next_on[key]
    else:
        try:
            on = next_yearly(month, day, today)
        except ValueError:  # a nonsense date written by something other than PRM
            on = None
        if next_on is not None:
            next_on[key] = on
    if on is None or on > last:
        return None
    try:
        first = date(year, month, day) if year else None
    except ValueError:  # 29 February of a year without one
        first = None
    return Occurrence(
        on=on,
        source=field,
        kind=field,
        title="",
        contact_id=cid,
        contact_name=name,
        contact_uid=uid,
        yearly=True,
        years=(on.year - year) if year and on.year > year else None,
        first_on=first,
    )


def _key_ranges(today: date, last: date) -> tuple[list[tuple[int, int]], list[int]]:
    """month*100+day ranges covering today..last, a superset (Python filters exactly).

    A window that wraps the new year needs two; 29 February joins any window
    holding 28 February of a year without it.
    """

    def key(d: date) -> int:
        return d.month * 100 + d.day

    if (last - today).days >= 365:
        ranges = [(101, 1231)]
    elif today.year == last.year:
        ranges = [(key(today), key(last))]
    else:
        ranges = [(key(today), 1231), (101, key(last))]
    for year in range(today.year, last.year + 1):
        feb28 = date(year, 2, 28)
        if not calendar.isleap(year) and today <= feb28 <= last:
            ranges.append((229, 229))
    return ranges, [bound for pair in ranges for bound in pair]


# --- stored events -------------------------------------------------------------


class _EventRow(NamedTuple):
    """An event row as ``_occurrence`` reads it (raw SQL: no ORM model on the way to
    Home's first screen, which lists this week's events)."""

    id: int
    uid: str
    contact_id: int
    kind: str
    title: str
    all_day: bool
    start_date: date | None
    end_date: date | None
    start_at: datetime | None
    end_at: datetime | None
    timezone: str
    location: str
    url: str
    yearly: bool
    my_status: str
    notes: str


_EVENT_SQL = (
    "SELECT e.id, e.uid, e.contact_id, e.kind, e.title, e.all_day, e.start_date, e.end_date,"
    " e.start_at, e.end_at, e.timezone, e.location, e.url, e.yearly, e.my_status, e.notes,"
    " c.display_name, c.uid FROM event e JOIN contact c ON c.id = e.contact_id"
    " WHERE e.deleted_at IS NULL AND c.deleted_at IS NULL AND (e.yearly"
    " OR (e.start_date <= ? AND coalesce(e.end_date, e.start_date) >= ?)"
    " OR (e.start_at < ? AND coalesce(e.end_at, e.start_at) >= ?))"
)


def _day(raw: str | None) -> date | None:
    return None if raw is None else date.fromisoformat(raw[:10])


def _stored(
    session: Session,
    today: date,
    last: date,
    contact_ids: list[int] | None = None,
    first: date | None = None,
) -> list[Occurrence]:
    """``first`` (after ``today``): only occurrences starting on it or later; a yearly
    event's occurrence is still the one ``today`` picks."""
    # Timed events are filtered by UTC instants a day wider than the window,
    # then exactly by their local dates.
    since = first or today
    lo = datetime.combine(since - timedelta(days=1), time(), tzinfo=UTC)
    hi = datetime.combine(last + timedelta(days=2), time(), tzinfo=UTC)
    sql, params = _EVENT_SQL, [last.isoformat(), since.isoformat(), db_timestamp(hi)]
    params.append(db_timestamp(lo))
    if contact_ids is not None:
        sql += f" AND e.contact_id IN ({','.join(str(int(i)) for i in contact_ids) or 'NULL'})"
    found = []
    for row in session.connection().exec_driver_sql(sql, tuple(params)).fetchall():
        (eid, euid, cid, kind, title, all_day, start_date, end_date, start_at, end_at) = row[:10]
        event = _EventRow(
            eid, euid, cid, kind, title, bool(all_day), _day(start_date), _day(end_date),
            parse_db_timestamp(start_at), parse_db_timestamp(end_at), *row[10:13],
            bool(row[13]), *row[14:16],
        )  # fmt: skip
        occurrence = _occurrence(event, row[16], row[17], today, last)
        if occurrence is not None and (since == today or occurrence.on >= since):
            found.append(occurrence)
    return found


def _occurrence(
    event: ContactEvent | _EventRow,
    name: str,
    uid: str,
    today: date | None,
    last: date | None,
) -> Occurrence | None:
    """The event's occurrence overlapping today..last (None: none); no window: as stored."""
    zone = ZoneInfo(event.timezone) if event.timezone else UTC
    if event.all_day:
        assert event.start_date is not None
        start, end = event.start_date, event.end_date or event.start_date
        start_at = end_at = None
    else:
        assert event.start_at is not None
        start_at = event.start_at.astimezone(zone)
        end_at = event.end_at.astimezone(zone) if event.end_at else None
        start, end = start_at.date(), (end_at or start_at).date()
    first = start
    if today is not None and event.yearly:
        for year in range(today.year - 1, today.year + 2):
            moved = on_year(first, year)
            if moved >= first and moved + (end - start) >= today:
                shift = moved - start
                start, end = moved, end + shift
                start_at = start_at + shift if start_at else None
                end_at = end_at + shift if end_at else None
                break
    if today is not None and last is not None and (end < today or start > last):
        return None
    years = start.year - first.year if event.yearly and start.year > first.year else None
    return Occurrence(
        on=start,
        source=EVENT,
        kind=event.kind,
        title=event.title,
        contact_id=event.contact_id,
        contact_name=name,
        contact_uid=uid,
        event_id=event.id,
        event_uid=event.uid,
        all_day=event.all_day,
        end_on=end if event.all_day and end != start else None,
        start_at=start_at,
        end_at=end_at,
        timezone=event.timezone,
        location=event.location,
        url=event.url,
        yearly=event.yearly,
        my_status=event.my_status,
        notes=event.notes,
        years=years,
        first_on=first if event.yearly else None,
    )
