"""Road notes: touches written on the road come back in, matched but never guessed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from prm.core import contacts
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.errors import KnownError
from prm.core.models import Contact
from prm.core.timeline import contact_timeline
from prm.core.travel.road_notes import (
    apply_road_notes,
    load_road_notes,
    preview,
    read_road_notes,
    redo_road_notes,
    undo_road_notes,
)

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 12, 10)
TRIP = (date(2026, 12, 1), date(2026, 12, 5))


@pytest.fixture
def people(store, clock):
    clock.set(datetime(2026, 12, 10, 9, tzinfo=UTC))

    def add(session, given, family, **kw):
        draft = ContactDraft(given_name=given, family_name=family, **kw)
        return contacts.create_contact(session, draft=draft, clock=clock).id

    with store.transaction() as session:
        ids = {
            "anna": add(session, "Anna", "Schmidt", emails=[LabeledValue("anna@nordwind.example")]),
            "jose": add(session, "José", "Núñez", nickname="Pepe"),
            "bob1": add(session, "Bob", "Lee"),
            "bob2": add(session, "Bob", "Lee"),
            "gone": add(session, "Gina", "Gone"),
        }
        contacts.trash_contacts(session, ids=[ids["gone"]], clock=clock)
    return ids


def read(store, text: str | bytes, trip=TRIP):
    data = text.encode("utf-8") if isinstance(text, str) else text
    with store.reading() as session:
        return read_road_notes(session, data, today=TODAY, trip=trip, name="notes.txt")


def test_text_lines_are_matched_by_name_nickname_and_email(store, people):
    notes = read(
        store,
        "2026-12-03 Anna Schmidt: coffee, talked about Q1\n"
        "3 Dec jose nunez: call about the offer\n"
        "Dec 4 Pepe: lunch at the fair\n"
        "4.12. anna@NORDWIND.example - email with the deck\n"
        f"Dec 5 10:30 #{people['anna']}: meeting, signed\n",
    )
    assert notes.problems == []
    got = [(r.line, r.on, r.contact_ids, r.channel, r.summary, r.at) for r in notes.rows]
    anna, jose = (people["anna"],), (people["jose"],)
    assert got == [
        (1, date(2026, 12, 3), anna, "in_person", "coffee, talked about Q1", None),
        (2, date(2026, 12, 3), jose, "call", "call about the offer", None),
        (3, date(2026, 12, 4), jose, "in_person", "lunch at the fair", None),
        (4, date(2026, 12, 4), anna, "email", "email with the deck", None),
        (5, date(2026, 12, 5), anna, "meeting", "meeting, signed", time(10, 30)),
    ]
    assert notes.rows[1].name == "José Núñez"


def test_unknown_ambiguous_trashed_and_malformed_lines_are_listed_with_reasons(store, people):
    notes = read(
        store,
        "# Berlin, December\n"
        "\n"
        "2026-12-03 Bob Lee: dinner\n"
        "2026-12-03 Anna: coffee\n"
        "2026-12-03 Gina Gone: call\n"
        "Berlin was cold\n"
        "31 Nov Anna Schmidt: coffee\n"
        "2026-12-03 Anna Schmidt coffee\n"
        "2026-12-24 Anna Schmidt: Christmas call\n"
        "2026-12-03 Anna Schmidt: coffee\n"
        "3 Dec Anna Schmidt: coffee\n",
    )
    reasons = {p.line: p.reason for p in notes.problems}
    assert reasons.pop(11) == "the same note as line 10; logged once"
    assert f"fits 2 contacts (#{people['bob1']} Bob Lee, #{people['bob2']} Bob Lee)" in reasons[3]
    assert reasons[4] == "no contact has the name or nickname “Anna”"
    assert reasons[5].startswith("“Gina Gone” is in the trash")
    assert reasons[6].startswith("it does not start with a date")
    assert reasons[7] == "“31 Nov” is not a real date"
    assert reasons[8].startswith("write a “:” after the name")
    assert reasons[9].startswith("2026-12-24 is in the future")
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9]  # comment and blank line skipped, no others
    assert [r.line for r in notes.rows] == [10]


def test_one_line_can_name_several_people_but_each_must_be_someone(store, clock, people):
    notes = read(
        store,
        "2026-12-03 Anna Schmidt & Pepe: lunch\n"
        "2026-12-03 Anna Schmidt and Nobody Else: dinner\n"
        "2026-12-03 Anna Schmidt, Bob Lee: drinks\n",
    )
    assert [(r.line, r.contact_ids, r.name) for r in notes.rows] == [
        (1, (people["anna"], people["jose"]), "Anna Schmidt & José Núñez")
    ]
    reasons = {p.line: p.reason for p in notes.problems}
    assert reasons[2] == "no contact has the name or nickname “Nobody Else”"
    assert reasons[3].startswith("“Bob Lee” fits 2 contacts")
    with store.transaction() as session:
        [touch_id] = apply_road_notes(session, notes.rows, clock=clock, zone=BERLIN)
    with store.reading() as session:
        for who in ("anna", "jose"):
            [entry] = contact_timeline(session, contact_id=people[who], limit=5)
            assert entry.touch_id == touch_id or entry.id == touch_id


def test_csv_with_any_delimiter_and_header_form(store, people):
    text = (
        "Datum;Name;Type;Comments\n"
        '2026-12-03;Anna Schmidt;Coffee;"Talked about Q1;\nand the budget"\n'
        "3 Dec;Pepe;zoom;follow-up\n"
        "3 Dec;Nobody Known;call;x\n"
        ";Anna Schmidt;call;no date\n"
        "4 Dec;Anna Schmidt;carrier pigeon;x\n"
    )
    notes = read(store, text)
    assert notes.format == "csv"
    assert [(r.line, r.contact_ids, r.channel) for r in notes.rows] == [
        (2, (people["anna"],), "in_person"),
        (4, (people["jose"],), "video"),
    ]
    assert notes.rows[0].summary == "Talked about Q1;"
    assert notes.rows[0].notes == "Talked about Q1;\nand the budget"
    assert {p.line for p in notes.problems} == {5, 6, 7}
    assert "“carrier pigeon” is not a channel" in notes.problems[-1].reason


def test_csv_in_a_spreadsheets_8bit_code_page(store, people):
    text = "date\tperson\tnote\n2026-12-03\tJosé Núñez\tCafé con leche\n"
    notes = read(store, text.encode("cp1252"))
    assert notes.encoding == "cp1252"
    assert [(r.contact_ids, r.summary) for r in notes.rows] == [
        ((people["jose"],), "Café con leche")
    ]


def test_csv_naming_people_by_email_only(store, people):
    notes = read(store, "When,E-mail,Notes\n2026-12-03,ANNA@nordwind.example,coffee\n")
    assert [(r.contact_ids, r.channel) for r in notes.rows] == [((people["anna"],), "in_person")]


def test_utf16_text_with_bom(store, people):
    notes = read(store, "3 Dec Anna Schmidt: lunch\n".encode("utf-16"))
    assert [r.contact_ids for r in notes.rows] == [(people["anna"],)]


def test_year_comes_from_the_trip_or_the_last_such_day(store, people):
    over_new_year = (date(2026, 12, 28), date(2027, 1, 3))
    notes = read(store, "2 Jan Anna Schmidt: coffee\n30 Dec Pepe: call\n", trip=over_new_year)
    assert [r.on for r in notes.rows] == []  # both in the future of TODAY (10 Dec 2026)
    notes = read(store, "Dec 11 Anna Schmidt: coffee\n", trip=None)
    assert [r.on for r in notes.rows] == [date(2025, 12, 11)]  # no trip: the last Dec 11


def test_the_preview_lists_every_line_in_file_order(store, people, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("3 Dec 19:30 Anna Schmidt: dinner, Q1 plans\n3 Dec Anna: coffee\n")
    with store.reading() as session:
        notes = load_road_notes(session, path, today=TODAY, trip=TRIP)
    assert preview(notes) == [
        "line 1: 03 Dec 2026 19:30, Anna Schmidt, In person — dinner, Q1 plans",
        "line 2 left out: 2026-12-03 Anna: coffee — no contact has the name or nickname “Anna”",
    ]
    with pytest.raises(KnownError, match="is a folder"), store.reading() as session:
        load_road_notes(session, tmp_path, today=TODAY)


def test_empty_and_binary_files_are_refused(store, people):
    with pytest.raises(KnownError, match="notes.txt: the file is empty"):
        read(store, "  \n\n")
    with pytest.raises(KnownError, match="binary file"):
        read(store, b"\x89PNG\r\n\x1a\n\0\0\0")


def test_apply_logs_every_note_in_one_step_and_undo_takes_them_back(store, clock, people):
    notes = read(store, "2026-12-03 Anna Schmidt: coffee\n2026-12-04 9:15 Pepe: call\n")
    with store.transaction() as session:
        ids = apply_road_notes(session, notes.rows, clock=clock, zone=BERLIN)
    assert len(ids) == 2
    with store.reading() as session:
        [entry] = contact_timeline(session, contact_id=people["anna"], limit=5)
        assert (entry.channel, entry.summary) == ("in_person", "coffee")
        assert entry.at == datetime(2026, 12, 3, 12, tzinfo=BERLIN)
        jose = session.get(Contact, people["jose"])
        assert jose.last_touch_at == datetime(2026, 12, 4, 9, 15, tzinfo=BERLIN)
    # the same file again: nothing is logged twice
    again = read(store, "2026-12-03 Anna Schmidt: coffee\n2026-12-04 9:15 Pepe: call\n")
    assert again.rows == [] and all("already logged" in p.reason for p in again.problems)

    with store.transaction() as session:
        undo_road_notes(session, ids, clock=clock)
    with store.reading() as session:
        assert contact_timeline(session, contact_id=people["anna"], limit=5) == []
        assert session.get(Contact, people["jose"]).last_touch_at is None
    with store.transaction() as session:
        redo_road_notes(session, ids)
    with store.reading() as session:
        assert len(contact_timeline(session, contact_id=people["anna"], limit=5)) == 1


def test_apply_is_all_or_nothing(store, clock, people):
    notes = read(store, "2026-12-03 Anna Schmidt: coffee\n2026-12-04 Pepe: call\n")
    with store.transaction() as session:  # Pepe goes to the trash between preview and apply
        contacts.trash_contacts(session, ids=[people["jose"]], clock=clock)
    with pytest.raises(KnownError), store.transaction() as session:
        apply_road_notes(session, notes.rows, clock=clock, zone=BERLIN)
    with store.reading() as session:
        assert contact_timeline(session, contact_id=people["anna"], limit=5) == []
