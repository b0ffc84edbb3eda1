"""Importing cards: matching, merging, one batch, Undo, Cancel, bad cards. Cards built directly."""

from __future__ import annotations

import pytest
from sqlmodel import select

from prm.core import contact_list, contacts
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue
from prm.core.models import ContactVCardProperty
from prm.core.vcard.apply import ImportCancelled, apply_import, undo_import
from prm.core.vcard.card import CardError, ParsedCard
from prm.core.vcard.importer import plan_import
from prm.core.vcard.merge import plan_merge

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def card(
    position: int,
    given: str,
    family: str = "",
    *,
    uid: str = "",
    emails=(),
    phones=(),
    extra=(),
    **fields,
) -> ParsedCard:
    draft = ContactDraft(
        given_name=given,
        family_name=family,
        emails=[LabeledValue(e, "work") for e in emails],
        phones=[LabeledValue(p, "mobile") for p in phones],
        **fields,
    )
    return ParsedCard(position, position * 10 - 9, uid, draft, list(extra))


def add(store, clock, given, family="", *, emails=(), phones=(), **fields) -> int:
    draft = ContactDraft(
        given_name=given,
        family_name=family,
        emails=[LabeledValue(e) for e in emails],
        phones=[LabeledValue(p) for p in phones],
        **fields,
    )
    with store.transaction() as session:
        return contacts.create_contact(session, draft=draft, clock=clock).id


def plan(store, cards, **kwargs):
    with store.reading() as session:
        return plan_import(session, cards, **kwargs)


def apply(store, clock, the_plan, **kwargs):
    with store.transaction() as session:
        return apply_import(session, the_plan, clock=clock, **kwargs)


def snapshot(store) -> dict:
    """Everything an import may touch, as plain values."""
    with store.reading() as session:
        ids = contact_list.list_contact_ids(session) + contact_list.list_contact_ids(
            session, trashed=True
        )
        conn = session.connection()
        return {
            "contacts": {
                c.id: (c.uid, contacts.draft_from_contact(c), c.updated_at)
                for c in contacts.iter_contacts(session, ids=sorted(ids))
            },
            "lines": list(
                conn.exec_driver_sql(
                    "SELECT contact_id, position, name, line FROM contact_vcard_property"
                )
            ),
            "tags": list(conn.exec_driver_sql("SELECT id, name FROM tag ORDER BY id")),
            "fts": list(conn.exec_driver_sql("SELECT rowid FROM contact_fts ORDER BY rowid")),
        }


# --- matching ------------------------------------------------------------------


def test_match_order_is_uid_then_email_then_phone_then_name(store, clock):
    by_name = add(store, clock, "Ann", "Lee")
    # an email or phone counts when the names agree, or one side has none
    by_phone = add(store, clock, "A.", "Lee", phones=["+1 415 555 0100"])
    by_email = add(store, clock, "", emails=["ann@lee.example"])
    by_uid = add(store, clock, "Fourth")
    with store.reading() as session:
        by_uid_uid = contacts.get_contact(session, contact_id=by_uid).uid
    cards = [
        card(1, "Ann", "Lee", uid=by_uid_uid, emails=["ann@lee.example"], phones=["+14155550100"]),
        card(2, "Ann", "Lee", uid="new-uid", emails=["ANN@Lee.Example"], phones=["+14155550100"]),
        card(3, "Ann", "Lee", phones=["(+1) 415-555-0100"]),
        card(4, "Ann", "Lee"),
    ]
    # One card per plan: in one plan the later cards would be duplicates of the first.
    found = [plan(store, [c]) for c in cards]
    matched = [(p.updates + p.unchanged)[0] for p in found]
    assert [m.match_by for m in matched] == ["uid", "email", "phone", "name"]
    assert [m.contact_id for m in matched] == [by_uid, by_email, by_phone, by_name]


def test_no_match_is_new_and_keeps_the_card_uid(store, clock):
    the_plan = plan(
        store,
        [card(1, "Zoe", uid="urn:uuid:abc", emails=["zoe@x.example"], extra=["X-SIP:sip:zoe@x"])],
    )
    assert [c.name for c in the_plan.new] == ["Zoe"]
    result = apply(store, clock, the_plan)
    with store.reading() as session:
        zoe = contacts.get_contact(session, contact_id=result.created_ids[0])
        assert zoe.uid == "urn:uuid:abc"
        lines = session.exec(select(ContactVCardProperty)).all()
    assert [(p.name, p.line) for p in lines] == [("X-SIP", "X-SIP:sip:zoe@x")]


def test_a_match_in_the_trash_is_reported_not_duplicated(store, clock):
    gone = add(store, clock, "Gone", emails=["gone@x.example"])
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[gone], clock=clock)
    the_plan = plan(store, [card(1, "Gone", emails=["gone@x.example"])])
    assert the_plan.new == [] and the_plan.updates == []
    [skipped] = the_plan.skipped
    assert skipped.kind == "trashed" and skipped.contact_id == gone and "trash" in skipped.reason


def test_short_numbers_do_not_match_anyone(store, clock):
    add(store, clock, "Emergency", phones=["112"])
    assert len(plan(store, [card(1, "Someone", phones=["112"])]).new) == 1


# --- merging ------------------------------------------------------------------------


def test_merge_fills_empty_fields_adds_values_and_never_overwrites():
    mine = ContactDraft(
        given_name="Ann",
        title="CEO",
        birthday="--03-14",
        emails=[LabeledValue("ann@a.example", "work", True)],
        tags=["Client"],
    )
    theirs = ContactDraft(
        given_name="Ann",
        title="Chief Executive",
        organization="Acme",
        birthday="1980-03-14",
        emails=[LabeledValue("ANN@a.example", "home"), LabeledValue("ann@b.example", "home", True)],
        phones=[LabeledValue("+1 415 555 0100", "mobile")],
        addresses=[AddressDraft("work", "1 Main St", "Springfield")],
        tags=["client", "VIP"],
        photo=PNG,
        photo_mime="image/png",
    )
    merge = plan_merge(mine, theirs)
    m = merge.merged
    assert m.title == "CEO"  # kept
    assert m.organization == "Acme" and m.birthday == "1980-03-14" and m.photo == PNG
    assert [e.value for e in m.emails] == ["ann@a.example", "ann@b.example"]
    assert [e.preferred for e in m.emails] == [True, False]  # the user's preferred stays preferred
    assert [p.value for p in m.phones] == ["+1 415 555 0100"] and m.tags == ["Client", "VIP"]
    assert [(c.field, c.old, c.new) for c in merge.conflicts] == [
        ("title", "CEO", "Chief Executive")
    ]
    assert {c.field for c in merge.writes} == {
        "organization",
        "birthday",
        "photo",
        "emails",
        "phones",
        "addresses",
        "tags",
    }


def test_merging_the_same_values_changes_nothing():
    mine = ContactDraft(
        given_name="Ann",
        urls=[LabeledValue("https://www.acme.example/team/")],
        phones=[LabeledValue("+1 415 555 0100")],
    )
    theirs = ContactDraft(
        given_name="ann",
        urls=[LabeledValue("http://acme.example/team")],
        phones=[LabeledValue("+14155550100")],
    )
    assert plan_merge(mine, theirs).changes == []


# --- the batch ---------------------------------------------------------------------------


def test_update_shows_the_field_differences_and_keeps_the_users_values(store, clock):
    ann = add(store, clock, "Ann", "Lee", emails=["ann@lee.example"], title="CEO")
    the_plan = plan(
        store,
        [
            card(
                1,
                "Ann",
                "Lee",
                emails=["ann@lee.example"],
                title="Founder",
                organization="Lee & Co",
                phones=["+44 20 7946 0958"],
            )
        ],
    )
    [update] = the_plan.updates
    assert update.contact_id == ann and update.existing_name == "Ann Lee"
    assert {(c.field, c.kind) for c in update.changes} == {
        ("organization", "fill"),
        ("phones", "add"),
        ("title", "conflict"),
    }
    apply(store, clock, the_plan)
    with store.reading() as session:
        stored = contacts.get_contact(session, contact_id=ann)
        assert (stored.title, stored.organization) == ("CEO", "Lee & Co")
        assert [p.value for p in stored.phones] == ["+44 20 7946 0958"]


def test_importing_the_same_cards_twice_changes_nothing(store, clock):
    add(store, clock, "Ann", "Lee", emails=["ann@lee.example"])
    cards = [
        card(1, "Ann", "Lee", emails=["ann@lee.example"], organization="Lee & Co", extra=["X-A:1"]),
        card(
            2,
            "Bo",
            uid="bo-1",
            phones=["+1 212 555 0199"],
            tags=["VIP"],
            photo=PNG,
            photo_mime="image/png",
            extra=["X-B:2", "item1.X-ABLABEL:Boss"],
        ),
        card(3, "Cy", emails=["cy@x.example"], addresses=[AddressDraft("home", "2 Elm", "Paris")]),
    ]
    apply(store, clock, plan(store, cards))
    before = snapshot(store)
    clock.advance(days=1)
    again = plan(store, cards)
    assert (len(again.new), len(again.updates), len(again.unchanged)) == (0, 0, 3)
    assert apply(store, clock, again).count == 0
    assert snapshot(store) == before


def test_undo_restores_exactly_including_lines_photos_and_tags(store, clock):
    ann = add(store, clock, "Ann", "Lee", emails=["ann@lee.example"], tags=["Client"])
    with store.transaction() as session:
        session.add(
            ContactVCardProperty(contact_id=ann, position=0, name="X-OLD", line="X-OLD:kept")
        )
    before = snapshot(store)
    clock.advance(hours=2)
    the_plan = plan(
        store,
        [
            card(
                1,
                "Ann",
                "Lee",
                emails=["ann@lee.example"],
                photo=PNG,
                photo_mime="image/png",
                tags=["Speaker"],
                extra=["X-NEW:1"],
            ),
            card(2, "Bo", uid="bo-1", tags=["Brand new tag"], extra=["X-B:2"]),
        ],
    )
    result = apply(store, clock, the_plan)
    assert snapshot(store) != before
    with store.transaction() as session:
        undo_import(session, result, clock=clock)
    assert snapshot(store) == before
    # Redo applies the same plan again, and the UID is free for it.
    with store.transaction() as session:
        redo = apply_import(session, the_plan, clock=clock)
        assert contacts.get_contact(session, contact_id=redo.created_ids[0]).uid == "bo-1"


def test_cancel_between_cards_writes_nothing(store, clock):
    before = snapshot(store)
    seen = []

    def cards():
        for i in range(1, 5):
            seen.append(i)
            yield card(i, f"Person{i}")

    the_plan = plan(store, cards(), cancelled=lambda: len(seen) >= 2)
    assert the_plan.cancelled and len(seen) == 2  # stopped reading the file, too
    with pytest.raises(ImportCancelled), store.transaction() as session:
        apply_import(session, the_plan, clock=clock)
    full = plan(store, [card(i, f"P{i}") for i in range(1, 250)])
    with pytest.raises(ImportCancelled), store.transaction() as session:
        apply_import(session, full, clock=clock, cancelled=lambda: True)
    assert snapshot(store) == before


def test_bad_and_invalid_cards_are_reported_with_position_and_line(store, clock):
    the_plan = plan(
        store,
        [
            card(1, "Good"),
            CardError(2, 12, "the card has no END:VCARD"),
            ParsedCard(
                3, 20, "", ContactDraft(given_name="Bad", emails=[LabeledValue("not-an-email")])
            ),
        ],
        source="people.vcf",
    )
    assert [c.name for c in the_plan.new] == ["Good"]
    [error] = the_plan.errors
    assert (error.source, error.position, error.line, error.message) == (
        "people.vcf",
        2,
        12,
        "the card has no END:VCARD",
    )
    [invalid] = the_plan.skipped
    assert (invalid.position, invalid.line, invalid.kind) == (3, 20, "invalid")
    assert invalid.reason.startswith("email 1: ") and "not-an-email" in invalid.reason
    assert len(the_plan.bad) == 2


def test_the_same_person_twice_in_a_file_is_merged_into_the_earlier_card(store, clock):
    ann = add(store, clock, "Ann", "Lee", emails=["ann@x.example"])
    the_plan = plan(
        store,
        [
            card(1, "Bo", uid="b"),
            card(2, "Robert", uid="b", phones=["+1 212 555 0199"]),  # same UID
            card(3, "Cy", "Ng", emails=["cy@x.example"]),
            card(4, "C.", "Ng", emails=["CY@x.example"]),  # same email, agreeing name
            card(5, "Ann", "Lee", emails=["ann@x.example"], title="CTO"),  # both match Ann...
            card(6, "Ann", "Lee", phones=["+1 212 555 0100"], emails=["ann@x.example"]),
            card(7, "Dee", "Ng", emails=["cy@x.example"]),  # same email, someone else
        ],
    )
    assert [c.position for c in the_plan.new] == [1, 3, 7]
    assert [c.contact_id for c in the_plan.updates] == [ann]
    assert [(d.position, d.kind) for d in the_plan.duplicates] == [
        (2, "duplicate"),
        (4, "duplicate"),
        (6, "duplicate"),
    ]
    assert "card 1" in the_plan.duplicates[0].reason
    # the later cards' extra fields are kept in the earlier one
    assert [p.value for p in the_plan.new[0].draft.phones] == ["+1 212 555 0199"]
    assert [p.value for p in the_plan.updates[0].draft.phones] == ["+1 212 555 0100"]
    assert the_plan.updates[0].draft.title == "CTO"


def test_the_bulk_path_stores_exactly_what_create_contact_stores(store, clock):
    from prm.core import search
    from prm.core.vcard.bulk import bulk_create

    draft = ContactDraft(
        prefix="Dr.",
        given_name="Ana",
        middle_name="M",
        family_name="Lima",
        suffix="PhD",
        nickname="Annie",
        organization="Helix",
        department="R&D",
        title="CTO",
        birthday="--02-29",
        anniversary="2010-06-12",
        notes="Met in Lisbon",
        cadence_days=30,
        emails=[LabeledValue("ana@helix.example", "work", True)],
        phones=[LabeledValue("(+44) 20 7946 0958", "mobile")],
        urls=[LabeledValue("https://helix.example/ana", "blog")],
        addresses=[
            AddressDraft("work", " 1 High St ", "London", "", "EC1", "United Kingdom", True)
        ],
        tags=["Client", "Speaker"],
        photo=PNG,
        photo_mime="image/png",
    ).cleaned()
    add(store, clock, "Someone", tags=["client"])  # an existing tag, spelled differently
    with store.transaction() as session:
        orm_id = contacts.create_contact(session, draft=draft, clock=clock).id
        [bulk_id] = bulk_create(session, drafts=[("", draft)], clock=clock)
    with store.reading() as session:
        orm, bulk = (contacts.get_contact(session, contact_id=i) for i in (orm_id, bulk_id))
        assert contacts.draft_from_contact(bulk) == contacts.draft_from_contact(orm)
        same = "display_name sort_name created_at updated_at cadence_target_days cadence_max_days birthday_year"
        assert [getattr(bulk, f) for f in same.split()] == [getattr(orm, f) for f in same.split()]
        assert [p.normalized for p in bulk.phones] == [p.normalized for p in orm.phones]
        assert search.document_for(bulk) == search.document_for(orm)
        for query in ("lima", "20 7946", "london", "speaker", "helix"):
            assert set(contact_list.list_contact_ids(session, query=query)) == {orm_id, bulk_id}, (
                query
            )
        tags = session.connection().exec_driver_sql("SELECT name FROM tag ORDER BY name").all()
        assert [t[0] for t in tags] == ["client", "Speaker"]


def test_drafts_read_with_plain_sql_equal_the_orm_ones(store, clock):
    from prm.core.drafts import RelationDraft
    from prm.core.vcard.bulk import load_drafts

    other = add(store, clock, "Bo")
    ann = add(
        store,
        clock,
        "Ann",
        "Lee",
        emails=["a@x.example", "b@x.example"],
        phones=["+1 415 555 0100"],
        birthday="1980-02-29",
        anniversary="--06-12",
        interests=["AI", "sailing"],
        tags=["VIP", "client"],
        addresses=[AddressDraft("home", "2 Elm\nFlat 3", "Paris", "", "75001", "France", True)],
        urls=[LabeledValue("https://x.example")],
        referred_by_id=other,
        cadence_days=14,
        relations=[RelationDraft("colleague", other, "same team")],
        photo=PNG,
        photo_mime="image/png",
        timezone="Europe/Paris",
        pref_coffee="flat white",
    )
    with store.reading() as session:
        stored = contacts.get_contact(session, contact_id=ann)
        loaded = load_drafts(session, ids=[ann, other])
        assert loaded[ann] == (contacts.draft_from_contact(stored), stored.updated_at, "Ann Lee")
        assert loaded[other][0] == contacts.draft_from_contact(
            contacts.get_contact(session, contact_id=other)
        )


def test_namesakes_with_their_own_addresses_are_different_people(store, clock):
    """Ten thousand cards from one address book may share a few hundred names."""
    stored = add(store, clock, "Maria", "Garcia", emails=["maria@one.example"])
    the_plan = plan(
        store,
        [
            card(
                1, "Maria", "Garcia", uid="a", emails=["maria@two.example"]
            ),  # not the stored Maria
            card(2, "Maria", "Garcia", uid="b", emails=["maria@three.example"]),  # nor card 1
            card(
                3, "Maria", "Garcia", uid="c", phones=["+1 212 555 0199"]
            ),  # nothing contradicts: stored
        ],
    )
    assert [c.position for c in the_plan.new] == [1, 2]
    assert [(c.position, c.contact_id) for c in the_plan.updates] == [(3, stored)]
    assert the_plan.duplicates == []


def test_a_card_with_a_birthday_in_the_future_is_imported_as_written(store, clock):
    """Typed birthdays may not be in the future; a file's card is not thrown away for one."""
    the_plan = plan(store, [card(1, "Future", birthday="2031-05-04")])
    assert the_plan.skipped == [] and len(the_plan.new) == 1
    apply(store, clock, the_plan)
    with store.reading() as session:
        (cid,) = contact_list.list_contact_ids(session)
        kept = contacts.get_contact(session, contact_id=cid)
        assert (kept.birthday_year, kept.birthday_month, kept.birthday_day) == (2031, 5, 4)
