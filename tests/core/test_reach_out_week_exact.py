"""The fast short list and counts equal scoring everyone (a plain reference here)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import demo, reach_out
from prm.core.models import db_timestamp, parse_db_timestamp
from prm.core.reach_out_week import Attention, this_week, value

# (target, max) pairs a contact can hold: the seeded tiers and day overrides.
RHYTHMS = [(14, 21), (30, 45), (90, 120), (180, 365), (90, 135), (7, 10), (None, None)]


def reference(conn, now, capacity):
    """Score every live contact with a cadence that is past its target (calendar days)
    or never contacted."""
    today = now.date().isoformat()
    rows = conn.exec_driver_sql(
        "SELECT id, cadence_target_days, cadence_max_days, last_touch_at, created_at,"
        " (SELECT count(*) FROM contact r WHERE r.referred_by_id = c.id"
        "  AND r.deleted_at IS NULL) FROM contact c WHERE deleted_at IS NULL"
        " AND cadence_target_days IS NOT NULL AND (snoozed_until IS NULL OR snoozed_until <= ?)",
        (today,),
    ).fetchall()
    counts, scored = {}, []
    for cid, target, max_days, last, created, referrals in rows:
        anchor = parse_db_timestamp(last or created)
        days = reach_out.calendar_days(anchor, now, UTC)
        if last is not None and days < target:  # touched and on track
            continue
        status = reach_out.status_for(days, target, max_days, last is not None)
        counts[status] = counts.get(status, 0) + 1
        score = value(
            target_days=target, days=days, never=status == "never_touched", referrals=referrals
        )
        scored.append((-score, -days / target, cid))
    attention = Attention(
        counts.get("overdue", 0), counts.get("due", 0), counts.get("never_touched", 0)
    )
    return [cid for *_k, cid in sorted(scored)[:capacity]], attention


@pytest.fixture
def book(store, clock):
    demo.populate(store, contacts=120, touches=600, seed=3, clock=clock)
    return store


person = st.tuples(
    st.sampled_from(RHYTHMS),
    st.one_of(st.none(), st.integers(0, 800)),  # days since the last touch
    st.integers(0, 900),  # days since added
    st.one_of(st.none(), st.integers(1, 12)),  # referred by
    st.booleans(),  # snoozed
    st.integers(0, 1439),  # minutes into the day
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(person, min_size=80, max_size=120), capacity=st.integers(0, 25))
def test_the_short_list_and_counts_equal_scoring_everyone(book, clock, people, capacity):
    now = clock.now()
    with book.reading() as session:
        conn = session.connection()
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contact ORDER BY id")]
        for cid, ((target, max_days), touched, added, referrer, snoozed, minutes) in zip(
            ids, people, strict=False
        ):
            shift = timedelta(minutes=minutes)
            conn.exec_driver_sql(
                "UPDATE contact SET cadence_target_days = ?, cadence_max_days = ?,"
                " last_touch_at = ?, created_at = ?, referred_by_id = ?, snoozed_until = ?"
                " WHERE id = ?",
                (
                    target,
                    max_days,
                    None
                    if touched is None
                    else db_timestamp(now - timedelta(days=touched) - shift),
                    db_timestamp(now - timedelta(days=added) - shift),
                    referrer if referrer != cid else None,
                    (now.date() + timedelta(days=3)).isoformat() if snoozed else None,
                    cid,
                ),
            )
        try:
            rows, attention = this_week(session, now=now, zone=UTC, capacity=capacity)
            expected_ids, expected_attention = reference(conn, now, capacity)
        finally:
            session.rollback()
    assert [r.contact_id for r in rows] == expected_ids
    assert attention == expected_attention


def test_an_advocate_deep_in_a_long_target_still_tops_the_list(book, clock):
    """The stopping rule is tested where it matters: the most valuable person is the
    *least* overdue of a long run, lifted only by the people they referred."""
    now = clock.now()
    with book.reading() as session:
        conn = session.connection()
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contact ORDER BY id")]
        advocate, referred = ids[0], ids[1:5]
        for n, cid in enumerate(ids):
            days = 31 if cid == advocate else 40 + n % 5
            conn.exec_driver_sql(
                "UPDATE contact SET cadence_target_days = 30, cadence_max_days = 45,"
                " last_touch_at = ?, referred_by_id = ?, snoozed_until = NULL WHERE id = ?",
                (
                    db_timestamp(now - timedelta(days=days)),
                    advocate if cid in referred else None,
                    cid,
                ),
            )
        try:
            rows, _attention = this_week(session, now=now, zone=UTC, capacity=3)
            expected_ids, _ = reference(conn, now, 3)
        finally:
            session.rollback()
    assert expected_ids[0] == advocate
    assert [r.contact_id for r in rows] == expected_ids
