"""Which notifications are due: birthdays tomorrow (across year end, Feb 29), follow-ups
due today, replies owed for more than two days; keys stable for "shown once"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from prm.core import contacts, notices, touches
from prm.core.clock import FakeClock
from prm.core.drafts import ContactDraft
from prm.core.notices import BIRTHDAY, FOLLOW_UP, REPLY, due_notices
from prm.core.touches import TouchDraft

ZONE = ZoneInfo("Europe/Berlin")


def _person(store, clock, given: str, birthday: str = "") -> int:
    with store.transaction() as session:
        draft = ContactDraft(given_name=given, family_name="Test", birthday=birthday)
        return contacts.create_contact(session, draft=draft, clock=clock, zone=ZONE).id


def _due(store, now: datetime, **kw):
    with store.reading() as session:
        return due_notices(session, now=now, zone=ZONE, **kw)


def test_birthday_tomorrow_across_year_end(store):
    clock = FakeClock(datetime(2026, 12, 31, 9, 0, tzinfo=UTC))
    ann = _person(store, clock, "Ann", "1980-01-01")
    _person(store, clock, "Bob", "1980-12-31")  # today: not "tomorrow"
    _person(store, clock, "Cy", "--01-02")  # the day after tomorrow
    found = _due(store, clock.now())
    assert [(n.kind, n.contact_id) for n in found] == [(BIRTHDAY, ann)]
    assert found[0].title == "Birthday tomorrow: Ann Test"
    assert "turns 47" in found[0].text
    assert found[0].key == f"birthday:{ann}:2027-01-01"


def test_tomorrow_is_the_users_day_not_utc(store):
    # 23:30 UTC on 30 Dec is already 31 Dec in Berlin: tomorrow is 1 January.
    clock = FakeClock(datetime(2026, 12, 30, 23, 30, tzinfo=UTC))
    ann = _person(store, clock, "Ann", "--01-01")
    assert [n.contact_id for n in _due(store, clock.now())] == [ann]


def test_feb_29_birthday_is_noticed_on_feb_27_in_a_common_year_and_feb_28_in_a_leap_year(store):
    clock = FakeClock(datetime(2027, 2, 27, 9, 0, tzinfo=UTC))
    leap = _person(store, clock, "Leap", "2000-02-29")
    assert [n.contact_id for n in _due(store, clock.now())] == [leap]  # celebrated on 28 Feb
    assert _due(store, datetime(2027, 2, 28, 9, 0, tzinfo=UTC)) == []
    assert [n.contact_id for n in _due(store, datetime(2028, 2, 28, 9, 0, tzinfo=UTC))] == [leap]


def _touch(store, clock, who: int, at: datetime, **fields) -> int:
    with store.transaction() as session:
        draft = TouchDraft([who], "email", occurred_at=at, summary="About the proposal", **fields)
        return touches.log_touch(session, draft=draft, clock=clock).id


def test_replies_owed_for_more_than_two_calendar_days(store):
    now = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)  # Saturday 10:00 in Berlin
    clock = FakeClock(now)
    ann = _person(store, clock, "Ann")
    bob = _person(store, clock, "Bob")
    # Ann wrote on Wednesday 23:00 (3 calendar days), Bob on Thursday 00:30 (2 days).
    old = _touch(store, clock, ann, datetime(2026, 3, 11, 22, 0, tzinfo=UTC),
                 direction="in", needs_reply=True)  # fmt: skip
    _touch(store, clock, bob, datetime(2026, 3, 11, 23, 30, tzinfo=UTC),
           direction="in", needs_reply=True)  # fmt: skip
    found = _due(store, now)
    assert [(n.kind, n.contact_id) for n in found] == [(REPLY, ann)]
    assert found[0].title == "Ann Test is waiting for your reply"
    assert found[0].text.startswith("For 3 days")
    assert found[0].key == f"reply:{old}:2026-03-14"
    # A day later Bob has waited three days too.
    later = _due(store, now + timedelta(days=1))
    assert [n.contact_id for n in later] == [ann, bob]


def test_follow_ups_due_today_or_earlier_and_kinds_can_be_left_out(store):
    now = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
    clock = FakeClock(now)
    ann = _person(store, clock, "Ann", "--03-15")
    earlier = now - timedelta(days=5)
    _touch(store, clock, ann, earlier, follow_up_on=date(2026, 3, 14))
    _touch(store, clock, ann, earlier, follow_up_on=date(2026, 3, 15))  # tomorrow: not yet
    _touch(store, clock, ann, earlier, follow_up_on=date(2026, 3, 10))  # overdue still counts
    found = _due(store, now)
    assert [n.kind for n in found] == [BIRTHDAY, FOLLOW_UP, FOLLOW_UP]
    assert [n.text.split(":")[0] for n in found[1:]] == ["Due since 10 Mar", "Due today"]
    assert [n.kind for n in _due(store, now, kinds=[FOLLOW_UP])] == [FOLLOW_UP, FOLLOW_UP]
    assert _due(store, now, kinds=[]) == []
    # The same day asks again: the same keys (shown once); the next day: new keys.
    assert [n.key for n in _due(store, now)] == [n.key for n in found]
    assert set(n.key for n in _due(store, now + timedelta(days=1))).isdisjoint(n.key for n in found)
    assert set(notices.KIND_LABELS) == set(notices.KINDS)
