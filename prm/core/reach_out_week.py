"""This week's short list and the exact counts, without reading everyone who needs
the user (at 1M contacts some 120,000 people).

Counts: who is past their target, who past their own maximum and who never
contacted, summed from the hourly counts of anchors (``anchor_counts``), cut at
calendar-day boundaries.

A filter's tag that few people carry is read person by person and each of them
scored (``rhythm_sql.read_tag_first``): walking the targets would test every entry.

Short list: within one walk (a target, oldest anchor first), urgency never grows
as the anchor gets younger, so the rows after the n-th score at most ``value`` of
the n-th with the most advocacy. Each walk is read until that bound falls below
the short list's last entry; referrals are counted only for the rows read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlmodel import Session

from prm.core.anchor_counts import rhythm_groups
from prm.core.db_time import parse_db_timestamp
from prm.core.reach_out import (
    STATUS_NEVER,
    ReachOutRow,
    build_rows,
    calendar_days,
    status_for,
)
from prm.core.rhythm_sql import (
    ANCHOR,
    BY_UNTOUCHED,
    BY_VALUE,
    COLUMNS,
    MAX_REFERRAL_LEVEL,
    REFERRAL_LEVELS,
    UNTOUCHED,
    days_cutoff,
    filters,
    read_tag_first,
    tag_id,
    tagged_rows,
)
from prm.core.rhythm_sql import targets as targets_in_use

DEFAULT_WEEKLY_CAPACITY = 15
MAX_WEEKLY_CAPACITY = 200
MAX_URGENCY = 3.0
MAX_COUNTED_REFERRALS = MAX_REFERRAL_LEVEL


@dataclass(frozen=True)
class Attention:
    """Exactly who needs the user, by kind (snoozed people left out)."""

    overdue: int = 0
    due: int = 0
    never: int = 0  # never contacted, and not yet past their target

    @property
    def total(self) -> int:
        return self.overdue + self.due + self.never


def value(*, target_days: int, days: int, never: bool, referrals: int) -> float:
    """How much reaching this person this week is worth (reach_out_screen says why)."""
    urgency = 1.0 if never else min(max(days / target_days, 1.0), MAX_URGENCY)
    advocacy = 1 + 0.5 * min(referrals, MAX_COUNTED_REFERRALS)
    return 30 / target_days * advocacy * urgency


class _Week:
    """One reading of the filters: who needs the user, per cadence target.

    "Needs the user" is ``status_for`` by calendar days: past their target (due or
    overdue, touched or not), or never contacted and not yet past it."""

    def __init__(self, session: Session, now: datetime, zone: tzinfo, *, tag, tier_id, snoozed):
        self.conn = session.connection()
        self.now, self.zone = now, zone
        self.today = now.astimezone(zone).date()
        self.tag_id, self.tier_id, self.snoozed = tag_id(self.conn, tag), tier_id, snoozed
        self.where, self.params = filters(self.today, self.tag_id, tier_id, snoozed)
        self.targets = targets_in_use(self.conn, tier_id, self.tag_id)
        self._cuts: dict[int, str] = {}

    def cut(self, days: int) -> str:
        """Anchors before this are at least ``days`` calendar days old (``days_cutoff``)."""
        if days not in self._cuts:
            self._cuts[days] = days_cutoff(self.today, days, self.zone)
        return self._cuts[days]

    def days(self, raw: tuple) -> int:
        return calendar_days(parse_db_timestamp(raw[9]), self.now, self.zone)

    # -- counts -------------------------------------------------------------

    def attention(self) -> Attention:
        """Counted without reading anyone, from the hourly counts of anchors
        (``anchor_counts``): everyone past their target, past their maximum, and the
        never contacted not yet past their target."""
        groups = rhythm_groups(
            self.conn,
            today=self.today,
            zone=self.zone,
            tier_id=self.tier_id,
            tag_id=self.tag_id,
            snoozed=self.snoozed,
        )
        past, overdue = sum(g.past_target for g in groups), sum(g.past_max for g in groups)
        return Attention(overdue, past - overdue, sum(g.new for g in groups))

    # -- the short list -----------------------------------------------------

    def short_list(self, capacity: int) -> list[ReachOutRow]:
        """The ``capacity`` most valuable, exactly as scoring everyone would rank them.

        Two walks per target and referral level, each oldest anchor first: everyone
        past the target (ix_contact_value), and the never contacted not yet past it
        (ix_contact_untouched, where everyone's urgency is 1)."""
        if capacity <= 0:
            return []
        if read_tag_first(self.conn, self.tag_id, self.targets, capacity):
            return self._scored_from_tag(capacity)
        walks = []
        for target in self.targets:
            for level in REFERRAL_LEVELS:
                cut = self.cut(target)
                walks += [
                    _Walk(target, level, BY_VALUE, ANCHOR, f"{ANCHOR} < ?", cut, capacity),
                    _Walk(
                        target,
                        level,
                        BY_UNTOUCHED,
                        "c.created_at",
                        f"{UNTOUCHED} AND c.created_at >= ?",
                        cut,
                        capacity,
                    ),
                ]
        scored: dict[int, tuple] = {}
        ranked: list[tuple] = []
        open_walks = walks
        while open_walks:
            for walk in open_walks:
                for raw in self._read(walk):
                    scored.setdefault(raw[0], self._key(raw))
            ranked = sorted(scored.values())[:capacity]
            open_walks = [walk for walk in open_walks if not walk.done]
            if len(ranked) == capacity:
                worst = ranked[-1][:2]
                open_walks = [walk for walk in open_walks if self._bound(walk) <= worst]
            for walk in open_walks:
                walk.want *= 2
        return build_rows(self.conn, [key[3][:10] for key in ranked], self.now, self.zone)

    def _scored_from_tag(self, capacity: int) -> list[ReachOutRow]:
        """The short list of a small tag: each of its people scored (``read_tag_first``)."""
        rows = tagged_rows(self.conn, self.where, self.params, f"{COLUMNS}, c.referral_level")
        needing = (raw for raw in rows if raw[5] is None or self.days(raw) >= raw[3])
        keys = sorted(self._key(raw) for raw in needing)[:capacity]
        return build_rows(self.conn, [key[3][:10] for key in keys], self.now, self.zone)

    def _read(self, walk: _Walk) -> list[tuple]:
        """The walk's next rows, up to what it wants now."""
        rows = self.conn.exec_driver_sql(
            f"SELECT {COLUMNS}, c.referral_level FROM contact c {walk.index}"
            f" WHERE {self.where} AND c.referral_level = ? AND {walk.condition}"
            f" ORDER BY {walk.order}, c.id LIMIT ? OFFSET ?",
            (
                walk.target,
                *self.params,
                walk.level,
                walk.bound,
                walk.want - walk.read,
                walk.read,
            ),
        ).fetchall()
        walk.read += len(rows)
        walk.done = walk.read < walk.want
        if rows:
            walk.last_days = self.days(tuple(rows[-1]))
        return [tuple(raw) for raw in rows]

    def _key(self, raw: tuple) -> tuple:
        days, target = self.days(raw), raw[3]
        status = status_for(days, target, raw[4], raw[5] is not None)
        score = value(
            target_days=target, days=days, never=status == STATUS_NEVER, referrals=raw[10]
        )
        return (-score, -days / target, raw[0], raw)

    @staticmethod
    def _bound(walk: _Walk) -> tuple[float, float]:
        """The best key a row of ``walk`` not read yet can have (smaller is better):
        rows come oldest first, so none is more overdue than the last one read, and
        all of them referred the walk's number of people."""
        urgency = min(max(walk.last_days / walk.target, 1.0), MAX_URGENCY)
        advocacy = 1 + 0.5 * walk.level
        return (-30 / walk.target * advocacy * urgency, -walk.last_days / walk.target)


@dataclass
class _Walk:
    """One target's and referral level's rows in one index, read oldest anchor first
    in growing batches."""

    target: int
    level: int
    index: str
    order: str  # the anchor as this index holds it
    condition: str  # beyond the filters; its one ``?`` is ``bound``
    bound: str
    want: int  # rows read by the next batch's end
    read: int = 0
    done: bool = False
    last_days: int = 0


def this_week(
    session: Session,
    *,
    now: datetime,
    zone: tzinfo,
    capacity: int | None,
    tag: str | None = None,
    tier_id: int | None = None,
    include_snoozed: bool = False,
) -> tuple[list[ReachOutRow], Attention]:
    """The short list (at most ``capacity`` people, most valuable first; None: not
    wanted) and the counts."""
    week = _Week(session, now, zone, tag=tag, tier_id=tier_id, snoozed=include_snoozed)
    rows = week.short_list(capacity) if capacity else []
    return rows, week.attention()


def needing_attention(session: Session, *, now: datetime, zone: tzinfo) -> int:
    """How many people need the user (the sidebar and tray badge): the screen's total."""
    return _Week(session, now, zone, tag=None, tier_id=None, snoozed=False).attention().total
