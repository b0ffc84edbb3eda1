"""The reach-out ranking: each person against their own rhythm, in the user's days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from prm.core import cadence, contacts, reach_out, reach_out_week, touches
from prm.core.clock import FakeClock
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.touches import TouchDraft

CLIENTS, INNER, NETWORK, NO_CADENCE = 2, 1, 3, 5  # seeded tier ids


def person(store, clock, name, **fields) -> int:
    with store.transaction() as session:
        return contacts.create_contact(
            session, draft=ContactDraft(given_name=name, **fields), clock=clock
        ).id


def touch(store, clock, cid, days_ago, channel="call"):
    with store.transaction() as session:
        touches.log_touch(
            session,
            draft=TouchDraft([cid], channel, occurred_at=clock.now() - timedelta(days=days_ago)),
            clock=clock,
        )


def ranking(store, clock, zone=UTC, **kw):
    with store.reading() as session:
        return reach_out.reach_out(session, now=clock.now(), zone=zone, **kw)


def test_ordered_by_how_overdue_relative_to_their_own_cadence(store, clock):
    client = person(store, clock, "Client", cadence_tier_id=CLIENTS)  # 30/45
    inner = person(store, clock, "Inner", cadence_tier_id=INNER)  # 14/21
    person(store, clock, "Untiered")
    touch(store, clock, client, 40)  # 1.33 of target: due
    touch(store, clock, inner, 25)  # 1.79 of target: overdue
    rows = ranking(store, clock)
    assert [(r.name, r.status, r.days_since) for r in rows] == [
        ("Inner", "overdue", 25),
        ("Client", "due", 40),
    ]
    assert rows[1].last_channel == "call"


def test_logging_a_touch_moves_the_row_on_at_once(store, clock):
    cid = person(store, clock, "Ann", cadence_tier_id=INNER)
    touch(store, clock, cid, 30)
    assert ranking(store, clock)[0].status == "overdue"
    touch(store, clock, cid, 0)
    [row] = ranking(store, clock)
    assert (row.status, row.days_since) == ("on_track", 0)


def test_never_touched_counts_from_when_they_were_added(store, clock):
    cid = person(store, clock, "New", cadence_tier_id=CLIENTS)
    [row] = ranking(store, clock)
    assert (row.status, row.last_touch_at) == ("never_touched", None)
    clock.advance(days=50)
    [row] = ranking(store, clock)
    assert (row.contact_id, row.status, row.days_since) == (cid, "overdue", 50)


def test_tag_tier_applies_and_own_choice_wins(store, clock):
    tagged = person(store, clock, "Tagged", tags=["Client"])
    opted_out = person(store, clock, "OptedOut", tags=["Client"], cadence_tier_id=NO_CADENCE)
    custom = person(store, clock, "Custom", tags=["Client"], cadence_days=10)
    with store.transaction() as session:
        cadence.set_tag_tier(session, tag_name="client", tier_id=CLIENTS)
    rows = {r.contact_id: r for r in ranking(store, clock)}
    assert rows[tagged].target_days == 30 and rows[tagged].max_days == 45
    assert opted_out not in rows
    assert (rows[custom].target_days, rows[custom].max_days) == (10, 15)


def test_editing_a_tier_rerates_everyone_in_it(store, clock):
    cid = person(store, clock, "Ann", cadence_tier_id=CLIENTS)
    touch(store, clock, cid, 20)
    assert ranking(store, clock)[0].status == "on_track"
    with store.transaction() as session:
        cadence.update_tier(session, tier_id=CLIENTS, name="Clients", target_days=10, max_days=15)
    assert ranking(store, clock)[0].status == "overdue"


def test_bad_tier_settings_are_refused(store):
    with store.transaction() as session, pytest.raises(ValidationError) as caught:
        cadence.update_tier(session, tier_id=CLIENTS, name="", target_days=30, max_days=10)
    assert set(caught.value.errors) == {"name", "max_days"}


def test_snoozed_contacts_wait_until_their_date(store, clock):
    cid = person(store, clock, "Ann", cadence_tier_id=INNER)
    touch(store, clock, cid, 60)
    today = clock.now().date()
    with store.transaction() as session:
        reach_out.snooze_contact(
            session, contact_id=cid, until=today + timedelta(days=3), reason="vacation", today=today
        )
    assert ranking(store, clock) == []
    assert ranking(store, clock, include_snoozed=True)[0].snoozed_until == today + timedelta(days=3)
    clock.advance(days=3)
    assert [r.contact_id for r in ranking(store, clock)] == [cid]
    with pytest.raises(ValidationError), store.transaction() as session:
        reach_out.snooze_contact(session, contact_id=cid, until=today, today=today)


def test_drifting_from_their_own_rhythm_is_flagged_inside_the_tier(store, clock):
    steady = person(store, clock, "Steady", cadence_tier_id=NETWORK)  # 90 days
    for days_ago in (20, 27, 34, 41, 48):  # weekly for a month, then silence
        touch(store, clock, steady, days_ago)
    [row] = ranking(store, clock)
    assert row.status == "on_track" and row.drifting
    assert row.typical_gap_days == 7


def test_few_touches_are_not_enough_to_call_drift(store, clock):
    cid = person(store, clock, "New", cadence_tier_id=NETWORK)
    touch(store, clock, cid, 60)
    touch(store, clock, cid, 61)
    assert not ranking(store, clock)[0].drifting


def test_filter_by_tag_and_tier(store, clock):
    a = person(store, clock, "A", cadence_tier_id=CLIENTS, tags=["Board"])
    person(store, clock, "B", cadence_tier_id=INNER)
    assert [r.contact_id for r in ranking(store, clock, tag="board")] == [a]
    assert [r.contact_id for r in ranking(store, clock, tier_id=CLIENTS)] == [a]


def test_days_count_the_users_calendar_days_across_dst(store):
    """23:30 on the Saturday before the clocks change to 00:30 on Monday is 2 days in Berlin."""
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 3, 28, 23, 30, tzinfo=berlin)  # DST starts 29 March 2026
    clock = FakeClock(start)
    cid = person(store, clock, "Ann", cadence_tier_id=INNER)
    touch(store, clock, cid, 0)
    clock.set(datetime(2026, 3, 30, 0, 30, tzinfo=berlin))
    assert ranking(store, clock, zone=berlin)[0].days_since == 2
    # In UTC the same two moments are a different number of calendar days apart.
    assert ranking(store, clock, zone=UTC)[0].days_since == 1


def test_badge_counts_people_past_their_target(store, clock):
    due = person(store, clock, "Due", cadence_tier_id=INNER)
    fine = person(store, clock, "Fine", cadence_tier_id=INNER)
    touch(store, clock, due, 15)
    touch(store, clock, fine, 2)
    with store.reading() as session:
        assert reach_out_week.needing_attention(session, now=clock.now(), zone=UTC) == 1


def test_weekly_review_gathers_the_week(store, clock):
    from prm.core.review import weekly_review

    late = person(store, clock, "Late", cadence_tier_id=INNER)
    touch(store, clock, late, 30)
    asker = person(store, clock, "Asker")
    with store.transaction() as session:
        touches.log_touch(
            session,
            draft=TouchDraft(
                [asker],
                "email",
                direction="in",
                needs_reply=True,
                occurred_at=clock.now() - timedelta(days=2),
            ),
            clock=clock,
        )
        touches.log_touch(
            session,
            draft=TouchDraft(
                [asker],
                "call",
                occurred_at=clock.now() - timedelta(days=20),
                follow_up_on=clock.now().date() + timedelta(days=3),
            ),
            clock=clock,
        )
        touches.log_touch(
            session,
            draft=TouchDraft(
                [late],
                "text",
                occurred_at=clock.now() - timedelta(days=40),
                follow_up_on=clock.now().date() + timedelta(days=30),
            ),
            clock=clock,
        )
    with store.reading() as session:
        review = weekly_review(session, now=clock.now(), zone=UTC)
    assert [r.name for r in review.overdue] == ["Late"]
    assert [r.name for r in review.replies_owed] == ["Asker"]
    assert [f.name for f in review.follow_ups_due] == ["Asker"]
    assert review.week_start == date(2026, 3, 14)


def test_demo_creates_touch_history_with_rhythms(store, clock):
    from prm.core import demo

    summary = demo.populate(store, contacts=400, touches=3000, seed=2, clock=clock)
    assert summary.touches == 3000
    rows = ranking(store, clock, limit=400)
    statuses = {r.status for r in rows}
    assert {"on_track", "due", "overdue"} <= statuses
    assert any(r.drifting for r in rows)


@pytest.mark.parametrize("zone", [UTC, ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Denver")])
def test_overdue_count_is_exactly_the_ranked_overdue_rows(store, clock, zone):
    for i, days in enumerate((20, 21, 22, 44, 45, 46, 90)):
        tier = INNER if i < 3 else CLIENTS  # overdue from 21 and from 45 days
        touch(store, clock, person(store, clock, f"P{i}", cadence_tier_id=tier), days)
    person(store, clock, "Never", cadence_tier_id=CLIENTS)
    rows = ranking(store, clock, zone=zone, limit=100)
    with store.reading() as session:
        counted = reach_out.overdue_count(session, now=clock.now(), zone=zone)
    assert counted == sum(r.status == "overdue" for r in rows)
