"""Contact services as the GUI and the CLI use them."""

from __future__ import annotations

import pytest
from sqlmodel import select

from prm.core import contact_cards, contact_list, contacts
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue, RelationDraft
from prm.core.errors import AmbiguousError, NotFoundError, ValidationError
from prm.core.models import Tag


def add(store, clock, **fields) -> int:
    with store.transaction() as session:
        return contacts.create_contact(session, draft=ContactDraft(**fields), clock=clock).id


def ids_for(store, query="", trashed=False) -> list[int]:
    with store.reading() as session:
        return contact_list.list_contact_ids(session, query=query, trashed=trashed)


def load(store, contact_id):
    with store.reading() as session:
        return contacts.get_contact(session, contact_id=contact_id)


def test_a_full_contact_is_stored_with_every_field(store, clock):
    cid = add(
        store,
        clock,
        prefix="Dr.",
        given_name="Ana",
        family_name="Lima",
        organization="Helix",
        title="CTO",
        emails=[
            LabeledValue("ana@helix.example", "work", True),
            LabeledValue("ana@home.example", "home"),
        ],
        phones=[LabeledValue("+44 20 7946 0958", "mobile")],
        urls=[LabeledValue("linkedin.com/in/analima", "linkedin")],
        addresses=[AddressDraft("work", "1 High St", "London", "", "EC1", "United Kingdom")],
        birthday="02-29",
        anniversary="2010-06-12",
        timezone="Europe/London",
        preferred_channel="text",
        how_we_met="Conference",
        pref_coffee="flat white",
        pref_dietary="vegetarian",
        interests=["AI", "sailing"],
        tags=["Client", "VIP"],
        notes="Private: budget cycle ends in March",
    )
    contact = load(store, cid)
    assert contact.display_name == "Dr. Ana Lima"
    assert [e.value for e in contact.emails] == ["ana@helix.example", "ana@home.example"]
    assert contact.emails[0].preferred
    assert contact.phones[0].normalized == "+442079460958"
    assert contact.urls[0].value == "https://linkedin.com/in/analima"
    assert contact.addresses[0].locality == "London"
    assert (contact.birthday_year, contact.birthday_month, contact.birthday_day) == (None, 2, 29)
    assert contact.anniversary_year == 2010
    assert [t.name for t in contact.tags] == ["Client", "VIP"]
    assert [i.topic for i in contact.interests] == ["AI", "sailing"]
    assert len(contact.uid) == 36


def test_every_invalid_field_is_reported_at_once_and_nothing_is_written(store, clock):
    with pytest.raises(ValidationError) as caught:
        add(
            store,
            clock,
            given_name="Bo",
            emails=[LabeledValue("ok@example.com"), LabeledValue("not-an-email")],
            birthday="2023-02-31",
            timezone="Mars/Olympus",
            urls=[LabeledValue("not a url")],
            phones=[LabeledValue("call me")],
        )
    assert set(caught.value.errors) == {"emails[1]", "birthday", "timezone", "urls[0]", "phones[0]"}
    assert "not a real date" in caught.value.errors["birthday"]
    assert ids_for(store) == []


def test_a_contact_needs_some_name(store, clock):
    with pytest.raises(ValidationError) as caught:
        add(store, clock, notes="who is this?")
    assert "name" in caught.value.errors


def test_organization_or_email_alone_names_a_contact(store, clock):
    org = add(store, clock, organization="Acme Corp")
    mail = add(store, clock, emails=[LabeledValue("someone@example.com")])
    assert load(store, org).display_name == "Acme Corp"
    assert load(store, mail).display_name == "someone@example.com"


def test_list_is_in_family_name_order(store, clock):
    b = add(store, clock, given_name="Zed", family_name="Adams")
    a = add(store, clock, given_name="Amy", family_name="Zhou")
    c = add(store, clock, organization="Mid Corp")
    assert ids_for(store) == [b, c, a]


@pytest.mark.parametrize(
    "query",
    ["jos", "JOSÉ", "jose", "perez", "jo pe", "acme", "+1 415", "4155550100", "client", "sail"],
)
def test_search_finds_by_what_a_user_remembers(store, clock, query):
    wanted = add(
        store,
        clock,
        given_name="José",
        family_name="Pérez",
        organization="Acme",
        phones=[LabeledValue("+1 415 555 0100")],
        tags=["Client"],
        interests=["sailing"],
    )
    add(store, clock, given_name="Maria", family_name="Lopez")
    assert ids_for(store, query) == [wanted]


def test_search_with_no_match_or_only_punctuation(store, clock):
    add(store, clock, given_name="Maria")
    assert ids_for(store, "xyz") == []
    assert ids_for(store, '"*)(') == []


def test_tags_are_shared_case_insensitively(store, clock):
    a = add(store, clock, given_name="A", tags=["Client"])
    b = add(store, clock, given_name="B", tags=["client"])
    assert load(store, a).tags[0].id == load(store, b).tags[0].id


def test_trash_restore_and_purge(store, clock):
    keep = add(store, clock, given_name="Keep")
    gone = add(store, clock, given_name="Gone")
    with store.transaction() as session:
        assert contacts.trash_contacts(session, ids=[gone], clock=clock) == [gone]
        assert contacts.trash_contacts(session, ids=[gone], clock=clock) == []
    assert ids_for(store) == [keep]
    assert ids_for(store, trashed=True) == [gone]
    assert ids_for(store, "gone") == []
    with store.transaction() as session:
        assert contacts.restore_contacts(session, ids=[gone], clock=clock) == [gone]
    assert ids_for(store) == [gone, keep]
    with store.transaction() as session:
        assert contacts.purge_contacts(session, ids=[gone, keep]) == 0  # live ones are safe
        contacts.trash_contacts(session, ids=[gone], clock=clock)
        assert contacts.empty_trash(session) == 1
    assert ids_for(store) == [keep]
    with pytest.raises(NotFoundError):
        load(store, gone)


def test_a_touch_logged_after_a_purge_in_the_same_transaction_gets_its_own_row(store, clock):
    """Purging the only person of the newest touch frees its id; a touch logged next
    reuses it, and the purged touch's object must not stand in for the new one."""
    from prm.core.touches import TouchDraft, log_touch

    keep = add(store, clock, given_name="Keep")
    gone = add(store, clock, given_name="Gone")
    with store.transaction() as session:
        log_touch(session, draft=TouchDraft([keep], "call"), clock=clock)
        log_touch(session, draft=TouchDraft([gone], "email"), clock=clock)
        contacts.trash_contacts(session, ids=[gone], clock=clock)
        contacts.purge_contacts(session, ids=[gone])
        log_touch(session, draft=TouchDraft([keep], "meeting", summary="after"), clock=clock)
    with store.reading() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT t.channel, t.summary, p.contact_id FROM touch t"
            " JOIN touch_participant p ON p.touch_id = t.id ORDER BY t.id"
        )
        assert rows.fetchall() == [("call", "", keep), ("meeting", "after", keep)]


def test_edit_round_trips_through_the_draft(store, clock):
    cid = add(
        store,
        clock,
        given_name="Ann",
        emails=[LabeledValue("a@x.example", "work")],
        birthday="1980-05-17",
        tags=["Client"],
        addresses=[AddressDraft("home", "2 Elm St")],
    )
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=cid))
        draft.family_name = "Bell"
        draft.emails.append(LabeledValue("ann@bell.example", "home"))
        contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)
    with store.reading() as session:
        again = contacts.draft_from_contact(contacts.get_contact(session, contact_id=cid))
    assert again == draft.cleaned()
    assert ids_for(store, "bell") == [cid]
    assert ids_for(store, "ann@bell") == [cid]


def test_edit_with_invalid_input_keeps_the_stored_contact(store, clock):
    cid = add(store, clock, given_name="Ann", family_name="Old")
    draft = ContactDraft(given_name="Ann", family_name="New", birthday="31/02")
    with pytest.raises(ValidationError), store.transaction() as session:
        contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)
    assert load(store, cid).family_name == "Old"


def test_relations_read_from_both_sides(store, clock):
    boss = add(store, clock, given_name="Bea", family_name="Boss")
    ann = add(store, clock, given_name="Ann", referred_by_id=boss)
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=ann))
        draft.relations = [RelationDraft("reports_to", boss)]
        contacts.update_contact(session, contact_id=ann, draft=draft, clock=clock)
    with store.reading() as session:
        ann_card = contact_cards.contact_card(session, contact_id=ann)
        boss_card = contact_cards.contact_card(session, contact_id=boss)
    assert ann_card.referred_by.name == "Bea Boss"
    assert [(r.label, r.name) for r in ann_card.relations] == [("Reports to", "Bea Boss")]
    assert [(r.label, r.name) for r in boss_card.relations] == [("Manages", "Ann")]
    assert [r.name for r in boss_card.referrals] == ["Ann"]


def test_self_reference_and_missing_contacts_are_refused(store, clock):
    ann = add(store, clock, given_name="Ann")
    draft = ContactDraft(
        given_name="Ann", referred_by_id=ann, relations=[RelationDraft("friend", 999)]
    )
    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        contacts.update_contact(session, contact_id=ann, draft=draft, clock=clock)
    assert set(caught.value.errors) == {"referred_by_id", "relations[0]"}


def test_resolve_by_id_uid_and_name(store, clock):
    ann = add(store, clock, given_name="Ann", family_name="Lee")
    add(store, clock, given_name="Ann", family_name="Kim")
    with store.reading() as session:
        uid = contacts.get_contact(session, contact_id=ann).uid
        assert contacts.resolve_contact(session, ref=str(ann)).id == ann
        assert contacts.resolve_contact(session, ref=f"#{ann}").id == ann
        assert contacts.resolve_contact(session, ref=uid).id == ann
        assert contacts.resolve_contact(session, ref="ann lee").id == ann
        with pytest.raises(AmbiguousError, match="2 contacts"):
            contacts.resolve_contact(session, ref="Ann")
        with pytest.raises(NotFoundError):
            contacts.resolve_contact(session, ref="Nobody")


def test_rows_show_the_preferred_email_and_phone(store, clock):
    cid = add(
        store,
        clock,
        given_name="P",
        emails=[LabeledValue("first@x.example"), LabeledValue("main@x.example", preferred=True)],
        phones=[LabeledValue("+1 212 555 0101")],
    )
    with store.reading() as session:
        row = contact_list.contact_rows(session, ids=[cid])[cid]
    assert (row.email, row.phone) == ("main@x.example", "+1 212 555 0101")


def test_iter_contacts_keeps_order_across_chunks(store, clock):
    ids = [add(store, clock, given_name=f"N{i:02d}") for i in range(7)]
    wanted = list(reversed(ids))
    with store.reading() as session:
        got = [c.id for c in contacts.iter_contacts(session, ids=wanted, chunk=3)]
    assert got == wanted


def test_fuzzy_pick_finds_prefixes_first_then_typos(store, clock):
    from prm.core.fuzzy import fuzzy_pick

    john = add(store, clock, given_name="John", family_name="Smith", organization="Acme")
    joan = add(store, clock, given_name="Joan", family_name="Smithers")
    add(store, clock, given_name="Zed", family_name="Quinn")
    with store.reading() as session:
        assert [i for i, *_ in fuzzy_pick(session, text="jo smi")] == [john, joan]
        assert fuzzy_pick(session, text="jhon smiht")[0] == (john, "John Smith", "Acme")
        assert fuzzy_pick(session, text="   ") == []
        assert fuzzy_pick(session, text="xqzv") == []


def test_a_non_ascii_tag_on_two_contacts_is_one_tag(store, clock):
    with store.transaction() as session:
        for name in ("Ann", "Bob"):
            contacts.create_contact(
                session, draft=ContactDraft(given_name=name, tags=["Équipe"]), clock=clock
            )
    with store.reading() as session:
        assert [t.name for t in session.exec(select(Tag))] == ["Équipe"]
