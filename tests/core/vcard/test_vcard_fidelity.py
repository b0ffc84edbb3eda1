"""Issue 14, reading side: encoded text decoded, odd lines read or reported, old
charsets detected, and structure (ORG units, nickname lists, PO box, home fax)
kept through import -> export -> import."""

from __future__ import annotations

import base64

import pytest
from vcard_trip import card_text, export_text, import_bytes, read_one, unfold

from prm.core.contacts import draft_from_contact, get_contact
from prm.core.drafts import AddressDraft, LabeledValue
from prm.core.vcard.card import ParsedCard
from prm.core.vcard.read import read_vcards


def b64(text: str, charset: str = "utf-8") -> str:
    return base64.b64encode(text.encode(charset)).decode("ascii")


def read_card(data: bytes) -> ParsedCard:
    [card] = list(read_vcards(data))
    assert isinstance(card, ParsedCard), card
    return card


# --- 1. base64-encoded text -------------------------------------------------------


TWO_LINES = "Première ligne\nDeuxième"


def test_base64_text_in_2_1_is_decoded_with_its_charset():
    body = (
        f"N;ENCODING=BASE64;CHARSET=UTF-8:{b64('Ångström;Zoë')}\r\n"
        f"FN;ENCODING=BASE64;CHARSET=UTF-8:{b64('Zoë Ångström')}\r\n"
        f"TITLE;ENCODING=BASE64;CHARSET=ISO-8859-1:{b64('Directrice générale', 'latin-1')}\r\n"
        f"NOTE;ENCODING=BASE64;CHARSET=UTF-8:{b64(TWO_LINES)}"
    )
    d = read_card(card_text(body, "2.1")).draft
    assert (d.given_name, d.family_name) == ("Zoë", "Ångström")
    assert d.title == "Directrice générale"
    assert d.notes == "Première ligne\nDeuxième"


def test_base64_formatted_name_alone_gives_the_name():
    d = read_card(card_text(f"FN;ENCODING=BASE64;CHARSET=UTF-8:{b64('Łucja Nowak')}", "2.1")).draft
    assert "Łucja" in (
        d.given_name,
        d.family_name,
        d.display_name if hasattr(d, "display_name") else "",
    )
    assert "base64" not in repr(d).lower()


def test_base64_note_in_3_0_is_decoded_and_a_kept_text_line_is_stored_as_text():
    body = (
        "N:Okafor;Chidi;;;\r\nFN:Chidi Okafor\r\n"
        f"NOTE;ENCODING=b:{b64('Met at the Lagos fair, 2019')}\r\n"
        f"X-ASSISTANT;ENCODING=b:{b64('Ngozi Eze')}"
    )
    card = read_card(card_text(body, "3.0"))
    assert card.draft.notes == "Met at the Lagos fair, 2019"
    assert "X-ASSISTANT:Ngozi Eze" in card.extra_lines


def test_base64_binary_under_an_unknown_name_stays_base64():
    picture = base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40)).decode()
    body = f"N:Berg;Ola;;;\r\nX-MS-CARDPICTURE;TYPE=JPEG;ENCODING=BASE64:{picture}"
    card = read_card(card_text(body, "2.1"))
    [kept] = [x for x in card.extra_lines if x.startswith("X-MS-CARDPICTURE")]
    assert kept.endswith(picture)


# --- 3. lines PRM cannot read are read or reported ------------------------------------


def test_outlook_address_with_an_empty_trailing_parameter_is_read():
    body = (
        "N:Lefebvre;Camille;;;\r\nFN:Camille Lefebvre\r\n"
        "ADR;HOME;PREF;:;;12 rue des Lilas;Lyon;;69003;France"
    )
    card = read_card(card_text(body, "2.1"))
    assert card.draft.addresses == [
        AddressDraft("home", "12 rue des Lilas", "Lyon", "", "69003", "France", True)
    ]
    assert card.warnings == []


def test_a_line_without_a_colon_is_reported_not_glued_onto_the_phone_before():
    body = "N:Rossi;Marco;;;\r\nTEL;TYPE=CELL:+39 347 555 0199\r\nthis line is broken\r\nTITLE:CTO"
    card = read_card(card_text(body, "3.0"))
    assert card.draft.phones == [LabeledValue("+39 347 555 0199", "mobile")]
    assert card.draft.title == "CTO"
    assert any("this line is broken" in w and "skipped" in w for w in card.warnings)


def test_a_line_the_grammar_refuses_is_reported():
    body = 'N:Rossi;Marco;;;\r\nX-ODD;"unclosed:value'
    card = read_card(card_text(body, "3.0"))
    assert any("X-ODD" in w for w in card.warnings)


# --- 4. charsets --------------------------------------------------------------------

LEGACY = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lefèvre;François\r\nADR;WORK:;;Rue de Genève 3;Zürich\r\nEND:VCARD\r\n"


@pytest.mark.parametrize("codec", ["mac_roman", "cp1252", "utf-8"])
def test_8bit_text_without_a_charset_is_read_right(codec):
    card = read_card(LEGACY.encode(codec))
    assert (card.draft.given_name, card.draft.family_name) == ("François", "Lefèvre")
    assert card.draft.addresses[0].street == "Rue de Genève 3"
    assert card.draft.addresses[0].locality == "Zürich"
    assert bool(card.warnings) == (codec != "utf-8")  # valid UTF-8 wins silently


def test_8bit_text_uses_the_charset_another_property_declares():
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-2:Wiśniewska;Żaneta\r\n"
        "NOTE:Łódź, ul. Piotrkowska 5\r\nEND:VCARD\r\n"
    ).encode("iso8859_2")
    d = read_card(data).draft
    assert (d.given_name, d.family_name, d.notes) == (
        "Żaneta",
        "Wiśniewska",
        "Łódź, ul. Piotrkowska 5",
    )


# --- 5. structure kept through import -> export -> import -------------------------------

STRUCTURED = """
N:Okonkwo;Adaeze;;;
FN:Adaeze Okonkwo
NICKNAME:Ada,Daze
ORG:Nordwind AG;Research;Battery Lab
ADR;TYPE=WORK:Postfach 1120;Gebäude C;Industriestraße 7;Stuttgart;;70565;Germany
TEL;TYPE=HOME,FAX:+49 711 555 0100
TEL;TYPE=WORK:+49 711 555 0101
"""


@pytest.mark.parametrize("version", ["2.1", "3.0", "4.0"])
def test_org_units_nicknames_po_box_and_home_fax_survive_a_round_trip(
    version, store, clock, tmp_path
):
    body = STRUCTURED
    if version == "2.1":
        body = body.replace("TYPE=HOME,FAX", "HOME;FAX").replace("TYPE=WORK", "WORK")
    [cid] = import_bytes(store, clock, card_text(body, version))
    with store.reading() as session:
        first = draft_from_contact(get_contact(session, contact_id=cid))
    assert first.nickname == "Ada, Daze"
    assert (first.organization, first.department) == ("Nordwind AG", "Research, Battery Lab")
    assert first.addresses[0].street == "Industriestraße 7\nGebäude C\nPostfach 1120"
    assert [p.label for p in first.phones] == ["home fax", "work"]
    for target in ("3.0", "4.0"):
        raw, left_out = export_text(store, clock, tmp_path, target)
        text = unfold(raw)
        assert left_out == []
        assert "NICKNAME:Ada,Daze\r\n" in text
        assert "ORG:Nordwind AG;Research;Battery Lab\r\n" in text
        assert ":Postfach 1120;Gebäude C;Industriestraße 7;Stuttgart;;70565;Germany\r\n" in text
        assert "X-PRM" not in text  # the hint is used, never written
        tel = next(line for line in text.split("\r\n") if "711 555 0100" in line)
        assert "home" in tel.lower() and "fax" in tel.lower()
        again = read_one(raw).draft
        assert again.nickname == first.nickname
        assert (again.organization, again.department) == (first.organization, first.department)
        assert again.addresses == first.addresses
        assert again.phones == first.phones


@pytest.mark.parametrize("version", ["2.1", "3.0", "4.0"])
def test_several_additional_names_and_suffixes_stay_lists(version, store, clock, tmp_path):
    body = "N:Doe;John;Philip,Paul;Dr.;Jr.,M.D.\nFN:Dr. John Philip Paul Doe Jr.\n"
    [cid] = import_bytes(store, clock, card_text(body, version))
    with store.reading() as session:
        first = draft_from_contact(get_contact(session, contact_id=cid))
    assert (first.middle_name, first.suffix) == ("Philip, Paul", "Jr., M.D.")
    for target in ("3.0", "4.0"):
        raw, _left_out = export_text(store, clock, tmp_path, target)
        assert "N:Doe;John;Philip,Paul;Dr.;Jr.,M.D.\r\n" in unfold(raw)
        again = read_one(raw).draft
        assert (again.middle_name, again.suffix) == (first.middle_name, first.suffix)


def test_an_edited_street_drops_the_po_box_hint_instead_of_misplacing_lines(store, clock, tmp_path):
    from prm.core.contacts import update_contact

    [cid] = import_bytes(store, clock, card_text(STRUCTURED, "3.0"))
    with store.transaction() as session:
        draft = draft_from_contact(get_contact(session, contact_id=cid))
        draft.addresses[0].street = "Neue Straße 1"
        update_contact(session, contact_id=cid, draft=draft, clock=clock)
    text = unfold(export_text(store, clock, tmp_path, "3.0")[0])
    assert ":;;Neue Straße 1;Stuttgart;;70565;Germany\r\n" in text


def test_a_second_different_birthday_is_kept_not_dropped():
    body = "N:Sato;Yui;;;\r\nBDAY:1990-04-01\r\nBDAY:1990-01-04\r\nX-ANNIVERSARY:2015-05-05\r\nANNIVERSARY:2015-05-05"
    card = read_card(card_text(body, "3.0"))
    assert card.draft.birthday == "1990-04-01"
    assert "BDAY:1990-01-04" in card.extra_lines
    assert card.draft.anniversary == "2015-05-05"
    assert not any("2015" in line for line in card.extra_lines)  # the same date twice
