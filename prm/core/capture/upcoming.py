"""Upcoming calendar events that have a place, read straight from a calendar source.

Capture's readers hand on only what already happened (a touch is in the past), so a
trip in the user's calendar — "Client workshop, Munich, 2-4 Dec" — never reaches the
capture queue. The New trip dialog asks here instead: each calendar source (.ics
files, CalDAV) for the events of the coming months with a location. Nothing is
stored; a network source is read on the network worker, as capture's runs are.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from prm.core.capture.observations import CalendarEvent
from prm.core.capture.source_config import SourceConfig

HORIZON_DAYS = 180
CALENDAR_KINDS = ("ics", "caldav")


def upcoming_events(
    config: SourceConfig,
    *,
    password: str | None,
    zone: tzinfo,
    now: datetime,
    days: int = HORIZON_DAYS,
) -> list[CalendarEvent]:
    """The source's events starting within ``days`` of ``now`` that name a place, not
    cancelled, soonest first. SourceError (or a DAV error naming the server) when the
    source cannot be read; other kinds of source have no events: []."""
    until = now + timedelta(days=days)
    if config.kind == "ics":
        found = _from_files(config.location, zone, now, until)
    elif config.kind == "caldav":
        found = _from_caldav(config, password or "", zone, now, until)
    else:
        return []
    events = [
        e for e in found if isinstance(e, CalendarEvent) and not e.cancelled and e.location.strip()
    ]
    return sorted(events, key=lambda e: (e.start, e.title))


def _from_files(location: str, zone: tzinfo, now: datetime, until: datetime):
    from prm.core.capture.ical_events import events_from_ical
    from prm.core.capture.ics_reader import IcsReader

    reader = IcsReader(Path(location), zone=zone)
    for file in reader.files():
        try:
            data = file.read_bytes()
        except OSError:
            continue  # capture's runs report an unreadable file; a trip list skips it
        yield from events_from_ical(
            data, calendar=reader.name_of(file), since=now, until=until, zone=zone
        )


_QUERY = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
    "<d:prop><c:calendar-data/></d:prop>"
    '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
    '<c:time-range start="{start}" end="{end}"/>'
    "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"
)


def _from_caldav(config: SourceConfig, password: str, zone, now: datetime, until: datetime):
    """A time-range calendar-query (RFC 4791 §7.8) on every calendar of the account."""
    from datetime import UTC

    from prm.core.capture.caldav_http import Dav
    from prm.core.capture.caldav_reader import CalDavReader
    from prm.core.capture.ical_events import events_from_ical
    from prm.core.dav.xml import CALDAV

    stamp = "%Y%m%dT%H%M%SZ"
    body = _QUERY.format(
        start=now.astimezone(UTC).strftime(stamp), end=until.astimezone(UTC).strftime(stamp)
    )
    reader = CalDavReader(config.location, config.username, password, zone)
    dav = Dav(config.location, config.username, password)
    try:
        for href, name in reader.calendars(dav):  # discovered as capture's runs do
            answer = dav.request("REPORT", dav.absolute(href), body, depth="1")
            for response in answer.responses:
                data = response.props.get(f"{{{CALDAV}}}calendar-data")
                if response.status == 200 and data is not None and (data.text or "").strip():
                    yield from events_from_ical(
                        data.text.encode("utf-8"), calendar=name, since=now, until=until, zone=zone
                    )
    finally:
        dav.close()
