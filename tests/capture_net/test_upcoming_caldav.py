"""Upcoming events with a place, read from a real Radicale for "From calendar…" trips."""

from __future__ import annotations

from datetime import UTC, timedelta

from prm.core.capture.source_config import SourceConfig
from prm.core.travel.from_calendar import upcoming_places
from tests.capture_net.helpers import NOW, ics


def test_the_coming_months_events_with_a_place_come_from_the_server(radicale_server):
    work = radicale_server.make_calendar("Work")
    munich = "LOCATION:Promenadeplatz 2\\, 80333 München\n"
    radicale_server.put(
        work, "trip", ics("trip", NOW + timedelta(days=12), "Workshop", extra=munich)
    )
    radicale_server.put(work, "past", ics("past", NOW - timedelta(days=3), "Old", extra=munich))
    radicale_server.put(work, "noplace", ics("noplace", NOW + timedelta(days=5), "Call"))
    radicale_server.put(work, "far", ics("far", NOW + timedelta(days=400), "Later", extra=munich))
    config = SourceConfig("caldav", radicale_server.url, "ann", "")

    places, problems = upcoming_places([(config, "secret")], zone=UTC, now=NOW)

    assert problems == []
    assert [(p.summary, p.location, p.proposal_id) for p in places] == [
        ("Workshop", "Promenadeplatz 2, 80333 München", None)
    ]
    assert places[0].occurred_at == (NOW + timedelta(days=12)).replace(microsecond=0)


def test_a_calendar_that_cannot_be_read_is_named_and_the_others_still_count(
    radicale_server, tmp_path
):
    missing = SourceConfig("ics", str(tmp_path / "gone.ics"), "", "")
    wrong = SourceConfig("caldav", radicale_server.url, "ann", "")
    places, problems = upcoming_places(
        [(missing, None), (wrong, "not the password")], zone=UTC, now=NOW
    )
    assert places == []
    assert len(problems) == 2
    assert problems[0].startswith(str(tmp_path / "gone.ics"))
    assert problems[1].startswith(radicale_server.url)
