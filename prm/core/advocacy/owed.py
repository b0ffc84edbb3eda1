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
from datetime import date, datetime, tzinfo

from sqlmodel import Session

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
    raise NotImplementedError


def thank_yous_owed_count(session: Session, *, now: datetime, zone: tzinfo) -> int:
    return len(thank_yous_owed(session, now=now, zone=zone))
