"""Responsiveness: how fast the user answers people who wrote first.

From touches marked needs-reply (direction in) with their ``replied_at``: the
median and the worst reply time per person and overall. Messages still waiting
are counted apart (their wait is not over, so it is not a reply time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session


@dataclass(frozen=True)
class ReplyTimes:
    contact_id: int | None  # None: everyone
    replied: int
    median: timedelta | None
    worst: timedelta | None
    waiting: int  # still unanswered

    def to_json(self) -> dict:
        secs = lambda d: None if d is None else d.total_seconds()  # noqa: E731
        return {
            "contact_id": self.contact_id,
            "replied": self.replied,
            "median_seconds": secs(self.median),
            "worst_seconds": secs(self.worst),
            "waiting": self.waiting,
        }


def reply_times(session: Session, *, contact_id: int | None = None) -> ReplyTimes:
    raise NotImplementedError


def slowest_replies(session: Session, *, limit: int = 20) -> list[tuple[int, str, ReplyTimes]]:
    """(contact id, name, times) for the people answered slowest (median), worst first."""
    raise NotImplementedError


def median(values: list[float]) -> float | None:
    raise NotImplementedError
