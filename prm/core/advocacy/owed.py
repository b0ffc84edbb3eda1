"""Thank-yous owed: a referral with no touch to the referrer since it came (or since
it was won).

A referral's thank-you falls due on the day it came in, or on the day its outcome
turned "won" ("thank Erik — Acme signed"); any outgoing touch with the referrer
on or after that day settles it. It is late 7 days after that day. Referrals
older than ``HORIZON_DAYS`` and those carried over from the old "Referred by"
field (their day is a guess) are history, not debts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlmodel import Session

from prm.core.db_time import db_timestamp

THANK_WITHIN_DAYS = 7
HORIZON_DAYS = 90


@dataclass(frozen=True)
class ThankYouOwed:
    referral_id: int
    referrer_id: int
    referrer_name: str
    referred_id: int
    referred_name: str
    since: date  # the referral's day, or the day it was won
    won: bool
    due_on: date  # since + 7 days
    late: bool  # today is past due_on

    @property
    def text(self) -> str:
        """``thank Erik — Acme signed`` / ``thank Erik — for referring Acme``."""
        first = self.referrer_name.split()[0] if self.referrer_name.split() else "them"
        what = f"{self.referred_name} signed" if self.won else f"for referring {self.referred_name}"
        return f"thank {first} — {what}"

    def to_json(self) -> dict:
        return {
            "referral_id": self.referral_id,
            "referrer_id": self.referrer_id,
            "referrer_name": self.referrer_name,
            "referred_id": self.referred_id,
            "referred_name": self.referred_name,
            "since": self.since.isoformat(),
            "won": self.won,
            "due_on": self.due_on.isoformat(),
            "late": self.late,
            "text": self.text,
        }


def thank_yous_owed(
    session: Session, *, now: datetime, zone: tzinfo, limit: int | None = None
) -> list[ThankYouOwed]:
    """Owed thank-yous, the longest owed first."""
    today = now.astimezone(zone).date()
    horizon = (today - timedelta(days=HORIZON_DAYS)).isoformat()
    conn = session.connection()
    # Recent referrals and recent wins, each from its own index (never the whole ledger).
    candidates = conn.exec_driver_sql(
        f"{_OWED} AND r.referred_on >= ? UNION {_OWED} AND r.outcome = 'won' AND r.outcome_on >= ?",
        (horizon, horizon),
    ).fetchall()
    owed = []
    for rid, referrer, r_name, last, referred, d_name, on, outcome, outcome_on in candidates:
        since = owed_since(date.fromisoformat(on), outcome, _day(outcome_on))
        if (today - since).days > HORIZON_DAYS or since > today:
            continue
        start = db_timestamp(datetime.combine(since, time(0), zone))
        # No touch at all since (the contact's kept last touch says so): owed. Else
        # look for an outgoing one among their touches since then.
        if (
            last is not None
            and last >= start
            and conn.exec_driver_sql(_THANKED, (referrer, start)).first()
        ):
            continue
        due = since + timedelta(days=THANK_WITHIN_DAYS)
        owed.append(
            ThankYouOwed(
                rid, referrer, r_name, referred, d_name, since, outcome == "won", due, today > due
            )
        )
    owed.sort(key=lambda o: (o.since, o.referral_id))
    return owed if limit is None else owed[:limit]


_OWED = (
    "SELECT r.id, r.referrer_id, a.display_name, a.last_touch_at, r.referred_id, b.display_name,"
    " r.referred_on, r.outcome, r.outcome_on FROM referral r"
    " JOIN contact a ON a.id = r.referrer_id JOIN contact b ON b.id = r.referred_id"
    " WHERE r.deleted_at IS NULL AND r.date_known = 1 AND a.deleted_at IS NULL"
    " AND b.deleted_at IS NULL"
)
_THANKED = (
    "SELECT 1 FROM touch_participant p JOIN touch t ON t.id = p.touch_id WHERE p.contact_id = ?"
    " AND t.direction = 'out' AND t.deleted_at IS NULL AND t.occurred_at >= ? LIMIT 1"
)


def owed_since(referred_on: date, outcome: str, outcome_on: date | None) -> date:
    """The day the thank-you falls due from: the win's day once won, else the referral's."""
    if outcome == "won" and outcome_on is not None and outcome_on > referred_on:
        return outcome_on
    return referred_on


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def thank_yous_owed_count(session: Session, *, now: datetime, zone: tzinfo) -> int:
    return len(thank_yous_owed(session, now=now, zone=zone))
