"""A broad search shows its first page at once, then the whole list and its exact count."""

from __future__ import annotations

from prm.core import contact_list, contacts, demo
from prm.core.drafts import ContactDraft
from prm.ui.contacts.contact_table_model import ContactTableModel as M
from prm.ui.contacts.contact_table_model import load_contact_list


def test_a_broad_search_shows_a_first_page_then_every_match(
    qtbot, make_window, store, clock, wait_idle
):
    demo.populate(store, contacts=M.PAGE_SIZE * 2 + 50, touches=0, seed=5, clock=clock)
    with store.reading() as session:
        everyone = contact_list.list_contact_ids(session)
        first = load_contact_list(session, query="e", first_page_only=True)
    assert not first.complete and len(first.ids) == M.PAGE_SIZE

    view = make_window().contacts_view
    # Keep a contact selected that only the rest of the list holds.
    with store.reading() as session:
        wanted = contact_list.list_contact_ids(session, query="e")
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


def test_keystrokes_count_the_book_once_per_change(
    qtbot, make_window, store, clock, wait_idle, monkeypatch
):
    """Typing reuses the total counted after the last change; a change counts anew."""
    demo.populate(store, contacts=40, touches=0, seed=5, clock=clock)
    counted = []
    real_count = contact_list.count_contacts

    def counting(session, **kwargs):
        counted.append(kwargs)
        return real_count(session, **kwargs)

    monkeypatch.setattr(contact_list, "count_contacts", counting)
    view = make_window().contacts_view

    def type_(text: str) -> None:
        qtbot.keyClicks(view.search, text)
        with qtbot.waitSignal(view.loaded):
            view.search.flush()
        wait_idle()

    wait_idle()
    counted.clear()  # (the sections' badges count at start-up)

    def matches(text: str) -> int:
        with store.reading() as session:
            return len(contact_list.list_contact_ids(session, query=text))

    type_("a")  # the list without a search counted itself: its length
    type_("n")
    assert counted == []
    assert view.count_label.text() == f"{matches('an'):,} of 40"

    with store.transaction() as session:  # another contact: the total must follow
        contacts.create_contact(session, draft=ContactDraft(given_name="Anna"), clock=clock)
    wait_idle()
    type_("n")
    assert view.count_label.text() == f"{matches('ann'):,} of 41"


def test_contacts_first_shown_lists_a_first_page_then_everyone(
    qtbot, tasks, settings, theme, store, clock, wait_idle
):
    """Opening Contacts for the first time shows the first page as soon as it arrives
    (usable), and the whole list and its count follow."""
    from prm.ui.contacts.contacts_section import CONTACTS
    from prm.ui.main_window import MainWindow

    demo.populate(store, contacts=M.PAGE_SIZE + 50, touches=0, seed=5, clock=clock)
    wait_idle()  # the store is as the app finds it: no change announced but not yet heard
    window = MainWindow(tasks, settings=settings, theme=theme)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    view, at_first_page = window.contacts_view, []
    view.first_page_shown.connect(
        lambda: at_first_page.append((view.model.rowCount(), view.count_label.text()))
    )
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.sidebar.select(CONTACTS)
    wait_idle()
    assert at_first_page == [(M.PAGE_SIZE, f"{M.PAGE_SIZE}+ contacts")]
    assert view.model.rowCount() == M.PAGE_SIZE + 50
    assert view.count_label.text() == f"{M.PAGE_SIZE + 50} contacts"
    assert view.table.current_id() == view.model.ids()[0]
