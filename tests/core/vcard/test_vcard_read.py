"""vCards from each address book become the contact a user would expect, and
whatever PRM cannot hold is kept verbatim for export."""

from __future__ import annotations

from pathlib import Path

import pytest

from prm.core.drafts import AddressDraft, LabeledValue
from prm.core.vcard.card import CardError, ParsedCard
from prm.core.vcard.read import read_vcards

FIXTURES = Path(__file__).parent.parent / "vcard_fixtures"


def read(data: bytes | str) -> list[ParsedCard | CardError]:
    return list(read_vcards(data.encode() if isinstance(data, str) else data))


def one(body: str, version: str = "3.0") -> ParsedCard:
    [card] = read(f"BEGIN:VCARD\r\nVERSION:{version}\r\n{body}\r\nEND:VCARD\r\n")
    assert isinstance(card, ParsedCard), card
    return card


def fixture(name: str) -> list[ParsedCard | CardError]:
    return read((FIXTURES / name).read_bytes())


def test_apple_contacts_labels_groups_yearless_birthday_and_social_profile():
    asa, company = fixture("apple_contacts.vcf")
    d = asa.draft
    assert (d.prefix, d.given_name, d.middle_name, d.family_name, d.suffix) == (
        "Dr.",
        "Åsa",
        "Maria",
        "Lindqvist",
        "PhD",
    )
    assert (d.organization, d.department, d.title) == (
        "Nordlys AB",
        "Forskning & Utveckling",
        "Chief Scientist, Europe",
    )
    assert d.emails == [
        LabeledValue("asa@nordlys.example", "work", True),
        LabeledValue("asa.private@mail.example", "other", False),
    ]
    assert [p.label for p in d.phones] == ["mobile", "work", "Lab"]
    assert d.addresses == [
        AddressDraft("work", "Storgatan 1\nPlan 3", "Stockholm", "", "111 22", "Sweden", True)
    ]
    assert d.urls == [
        LabeledValue("https://nordlys.example", "website", True),
        LabeledValue("https://www.linkedin.com/in/asalindqvist", "linkedin", False),
    ]
    assert (d.birthday, d.anniversary) == ("--02-29", "2011-06-18")
    assert d.tags == ["Clients", "Stockholm"] and d.notes.startswith("Prefers mornings.\nMet")
    assert d.photo.startswith(b"\xff\xd8") and d.photo_mime == "image/jpeg"
    assert asa.uid == "5F2A1C3E-0B4D-4E6F-8A9B-1C2D3E4F5A6B"
    # the spouse stays with its label; the address's X-ABADR went with the address
    assert asa.extra_lines == [
        "item6.X-ABRELATEDNAMES;type=pref:Johan",
        "item6.X-ABLabel:_$!<Spouse>!$_",
        "X-ABUID:5F2A1C3E-0B4D-4E6F-8A9B-1C2D3E4F5A6B\\:ABPerson",
    ]
    assert company.draft.organization == "Nordlys AB" and not company.draft.given_name
    assert company.draft.phones[0].label == "main" and company.extra_lines == []


def test_google_contacts_custom_labels_and_dashed_yearless_birthday():
    maria, kenji = fixture("google_contacts.vcf")  # the last card has no trailing newline
    d = maria.draft
    assert (d.given_name, d.family_name) == ("María José", "O'Brien")
    assert d.organization == "Agencia Sol, S.L." and d.birthday == "--06-12"
    assert d.anniversary == "2015-09-20"
    assert [(p.value, p.label) for p in d.phones] == [
        ("+34 612 345 678", "mobile"),
        ("+34 91 555 0101", "Studio"),
    ]
    assert d.addresses[0].street == "Calle Mayor 5, 2º B"
    assert d.urls == [LabeledValue("https://blog.mjobrien.example", "blog", False)]
    assert kenji.draft.emails == [LabeledValue("kenji@watanabe.example", "", False)]


def test_outlook_windows_1252_quoted_printable_and_ms_anniversary():
    [card] = fixture("outlook_2016.vcf")
    d = card.draft
    assert (d.given_name, d.family_name, d.title) == ("Jürgen", "Müller", "Geschäftsführer")
    assert d.organization == "Bäckerei Müller GmbH" and d.department == "Vertrieb"
    assert d.notes == "Kunde seit 2015.\nMöchte Angebote per E-Mail (nicht telefonisch)."
    assert d.addresses[0].street == "Hauptstraße 12" and d.addresses[0].country == "Deutschland"
    assert [p.label for p in d.phones] == ["work", "mobile", "work fax"]
    assert (d.birthday, d.anniversary) == ("1968-03-02", "2005-06-05")
    assert d.photo.startswith(b"\xff\xd8")
    assert card.extra_lines[0] == "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2"
    assert card.extra_lines[1].startswith(
        "X-MS-OL-DESIGN:<card "
    )  # CHARSET dropped: stored as UTF-8
    assert any("Windows-1252" in w for w in card.warnings)  # TITLE had no CHARSET


def test_thunderbird_4_0_pref_uri_phone_data_uri_photo():
    [card] = fixture("thunderbird_115.vcf")
    d = card.draft
    assert d.emails == [
        LabeledValue("zoe@adeyemi.example", "", True),
        LabeledValue("zoe@studio.example", "work", False),
    ]
    assert d.phones[1] == LabeledValue(
        "+44-20-7946-0018 ext. 42", "work", False
    )  # TYPE="work,voice"
    assert (d.birthday, d.anniversary) == ("--07-04", "2019-05-11")
    assert d.photo.startswith(b"\x89PNG") and d.photo_mime == "image/png"
    assert d.notes == "Two lines\nof notes, with a comma."
    assert card.extra_lines == ["X-MOZILLA-HTML:TRUE"]


def test_android_quoted_printable_utf8_names_and_custom_rows():
    ivan, pizza = fixture("android_13.vcf")
    assert (ivan.draft.given_name, ivan.draft.family_name) == ("Иван", "Петров")
    assert ivan.draft.nickname == "Vanya" and ivan.draft.phones[0].preferred
    assert ivan.draft.photo.startswith(b"\xff\xd8")
    assert ivan.extra_lines == [
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;2010-08-14;0;Wedding;;;;;;;;;;;;"
    ]
    assert pizza.position == 2 and pizza.line == 18


def test_every_fixture_draft_passes_validation():
    for path in FIXTURES.glob("*.vcf"):
        for card in read(path.read_bytes()):
            assert isinstance(card, ParsedCard), (path.name, card)
            card.draft.cleaned()


@pytest.mark.parametrize(
    ("line", "birthday"),
    [
        ("BDAY:1980-02-29", "1980-02-29"),
        ("BDAY:19800229", "1980-02-29"),
        ("BDAY:--0229", "--02-29"),
        ("BDAY:--02-29", "--02-29"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29", "--02-29"),
        ("BDAY:1604-07-01", "--07-01"),  # CardBook's placeholder without the parameter
        ("BDAY:16040701", "--07-01"),
        ("BDAY:1975-03-02T00:00:00Z", "1975-03-02"),
        ("BDAY;VALUE=date:1975-03-02", "1975-03-02"),
    ],
)
def test_birthday_conventions(line, birthday):
    assert one(f"FN:A B\r\n{line}").draft.birthday == birthday


@pytest.mark.parametrize(
    "line",
    [
        "ANNIVERSARY:20050605",
        "X-ANNIVERSARY:2005-06-05",
        "X-MS-ANNIVERSARY;VALUE=DATE:20050605",
        "X-EVOLUTION-ANNIVERSARY:2005-06-05",
        "item1.X-ABDATE:2005-06-05\r\nitem1.X-ABLabel:_$!<Anniversary>!$_",
    ],
)
def test_anniversary_spellings(line):
    card = one(f"FN:A B\r\n{line}")
    assert card.draft.anniversary == "2005-06-05" and card.extra_lines == []


def test_a_date_in_words_is_kept_verbatim_with_a_warning():
    card = one("FN:A B\r\nBDAY;VALUE=text:circa 1800", "4.0")
    assert card.draft.birthday == "" and card.extra_lines == ["BDAY;VALUE=text:circa 1800"]


def test_escapes_in_structured_values_and_lists():
    card = one("N:Doe\\;Smith;Jane\\, Jr.;;;\r\nNOTE:a\\nb\\\\c\r\nCATEGORIES:one,two\\,three")
    d = card.draft
    assert (d.family_name, d.given_name, d.notes) == ("Doe;Smith", "Jane, Jr.", "a\nb\\c")
    assert d.tags == ["one", "two", "three"]  # PRM tags cannot hold a comma


def test_photo_that_is_not_base64_gives_a_warning_not_a_failed_card():
    card = one("FN:A B\r\nPHOTO;ENCODING=b;TYPE=JPEG:not*base64*at:all")
    assert card.draft.photo is None
    assert card.warnings == ["line 4: the photo is not valid base64; skipped"]


def test_vcard_4_data_uri_photo_is_not_truncated():
    card = one("FN:A B\r\nPHOTO:data:image/png;base64,iVBORw0KGgoAAQIDBAUGBwgJ", "4.0")
    assert card.draft.photo.startswith(b"\x89PNG\r\n\x1a\n\x00\x01")


def test_photo_by_url_is_kept_for_export():
    card = one("FN:A B\r\nPHOTO;VALUE=uri:https://example.com/a.jpg")
    assert card.draft.photo is None and card.extra_lines == [
        "PHOTO;VALUE=uri:https://example.com/a.jpg"
    ]


def test_values_prm_cannot_hold_are_kept_verbatim():
    card = one(
        "FN:A B\r\nEMAIL:not an address\r\nTEL:ask at reception\r\nURL:ftp://files.example\r\n"
        "IMPP:xmpp:a@b.example\r\nTZ:-05:00"
    )
    assert card.draft.emails == [] and card.draft.phones == [] and card.draft.urls == []
    assert card.extra_lines == [
        "EMAIL:not an address",
        "TEL:ask at reception",
        "URL:ftp://files.example",
        "IMPP:xmpp:a@b.example",
        "TZ:-05:00",
    ]
    assert len(card.warnings) == 2
    card.draft.cleaned()


def test_name_falls_back_to_fn_when_there_is_no_n():
    assert (
        one("FN:Jane Q. Public").draft.given_name,
        one("FN:Jane Q. Public").draft.family_name,
    ) == ("Jane Q.", "Public")
    assert one("FN:Acme Corp\r\nORG:Acme Corp").draft.given_name == ""


def test_cards_prm_cannot_hold_are_reported_by_position_and_line():
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ok Person\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nTEL:12345\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Staff\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nEND:VCARD\r\n"
    )
    ok, phone_only, group = read(data)
    assert isinstance(ok, ParsedCard)
    assert str(phone_only) == (
        "card 2 (line 5): the card has no name, organization or email address "
        "(it only has a phone number)"
    )
    assert (
        str(group)
        == "card 3 (line 10): the card is a contact group, not a person; PRM does not import groups"
    )


def test_a_line_that_is_not_a_property_is_skipped_with_a_warning():
    card = one("FN:A B\r\n# a comment\r\nTEL;TYPE=cell:+1 555 0100")
    assert card.draft.phones[0].value == "+1 555 0100"
    assert card.warnings == ["line 4 is a comment (“#…”), not vCard; skipped"]


def test_fifty_megabytes_of_cards_stream_without_trouble():
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person\r\nNOTE:" + b"x" * 5000 + b"\r\nEND:VCARD\r\n"
    data = card * (50_000_000 // len(card))
    count = sum(1 for item in read_vcards(data) if isinstance(item, ParsedCard))
    assert count == 50_000_000 // len(card)
