"""Who can be reached politely now: their local time against their hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from prm.core.models import Contact


@dataclass(frozen=True)
class ReachNowRow:
    contact_id: int
    name: str
    local_time_text: str  # "14:05 Tue (Tokyo)"
    window_left_minutes: int  # minutes of their hours left (from now, or from when they open)
    channel: str
    reason: str
    opens_in_minutes: int = 0  # 0: their hours are open now


def local_time(contact: Contact, now: datetime, timezone: str = "") -> datetime | None:
    """``now`` in the contact's zone (their own, else ``timezone``: their place's)."""
    raise NotImplementedError


def reach_now(
    session: Session, *, hours: float = 2, now: datetime, limit: int = 200
) -> list[ReachNowRow]:
    raise NotImplementedError


def call_warning(session: Session, contact_id: int, at: datetime) -> str | None:
    raise NotImplementedError


def birthday_greeting_time(contact: Contact, on_date: date, timezone: str = "") -> datetime:
    """09:00 on ``on_date`` in *their* zone (aware)."""
    raise NotImplementedError
