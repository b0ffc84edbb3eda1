"""Reading road notes as written: one touch a line, or a CSV with date/person/channel/note.

Pure text in, ``NoteLine``s and ``Problem``s out, no store: ``road_notes`` matches
the people and writes the touches. Every line that is not blank and not a
``#`` comment ends up as a note or as a problem with its line number; nothing
is dropped silently.

A line: ``DATE PERSON: NOTE`` — ``2026-12-03 Anna Schmidt: coffee, talked about
Q1``. The date as ``2026-12-03``, ``3 Dec``, ``Dec 3``, ``3 December 2026``,
``Thu 3 Dec``, ``3.12.`` or ``3.12.2026``; without a year, the year comes from
the trip (the one placing the day nearest the trip) or else is the last such
day up to today. The note's first word may say the channel (``call``,
``coffee``, ``lunch``, ``email``...); without one, the touch was in person.
"""

from __future__ import annotations

import csv
import io
import re
from calendar import isleap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from prm.core.dates import MAX_YEAR, MIN_YEAR
from prm.core.text_fold import words
from prm.core.vocab import TOUCH_CHANNELS

DEFAULT_CHANNEL = "in_person"  # notes from the road are mostly of meeting people
SUMMARY_CHARS = 200

# The first word of a note that says how the touch happened.
_CHANNEL_WORDS: dict[str, str] = {
    **{key: key for key in TOUCH_CHANNELS},
    **{label: key for key, label in TOUCH_CHANNELS.items()},
    "called": "call", "phone": "call", "phoned": "call", "rang": "call",
    "zoom": "video", "teams": "video", "videocall": "video",
    "coffee": "in_person", "lunch": "in_person", "dinner": "in_person",
    "breakfast": "in_person", "drinks": "in_person", "beer": "in_person", "met": "in_person",
    "visit": "in_person", "visited": "in_person", "walk": "in_person",
    "meeting": "meeting", "workshop": "meeting",
    "e-mail": "email", "mail": "email", "emailed": "email",
    "sms": "text", "whatsapp": "text", "signal": "text", "message": "text", "texted": "text",
    "conference": "event", "party": "event",
}  # fmt: skip
# compared as words: "E-mail", "e mail" and "EMAIL" are one
CHANNEL_WORDS = {" ".join(words(k)): v for k, v in _CHANNEL_WORDS.items()}


@dataclass(frozen=True)
class NoteLine:
    line: int  # 1-based, where it starts in the file
    on: date
    person: str  # as written: a name, a nickname, an email address or #id
    channel: str  # a TOUCH_CHANNELS key
    note: str  # as written, channel word included ("coffee, talked about Q1")
    at: time | None = None  # the hour, when the line gives one


@dataclass(frozen=True)
class Problem:
    line: int
    text: str  # the line (or CSV row) as written, shortened
    reason: str


class LineError(ValueError):
    """Why one line is not a road note (the reason shown beside its number)."""


_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {
    **{name: i for i, name in enumerate(_MONTH_NAMES.split(), 1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES.split(), 1)},
    "sept": 9,
}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})?(?!\d)"),
    re.compile(
        _WEEKDAY + rf"(?P<d>\d{{1,2}}){_ORD}\.?\s+(?P<mon>[a-z]+)\.?(?:,?\s+(?P<y>\d{{4}}))?\b"
    ),
    re.compile(
        _WEEKDAY + rf"(?P<mon>[a-z]+)\.?\s+(?P<d>\d{{1,2}}){_ORD}(?:,?\s+(?P<y>\d{{4}}))?\b"
    ),
]
_AFTER_DATE = re.compile(r"\s*(?:[,:–—-]\s*)?")
_SEPARATORS = (":", " – ", " — ", " - ")


def split_date(text: str, *, resolve) -> tuple[date, str]:
    """(the day a line starts with, the rest); ``resolve(month, day)`` picks a missing year."""
    lowered = text.lower()
    for form in _DATE_FORMS:
        found = form.match(lowered)
        if found is None:
            continue
        parts = found.groupdict()
        if parts.get("mon") is not None:
            month = _MONTHS.get(parts["mon"])
            if month is None:
                continue
        else:
            month = int(parts["m"])
        day = int(parts["d"])
        try:
            date(2000, month, day)  # a leap year: 29 Feb is a day, the year is checked below
        except ValueError:
            raise LineError(f"“{_written(text, found)}” is not a real date") from None
        if parts.get("y"):
            try:
                on = date(int(parts["y"]), month, day)
            except ValueError:
                raise LineError(f"“{_written(text, found)}” is not a real date") from None
            if not MIN_YEAR <= on.year <= MAX_YEAR:
                raise LineError(f"{on.year} is not a plausible year")
        else:
            on = resolve(month, day)
        rest = text[found.end() :]
        return on, rest[_AFTER_DATE.match(rest).end() :]
    raise LineError("it does not start with a date (like 2026-12-03, 3 Dec or Dec 3)")


def resolver(*, today: date, trip: tuple[date, date] | None = None) -> Callable[[int, int], date]:
    """How a day without a year gets one: the year placing it nearest the trip's middle,
    or (no trip) the last such day up to ``today`` — notes are written after the fact."""

    def days(month: int, day: int, years: range) -> list[date]:
        # 29 February is a day only in leap years
        return [date(y, month, day) for y in years if month != 2 or day != 29 or isleap(y)]

    def resolve(month: int, day: int) -> date:
        if trip is not None:
            middle = trip[0] + (trip[1] - trip[0]) / 2
            near = days(month, day, range(middle.year - 4, middle.year + 5))
            return min(near, key=lambda d: abs(d - middle))
        return max(d for d in days(month, day, range(today.year - 8, today.year + 1)) if d <= today)

    return resolve


def _written(text: str, found: re.Match) -> str:
    return text[found.start() : found.end()].strip()


_TIME = re.compile(r"(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?P<ap>am|pm)?(?=\s|$)", re.I)


def split_time(text: str) -> tuple[time | None, str]:
    """An hour after the date ("10:30", "9.15", "7pm") and the rest; (None, text) if none."""
    found = _TIME.match(text)
    if found is None or (found["m"] is None and found["ap"] is None):
        return None, text
    hour, minute = int(found["h"]), int(found["m"] or 0)
    if found["ap"]:
        if not 1 <= hour <= 12:
            return None, text
        hour = hour % 12 + (12 if found["ap"].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise LineError(f"“{found.group(0).strip()}” is not a time of day")
    rest = text[found.end() :]
    return time(hour, minute), rest[_AFTER_DATE.match(rest).end() :]


def channel_of(note: str) -> str:
    """The channel the note's first word (or two) names, else ``DEFAULT_CHANNEL``."""
    folded = words(note)
    for n in (2, 1):
        key = " ".join(folded[:n])
        if len(folded) >= n and key in CHANNEL_WORDS:
            return CHANNEL_WORDS[key]
    return DEFAULT_CHANNEL


def parse_line(text: str, number: int, *, resolve) -> NoteLine:
    """One text line as a note; LineError says what is wrong with it."""
    on, rest = split_date(text.strip(), resolve=resolve)
    at, rest = split_time(rest)
    cut = min(((i, sep) for sep in _SEPARATORS if (i := rest.find(sep)) >= 0), default=None)
    if cut is None:
        raise LineError("write a “:” after the name, like “2026-12-03 Anna Schmidt: coffee”")
    person, note = rest[: cut[0]].strip(), rest[cut[0] + len(cut[1]) :].strip()
    if not person:
        raise LineError("no one is named before the “:”")
    return NoteLine(number, on, person, channel_of(note), note, at)


def parse_text(text: str, *, resolve) -> tuple[list[NoteLine], list[Problem]]:
    notes: list[NoteLine] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            notes.append(parse_line(line, number, resolve=resolve))
        except LineError as exc:
            problems.append(Problem(number, _short(line), str(exc)))
    return notes, problems


# --- CSV ------------------------------------------------------------------------------

_HEADERS = {
    "date": "date|day|when|on|datum|date of touch|touch date",
    "person": "person|name|contact|who|with|full name|contact name|people|attendee",
    "email": "email|e mail|mail|email address|e mail address",
    "channel": "channel|type|kind|how|medium|via|touch type",
    "note": "note|notes|summary|what|text|description|comment|comments|topic|subject|details",
}
_HEADER_KEYS = {" ".join(words(p)): k for k, ps in _HEADERS.items() for p in ps.split("|")}
DELIMITERS = ",;\t|"


def csv_columns(text: str) -> tuple[str, dict[str, int]] | None:
    """(delimiter, field -> column) when the first row is a road-notes CSV header."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        sniffed = csv.Sniffer().sniff(first, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    for delimiter in dict.fromkeys([sniffed, *DELIMITERS]):
        cells = next(csv.reader([first], delimiter=delimiter), [])
        columns: dict[str, int] = {}
        for i, cell in enumerate(cells):
            key = _HEADER_KEYS.get(" ".join(words(cell)))
            if key and key not in columns:
                columns[key] = i
        if "date" in columns and ("person" in columns or "email" in columns):
            return delimiter, columns
    return None


def parse_csv(
    text: str, delimiter: str, columns: dict[str, int], *, resolve
) -> tuple[list[NoteLine], list[Problem]]:
    notes: list[NoteLine] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start, header_seen = 1, False
    for cells in reader:
        number, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if not header_seen:
            header_seen = True
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            i = columns.get(key)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        row_text = _short(delimiter.join(cells))
        try:
            on, rest = split_date(cell("date"), resolve=resolve)
            at, rest = split_time(rest)
            if rest.strip():
                raise LineError(f"“{cell('date')}” is not a date")
            person = cell("person") or cell("email")
            if not person:
                raise LineError("no one is named in the person column")
            note = cell("note")
            channel = _csv_channel(cell("channel")) if cell("channel") else channel_of(note)
            notes.append(NoteLine(number, on, person, channel, note, at))
        except LineError as exc:
            problems.append(Problem(number, row_text, str(exc)))
    return notes, problems


def _csv_channel(text: str) -> str:
    key = " ".join(words(text))
    if key not in CHANNEL_WORDS:
        raise LineError(f"“{text}” is not a channel (call, coffee, meeting, email, video...)")
    return CHANNEL_WORDS[key]


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary_and_notes(note: str) -> tuple[str, str]:
    """A long or multi-line note keeps its first line as the summary and all of it as notes."""
    first = note.strip().splitlines()[0].strip() if note.strip() else ""
    if first == note.strip() and len(first) <= SUMMARY_CHARS:
        return first, ""
    if len(first) > SUMMARY_CHARS:
        first = first[: SUMMARY_CHARS - 1].rstrip() + "…"
    return first, note.strip()
