"""Upcoming read a week at a time, and its count, equal the whole list read at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from prm.core import upcoming
from prm.core.models import db_timestamp
from prm.core.upcoming_pages import PAGE_ROWS, first_page, next_page, upcoming_count
from tests.core.test_review_upcoming_exact import (
    SETTINGS,
    _ids,
    a_field,
    book,
    set_dates,
    today_st,
)

__all__ = ["book"]  # the fixture, shared

an_event = st.tuples(
    st.integers(0, 119),  # whose (the demo book has a few events; each is moved around)
    st.integers(-40, 120),  # starts this many days from today
    st.integers(0, 20),  # lasts this many more days
    st.booleans(),  # yearly
    st.one_of(st.none(), st.integers(0, 23 * 60)),  # timed: minutes into the day (UTC)
    st.booleans(),  # deleted
)


def read_page_by_page(session, today: date, days: int, page_rows: int) -> tuple[list, int, int]:
    page = first_page(session, today=today, days=days, page_rows=page_rows)
    rows, week = list(page.rows), page.week
    while not page.complete:
        page = next_page(
            session,
            today=today,
            after=page.until,
            last=page.last,
            total=page.total,
            page_rows=page_rows,
        )
        rows += page.rows
    return rows, page.total, week


@SETTINGS
@given(
    people=st.lists(st.tuples(a_field, a_field, st.booleans()), min_size=60, max_size=120),
    stored=st.lists(an_event, max_size=12),
    today=today_st,
    days=st.sampled_from([1, 7, 8, 30, 90, 365]),
    page_rows=st.sampled_from([PAGE_ROWS, 1, 4]),  # a day holds more than a page at 1M
)
def test_pages_and_count_equal_the_whole_list(book, people, stored, today, days, page_rows):
    with book.reading() as session:
        conn = session.connection()
        ids = _ids(conn)
        set_dates(conn, ids, people)
        events = [r[0] for r in conn.exec_driver_sql("SELECT id FROM event ORDER BY id")]
        conn.exec_driver_sql("UPDATE event SET deleted_at = '2026-01-01 00:00:00.000000'")
        for event_id, (who, start, length, yearly, minutes, deleted) in zip(
            events, stored, strict=False
        ):
            on = today + timedelta(days=start)
            if yearly:
                on = on.replace(year=on.year - 3) if (on.month, on.day) != (2, 29) else on
            timed = minutes is not None
            at = datetime(on.year, on.month, on.day, tzinfo=UTC) + timedelta(minutes=minutes or 0)
            conn.exec_driver_sql(
                "UPDATE event SET contact_id = ?, kind = 'party', all_day = ?, yearly = ?,"
                " start_date = ?, end_date = ?, start_at = ?, end_at = ?, timezone = '',"
                " deleted_at = ? WHERE id = ?",
                (
                    ids[who],
                    not timed,
                    yearly,
                    None if timed else on.isoformat(),
                    None if timed or not length else (on + timedelta(days=length)).isoformat(),
                    db_timestamp(at) if timed else None,
                    db_timestamp(at + timedelta(hours=length)) if timed else None,
                    "2026-01-01 00:00:00.000000" if deleted else None,
                    event_id,
                ),
            )
        try:
            whole = upcoming.upcoming(session, today=today, days=days)
            paged, total, week = read_page_by_page(session, today, days, page_rows)
            counted = upcoming_count(session, today=today, days=days)
            this_week = upcoming.upcoming(session, today=today, days=7)
        finally:
            session.rollback()
    assert paged == whole
    assert total == counted == len(whole)
    assert week == len(this_week)
