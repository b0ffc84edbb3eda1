"""A calendar export (file or folder) read run after run."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from prm.core.capture import ics_reader
from prm.core.capture.ics_reader import IcsReader
from prm.core.capture.observations import CalendarEvent, Checkpoint, Progress, ReadProblem
from prm.core.capture.source_config import SourceError

SINCE = datetime(2024, 1, 1, tzinfo=UTC)


def ics(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\n{e}\nEND:VEVENT\n" for e in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{body}END:VCALENDAR\n"


def event(uid: str, start: str, extra: str = "") -> str:
    return f"UID:{uid}\nSUMMARY:{uid}\nDTSTART:{start}\n{extra}".strip()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def __call__(self) -> datetime:
        return self.value


def run(reader, state=None):
    items = list(reader(state or {}, since=SINCE))
    found = [i.key for i in items if isinstance(i, CalendarEvent)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    return found, problems, [i for i in items if isinstance(i, Checkpoint)][-1].state, items


def test_a_folder_of_calendars_with_a_broken_file(tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "home.ics").write_text(ics(event("a", "20240110T100000Z")))
    (tmp_path / "team" / "work.ICS").write_text(ics(event("b", "20240111T100000")))
    (tmp_path / "team" / "broken.ics").write_bytes(b"\xff\x00 not a calendar")
    clock = Clock(datetime(2024, 2, 1, tzinfo=UTC))
    found, problems, state, items = run(
        IcsReader(tmp_path, zone=ZoneInfo("Europe/Paris"), now=clock)
    )
    assert sorted(found) == ["a", "b"]
    assert [p.where for p in problems] == ["team/broken.ics"]
    assert sorted(state["files"]) == ["home.ics", "team/broken.ics", "team/work.ICS"]
    assert [i for i in items if isinstance(i, Progress)][-1] == Progress(3, 3)
    floating = next(i for i in items if isinstance(i, CalendarEvent) and i.key == "b")
    assert (
        floating.start.utcoffset().total_seconds() == 3600 and floating.calendar == "team/work.ICS"
    )


def test_unchanged_files_are_skipped_and_events_are_read_once_they_happened(tmp_path, monkeypatch):
    path = tmp_path / "cal.ics"
    path.write_text(ics(event("past", "20240110T100000Z"), event("soon", "20240301T100000Z")))
    clock = Clock(datetime(2024, 2, 1, tzinfo=UTC))
    reader = IcsReader(path, zone=UTC, now=clock)
    found, _, state, _ = run(reader)
    assert found == ["past"]  # the future meeting is not a touch yet
    clock.value = datetime(2024, 2, 15, tzinfo=UTC)
    parsed = []
    real = ics_reader.events_from_ical
    monkeypatch.setattr(
        ics_reader, "events_from_ical", lambda *a, **k: parsed.append(1) or real(*a, **k)
    )
    found, problems, state, _ = run(reader, state)
    assert found == [] and problems == [] and parsed == []  # nothing new: not even parsed
    clock.value = datetime(2024, 3, 2, tzinfo=UTC)
    found, _, state, _ = run(reader, state)
    assert found == ["soon"]  # happened since; "past" is not read again
    found, _, _, _ = run(reader, state)
    assert found == []


def test_a_changed_file_is_read_again(tmp_path):
    path = tmp_path / "cal.ics"
    path.write_text(ics(event("a", "20240110T100000Z")))
    reader = IcsReader(path, zone=UTC, now=Clock(datetime(2024, 2, 1, tzinfo=UTC)))
    _, _, state, _ = run(reader)
    path.write_text(ics(event("a", "20240110T100000Z"), event("b", "20240111T100000Z")))
    os.utime(path, (1, 2_000_000_000))
    found, _, _, _ = run(reader, state)
    assert found == ["a", "b"]  # keys keep "a" from being proposed twice


def test_a_missing_calendar_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        list(IcsReader(tmp_path / "gone.ics", zone=UTC)({}, since=SINCE))
