"""The Advocates section's lists, each from the small ledgers plus maintained data.

ranked: highest value first. valuable but overdue: among the ``VALUABLE_TOP``
relationships by past value (what they did, recency aside), those past their
cadence's limit (or untouched for 90 days without one). likely advocates not yet
asked: clients (an engagement) who never referred anyone, never introduced the
user and were never asked. asked too often: the reference load warning.
thank-yous owed. dormant ties worth reviving: among the same top, no touch for
3+ years but a past value of at least ``DORMANT_MIN_VALUE``.

Only the top's contact rows are read (by primary key): 100k contacts cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlmodel import Session

from prm.core.advocacy import load, owed, value
from prm.core.advocacy.facts import chunks
from prm.core.advocacy.load import ReferenceLoad
from prm.core.advocacy.owed import ThankYouOwed
from prm.core.advocacy.stored import past_order
from prm.core.advocacy.value import ContactValue, get_weights, recency_points, values_for

OVERDUE_WITHOUT_CADENCE_DAYS = 90
DORMANT_YEARS = 3
DORMANT_MIN_VALUE = 2.0  # a won referral, a testimonial, a real engagement
VALUABLE_TOP = 200


@dataclass
class AdvocatesLists:
    ranked: list[ContactValue] = field(default_factory=list)
    valuable_overdue: list[ContactValue] = field(default_factory=list)
    not_yet_asked: list[ContactValue] = field(default_factory=list)
    asked_too_often: list[ReferenceLoad] = field(default_factory=list)
    thank_yous_owed: list[ThankYouOwed] = field(default_factory=list)
    dormant: list[ContactValue] = field(default_factory=list)


def advocates_lists(
    session: Session, *, now: datetime, zone: tzinfo, limit: int = 50
) -> AdvocatesLists:
    """Every list at once: one pass over the ledgers, each list up to ``limit`` rows."""
    today = now.astimezone(zone).date()
    weights = get_weights(session)
    lists = AdvocatesLists(ranked=value.ranked(session, today=today, limit=limit))
    top = past_order(session, weights, limit=VALUABLE_TOP)
    past = dict((cid, p) for p, cid in top)
    dormant_before = today - timedelta(days=365 * DORMANT_YEARS)
    dormant, overdue = [], []
    for cid, last, is_overdue in _rows(session, [cid for _, cid in top], today):
        total = past[cid] + recency_points(last, today) * weights["recency"]
        # Never touched is not "dormant" (nothing to revive): it counts as overdue.
        if last is not None and last <= dormant_before:
            if past[cid] >= DORMANT_MIN_VALUE:
                dormant.append((-past[cid], cid))
        elif is_overdue and total > 0:
            overdue.append((-total, cid))
    # Breakdowns only for the rows shown.
    shown = [cid for _, cid in sorted(dormant)[:limit] + sorted(overdue)[:limit]]
    values = values_for(session, contact_ids=shown, today=today)
    lists.dormant = [values[cid] for _, cid in sorted(dormant)[:limit] if cid in values]
    lists.valuable_overdue = [values[cid] for _, cid in sorted(overdue)[:limit] if cid in values]
    lists.valuable_overdue.sort(key=lambda v: (-v.total, v.name.casefold()))
    lists.dormant.sort(key=lambda v: (-v.past_value(), v.name.casefold()))
    # Clients who never referred, introduced or were asked, most valuable first.
    first = [cid for _, cid in past_order(session, weights, limit=limit, unasked=True)]
    found = values_for(session, contact_ids=first, today=today)
    lists.not_yet_asked = [found[cid] for cid in first if cid in found]
    lists.asked_too_often = load.asked_too_often(session, today=today, limit=limit)
    lists.thank_yous_owed = owed.thank_yous_owed(session, now=now, zone=zone, limit=limit)
    return lists


def _rows(session: Session, ids: list[int], today: date):
    """(id, last touch day, overdue) of the live contacts among ``ids``, in order.
    Overdue: past their cadence's limit (or 90 days without one); snoozed people wait."""
    conn = session.connection()
    found = {}
    for part, marks in chunks(ids):
        for cid, max_days, last, snoozed in conn.exec_driver_sql(
            "SELECT id, cadence_max_days, last_touch_at, snoozed_until"
            f" FROM contact WHERE id IN ({marks}) AND deleted_at IS NULL",
            tuple(part),
        ):
            day = date.fromisoformat(last[:10]) if last else None
            waiting = bool(snoozed) and date.fromisoformat(snoozed) >= today
            limit_days = max_days or OVERDUE_WITHOUT_CADENCE_DAYS
            overdue = not waiting and (day is None or (today - day).days > limit_days)
            found[cid] = (cid, day, overdue)
    return [found[cid] for cid in ids if cid in found]
