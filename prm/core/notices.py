"""What deserves a desktop notification now: birthdays tomorrow, follow-ups due today,
replies owed for more than two days.

Each notice has a stable key (kind, record, day) so the tray shows it once: the UI
remembers the keys it has shown today. The lists come from the same core queries the
Upcoming, Weekly review and Awaiting reply screens use, bounded by ``PER_KIND``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlmodel import Session

BIRTHDAY, FOLLOW_UP, REPLY = "birthday", "follow_up", "reply"
KINDS = (BIRTHDAY, FOLLOW_UP, REPLY)
KIND_LABELS = {
    BIRTHDAY: "Birthdays tomorrow",
    FOLLOW_UP: "Follow-ups due",
    REPLY: "Replies owed for more than two days",
}
REPLY_AFTER_DAYS = 2  # a reply owed this many calendar days is still fine; one more is not
PER_KIND = 50  # bounded: nobody reads more notifications than this


@dataclass(frozen=True)
class Notice:
    key: str  # stable: the same thing on the same day has the same key
    title: str
    text: str
    contact_id: int | None
    kind: str


def due_notices(
    session: Session, *, now: datetime, zone: tzinfo, kinds: Iterable[str] = KINDS
) -> list[Notice]:
    """The notices due at ``now`` (the user's day in ``zone``), birthdays first."""
    from prm.core.reach_out import calendar_days
    from prm.core.review import awaiting_reply, follow_ups_due
    from prm.core.upcoming import upcoming_part

    wanted = set(kinds)
    today = now.astimezone(zone).date()
    found: list[Notice] = []
    if BIRTHDAY in wanted:
        tomorrow = today + timedelta(days=1)
        # Feb 29 birthdays fall on Feb 28 in other years (upcoming's rule).
        for o in upcoming_part(session, today=today, first=tomorrow, last=tomorrow):
            if o.kind == BIRTHDAY and o.on == tomorrow:
                turns = f" (turns {o.years})" if o.years else ""
                found.append(
                    Notice(
                        f"{BIRTHDAY}:{o.contact_id}:{tomorrow.isoformat()}",
                        f"Birthday tomorrow: {o.contact_name}",
                        f"{o.contact_name}'s birthday is tomorrow{turns}.",
                        o.contact_id,
                        BIRTHDAY,
                    )
                )
    if FOLLOW_UP in wanted:
        for f in follow_ups_due(session, by=today, limit=PER_KIND):
            when = "today" if f.due_on == today else f"since {f.due_on:%-d %b}"
            found.append(
                Notice(
                    f"{FOLLOW_UP}:{f.touch_id}:{today.isoformat()}",
                    f"Follow up with {f.name}",
                    f"Due {when}: {f.summary}" if f.summary else f"Due {when}.",
                    f.contact_id,
                    FOLLOW_UP,
                )
            )
    if REPLY in wanted:
        for r in awaiting_reply(session, now=now, zone=zone, limit=PER_KIND):
            days = calendar_days(r.received_at, now, zone)
            if days <= REPLY_AFTER_DAYS:
                break  # oldest first: the rest are newer still
            found.append(
                Notice(
                    f"{REPLY}:{r.touch_id}:{today.isoformat()}",
                    f"{r.name} is waiting for your reply",
                    f"For {days} days: {r.summary}" if r.summary else f"For {days} days.",
                    r.contact_id,
                    REPLY,
                )
            )
    return found
