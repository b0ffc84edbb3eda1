"""One line of a contact's timeline, and the kinds of record it can stand for.

Each capability module (gifts, events, article shares, meeting history) builds
its own entries from here; ``prm.core.timeline`` merges them. Keeping the
dataclass in this small module lets both sides import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

KIND_TOUCH = "touch"
KIND_GIFT = "gift"
KIND_EVENT = "event"
KIND_ARTICLE = "article"
KIND_MEETING = "meeting"


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # one of the KIND_* above
    id: int  # the row id within its kind
    at: datetime
    channel: str  # touches: the channel; other kinds: their status ("given", "attended", ...)
    direction: str
    summary: str
    notes: str = ""
    duration_minutes: int | None = None
    needs_reply: bool = False
    replied_at: datetime | None = None
    follow_up_on: date | None = None
    follow_up_done: bool = False
    with_names: tuple[str, ...] = ()  # the other participants
    touch_id: int | None = None  # the touch this entry logged, shown only here
