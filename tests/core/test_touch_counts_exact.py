"""Home's weekly touches and channel mix, and the review's "done last week", read the
hourly counts (``derived_touch_hour``): they equal plain counts over ``touch`` in any
zone (half- and quarter-hour offsets, DST changes), with touches on the boundaries,
edited, trashed, restored and purged through the real services."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contacts, home, review
from prm.core.clock import FakeClock
from prm.core.db_time import db_timestamp
from prm.core.drafts import ContactDraft
from prm.core.touches import (
    draft_from_touch,
    get_touch,
    log_touch,
    restore_touches,
    trash_touches,
    update_touch,
)
from prm.core.vocab import DIRECTIONS, TOUCH_CHANNELS

ZONES = [
    "UTC",
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "America/St_Johns",  # -03:30, with DST
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a half-hour DST change
    "Pacific/Chatham",  # +12:45 / +13:45
]
SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
START = datetime(2026, 1, 1, tzinfo=UTC)

# Where a touch falls: near a Monday's local midnight (a chart's week starts there),
# any local midnight, seven days before now (the review's "last week") or now, on
# the boundary, a microsecond or a part of an hour from it, or anywhere nearby.
MICRO = 1
MINUTE = 60 * 10**6
when = st.tuples(
    st.sampled_from(["monday", "midnight", "week ago", "now"]),
    st.integers(0, 190),  # days (weeks for "monday") back from today
    st.one_of(
        st.sampled_from(
            [0, -MICRO, MICRO, 15 * MINUTE, 30 * MINUTE - MICRO, 30 * MINUTE, 45 * MINUTE - MICRO,
             45 * MINUTE, 60 * MINUTE - MICRO, 60 * MINUTE, -30 * MINUTE, -15 * MINUTE]
        ),
        st.integers(-2 * 1440 * MINUTE, 2 * 1440 * MINUTE),
    ),
)  # fmt: skip
touch = st.tuples(
    when, st.sampled_from(sorted(TOUCH_CHANNELS)), st.sampled_from(sorted(DIRECTIONS))
)
change = st.tuples(st.sampled_from(["trash", "restore", "edit"]), st.integers(0, 10**6), touch)


def _moment(spec, now: datetime, zone) -> datetime:
    anchor, back, offset = spec
    today = now.astimezone(zone).date()
    if anchor == "now":
        at = now
    elif anchor == "week ago":
        at = now - timedelta(days=7)
    else:
        days = back % 27 * 7 + today.weekday() if anchor == "monday" else back
        at = datetime.combine(today - timedelta(days=days), time(0), zone)
    return at + timedelta(microseconds=offset)


def _plain(conn, lo: datetime, hi: datetime, *, direction=None) -> dict[str, int]:
    """The reference: touches of [lo, hi) per channel, read one by one."""
    extra, params = "", [db_timestamp(lo), db_timestamp(hi)]
    if direction:
        extra, params = " AND direction = ?", [*params, direction]
    rows = conn.exec_driver_sql(
        "SELECT channel, count(*) FROM touch WHERE deleted_at IS NULL"
        f" AND occurred_at >= ? AND occurred_at < ?{extra} GROUP BY channel",
        tuple(params),
    )
    return dict(sorted(rows.fetchall(), key=lambda row: (-row[1], row[0])))


def hours_table(conn) -> list[tuple]:
    return conn.exec_driver_sql(
        "SELECT hour, channel, direction, n FROM derived_touch_hour ORDER BY 1, 2, 3"
    ).fetchall()


def hours_counted(conn) -> list[tuple]:
    return conn.exec_driver_sql(
        "SELECT substr(occurred_at, 1, 13), channel, direction, count(*) FROM touch"
        " WHERE deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    ).fetchall()


@pytest.fixture
def people(store, clock):
    with store.transaction() as s:
        return [
            contacts.create_contact(s, draft=ContactDraft(given_name=n), clock=clock).id
            for n in ("Ada", "Bob")
        ]


@SETTINGS
@given(
    zone_name=st.sampled_from(ZONES),
    now_minutes=st.integers(0, 400 * 24 * 60),  # through both DST changes of 2026
    logged=st.lists(touch, min_size=1, max_size=25),
    changes=st.lists(change, max_size=8),
    purge=st.booleans(),
)
def test_charts_and_done_last_week_equal_plain_counts(
    store, people, zone_name, now_minutes, logged, changes, purge
):
    zone = ZoneInfo(zone_name)
    now = START + timedelta(minutes=now_minutes, microseconds=now_minutes % 997)
    clock = FakeClock(now)
    with store.transaction() as s:
        leaving = contacts.create_contact(s, draft=ContactDraft(given_name="Cy"), clock=clock).id
        ids = []
        for i, (spec, channel, direction) in enumerate(logged):
            who = [leaving] if i % 3 == 0 else people[: 1 + i % 2]
            draft = _draft(who, spec, channel, direction, now, zone)
            ids.append(log_touch(s, draft=draft, clock=clock, allow_future=True).id)
        for kind, pick, (spec, channel, direction) in changes:
            tid = ids[pick % len(ids)]
            if kind == "trash":
                trash_touches(s, ids=[tid], clock=clock)
            elif kind == "restore":
                restore_touches(s, ids=[tid])
            else:
                draft = draft_from_touch(get_touch(s, touch_id=tid))
                draft.occurred_at = _moment(spec, now, zone)
                draft.channel, draft.direction = channel, direction
                update_touch(s, touch_id=tid, draft=draft, clock=clock, allow_future=True)
        if purge:  # Cy's touches go to the trash with Cy, then for good
            contacts.trash_contacts(s, ids=[leaving], clock=clock)
            contacts.purge_contacts(s, ids=[leaving])
    with store.reading() as s:
        conn = s.connection()
        assert hours_table(conn) == hours_counted(conn)
        charts = home.home_charts(s, now=now, zone=zone)
        midnight = [datetime.combine(w.start, time(0), zone) for w in charts.weeks]
        midnight.append(midnight[-1] + timedelta(days=7))
        expected = [
            sum(_plain(conn, a, b).values()) for a, b in zip(midnight, midnight[1:], strict=False)
        ]
        assert [w.touches for w in charts.weeks] == expected
        assert dict(charts.channels) == _plain(
            conn, midnight[-1 - home.CHANNEL_WEEKS], midnight[-1]
        )
        assert list(dict(charts.channels)) == list(_plain(conn, midnight[-5], midnight[-1]))
        done = review.weekly_review(s, now=now, zone=zone, overdue_limit=1).done_last_week
        just_after = now + timedelta(microseconds=1)  # the review counts up to now, inclusive
        assert done == _plain(conn, now - timedelta(days=7), just_after, direction="out")


def _draft(who, spec, channel, direction, now, zone):
    from prm.core.touches import TouchDraft

    return TouchDraft(who, channel, direction, occurred_at=_moment(spec, now, zone))


def test_import_all_rebuilds_the_hourly_counts(store, people, clock, read_back):
    """An export read back into a new store counts the same touches per hour."""
    from prm.core.touches import TouchDraft

    now = clock.now()
    with store.transaction() as s:
        for i, channel in enumerate(("call", "email", "email", "text")):
            at = now - timedelta(hours=5 * i, minutes=7 * i)
            t = log_touch(s, draft=TouchDraft(people, channel, occurred_at=at), clock=clock)
        trash_touches(s, ids=[t.id], clock=clock)
        before = hours_table(s.connection())
    with read_back(store).reading() as s:
        assert hours_table(s.connection()) == before == hours_counted(s.connection())
        assert len(before) == 3  # three live touches, each in an hour of its own
