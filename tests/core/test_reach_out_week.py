"""This week's short list: who needs the user, most valuable first, cut to a capacity."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, timedelta

from prm.core import contacts, demo, reach_out, reach_out_week, touches
from prm.core.drafts import ContactDraft
from prm.core.reach_out_screen import reach_out_screen, this_week
from prm.core.touches import TouchDraft

CLIENTS, INNER, NETWORK = 2, 1, 3  # seeded tier ids


def person(store, clock, name, **fields) -> int:
    with store.transaction() as session:
        draft = ContactDraft(given_name=name, **fields)
        return contacts.create_contact(session, draft=draft, clock=clock).id


def touch(store, clock, cid, days_ago):
    draft = TouchDraft([cid], "call", occurred_at=clock.now() - timedelta(days=days_ago))
    with store.transaction() as session:
        touches.log_touch(session, draft=draft, clock=clock)


def week(store, clock, capacity=15, **kw):
    with store.reading() as session:
        return this_week(session, now=clock.now(), zone=UTC, capacity=capacity, **kw)


def test_just_imported_clients_are_never_contacted_and_need_the_user(store, clock):
    ids = [person(store, clock, f"Client {i}", cadence_tier_id=CLIENTS) for i in range(20)]
    rows, attention = week(store, clock)
    assert (attention.never, attention.due, attention.overdue) == (20, 0, 0)
    assert len(rows) == 15 and {r.contact_id for r in rows} <= set(ids)
    assert {r.status for r in rows} == {reach_out.STATUS_NEVER}
    with store.reading() as session:
        assert reach_out_week.needing_attention(session, now=clock.now(), zone=UTC) == 20


def test_most_valuable_first_and_on_track_people_stay_off(store, clock):
    network_late = person(store, clock, "Nina", cadence_tier_id=NETWORK)
    touch(store, clock, network_late, 100)  # due, every 90 days
    client = person(store, clock, "Carl", cadence_tier_id=CLIENTS)
    touch(store, clock, client, 31)  # due, every 30 days
    inner = person(store, clock, "Ina", cadence_tier_id=INNER)
    touch(store, clock, inner, 15)  # due, every 14 days
    advocate = person(store, clock, "Ada", cadence_tier_id=CLIENTS)
    touch(store, clock, advocate, 31)
    for name in ("R1", "R2"):  # Ada referred two people (no cadence of their own)
        person(store, clock, name, referred_by_id=advocate)
    fine = person(store, clock, "Fay", cadence_tier_id=INNER)
    touch(store, clock, fine, 2)
    rows, attention = week(store, clock)
    assert [r.name for r in rows] == ["Ina", "Ada", "Carl", "Nina"]
    assert attention.total == 4 and fine not in {r.contact_id for r in rows}
    rows, _ = week(store, clock, capacity=2)
    assert [r.name for r in rows] == ["Ina", "Ada"]


def test_the_screen_counts_overdue_due_and_never_contacted_exactly(store, clock):
    late = person(store, clock, "Late", cadence_tier_id=CLIENTS)
    touch(store, clock, late, 50)  # overdue after 45
    due = person(store, clock, "Due", cadence_tier_id=CLIENTS)
    touch(store, clock, due, 35)
    person(store, clock, "New", cadence_tier_id=CLIENTS)
    with store.reading() as session:
        screen = reach_out_screen(session, now=clock.now(), zone=UTC, limit=50, capacity=2)
    assert (screen.attention.overdue, screen.attention.due, screen.attention.never) == (1, 1, 1)
    assert len(screen.rows) == 2 and screen.needing_attention == 3


def test_sample_data_reads_like_a_real_book(store, clock):
    demo.populate(store, contacts=300, touches=3000, seed=0, clock=clock)
    with store.reading() as session:
        rows = reach_out.reach_out(session, now=clock.now(), zone=UTC, limit=1000)
    statuses = Counter(r.status for r in rows)
    ranked = len(rows)
    assert statuses["on_track"] >= 0.75 * ranked  # most people on track
    assert 0 < statuses["overdue"] <= 0.08 * ranked  # a few overdue
    assert 0 < statuses["due"] <= 0.15 * ranked  # a handful due
    assert 0 < sum(r.drifting for r in rows) <= 0.03 * ranked  # one or two drifting


def test_reach_out_and_the_weekly_review_count_the_same_overdue_people(store, clock):
    from prm.core import review

    demo.populate(store, contacts=200, touches=2000, seed=1, clock=clock)
    _rows, attention = week(store, clock)
    with store.reading() as session:
        weekly = review.weekly_review(session, now=clock.now(), zone=UTC)
        badge = reach_out_week.needing_attention(session, now=clock.now(), zone=UTC)
    assert attention.overdue == weekly.overdue_total > 0
    assert attention.total == badge
