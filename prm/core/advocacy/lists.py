"""The Advocates section's lists, each from the small ledgers plus maintained data.

ranked: highest value first. valuable but overdue: valued people past their
cadence's limit (or untouched for 90 days without one). likely advocates not yet
asked: clients (an engagement) who never referred anyone, never introduced the
user and were never asked. asked too often: the reference load warning.
thank-yous owed. dormant ties worth reviving: no touch for 3+ years but a high
past value (the score without recency).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlmodel import Session

from prm.core.advocacy import load, owed
from prm.core.advocacy.facts import candidate_ids, chunks, gather
from prm.core.advocacy.load import ReferenceLoad
from prm.core.advocacy.owed import ThankYouOwed
from prm.core.advocacy.records import ASK_KINDS
from prm.core.advocacy.value import ContactValue, get_weights, score

OVERDUE_WITHOUT_CADENCE_DAYS = 90
DORMANT_YEARS = 3
DORMANT_MIN_VALUE = 2.0  # a won referral, a testimonial, a real engagement


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
    facts = gather(session, candidate_ids(session))
    weights = get_weights(session)
    values = sorted(
        (score(cid, fact, weights, today) for cid, fact in facts.items()),
        key=lambda v: (-v.total, v.name.casefold(), v.contact_id),
    )
    lists = AdvocatesLists(ranked=values[:limit])
    dormant_before = today - timedelta(days=365 * DORMANT_YEARS)
    overdue = _overdue_ids(session, [v.contact_id for v in values if v.total > 0], today)
    for v in values:
        last = v.last_touch_on
        # Never touched is not "dormant" (nothing to revive): it counts as overdue.
        if last is not None and last <= dormant_before:
            if v.past_value() >= DORMANT_MIN_VALUE:
                lists.dormant.append(v)
        elif v.contact_id in overdue and v.total > 0:
            lists.valuable_overdue.append(v)
        fact = facts[v.contact_id]
        asked = fact.outcomes or "introduced_me" in fact.signals
        if fact.fees and not asked and not ASK_KINDS.intersection(fact.signals):
            lists.not_yet_asked.append(v)
    lists.dormant.sort(key=lambda v: (-v.past_value(), v.name.casefold()))
    del lists.valuable_overdue[limit:], lists.not_yet_asked[limit:], lists.dormant[limit:]
    lists.asked_too_often = load.asked_too_often(session, today=today, limit=limit)
    lists.thank_yous_owed = owed.thank_yous_owed(session, now=now, zone=zone, limit=limit)
    return lists


def _overdue_ids(session: Session, ids: list[int], today: date) -> set[int]:
    """Past their cadence's limit (or 90 days without one); snoozed people wait."""
    found = set()
    conn = session.connection()
    for part, marks in chunks(ids):
        for cid, max_days, last, snoozed in conn.exec_driver_sql(
            "SELECT id, cadence_max_days, last_touch_at, snoozed_until FROM contact"
            f" WHERE id IN ({marks})",
            tuple(part),
        ):
            if snoozed and date.fromisoformat(snoozed) >= today:
                continue
            limit_days = max_days or OVERDUE_WITHOUT_CADENCE_DAYS
            if last is None or (today - date.fromisoformat(last[:10])).days > limit_days:
                found.add(cid)
    return found
