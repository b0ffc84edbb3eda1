"""Who can I politely call in the next hours, in their time; a warning before a
call logged outside their hours; birthday greetings for their morning."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from prm.core import contacts
from prm.core.clock import FakeClock
from prm.core.drafts import AddressDraft, ContactDraft
from prm.core.travel.hours import hours_of
from prm.core.travel.reach_now import (
    birthday_greeting_time,
    call_warning,
    opens_within,
    reach_now,
)

# Tuesday 10 March 2026, 08:00 UTC: Tokyo 17:00, Berlin 09:00, New York 04:00 (EDT since 8 March).
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def _add(store, given, *, days_ago, **fields) -> int:
    made = FakeClock(NOW - timedelta(days=days_ago))
    with store.transaction() as session:
        return contacts.create_contact(
            session, draft=ContactDraft(given_name=given, cadence_days=30, **fields), clock=made
        ).id


def test_who_can_be_called_in_the_next_two_hours_most_overdue_first(store):
    tokyo = _add(store, "Aiko", days_ago=40, timezone="Asia/Tokyo")
    berlin = _add(store, "Bernd", days_ago=90, addresses=[AddressDraft(locality="Berlin")])
    _add(store, "Nora", days_ago=200, timezone="America/New_York")  # 04:00 there
    lunch = _add(store, "Lars", days_ago=60, timezone="Europe/Oslo", reach_hours="10:00-12:00")
    _add(store, "Nobody", days_ago=300)  # no zone, no place: never guessed
    with store.reading() as session:
        rows = reach_now(session, hours=2, now=NOW)
    assert [r.contact_id for r in rows] == [berlin, lunch, tokyo]
    by_id = {r.contact_id: r for r in rows}
    assert by_id[tokyo].local_time_text == "17:00 Tue (Tokyo)"
    assert (by_id[tokyo].opens_in_minutes, by_id[tokyo].window_left_minutes) == (0, 60)
    assert by_id[berlin].local_time_text == "09:00 Tue (Berlin)"
    assert by_id[lunch].opens_in_minutes == 60 and by_id[lunch].window_left_minutes == 120
    assert by_id[berlin].reason == "overdue 60 days past their 30-day rhythm"
    with store.reading() as session:
        later = reach_now(session, hours=6, now=NOW)
    assert len(later) == 4  # New York opens at 09:00 EDT, five hours from now


def test_a_call_at_night_their_time_gets_a_warning_first(store):
    cid = _add(store, "Anna", days_ago=1, timezone="Asia/Tokyo")
    with store.reading() as session:
        night = call_warning(session, cid, datetime(2026, 3, 10, 14, 10, tzinfo=UTC))
        day = call_warning(session, cid, datetime(2026, 3, 10, 1, 0, tzinfo=UTC))
        weekend = call_warning(session, cid, datetime(2026, 3, 14, 1, 0, tzinfo=UTC))
    assert night == (
        "It is 23:10 for Anna (Tokyo) — outside their hours 09:00–18:00 on weekdays. Log anyway?"
    )
    assert day is None
    assert weekend.startswith("It is Sat 10:00 for Anna (Tokyo)")


def test_birthday_greeting_in_their_morning():
    class Person:
        timezone = "Asia/Tokyo"

    at = birthday_greeting_time(Person(), date(2026, 7, 1))
    assert at.astimezone(UTC) == datetime(2026, 7, 1, 0, 0, tzinfo=UTC)
    Person.timezone = ""
    at = birthday_greeting_time(Person(), date(2026, 7, 1), "America/Los_Angeles")
    assert at.astimezone(UTC) == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "America/Santiago"]
HOURS = ["", "08:00-20:00", "Mon-Sat 07:30-09:00", "daily 00:30-02:45", "Sun 12:00-13:00"]


@settings(max_examples=300, deadline=None)
# Santiago's clocks jump 00:00 -> 01:00 that night: hours from 00:30 open at 01:00.
@example("America/Santiago", "daily 00:30-02:45", datetime(2026, 9, 6, 0, 0), 5)
@given(
    st.sampled_from(ZONES),
    st.sampled_from(HOURS),
    # Around the 2026 DST changes of every zone above (March, April, October, November).
    st.datetimes(min_value=datetime(2026, 3, 1), max_value=datetime(2026, 11, 10)),
    st.integers(1, 12),
)
def test_polite_hours_rule_matches_a_minute_by_minute_check(zone, reach, naive, hours):
    now = naive.replace(second=0, microsecond=0, tzinfo=UTC)
    tz, rule = ZoneInfo(zone), hours_of(reach)
    horizon = timedelta(hours=hours)
    first = next(
        (m for m in range(hours * 60) if rule.open_at((now + timedelta(minutes=m)).astimezone(tz))),
        None,
    )
    found = opens_within(zone, reach, now, horizon)
    if first is None:
        assert found is None
    else:
        assert found is not None and found[0] == first
        assert found[1] > 0


def test_their_local_time_for_the_card(store):
    from prm.core.travel.reach_now import contact_local_time

    tokyo = _add(store, "Aiko", days_ago=1, timezone="Asia/Tokyo")
    berlin = _add(store, "Bernd", days_ago=1, addresses=[AddressDraft(locality="Berlin")])
    nowhere = _add(store, "Nobody", days_ago=1)
    with store.reading() as session:
        assert contact_local_time(session, tokyo, NOW) == "17:00 Tue (Tokyo)"
        assert contact_local_time(session, berlin, NOW) == "09:00 Tue (Berlin)"
        assert contact_local_time(session, nowhere, NOW) is None
