"""Who haven't I touched recently? Everyone with a cadence, most overdue first.

Overdue-ness is relative to each person's own rhythm: days since the last real
touch divided by their target. Someone never touched counts from when they were
added. Days are calendar days in the user's time zone, so "yesterday" means
yesterday across DST changes and travel.
"""

from __future__ import annotations

import heapq
import itertools
import statistics
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlmodel import Session

from prm.core.anchor_counts import rhythm_groups
from prm.core.db_time import parse_db_timestamp
from prm.core.rhythm_sql import (
    ANCHOR,
    BY_RHYTHM,
    COLUMNS,
    filters,
    tag_id,
    tagged_walk,
    targets,
)

# Drifting: enough history to know a rhythm, and a gap well beyond it.
DRIFT_MIN_TOUCHES = 4
DRIFT_FACTOR = 2.0
DRIFT_MIN_EXTRA_DAYS = 7
_RECENT_TOUCHES = 12

STATUS_ON_TRACK = "on_track"
STATUS_DUE = "due"
STATUS_OVERDUE = "overdue"
STATUS_NEVER = "never_touched"


@dataclass(frozen=True)
class ReachOutRow:
    contact_id: int
    name: str
    organization: str
    target_days: int
    max_days: int
    last_touch_at: datetime | None
    last_channel: str
    days_since: int  # since the last touch, or since the contact was added
    status: str
    drifting: bool
    typical_gap_days: float | None
    preferred_channel: str
    snoozed_until: date | None

    @property
    def overdue_ratio(self) -> float:
        return self.days_since / self.target_days


def calendar_days(earlier: datetime, later: datetime, zone: tzinfo) -> int:
    """Whole calendar days between two moments as the user's wall calendar sees them."""
    return max(0, (later.astimezone(zone).date() - earlier.astimezone(zone).date()).days)


def status_for(days: int, target: int, max_days: int, touched: bool) -> str:
    if days >= max_days:
        return STATUS_OVERDUE
    if days >= target:
        return STATUS_DUE
    return STATUS_ON_TRACK if touched else STATUS_NEVER


def reach_out(
    session: Session,
    *,
    now: datetime,
    zone: tzinfo,
    limit: int = 50,
    offset: int = 0,
    tag: str | None = None,
    tier_id: int | None = None,
    include_snoozed: bool = False,
) -> list[ReachOutRow]:
    """The ranking, one page at a time.

    Within one target, "most overdue" is simply "oldest anchor", which the
    index ix_contact_rhythm hands over in order (within a tag filter, the tag's own
    rows, derived_tag_rhythm); the few targets in use are then merged by
    days/target. A page costs a few index walks at 100k contacts instead of scoring
    every contact.
    """
    today = now.astimezone(zone).date()
    conn = session.connection()
    tagged = tag_id(conn, tag)
    where, params = filters(today, tagged, tier_id, include_snoozed)
    wanted = offset + limit

    def most_overdue_first(row) -> tuple[float, int]:
        return -(now - parse_db_timestamp(row[9])).total_seconds() / row[3], row[0]

    def ranked(target: int):
        if tagged is None:
            sql = f"SELECT {COLUMNS} FROM contact c {BY_RHYTHM} WHERE {where} ORDER BY {ANCHOR} LIMIT ?"
            rows = conn.exec_driver_sql(sql, (target, *params, wanted))
        else:  # the tag's own people in the same order (revision 0025)
            rows = conn.exec_driver_sql(
                tagged_walk(where), (tagged, target, target, *params, wanted)
            )
        for row in rows:
            yield most_overdue_first(row), row

    in_use = targets(conn, tier_id, tagged)
    merged = heapq.merge(*(ranked(t) for t in in_use), key=lambda item: item[0])
    page = [row for _key, row in itertools.islice(merged, offset, wanted)]
    return build_rows(conn, page, now, zone)


def build_rows(conn, raws, now: datetime, zone: tzinfo) -> list[ReachOutRow]:
    """Ranked rows (``rhythm_sql.COLUMNS``) as ReachOutRows, in their order; every
    row's recent touches come from one query for the whole page."""
    recent = recent_touches(conn, [raw[0] for raw in raws])
    return [_row(raw, recent.get(raw[0], []), now, zone) for raw in raws]


def _row(raw, recent: list[tuple[datetime, str]], now: datetime, zone: tzinfo) -> ReachOutRow:
    cid, name, org, target, max_days, last_raw, created_raw, preferred, snoozed, _anchor = raw
    last = parse_db_timestamp(last_raw)
    days = calendar_days(last or parse_db_timestamp(created_raw), now, zone)
    typical = _typical_gap(recent, zone)
    drifting = (
        typical is not None
        and last is not None
        and days >= max(DRIFT_FACTOR * typical, typical + DRIFT_MIN_EXTRA_DAYS)
    )
    return ReachOutRow(
        contact_id=cid,
        name=name,
        organization=org,
        target_days=target,
        max_days=max_days,
        last_touch_at=last,
        last_channel=recent[0][1] if recent else "",
        days_since=days,
        status=status_for(days, target, max_days, last is not None),
        drifting=drifting,
        typical_gap_days=typical,
        preferred_channel=preferred,
        snoozed_until=date.fromisoformat(snoozed) if snoozed else None,
    )


def overdue_count(session: Session, *, now: datetime, zone: tzinfo) -> int:
    """Exactly how many people are overdue (``status_for`` says so: calendar days since
    their anchor at least their max), snoozed people left out as the ranking does.

    Summed from the hourly counts of anchors (``anchor_counts``)."""
    today = now.astimezone(zone).date()
    groups = rhythm_groups(session.connection(), today=today, zone=zone, snoozed=False)
    return sum(group.past_max for group in groups)


def recent_touches(conn, contact_ids: list[int]) -> dict[int, list[tuple[datetime, str]]]:
    """Each contact's latest live touches (at most ``_RECENT_TOUCHES``), newest first;
    touches at the same moment in the order they were logged (touch id).

    One query per page (a query per row was half of what a page cost at 100k
    contacts), and the newest are picked here: a page's ~1,200 participations
    sort in Python in a fraction of what row_number() over them costs SQLite.
    Stored times are fixed-width text, so text order is time order (as in SQL)."""
    rows: list[tuple[int, str, int, str]] = []
    ids = list(dict.fromkeys(contact_ids))
    for start in range(0, len(ids), 500):  # well under SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        rows += conn.exec_driver_sql(
            "SELECT p.contact_id, t.occurred_at, t.id, t.channel"
            " FROM touch_participant p JOIN touch t ON t.id = p.touch_id"
            f" WHERE p.contact_id IN ({','.join('?' * len(chunk))}) AND t.deleted_at IS NULL",
            tuple(chunk),
        ).fetchall()
    rows.sort(key=lambda r: r[2])  # logging order among equal times (the sorts are stable)
    rows.sort(key=lambda r: r[1], reverse=True)
    found: dict[int, list[tuple[datetime, str]]] = {}
    for cid, at, _id, channel in rows:
        recent = found.setdefault(cid, [])
        if len(recent) < _RECENT_TOUCHES:
            recent.append((parse_db_timestamp(at), channel))
    return found


def _typical_gap(recent: list[tuple[datetime, str]], zone: tzinfo) -> float | None:
    """Median days between consecutive touches, when there is enough history."""
    if len(recent) < DRIFT_MIN_TOUCHES:
        return None
    # Each touch's calendar day once (as ``calendar_days`` counts), not twice per gap.
    days = [at.astimezone(zone).date() for at, _channel in recent]
    gaps = [max(0, (a - b).days) for a, b in itertools.pairwise(days)]
    return float(statistics.median(gaps))


def snooze_contact(
    session: Session, *, contact_id: int, until: date | None, reason: str = "", today: date
) -> None:
    """Hide a contact from reach-out until a date (None wakes them now)."""
    from prm.core.errors import ValidationError
    from prm.core.models import Contact

    if until is not None and until <= today:
        raise ValidationError({"snoozed_until": "Snooze until a day after today."})
    contact = session.get(Contact, contact_id)
    if contact is None:
        from prm.core.errors import NotFoundError

        raise NotFoundError(f"There is no contact #{contact_id}.")
    contact.snoozed_until = until
    contact.snooze_reason = reason.strip() if until else ""
    session.flush()
