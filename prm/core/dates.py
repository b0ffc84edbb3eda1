"""Dates that may lack a year (birthdays people tell you without their age)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# A leap year, so 29 February is a valid year-less date.
_LEAP_YEAR = 2000
_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?:--)?(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^--(?P<m>\d{2})(?P<d>\d{2})$"),
]


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
        if year is not None and not 1800 <= year <= 2200:
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
