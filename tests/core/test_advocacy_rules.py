"""The advocacy rules against plain references, over many inputs (hypothesis):
the value breakdown adds up, a thank-you is owed exactly when the window says,
the reference load counts the last 12 months, reply times are the plain median
and maximum."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contacts, touches
from prm.core.advocacy import ledger, load, owed, responsiveness, value
from prm.core.advocacy.facts import Facts
from prm.core.advocacy.records import ASK_KINDS, OUTCOMES, SIGNAL_KINDS, ReferralDraft, SignalDraft
from prm.core.drafts import ContactDraft

TODAY = date(2026, 3, 14)  # the conftest clock's day
STORE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _person(session, clock, name="P") -> int:
    return contacts.create_contact(session, draft=ContactDraft(given_name=name), clock=clock).id


# --- value ------------------------------------------------------------------------

facts = st.builds(
    Facts,
    name=st.text(max_size=5),
    last_touch_on=st.none() | st.dates(date(2015, 1, 1), TODAY + timedelta(days=3)),
    fees=st.dictionaries(
        st.sampled_from(["", "EUR", "USD"]),
        st.decimals(0, 10**9, places=2, allow_nan=False, allow_infinity=False),
        max_size=3,
    ),
    outcomes=st.lists(st.sampled_from(list(OUTCOMES)), max_size=10),
    signals=st.lists(st.sampled_from(list(SIGNAL_KINDS)), max_size=10),
    intros_made=st.integers(0, 20),
    connected=st.sets(st.integers(1, 10_000), max_size=30),
)
weights = st.fixed_dictionaries(
    {name: st.floats(0, value.MAX_WEIGHT, allow_nan=False) for name in value.DIMENSIONS}
)


@given(fact=facts, weights=weights)
def test_the_breakdown_adds_up_to_the_total_and_hides_nothing(fact, weights):
    result = value.score(7, fact, weights, TODAY)
    assert [d.name for d in result.breakdown] == list(value.DIMENSIONS)
    for d in result.breakdown:
        assert d.points >= 0 and d.weight == weights[d.name]
        assert d.score == d.points * d.weight
        assert d.amount  # every term says what it counted
    assert result.total == pytest.approx(sum(d.score for d in result.breakdown))
    recency = next(d for d in result.breakdown if d.name == "recency")
    assert result.past_value() == pytest.approx(result.total - recency.score)


@given(fact=facts)
def test_more_recorded_never_lowers_the_value(fact):
    before = value.score(1, fact, value.DEFAULT_WEIGHTS, TODAY).total
    fact.outcomes.append("won")
    fact.signals.append("testimonial")
    fact.fees["EUR"] = fact.fees.get("EUR", Decimal(0)) + 1000
    fact.intros_made += 1
    assert value.score(1, fact, value.DEFAULT_WEIGHTS, TODAY).total > before


# --- thank-yous owed --------------------------------------------------------------

touch_st = st.tuples(
    st.integers(-140, 0),
    st.sampled_from(["in", "out"]),
    st.booleans(),  # day, dir, trashed
)


@STORE
@given(
    referred_ago=st.integers(0, 130),
    outcome=st.sampled_from(list(OUTCOMES)),
    won_after=st.integers(0, 40),
    contact_touches=st.lists(touch_st, max_size=6),
)
def test_a_thank_you_is_owed_exactly_when_no_touch_followed_in_the_window(
    store, clock, referred_ago, outcome, won_after, contact_touches
):
    referred_on = TODAY - timedelta(days=referred_ago)
    outcome_on = min(TODAY, referred_on + timedelta(days=won_after))
    with store.transaction() as session:
        erik, acme = _person(session, clock, "Erik"), _person(session, clock, "Acme")
        draft = ReferralDraft(
            referrer_id=erik,
            referred_id=acme,
            referred_on=referred_on.isoformat(),
            outcome=outcome,
            outcome_on=outcome_on.isoformat() if outcome else "",
        )
        rid = ledger.add_referral(session, draft=draft, clock=clock, zone=UTC).id
        for day, direction, trashed in contact_touches:
            at = datetime.combine(TODAY + timedelta(days=day), time(8), UTC)
            t = touches.log_touch(
                session,
                draft=touches.TouchDraft([erik], "call", direction=direction, occurred_at=at),
                clock=clock,
            )
            if trashed:
                touches.trash_touches(session, ids=[t.id], clock=clock)
    # The plain rule: from the referral's day (the win's day once won), an outgoing
    # touch on or after it settles it; older than the horizon is history.
    since = outcome_on if outcome == "won" and outcome_on > referred_on else referred_on
    thanked = any(
        d == "out" and not trashed and TODAY + timedelta(days=day) >= since
        for day, d, trashed in contact_touches
    )
    expected = not thanked and (TODAY - since).days <= owed.HORIZON_DAYS
    with store.reading() as session:
        found = [
            o
            for o in owed.thank_yous_owed(session, now=clock.now(), zone=UTC)
            if o.referral_id == rid
        ]
    assert bool(found) == expected
    if found:
        assert found[0].since == since
        assert found[0].due_on == since + timedelta(days=owed.THANK_WITHIN_DAYS)
        assert found[0].late == (found[0].due_on < TODAY)
        assert found[0].text.startswith("thank Erik — ")


def test_the_won_thank_you_reads_like_a_note_to_self(store, clock):
    with store.transaction() as session:
        erik = contacts.create_contact(
            session, draft=ContactDraft(given_name="Erik", family_name="Berg"), clock=clock
        ).id
        acme = contacts.create_contact(
            session, draft=ContactDraft(formatted_name="Acme"), clock=clock
        ).id
        ledger.add_referral(
            session,
            draft=ReferralDraft(referrer_id=erik, referred_id=acme, outcome="won"),
            clock=clock,
            zone=UTC,
        )
    with store.reading() as session:
        [o] = owed.thank_yous_owed(session, now=clock.now(), zone=UTC)
    assert o.text == "thank Erik — Acme signed"


# --- reference load ---------------------------------------------------------------


@STORE
@given(asks=st.lists(st.tuples(st.integers(-800, 20), st.sampled_from(list(SIGNAL_KINDS)))))
def test_the_reference_load_counts_asks_in_the_last_12_months(store, clock, asks):
    with store.transaction() as session:
        who = _person(session, clock)
        for day, kind in asks:
            on = (TODAY + timedelta(days=day)).isoformat()
            draft = SignalDraft(contact_id=who, kind=kind, on_date=on)
            ledger.add_signal(session, draft=draft, clock=clock, zone=UTC)
    counted = [
        TODAY + timedelta(days=day) for day, kind in asks if kind in ASK_KINDS and -365 < day <= 0
    ]
    with store.reading() as session:
        got = load.reference_load(session, contact_id=who, today=TODAY)
        warning = load.load_warning(session, contact_id=who, today=TODAY)
        over = {r.contact_id for r in load.asked_too_often(session, today=TODAY, limit=10**6)}
    assert got.asks == len(counted)
    assert got.last_asked_on == (max(counted) if counted else None)
    assert got.too_often == (len(counted) >= load.WARN_AT) == (warning is not None)
    assert (who in over) == got.too_often


# --- responsiveness ---------------------------------------------------------------


def _log(session, clock, who, at, direction):
    draft = touches.TouchDraft([who], "email", direction=direction, occurred_at=at)
    draft.needs_reply = direction == "in"
    touches.log_touch(session, draft=draft, clock=clock)


MINUTES = st.integers(0, 60 * 24 * 90)


@STORE
@given(received=st.lists(MINUTES, max_size=8), sent=st.lists(MINUTES, max_size=6))
def test_median_and_worst_reply_times_are_the_plain_ones(store, clock, received, sent):
    start = clock.now() - timedelta(days=200)
    with store.transaction() as session:
        who = _person(session, clock)
        for minute in received:
            _log(session, clock, who, start + timedelta(minutes=minute), "in")
        for minute in sent:
            _log(session, clock, who, start + timedelta(minutes=minute), "out")
    # A message is answered by my first message to them at or after it.
    delays = [min(m for m in sent if m >= r) - r for r in received if any(m >= r for m in sent)]
    with store.reading() as session:
        got = responsiveness.reply_times(session, contact_id=who)
    assert got.replied == len(delays)
    assert got.waiting == len(received) - len(delays)
    if delays:
        assert got.median == timedelta(minutes=statistics.median(delays))
        assert got.worst == timedelta(minutes=max(delays))
    else:
        assert got.median is None and got.worst is None


def test_overall_reply_times_cover_everyone_and_rank_the_slowest(store, clock):
    start = clock.now() - timedelta(days=10)
    with store.transaction() as session:
        quick, slow = _person(session, clock, "Quick"), _person(session, clock, "Slow")
        for who, got, answered in ((quick, 0, 10), (quick, 100, 130), (slow, 0, 60 * 24 * 3)):
            _log(session, clock, who, start + timedelta(minutes=got), "in")
            _log(session, clock, who, start + timedelta(minutes=answered), "out")
    with store.reading() as session:
        overall = responsiveness.reply_times(session)
        slowest = responsiveness.slowest_replies(session)
    assert (overall.replied, overall.median, overall.worst) == (
        3,
        timedelta(minutes=30),
        timedelta(days=3),
    )
    assert [(name, t.median) for _, name, t in slowest] == [
        ("Slow", timedelta(days=3)),
        ("Quick", timedelta(minutes=20)),
    ]


def test_reply_times_are_said_as_people_say_them_and_reach_the_contacts_profile(store, clock):
    from prm.core.advocacy.profile import contact_advocacy

    start = clock.now() - timedelta(days=10)
    with store.transaction() as session:
        who = _person(session, clock, "Writer")
        for got, answered in ((0, 40), (1000, 1000 + 5 * 60), (5000, 5000 + 3 * 1440)):
            _log(session, clock, who, start + timedelta(minutes=got), "in")
            _log(session, clock, who, start + timedelta(minutes=answered), "out")
        _log(session, clock, who, clock.now() - timedelta(hours=1), "in")  # still waiting
    with store.reading() as session:
        profile = contact_advocacy(session, contact_id=who, today=clock.now().date())
    assert not profile.empty  # answered messages are worth the card's section
    assert profile.replies.describe() == "median 5 h, worst 3 days (3 answered, 1 waiting)"
