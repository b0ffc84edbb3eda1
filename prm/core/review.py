"""Replies owed, follow-ups due, and the weekly review that gathers them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlmodel import Session

from prm.core.db_time import db_timestamp, parse_db_timestamp
from prm.core.reach_out import (
    STATUS_OVERDUE,
    ReachOutRow,
    calendar_days,
    overdue_count,
    reach_out,
)
from prm.core.touch_counts import touches_by_channel


@dataclass(frozen=True)
class OwedReply:
    touch_id: int
    contact_id: int
    name: str
    channel: str
    summary: str
    received_at: datetime
    waiting_days: int


@dataclass(frozen=True)
class FollowUp:
    touch_id: int
    contact_id: int
    name: str
    due_on: date
    summary: str


@dataclass
class WeeklyReview:
    week_start: date
    overdue: list[ReachOutRow] = field(default_factory=list)  # the most overdue, up to a limit
    overdue_total: int = 0  # everyone overdue, counted exactly
    replies_owed: list[OwedReply] = field(default_factory=list)  # the oldest, up to a limit
    # Every reply owed / follow-up due this week, counted exactly; None when the
    # list is full and counting was left for later (``review_totals``).
    replies_total: int | None = 0
    follow_ups_due: list[FollowUp] = field(default_factory=list)  # the earliest, up to a limit
    follow_ups_total: int | None = 0
    done_last_week: dict[str, int] = field(default_factory=dict)  # channel -> touches
    people_touched_last_week: int | None = 0  # None: left for ``review_totals``
    # prm.core.advocacy.owed.ThankYouOwed: "thank Erik — Acme signed"
    thank_yous_owed: list = field(default_factory=list)


# Which touches each list is about (``t``), through the index it walks, and the
# condition they meet.
# Named: the planner would take ix_touch_awaiting and sort every owed message.
_OWED_TOUCHES = (
    "touch t INDEXED BY ix_touch_reply_owed",
    "t.needs_reply = 1 AND t.replied_at IS NULL AND t.deleted_at IS NULL",
)
# Named: for "due by today" the planner took ix_touch_follow_up_on and read every
# touch row that has a follow-up (0.86 s at 1M encrypted, against 0.15 s).
_DUE_TOUCHES = (
    "touch t INDEXED BY ix_touch_follow_up_open",
    "t.follow_up_on IS NOT NULL AND t.follow_up_on <= ? AND t.follow_up_done = 0"
    " AND t.deleted_at IS NULL",
)
# Named: with the store's statistics the planner took ix_touch_occurred_at and read
# every touch row of the week (2.6 s at 1M touches encrypted, against 0.16 s).
_OUT_LAST_WEEK = (
    "touch t INDEXED BY ix_touch_week",
    "t.deleted_at IS NULL AND t.direction = 'out' AND t.occurred_at >= ? AND t.occurred_at <= ?",
)


def _rows(touches: tuple[str, str]) -> str:
    """FROM...WHERE of a list's rows: each touch with each live person in it. CROSS
    JOIN fixes the join order (SQLite's rule): from the few matching touches, not
    from every live contact's history (measured 2 s vs 5 ms at 1M)."""
    table, condition = touches
    return (
        f" FROM {table} CROSS JOIN touch_participant p ON p.touch_id = t.id"
        f" CROSS JOIN contact c ON c.id = p.contact_id WHERE {condition}"
        " AND c.deleted_at IS NULL"
    )


_OWED = _rows(_OWED_TOUCHES)
_DUE = _rows(_DUE_TOUCHES)


def _count(
    session: Session,
    touches: tuple[str, str],
    params: tuple = (),
    *,
    what: str = "*",
    live: bool = True,
) -> int:
    """count(``what``) of the (touch, participant) pairs of ``touches``, the people
    in the trash left out when ``live``. The touches' ids are gathered first and
    their people read in id order: reading them touch by touch in the list's order
    jumped all over the participant index (an encrypted page decrypted per touch:
    56k follow-ups at 1M, 425 -> 130 ms). No contact row is read: the trash is set
    aside once (ix_contact_live_sort)."""
    table, condition = touches
    sql = (
        f"SELECT count({what}) FROM touch_participant p WHERE p.touch_id IN"
        f" (SELECT t.id FROM {table} WHERE {condition})"
    )
    if live:
        sql += " AND p.contact_id NOT IN (SELECT id FROM contact WHERE deleted_at IS NOT NULL)"
    return session.connection().exec_driver_sql(sql, params).scalar()


def _limit(limit: int | None) -> str:
    return "" if limit is None else f" LIMIT {int(limit)}"


def awaiting_reply(
    session: Session, *, now: datetime, zone: tzinfo, limit: int | None = None
) -> list[OwedReply]:
    """Messages from people still waiting for an answer, oldest first (the first
    ``limit``; None: all)."""
    rows = (
        session.connection()
        .exec_driver_sql(
            "SELECT t.id, c.id, c.display_name, t.channel, t.summary, t.occurred_at"
            f"{_OWED} ORDER BY t.occurred_at, t.id{_limit(limit)}"
        )
        .fetchall()
    )
    return [
        OwedReply(
            tid,
            cid,
            name,
            channel,
            summary,
            parse_db_timestamp(at),
            calendar_days(parse_db_timestamp(at), now, zone),
        )
        for tid, cid, name, channel, summary, at in rows
    ]


def replies_owed_count(session: Session) -> int:
    """How many rows ``awaiting_reply`` gives, counted without building them."""
    return _count(session, _OWED_TOUCHES)


def follow_ups_due(session: Session, *, by: date, limit: int | None = None) -> list[FollowUp]:
    """Open follow-ups due by ``by``, earliest first (the first ``limit``; None: all)."""
    rows = (
        session.connection()
        .exec_driver_sql(
            "SELECT t.id, c.id, c.display_name, t.follow_up_on, t.summary"
            f"{_DUE} ORDER BY t.follow_up_on, t.id{_limit(limit)}",
            (by.isoformat(),),
        )
        .fetchall()
    )
    return [
        FollowUp(tid, cid, name, date.fromisoformat(due), summary)
        for tid, cid, name, due, summary in rows
    ]


def follow_ups_due_count(session: Session, *, by: date) -> int:
    """How many rows ``follow_ups_due`` gives, counted without building them."""
    return _count(session, _DUE_TOUCHES, (by.isoformat(),))


def weekly_review(
    session: Session,
    *,
    now: datetime,
    zone: tzinfo,
    overdue_limit: int = 100,
    replies_limit: int | None = None,
    follow_ups_limit: int | None = None,
    count_later: bool = False,
) -> WeeklyReview:
    """This week (today and the next six days) and what was done in the seven before.

    The lists hold the most urgent up to their limit (None: all); the totals are
    exact, so a screen can show a first part and page in the rest — with
    ``count_later``, a full list's total is None, for ``review_totals`` afterwards
    (counting thousands of follow-ups on an encrypted store costs more than the
    first screen)."""
    today = now.astimezone(zone).date()
    review = WeeklyReview(week_start=today)
    review.overdue = [
        row
        for row in reach_out(session, now=now, zone=zone, limit=overdue_limit)
        if row.status == STATUS_OVERDUE
    ]
    review.overdue_total = max(len(review.overdue), overdue_count(session, now=now, zone=zone))
    by = today + timedelta(days=6)
    review.replies_owed = awaiting_reply(session, now=now, zone=zone, limit=replies_limit)
    review.follow_ups_due = follow_ups_due(session, by=by, limit=follow_ups_limit)
    # A list shorter than its limit is its own count; a full one is counted now,
    # or later when the screen shows the first part first (``count_later``).
    if replies_limit is None or len(review.replies_owed) < replies_limit:
        review.replies_total = len(review.replies_owed)
    else:
        review.replies_total = None if count_later else replies_owed_count(session)
    if follow_ups_limit is None or len(review.follow_ups_due) < follow_ups_limit:
        review.follow_ups_total = len(review.follow_ups_due)
    else:
        review.follow_ups_total = None if count_later else follow_ups_due_count(session, by=by)
    # The seven days up to now, now included (a touch logged this microsecond).
    review.done_last_week = touches_by_channel(
        session.connection(),
        now - timedelta(days=7),
        now + timedelta(microseconds=1),
        direction="out",
    )
    # Distinct people cannot come from the hourly counts: each touch of the week is
    # read (~150 ms at 1M touches, plain), so a screen counts them after the rest.
    review.people_touched_last_week = None if count_later else people_touched(session, now=now)
    from prm.core.advocacy.owed import thank_yous_owed

    review.thank_yous_owed = thank_yous_owed(session, now=now, zone=zone)
    return review


def people_touched(session: Session, *, now: datetime) -> int:
    """How many people the user reached out to in the seven days up to ``now``."""
    week = (db_timestamp(now - timedelta(days=7)), db_timestamp(now))
    return _count(session, _OUT_LAST_WEEK, week, what="DISTINCT p.contact_id", live=False)


def review_totals(session: Session, *, now: datetime, zone: tzinfo) -> tuple[int, int, int]:
    """(replies owed, follow-ups due this week, people touched last week): the counts
    ``count_later`` left out."""
    by = now.astimezone(zone).date() + timedelta(days=6)
    return (
        replies_owed_count(session),
        follow_ups_due_count(session, by=by),
        people_touched(session, now=now),
    )
