"""Finding people: search as you type, keyboard moves, empty and no-match states."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton


def _names(view) -> list[str]:
    model = view.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _search(qtbot, view, text: str, wait_idle) -> None:
    view.search.clear()
    qtbot.keyClicks(view.search, text)
    with qtbot.waitSignal(view.loaded):
        view.search.flush()  # instead of waiting out the debounce
    wait_idle()


def test_typing_in_search_filters_the_list(qtbot, make_window, add_contact, wait_idle):
    add_contact("Ada", "Lovelace", organization="Analytical Engines")
    add_contact("Grace", "Hopper", organization="US Navy")
    add_contact("Alan", "Turing", emails=("alan@bletchley.example",))
    view = make_window().contacts_view
    assert len(_names(view)) == 3

    _search(qtbot, view, "navy", wait_idle)
    assert _names(view) == ["Grace Hopper"]
    _search(qtbot, view, "bletch", wait_idle)
    assert _names(view) == ["Alan Turing"]


def test_search_is_debounced_and_only_the_latest_query_counts(
    qtbot, make_window, add_contact, wait_idle
):
    add_contact("Ada", "Lovelace")
    add_contact("Grace", "Hopper")
    view = make_window().contacts_view
    loads = []
    view.loaded.connect(lambda: loads.append(view.search.text()))
    with qtbot.waitSignal(view.loaded, timeout=2000):
        qtbot.keyClicks(view.search, "hop")
    wait_idle()
    assert loads == ["hop"]  # one list load after the pause, not one per key
    assert _names(view) == ["Grace Hopper"]


def test_no_match_says_what_was_searched(qtbot, make_window, add_contact, wait_idle):
    add_contact("Ada", "Lovelace")
    view = make_window().contacts_view
    _search(qtbot, view, "xyz", wait_idle)
    assert view.results.currentWidget() is view.no_match
    assert view.no_match.title.text() == "No contacts match “xyz”"


def test_escape_clears_the_search(qtbot, make_window, add_contact, wait_idle):
    add_contact("Ada", "Lovelace")
    add_contact("Grace", "Hopper")
    view = make_window().contacts_view
    _search(qtbot, view, "ada", wait_idle)
    with qtbot.waitSignal(view.loaded):
        qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    assert len(_names(view)) == 2


def test_ctrl_f_focuses_search(qtbot, window):
    window.sidebar.setFocus()
    window.actions.find.trigger()
    assert window.contacts_view.search.hasFocus()


def test_typing_in_the_list_goes_to_the_search(qtbot, make_window, add_contact, wait_idle):
    add_contact("Ada", "Lovelace")
    add_contact("Grace", "Hopper")
    view = make_window().contacts_view
    view.table.setFocus()
    qtbot.keyClicks(view.table, "gr")
    assert view.search.text() == "gr"
    assert view.search.hasFocus()


def test_arrow_keys_move_through_the_list_and_the_card_follows(
    qtbot, make_window, add_contact, wait_idle
):
    first = add_contact("Ada", "Adams")
    second = add_contact("Bea", "Brown")
    view = make_window().contacts_view
    assert view.current_id() == first  # the first contact is selected on start
    qtbot.waitUntil(lambda: view.card.card() is not None)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.current_id() == second
    qtbot.waitUntil(lambda: view.card.card() is not None and view.card.card().contact.id == second)


def test_down_arrow_in_search_moves_into_the_list(qtbot, make_window, add_contact):
    add_contact("Ada", "Adams")
    view = make_window().contacts_view
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()


def test_empty_store_shows_a_friendly_start(window):
    view = window.contacts_view
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "No contacts yet"
    labels = [button.text() for button in view.empty.findChildren(QPushButton)]
    assert labels == ["Add your first contact", "Try it with sample data"]


def test_the_card_shows_the_selected_contact(qtbot, make_window, add_contact, store):
    ada = add_contact("Ada", "Lovelace", organization="Analytical Engines")
    view = make_window().contacts_view
    qtbot.waitUntil(lambda: view.card.card() is not None)
    assert view.card.card().contact.id == ada


def test_scrolling_fetches_only_the_rows_near_the_screen(qtbot, make_window, store, clock):
    from prm.core import demo

    demo.populate(store, contacts=5000, seed=5, clock=clock)
    view = make_window().contacts_view
    assert view.model.rowCount() == 5000
    assert view.model.pages_fetched == 0  # the first page came with the list, from the worker
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.pages_fetched >= 1)
    assert view.model.cached_row_count() <= 3 * view.model.PAGE_SIZE
    last_row = view.model.rowCount() - 1
    assert view.model.index(last_row, 0).data()  # the bottom rows are there
