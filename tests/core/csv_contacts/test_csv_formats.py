"""Contact CSVs as Google, Outlook, Apple and LinkedIn write them, read into contact drafts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from prm.core.csv_contacts.cards import LINKEDIN, cards
from prm.core.csv_contacts.read import load_table, mapping_for

SAMPLES = Path(__file__).parent / "samples"


def read(name: str, overrides: list[str] = ()):  # type: ignore[assignment]
    table = load_table(SAMPLES / name)
    return {
        f"{c.draft.given_name} {c.draft.family_name}".strip(): c
        for c in cards(table, mapping_for([table], overrides)[0])
    }


def values(items) -> list[tuple[str, str]]:
    return [(v.value, v.label) for v in items]


def test_google_pairs_values_with_their_labels_and_keeps_quoted_newlines():
    people = read("google.csv")
    ana = people["Ana Ruiz"].draft
    assert (ana.prefix, ana.middle_name, ana.nickname) == ("Dr.", "María", "Anita")
    assert (ana.organization, ana.title, ana.department) == (
        "Ruiz Arquitectos",
        "Founder",
        "Design",
    )
    assert values(ana.emails) == [("ana@ruiz.example", "work"), ("ana.ruiz@mail.example", "home")]
    assert ana.emails[0].preferred  # Google's "* Work"
    assert values(ana.phones) == [("+34 612 345 678", "mobile"), ("+34 91 123 45 67", "work")]
    assert ana.notes == "Met at the Lisbon offsite.\nPrefers mornings."
    assert ana.tags == ["Clients"]  # not Google's own "* myContacts"
    assert ana.birthday == "1984-07-17"
    (address,) = ana.addresses
    assert (address.label, address.street, address.locality, address.postal_code) == (
        "work",
        "Calle Mayor 5",
        "Madrid",
        "28013",
    )
    tomas = people["Tomás Ruiz"].draft
    assert [e.value for e in tomas.emails] == ["tomas@ruiz.example", "t.ruiz@mail.example"]
    assert tomas.birthday == "--03-09"
    assert people["Lena"].draft.organization == "Studio Nord"


def test_outlook_english_headers():
    john = read("outlook.csv")["John Smith"].draft
    assert (john.prefix, john.middle_name, john.suffix) == ("Mr.", "Q.", "Jr.")
    assert john.title == "Account Manager"
    assert [e.value for e in john.emails] == ["john.smith@contoso.example", "jq@home.example"]
    assert sorted(values(john.phones)) == [
        ("+1 206 555 0142", "mobile"),
        ("+1 206 555 0199", "home"),
        ("+1 425 555 0100", "work"),
        ("+1 425 555 0101", "fax"),
    ]
    assert john.birthday == "1980-03-14" and john.anniversary == ""  # "0/0/00" is Outlook's none
    assert john.tags == ["Customers", "VIP"]
    (work,) = john.addresses
    assert (
        work.street == "1 Microsoft Way\nBuilding 4" and work.country == "United States of America"
    )
    mary = read("outlook.csv")["Mary O'Neil"].draft
    assert mary.notes == "Vegetarian.\nTwo kids." and mary.addresses[0].label == "home"


def test_outlook_german_in_windows_1252_with_semicolons():
    table = load_table(SAMPLES / "outlook_de.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    people = read("outlook_de.csv")
    juergen = people["Jürgen Müller-Lüdenscheidt"].draft
    assert juergen.organization == "Bäckerei Müller GmbH" and juergen.title == "Geschäftsführer"
    assert juergen.birthday == "1975-03-14"  # 14.03.1975
    assert ("+49 170 1234567", "mobile") in values(juergen.phones)
    assert juergen.addresses[0].locality == "München"
    assert [e.value for e in juergen.emails] == ["juergen@mueller.example"]  # not the display name
    assert people["Françoise Dupré"].draft.birthday == "1980-12-01"


def test_apple_style_headers():
    people = read("apple.csv")
    kenji = people["Kenji Watanabe"].draft
    assert values(kenji.emails) == [("kenji@sakura.example", "work")]
    assert ("+81 90 1234 5678", "mobile") in values(kenji.phones)  # "iPhone"
    zoe = people["Zoë Brown"].draft
    assert zoe.addresses[0].postal_code == "NW1 6XE" and zoe.addresses[0].label == "home"
    assert zoe.notes == 'Likes jazz, "modal" mostly'


def test_linkedin_skips_the_notes_above_the_header_and_dates_the_connection():
    table = load_table(SAMPLES / "linkedin.csv")
    assert table.header_line == 4 and len(table.rows) == 3
    priya = read("linkedin.csv")["Priya Raman"]
    assert priya.line == 5
    assert priya.draft.how_we_met == LINKEDIN
    assert [(t.on, t.channel, t.summary) for t in priya.touches] == [
        (date(2021, 3, 12), "social", LINKEDIN)
    ]
    assert values(priya.draft.urls) == [
        ("https://www.linkedin.com/in/priya-raman-12345", "linkedin")
    ]


def test_a_date_that_cannot_be_read_is_left_out_with_a_note_and_the_person_kept():
    header = "First Name,Last Name,Birthday\r\nAna,Ruiz,sometime in May\r\n"
    from prm.core.csv_contacts.table import read_table

    table = read_table(header.encode())
    (card,) = cards(table, mapping_for([table])[0])
    assert card.draft.given_name == "Ana" and card.draft.birthday == ""
    assert "birthday left out" in card.warnings[0]


@pytest.mark.parametrize("override", ["Company=ignore", "company = IGNORE", "5=ignore"])
def test_overrides_name_columns_loosely(override):
    assert read("linkedin.csv", [override])["Priya Raman"].draft.organization == ""
