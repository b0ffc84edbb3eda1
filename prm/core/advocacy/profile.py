"""One person's advocacy at a glance: what the contact card and the meeting brief show.

Referrals they made and the one that brought them, introductions they are in,
their advocacy entries and engagements, the value breakdown, the give/ask
balance and the reference load, each read from the small ledgers by contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from prm.core.advocacy import ledger, load, reciprocity, responsiveness, value
from prm.core.advocacy.load import ReferenceLoad
from prm.core.advocacy.reciprocity import Balance
from prm.core.advocacy.records import EngagementRow, IntroductionRow, ReferralRow, SignalRow
from prm.core.advocacy.responsiveness import ReplyTimes
from prm.core.advocacy.value import ContactValue


@dataclass(frozen=True)
class ContactAdvocacy:
    contact_id: int
    referrals_made: tuple[ReferralRow, ...]  # they referred someone to me
    referred_by: tuple[ReferralRow, ...]  # who referred them
    introductions: tuple[IntroductionRow, ...]
    signals: tuple[SignalRow, ...]
    engagements: tuple[EngagementRow, ...]
    value: ContactValue
    balance: Balance
    load: ReferenceLoad
    replies: ReplyTimes  # how fast I answer them when they write first

    @property
    def empty(self) -> bool:
        """Nothing recorded: the card can leave the section out."""
        return not (
            self.replies.replied
            or self.referrals_made
            or self.referred_by
            or self.introductions
            or self.signals
            or self.engagements
        )


def contact_advocacy(session: Session, *, contact_id: int, today: date) -> ContactAdvocacy:
    referrals = ledger.list_referrals(session, contact_id=contact_id)
    return ContactAdvocacy(
        contact_id=contact_id,
        referrals_made=tuple(r for r in referrals if r.referrer_id == contact_id),
        referred_by=tuple(r for r in referrals if r.referred_id == contact_id),
        introductions=tuple(ledger.list_introductions(session, contact_id=contact_id)),
        signals=tuple(ledger.list_signals(session, contact_id=contact_id)),
        engagements=tuple(ledger.list_engagements(session, contact_id=contact_id)),
        value=value.contact_value(session, contact_id=contact_id, today=today),
        balance=reciprocity.balance(session, contact_id=contact_id),
        load=load.reference_load(session, contact_id=contact_id, today=today),
        replies=responsiveness.reply_times(session, contact_id=contact_id),
    )
