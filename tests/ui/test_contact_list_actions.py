"""The contact list: sorting by a header click, a row's context menu, typo-tolerant search."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from prm.core import contact_list, touches
from prm.ui.contacts.contact_table_model import ContactTableModel as M

# The offscreen platform says these when a window or a menu pops up; not ours.
menu_noise = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


def _names(view) -> list[str]:
    return [view.model.index(row, M.NAME).data() for row in range(view.model.rowCount())]


def _touched(store, clock, contact_id: int, when: datetime) -> None:
    with store.transaction() as session:
        touches.log_touch(
            session, draft=touches.TouchDraft([contact_id], "call", occurred_at=when), clock=clock
        )


@pytest.fixture
def book(make_window, add_contact, store, clock, wait_idle):
    """Four people whose touch dates sort differently as dates and as the text shown."""
    ann = add_contact("Ann", "Avery", organization="Zeta Labs")
    bob = add_contact("Bob", "Brown", organization="alpha Partners")
    cy = add_contact("Cy", "Cole")  # no company, never touched
    dee = add_contact("Dee", "Dunn", organization="Beta Bank")
    _touched(store, clock, ann, datetime(2026, 3, 12, 10, tzinfo=UTC))  # "12 Mar 2026"
    _touched(store, clock, bob, datetime(2026, 2, 3, 10, tzinfo=UTC))  # "3 Feb 2026"
    _touched(store, clock, dee, datetime(2025, 12, 25, 10, tzinfo=UTC))  # "25 Dec 2025"
    window = make_window()
    wait_idle()
    return window, {"ann": ann, "bob": bob, "cy": cy, "dee": dee}


def _click_header(qtbot, view, column: int, wait_idle) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(view.loaded):
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )
    wait_idle()


def test_clicking_headers_sorts_by_date_and_by_company(qtbot, book, wait_idle):
    window, _ids = book
    view = window.contacts_view
    assert _names(view) == ["Ann Avery", "Bob Brown", "Cy Cole", "Dee Dunn"]

    _click_header(qtbot, view, M.LAST_TOUCH, wait_idle)
    # Longest ago first, never touched the longest of all: by date, not by the text shown.
    assert _names(view) == ["Cy Cole", "Dee Dunn", "Bob Brown", "Ann Avery"]
    assert view.model.index(3, M.LAST_TOUCH).data() == "12 Mar 2026"
    _click_header(qtbot, view, M.LAST_TOUCH, wait_idle)
    assert _names(view) == ["Ann Avery", "Bob Brown", "Dee Dunn", "Cy Cole"]

    _click_header(qtbot, view, M.ORGANIZATION, wait_idle)
    # Case does not matter; people without a company come last either way.
    order = view.table.horizontalHeader().sortIndicatorOrder()
    expected = ["Bob Brown", "Dee Dunn", "Ann Avery"]
    if order == Qt.SortOrder.DescendingOrder:
        expected.reverse()
    assert _names(view) == [*expected, "Cy Cole"]


def test_the_order_holds_while_searching_and_keeps_the_selection(qtbot, book, wait_idle):
    window, ids = book
    view = window.contacts_view
    view.show_contact(ids["bob"])
    wait_idle()
    _click_header(qtbot, view, M.LAST_TOUCH, wait_idle)
    assert view.current_id() == ids["bob"]
    view.search.setText("a")  # Ann Avery, Bob Brown?, Dee Dunn: whoever has an "a..." word
    with qtbot.waitSignal(view.loaded):
        view.search.flush()
    wait_idle()
    shown = _names(view)
    assert shown == [n for n in ["Cy Cole", "Dee Dunn", "Bob Brown", "Ann Avery"] if n in shown]


def _right_click(qtbot, view, row: int):
    table = view.table
    pos = table.visualRect(table.model().index(row, M.NAME)).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, table.viewport().mapToGlobal(pos)
    )
    QApplication.sendEvent(table.viewport(), event)
    qtbot.waitUntil(lambda: table.row_menu is not None and table.row_menu.isVisible())
    return table.row_menu


def _action(menu, text: str):
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


@menu_noise
def test_the_row_menu_offers_the_everyday_actions(qtbot, book):
    window, _ids = book
    menu = _right_click(qtbot, window.contacts_view, 1)
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Edit contact…",
        "Log a touch…",
        "Add gift…",
        "Plan a meeting…",
        "Export vCards…",
        "Delete",
    ]
    menu.close()


@menu_noise
def test_the_row_menu_edits_the_right_clicked_row_not_the_selected_one(qtbot, book, wait_idle):
    window, ids = book
    view = window.contacts_view
    view.show_contact(ids["ann"])
    wait_idle()
    menu = _right_click(qtbot, view, view.model.row_for_id(ids["dee"]))
    assert view.selected_ids() == [ids["dee"]]
    with qtbot.waitSignal(window.editing.editor_opened) as opened:
        _action(menu, "Edit contact…").trigger()
    assert opened.args[0].name_page.given_name.text() == "Dee"


@menu_noise
def test_the_row_menu_adds_a_gift_for_and_deletes_the_right_clicked_row(
    qtbot, book, store, wait_idle
):
    window, ids = book
    view = window.contacts_view
    view.show_contact(ids["ann"])
    wait_idle()
    with qtbot.waitSignal(view.add_gift_requested) as asked:
        _action(_right_click(qtbot, view, view.model.row_for_id(ids["bob"])), "Add gift…").trigger()
    assert asked.args == [ids["bob"]]
    QApplication.activeModalWidget() and QApplication.activeModalWidget().close()
    wait_idle()

    _action(_right_click(qtbot, view, view.model.row_for_id(ids["cy"])), "Delete").trigger()
    wait_idle()
    with store.reading() as session:
        assert contact_list.list_contact_ids(session, trashed=True) == [ids["cy"]]


def test_a_typo_in_the_search_finds_the_person_as_ctrl_l_does(
    qtbot, make_window, add_contact, wait_idle
):
    add_contact("Hannah", "Abe", organization="Cobalt Mining")
    add_contact("Boris", "Abe")
    view = make_window().contacts_view
    qtbot.keyClicks(view.search, "hannha")
    with qtbot.waitSignal(view.loaded):
        view.search.flush()
    wait_idle()
    assert _names(view)[0] == "Hannah Abe"
    assert "Boris Abe" not in _names(view)
    assert view.results.currentWidget() is view.table
    assert view.count_label.text().startswith("No exact match")

    view.search.clear()
    qtbot.keyClicks(view.search, "zzzzqq")
    with qtbot.waitSignal(view.loaded):
        view.search.flush()
    wait_idle()
    assert view.results.currentWidget() is view.no_match


def test_a_search_is_ranked_by_the_order_the_list_loaded_and_follows_edits(
    qtbot, book, store, clock, wait_idle, monkeypatch
):
    """The list remembers where everyone stands in its order as it loads; a search's
    first page is ranked by it (forced here: in a big book, when the matches sort
    together deep in the list), and a company changed since still sorts right."""
    from prm.core import contacts, list_positions

    window, ids = book
    view = window.contacts_view
    monkeypatch.setattr(contact_list, "_FEW_MATCHES", 0)
    monkeypatch.setattr(contact_list, "_first_ids_walking", lambda *_a: None)
    ranked = []
    real = list_positions.ranked_matches
    monkeypatch.setattr(
        list_positions, "ranked_matches", lambda *a: ranked.append(real(*a)) or ranked[-1]
    )
    _click_header(qtbot, view, M.ORGANIZATION, wait_idle)
    descending = view.model.descending
    assert store.list_positions.get("organization", descending) is not None
    with store.transaction() as session:  # Ann's company moves from last to first
        draft = contacts.draft_from_contact(contacts.get_contact(session, contact_id=ids["ann"]))
        draft.organization = "Aardvark"
        contacts.update_contact(session, contact_id=ids["ann"], draft=draft, clock=clock)
    wait_idle()
    view.search.setText("a")  # Ann Avery (Aardvark, was Zeta Labs), Bob Brown (alpha Partners)
    with qtbot.waitSignal(view.loaded):
        view.search.flush()
    wait_idle()
    expected = ["Ann Avery", "Bob Brown"]
    assert _names(view) == (expected[::-1] if descending else expected)
    assert ranked and ranked[0] is not None
