"""The proposer's rules: who an item is with, how it happened, and what is not a moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from prm.core.capture.observations import CalendarEvent, Person
from prm.core.capture.proposer import Book, propose
from tests.core.capture.fakes import ME, T0, event, mail

NOW = T0 + timedelta(days=3)
BOOK = Book(
    emails={"ann@x.org": 1, "bob@y.org": 2},
    names={("jose", "nunez"): 3, ("ann", "lee"): 1},
    mine=frozenset({ME, "me@work.example"}),
    ignored_domains=frozenset({"spam.example"}),
)


def p(item):
    return propose(item, BOOK, now=NOW)


def test_inbound_mail_from_a_contact_needs_a_reply():
    got = p(mail("m1", "ann@x.org", [ME], subject=" Dinner? "))
    assert (got.direction, got.channel, got.needs_reply, got.summary) == (
        "in",
        "email",
        True,
        "Dinner?",
    )
    assert got.contact_ids == [1]


def test_outbound_mail_is_with_everyone_i_wrote_to():
    got = p(mail("m1", "me@work.example", ["ann@x.org"], cc=["bob@y.org", "zed@z.org"]))
    assert got.direction == "out" and not got.needs_reply
    assert [(x.email, x.contact_id) for x in got.people] == [
        ("ann@x.org", 1),
        ("bob@y.org", 2),
        ("zed@z.org", None),
    ]


@pytest.mark.parametrize(
    "sender",
    [
        "noreply@x.org",
        "no-reply@x.org",
        "donotreply@x.org",
        "do-not-reply@x.org",
        "mailer-daemon@x.org",
        "notifications@x.org",
        "info@x.org",
        "newsletter@x.org",
        "someone@spam.example",
    ],
)
def test_robots_newsletters_and_ignored_domains_are_skipped(sender):
    assert p(mail("m1", sender, ["ann@x.org", ME])) is None


def test_bulk_mail_crowds_and_strangers_are_skipped():
    assert p(mail("m1", "ann@x.org", [ME], bulk=True)) is None
    crowd = [f"p{i}@x.org" for i in range(15)]
    assert p(mail("m1", ME, ["ann@x.org", *crowd])) is None
    assert p(mail("m1", ME, ["ann@x.org", *crowd[:13]])) is not None
    # A stranger's personal mail is kept for "New contacts?", with nobody linked yet.
    stranger = p(mail("m1", "stranger@x.org", [ME]))
    assert stranger is not None and stranger.contact_ids == []


def test_event_channel_from_location_and_link():
    assert p(event("e", "Sync", ["ann@x.org"])).channel == "meeting"
    assert p(event("e", "Sync", ["ann@x.org"], location="+1 (555) 010-2030")).channel == "call"
    assert (
        p(event("e", "Sync", ["ann@x.org"], location="https://x.example/room")).channel == "video"
    )
    linked = event("e", "Sync", ["ann@x.org"], conference_url="https://meet.google.com/abc")
    assert p(linked).channel == "video"
    got = p(event("e", "Sync", ["ann@x.org"], minutes=45))
    assert (got.duration_minutes, got.direction) == (45, "out")


def test_event_title_naming_a_contact_accent_and_case_blind():
    got = p(event("e", "Lunch with JOSÉ Núñez", []))
    assert got.contact_ids == [3]
    assert p(event("e", "Lunch with Josephine Nunezz", [])) is None


def test_events_that_are_not_moments():
    assert p(event("e", "Sync", ["ann@x.org"], cancelled=True)) is None
    assert p(event("e", "Sync", ["ann@x.org"], hours=24 * 10)) is None  # not happened yet
    crowd = [f"p{i}@x.org" for i in range(15)]
    assert p(event("e", "All hands", ["ann@x.org", *crowd])) is None
    declined = CalendarEvent(
        key="e",
        title="Sync",
        start=T0,
        end=T0 + timedelta(hours=1),
        organizer=Person("ann@x.org"),
        attendees=(Person(ME, status="declined"),),
    )
    assert p(declined) is None
    holiday = CalendarEvent(key="h", title="Ann Lee's birthday", start=T0, end=None, all_day=True)
    assert p(holiday) is None
    ignored = Book(emails=BOOK.emails, ignored_calendars=frozenset({"holidays in spain"}))
    assert (
        propose(event("e", "x", ["ann@x.org"], calendar="Holidays in Spain"), ignored, now=NOW)
        is None
    )


def test_all_day_with_attendees_has_no_duration():
    day = datetime(2026, 3, 1, tzinfo=UTC)
    offsite = CalendarEvent(
        key="o",
        title="Offsite",
        start=day,
        end=day + timedelta(days=1),
        all_day=True,
        attendees=(Person("bob@y.org"),),
    )
    got = p(offsite)
    assert got.duration_minutes is None and got.contact_ids == [2]
