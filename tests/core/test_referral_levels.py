"""contact.referral_level follows every write that changes who referred whom, so the
weekly short list (which ranks by it through an index) never ranks on a stale count."""

from __future__ import annotations

from datetime import UTC

from prm.core import contacts, reach_out_week
from prm.core.drafts import ContactDraft
from prm.core.duplicates.merging import merge_contacts


def levels(store) -> dict[int, int]:
    """Each contact's stored level, checked against counting their live referrals."""
    with store.reading() as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                "SELECT id, referral_level, (SELECT min(4, count(*)) FROM contact r"
                " WHERE r.referred_by_id = contact.id AND r.deleted_at IS NULL) FROM contact"
            )
            .all()
        )
    assert [(cid, level) for cid, level, _ in rows] == [(cid, n) for cid, _, n in rows]
    return {cid: level for cid, level, _ in rows}


def person(store, clock, name, **fields) -> int:
    with store.transaction() as session:
        return contacts.create_contact(
            session, draft=ContactDraft(given_name=name, **fields), clock=clock
        ).id


def edit(store, clock, cid, **fields) -> None:
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=cid))
        for name, value in fields.items():
            setattr(draft, name, value)
        contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)


def test_referrals_written_any_way_keep_the_level(store, clock, read_back):
    ada = person(store, clock, "Ada", cadence_tier_id=2)
    bo = person(store, clock, "Bo", cadence_tier_id=2)
    referred = [person(store, clock, f"R{i}", referred_by_id=ada) for i in range(6)]
    assert levels(store)[ada] == 4  # capped where value stops counting
    edit(store, clock, referred[0], referred_by_id=bo)
    edit(store, clock, referred[1], referred_by_id=bo)
    edit(store, clock, referred[2], referred_by_id=bo)
    assert (levels(store)[ada], levels(store)[bo]) == (3, 3)
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=referred[3:5], clock=clock)
    assert levels(store)[ada] == 1
    with store.transaction() as session:
        contacts.restore_contacts(session, ids=[referred[3]], clock=clock)
    assert levels(store)[ada] == 2
    with store.transaction() as session:
        contacts.purge_contacts(session, ids=[referred[4]])
        merge_contacts(session, keep_id=ada, other_id=bo, clock=clock)
    assert levels(store)[ada] == 4  # Bo's three referrals moved to Ada
    # An export read back (where a referrer may be written after the people they
    # referred) gives the same levels.
    assert levels(read_back(store)) == levels(store)


def test_a_referrer_deep_in_the_overdue_tops_the_short_list(store, clock):
    """The advocate is the least overdue of many clients at the urgency cap, lifted
    only by the people they referred: found through their level's walk."""
    from datetime import timedelta

    from prm.core import touches
    from prm.core.touches import TouchDraft

    ids = [person(store, clock, f"Client {i:03}", cadence_tier_id=2) for i in range(120)]
    with store.transaction() as session:
        for n, cid in enumerate(ids):
            draft = TouchDraft([cid], "call", occurred_at=clock.now() - timedelta(days=400 - n))
            touches.log_touch(session, draft=draft, clock=clock)
    advocate = ids[-1]  # touched 281 days ago: every client is at the urgency cap
    person(store, clock, "Referred", referred_by_id=advocate)
    with store.reading() as session:
        rows, attention = reach_out_week.this_week(session, now=clock.now(), zone=UTC, capacity=3)
    assert [r.contact_id for r in rows] == [advocate, ids[0], ids[1]]
    assert attention.overdue == 120
