"""Real-looking files: who is one person, which name is shown, which phones are kept."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contact_list, contacts
from prm.core.vcard.apply import apply_import
from prm.core.vcard.importer import plan_import
from prm.core.vcard.read import read_vcards
from prm.core.vcard.write import export_vcards


def vcf(*cards: str) -> bytes:
    body = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{c.strip()}\r\nEND:VCARD\r\n" for c in cards)
    return body.replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode()


ANA = "N:Ruiz;Ana;;;\nFN:Ana Ruiz\nEMAIL;TYPE=HOME:casa@ruiz.example\nTEL;TYPE=CELL:+34 600 111 222"
TOMAS = "N:Ruiz;Tomás;;;\nFN:Tomás Ruiz\nEMAIL;TYPE=HOME:casa@ruiz.example\nTEL:+34 600 333 444"


def run(store, clock, data: bytes, source: str = "contacts.vcf"):
    with store.transaction() as session:
        plan = plan_import(session, read_vcards(data), source=source)
        apply_import(session, plan, clock=clock)
    return plan


def people(store) -> dict[str, list[str]]:
    """Display name -> phone numbers as stored, for every live contact."""
    with store.reading() as session:
        ids = contact_list.list_contact_ids(session)
        return {
            c.display_name: [p.value for p in c.phones]
            for c in (contacts.get_contact(session, contact_id=i) for i in ids)
        }


def find(store, query: str) -> list[str]:
    with store.reading() as session:
        rows = contact_list.contact_rows(
            session, ids=contact_list.list_contact_ids(session, query=query)
        )
        return sorted(r.display_name for r in rows.values())


def test_two_people_sharing_an_email_in_one_file_stay_two(store, clock):
    plan = run(store, clock, vcf(ANA, TOMAS))
    assert (len(plan.new), plan.merged, plan.reported) == (2, 0, 0)
    assert people(store) == {"Ana Ruiz": ["+34 600 111 222"], "Tomás Ruiz": ["+34 600 333 444"]}


def test_tomas_imported_later_is_not_merged_into_ana(store, clock):
    run(store, clock, vcf(ANA), "phone.vcf")
    plan = run(
        store,
        clock,
        vcf(TOMAS, "N:Ruiz;A.;;;\nFN:A. Ruiz\nEMAIL:casa@ruiz.example\nTITLE:Architect"),
        "laptop.vcf",
    )
    assert [c.name for c in plan.new] == ["Tomás Ruiz"]
    assert [c.existing_name for c in plan.updates] == ["Ana Ruiz"]  # "A. Ruiz" is Ana...
    assert people(store)["Tomás Ruiz"] == ["+34 600 333 444"]  # ...Tomás is himself


def test_a_person_and_their_company_sharing_the_office_number_are_two(store, clock):
    lena = "N:Berg;Lena;;;\nFN:Lena Berg\nORG:Studio Nord\nTEL;TYPE=WORK:+49 30 901820"
    studio = "N:;;;;\nFN:Studio Nord\nORG:Studio Nord\nX-ABShowAs:COMPANY\nTEL:+49 30 901820"
    plan = run(store, clock, vcf(lena, studio))
    assert len(plan.new) == 2
    assert sorted(people(store)) == ["Lena Berg", "Studio Nord"]


def test_a_true_duplicate_in_a_file_is_merged_with_its_extra_phone(store, clock):
    again = "N:Ruiz;Ana;;;\nFN:ANA RUIZ\nEMAIL:casa@ruiz.example\nTEL;TYPE=WORK:+34 91 555 0100"
    plan = run(store, clock, vcf(ANA, again, "N:Ruiz;Ana;;;\nFN:Ana Ruiz"))
    assert (len(plan.new), len(plan.duplicates), plan.cards_seen) == (1, 2, 3)
    assert "merged into card 1" in plan.duplicates[0].reason
    assert people(store) == {"Ana Ruiz": ["+34 600 111 222", "+34 91 555 0100"]}


GIVEN = ["Ana", "Bruno", "Carla", "Dmitri", "Emeka", "Fatima", "Gustavo", "Hana"]
FAMILY = ["Ruiz", "Silva", "Tanaka", "Okafor", "Novak", "Meyer"]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(st.sampled_from(GIVEN), st.sampled_from(FAMILY)),
        min_size=1,
        max_size=8,
        unique=True,
    ),
    st.data(),
)
def test_cards_sharing_emails_and_phones_with_distinct_names_all_arrive(store, clock, names, data):
    shared_emails = ["casa@ruiz.example", "office@example.com", "info@firma.example"]
    shared_phones = ["+1 416 504 6429 ext: 23", "+44 20 7946 0958", "962-6545, x271"]
    cards = []
    for first, family in names:
        lines = [f"N:{family};{first};;;", f"FN:{first} {family}"]
        lines += [f"EMAIL:{e}" for e in data.draw(st.lists(st.sampled_from(shared_emails)))]
        lines += [f"TEL:{p}" for p in data.draw(st.lists(st.sampled_from(shared_phones)))]
        cards.append("\n".join(lines))
    with store.transaction() as session:
        before = len(contact_list.list_contact_ids(session))
        plan = plan_import(session, read_vcards(vcf(*cards)))
        apply_import(session, plan, clock=clock)
        after = len(contact_list.list_contact_ids(session))
        session.rollback()  # each example starts from the same store
    assert len(plan.new) + plan.merged + len(plan.unchanged) + plan.reported == len(names)
    # None of these names agree, and a store from earlier examples is rolled back.
    assert (len(plan.new), after - before) == (len(names), len(names))


def test_the_formatted_name_is_shown_searched_and_exported(store, clock, tmp_path):
    data = vcf(
        "N:;Lena;;;\nFN:Studio Nord\nEMAIL:lena@nord.example",
        "N:Kowalski;Anna;;;\nFN:Kowalski Anna",
        "N:山田;太郎;;;\nFN:山田太郎",
        "N:Lee;Bo;;;\nFN:Bo Lee",
    )
    run(store, clock, data)
    assert sorted(people(store)) == sorted(["Studio Nord", "Kowalski Anna", "山田太郎", "Bo Lee"])
    assert find(store, "Lena") == ["Studio Nord"] and find(store, "nord") == ["Studio Nord"]
    with store.reading() as session:
        export_vcards(session, out=tmp_path / "out.vcf", version="4.0", clock=clock)
    text = (tmp_path / "out.vcf").read_bytes().decode("utf-8")
    assert "FN:Studio Nord\r\n" in text and "N:;Lena;;;\r\n" in text
    assert "FN:Kowalski Anna\r\n" in text and "N:Kowalski;Anna;;;\r\n" in text
    assert "FN:山田太郎\r\n" in text and "N:山田;太郎;;;\r\n" in text
    back = {
        c.draft.formatted_name or c.draft.given_name: c.draft
        for c in read_vcards((tmp_path / "out.vcf").read_bytes())
    }
    assert (back["Studio Nord"].given_name, back["Kowalski Anna"].family_name) == (
        "Lena",
        "Kowalski",
    )
    # importing the export again changes nothing
    with store.transaction() as session:
        again = plan_import(session, read_vcards((tmp_path / "out.vcf").read_bytes()))
    assert (len(again.new), len(again.updates), len(again.unchanged)) == (0, 0, 4)


PHONES = [
    "416-504-6429 ext: 23",
    "962-6545, x271",
    "418 656 2131 poste 5462",
    "1-800-MYFAX",
    "+44 20 7946 0958 #12",
    "555 0100 (ask for Bob)",
]


def test_phones_with_extensions_or_letters_are_kept_shown_and_searchable(store, clock):
    card = "N:Tremblay;Luc;;;\nFN:Luc Tremblay\n" + "\n".join(f"TEL;TYPE=WORK:{p}" for p in PHONES)
    plan = run(store, clock, vcf(card))
    assert plan.new[0].extra_lines == []  # nothing left to the verbatim lines
    assert people(store) == {"Luc Tremblay": PHONES}
    for typed in ("ext: 23", "4165046429", "962-6545", "MYFAX", "180069329", "5462", "Bob"):
        assert find(store, typed) == ["Luc Tremblay"], typed


def test_a_phone_extension_matches_and_tells_numbers_apart(store, clock):
    run(store, clock, vcf("N:;;;;\nFN:\nEMAIL:desk@firma.example\nTEL:+1 416 504 6429 ext. 23"))
    # an unnamed record and a card for the same extension: one contact, by phone
    plan = run(store, clock, vcf("N:Roy;Eve;;;\nFN:Eve Roy\nTEL:+1 (416) 504-6429 x 23"))
    assert plan.new == [] and plan.updates[0].match_by in ("phone", "email")
    other = run(store, clock, vcf("FN:Desk 24\nORG:Firma\nTEL:+1 416 504 6429 ext. 24"))
    assert len(other.new) == 1


def test_a_nameless_contact_matched_by_two_people_becomes_only_the_first(store, clock):
    run(store, clock, vcf("N:;;;;\nFN:\nEMAIL:casa@ruiz.example"))
    plan = run(store, clock, vcf(ANA, TOMAS))
    assert [c.name for c in plan.updates] == ["Ana Ruiz"]
    assert [c.name for c in plan.new] == ["Tomás Ruiz"] and plan.duplicates == []
    assert sorted(people(store)) == ["Ana Ruiz", "Tomás Ruiz"]
