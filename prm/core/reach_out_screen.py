"""What the Reach out section shows: this week's short list, everyone who needs the
user, the exact counts, and the filters' choices.

The short list is everyone who needs the user (past their target, or never
contacted) ranked by value, cut to the weekly capacity the user chose. Value
comes from what PRM knows about a relationship:

- the cadence: someone meant to hear from the user every 14 days weighs twice
  someone every 30, six times someone every 90 (tiers, and the tags that give
  tiers such as Client or VIP);
- advocacy: each person they referred to the user adds half again (up to 4);
- urgency: how far past their target they are (1x to 3x; never contacted: 1x).

``score = 30 / target_days * (1 + 0.5 * min(referrals, 4)) * urgency``
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlmodel import Session

from prm.core import cadence
from prm.core.models import db_timestamp, parse_db_timestamp
from prm.core.reach_out import (
    _ANCHOR,
    _BY_RHYTHM,
    _COLUMNS,
    STATUS_DUE,
    STATUS_NEVER,
    STATUS_OVERDUE,
    ReachOutRow,
    _filters,
    _row,
    _targets,
    calendar_days,
    reach_out,
    status_for,
)

DEFAULT_WEEKLY_CAPACITY = 15
MAX_WEEKLY_CAPACITY = 200
MAX_URGENCY = 3.0
MAX_COUNTED_REFERRALS = 4


@dataclass(frozen=True)
class TierFilter:
    id: int
    name: str
    target_days: int


@dataclass(frozen=True)
class Attention:
    """Exactly who needs the user, by kind (snoozed people left out)."""

    overdue: int = 0
    due: int = 0
    never: int = 0  # never contacted, and not yet past their target

    @property
    def total(self) -> int:
        return self.overdue + self.due + self.never


@dataclass(frozen=True)
class ReachOutScreen:
    """The first rows (the short list, or everyone), the counts, the filters' choices."""

    rows: list[ReachOutRow]
    attention: Attention  # within the filters
    tags: tuple[str, ...]
    tiers: tuple[TierFilter, ...]  # tiers with a target (the others rank no one)
    next_up: ReachOutRow | None = None  # the short list is empty: who comes due first

    @property
    def needing_attention(self) -> int:
        return self.attention.total


def value(*, target_days: int, days: int, never: bool, referrals: int) -> float:
    """How much reaching this person this week is worth (the module's docstring says why)."""
    urgency = 1.0 if never else min(max(days / target_days, 1.0), MAX_URGENCY)
    advocacy = 1 + 0.5 * min(referrals, MAX_COUNTED_REFERRALS)
    return 30 / target_days * advocacy * urgency


def _candidates(session: Session, *, now, zone, tag, tier_id, include_snoozed) -> list[tuple]:
    """Everyone past their target or never contacted: raw rows plus their referral count.
    Index ranges only: per target the rhythm index, and the untouched by last_touch_at."""
    today = now.astimezone(zone).date()
    where, params = _filters(today, tag, tier_id, include_snoozed)
    conn = session.connection()
    found: dict[int, tuple] = {}
    for target in _targets(conn):
        cutoff = db_timestamp(now - timedelta(days=target))
        for raw in conn.exec_driver_sql(
            f"SELECT {_COLUMNS} FROM contact c {_BY_RHYTHM} WHERE {where} AND {_ANCHOR} <= ?",
            (target, *params, cutoff),
        ):
            found[raw[0]] = tuple(raw)
    untouched = where.replace("c.cadence_target_days = ?", "c.cadence_target_days IS NOT NULL")
    for raw in conn.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM contact c WHERE {untouched} AND c.last_touch_at IS NULL",
        tuple(params),
    ):
        found.setdefault(raw[0], tuple(raw))
    referrals = dict(
        conn.exec_driver_sql(
            "SELECT referred_by_id, count(*) FROM contact WHERE referred_by_id IS NOT NULL"
            " AND deleted_at IS NULL GROUP BY referred_by_id"
        ).fetchall()
    )
    return [(*raw, referrals.get(cid, 0)) for cid, raw in found.items()]


def this_week(
    session: Session,
    *,
    now: datetime,
    zone: tzinfo,
    capacity: int,
    tag: str | None = None,
    tier_id: int | None = None,
    include_snoozed: bool = False,
) -> tuple[list[ReachOutRow], Attention]:
    """The short list (at most ``capacity`` people, most valuable first) and the counts."""
    raws = _candidates(
        session, now=now, zone=zone, tag=tag, tier_id=tier_id, include_snoozed=include_snoozed
    )
    counts = {STATUS_OVERDUE: 0, STATUS_DUE: 0, STATUS_NEVER: 0}
    scored = []
    for raw in raws:
        last = parse_db_timestamp(raw[5])
        days = calendar_days(last or parse_db_timestamp(raw[6]), now, zone)
        status = status_for(days, raw[3], raw[4], last is not None)
        counts[status] = counts.get(status, 0) + 1
        score = value(
            target_days=raw[3], days=days, never=status == STATUS_NEVER, referrals=raw[10]
        )
        scored.append((-score, -days / raw[3], raw[0], raw))
    scored.sort()
    conn = session.connection()
    rows = [_row(conn, item[3][:10], now, zone) for item in scored[:capacity]]
    attention = Attention(counts[STATUS_OVERDUE], counts[STATUS_DUE], counts[STATUS_NEVER])
    return rows, attention


def reach_out_screen(
    session: Session,
    *,
    now: datetime,
    zone: tzinfo,
    limit: int,
    capacity: int | None = None,
    tag: str | None = None,
    tier_id: int | None = None,
    include_snoozed: bool = False,
) -> ReachOutScreen:
    """``capacity``: this week's short list; None: everyone, most overdue first (``limit``
    rows of the ranking; the rest page in)."""
    short, attention = this_week(
        session,
        now=now,
        zone=zone,
        capacity=capacity or 0,
        tag=tag,
        tier_id=tier_id,
        include_snoozed=include_snoozed,
    )
    next_up = None
    if capacity is not None and not short:
        first = reach_out(
            session,
            now=now,
            zone=zone,
            limit=1,
            tag=tag,
            tier_id=tier_id,
            include_snoozed=include_snoozed,
        )
        next_up = first[0] if first else None
    if capacity is None:
        short = reach_out(
            session,
            now=now,
            zone=zone,
            limit=limit,
            tag=tag,
            tier_id=tier_id,
            include_snoozed=include_snoozed,
        )
    tiers = tuple(
        TierFilter(t.id, t.name, t.target_days)
        for t in cadence.tier_settings(session)
        if t.target_days
    )
    return ReachOutScreen(
        rows=short,
        attention=attention,
        tags=tuple(cadence.tag_tiers(session)),
        tiers=tiers,
        next_up=next_up,
    )
