"""A page's recent touches come from one query; each row must read exactly as the
query per row it replaced (newest first, same-moment touches in logging order)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import demo, reach_out
from prm.core.models import db_timestamp, parse_db_timestamp

CHANNELS = ("call", "email", "text", "meeting")


def one_by_one(conn, contact_id):
    """The query each row used to run (its ties fall in touch id order: the
    participant index hands touches over by id and the sort keeps that order)."""
    rows = conn.exec_driver_sql(
        "SELECT t.occurred_at, t.channel FROM touch_participant p JOIN touch t ON t.id = p.touch_id"
        " WHERE p.contact_id = ? AND t.deleted_at IS NULL ORDER BY t.occurred_at DESC LIMIT 12",
        (contact_id,),
    ).fetchall()
    return [(parse_db_timestamp(at), channel) for at, channel in rows]


@pytest.fixture
def book(store, clock):
    demo.populate(store, contacts=30, touches=0, seed=5, clock=clock)
    return store


touch = st.tuples(
    st.integers(0, 6),  # which moment (few moments: many touches at identical times)
    st.sampled_from(CHANNELS),
    st.lists(st.integers(0, 29), min_size=1, max_size=3, unique=True),  # participants
    st.booleans(),  # deleted
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(touches=st.lists(touch, max_size=160), data=st.data())
def test_a_page_reads_its_touches_exactly_as_row_by_row(book, clock, touches, data):
    now = clock.now()
    with book.reading() as session:
        conn = session.connection()
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contact ORDER BY id")]
        conn.exec_driver_sql("DELETE FROM touch_participant")
        conn.exec_driver_sql("DELETE FROM touch")
        conn.exec_driver_sql("UPDATE contact SET cadence_target_days = 7, cadence_max_days = 10")
        # Ids out of time order, so "logging order" is not simply "time order".
        touch_ids = data.draw(st.permutations(range(1, len(touches) + 1)))
        for tid, (moment, channel, people, deleted) in zip(touch_ids, touches, strict=True):
            at = db_timestamp(now - timedelta(days=3 * moment))
            conn.exec_driver_sql(
                "INSERT INTO touch (id, uid, occurred_at, channel, direction, summary, notes,"
                " needs_reply, follow_up_done, created_at, updated_at, deleted_at)"
                " VALUES (?, ?, ?, ?, 'outbound', '', '', 0, 0, ?, ?, ?)",
                (tid, f"u{tid}", at, channel, at, at, at if deleted else None),
            )
            for position, who in enumerate(people):
                conn.exec_driver_sql(
                    "INSERT INTO touch_participant (touch_id, contact_id, position)"
                    " VALUES (?, ?, ?)",
                    (tid, ids[who], position),
                )
        conn.exec_driver_sql(
            "UPDATE contact SET last_touch_at = (SELECT max(t.occurred_at) FROM touch t"
            " JOIN touch_participant p ON p.touch_id = t.id"
            " WHERE p.contact_id = contact.id AND t.deleted_at IS NULL)"
        )
        try:
            asked = data.draw(st.lists(st.sampled_from(ids), max_size=12))
            batched = reach_out.recent_touches(conn, asked)
            page = reach_out.reach_out(session, now=now, zone=UTC, limit=40)
            expected = {cid: one_by_one(conn, cid) for cid in set(asked)}
            by_row = {row.contact_id: one_by_one(conn, row.contact_id) for row in page}
        finally:
            session.rollback()
    assert {cid: batched.get(cid, []) for cid in expected} == expected
    for row in page:
        recent = by_row[row.contact_id]
        assert row.last_channel == (recent[0][1] if recent else "")
        assert row.typical_gap_days == reach_out._typical_gap(recent, UTC)
