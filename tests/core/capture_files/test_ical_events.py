"""Calendar text -> event occurrences, as the ics and CalDAV readers see them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from prm.core.capture.ical_events import events_from_ical
from prm.core.capture.observations import CalendarEvent, Person, ReadProblem

NY = ZoneInfo("America/New_York")
BERLIN_TZ = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
"""


def calendar(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    text = (
        f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{head}{BERLIN_TZ}{body}END:VCALENDAR\n"
    )
    return text.replace("\n", "\r\n").encode()


def read(
    data: bytes, since=datetime(2024, 1, 1, tzinfo=UTC), until=datetime(2024, 2, 1, tzinfo=UTC)
):
    return list(events_from_ical(data, calendar="work.ics", since=since, until=until, zone=NY))


def events(items) -> list[CalendarEvent]:
    return [i for i in items if isinstance(i, CalendarEvent)]


WEEKLY = """UID:weekly-1
SUMMARY:Weekly with Ann
DTSTART;TZID=Europe/Berlin:20231218T100000
DTEND;TZID=Europe/Berlin:20231218T110000
RRULE:FREQ=WEEKLY
EXDATE;TZID=Europe/Berlin:20240115T100000
"""
MOVED = """UID:weekly-1
RECURRENCE-ID;TZID=Europe/Berlin:20240108T100000
SUMMARY:Weekly with Ann (moved)
DTSTART;TZID=Europe/Berlin:20240109T140000
DTEND;TZID=Europe/Berlin:20240109T143000
"""


def test_a_weekly_meeting_is_every_occurrence_in_the_window_with_its_moves_and_exceptions():
    found = events(read(calendar(WEEKLY, MOVED)))
    starts = [(e.key, e.start.astimezone(UTC).strftime("%m-%d %H:%M"), e.title) for e in found]
    assert starts == [
        ("weekly-1/20240101T090000Z", "01-01 09:00", "Weekly with Ann"),
        ("weekly-1/20240108T090000Z", "01-09 13:00", "Weekly with Ann (moved)"),
        # 15 January is an exception: no meeting that week
        ("weekly-1/20240122T090000Z", "01-22 09:00", "Weekly with Ann"),
        ("weekly-1/20240129T090000Z", "01-29 09:00", "Weekly with Ann"),
    ]
    moved = found[1]
    assert (moved.end - moved.start).total_seconds() == 30 * 60


def test_occurrence_keys_do_not_change_with_the_window():
    first = {e.key for e in events(read(calendar(WEEKLY, MOVED)))}
    later = read(calendar(WEEKLY, MOVED), since=datetime(2024, 1, 20, tzinfo=UTC))
    assert {e.key for e in events(later)} <= first


def test_a_floating_time_and_an_all_day_event_are_read_in_the_users_zone():
    found = events(
        read(
            calendar(
                "UID:f\nSUMMARY:Lunch\nDTSTART:20240110T120000\nDTEND:20240110T130000",
                "UID:d\nSUMMARY:Offsite\nDTSTART;VALUE=DATE:20240111\nDTEND;VALUE=DATE:20240112",
            )
        )
    )
    lunch, offsite = found
    assert lunch.start == datetime(2024, 1, 10, 12, tzinfo=NY) and not lunch.all_day
    assert lunch.key == "f"  # not a series: the UID alone
    assert offsite.all_day and offsite.start == datetime(2024, 1, 11, tzinfo=NY)
    assert offsite.end == datetime(2024, 1, 12, tzinfo=NY)


def test_people_status_organizer_and_conference_links():
    found = events(
        read(
            calendar(
                """UID:m1
SUMMARY:Review
DTSTART:20240105T150000Z
DTEND:20240105T160000Z
STATUS:CANCELLED
LOCATION:Room 4
DESCRIPTION:Join at https://acme.zoom.us/j/123?pwd=x or dial in
ORGANIZER;CN=Bob Boss:mailto:Bob@Example.com
ATTENDEE;CN="Ann Lee";PARTSTAT=ACCEPTED:mailto:ANN@example.com
ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com
ATTENDEE;CN=Room:urn:uuid:no-email""",
                """UID:m2
SUMMARY:Teams
DTSTART:20240106T150000Z
X-MICROSOFT-ONLINEMEETINGURL:https://teams.microsoft.com/l/meetup-join/abc""",
                """UID:m3
SUMMARY:Plain
DTSTART:20240107T150000Z
LOCATION:https://example.org/not-a-video-host
URL:https://meet.google.com/abc-defg-hij""",
            )
        )
    )
    review, teams, plain = found
    assert review.cancelled and review.location == "Room 4"
    assert review.conference_url == "https://acme.zoom.us/j/123?pwd=x"
    assert review.organizer == Person("bob@example.com", "Bob Boss")
    assert review.attendees == (
        Person("ann@example.com", "Ann Lee", "accepted"),
        Person("me@example.com", "", "declined"),
    )
    assert teams.conference_url.startswith("https://teams.microsoft.com/")
    assert plain.conference_url == "https://meet.google.com/abc-defg-hij"


def test_a_broken_event_is_reported_by_uid_and_the_others_are_read():
    items = read(
        calendar(
            "UID:bad-date\nSUMMARY:x\nDTSTART:2024013XT100000Z",
            "UID:no-start\nSUMMARY:y",
            "UID:ok\nSUMMARY:Fine\nDTSTART:20240112T100000Z",
            "UID:bad-rule\nSUMMARY:z\nDTSTART:20240112T100000Z\nRRULE:FREQ=SOMETIMES",
        )
    )
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert [e.title for e in events(items)] == ["Fine"]
    wheres = sorted(p.where for p in problems)
    assert wheres == [
        "work.ics, event bad-date",
        "work.ics, event bad-rule",
        "work.ics, event no-start",
    ]
    assert any("DTSTART" in p.message for p in problems)


def test_an_event_without_uid_gets_a_key_that_is_the_same_every_read():
    data = calendar("SUMMARY:Coffee\nDTSTART:20240112T100000Z")
    first, again = events(read(data)), events(read(data))
    assert first[0].title == "Coffee" and first[0].key == again[0].key
    assert first[0].key.startswith("no-uid-")


def test_a_file_the_parser_refuses_is_read_event_by_event():
    data = calendar(
        "UID:a\nSUMMARY:First\nDTSTART:20240112T100000Z",
        "UID:b\nSUMMARY:Second\nDTSTART:20240113T100000Z",
    ).replace(b"VERSION:2.0", b"this is not a content line")
    items = read(data)
    assert [e.title for e in events(items)] == ["First", "Second"]
    assert (
        items[0] == ReadProblem("work.ics", items[0].message)
        and "reading its events one by one" in items[0].message
    )


def test_garbage_is_one_problem_and_no_events():
    items = read(b"\x00\xff not a calendar at all")
    assert len(items) == 1 and isinstance(items[0], ReadProblem)
    assert items[0].where == "work.ics"


def test_a_cancel_message_cancels_its_events():
    data = calendar("UID:c\nSUMMARY:Call off\nDTSTART:20240112T100000Z", head="METHOD:CANCEL\n")
    assert events(read(data))[0].cancelled
