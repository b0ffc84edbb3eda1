"""How dates, channels, counts and durations are written on every screen."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from prm.core.vocab import CHANNELS, TOUCH_CHANNELS


def local_date(moment: datetime | date, zone: tzinfo | None = None) -> str:
    """``14 Mar 2026`` in the user's zone (no %-d: it does not exist on Windows)."""
    day = moment.astimezone(zone).date() if isinstance(moment, datetime) else moment
    return f"{day.day} {day:%b %Y}"


def channel_label(channel: str) -> str:
    return TOUCH_CHANNELS.get(channel) or CHANNELS.get(channel) or channel.replace("_", " ")


def days_text(days: float) -> str:
    whole = round(days)
    return "1 day" if whole == 1 else f"{whole} days"


def plural(n: int, word: str) -> str:
    """``1 card``, ``1,204 cards``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def clock_text(ms: int) -> str:
    """``mm:ss`` (``h:mm:ss`` past an hour) of a duration, rounded up to the second
    so a countdown shows 00:01 until it truly reaches zero."""
    seconds = -(-abs(ms) // 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
