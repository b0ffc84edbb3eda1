"""The fast short list and counts equal scoring everyone (a plain reference here)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import demo, reach_out, rhythm_sql
from prm.core.models import db_timestamp, parse_db_timestamp
from prm.core.reach_out_week import Attention, this_week, value

# (target, max) pairs a contact can hold: the seeded tiers and day overrides.
RHYTHMS = [(14, 21), (30, 45), (90, 120), (180, 365), (90, 135), (7, 10), (None, None)]


def reference(conn, now, capacity, zone=UTC, tier_id=None, tag=None, include_snoozed=False):
    """Score every live contact with a cadence (of ``tier_id``, tagged ``tag``, and
    not snoozed past today unless ``include_snoozed``) that is past its target
    (calendar days) or never contacted."""
    tagged = {
        cid
        for (cid,) in conn.exec_driver_sql(
            "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
            " WHERE t.name = ?",
            (tag,),
        )
    }
    today = now.astimezone(zone).date().isoformat()
    rows = conn.exec_driver_sql(
        "SELECT id, cadence_target_days, cadence_max_days, last_touch_at, created_at,"
        " (SELECT count(*) FROM contact r WHERE r.referred_by_id = c.id"
        "  AND r.deleted_at IS NULL), cadence_tier_id, snoozed_until FROM contact c"
        " WHERE deleted_at IS NULL AND cadence_target_days IS NOT NULL"
    ).fetchall()
    counts, scored, ranking = {}, [], []
    for cid, target, max_days, last, created, referrals, tier, snoozed in rows:
        if (tier_id is not None and tier != tier_id) or (tag and cid not in tagged):
            continue
        if snoozed and snoozed > today and not include_snoozed:
            continue
        anchor = parse_db_timestamp(last or created)
        ranking.append((-(now - anchor).total_seconds() / target, cid))
        days = reach_out.calendar_days(anchor, now, zone)
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
    most_overdue = [cid for _key, cid in sorted(ranking)]
    return [cid for *_k, cid in sorted(scored)[:capacity]], attention, most_overdue


@pytest.fixture
def book(store, clock):
    demo.populate(store, contacts=120, touches=600, seed=3, clock=clock)
    return store


MINUTE = 60 * 10**6  # microseconds
# A moment as (local midnight so many days back, microseconds from it): often a
# cut of a target or maximum in RHYTHMS, on it or a part of an hour from it, as the
# counts sum whole UTC hours and count the rest of a cut's hour one by one.
moment = st.tuples(
    st.one_of(
        st.sampled_from([days + e for pair in RHYTHMS[:-1] for days in pair for e in (-1, 0)]),
        st.integers(0, 900),
    ),
    st.one_of(
        st.sampled_from([0, -1, 1, 15 * MINUTE, 30 * MINUTE - 1, 30 * MINUTE, 45 * MINUTE,
                         60 * MINUTE - 1, 60 * MINUTE, -15 * MINUTE, -30 * MINUTE]),
        st.integers(0, 1440 * MINUTE - 1),
    ),
)  # fmt: skip
person = st.tuples(
    st.sampled_from(RHYTHMS),
    st.one_of(st.none(), moment),  # the last touch
    moment,  # added
    st.one_of(st.none(), st.integers(1, 12)),  # referred by
    st.booleans(),  # snoozed
    st.one_of(st.none(), st.integers(1, 5)),  # a tier of one's own
)
# Zones whose midnights are not on a UTC hour, so a cut splits an hour.
ZONES = ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(person, min_size=80, max_size=120),
    capacity=st.integers(0, 25),
    zone_name=st.sampled_from(ZONES),
    tier_id=st.one_of(st.none(), st.integers(1, 5)),
    tag=st.one_of(st.none(), st.sampled_from(["Client", "Prospect", "No such tag"])),
    include_snoozed=st.booleans(),
    row_read_us=st.sampled_from([0, rhythm_sql.ROW_READ_US, 10**9]),
)
def test_the_short_list_and_counts_equal_scoring_everyone(
    book, clock, people, capacity, zone_name, tier_id, tag, include_snoozed, row_read_us
):
    """Within any tier and tag filters, with or without the snoozed, in zones whose
    midnights split a UTC hour (the counts sum whole hours and count the rest one by
    one); a tag's people read one by one or walked in the targets' indexes (the cost
    of a row read decides: free, as measured, or prohibitive)."""
    now, zone = clock.now(), ZoneInfo(zone_name)
    with book.reading() as session:
        conn = session.connection()
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contact ORDER BY id")]
        today = now.astimezone(zone).date()

        def at(spec) -> str:
            back, micros = spec
            midnight = datetime.combine(today - timedelta(days=back), time(0), zone)
            return db_timestamp(midnight + timedelta(microseconds=micros))

        for cid, ((target, max_days), touched, added, referrer, snoozed, tier) in zip(
            ids, people, strict=False
        ):
            conn.exec_driver_sql(
                "UPDATE contact SET cadence_target_days = ?, cadence_max_days = ?,"
                " last_touch_at = ?, created_at = ?, referred_by_id = ?, snoozed_until = ?,"
                " cadence_tier_id = ? WHERE id = ?",
                (
                    target,
                    max_days,
                    None if touched is None else at(touched),
                    at(added),
                    referrer if referrer != cid else None,
                    (today + timedelta(days=3)).isoformat() if snoozed else None,
                    tier,
                    cid,
                ),
            )
        within = dict(zone=zone, tier_id=tier_id, tag=tag, include_snoozed=include_snoozed)
        try:
            with patch.object(rhythm_sql, "ROW_READ_US", row_read_us):
                rows, attention = this_week(session, now=now, capacity=capacity, **within)
                first = reach_out.reach_out(session, now=now, limit=30, **within)
            expected_ids, expected_attention, most_overdue = reference(
                conn, now, capacity, **within
            )
        finally:
            session.rollback()
    assert [r.contact_id for r in rows] == expected_ids
    assert attention == expected_attention
    assert [r.contact_id for r in first] == most_overdue[:30]


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
            expected_ids, *_ = reference(conn, now, 3)
        finally:
            session.rollback()
    assert expected_ids[0] == advocate
    assert [r.contact_id for r in rows] == expected_ids
