"""``prm meetings list|stats`` as a script author reads them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from prm.cli.main import main
from prm.core import contacts, meetings
from prm.core.clock import FakeClock
from prm.core.drafts import ContactDraft
from prm.core.meetings import MeetingDraft, MeetingSummary
from prm.core.paths import AppPaths
from prm.core.secrets import MemorySecretStore
from prm.core.store_open import open_store


def test_list_and_stats_json(tmp_path, capsys):
    secrets, data_dir = MemorySecretStore(), tmp_path / "data"
    clock = FakeClock(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    store = open_store(AppPaths.for_dir(data_dir), secrets)
    with store.transaction() as session:
        ann = contacts.create_contact(session, draft=ContactDraft(given_name="Ann"), clock=clock).id
    for minutes in (25, 52):
        with store.transaction() as session:
            meeting = meetings.start_meeting(
                session, draft=MeetingDraft([ann], title=f"{minutes}"), clock=clock
            )
            timer = meetings.saved_timer(meeting)
            clock.advance(minutes=minutes)
            meetings.end_meeting(
                session, meeting_id=meeting.id, timer=timer, summary=MeetingSummary(), clock=clock
            )
        clock.advance(days=1)
    store.close()

    def run(*argv):
        code = main(["--data-dir", str(data_dir), *argv], secrets=secrets)
        return code, capsys.readouterr().out

    code, out = run("meetings", "list", "--json", "--contact", "Ann")
    assert code == 0
    assert [(m["title"], m["actual_minutes"], m["overran"]) for m in json.loads(out)] == [
        ("52", 52, True),
        ("25", 25, False),
    ]
    code, out = run("meetings", "stats", "--json")
    stats = json.loads(out)
    assert (
        stats["count"],
        stats["median_minutes"],
        stats["share_under_45"],
        stats["overruns"],
    ) == (2, 38.5, 0.5, 1)
    assert stats["overruns_by_contact"][0]["name"] == "Ann"
    code, out = run("meetings", "stats")
    assert "Under 45 minutes: 50%" in out


def test_no_meetings_yet(tmp_path, capsys):
    code = main(
        ["--data-dir", str(tmp_path / "d"), "meetings", "stats", "--json"],
        secrets=MemorySecretStore(),
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["count"] == 0
