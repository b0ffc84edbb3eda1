"""Home's lists and charts from a known store at a fixed moment (Saturday 14 March 2026)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, timedelta

import pytest

from prm.core import contacts, home
from prm.core.advocacy.ledger import add_referral
from prm.core.advocacy.records import ReferralDraft
from prm.core.drafts import ContactDraft
from prm.core.event_draft import EventDraft
from prm.core.events import add_event
from prm.core.models import db_timestamp, new_uid
from prm.core.secrets import MemorySecretStore
from prm.core.store_header import PLAIN
from prm.core.store_open import NewStore, open_store
from prm.core.touches import TouchDraft, log_touch, trash_touches

INNER = 1  # the "Inner circle" tier: every 14 days


@pytest.fixture
def known(store, clock):
    """Ada: last touched 20 days ago (due), a follow-up of that call due yesterday, a
    conference in three days; Bob: touched 5 days ago, and owed a reply since; Cy: never
    touched, birthday in two days; Bob referred Cy today; two meetings (30, 60 min)."""
    now = clock.now()
    with store.transaction() as s:

        def person(given: str, **more) -> int:
            draft = ContactDraft(
                given_name=given, family_name="Known", cadence_tier_id=INNER, **more
            )
            return contacts.create_contact(s, draft=draft, clock=clock).id

        ada, bob = person("Ada"), person("Bob")
        cy = person("Cy", birthday=f"--03-{(now + timedelta(days=2)).day:02d}")
        log_touch(
            s,
            draft=TouchDraft([ada], "call", summary="Send the deck",
                             occurred_at=now - timedelta(days=20),
                             follow_up_on=now.date() - timedelta(days=1)),
            clock=clock,
        )  # fmt: skip
        log_touch(s, draft=TouchDraft([bob], "email", occurred_at=now - timedelta(days=5)),
                  clock=clock)  # fmt: skip
        log_touch(
            s,
            draft=TouchDraft([bob], "email", direction="in", summary="Can we meet?",
                             occurred_at=now - timedelta(days=3), needs_reply=True),
            clock=clock,
        )  # fmt: skip
        add_event(s, draft=EventDraft(contact_id=ada, kind="conference", title="Ada's talk",
                                      start_date=(now.date() + timedelta(days=3)).isoformat()),
                  clock=clock)  # fmt: skip
        add_referral(s, draft=ReferralDraft(referrer_id=bob, referred_id=cy), clock=clock, zone=UTC)
        stamp = db_timestamp(now - timedelta(days=8))
        for minutes in (30, 60):
            s.connection().exec_driver_sql(
                "INSERT INTO meeting (uid, title, planned_minutes, over_rule, state, started_at,"
                " ended_at, actual_seconds, paused_seconds, timer_json, notes, outcomes,"
                " next_step, created_at, updated_at) VALUES (?, 'M', 45, 0, 'ended', ?, ?, ?, 0,"
                " '', '', '', '', ?, ?)",
                (new_uid(), stamp, stamp, minutes * 60, stamp, stamp),
            )
    return {"ada": ada, "bob": bob, "cy": cy}


def test_the_lists_name_who_needs_the_user_today(store, clock, known):
    with store.reading() as s:
        lists = home.home_lists(s, now=clock.now(), zone=UTC, capacity=15)
    assert lists.has_contacts and lists.counted  # short lists: their rows are their totals
    # Ada is past her 14 days; Cy was never contacted; Bob was touched yesterday.
    assert {r.contact_id for r in lists.reach_out} == {known["ada"], known["cy"]}
    assert lists.reach_out_total == lists.needing_attention == 2
    assert [(r.contact_id, r.summary) for r in lists.replies] == [(known["bob"], "Can we meet?")]
    assert lists.replies_total == 1
    assert [(f.contact_id, f.summary) for f in lists.follow_ups] == [
        (known["ada"], "Send the deck")
    ]
    assert [(o.contact_id, o.kind) for o in lists.upcoming] == [
        (known["cy"], "birthday"),
        (known["ada"], "conference"),
    ]
    assert lists.upcoming_total == 2
    assert [t.referrer_id for t in lists.thank_yous] == [known["bob"]]
    assert (lists.capture_waiting, lists.conflicts) == (0, False)
    assert not lists.all_clear


def test_the_weekly_capacity_bounds_the_list_and_everyone_is_counted(store, clock, known):
    with store.reading() as s:
        lists = home.home_lists(s, now=clock.now(), zone=UTC, capacity=1)
    assert len(lists.reach_out) == lists.reach_out_total == 1
    assert lists.needing_attention == 2


def test_each_list_shows_five_and_counts_the_rest(store, clock):
    now = clock.now()
    with store.transaction() as s:
        for i in range(8):
            cid = contacts.create_contact(
                s, draft=ContactDraft(given_name=f"P{i}", birthday=f"--03-{15 + i % 3:02d}"),
                clock=clock,
            ).id  # fmt: skip
            log_touch(s, draft=TouchDraft([cid], "email", direction="in", needs_reply=True,
                                          occurred_at=now - timedelta(hours=i + 1)),
                      clock=clock)  # fmt: skip
    with store.reading() as s:
        lists = home.home_lists(s, now=now, zone=UTC)
        assert (len(lists.replies), lists.replies_total, lists.upcoming_total) == (5, None, None)
        lists = home.count_lists(s, lists, today=now.date())
    assert lists.counted
    assert (len(lists.replies), lists.replies_total) == (home.SHOWN, 8)
    assert (len(lists.upcoming), lists.upcoming_total) == (home.SHOWN, 8)
    assert [o.on for o in lists.upcoming] == sorted(o.on for o in lists.upcoming)


def test_an_empty_store_is_all_clear(store, clock):
    with store.reading() as s:
        lists = home.home_lists(s, now=clock.now(), zone=UTC)
        charts = home.home_charts(s, now=clock.now(), zone=UTC)
    assert not lists.has_contacts and lists.all_clear
    assert len(charts.weeks) == home.WEEKS and not any(w.touches for w in charts.weeks)
    assert charts.channels == () and charts.meetings_total == 0


def test_the_charts_count_weeks_tiers_meetings_and_channels(store, clock, known):
    now = clock.now()
    with store.reading() as s:
        charts = home.home_charts(s, now=now, zone=UTC)
    weeks = {w.start: w.touches for w in charts.weeks}
    assert charts.weeks[-1].start == date(2026, 3, 9)  # this week's Monday, last
    assert charts.weeks[0].start == date(2026, 3, 9) - timedelta(weeks=25)
    # Bob's email (Monday) and his message (3 days ago) this week; Ada's call (20 days
    # ago, Sunday 22 February) in the week of 16 February.
    assert weeks[date(2026, 3, 9)] == 2
    assert weeks[date(2026, 2, 16)] == 1
    assert sum(weeks.values()) == 3
    (inner,) = charts.tiers
    assert (inner.label, inner.target_days, inner.on_track, inner.total) == (
        "Inner circle",
        14,
        2,
        3,
    )
    assert (charts.meetings_under, charts.meetings_total) == (1, 2)
    assert dict(charts.channels) == {"email": 2, "call": 1}
    assert charts.channels[0] == ("email", 2)


def test_a_deleted_touch_leaves_the_charts(store, clock, known):
    with store.reading() as s:
        before = home.home_charts(s, now=clock.now(), zone=UTC)
    with store.transaction() as s:
        ids = [
            r[0]
            for r in s.connection().exec_driver_sql("SELECT id FROM touch WHERE channel = 'call'")
        ]
        trash_touches(s, ids=ids, clock=clock)
    with store.reading() as s:
        after = home.home_charts(s, now=clock.now(), zone=UTC)
    assert sum(w.touches for w in after.weeks) == sum(w.touches for w in before.weeks) - 1
    assert "call" not in dict(after.channels)


LISTS_WITHOUT_MODELS = """
import sys
from datetime import UTC, datetime
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store
from prm.core.home import home_lists

store = open_store(AppPaths.for_dir(sys.argv[1]), MemorySecretStore(available=False))
with store.reading() as session:
    lists = home_lists(session, now=datetime(2026, 3, 14, 9, 30, tzinfo=UTC), zone=UTC)
store.close()
print(lists.has_contacts, lists.upcoming_total, lists.replies_total)
print(sorted(m for m in sys.modules if m.startswith("prm.core.models")))
"""


def test_home_lists_never_build_the_orm_models(paths, clock):
    """Home's lists are the cold start's first screen (tests/test_start_imports.py)."""
    store = open_store(paths, MemorySecretStore(available=False), new=NewStore(PLAIN))
    with store.transaction() as s:
        cid = contacts.create_contact(
            s, draft=ContactDraft(given_name="Ada", birthday="--03-15"), clock=clock
        ).id
        add_event(s, draft=EventDraft(contact_id=cid, kind="conference", title="Talk",
                                      start_date="2026-03-16"), clock=clock)  # fmt: skip
        log_touch(s, draft=TouchDraft([cid], "email", direction="in", needs_reply=True),
                  clock=clock)  # fmt: skip
    store.close()
    out = subprocess.run(
        [sys.executable, "-c", LISTS_WITHOUT_MODELS, str(paths.data_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts, models = out.stdout.strip().splitlines()
    assert counts == "True 2 1"
    assert models == "[]"
