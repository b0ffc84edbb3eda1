"""The search index's word list (``derived_search_term``) holds every word of the
index whatever wrote it, and searches read words as the index does."""

from __future__ import annotations

from prm.core import contact_list, contacts, demo, fts_tokens, search
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.duplicates.merging import merge_contacts
from prm.core.vcard.apply import apply_import
from prm.core.vcard.card import ParsedCard
from prm.core.vcard.importer import plan_import


def index_words(session) -> set[str]:
    conn = session.connection()
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.test_words USING fts5vocab(main, contact_fts, row)"
    )
    return {row[0] for row in conn.exec_driver_sql("SELECT term FROM temp.test_words")}


def listed_words(session) -> set[str]:
    sql = "SELECT term FROM derived_search_term"
    return {row[0] for row in session.connection().exec_driver_sql(sql)}


def add(store, clock, given, family="", **fields) -> int:
    with store.transaction() as session:
        draft = ContactDraft(given_name=given, family_name=family, **fields)
        return contacts.create_contact(session, draft=draft, clock=clock).id


def search_ids(store, typed: str) -> list[int]:
    with store.reading() as session:
        return contact_list.list_contact_ids(session, query=typed)


def test_the_tokenizer_is_the_search_index_s(store):
    with store.reading() as session:
        ddl = session.connection().exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'contact_fts'"
        )
        assert f"tokenize='{fts_tokens.TOKENIZE}'" in ddl.scalar()


def test_every_writer_of_the_index_lists_its_words(store, clock, read_back):
    """Saves, edits, merges, vCard imports, the sample data and "Import everything"
    each leave every word of the index in the list (a word missing from it would be
    people missing from a search for a longer prefix)."""
    demo.populate(store, contacts=30, touches=40, clock=clock)
    kept = add(store, clock, "Zygmunt", "Wiśniewski", organization="Ostsee Räucherei")
    other = add(store, clock, "Zyggy", "Wisniewski", emails=[LabeledValue("zyg@kilnworks.example")])
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=kept))
        draft.notes = "Introduced by Quillon Fabergé at the Hafenfest"
        contacts.update_contact(session, contact_id=kept, draft=draft, clock=clock)
    with store.transaction() as session:
        merge_contacts(session, keep_id=kept, other_id=other, clock=clock)
    cards = [
        ParsedCard(
            i + 1,
            i * 10 + 1,
            "",
            ContactDraft(given_name=f"Xavienne{i}", family_name="Thorncastle", title="Glazier"),
            [],
        )
        for i in range(3)
    ]
    with store.transaction() as session:
        apply_import(session, plan_import(session, cards), clock=clock)
    with store.reading() as session:
        written = index_words(session)
        assert written <= listed_words(session)
        assert {"quillon", "faberge", "hafenfest", "thorncastle", "xavienne2"} <= written
    assert len(search_ids(store, "Thornc")) == 3 and search_ids(store, "Quillo") == [kept]

    copy = read_back(store)
    with copy.reading() as session:
        assert index_words(session) == listed_words(session)
    assert len(search_ids(copy, "thornca")) == 3


def test_merging_the_index_drops_the_words_nobody_has_any_more(store, clock):
    """Edits leave their old words listed (harmless: a search looks them up and finds
    no one); merging the index lists exactly what it holds again."""
    cid = add(store, clock, "Philippa", "Oakenshield")
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=cid))
        draft.family_name = "Birchwood"
        contacts.update_contact(session, contact_id=cid, draft=draft, clock=clock)
    assert search_ids(store, "oakensh") == [] and search_ids(store, "birchw") == [cid]
    with store.transaction() as session:
        search.merge_index(session.connection())
    with store.reading() as session:
        assert "oakenshield" not in listed_words(session)
        assert index_words(session) == listed_words(session)
    assert search_ids(store, "birchw") == [cid]


def test_a_search_reads_words_as_the_index_does(store, clock):
    """A typed "Straße" finds its contact (Python's casefold made it "strasse", a word
    the index never holds); accents, case and apostrophes fold as in the index."""
    strasse = add(store, clock, "Jörg", "Straßberger", organization="Hauptstraße Werke")
    obrien = add(store, clock, "Siobhán", "O'Brien")
    assert search_ids(store, "Straß") == [strasse]
    assert search_ids(store, "HAUPTSTRASSE") == []  # the index keeps ß: as before
    assert search_ids(store, "hauptstraße") == [strasse]
    assert search_ids(store, "JORG strassb") == []
    assert search_ids(store, "jörg straßb") == [strasse]
    assert search_ids(store, "siobhan o'brien") == [obrien]
    assert search_ids(store, "O'Bri") == [obrien]
    assert fts_tokens.words_in_order("Siobhán O'Brien, Straße") == [
        "siobhan",
        "o",
        "brien",
        "straße",
    ]


def test_a_long_word_nobody_has_finds_no_one_at_once(store, clock):
    add(store, clock, "Marguerite", "Delacroix", tags=["client"])
    with store.reading() as session:
        assert search.match_for(session.connection(), "clientele") is None
        found = search.match_for(session.connection(), "client margu")
    assert found is not None and found.cheap_to_test_one_by_one
    assert search_ids(store, "clientele") == []
