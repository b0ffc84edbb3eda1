"""The .ics export, read back with icalendar as a calendar app would."""

from __future__ import annotations

import errno
import os
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from prm.core import contacts, events, fsio, ics
from prm.core.drafts import ContactDraft
from prm.core.errors import KnownError


@pytest.fixture
def ann(store, clock):
    with store.transaction() as session:
        draft = ContactDraft(given_name="Ann", family_name="Lee", birthday="1980-02-29")
        return contacts.create_contact(session, draft=draft, clock=clock).id


def occurrences(store, clock, contact_id, *drafts, days=400):
    with store.transaction() as session:
        for fields in drafts:
            events.add_event(
                session, draft=events.EventDraft(contact_id=contact_id, **fields), clock=clock
            )
        return events.upcoming(session, today=date(2026, 3, 1), days=days)


def parsed(data: bytes) -> tuple[Calendar, dict[str, object]]:
    cal = Calendar.from_ical(data)
    return cal, {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_an_empty_export_is_still_a_valid_calendar(clock):
    cal, found = parsed(ics.calendar_bytes([], now=clock.now()))
    assert found == {}
    assert cal["version"] == "2.0" and cal["method"] == "PUBLISH" and cal["calscale"] == "GREGORIAN"
    assert "PRM" in str(cal["prodid"])


def test_all_day_timed_and_yearly_events_round_trip(store, clock, ann):
    items = occurrences(
        store,
        clock,
        ann,
        {
            "kind": "conference",
            "title": "Expo",
            "start_date": "2026-05-04",
            "end_date": "2026-05-06",
            "location": "Hall 3",
            "url": "expo.example",
        },
        {
            "kind": "talk",
            "title": "Keynote",
            "all_day": False,
            "start_date": "2026-06-01",
            "start_time": "09:30",
            "end_time": "10:15",
            "timezone": "America/New_York",
        },
        {"kind": "work_anniversary", "start_date": "2019-07-01", "yearly": True},
    )
    cal, found = parsed(ics.calendar_bytes(items, now=clock.now()))

    expo = found["Expo (Ann Lee)"]
    assert expo["dtstart"].dt == date(2026, 5, 4)
    assert expo["dtend"].dt == date(2026, 5, 7)  # exclusive: the day after the last
    assert expo["dtstart"].params.get("VALUE") == "DATE"
    assert str(expo["location"]) == "Hall 3" and str(expo["url"]) == "https://expo.example"
    assert expo["dtstamp"].dt == clock.now()

    keynote = found["Keynote (Ann Lee)"]
    assert keynote["dtstart"].params["TZID"] == "America/New_York"
    assert keynote["dtstart"].dt.astimezone(UTC) == datetime(2026, 6, 1, 13, 30, tzinfo=UTC)
    assert keynote["dtend"].dt - keynote["dtstart"].dt == timedelta(minutes=45)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]

    work = found["Work anniversary (Ann Lee)"]
    assert work["rrule"]["FREQ"] == ["YEARLY"] and work["dtstart"].dt == date(2026, 7, 1)
    assert len({str(e["uid"]) for e in found.values()}) == len(found)


def test_a_29_february_birthday_repeats_on_februarys_last_day(store, clock, ann):
    items = occurrences(store, clock, ann)
    data = ics.calendar_bytes(items, now=clock.now())
    _, found = parsed(data)
    birthday = found["Ann Lee’s birthday"]
    assert birthday["dtstart"].dt == date(2027, 2, 28)
    assert dict(birthday["rrule"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    assert "Born 1980-02-29" in str(birthday["description"])
    again = ics.calendar_bytes(items, now=clock.now() + timedelta(days=1))
    assert parsed(again)[1]["Ann Lee’s birthday"]["uid"] == birthday["uid"]  # re-import updates


def test_the_file_is_written_whole_and_write_failures_name_the_file(tmp_path, clock, monkeypatch):
    out = tmp_path / "events.ics"
    assert ics.write_calendar(out, [], now=clock.now()) == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")

    with pytest.raises(KnownError) as caught:
        ics.write_calendar(tmp_path / "missing" / "events.ics", [], now=clock.now())
    assert str(tmp_path / "missing" / "events.ics") in caught.value.message

    def disk_full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsio.os, "fsync", disk_full)
    with pytest.raises(KnownError) as caught:
        ics.write_calendar(out, [], now=clock.now())
    assert str(out) in caught.value.message and "the disk is full" in caught.value.message
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["events.ics"]  # no temp file left


def test_an_unwritable_folder_is_a_known_error(tmp_path, clock):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: folder permissions are not enforced")
        with pytest.raises(KnownError) as caught:
            ics.write_calendar(locked / "events.ics", [], now=clock.now())
        assert str(locked / "events.ics") in caught.value.message
    finally:
        locked.chmod(0o700)
