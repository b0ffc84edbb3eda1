"""A broad search shows its first page at once, then the whole list and its exact count."""

from __future__ import annotations

from prm.core import contacts, demo
from prm.ui.contacts.contact_table_model import ContactTableModel as M
from prm.ui.contacts.contact_table_model import load_contact_list


def test_a_broad_search_shows_a_first_page_then_every_match(
    qtbot, make_window, store, clock, wait_idle
):
    demo.populate(store, contacts=M.PAGE_SIZE * 2 + 50, touches=0, seed=5, clock=clock)
    with store.reading() as session:
        everyone = contacts.list_contact_ids(session)
        first = load_contact_list(session, query="e", first_page_only=True)
    assert not first.complete and len(first.ids) == M.PAGE_SIZE

    view = make_window().contacts_view
    # Keep a contact selected that only the rest of the list holds.
    with store.reading() as session:
        wanted = contacts.list_contact_ids(session, query="e")
    far = wanted[-1]
    view.table.select_id(far)
    qtbot.keyClicks(view.search, "e")
    with qtbot.waitSignal(view.loaded):
        view.search.flush()
    wait_idle()
    assert view.model.ids() == wanted
    assert view.count_label.text() == f"{len(wanted):,} of {len(everyone):,}"
    assert view.table.current_id() == far


def test_first_page_only_is_the_whole_list_when_it_fits(store, clock):
    demo.populate(store, contacts=30, touches=0, seed=5, clock=clock)
    with store.reading() as session:
        whole = load_contact_list(session, query="a")
        first = load_contact_list(session, query="a", first_page_only=True)
    assert first.complete and first.ids == whole.ids and first.total == whole.total
