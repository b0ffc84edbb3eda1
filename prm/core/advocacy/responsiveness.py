"""Responsiveness: how fast the user answers people who wrote first.

From touches marked needs-reply (direction in) with their ``replied_at``: the
median and the worst reply time per person and overall. Messages still waiting
are counted apart (their wait is not over, so it is not a reply time). A reply
dated before the message (a typo) counts as an instant reply, never negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from prm.core.db_time import parse_db_timestamp

# ix_touch_awaiting (needs_reply, replied_at, deleted_at) finds the few marked touches.
_MARKED = (
    "SELECT p.contact_id, t.occurred_at, t.replied_at FROM touch t"
    " CROSS JOIN touch_participant p ON p.touch_id = t.id"
    " JOIN contact c ON c.id = p.contact_id"
    " WHERE t.needs_reply = 1 AND t.direction = 'in' AND t.deleted_at IS NULL"
    " AND c.deleted_at IS NULL"
)


@dataclass(frozen=True)
class ReplyTimes:
    contact_id: int | None  # None: everyone
    replied: int
    median: timedelta | None
    worst: timedelta | None
    waiting: int  # still unanswered

    def describe(self) -> str:
        """ "median 5 h, worst 3 days (8 answered, 1 waiting)"; "" when there is nothing."""
        if not self.replied and not self.waiting:
            return ""
        counts = f"{self.replied} answered" + (f", {self.waiting} waiting" if self.waiting else "")
        if self.median is None or self.worst is None:
            return counts
        return f"median {span(self.median)}, worst {span(self.worst)} ({counts})"

    def to_json(self) -> dict:
        secs = lambda d: None if d is None else d.total_seconds()  # noqa: E731
        return {
            "contact_id": self.contact_id,
            "replied": self.replied,
            "median_seconds": secs(self.median),
            "worst_seconds": secs(self.worst),
            "waiting": self.waiting,
        }


def span(delta: timedelta) -> str:
    """A reply time as people say it: "40 min", "5 h", "3 days"."""
    minutes = delta.total_seconds() / 60
    if minutes < 90:
        return f"{max(0, round(minutes))} min"
    if minutes < 36 * 60:
        return f"{round(minutes / 60)} h"
    return f"{round(minutes / 1440)} days"


def median(values: list[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def summarize(contact_id: int | None, pairs: list[tuple[str, str | None]]) -> ReplyTimes:
    """(received, replied) timestamps as stored -> the times. A message to several
    people is one reply time overall but one for each of them."""
    waits = [
        max(0.0, (parse_db_timestamp(done) - parse_db_timestamp(got)).total_seconds())
        for got, done in pairs
        if done is not None
    ]
    mid = median(waits)
    return ReplyTimes(
        contact_id,
        len(waits),
        None if mid is None else timedelta(seconds=mid),
        timedelta(seconds=max(waits)) if waits else None,
        sum(1 for _, done in pairs if done is None),
    )


def reply_times(session: Session, *, contact_id: int | None = None) -> ReplyTimes:
    conn = session.connection()
    if contact_id is None:
        rows = conn.exec_driver_sql(
            "SELECT t.occurred_at, t.replied_at FROM touch t WHERE t.needs_reply = 1"
            " AND t.direction = 'in' AND t.deleted_at IS NULL AND EXISTS (SELECT 1"
            " FROM touch_participant p JOIN contact c ON c.id = p.contact_id"
            " WHERE p.touch_id = t.id AND c.deleted_at IS NULL)"
        ).fetchall()
    else:
        rows = conn.exec_driver_sql(
            "SELECT t.occurred_at, t.replied_at FROM touch_participant p"
            " JOIN touch t ON t.id = p.touch_id WHERE p.contact_id = ? AND t.needs_reply = 1"
            " AND t.direction = 'in' AND t.deleted_at IS NULL",
            (contact_id,),
        ).fetchall()
    return summarize(contact_id, [tuple(r) for r in rows])


def slowest_replies(session: Session, *, limit: int = 20) -> list[tuple[int, str, ReplyTimes]]:
    """(contact id, name, times) for the people answered slowest (median), worst first."""
    conn = session.connection()
    per: dict[int, list[tuple[str, str | None]]] = {}
    for cid, got, done in conn.exec_driver_sql(_MARKED):
        per.setdefault(cid, []).append((got, done))
    times = [summarize(cid, pairs) for cid, pairs in per.items()]
    times = [t for t in times if t.median is not None]
    times.sort(key=lambda t: (-t.median.total_seconds(), t.contact_id))
    times = times[:limit]
    names = (
        dict(
            conn.exec_driver_sql(
                f"SELECT id, display_name FROM contact WHERE id IN ({','.join('?' * len(times))})",
                tuple(t.contact_id for t in times),
            ).fetchall()
        )
        if times
        else {}
    )
    return [(t.contact_id, names.get(t.contact_id, ""), t) for t in times]
