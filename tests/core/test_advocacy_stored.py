"""The stored value points stay equal to a rebuild from the ledgers after any mix of
writes, and the ranking read from them equals the one computed in memory."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contacts
from prm.core.advocacy import ledger, stored, value
from prm.core.advocacy.past import all_counts, by_past_value
from prm.core.advocacy.records import (
    OUTCOMES,
    SIGNAL_KINDS,
    EngagementDraft,
    IntroductionDraft,
    ReferralDraft,
    SignalDraft,
)
from prm.core.drafts import ContactDraft, RelationDraft

TODAY = date(2026, 3, 14)
PEOPLE = 6

op = st.one_of(
    st.tuples(st.just("referral"), st.integers(0, PEOPLE - 1), st.integers(0, PEOPLE - 1),
              st.sampled_from(list(OUTCOMES))),
    st.tuples(st.just("intro"), st.integers(0, PEOPLE - 1), st.integers(0, PEOPLE - 1),
              st.sampled_from(["asked_a", "introduced"])),
    st.tuples(st.just("signal"), st.integers(0, PEOPLE - 1), st.sampled_from(list(SIGNAL_KINDS))),
    st.tuples(st.just("engagement"), st.integers(0, PEOPLE - 1), st.integers(0, 90_000)),
    st.tuples(st.just("relation"), st.integers(0, PEOPLE - 1), st.integers(0, PEOPLE - 1)),
    st.tuples(st.just("trash_last"),),
)  # fmt: skip


def _stored(session) -> list[tuple]:
    rows = (
        session.connection()
        .exec_driver_sql("SELECT * FROM derived_advocacy_value ORDER BY contact_id")
        .fetchall()
    )
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows]


def _trash(session, what: str, rid: int, clock) -> None:
    if what == "referral":
        ledger.trash_referral(session, referral_id=rid, clock=clock)
    elif what == "intro":
        ledger.trash_introduction(session, introduction_id=rid, clock=clock)
    elif what == "signal":
        ledger.trash_signal(session, signal_id=rid, clock=clock)
    else:
        ledger.trash_engagement(session, engagement_id=rid, clock=clock)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(op, max_size=12))
def test_kept_points_equal_a_rebuild_and_rank_the_same(store, clock, ops):
    add = dict(clock=clock, zone=UTC)
    with store.transaction() as session:
        ids = [
            contacts.create_contact(session, draft=ContactDraft(given_name=f"P{i}"), clock=clock).id
            for i in range(PEOPLE)
        ]
    last = None
    for item in ops:
        with store.transaction() as session:
            kind, *args = item
            if kind == "referral" and args[0] != args[1]:
                draft = ReferralDraft(
                    referrer_id=ids[args[0]], referred_id=ids[args[1]], outcome=args[2]
                )
                last = ("referral", ledger.add_referral(session, draft=draft, **add).id)
            elif kind == "intro" and args[0] != args[1]:
                draft = IntroductionDraft(a_id=ids[args[0]], b_id=ids[args[1]], state=args[2])
                last = ("intro", ledger.add_introduction(session, draft=draft, **add).id)
            elif kind == "signal":
                draft = SignalDraft(contact_id=ids[args[0]], kind=args[1])
                last = ("signal", ledger.add_signal(session, draft=draft, **add).id)
            elif kind == "engagement":
                draft = EngagementDraft(
                    contact_id=ids[args[0]], name="Job", fees=str(args[1]), currency="EUR"
                )
                last = ("engagement", ledger.add_engagement(session, draft=draft, clock=clock).id)
            elif kind == "relation" and args[0] != args[1]:
                contact = contacts.get_contact(session, contact_id=ids[args[0]])
                draft = contacts.draft_from_contact(contact)
                draft.relations = [RelationDraft(kind="colleague", other_id=ids[args[1]])]
                contacts.update_contact(session, contact_id=ids[args[0]], draft=draft, clock=clock)
            elif kind == "trash_last" and last is not None:
                _trash(session, *last, clock)
    with store.transaction() as session:
        kept = _stored(session)
        kept_rank = value.ranked(session, today=TODAY)
        stored.rebuild(session)
        assert _stored(session) == kept
        weights = value.get_weights(session)
        order = by_past_value(all_counts(session), weights)  # the in-memory reading
        in_memory, _ = value.rank(session, order, weights, TODAY, None)
    assert [(v.contact_id, pytest.approx(v.total)) for v in kept_rank] == [
        (v.contact_id, pytest.approx(v.total)) for v in in_memory
    ]
    for v in kept_rank:
        assert v.total == pytest.approx(sum(d.score for d in v.breakdown))
    assert [v.total for v in kept_rank] == sorted((v.total for v in kept_rank), reverse=True)


def test_a_limited_ranking_is_the_head_of_the_full_one(store, clock):
    with store.transaction() as session:
        ids = [
            contacts.create_contact(
                session, draft=ContactDraft(given_name=f"P{i:03}"), clock=clock
            ).id
            for i in range(30)
        ]
        for i, cid in enumerate(ids):
            draft = EngagementDraft(
                contact_id=cid, name="Job", fees=str(1000 * (i % 7)), currency="EUR"
            )
            ledger.add_engagement(session, draft=draft, clock=clock)
    with store.reading() as session:
        full = value.ranked(session, today=TODAY)
        head = value.ranked(session, today=TODAY, limit=5)
    assert [v.contact_id for v in head] == [v.contact_id for v in full[:5]]
