"""Every contact gets a city or a country, offline, and keeps it in step with every
way the contact can change: the editor, a vCard import, a sync, undo."""

from __future__ import annotations

import pytest

from prm.core import contacts
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue
from prm.core.travel import gazetteer
from prm.core.travel.places import place_of, rebuild


@pytest.mark.parametrize(
    ("locality", "country", "region", "city", "code"),
    [
        ("München", "", "", "Munich", "DE"),
        ("Munich", "Germany", "", "Munich", "DE"),
        ("MUENCHEN", "Deutschland", "", "Munich", "DE"),
        ("Köln", "DE", "", "Köln", "DE"),
        ("Cologne", "Allemagne", "", "Köln", "DE"),
        ("Sao Paulo", "Brasil", "", "São Paulo", "BR"),
        ("Zürich", "Schweiz", "", "Zürich", "CH"),
        ("Wien", "Österreich", "", "Vienna", "AT"),
        ("Portland", "USA", "OR", "Portland", "US"),
        ("Portland", "United States", "Maine", "Portland", "US"),
        ("New York", "U.S.A.", "NY", "New York City", "US"),
        ("東京", "", "", "Tokyo", "JP"),
        ("Lyon", "FRA", "", "Lyon", "FR"),
    ],
)
def test_cities_match_in_any_spelling_and_country_form(locality, country, region, city, code):
    found = gazetteer.find_city(locality, country, region)
    assert found is not None
    assert (found.name, found.country_code) == (city, code)


def test_region_picks_between_cities_of_one_name():
    oregon = gazetteer.find_city("Portland", "US", "OR")
    maine = gazetteer.find_city("Portland", "US", "ME")
    assert oregon.timezone == "America/Los_Angeles"
    assert maine.timezone == "America/New_York"
    assert gazetteer.find_city("Portland, OR").geonameid == oregon.geonameid


def test_countries_in_several_forms():
    forms = ["DE", "deu", "Germany", "Deutschland", "Allemagne", "Alemania", "Niemcy"]
    assert {gazetteer.country_code(f) for f in forms} == {"DE"}
    assert gazetteer.country_code("UK") == "GB"
    assert gazetteer.country_code("Atlantis") is None
    assert gazetteer.country_name("JP") == "Japan"


def test_search_offers_own_names_first():
    names = [c.name for c in gazetteer.search_cities("Mün", 5)]
    assert names[0] == "Munich"
    assert [c.name for c in gazetteer.search_cities("Paris", 3)][0] == "Paris"


def _add(store, clock, given, **fields) -> int:
    with store.transaction() as session:
        return contacts.create_contact(
            session, draft=ContactDraft(given_name=given, **fields), clock=clock
        ).id


def _place(store, cid):
    with store.reading() as session:
        return place_of(session, cid)


def test_resolution_order_city_then_country_then_zone_then_phone(store, clock):
    city = _add(store, clock, "Anna", addresses=[AddressDraft(locality="München", country="DE")])
    unknown = _add(
        store,
        clock,
        "Ben",
        addresses=[AddressDraft(locality="Kleinkleckersdorf", country="Österreich")],
    )
    zone = _add(store, clock, "Chie", timezone="Asia/Tokyo")
    phone = _add(store, clock, "Dara", phones=[LabeledValue("+33 1 44 55 66 77")])
    nothing = _add(store, clock, "Eve")
    p = _place(store, city)
    assert (p.level, p.source, p.city, p.country_code, p.timezone) == (
        "city", "address", "Munich", "DE", "Europe/Berlin"
    )  # fmt: skip
    assert p.lat == pytest.approx(48.137, abs=0.01)
    p = _place(store, unknown)
    assert (p.level, p.source, p.city, p.country_code, p.timezone) == (
        "country", "address", "", "AT", "Europe/Vienna"
    )  # fmt: skip
    p = _place(store, zone)
    assert (p.level, p.source, p.country_code, p.timezone) == (
        "country",
        "timezone",
        "JP",
        "Asia/Tokyo",
    )
    p = _place(store, phone)
    assert (p.level, p.source, p.country_code, p.timezone) == (
        "country",
        "phone",
        "FR",
        "Europe/Paris",
    )
    assert _place(store, nothing).level == ""


def test_the_preferred_address_wins_and_their_own_zone_is_kept(store, clock):
    cid = _add(
        store, clock, "Anna", timezone="Europe/London",
        addresses=[AddressDraft(locality="Lyon", country="France"),
                   AddressDraft(locality="Berlin", country="Germany", preferred=True)],
    )  # fmt: skip
    p = _place(store, cid)
    assert (p.city, p.timezone) == ("Berlin", "Europe/London")


def test_editor_writes_and_undo_keep_the_place_in_step(store, clock):
    cid = _add(store, clock, "Anna", addresses=[AddressDraft(locality="Berlin")])
    assert _place(store, cid).city == "Berlin"
    with store.transaction() as session:
        contact = contacts.get_contact(session, contact_id=cid)
        before = contacts.draft_from_contact(contact)
        draft = contacts.draft_from_contact(contact)
        draft.addresses = [AddressDraft(locality="Wien", country="Austria")]
        contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)
    assert _place(store, cid).city == "Vienna"
    with store.transaction() as session:  # what the editor's Undo does
        contacts.update_contact(session, contact_id=cid, draft=before, clock=clock)
    assert _place(store, cid).city == "Berlin"
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=cid))
        draft.addresses = []
        draft.timezone = "America/Chicago"
        contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)
    assert (_place(store, cid).level, _place(store, cid).country_code) == ("country", "US")


def test_a_purged_contact_loses_its_place(store, clock):
    cid = _add(store, clock, "Anna", addresses=[AddressDraft(locality="Berlin")])
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[cid], clock=clock)
        contacts.purge_contacts(session, ids=[cid])
    assert _place(store, cid) is None


def test_vcard_import_and_its_undo(store, clock):
    from prm.core.vcard.apply import apply_import, undo_import
    from prm.core.vcard.card import ParsedCard
    from prm.core.vcard.importer import plan_import

    draft = ContactDraft(
        given_name="Jürgen", family_name="Kärcher",
        addresses=[AddressDraft(locality="Frankfurt am Main", country="Deutschland")],
    )  # fmt: skip
    with store.reading() as session:
        plan = plan_import(session, [ParsedCard(1, 1, "", draft, [])])
    with store.transaction() as session:
        result = apply_import(session, plan, clock=clock)
    (cid,) = result.created_ids
    assert _place(store, cid).city == "Frankfurt am Main"
    with store.transaction() as session:
        undo_import(session, result, clock=clock)
    assert _place(store, cid) is None


def test_sync_create_many_places_the_new_contacts(store, clock):
    from prm.core.sync.cardform import FIELDS, CardState
    from prm.core.sync.writes import create_many

    def state(uid, given, city, country):
        draft = ContactDraft(
            given_name=given, addresses=[AddressDraft(locality=city, country=country)]
        )
        fields = {n: getattr(draft, n) for n in FIELDS if n not in ("card_note", "extra")}
        return CardState(uid, fields)

    with store.transaction() as session:
        ids = create_many(
            session, [state("u-1", "Kenji", "Osaka", "Japan"), state("u-2", "Lea", "Genf", "CH")],
            clock=clock,
        )  # fmt: skip
    assert [_place(store, i).city for i in ids] == ["Osaka", "Geneva"]


def test_rebuild_equals_what_the_writes_kept(store, clock):
    _add(store, clock, "Anna", addresses=[AddressDraft(locality="Berlin")])
    _add(store, clock, "Chie", timezone="Asia/Tokyo")
    _add(store, clock, "Dara", phones=[LabeledValue("+1 415 555 0100")])
    with store.reading() as session:
        kept = session.connection().exec_driver_sql("SELECT * FROM contact_place").fetchall()
    with store.transaction() as session:
        rebuild(session)
    with store.reading() as session:
        again = session.connection().exec_driver_sql("SELECT * FROM contact_place").fetchall()
    assert sorted(kept) == sorted(again)
    assert len(again) == 3


def test_raw_sql_writes_rebuild_everyone(store, clock):
    cid = _add(store, clock, "Anna", addresses=[AddressDraft(locality="Berlin")])
    with store.transaction() as session:
        session.connection().exec_driver_sql("UPDATE contact_address SET locality = 'Hamburg'")
    assert _place(store, cid).city == "Hamburg"


def test_an_edit_that_leaves_the_place_alone_does_not_resolve_it_again(store, clock, monkeypatch):
    from prm.core.travel import places

    cid = _add(store, clock, "Anna", addresses=[AddressDraft(locality="Berlin")])
    calls = []
    real = places.place_row
    monkeypatch.setattr(places, "place_row", lambda *a: calls.append(a) or real(*a))
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=cid))
        draft.family_name, draft.notes = "Schmidt", "met at a conference"
        contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)
    assert calls == []
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=cid))
        draft.addresses = [AddressDraft(locality="Leipzig")]
        contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)
    assert len(calls) == 1 and _place(store, cid).city == "Leipzig"
