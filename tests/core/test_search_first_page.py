"""A search keystroke's first page (contact_list.first_ids) is exactly the start of the
whole search result, which is exactly what a plain reading of the search promises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contact_list, contacts, search, search_walk
from prm.core.list_positions import ListPositions
from tests.core.search_book import WALK_COSTS, WORDS, make_book, reference, set_walk_costs


@pytest.fixture
def book(store, clock):
    return make_book(store, clock)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.sampled_from(WORDS),
    size=st.integers(min_value=0, max_value=70),
    sort=st.sampled_from(contact_list.SORTS),
    descending=st.booleans(),
    # Cheap words are found along the list's order in batches, each tested by lookups
    # or by a pass over every match (search_walk): batches smaller than the book, and
    # costs that make the walk go on by either way, or give up.
    batch=st.sampled_from([search_walk.FIRST_BATCH, 3, 8]),
    costs=st.sampled_from(WALK_COSTS),
    # Up to this many matches are sorted, more walk the list: both ways in a small book.
    few=st.sampled_from([contact_list._FEW_MATCHES, 0, 5]),
    # A long word is spelled out as up to this many words it begins, else read as a
    # prefix; up to ``cheap`` of them, contacts are tested one by one.
    spelled=st.sampled_from([search._OR_WORDS, 0, 1]),
    cheap=st.sampled_from([search._CHEAP_WORDS, 16]),
    # The list's positions (list_positions): read, so the matches are ranked by them
    # when the walk gives up; or not read.
    positions=st.booleans(),
)
def test_first_page_is_the_start_of_the_search_result(
    book,
    monkeypatch,
    query,
    size,
    sort,
    descending,
    batch,
    costs,
    few,
    spelled,
    cheap,
    positions,
):
    monkeypatch.setattr(search_walk, "FIRST_BATCH", batch)
    monkeypatch.setattr(search_walk, "LOOKUP_BATCH", batch)
    set_walk_costs(monkeypatch, costs)
    monkeypatch.setattr(contact_list, "_FEW_MATCHES", few)
    monkeypatch.setattr(search, "_OR_WORDS", spelled)
    monkeypatch.setattr(search, "_CHEAP_WORDS", cheap)
    expected = reference(book, query, sort, descending)
    kept = ListPositions() if positions else None
    with book.reading() as session:
        contact_list.list_contact_ids(session, sort=sort, descending=descending, positions=kept)
        whole = contact_list.list_contact_ids(
            session, query=query, sort=sort, descending=descending, positions=kept
        )
        first, more = contact_list.first_ids(
            session, query=query, size=size, sort=sort, descending=descending, positions=kept
        )
    assert whole == expected
    assert first == expected[:size]
    assert more == (len(expected) > size)


def test_a_search_typed_past_stops_looking_for_close_spellings(book, monkeypatch):
    """The close-spelling scan reads every name, a step at a time; once the user has
    typed on, it stops after the step under way and frees the worker."""
    from prm.core import fuzzy

    monkeypatch.setattr(fuzzy, "_SPELLING_STEP", 10)
    asked = []

    def wanted() -> bool:
        asked.append(True)
        return len(asked) < 3  # typed past during the second step

    with book.reading() as session:
        stopped = fuzzy.fuzzy_pick(session, text="mraia", limit=50, wanted=wanted)
        whole = fuzzy.fuzzy_pick(session, text="mraia", limit=50)
    assert len(asked) == 3
    assert {name.split()[0] for _id, name, _org in whole} == {"Maria", "Mária"}
    assert len(whole) == 12  # every Maria and Mária of the 60
    # Only what the first two steps (20 names) held.
    assert 0 < len(stopped) < len(whole) and set(stopped) < set(whole)


def test_merging_the_search_index_keeps_every_search_exact(book, clock):
    """Bulk loads merge the search index into one segment; edits, trashed and purged
    contacts written before the merge stay as they were (nothing deleted comes back)."""
    with book.transaction() as session:
        ids = contact_list.list_contact_ids(session)
        contacts.trash_contacts(session, ids=ids[:5], clock=clock)
        contacts.purge_contacts(session, ids=ids[:3])
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=ids[10]))
        draft.organization = "Zebra Works"
        contacts.update_contact(session, contact_id=ids[10], draft=draft, clock=clock)
    before = {q: reference(book, q, "name", False) for q in WORDS + ["zebra"]}
    with book.transaction() as session:
        search.merge_index(session.connection())
    with book.reading() as session:
        after = {q: contact_list.list_contact_ids(session, query=q, sort="name") for q in before}
    assert after == before and after["zebra"] == [ids[10]]


def test_how_many_match_is_counted_when_few_do_and_else_told_by_where_they_fall(book, monkeypatch):
    """The walk weighs its ways on how many match: counted when few do; else estimated
    from the id of the SAMPLE-th match (exact when matches are spread evenly, as one
    given name in ten is in this book)."""
    matching = len(reference(book, "anna", "name", False))
    assert matching == 12  # Anna and Ånna, two of every ten people
    with book.reading() as session:
        raw = session.connection().connection.dbapi_connection
        expression = search.match_for(session.connection(), "anna").expression
        highest = raw.execute("SELECT max(id) FROM contact").fetchone()[0]
        assert search_walk.estimated_matches(raw, expression, highest) == matching
        monkeypatch.setattr(search_walk, "SAMPLE", 4)
        assert search_walk.estimated_matches(raw, expression, highest) == matching
        # An estimate, not a count: the 3rd falls late in its pair (ids 9, 10, 19, 20).
        monkeypatch.setattr(search_walk, "SAMPLE", 3)
        assert search_walk.estimated_matches(raw, expression, highest) < matching
