"""How many contacts are past their target and past their maximum, without reading them.

``derived_rhythm_hour`` (revision 0023) holds per cadence target, maximum, own tier
and UTC hour of the anchor (``rhythm_sql.ANCHOR``) the number of live contacts, and
``derived_tag_hour`` the same per tag as well, kept exact by triggers on
``contact`` and ``contact_tag``. "Anchor before the cutoff" (a local midnight, not on
a UTC hour in a +05:30 zone) is the group's total less the whole hours from the
cutoff's next hour on, less the part of the cutoff's hour counted exactly from
ix_contact_rhythm (``prm.core.hour_split``). At 1M contacts that is some thousand
summary rows per target instead of up to 1M index entries (six weeks without a
touch, nearly everyone is past their target).

The snoozed (a few people, ix_contact_snoozed) are read one by one and left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from prm.core.db_time import db_timestamp
from prm.core.hour_split import split_hours
from prm.core.rhythm_sql import ANCHOR, BY_RHYTHM, TAGGED, days_cutoff_moment, targets

TABLE = "derived_rhythm_hour"
TAG_TABLE = "derived_tag_hour"
_COUNTED = "c.deleted_at IS NULL AND c.cadence_target_days IS NOT NULL"
_KEY = "c.cadence_target_days, coalesce(c.cadence_max_days, 0)"
_HOUR = "(c.last_touch_at IS NULL), substr(coalesce(c.last_touch_at, c.created_at), 1, 13)"
# Bulk loads (import-all) rebuild the tables in one statement each; the triggers in
# revision 0023 keep them as single rows are written.
_FILLS = (
    f"INSERT INTO {TABLE} (target, max_days, tier, untouched, hour, n)"
    f" SELECT {_KEY}, coalesce(c.cadence_tier_id, 0), {_HOUR}, count(*) FROM contact c"
    f" WHERE {_COUNTED} GROUP BY 1, 2, 3, 4, 5",
    f"INSERT INTO {TAG_TABLE} (tag_id, target, max_days, tier, untouched, hour, n)"
    f" SELECT ct.tag_id, {_KEY}, coalesce(c.cadence_tier_id, 0), {_HOUR}, count(*)"
    " FROM contact_tag ct JOIN contact c ON c.id = ct.contact_id"
    f" WHERE {_COUNTED} GROUP BY 1, 2, 3, 4, 5, 6",
)


def refresh_rhythm_hours(conn) -> None:
    """Recount every group's hours from ``contact`` (after a bulk load)."""
    for table, fill in zip((TABLE, TAG_TABLE), _FILLS, strict=True):
        conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql(fill)


@dataclass(frozen=True)
class RhythmGroup:
    """Live contacts with one cadence target and maximum (0: none), counted as of a day."""

    target: int
    max_days: int
    total: int
    past_target: int  # at least ``target`` calendar days since their anchor
    past_max: int  # ... at least ``max_days`` (overdue; none without a maximum)
    new: int  # never contacted, added less than ``target`` calendar days ago

    @property
    def on_track(self) -> int:
        return self.total - self.past_target


def rhythm_groups(
    conn,
    *,
    today: date,
    zone: tzinfo,
    tier_id: int | None = None,
    tag_id: int | None = None,
    snoozed: bool = True,
) -> list[RhythmGroup]:
    """Every target and maximum in use, in that order: the live contacts with them
    (only those of ``tier_id``, their own tier, and those tagged ``tag_id``, when
    given; without those snoozed past ``today`` unless ``snoozed``)."""
    asleep = [] if snoozed else _snoozed(conn, today, tier_id, tag_id)
    found = []
    for target in targets(conn, tier_id, tag_id):
        target_cut = days_cutoff_moment(today, target, zone)
        for max_days in _maxima(conn, target):
            group = _Group(target, max_days, tier_id, tag_id)
            max_cut = days_cutoff_moment(today, max_days, zone) if max_days else None
            cuts = [(target_cut, False), (target_cut, True)]
            total, (on_track, new, *max_after) = group.since(
                conn, cuts + ([(max_cut, False)] if max_cut else [])
            )
            past_max = total - max_after[0] if max_after else 0
            target_text = db_timestamp(target_cut)
            max_text = db_timestamp(max_cut) if max_cut else ""
            for untouched, anchor in (
                (u, a) for t, m, u, a in asleep if (t, m) == (target, max_days)
            ):
                total -= 1
                if anchor >= target_text:
                    on_track -= 1
                    new -= untouched
                if anchor < max_text:
                    past_max -= 1
            found.append(RhythmGroup(target, max_days, total, total - on_track, past_max, new))
    return found


def _maxima(conn, target: int) -> list[int]:
    """The maximums of ``target``'s contacts: index seeks, as ``rhythm_sql.targets``."""
    found, last = [], -1
    while True:
        last = conn.exec_driver_sql(
            f"SELECT min(max_days) FROM {TABLE} WHERE target = ? AND max_days > ?", (target, last)
        ).scalar()
        if last is None:
            return found
        found.append(last)


@dataclass(frozen=True)
class _Group:
    target: int
    max_days: int
    tier_id: int | None
    tag_id: int | None

    def since(self, conn, cuts: list[tuple[datetime, bool]]) -> tuple[int, list[int]]:
        """The group's total, and per ``(cutoff, untouched)`` how many of it (of its
        never contacted, when ``untouched``) are anchored at or after the cutoff: one
        read of its summary rows, and the cutoffs' partial hours from the index."""
        splits = [split_hours(cutoff) for cutoff, _untouched in cuts]
        sums, params = [], []
        for split, (_cutoff, untouched) in zip(splits, cuts, strict=True):
            whole, whole_params = split.whole_hours()
            if untouched:
                whole += " AND untouched = 1"
            sums.append(f"coalesce(sum(CASE WHEN {whole} THEN n END), 0)")
            params += whole_params
        table = TABLE if self.tag_id is None else TAG_TABLE
        where, key = self._where("target = ?", "max_days = ?", "tier = ?", "tag_id = ?")
        total, *after = conn.exec_driver_sql(
            f"SELECT coalesce(sum(n), 0), {', '.join(sums)} FROM {table} WHERE {where}",
            (*params, *key),
        ).one()
        where, key = self._where(
            "c.cadence_target_days = ?",
            "coalesce(c.cadence_max_days, 0) = ?",
            "c.cadence_tier_id = ?",
            TAGGED,
        )
        for i, (split, (_cutoff, untouched)) in enumerate(zip(splits, cuts, strict=True)):
            fresh = " AND c.last_touch_at IS NULL" if untouched else ""
            for lo, hi in split.partial:
                after[i] += conn.exec_driver_sql(
                    f"SELECT count(*) FROM contact c {BY_RHYTHM} WHERE c.deleted_at IS NULL"
                    f" AND {where}{fresh} AND {ANCHOR} >= ? AND {ANCHOR} < ?",
                    (*key, lo, hi),
                ).scalar_one()
        return total, after

    def _where(self, target: str, max_days: str, tier: str, tag: str) -> tuple[str, tuple]:
        """The group's conditions (each with one ``?``) joined, and their values."""
        pairs = [(target, self.target), (max_days, self.max_days)]
        pairs += [(tier, self.tier_id)] if self.tier_id is not None else []
        pairs += [(tag, self.tag_id)] if self.tag_id is not None else []
        return " AND ".join(c for c, _v in pairs), tuple(v for _c, v in pairs)


def _snoozed(
    conn, today: date, tier_id: int | None, tag_id: int | None
) -> list[tuple[int, int, int, str]]:
    """``(target, maximum, never contacted, anchor)`` of the live contacts with a
    target snoozed past ``today`` (of ``tier_id``, or tagged ``tag_id``, when given)."""
    sql = (
        f"SELECT {_KEY}, c.last_touch_at IS NULL, {ANCHOR} FROM contact c"
        " INDEXED BY ix_contact_snoozed"
        f" WHERE c.snoozed_until IS NOT NULL AND {_COUNTED} AND c.snoozed_until > ?"
    )
    params: tuple = (today.isoformat(),)
    if tier_id is not None:
        sql, params = f"{sql} AND c.cadence_tier_id = ?", (*params, tier_id)
    if tag_id is not None:
        sql, params = f"{sql} AND {TAGGED}", (*params, tag_id)
    return [tuple(row) for row in conn.exec_driver_sql(sql, params)]
