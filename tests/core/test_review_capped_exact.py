"""The review's first rows and exact totals equal reading every touch (reference here)."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from prm.core import review
from prm.core.models import db_timestamp
from tests.core.test_review_upcoming_exact import SETTINGS, _ids, book

__all__ = ["book"]  # the fixture, shared

a_touch = st.tuples(
    st.booleans(),  # needs a reply
    st.booleans(),  # replied
    st.booleans(),  # deleted
    st.one_of(st.none(), st.integers(-30, 30)),  # follow up on, days from today
    st.booleans(),  # follow-up done
    st.integers(0, 400),  # occurred, days ago (ties on purpose)
)


def reference(conn, by: date, now) -> tuple[list[tuple], list[tuple], int]:
    """(owed, due) as (touch, contact) pairs in the screen's order, and how many people
    (the trash too) an outgoing touch reached in the seven days up to ``now``, from
    every row."""
    live = {r[0] for r in conn.exec_driver_sql("SELECT id FROM contact WHERE deleted_at IS NULL")}
    pairs = conn.exec_driver_sql("SELECT touch_id, contact_id FROM touch_participant").fetchall()
    touches = {
        r[0]: r
        for r in conn.exec_driver_sql(
            "SELECT id, needs_reply, replied_at, deleted_at, follow_up_on, follow_up_done,"
            " occurred_at, direction FROM touch"
        )
    }
    week = (db_timestamp(now - timedelta(days=7)), db_timestamp(now))
    owed, due, reached = [], [], set()
    for tid, cid in pairs:
        _id, needs, replied, deleted, follow, done, at, direction = touches[tid]
        if deleted is None and direction == "out" and week[0] <= at <= week[1]:
            reached.add(cid)
        if cid not in live or deleted is not None:
            continue
        if needs and replied is None:
            owed.append((at, tid, cid))
        if follow is not None and follow <= by.isoformat() and not done:
            due.append((follow, tid, cid))
    owed.sort(key=lambda r: r[:2])
    due.sort(key=lambda r: r[:2])
    return [r[1:] for r in owed], [r[1:] for r in due], len(reached)


@SETTINGS
@given(
    touches=st.lists(a_touch, min_size=20, max_size=120),
    trashed=st.lists(st.integers(0, 119), max_size=10),
    limit=st.integers(0, 15),
)
def test_capped_lists_and_totals_equal_reading_everything(book, clock, touches, trashed, limit):
    now = clock.now()
    today = now.date()
    by = today + timedelta(days=6)
    with book.reading() as session:
        conn = session.connection()
        ids = _ids(conn)
        for cid in trashed:
            conn.exec_driver_sql(
                "UPDATE contact SET deleted_at = ? WHERE id = ?", (db_timestamp(now), ids[cid])
            )
        touch_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM touch ORDER BY id")]
        for tid, (needs, replied, deleted, follow, done, ago) in zip(
            touch_ids, touches, strict=False
        ):
            conn.exec_driver_sql(
                "UPDATE touch SET needs_reply = ?, replied_at = ?, deleted_at = ?,"
                " follow_up_on = ?, follow_up_done = ?, occurred_at = ? WHERE id = ?",
                (
                    needs,
                    db_timestamp(now) if replied else None,
                    db_timestamp(now) if deleted else None,
                    None if follow is None else (today + timedelta(days=follow)).isoformat(),
                    done,
                    db_timestamp(now - timedelta(days=ago)),
                    tid,
                ),
            )
        try:
            owed, due, reached = reference(conn, by, now)
            got_owed = review.awaiting_reply(session, now=now, zone=UTC, limit=limit)
            got_due = review.follow_ups_due(session, by=by, limit=limit)
            whole = review.weekly_review(
                session, now=now, zone=UTC, replies_limit=limit, follow_ups_limit=limit
            )
            uncapped = review.weekly_review(session, now=now, zone=UTC)
            later = review.weekly_review(
                session, now=now, zone=UTC, replies_limit=limit, follow_ups_limit=limit,
                count_later=True,
            )  # fmt: skip
            totals = review.review_totals(session, now=now, zone=UTC)
        finally:
            session.rollback()
    assert [(r.touch_id, r.contact_id) for r in got_owed] == owed[:limit]
    assert [(f.touch_id, f.contact_id) for f in got_due] == due[:limit]
    assert whole.replies_owed == got_owed and whole.follow_ups_due == got_due
    assert whole.replies_total == uncapped.replies_total == len(owed)
    assert whole.follow_ups_total == uncapped.follow_ups_total == len(due)
    assert len(uncapped.replies_owed) == len(owed) and len(uncapped.follow_ups_due) == len(due)
    # Counting later: a full list waits for its total, a shorter one is its own count.
    assert totals == (len(owed), len(due), reached)
    assert uncapped.people_touched_last_week == reached
    assert later.people_touched_last_week is None
    assert later.replies_total == (None if len(got_owed) == limit else len(owed))
    assert later.follow_ups_total == (None if len(got_due) == limit else len(due))
