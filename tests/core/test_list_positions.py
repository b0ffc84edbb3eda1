"""A search ranked by the list's positions (prm.core.list_positions) gives exactly what
the plain reading of the search gives, whatever changed since the list was read, by
whoever wrote it; and the positions are trusted only while the change log says which
contacts moved."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core import contact_list, contacts, list_positions, search_walk
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.list_positions import ListPositions
from prm.core.touches import TouchDraft, log_touch
from tests.core.search_book import WALK_COSTS, WORDS, make_book, reference, set_walk_costs


@pytest.fixture
def book(store, clock):
    return make_book(store, clock, people=40)


@pytest.fixture
def ranked(monkeypatch):
    """Every search is a broad one (ranked, not sorted from its few matches); the
    list of what each ranking returned (None: the positions were not used)."""
    monkeypatch.setattr(contact_list, "_FEW_MATCHES", 0)
    results = []
    real = list_positions.ranked_matches

    def spy(*args):
        results.append(real(*args))
        return results[-1]

    monkeypatch.setattr(list_positions, "ranked_matches", spy)
    return results


def _read_list(store, positions, sort, descending):
    with store.reading() as session:
        contact_list.list_contact_ids(
            session, sort=sort, descending=descending, positions=positions
        )


def _searched(store, positions, query, sort, descending, limit=None):
    with store.reading() as session:
        return contact_list.list_contact_ids(
            session,
            query=query,
            sort=sort,
            descending=descending,
            limit=limit,
            positions=positions,
        )


def _edit(store, clock, contact_id, change):
    with store.transaction() as session:
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=contact_id))
        change(draft)
        contacts.update_contact(session, contact_id=contact_id, draft=draft, clock=clock)


def _raw(store, sql, params):
    """A write by another program (the command line): no change channel hears of it."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(sql, params)


def _apply(store, clock, step, n):
    """One change of the kinds a user (or another program) makes; ``n`` picks whom."""
    with store.reading() as session:
        live = contact_list.list_contact_ids(session)
        trashed = contact_list.list_contact_ids(session, trashed=True)
    pool = trashed if step in ("restore", "purge") else live
    if not pool:
        return
    cid = pool[n % len(pool)]
    if step == "rename":
        _edit(store, clock, cid, lambda d: setattr(d, "family_name", ["Aab", "Zyx", "Mar"][n % 3]))
    elif step == "company":
        _edit(
            store,
            clock,
            cid,
            lambda d: setattr(d, "organization", ["", "Aardvark", "North"][n % 3]),
        )
    elif step == "title":
        _edit(store, clock, cid, lambda d: setattr(d, "title", ["CEO", "", "Zoo keeper"][n % 3]))
    elif step == "email":
        _edit(
            store, clock, cid, lambda d: setattr(d, "emails", [LabeledValue(f"a{n}@mar.example")])
        )
    elif step == "phone":
        _edit(
            store,
            clock,
            cid,
            lambda d: setattr(d, "phones", [LabeledValue(f"+44 20 7946 {n:04d}")]),
        )
    elif step == "touch":
        with store.transaction() as session:
            draft = TouchDraft(contact_ids=[cid], channel="call", summary="catch-up")
            log_touch(session, draft=draft, clock=clock)
        clock.advance(hours=1)
    elif step in ("trash", "restore", "purge"):
        with store.transaction() as session:
            if step == "trash":
                contacts.trash_contacts(session, ids=[cid], clock=clock)
            elif step == "restore":
                contacts.restore_contacts(session, ids=[cid], clock=clock)
            else:
                contacts.purge_contacts(session, ids=[cid])
    elif step == "add":
        draft = ContactDraft(given_name="Maria", family_name=["Aalto", "Zorn"][n % 2],
                             organization="North Co")  # fmt: skip
        with store.transaction() as session:
            contacts.create_contact(session, draft=draft, clock=clock)
    elif step == "other program renames":
        _raw(store, "UPDATE contact SET sort_name = ? WHERE id = ?", (["a", "zz"][n % 2], cid))
    elif step == "other program trashes":
        _raw(store, "UPDATE contact SET deleted_at = '2026-03-01 00:00:00' WHERE id = ?", (cid,))


STEPS = ["rename", "company", "title", "email", "phone", "touch", "trash", "restore", "purge",
         "add", "other program renames", "other program trashes"]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sort=st.sampled_from(contact_list.SORTS),
    descending=st.booleans(),
    steps=st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 99)), max_size=6),
    queries=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    size=st.integers(min_value=0, max_value=45),
    # The first page: walked from the first match in batches smaller than the book,
    # or every match ranked.
    batch=st.sampled_from([search_walk.FIRST_BATCH, 3]),
    costs=st.sampled_from(WALK_COSTS),
)
def test_a_ranked_search_is_the_plain_search_whatever_changed_since_the_list_was_read(
    book, clock, ranked, monkeypatch, sort, descending, steps, queries, size, batch, costs
):
    monkeypatch.setattr(search_walk, "FIRST_BATCH", batch)
    monkeypatch.setattr(search_walk, "LOOKUP_BATCH", batch)
    set_walk_costs(monkeypatch, costs)
    positions = ListPositions()
    _read_list(book, positions, sort, descending)
    for step, n in steps:
        _apply(book, clock, step, n)
    ranked.clear()
    found = False
    for query in queries:
        expected = reference(book, query, sort, descending)
        found = found or bool(expected)
        assert _searched(book, positions, query, sort, descending, limit=size) == expected[:size]
        assert _searched(book, positions, query, sort, descending) == expected
    # Each search that matches someone was ranked, first page then whole list: the
    # first page always by the positions (the whole list not when matches moved).
    assert all(page is not None for page in ranked[::2])
    assert ranked or not found


def test_positions_are_given_up_once_too_many_moved_and_taken_again_when_the_list_reloads(
    book, clock, ranked, monkeypatch
):
    monkeypatch.setattr(list_positions, "MAX_MOVED", 3)
    positions = ListPositions()
    _read_list(book, positions, "organization", False)
    with book.reading() as session:
        ids = contact_list.list_contact_ids(session)
    for n in range(4):
        _edit(book, clock, ids[n], lambda d, n=n: setattr(d, "organization", f"Moved {n}"))
    expected = reference(book, "north", "organization", False)
    assert _searched(book, positions, "north", "organization", False, limit=5) == expected[:5]
    assert ranked[-1] is None  # four moved: sorted the old way
    _read_list(book, positions, "organization", False)
    assert _searched(book, positions, "north", "organization", False, limit=5) == expected[:5]
    assert ranked[-1] is not None


def test_a_match_moved_down_the_list_leaves_its_old_place_to_the_next_one(book, clock, ranked):
    positions = ListPositions()
    _read_list(book, positions, "name", False)
    first = reference(book, "ma", "name", False)[0]

    def to_the_end(draft):
        draft.given_name, draft.family_name, draft.organization = "Zed", "Zz", "Mar Labs"

    _edit(book, clock, first, to_the_end)
    expected = reference(book, "ma", "name", False)
    assert expected.index(first) > 3  # it was first
    for size in (1, 2, 3):
        assert _searched(book, positions, "ma", "name", False, limit=size) == expected[:size]
    assert all(page is not None for page in ranked)


def _log(store) -> list[int]:
    with store.reading() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT contact_id FROM derived_list_change ORDER BY seq"
        )
        return [row[0] for row in rows]


def test_the_log_names_every_contact_whose_place_in_a_list_changed_and_no_other(book, clock):
    with book.reading() as session:
        first, second = contact_list.list_contact_ids(session)[:2]
    before = len(_log(book))
    _edit(book, clock, first, lambda d: setattr(d, "notes", "met at the fair"))
    _edit(book, clock, second, lambda d: setattr(d, "tags", ["golf"]))
    assert len(_log(book)) == before  # neither moves in any order
    # An email is written after its contact: its sort key follows by a trigger.
    _edit(book, clock, first, lambda d: setattr(d, "emails", [LabeledValue("a@mar.example")]))
    with book.transaction() as session:
        log_touch(session, draft=TouchDraft(contact_ids=[second], channel="call"), clock=clock)
    _raw(book, "UPDATE contact SET title = 'Zoo keeper' WHERE id = ?", (first,))
    assert _log(book)[before:] == [first, second, first]
    with book.transaction() as session:
        contacts.trash_contacts(session, ids=[second], clock=clock)
    trashed = len(_log(book))
    with book.transaction() as session:
        contacts.purge_contacts(session, ids=[second])
    assert _log(book)[trashed - 1 :] == [second, second]
    with book.transaction() as session:
        new = contacts.create_contact(session, draft=ContactDraft(given_name="Nia"), clock=clock)
    assert set(_log(book)[trashed + 1 :]) == {new.id}


def test_the_log_keeps_its_newest_rows_and_says_when_it_no_longer_reaches_back(book):
    from importlib import import_module

    kept = import_module("prm.core.migrations.versions.0024_list_changes").KEPT
    with book.reading() as session:
        since = list_positions.last_change(session.connection().connection.dbapi_connection)
        some = contact_list.list_contact_ids(session)[0]
    names = [(f"n{i}", some) for i in range(kept + 10)]
    with book.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE contact SET sort_name = ? WHERE id = ?", names)
    assert len(_log(book)) == kept
    with book.reading() as session:
        raw = session.connection().connection.dbapi_connection
        assert list_positions.moved_since(raw, since) is None  # rows after it are gone
        assert list_positions.moved_since(raw, list_positions.last_change(raw)) == set()
