"""A few advocacy ledger entries for the sample data, so Advocates and Home's
thank-yous are not empty when a new user looks around: referrals (one recent and
not yet thanked, one won), an introduction, a testimonial and an engagement.

Only the sample store gets these (not ``demo.populate``, which also builds the
benchmark stores whose ledgers are seeded on their own terms). Written through
the ledger's own services, as the dialogs do.
"""

from __future__ import annotations

from datetime import timedelta, tzinfo

from sqlmodel import Session

from prm.core.clock import Clock


def add_sample_advocacy(
    session: Session, *, contact_ids: list[int], clock: Clock, zone: tzinfo
) -> int:
    """Ledger entries among the first sample contacts; how many were written."""
    from prm.core.advocacy import ledger
    from prm.core.advocacy.records import (
        EngagementDraft,
        IntroductionDraft,
        ReferralDraft,
        SignalDraft,
    )

    if len(contact_ids) < 6:
        return 0
    a, b, c, d, e, f = contact_ids[:6]
    today = clock.now().astimezone(zone).date()

    def day(days_ago: int) -> str:
        return (today - timedelta(days=days_ago)).isoformat()

    ledger.add_referral(session, draft=ReferralDraft(
        referrer_id=a, referred_id=b, referred_on=day(2), for_what="Strategy review"),
        clock=clock, zone=zone)  # fmt: skip
    ledger.add_referral(session, draft=ReferralDraft(
        referrer_id=c, referred_id=d, referred_on=day(60), for_what="Pricing workshop",
        outcome="won", outcome_on=day(30), value="12000", currency="EUR"),
        clock=clock, zone=zone)  # fmt: skip
    ledger.add_introduction(session, draft=IntroductionDraft(
        a_id=e, b_id=f, made_on=day(10), note="Both rebuilding their sales teams"),
        clock=clock, zone=zone)  # fmt: skip
    ledger.add_signal(session, draft=SignalDraft(
        contact_id=c, kind="testimonial", on_date=day(20), note="Quote for the website"),
        clock=clock, zone=zone)  # fmt: skip
    ledger.add_engagement(session, draft=EngagementDraft(
        contact_id=d, name="Pricing workshop", start_on=day(28), fees="12000", currency="EUR"),
        clock=clock)  # fmt: skip
    return 5
