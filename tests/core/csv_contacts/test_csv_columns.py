"""Headers as exports in several languages write them, recognised as PRM fields."""

from __future__ import annotations

import pytest

from prm.core.csv_contacts.columns import guess_mapping


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # Outlook, English
        ("Business Country/Region", "country.work"),
        ("Home Postal Code", "postal_code.home"),
        ("Company Main Phone", "phone.main"),
        ("E-mail 2 Address", "email"),
        ("E-mail Type", "ignore"),  # "SMTP"
        ("E-mail Display Name", "ignore"),
        # Google
        ("Phone 2 - Value", "phone"),
        ("Phone 2 - Type", "phone_label"),
        ("E-mail 1 - Label", "email_label"),
        ("Address 1 - Formatted", "address"),
        ("Organization 1 - Title", "title"),
        ("Group Membership", "tags"),
        ("Phonetic First Name", "ignore"),
        # German, French, Spanish, Italian, Dutch Outlook
        ("Land/Region geschäftlich", "country.work"),
        ("E-Mail 2: Adresse", "email"),
        ("E-Mail: angezeigter Name", "ignore"),
        ("Téléphone (domicile)", "phone.home"),
        ("Adresse de messagerie", "email"),
        ("Anniversaire", "birthday"),  # French for birthday
        ("Dirección de correo electrónico", "email"),
        ("Código postal de la casa", "postal_code.home"),
        ("Cognome", "family_name"),
        ("Achternaam", "family_name"),
        # Apple-style and LinkedIn
        ("iPhone", "phone.mobile"),
        ("Home ZIP", "postal_code.home"),
        ("Connected On", "connected_on"),
        ("  FIRST   name ", "given_name"),
    ],
)
def test_header_is_recognised(header, field):
    assert guess_mapping([header]) == [field]


def test_outlooks_title_is_the_prefix_beside_a_job_title_and_the_job_elsewhere():
    assert guess_mapping(["Title", "First Name", "Job Title"]) == ["prefix", "given_name", "title"]
    assert guess_mapping(["First Name", "Title"]) == ["given_name", "title"]


def test_a_sentence_is_not_a_header():
    note = "When exporting your connection data, you may notice that some of the email addresses are missing."
    assert guess_mapping([note]) == ["ignore"]
