"""The events of one iCalendar text, as occurrences in a window.

Shared by the .ics reader and the CalDAV reader: both hand over bytes and get
:class:`CalendarEvent` (one per occurrence of a recurring event, overrides and
exceptions honoured) or :class:`ReadProblem` for what could not be read. A
broken event never stops the others: each UID (a series with its overrides) is
expanded on its own, and a file the icalendar parser refuses as a whole is cut
into its VEVENT blocks and read block by block.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from prm.core.capture.observations import CalendarEvent, Person, ReadProblem

# The hosts of video meetings: a link to one of these anywhere in the event is
# its conference link. X- properties below count whatever their host.
_CONFERENCE_HOSTS = (
    r"(?:[\w-]+\.)*zoom\.us|meet\.google\.com|(?:[\w-]+\.)*teams\.microsoft\.com"
    r"|teams\.live\.com|(?:[\w-]+\.)*webex\.com|(?:[\w-]+\.)*whereby\.com"
    r"|meet\.jit\.si|(?:[\w-]+\.)*gotomeeting\.com|(?:[\w-]+\.)*bluejeans\.com"
    r"|chime\.aws|join\.skype\.com|(?:[\w-]+\.)*facetime\.apple\.com"
)
_CONFERENCE_URL = re.compile(rf"https://(?:{_CONFERENCE_HOSTS})(?:[/?#][^\s<>\"'\\]*)?", re.I)
_ANY_URL = re.compile(r"https?://[^\s<>\"'\\]+", re.I)
_CONFERENCE_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-ONLINEMEETINGURL",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MS-OLK-CONFURL",
    "CONFERENCE",
)
_PARTSTATS = {"ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION", "DELEGATED"}
_BLOCK = re.compile(rb"^BEGIN:(VEVENT|VTIMEZONE)\r?$.*?^END:\1\r?$", re.M | re.S | re.I)


def events_from_ical(
    data: bytes, *, calendar: str, since: datetime, until: datetime, zone: tzinfo
) -> Iterator[CalendarEvent | ReadProblem]:
    """Every occurrence in ``data`` starting in [since, until]; ``calendar`` names
    the file or calendar (in problems and on each event); floating and date-only
    times are read in ``zone``."""
    import icalendar  # imported here: the app starts without it

    try:
        cal = icalendar.Calendar.from_ical(data)
        timezones = list(cal.walk("VTIMEZONE"))
        events = list(cal.walk("VEVENT"))
        cancel_all = str(cal.get("METHOD", "")).upper() == "CANCEL"
    except Exception as error:  # the parser refuses the text as a whole
        yield ReadProblem(
            calendar, f"not a readable calendar ({_short(error)}); reading its events one by one"
        )
        timezones, events = [], []
        cancel_all = False
        for number, block in enumerate(_BLOCK.finditer(data), 1):
            try:
                component = icalendar.Component.from_ical(block.group(0))
            except Exception as block_error:
                yield ReadProblem(f"{calendar}, event {number}", _short(block_error))
                continue
            (timezones if component.name == "VTIMEZONE" else events).append(component)
    window = _Window(since, until, zone)
    for uid, position, group, problems in _by_uid(events, calendar):
        yield from problems
        if group:
            yield from _occurrences(uid, position, group, timezones, window, calendar, cancel_all)


class _Window:
    def __init__(self, since: datetime, until: datetime, zone: tzinfo) -> None:
        self.since, self.until, self.zone = since, until, zone

    def aware(self, value: date | datetime) -> datetime:
        if not isinstance(value, datetime):
            return datetime.combine(value, time(), self.zone)
        return value if value.tzinfo is not None else value.replace(tzinfo=self.zone)


def _by_uid(events: list, calendar: str) -> Iterable[tuple[str, int, list, list[ReadProblem]]]:
    """Events grouped by UID (a series and its overrides stay together), in file
    order; a broken component is a problem and left out of its group."""
    groups: dict[str, tuple[int, list, list[ReadProblem]]] = {}
    for position, event in enumerate(events, 1):
        uid = str(event.get("UID", "")).strip() or _content_key(event)
        where = f"{calendar}, event {uid if event.get('UID') else position}"
        _, members, problems = groups.setdefault(uid, (position, [], []))
        if event.errors:
            problems.append(
                ReadProblem(where, "; ".join(f"{name}: {why}" for name, why in event.errors))
            )
        elif event.get("DTSTART") is None:
            problems.append(ReadProblem(where, "no start time (DTSTART)"))
        else:
            members.append(event)
    for uid, (position, members, problems) in groups.items():
        yield uid, position, members, problems


def _content_key(event) -> str:
    """A key for an event without UID (some exporters omit it): the same text
    next time gives the same key, so it is still proposed once."""
    raw = "\x1f".join(str(event.get(name, "")) for name in ("DTSTART", "SUMMARY", "LOCATION"))
    raw += "\x1f" + str(event.get("DTSTART").to_ical() if event.get("DTSTART") else "")
    return "no-uid-" + hashlib.sha1(raw.encode("utf-8", "replace")).hexdigest()[:20]


def _occurrences(uid, position, group, timezones, window, calendar, cancel_all):
    import icalendar
    import recurring_ical_events

    series = any(e.get("RRULE") or e.get("RDATE") or e.get("RECURRENCE-ID") for e in group)
    where = f"{calendar}, event {uid if not uid.startswith('no-uid-') else position}"
    if not series and len(group) == 1:
        # A single event is its own occurrence: no expansion (half the time of a big export).
        try:
            event = _event(group[0], uid, False, window, calendar, cancel_all)
        except Exception as error:
            yield ReadProblem(where, _short(error))
            return
        if window.since <= event.start <= window.until:
            yield event
        return
    mini = icalendar.Calendar()
    for component in [*timezones, *group]:
        mini.add_component(component)
    # A day of slack each side: floating and all-day times are only placed in
    # the user's zone below, then the window is applied exactly.
    slack = timedelta(days=1)
    try:
        found = recurring_ical_events.of(mini).between(window.since - slack, window.until + slack)
        for occurrence in found:
            event = _event(occurrence, uid, series, window, calendar, cancel_all)
            if window.since <= event.start <= window.until:
                yield event
    except Exception as error:
        yield ReadProblem(where, _short(error))


def _event(component, uid, series, window, calendar, cancel_all) -> CalendarEvent:
    start_value = component.get("DTSTART").dt
    all_day = not isinstance(start_value, datetime)
    start = window.aware(start_value)
    end_prop = component.get("DTEND")
    end = window.aware(end_prop.dt) if end_prop is not None else None
    if end is None and component.get("DURATION") is not None:
        end = start + component.get("DURATION").dt
    key = uid
    if series and component.get("RECURRENCE-ID") is not None:
        key = f"{uid}/{_recurrence_id(component.get('RECURRENCE-ID').dt, window)}"
    return CalendarEvent(
        key=key,
        title=_text(component.get("SUMMARY")),
        start=start,
        end=end,
        all_day=all_day,
        location=_text(component.get("LOCATION")),
        conference_url=conference_url(component),
        organizer=_person(component.get("ORGANIZER")),
        attendees=tuple(p for p in map(_person, _list(component.get("ATTENDEE"))) if p),
        cancelled=cancel_all or _text(component.get("STATUS")).upper() == "CANCELLED",
        calendar=calendar,
    )


def _recurrence_id(value: date | datetime, window: _Window) -> str:
    if not isinstance(value, datetime):
        return value.strftime("%Y%m%d")
    return window.aware(value).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def conference_url(component) -> str:
    """The video link of an event: an X- conference property first, then a known
    meeting host in URL, LOCATION or DESCRIPTION."""
    for name in _CONFERENCE_PROPERTIES:
        for value in _list(component.get(name)):
            if match := _ANY_URL.search(str(value)):
                return match.group(0)
    for name in ("URL", "LOCATION", "DESCRIPTION"):
        for value in _list(component.get(name)):
            if match := _CONFERENCE_URL.search(str(value)):
                return match.group(0)
    return ""


def _person(prop) -> Person | None:
    if prop is None:
        return None
    address = str(prop).strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    params = getattr(prop, "params", {})
    if "@" not in address:
        address = str(params.get("EMAIL", "")).strip()
    if "@" not in address:
        return None
    status = str(params.get("PARTSTAT", "")).upper()
    return Person(
        email=address.lower(),
        name=str(params.get("CN", "")).strip().strip('"'),
        status=status.lower() if status in _PARTSTATS else "",
    )


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."
