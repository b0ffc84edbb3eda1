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
from datetime import datetime, tzinfo

from sqlmodel import Session

from prm.core import cadence
from prm.core.reach_out import ReachOutRow, reach_out
from prm.core.reach_out_week import (
    DEFAULT_WEEKLY_CAPACITY,
    MAX_WEEKLY_CAPACITY,
    Attention,
    this_week,
    value,
)

__all__ = [
    "DEFAULT_WEEKLY_CAPACITY",
    "MAX_WEEKLY_CAPACITY",
    "Attention",
    "ReachOutScreen",
    "TierFilter",
    "reach_out_counts",
    "reach_out_screen",
    "this_week",
    "value",
]


@dataclass(frozen=True)
class TierFilter:
    id: int
    name: str
    target_days: int


@dataclass(frozen=True)
class ReachOutScreen:
    """The first rows (the short list, or everyone), the counts, the filters' choices."""

    rows: list[ReachOutRow]
    attention: Attention | None  # within the filters; None: counted after (``count_later``)
    tags: tuple[str, ...]
    tiers: tuple[TierFilter, ...]  # tiers with a target (the others rank no one)
    next_up: ReachOutRow | None = None  # the short list is empty: who comes due first
    # prm.core.advocacy.owed.ThankYouOwed, the longest owed first
    thank_yous_owed: tuple = ()

    @property
    def needing_attention(self) -> int | None:
        return self.attention.total if self.attention is not None else None


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
    count_later: bool = False,
) -> ReachOutScreen:
    """``capacity``: this week's short list; None: everyone, most overdue first (``limit``
    rows of the ranking; the rest page in). ``count_later`` (with no capacity): the
    rows only; the counts and thank-yous come from ``reach_out_counts`` after them
    (counting who needs the user reads ~120k index entries at 1M contacts)."""
    later = count_later and capacity is None
    within = dict(now=now, zone=zone, tag=tag, tier_id=tier_id, include_snoozed=include_snoozed)
    short, attention = ([], None) if later else this_week(session, capacity=capacity, **within)
    next_up = None
    if capacity is not None and not short:
        first = reach_out(session, limit=1, **within)
        next_up = first[0] if first else None
    if capacity is None:
        short = reach_out(session, limit=limit, **within)
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
        thank_yous_owed=() if later else _thank_yous(session, now, zone),
    )


def reach_out_counts(
    session: Session,
    *,
    now: datetime,
    zone: tzinfo,
    tag: str | None = None,
    tier_id: int | None = None,
    include_snoozed: bool = False,
) -> tuple[Attention, tuple]:
    """What ``count_later`` left out: the exact counts and the thank-yous owed."""
    within = dict(now=now, zone=zone, tag=tag, tier_id=tier_id, include_snoozed=include_snoozed)
    _none, attention = this_week(session, capacity=None, **within)
    return attention, _thank_yous(session, now, zone)


def _thank_yous(session: Session, now: datetime, zone: tzinfo) -> tuple:
    from prm.core.advocacy.owed import thank_yous_owed

    return tuple(thank_yous_owed(session, now=now, zone=zone))
