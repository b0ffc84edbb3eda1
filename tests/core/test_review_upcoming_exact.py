"""The indexed overdue count and Upcoming's birthdays equal reading everyone (references here)."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import demo, reach_out, upcoming
from prm.core.models import db_timestamp, parse_db_timestamp

RHYTHMS = [(14, 21), (30, 45), (90, 120), (180, 365), (90, 135), (7, 10), (None, None)]
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def book(store, clock):
    demo.populate(store, contacts=120, touches=300, seed=5, clock=clock)
    return store


def set_dates(conn, ids: list[int], people) -> None:
    """Give the contacts ``ids`` the birthdays, anniversaries and trash state drawn in ``people``."""
    for cid, ((b_day, b_year), (a_day, a_year), deleted) in zip(ids, people, strict=False):
        conn.exec_driver_sql(
            "UPDATE contact SET birthday_year = ?, birthday_month = ?, birthday_day = ?,"
            " anniversary_year = ?, anniversary_month = ?, anniversary_day = ?,"
            " deleted_at = ? WHERE id = ?",
            (
                b_year if b_day else None,
                *(b_day or (None, None)),
                a_year if a_day else None,
                *(a_day or (None, None)),
                "2026-01-01 00:00:00.000000" if deleted else None,
                cid,
            ),
        )


def _ids(conn) -> list[int]:
    return [r[0] for r in conn.exec_driver_sql("SELECT id FROM contact ORDER BY id")]


def overdue_reference(conn, now) -> int:
    today = now.date().isoformat()
    rows = conn.exec_driver_sql(
        "SELECT cadence_target_days, cadence_max_days, last_touch_at, created_at FROM contact"
        " WHERE deleted_at IS NULL AND cadence_target_days IS NOT NULL"
        " AND (snoozed_until IS NULL OR snoozed_until <= ?)",
        (today,),
    ).fetchall()
    total = 0
    for target, max_days, last, created in rows:
        if max_days is None:
            continue
        days = reach_out.calendar_days(parse_db_timestamp(last or created), now, UTC)
        total += reach_out.status_for(days, target, max_days, last is not None) == "overdue"
    return total


person = st.tuples(
    st.sampled_from(RHYTHMS),
    st.one_of(st.none(), st.integers(0, 800)),  # days since the last touch
    st.integers(0, 900),  # days since added
    st.booleans(),  # snoozed
    st.booleans(),  # deleted
    st.integers(0, 1439),  # minutes into the day
)


@SETTINGS
@given(people=st.lists(person, min_size=80, max_size=120))
def test_the_overdue_count_equals_checking_everyone(book, clock, people):
    now = clock.now()
    with book.reading() as session:
        conn = session.connection()
        for cid, ((target, max_days), touched, added, snoozed, deleted, minutes) in zip(
            _ids(conn), people, strict=False
        ):
            shift = timedelta(minutes=minutes)
            conn.exec_driver_sql(
                "UPDATE contact SET cadence_target_days = ?, cadence_max_days = ?,"
                " last_touch_at = ?, created_at = ?, snoozed_until = ?, deleted_at = ?"
                " WHERE id = ?",
                (
                    target,
                    max_days,
                    None
                    if touched is None
                    else db_timestamp(now - timedelta(days=touched) - shift),
                    db_timestamp(now - timedelta(days=added) - shift),
                    (now.date() + timedelta(days=3)).isoformat() if snoozed else None,
                    db_timestamp(now) if deleted else None,
                    cid,
                ),
            )
        try:
            got = reach_out.overdue_count(session, now=now, zone=UTC)
            expected = overdue_reference(conn, now)
        finally:
            session.rollback()
    assert got == expected


def fields_reference(conn, today: date, last: date) -> list[upcoming.Occurrence]:
    """Every live contact read, both fields worked out one by one (the plain way)."""
    rows = conn.exec_driver_sql(
        "SELECT id, uid, display_name, birthday_year, birthday_month, birthday_day,"
        " anniversary_year, anniversary_month, anniversary_day FROM contact"
        " WHERE deleted_at IS NULL ORDER BY id"
    ).fetchall()
    stored = set(
        conn.exec_driver_sql(
            "SELECT contact_id, kind FROM event WHERE deleted_at IS NULL"
        ).fetchall()
    )
    found = []
    for cid, uid, name, b_year, b_month, b_day, a_year, a_month, a_day in rows:
        for field, year, month, day in (
            ("birthday", b_year, b_month, b_day),
            ("anniversary", a_year, a_month, a_day),
        ):
            if month is None or day is None or (cid, field) in stored:
                continue
            occurrence = upcoming._yearly_field(
                field, year, month, day, today, last, cid, uid, name
            )
            if occurrence is not None:
                found.append(occurrence)
    return found


EDGE_DAYS = [(2, 29), (2, 28), (3, 1), (12, 31), (1, 1), (12, 30), (1, 2)]
month_day = st.one_of(
    st.none(),
    st.sampled_from(EDGE_DAYS),
    st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(lambda d: (d.month, d.day)),
)
a_field = st.tuples(month_day, st.one_of(st.none(), st.sampled_from([1960, 1984, 2000, 2023])))
today_st = st.one_of(
    st.dates(date(2023, 1, 1), date(2029, 12, 31)),
    st.builds(
        lambda year, d: date(year, *d),
        st.integers(2023, 2029),
        st.sampled_from([(12, 25), (12, 31), (2, 22), (2, 28), (1, 1), (3, 1)]),
    ),
)


@SETTINGS
@given(
    people=st.lists(st.tuples(a_field, a_field, st.booleans()), min_size=60, max_size=120),
    stored=st.lists(
        st.tuples(st.integers(0, 119), st.sampled_from(["birthday", "anniversary", "custom"])),
        max_size=6,
    ),
    today=today_st,
    days=st.sampled_from([1, 7, 30, 90, 365, 400]),
)
def test_birthdays_and_anniversaries_equal_reading_every_contact(book, people, stored, today, days):
    last = today + timedelta(days=days - 1)
    with book.reading() as session:
        conn = session.connection()
        ids = _ids(conn)
        set_dates(conn, ids, people)
        events = [r[0] for r in conn.exec_driver_sql("SELECT id FROM event ORDER BY id")]
        for event_id, (index, kind) in zip(events, stored, strict=False):
            conn.exec_driver_sql(
                "UPDATE event SET contact_id = ?, kind = ?, deleted_at = NULL WHERE id = ?",
                (ids[index], kind, event_id),
            )
        try:
            got = upcoming._from_contacts(session, today, last)
            expected = fields_reference(conn, today, last)
            some = ids[::7]
            got_some = upcoming._from_contacts(session, today, last, some)
        finally:
            session.rollback()
    assert got == expected
    assert got_some == [o for o in expected if o.contact_id in set(some)]


@pytest.mark.parametrize(
    ("today", "days", "month_day", "on"),
    [
        (date(2027, 2, 28), 1, (2, 29), date(2027, 2, 28)),  # 29 Feb on 28 Feb, one-day window
        (date(2028, 2, 28), 1, (2, 29), None),  # a leap year has its own 29 Feb
        (date(2027, 12, 31), 2, (1, 1), date(2028, 1, 1)),  # the window wraps the year end
        (date(2027, 12, 30), 3, (12, 31), date(2027, 12, 31)),
    ],
)
def test_edge_days_are_found(book, today, days, month_day, on):
    last = today + timedelta(days=days - 1)
    with book.reading() as session:
        conn = session.connection()
        cid = _ids(conn)[0]
        conn.exec_driver_sql(
            "UPDATE contact SET birthday_month = NULL, birthday_day = NULL,"
            " anniversary_month = NULL, anniversary_day = NULL, deleted_at = NULL"
        )
        conn.exec_driver_sql("UPDATE event SET deleted_at = '2026-01-01 00:00:00.000000'")
        conn.exec_driver_sql(
            "UPDATE contact SET birthday_year = 1984, birthday_month = ?, birthday_day = ?"
            " WHERE id = ?",
            (*month_day, cid),
        )
        try:
            got = upcoming._from_contacts(session, today, last)
            expected = fields_reference(conn, today, last)
        finally:
            session.rollback()
    assert got == expected
    assert [o.on for o in got] == ([on] if on else [])
