"""This week's short list and the exact counts, without reading everyone who needs
the user (at 100k contacts some 11,600 people).

Counts: per cadence target, index-only aggregates over ix_contact_rhythm (who is
past the target) and ix_contact_overdue (who is past their own maximum), cut at
calendar-day boundaries; only the never contacted (few, found by the index on
last_touch_at) are read row by row.

Short list: within one target, urgency never grows with the anchor, so the rows
after the n-th most overdue score at most ``value`` of the n-th with the most
advocacy. Each target is read most overdue first until that bound falls below
the short list's last entry; referrals are counted only for the rows read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlmodel import Session

from prm.core.db_time import db_timestamp, parse_db_timestamp
from prm.core.reach_out import (
    STATUS_NEVER,
    ReachOutRow,
    build_rows,
    calendar_days,
    status_for,
)
from prm.core.rhythm_sql import (
    ANCHOR,
    BY_MAX,
    BY_RHYTHM,
    COLUMNS,
    any_target,
    days_cutoff,
    filters,
    max_days_in_use,
)
from prm.core.rhythm_sql import targets as targets_in_use

DEFAULT_WEEKLY_CAPACITY = 15
MAX_WEEKLY_CAPACITY = 200
MAX_URGENCY = 3.0
MAX_COUNTED_REFERRALS = 4
_MAX_ADVOCACY = 1 + 0.5 * MAX_COUNTED_REFERRALS
_FIRST_READ = 32  # rows per target read at first; doubled while the bound says so


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
    """One reading of the filters: who needs the user, per cadence target."""

    def __init__(self, session: Session, now: datetime, zone: tzinfo, *, tag, tier_id, snoozed):
        self.conn = session.connection()
        self.now, self.zone = now, zone
        self.today = now.astimezone(zone).date()
        self.where, self.params = filters(self.today, tag, tier_id, snoozed)
        self.targets = targets_in_use(self.conn)
        self._untouched: list[tuple] | None = None
        self._maxima: list[int] | None = None

    def past_target(self, target: int) -> str:
        """Anchors at or before this are past ``target`` (and need the user)."""
        return db_timestamp(self.now - timedelta(days=target))

    def untouched(self) -> list[tuple]:
        """Everyone never contacted (any anchor): the index on last_touch_at finds them."""
        if self._untouched is None:
            self._untouched = [
                tuple(raw)
                for raw in self.conn.exec_driver_sql(
                    f"SELECT {COLUMNS} FROM contact c INDEXED BY ix_contact_last_touch_at"
                    f" WHERE c.last_touch_at IS NULL AND {any_target(self.where)}",
                    tuple(self.params),
                )
            ]
        return self._untouched

    def days(self, raw: tuple) -> int:
        return calendar_days(parse_db_timestamp(raw[9]), self.now, self.zone)

    # -- counts -------------------------------------------------------------

    def attention(self) -> Attention:
        overdue = due = never = 0
        for target in self.targets:
            o, d = self._touched_counts(target)
            overdue, due = overdue + o, due + d
        for raw in self.untouched():
            days = self.days(raw)
            status = status_for(days, raw[3], raw[4], False)
            overdue += status == "overdue"
            due += status == "due"
            never += status == STATUS_NEVER
        return Attention(overdue, due, never)

    def _touched_counts(self, target: int) -> tuple[int, int]:
        """(overdue, due) among the touched past ``target``, counted inside the indexes:
        everyone past it from ix_contact_rhythm, the overdue among them one range of
        ix_contact_overdue per maximum in use (so no row is read)."""
        cut = lambda days: days_cutoff(self.today, days, self.zone)  # noqa: E731
        # last_touch_at is in neither index, but the anchor of the untouched is
        # created_at: count everyone and take the untouched back out.
        head = (target, *self.params, self.past_target(target))
        total, on_track = self.conn.exec_driver_sql(
            f"SELECT count(*), coalesce(sum({ANCHOR} >= ?), 0)"
            f" FROM contact c {BY_RHYTHM} WHERE {self.where} AND {ANCHOR} <= ?",
            (cut(target), *head),
        ).one()
        overdue = 0
        for max_days in self.maxima():
            overdue += self.conn.exec_driver_sql(
                f"SELECT count(*) FROM contact c {BY_MAX} WHERE c.cadence_max_days = ?"
                f" AND {ANCHOR} < ? AND {self.where} AND {ANCHOR} <= ?",
                (max_days, cut(max_days), *head),
            ).scalar()
        untouched = [r for r in self.untouched() if r[3] == target and r[9] <= head[-1]]
        u_over = sum(1 for r in untouched if r[9] < cut(r[4]))
        u_on = sum(1 for r in untouched if r[9] >= cut(target))
        overdue -= u_over
        return overdue, total - len(untouched) - (on_track - u_on) - overdue

    def maxima(self) -> list[int]:
        """The maximum gaps in use among live contacts (index seeks, once)."""
        if self._maxima is None:
            self._maxima = max_days_in_use(self.conn)
        return self._maxima

    # -- the short list -----------------------------------------------------

    def short_list(self, capacity: int) -> list[ReachOutRow]:
        """The ``capacity`` most valuable, exactly as scoring everyone would rank them."""
        if capacity <= 0:
            return []
        seen: dict[int, tuple] = {r[0]: r for r in self.untouched()}
        read = dict.fromkeys(self.targets, 0)
        want = dict.fromkeys(self.targets, _FIRST_READ)
        last_days: dict[int, int] = {}
        open_targets = set(self.targets)
        scored: dict[int, tuple] = {}
        while True:
            fresh = list(seen.values()) if not scored else []
            for target in list(open_targets):
                rows = self.conn.exec_driver_sql(
                    f"SELECT {COLUMNS} FROM contact c {BY_RHYTHM} WHERE {self.where}"
                    f" AND {ANCHOR} <= ? ORDER BY {ANCHOR}, c.id LIMIT ? OFFSET ?",
                    (
                        target,
                        *self.params,
                        self.past_target(target),
                        want[target] - read[target],
                        read[target],
                    ),
                ).fetchall()
                read[target] += len(rows)
                if rows:
                    last_days[target] = self.days(tuple(rows[-1]))
                if read[target] < want[target]:
                    open_targets.discard(target)
                fresh.extend(tuple(r) for r in rows if r[0] not in scored)
            referrals = self._referrals([r[0] for r in fresh])
            for raw in fresh:
                scored[raw[0]] = self._key(raw, referrals.get(raw[0], 0))
            ranked = sorted(scored.values())[:capacity]
            if len(ranked) == capacity:
                worst = ranked[-1][:2]
                open_targets = {t for t in open_targets if self._bound(t, last_days) <= worst}
            for target in open_targets:
                want[target] *= 2
            if not open_targets:
                return build_rows(self.conn, [key[3][:10] for key in ranked], self.now, self.zone)

    def _key(self, raw: tuple, referrals: int) -> tuple:
        days, target = self.days(raw), raw[3]
        status = status_for(days, target, raw[4], raw[5] is not None)
        score = value(
            target_days=target, days=days, never=status == STATUS_NEVER, referrals=referrals
        )
        return (-score, -days / target, raw[0], raw)

    def _bound(self, target: int, last_days: dict[int, int]) -> tuple[float, float]:
        """The best key a row of ``target`` not read yet can have (smaller is better)."""
        days = last_days.get(target, 0)
        urgency = min(max(days / target, 1.0), MAX_URGENCY)
        return (-30 / target * _MAX_ADVOCACY * urgency, -days / target)

    def _referrals(self, ids: list[int]) -> dict[int, int]:
        """How many live people each of ``ids`` referred (the index on referred_by_id)."""
        counts: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            counts.update(
                self.conn.exec_driver_sql(
                    "SELECT referred_by_id, count(*) FROM contact"
                    f" WHERE referred_by_id IN ({','.join('?' * len(chunk))})"
                    " AND deleted_at IS NULL GROUP BY referred_by_id",
                    tuple(chunk),
                ).fetchall()
            )
        return counts


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
