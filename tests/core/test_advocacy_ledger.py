"""The advocacy ledgers as the user writes them: clear messages for bad input,
introductions that log a touch per person, trash and restore (Undo), and the
editor's "Referred by" writing the referral ledger."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from prm.core import contacts
from prm.core.advocacy import ledger
from prm.core.advocacy.records import (
    EngagementDraft,
    IntroductionDraft,
    ReferralDraft,
    SignalDraft,
)
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.timeline import contact_timeline

TODAY = date(2026, 3, 14)  # the conftest clock's day


@pytest.fixture
def people(store, clock):
    with store.transaction() as session:
        return [
            contacts.create_contact(session, draft=ContactDraft(given_name=n), clock=clock).id
            for n in ("Erik", "Anna", "Carl")
        ]


def errors_of(draft) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        draft.cleaned()
    return caught.value.errors


def test_bad_referral_input_names_each_value():
    errors = errors_of(
        ReferralDraft(
            referrer_id=1,
            referred_id=1,
            referred_on="last tuesday",
            outcome="signed",
            value="-5",
            currency="euro",
        )
    )
    assert errors["referred_id"] == "Someone cannot refer themselves."
    assert "“last tuesday” is not a date" in errors["referred_on"]
    assert "“signed” is not an outcome" in errors["outcome"]
    assert errors["value"] == "An amount cannot be negative"
    assert "three letters" in errors["currency"]
    assert "currency" in errors_of(ReferralDraft(referrer_id=1, referred_id=2, value="10"))


def test_bad_engagement_signal_and_introduction_input():
    assert (
        "before the start"
        in errors_of(
            EngagementDraft(contact_id=1, name="Audit", start_on="2026-03-01", end_on="2026-02-01")
        )["end_on"]
    )
    assert errors_of(EngagementDraft(contact_id=1, name=" "))["name"] == "Name the engagement."
    assert (
        "“praise” is not an advocacy kind"
        in errors_of(SignalDraft(contact_id=1, kind="praise"))["kind"]
    )
    assert "two different people" in errors_of(IntroductionDraft(a_id=2, b_id=2))["b_id"]


def test_an_unknown_contact_is_named(store, clock, people):
    with store.transaction() as session, pytest.raises(ValidationError) as caught:
        ledger.add_signal(
            session, draft=SignalDraft(contact_id=999, kind="testimonial"), clock=clock, zone=UTC
        )
    assert caught.value.errors == {"contact_id": "No such contact: #999."}


def test_a_referral_is_listed_with_names_outcome_and_value(store, clock, people):
    erik, anna, _ = people
    with store.transaction() as session:
        draft = ReferralDraft(
            referrer_id=erik,
            referred_id=anna,
            for_what="strategy",
            outcome="won",
            value="12 000",
            currency="eur",
        )
        ledger.add_referral(session, draft=draft, clock=clock, zone=UTC)
    with store.reading() as session:
        [row] = ledger.list_referrals(session, contact_id=anna)
    assert (row.referrer_name, row.referred_name, row.for_what) == ("Erik", "Anna", "strategy")
    assert (row.referred_on, row.outcome, row.outcome_on) == (TODAY, "won", TODAY)
    assert (row.value, row.currency, row.date_known) == ("12000.00", "EUR", True)


def test_trash_and_restore_bring_a_referral_back(store, clock, people):
    erik, anna, _ = people
    with store.transaction() as session:
        rid = ledger.add_referral(
            session, draft=ReferralDraft(referrer_id=erik, referred_id=anna), clock=clock, zone=UTC
        ).id
    with store.transaction() as session:
        ledger.trash_referral(session, referral_id=rid, clock=clock)
    with store.reading() as session:
        assert ledger.list_referrals(session) == []
    with store.transaction() as session:
        ledger.restore_referral(session, referral_id=rid)
    with store.reading() as session:
        assert [r.id for r in ledger.list_referrals(session)] == [rid]


def _summaries(store, contact_id):
    with store.reading() as session:
        return [e.summary for e in contact_timeline(session, contact_id=contact_id, limit=10)]


def test_an_introduction_logs_a_touch_for_each_person_it_reached(store, clock, people):
    _, anna, carl = people
    with store.transaction() as session:
        draft = IntroductionDraft(a_id=anna, b_id=carl, state="asked_a", note="logistics")
        iid = ledger.add_introduction(session, draft=draft, clock=clock, zone=UTC).id
    assert _summaries(store, anna) == ["Asked about meeting Carl"]
    assert _summaries(store, carl) == []
    with store.transaction() as session:
        draft = IntroductionDraft(a_id=anna, b_id=carl, state="introduced", note="logistics")
        ledger.update_introduction(session, introduction_id=iid, draft=draft, clock=clock, zone=UTC)
    assert _summaries(store, anna) == ["Asked about meeting Carl"]  # once per person
    assert _summaries(store, carl) == ["Introduced to Anna"]
    with store.transaction() as session:
        ledger.trash_introduction(session, introduction_id=iid, clock=clock)
    assert _summaries(store, carl) == [] and _summaries(store, anna) == []
    with store.transaction() as session:
        ledger.restore_introduction(session, introduction_id=iid)
    assert _summaries(store, carl) == ["Introduced to Anna"]
    with store.reading() as session:
        [row] = ledger.list_introductions(session, contact_id=carl)
    assert (row.a_name, row.b_name, row.state, row.note) == (
        "Anna",
        "Carl",
        "introduced",
        "logistics",
    )


def test_referred_by_in_the_editor_writes_the_ledger_once(store, clock, people):
    erik, _, _ = people
    with store.transaction() as session:
        dora = contacts.create_contact(
            session, draft=ContactDraft(given_name="Dora", referred_by_id=erik), clock=clock
        ).id
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=dora))
        draft.notes = "edited"
        contacts.update_contact(session, contact_id=dora, draft=draft, clock=clock)
    with store.reading() as session:
        rows = ledger.list_referrals(session, contact_id=dora)
    assert [(r.referrer_name, r.referred_name, r.referred_on) for r in rows] == [
        ("Erik", "Dora", TODAY)
    ]


def test_engagements_and_signals_are_listed_per_contact(store, clock, people):
    erik, anna, _ = people
    with store.transaction() as session:
        ledger.add_engagement(
            session,
            draft=EngagementDraft(contact_id=anna, name="Audit", fees="1.234,50", currency="EUR"),
            clock=clock,
        )
        ledger.add_signal(
            session,
            draft=SignalDraft(contact_id=erik, kind="testimonial", on_date="2 March 2026"),
            clock=clock,
            zone=UTC,
        )
    with store.reading() as session:
        [eng] = ledger.list_engagements(session, contact_id=anna)
        [sig] = ledger.list_signals(session, contact_id=erik)
    assert (eng.name, eng.fees, eng.currency) == ("Audit", "1234.50", "EUR")
    assert (sig.kind, sig.on_date, sig.is_ask) == ("testimonial", date(2026, 3, 2), True)
