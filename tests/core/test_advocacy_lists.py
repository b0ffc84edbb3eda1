"""The Advocates section's lists and the places that show advocacy: ranked value,
valuable but overdue, likely advocates not yet asked, asked too often, dormant ties,
the contact card, the meeting brief, Reach out and the weekly review."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from prm.core import contact_cards, contacts, meeting_brief, reach_out_screen, review, touches
from prm.core.advocacy import ledger, lists, reciprocity, value
from prm.core.advocacy.records import (
    EngagementDraft,
    IntroductionDraft,
    ReferralDraft,
    SignalDraft,
)
from prm.core.drafts import ContactDraft

TODAY = date(2026, 3, 14)


@pytest.fixture
def book(store, clock):
    """Erik refers and speaks for me; Anna is a client who was never asked; Olga
    gave a lot years ago; Tom was only referred."""
    ids = {}
    with store.transaction() as session:
        for name in ("Erik", "Anna", "Olga", "Tom"):
            ids[name] = contacts.create_contact(
                session, draft=ContactDraft(given_name=name), clock=clock
            ).id
        add = dict(clock=clock, zone=UTC)
        ledger.add_referral(
            session,
            draft=ReferralDraft(
                referrer_id=ids["Erik"], referred_id=ids["Tom"], outcome="won", value="9000",
                currency="EUR",
            ),
            **add,
        )  # fmt: skip
        for kind in ("testimonial", "reference_call", "case_study"):
            ledger.add_signal(session, draft=SignalDraft(contact_id=ids["Erik"], kind=kind), **add)
        ledger.add_engagement(
            session,
            draft=EngagementDraft(
                contact_id=ids["Anna"], name="Audit", fees="8000", currency="EUR"
            ),
            clock=clock,
        )
        ledger.add_signal(
            session,
            draft=SignalDraft(contact_id=ids["Olga"], kind="spoke_at_event", on_date="2021-05-01"),
            **add,
        )
        ledger.add_engagement(
            session,
            draft=EngagementDraft(
                contact_id=ids["Olga"], name="Old big job", fees="64000", currency="EUR",
                start_on="2020-01-01", end_on="2021-01-01",
            ),
            clock=clock,
        )  # fmt: skip
        long_ago = datetime(2021, 6, 1, 12, tzinfo=UTC)
        touches.log_touch(
            session, draft=touches.TouchDraft([ids["Olga"]], "call", occurred_at=long_ago),
            clock=clock,
        )  # fmt: skip
        session.connection().exec_driver_sql(
            "UPDATE contact SET cadence_max_days = 30 WHERE id = ?", (ids["Anna"],)
        )
        anna_touch = datetime(2026, 1, 1, 12, tzinfo=UTC)
        touches.log_touch(
            session, draft=touches.TouchDraft([ids["Anna"]], "call", occurred_at=anna_touch),
            clock=clock,
        )  # fmt: skip
    return ids


def test_the_lists_say_who_to_invest_in(store, clock, book):
    with store.reading() as session:
        got = lists.advocates_lists(session, now=clock.now(), zone=UTC)
    names = lambda rows: [r.name for r in rows]  # noqa: E731
    assert names(got.ranked)[0] == "Erik"
    assert "Tom" not in names(got.ranked)  # being referred is not a value of its own
    assert names(got.dormant) == ["Olga"]
    assert names(got.not_yet_asked) == ["Anna"]
    assert "Anna" in names(got.valuable_overdue)  # 72 days since, her limit is 30
    assert [r.name for r in got.asked_too_often] == ["Erik"]
    assert [t.text for t in got.thank_yous_owed] == ["thank Erik — Tom signed"]


def test_value_ranking_follows_the_weights(store, book):
    with store.transaction() as session:
        value.set_weights(session, changes={"referrals": 0, "advocacy": 0, "revenue": 10})
    with store.reading() as session:
        assert [v.name for v in value.ranked(session, today=TODAY, limit=2)] == ["Olga", "Anna"]
        assert value.get_weights(session)["revenue"] == 10


def test_the_card_and_the_brief_show_referrals_introductions_and_value(store, clock, book):
    with store.transaction() as session:
        ledger.add_introduction(
            session,
            draft=IntroductionDraft(a_id=book["Erik"], b_id=book["Anna"]),
            clock=clock,
            zone=UTC,
        )
    with store.reading() as session:
        card = contact_cards.contact_card(session, contact_id=book["Erik"], today=TODAY)
        [brief] = meeting_brief.meeting_brief(session, contact_ids=[book["Erik"]], today=TODAY)
    for advocacy in (card.advocacy, brief.advocacy):
        assert [r.referred_name for r in advocacy.referrals_made] == ["Tom"]
        assert [(i.a_name, i.b_name) for i in advocacy.introductions] == [("Erik", "Anna")]
        assert advocacy.value.total == pytest.approx(sum(d.score for d in advocacy.value.breakdown))
        assert advocacy.load.too_often
        assert advocacy.balance.last_gave_text(TODAY) == "last gave: an introduction, today"


def test_thank_yous_owed_show_in_reach_out_and_the_weekly_review(store, clock, book):
    with store.reading() as session:
        screen = reach_out_screen.reach_out_screen(
            session, now=clock.now(), zone=UTC, limit=10, capacity=15
        )
        week = review.weekly_review(session, now=clock.now(), zone=UTC)
    assert [t.text for t in screen.thank_yous_owed] == ["thank Erik — Tom signed"]
    assert [t.text for t in week.thank_yous_owed] == ["thank Erik — Tom signed"]
    with store.transaction() as session:
        touches.log_touch(session, draft=touches.TouchDraft([book["Erik"]], "call"), clock=clock)
    with store.reading() as session:
        assert review.weekly_review(session, now=clock.now(), zone=UTC).thank_yous_owed == []


def test_the_balance_says_when_they_last_got_something(store, clock, book):
    with store.transaction() as session:
        ledger.add_introduction(
            session,
            draft=IntroductionDraft(a_id=book["Olga"], b_id=book["Tom"], made_on="2025-10-01"),
            clock=clock,
            zone=UTC,
        )
    with store.reading() as session:
        bal = reciprocity.balance(session, contact_id=book["Olga"])
        erik = reciprocity.balance(session, contact_id=book["Erik"])
    assert bal.given == {"introduction": 1} and bal.asked == {"spoke_at_event": 1}
    assert bal.last_gave_text(TODAY) == "last gave: an introduction, 5 months ago"
    assert erik.asked == {"referral": 1, "testimonial": 1, "reference_call": 1, "case_study": 1}
    assert erik.last_gave_text(TODAY + timedelta(days=1)) == "nothing given yet"
