"""``prm events``: upcoming as JSON, adding, attending, and the .ics file."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from icalendar import Calendar


def soon(days: int) -> date:
    return date.today() + timedelta(days=days)


def test_upcoming_json_lists_events_and_birthdays_by_date(prm):
    birthday = soon(5)
    prm("contacts", "add", "--given", "Jane", "--birthday", f"1992-{birthday:%m-%d}")
    code, out, err = prm(
        "events",
        "add",
        "Jane",
        "--kind",
        "talk",
        "--title",
        "Keynote",
        "--date",
        soon(2).isoformat(),
        "--time",
        "09:30",
        "--tz",
        "Europe/Paris",
        "--json",
    )
    assert code == 0, err
    event_id = json.loads(out)["id"]

    code, out, _ = prm("events", "upcoming", "--days", "7", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["title"], r["date"], r["source"]) for r in rows] == [
        ("Keynote", soon(2).isoformat(), "event"),
        ("Birthday", birthday.isoformat(), "birthday"),
    ]
    assert rows[0]["event_id"] == event_id and rows[0]["timezone"] == "Europe/Paris"
    assert rows[0]["start_at"].startswith(f"{soon(2).isoformat()}T09:30")
    assert rows[1]["years"] == birthday.year - 1992 and rows[1]["contact_name"] == "Jane"
    assert json.loads(prm("events", "upcoming", "--days", "1", "--json")[1]) == []


def test_attending_logs_an_event_touch(prm):
    prm("contacts", "add", "--given", "Jane")
    prm("events", "add", "Jane", "--kind", "party", "--date", soon(-1).isoformat())
    code, out, _ = prm("events", "status", "1", "attended")
    assert code == 0 and "touch logged" in out
    touches = json.loads(prm("touch", "list", "--contact", "Jane", "--json")[1])
    assert [(t["kind"], t["channel"]) for t in touches] == [("event", "attended")]


def test_bad_input_names_the_field_and_exits_2(prm):
    prm("contacts", "add", "--given", "Jane")
    code, _, err = prm(
        "events", "add", "Jane", "--title", "X", "--date", "2026-02-31", "--url", "not a url"
    )
    assert code == 2
    assert "start date" in err and "not a real date" in err and "url" in err
    with pytest.raises(SystemExit) as exited:  # argparse says which option was wrong
        prm("events", "upcoming", "--days", "0")
    assert exited.value.code == 2
    assert prm("events", "status", "99", "attended")[0] == 2


def test_ics_writes_a_calendar_file(prm, tmp_path):
    prm("contacts", "add", "--given", "Jane", "--birthday", f"{soon(3):%m-%d}")
    prm(
        "events",
        "add",
        "Jane",
        "--kind",
        "launch",
        "--title",
        "Launch",
        "--date",
        soon(40).isoformat(),
    )
    out = tmp_path / "soon.ics"
    code, text, _ = prm("events", "ics", str(out), "--days", "7")
    assert code == 0 and "Wrote 1 event " in text
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Jane’s birthday"

    code, _, _ = prm("events", "ics", str(out), "--event", "1")
    assert code == 0
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Launch (Jane)" and event["dtstart"].dt == soon(40)

    code, _, err = prm("events", "ics", str(tmp_path / "nowhere" / "x.ics"))
    assert code == 2 and "nowhere" in err
