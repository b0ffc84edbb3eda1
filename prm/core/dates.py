"""Dates that may lack a year (birthdays people tell you without their age), and
the user's today (`today_in`): the one place "today in the user's zone" is computed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, tzinfo

from prm.core.clock import Clock

# A leap year, so 29 February is a valid year-less date.
_LEAP_YEAR = 2000
_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?:--)?(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^--(?P<m>\d{2})(?P<d>\d{2})$"),
]


# Dates people type (birthdays, events, touches) fall in these years; others are typos.
MIN_YEAR, MAX_YEAR = 1800, 2200


@dataclass(frozen=True)
class PartialDate:
    month: int
    day: int
    year: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY-MM-DD``, ``MM-DD`` or ``--MM-DD``; ValueError says what is wrong."""
        text = text.strip()
        for pattern in _PATTERNS:
            match = pattern.match(text)
            if match:
                parts = match.groupdict()
                year = int(parts["y"]) if parts.get("y") else None
                return cls.of(year, int(parts["m"]), int(parts["d"]))
        raise ValueError(f"“{text}” is not a date; use YYYY-MM-DD, or MM-DD without a year")

    @classmethod
    def of(cls, year: int | None, month: int, day: int) -> PartialDate:
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"{year} is not a plausible year")
        try:
            date(year or _LEAP_YEAR, month, day)
        except ValueError:
            shown = f"{year}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"
            raise ValueError(f"{shown} is not a real date") from None
        return cls(month=month, day=day, year=year)

    def iso(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        month = date(_LEAP_YEAR, self.month, 1).strftime("%B")
        return f"{self.day} {month} {self.year}" if self.year else f"{self.day} {month}"


def parse_optional(text: str) -> PartialDate | None:
    return PartialDate.parse(text) if text.strip() else None


_MONTHS = {
    date(_LEAP_YEAR, m, 1).strftime(f).casefold(): m for m in range(1, 13) for f in ("%B", "%b")
}
_DAY_MONTH_YEAR = re.compile(r"^(?P<d>\d{1,2})\.?\s+(?P<m>[^\W\d]+)\.?,?\s+(?P<y>\d{4})$")


def parse_day(text: str) -> date | None:
    """A calendar day with its year: ``2026-03-14`` or ``14 March 2026``; "" is None.

    ValueError names the problem ("2026-02-31 is not a real date").
    """
    text = " ".join(text.split())
    if not text:
        return None
    words = _DAY_MONTH_YEAR.match(text)
    if words and words["m"].casefold() in _MONTHS:
        parsed = PartialDate.of(int(words["y"]), _MONTHS[words["m"].casefold()], int(words["d"]))
    elif any(pattern.match(text) for pattern in _PATTERNS):
        parsed = PartialDate.parse(text)  # its ValueError says which part is wrong
    else:
        raise ValueError(f"“{text}” is not a date; use YYYY-MM-DD, like 2026-03-14")
    if parsed.year is None:
        raise ValueError(
            f"“{text}” needs a year too, like 2026-{parsed.month:02d}-{parsed.day:02d}"
        )
    return date(parsed.year, parsed.month, parsed.day)


def today_in(zone: tzinfo, clock: Clock) -> date:
    """The user's date now: the clock's instant in their zone (never the machine's)."""
    return clock.now().astimezone(zone).date()
