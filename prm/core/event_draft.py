"""What the event editor and the CLI hand to the event services: values as typed.

``EventDraft.cleaned()`` checks the whole draft so every problem shows at once,
each under its field ("end" for an end before the start, "start_date" for
31 February); ``EventFields`` is the clean result, exactly the stored columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from prm.core import validation
from prm.core.dates import PartialDate
from prm.core.errors import ValidationError
from prm.core.vocab import EVENT_KINDS, EVENT_STATUSES

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def zone_name(zone: tzinfo) -> str:
    """The IANA name of ``ctx.zone`` ("UTC" when it has none)."""
    name = getattr(zone, "key", None) or str(zone)
    try:
        return validation.clean_timezone(name) or "UTC"
    except ValueError:
        return "UTC"


def event_label(kind: str, title: str) -> str:
    return title or EVENT_KINDS.get(kind, kind)


@dataclass
class EventDraft:
    contact_id: int | None = None
    kind: str = "custom"
    title: str = ""
    all_day: bool = True
    start_date: str = ""  # YYYY-MM-DD
    end_date: str = ""  # the last day (inclusive); "" = the start day
    start_time: str = ""  # HH:MM, timed events only
    end_time: str = ""  # HH:MM on the end date; "" = no end time
    timezone: str = ""  # IANA; "" = the user's zone
    location: str = ""
    url: str = ""
    yearly: bool = False
    my_status: str = "considering"
    notes: str = ""

    def cleaned(self, default_zone: str = "UTC") -> EventFields:
        """Typed values ready to store, or ValidationError listing every problem."""
        errors: dict[str, str] = {}
        if self.contact_id is None:
            errors["contact_id"] = "Choose whose event this is."
        if self.kind not in EVENT_KINDS:
            errors["kind"] = (
                f"“{self.kind}” is not a kind of event; use one of {', '.join(EVENT_KINDS)}"
            )
        if self.my_status not in EVENT_STATUSES:
            errors["my_status"] = (
                f"“{self.my_status}” is not a status; use one of {', '.join(EVENT_STATUSES)}"
            )
        title = " ".join(self.title.split())
        if not title and self.kind == "custom":
            errors["title"] = "Give the event a name."
        url = ""
        if self.url.strip():
            try:
                url = validation.clean_url(self.url)
            except ValueError as exc:
                errors["url"] = str(exc)
        start_day = _day(self.start_date, "start_date", errors, required=True)
        end_day = _day(self.end_date, "end_date", errors) if self.end_date.strip() else None
        zone = ""
        start_at = end_at = None
        if not self.all_day:
            zone = self.timezone.strip() or default_zone
            try:
                if not validation.clean_timezone(zone):
                    raise ValueError("Choose the time zone it happens in.")
            except ValueError as exc:
                errors["timezone"] = str(exc)
                zone = ""
            start_clock = _clock(self.start_time, "start_time", errors, required=True)
            end_clock = _clock(self.end_time, "end_time", errors) if self.end_time.strip() else None
            if zone and start_day and start_clock:
                start_at = _instant(start_day, start_clock, zone)
                if end_clock is not None:
                    end_at = _instant(end_day or start_day, end_clock, zone)
                elif end_day is not None:
                    errors["end_time"] = "Give the time it ends on that day."
                if end_at is not None and end_at < start_at:
                    errors["end"] = "The end is before the start."
        elif start_day and end_day and end_day < start_day:
            errors["end"] = "The end is before the start."
        if errors:
            raise ValidationError(errors)
        assert self.contact_id is not None and start_day is not None
        return EventFields(
            contact_id=self.contact_id,
            kind=self.kind,
            title=title,
            all_day=self.all_day,
            start_date=start_day if self.all_day else None,
            end_date=(end_day if end_day != start_day else None) if self.all_day else None,
            start_at=start_at,
            end_at=end_at,
            timezone=zone,
            location=" ".join(self.location.split()),
            url=url,
            yearly=self.yearly,
            my_status=self.my_status,
            notes=self.notes.strip(),
        )


@dataclass(frozen=True)
class EventFields:
    """A clean draft: exactly the columns of ``ContactEvent`` that a user sets."""

    contact_id: int
    kind: str
    title: str
    all_day: bool
    start_date: date | None
    end_date: date | None
    start_at: datetime | None
    end_at: datetime | None
    timezone: str
    location: str
    url: str
    yearly: bool
    my_status: str
    notes: str


def _day(text: str, name: str, errors: dict[str, str], *, required: bool = False) -> date | None:
    text = text.strip()
    if not text:
        if required:
            errors[name] = "Give the date."
        return None
    try:
        parsed = PartialDate.parse(text)  # "2026-02-31 is not a real date"
    except ValueError as exc:
        errors[name] = str(exc)
        return None
    if parsed.year is None:
        errors[name] = f"“{text}”: give the year too (YYYY-MM-DD)"
        return None
    return date(parsed.year, parsed.month, parsed.day)


def _clock(text: str, name: str, errors: dict[str, str], *, required: bool = False) -> time | None:
    text = text.strip()
    match = _TIME.match(text)
    if not text and required:
        errors[name] = "Give the time it starts (HH:MM), or make it an all-day event."
    elif not match or int(match[1]) > 23 or int(match[2]) > 59:
        errors[name] = f"“{text}” is not a time; use HH:MM, like 09:30"
    else:
        return time(int(match[1]), int(match[2]))
    return None


def _instant(day: date, clock: time, zone: str) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone)).astimezone(UTC)
