"""What Home shows: today's short lists (each at most ``SHOWN`` rows and its exact
total) and four charts of how the relationships are kept.

The lists reuse the sections' own core functions (Reach out's weekly short list,
Awaiting reply, follow-ups, Upcoming, capture, thank-yous owed, sync conflicts);
none of them builds the ORM models, because the lists are the app's first screen
and start-up is measured (tests/test_start_imports.py). The charts are index-only
aggregates over the meeting indexes and the hourly counts of touches
(``touch_counts``) and of contacts' anchors (``anchor_counts``), so they cost the
same at any number of touches (<= 100 ms at 100k contacts and 1M touches on
SQLCipher: ``python -m benchmarks``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from sqlmodel import Session

from prm.core import review, upcoming, upcoming_pages
from prm.core.advocacy import owed
from prm.core.anchor_counts import rhythm_groups
from prm.core.capture.waiting import pending_count
from prm.core.db_time import db_timestamp
from prm.core.meeting_timer import RULE_MINUTES
from prm.core.reach_out import STATUS_ON_TRACK, ReachOutRow, reach_out
from prm.core.reach_out_week import DEFAULT_WEEKLY_CAPACITY, this_week
from prm.core.review import FollowUp, OwedReply
from prm.core.sync.items import any_conflict
from prm.core.touch_counts import touch_count, touches_by_channel
from prm.core.upcoming import Occurrence

SHOWN = 5  # rows per list: Home is read at a glance; each list opens its section
WEEKS = 26
CHANNEL_WEEKS = 4  # the channel mix: the last month
WEEK_DAYS = upcoming.WEEK_DAYS
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class HomeLists:
    """Each list's first rows, with its total: exact when the list shows fewer than
    ``SHOWN`` rows (the rows are all there is), else None until ``count_lists``
    counts it. Counting costs more than the rows on a cold start (~0.2 s at 1M
    touches on SQLCipher) and the rows are what the first screen needs."""

    has_contacts: bool  # False: a new user (Home says how to start)
    reach_out: tuple[ReachOutRow, ...]  # who needs the user, most overdue first
    reach_out_total: int  # this week's share: at most the weekly capacity
    needing_attention: int  # everyone past their target or never contacted
    replies: tuple[OwedReply, ...]  # oldest first
    replies_total: int | None
    follow_ups: tuple[FollowUp, ...]  # due today or earlier, earliest first
    follow_ups_total: int | None
    upcoming: tuple[Occurrence, ...]  # events, birthdays, anniversaries: the next 7 days
    upcoming_total: int | None
    capture_waiting: int  # proposals from calendars and mailboxes
    thank_yous: tuple[owed.ThankYouOwed, ...]  # the longest owed first
    thank_yous_total: int
    conflicts: bool  # a sync conflict waits to be resolved

    @property
    def counted(self) -> bool:
        return None not in (self.replies_total, self.follow_ups_total, self.upcoming_total)

    @property
    def all_clear(self) -> bool:
        """Nothing asks for the user today."""
        return not (
            self.reach_out or self.replies or self.follow_ups or self.upcoming
            or self.capture_waiting or self.thank_yous or self.conflicts
        )  # fmt: skip


def home_lists(
    session: Session, *, now: datetime, zone: tzinfo, capacity: int = DEFAULT_WEEKLY_CAPACITY
) -> HomeLists:
    today = now.astimezone(zone).date()
    # The ranking's first page (most overdue first: a few index walks) and the exact
    # counts; the weekly short list ranked by value (``this_week``) reads far more and
    # would be most of a cold start (measured 0.3 s cold at 100k on SQLCipher, 1.9 s
    # while the store's health check runs beside it). Reach out shows that list.
    _none, attention = this_week(session, now=now, zone=zone, capacity=None)
    first = reach_out(session, now=now, zone=zone, limit=SHOWN)
    thanks = owed.thank_yous_owed(session, now=now, zone=zone)
    replies = review.awaiting_reply(session, now=now, zone=zone, limit=SHOWN)
    follow_ups = review.follow_ups_due(session, by=today, limit=SHOWN)
    soon = _upcoming_first(session, today)
    any_contact = session.connection().exec_driver_sql(
        "SELECT 1 FROM contact WHERE deleted_at IS NULL LIMIT 1"
    )
    return HomeLists(
        has_contacts=any_contact.first() is not None,
        reach_out=tuple(row for row in first if row.status != STATUS_ON_TRACK)[:capacity],
        reach_out_total=min(capacity, attention.total),
        needing_attention=attention.total,
        replies=tuple(replies),
        replies_total=_known(replies),
        follow_ups=tuple(follow_ups),
        follow_ups_total=_known(follow_ups),
        upcoming=tuple(soon[:SHOWN]),
        upcoming_total=_known(soon),
        capture_waiting=pending_count(session),
        thank_yous=tuple(thanks[:SHOWN]),
        thank_yous_total=len(thanks),
        conflicts=any_conflict(session),
    )


def count_lists(session: Session, lists: HomeLists, *, today: date) -> HomeLists:
    """``lists`` with every total counted (the sections' own counts; no rows built)."""
    return replace(
        lists,
        replies_total=(
            lists.replies_total if lists.replies_total is not None
            else review.replies_owed_count(session)
        ),
        follow_ups_total=(
            lists.follow_ups_total if lists.follow_ups_total is not None
            else review.follow_ups_due_count(session, by=today)
        ),
        upcoming_total=(
            lists.upcoming_total if lists.upcoming_total is not None
            else upcoming_pages.upcoming_count(session, today=today, days=WEEK_DAYS)
        ),
    )  # fmt: skip


def _known(rows: list) -> int | None:
    """Fewer rows than shown: that is all of them; else None (counted later)."""
    return len(rows) if len(rows) < SHOWN else None


def _upcoming_first(session: Session, today: date) -> list[Occurrence]:
    """The week's first rows. At 100k contacts a week holds ~1,200 birthdays and
    anniversaries and Home shows five: the first days are built, not the week."""
    for days in (1, 3):
        found = upcoming.upcoming(session, today=today, days=days)
        if len(found) >= SHOWN:
            return found
    return upcoming.upcoming(session, today=today, days=WEEK_DAYS)


# --- charts ------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekCount:
    start: date  # the week's Monday
    touches: int


@dataclass(frozen=True)
class TierTrack:
    label: str  # the tier's name, or "Every N days" for a cadence of one's own
    target_days: int
    on_track: int  # touched within the target
    total: int

    @property
    def share(self) -> float:
        return self.on_track / self.total if self.total else 0.0


@dataclass(frozen=True)
class HomeCharts:
    weeks: tuple[WeekCount, ...]  # oldest first, this week last
    tiers: tuple[TierTrack, ...]  # shortest cadence first
    meetings_under: int  # ended meetings of the last 26 weeks within 45 minutes
    meetings_total: int
    channels: tuple[tuple[str, int], ...]  # touches of the last 4 weeks, most used first

    @property
    def meetings_share(self) -> float:
        return self.meetings_under / self.meetings_total if self.meetings_total else 0.0


def home_charts(session: Session, *, now: datetime, zone: tzinfo) -> HomeCharts:
    today = now.astimezone(zone).date()
    conn = session.connection()
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    # Each week is whole UTC hours from derived_touch_hour plus its partial hours at
    # each end (touch_counts): ~4,000 summary rows a week at 1M touches, not ~85,000.
    weeks = [
        WeekCount(start, touch_count(conn, _midnight(start, zone), _midnight(start + WEEK, zone)))
        for start in starts
    ]
    mix = touches_by_channel(
        conn, _midnight(starts[-CHANNEL_WEEKS], zone), _midnight(starts[-1] + WEEK, zone)
    )
    under, total = conn.exec_driver_sql(
        "SELECT coalesce(sum(coalesce(actual_seconds, 0) <= ?), 0), count(*) FROM meeting"
        " WHERE state = 'ended' AND deleted_at IS NULL AND started_at >= ?",
        (RULE_MINUTES * 60, db_timestamp(_midnight(starts[0], zone))),
    ).one()
    return HomeCharts(
        weeks=tuple(weeks),
        tiers=_tiers(conn, today, zone),
        meetings_under=int(under),
        meetings_total=int(total),
        channels=tuple(mix.items()),
    )


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def _tiers(conn, today: date, zone: tzinfo) -> tuple[TierTrack, ...]:
    """Per cadence target in use: everyone with it, and those not yet past it (from
    the hourly counts of anchors, ``anchor_counts``). Tiers sharing a target share a bar."""
    names: dict[int, list[str]] = {}
    for name, days in conn.exec_driver_sql(
        "SELECT name, target_days FROM cadence_tier WHERE target_days IS NOT NULL"
        " ORDER BY position, id"
    ):
        names.setdefault(days, []).append(name)
    tracks: dict[int, tuple[int, int]] = {}  # target: (on track, total)
    for group in rhythm_groups(conn, today=today, zone=zone):
        track, total = tracks.get(group.target, (0, 0))
        tracks[group.target] = (track + group.on_track, total + group.total)
    return tuple(
        TierTrack(" / ".join(names.get(target, [])) or f"Every {target} days", target, *counts)
        for target, counts in tracks.items()
    )
