"""Merging two contacts keeps every link of both, and undo gives back the same rows."""

from __future__ import annotations

import pytest

from prm.core import cadence, contact_list, contacts, duplicates
from prm.core.drafts import ContactDraft, LabeledValue, RelationDraft
from prm.core.errors import KnownError, NotFoundError
from prm.core.models import Contact
from tests.core.test_export_all import PHOTO, digests, fill_everything

LINKS = (
    ("touch_participant", "contact_id"),
    ("meeting_attendee", "contact_id"),
    ("gift", "contact_id"),
    ("event", "contact_id"),
    ("article_share", "contact_id"),
)


def link_rows(store, contact_id):
    """What hangs off a contact: (table, row id or the other key) for every link."""
    found = set()
    with store.engine.connect() as conn:
        for table, column in LINKS:
            key = {"touch_participant": "touch_id", "meeting_attendee": "meeting_id"}.get(
                table, "id"
            )
            found |= {
                (table, r[0])
                for r in conn.exec_driver_sql(
                    f"SELECT {key} FROM {table} WHERE {column} = ?", (contact_id,)
                )
            }
        found |= {
            ("relation", r[0], r[1])
            for r in conn.exec_driver_sql(
                "SELECT other_id, kind FROM contact_relation WHERE contact_id = ?", (contact_id,)
            )
        }
        found |= {
            ("referral", r[0])
            for r in conn.exec_driver_sql(
                "SELECT id FROM contact WHERE referred_by_id = ?", (contact_id,)
            )
        }
    return found


def busiest_pair(store):
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT contact_id FROM touch_participant GROUP BY contact_id"
            " ORDER BY count(*) DESC LIMIT 2"
        ).all()
    return rows[0][0], rows[1][0]


@pytest.fixture
def full(store, clock):
    fill_everything(store, clock)
    return store


def test_merge_keeps_every_link_of_both_and_trashes_the_other(full, clock):
    keep, other = busiest_pair(full)
    before_keep, before_other = link_rows(full, keep), link_rows(full, other)
    assert before_other, "the merged-away contact must have links for this test to mean much"
    with full.transaction() as session:
        result = duplicates.merge_contacts(session, keep_id=keep, other_id=other, clock=clock)
    assert result.plan.moves["touches"] > 0
    after = link_rows(full, keep)

    def moved(row):
        # A relation to the kept contact would be one to themselves: it goes.
        if row[0] == "relation" and row[1] in (keep, other):
            return None
        if row[0] == "referral" and row[1] == keep:
            return None
        return row

    expected = {moved(r) for r in before_keep | before_other} - {None}
    assert after == expected
    assert link_rows(full, other) <= {("referral", keep)}
    with full.reading() as session:
        assert session.get(Contact, other).deleted_at is not None  # in the trash, recoverable
        assert session.get(Contact, keep).deleted_at is None


def test_undo_gives_back_exactly_the_same_rows(full, clock):
    keep, other = busiest_pair(full)
    before = digests(full)
    with full.transaction() as session:
        result = duplicates.merge_contacts(session, keep_id=keep, other_id=other, clock=clock)
    assert digests(full) != before
    with full.transaction() as session:
        duplicates.undo_merge(session, undo=result.undo)
    assert digests(full) == before
    with full.reading() as session:
        name = session.get(Contact, other).display_name
        found = contact_list.list_contact_ids(session, query=name.split()[-1])
    assert other in found  # searchable again


def test_chosen_fields_win_and_multi_valued_ones_are_united(store, clock):
    with store.transaction() as session:
        ann = contacts.create_contact(
            session,
            draft=ContactDraft(
                given_name="Ann",
                family_name="Lee",
                title="CTO",
                notes="met at PyCon",
                emails=[LabeledValue("ann@x.com", "work", True)],
                phones=[LabeledValue("+44 20 7946 0018", "work", False)],
                tags=["client"],
            ),
            clock=clock,
        ).id
        ann2 = contacts.create_contact(
            session,
            draft=ContactDraft(
                given_name="Anne",
                family_name="Lee",
                title="Chief Technology Officer",
                organization="Acme",
                birthday="1980-05-04",
                notes="likes tea",
                emails=[LabeledValue("ANN@x.com", "", False), LabeledValue("ann@home.org")],
                phones=[LabeledValue("020 7946 0018"), LabeledValue("+1 415 555 0100")],
                tags=["Client", "friend"],
                relations=[RelationDraft("colleague", ann, "")],
                photo=PHOTO,
            ),
            clock=clock,
            allow_duplicate=True,
        ).id
    with store.reading() as session:
        plan = duplicates.merge_plan(session, keep_id=ann, other_id=ann2)
    by_key = {f.key: f for f in plan.fields}
    assert by_key["given_name"].winner == duplicates.KEEP
    assert by_key["organization"].winner == duplicates.OTHER  # blank on the kept side
    assert by_key["birthday"].other_text == "1980-05-04"
    with store.transaction() as session:
        duplicates.merge_contacts(
            session, keep_id=ann, other_id=ann2, choices={"title": "other"}, clock=clock
        )
    with store.reading() as session:
        merged = contacts.get_contact(session, contact_id=ann)
        assert merged.given_name == "Ann" and merged.title == "Chief Technology Officer"
        assert merged.organization == "Acme" and merged.birthday_year == 1980
        assert [e.value for e in merged.emails] == ["ann@x.com", "ann@home.org"]
        assert len(merged.phones) == 3  # 020... is not +44 20... without a region: kept apart
        assert sorted(t.name for t in merged.tags) == ["client", "friend"]
        assert merged.notes == "met at PyCon\n\nlikes tea"
        assert merged.photo is not None and merged.photo.data == PHOTO
        assert merged.relations == []  # "colleague of myself" is dropped


@pytest.mark.parametrize(
    ("keep", "other", "error"),
    [(1, 1, KnownError), (1, 999, NotFoundError), (999, 1, NotFoundError)],
)
def test_bad_pairs_are_refused_with_a_message(store, clock, keep, other, error):
    with store.transaction() as session:
        contacts.create_contact(session, draft=ContactDraft(given_name="Ann"), clock=clock)
    with pytest.raises(error), store.transaction() as session:
        duplicates.merge_contacts(session, keep_id=keep, other_id=other, clock=clock)


def test_the_other_photo_can_win_and_a_referral_between_them_goes(store, clock):
    with store.transaction() as session:
        ann = contacts.create_contact(
            session, draft=ContactDraft(given_name="Ann", photo=b"mine"), clock=clock
        ).id
        ann2 = contacts.create_contact(
            session, draft=ContactDraft(given_name="Ann", photo=PHOTO), clock=clock
        ).id
        session.get(Contact, ann).referred_by_id = ann2
        fan = contacts.create_contact(
            session, draft=ContactDraft(given_name="Fan", referred_by_id=ann2), clock=clock
        ).id
    with store.transaction() as session:
        duplicates.merge_contacts(
            session, keep_id=ann, other_id=ann2, choices={"photo": "other"}, clock=clock
        )
    with store.reading() as session:
        merged = contacts.get_contact(session, contact_id=ann)
        assert merged.photo.data == PHOTO
        assert merged.referred_by_id is None  # not "referred by themselves"
        assert session.get(Contact, fan).referred_by_id == ann


def test_the_plan_names_cadence_tiers_as_the_user_knows_them(store, clock):
    with store.transaction() as session:
        tiers = {t.name: t.id for t in cadence.list_tiers(session)}
        ann = contacts.create_contact(
            session,
            draft=ContactDraft(
                given_name="Ann", family_name="Lee", cadence_tier_id=tiers["Clients"]
            ),
            clock=clock,
        ).id
        ann2 = contacts.create_contact(
            session,
            draft=ContactDraft(given_name="Ann", family_name="Lee", cadence_days=60),
            clock=clock,
            allow_duplicate=True,
        ).id
    with store.reading() as session:
        plan = duplicates.merge_plan(session, keep_id=ann, other_id=ann2)
    shown = {f.key: f for f in plan.fields}["cadence"]
    assert (shown.keep_text, shown.other_text) == ("Clients", "every 60 days")
