"""Delete goes to the trash, Undo brings it back, the trash restores or forgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from prm.core import contact_list, contacts
from prm.ui.main_window import CONTACTS, TRASH


def _live_ids(store) -> list[int]:
    with store.reading() as session:
        return contact_list.list_contact_ids(session)


def _trashed_ids(store) -> list[int]:
    with store.reading() as session:
        return contact_list.list_contact_ids(session, trashed=True)


@pytest.fixture
def answer(monkeypatch):
    """Answer the next confirmation the way the test says; record the questions."""
    asked = []

    def set_answer(button: QMessageBox.StandardButton) -> list[str]:
        def question(_parent, title, text, *_args, **_kwargs):
            asked.append(text)
            return button

        monkeypatch.setattr(QMessageBox, "question", question)
        return asked

    return set_answer


def test_del_moves_to_trash_and_ctrl_z_brings_it_back(
    qtbot, make_window, add_contact, store, wait_idle
):
    jane = add_contact("Jane", "Doe")
    john = add_contact("John", "Smith")
    window = make_window()
    view = window.contacts_view
    view.table.select_id(jane)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.table.setFocus()

    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    wait_idle()
    assert _trashed_ids(store) == [jane]
    assert window.statusBar().currentMessage() == "Moved Jane Doe to the trash — Undo (Ctrl+Z)"
    assert view.model.row_for_id(jane) == -1
    assert view.current_id() == john  # the next contact moved up into the selection
    assert (window.sidebar.count_of(CONTACTS), window.sidebar.count_of(TRASH)) == (1, 1)

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle()
    assert _trashed_ids(store) == []
    assert view.current_id() == jane  # back, and selected
    assert window.statusBar().currentMessage() == "Restored Jane Doe"

    qtbot.keyClick(
        view.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_idle()
    assert _trashed_ids(store) == [jane]


def test_deleting_several_names_the_count(qtbot, make_window, add_contact, store, wait_idle):
    for name in ("Ann", "Bob", "Cy"):
        add_contact(name)
    window = make_window()
    window.contacts_view.table.selectAll()
    window.actions.delete.trigger()
    wait_idle()
    assert _live_ids(store) == []
    assert window.statusBar().currentMessage().startswith("Moved 3 contacts to the trash")
    assert window.contacts_view.pages.currentWidget() is window.contacts_view.empty


def test_del_in_the_search_box_edits_the_text(qtbot, make_window, add_contact, store):
    add_contact("Jane", "Doe")
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    search = window.contacts_view.search
    search.setFocus()
    qtbot.keyClicks(search, "ja")
    qtbot.keyClick(search, Qt.Key.Key_Home)
    qtbot.keyClick(search, Qt.Key.Key_Delete)
    assert search.text() == "a"
    assert _trashed_ids(store) == []


def test_trash_view_restores(qtbot, make_window, add_contact, store, clock, wait_idle):
    jane = add_contact("Jane", "Doe")
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[jane], clock=clock)
    window = make_window()
    window.sidebar.select(TRASH)
    wait_idle()
    trash = window.section("trash").view
    assert trash.stack.currentWidget() is trash.table
    trash.table.select_id(jane)
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert _live_ids(store) == [jane]
    assert trash.stack.currentWidget() is trash.empty
    window.actions.undo.trigger()  # a restore can be undone too
    wait_idle()
    assert _trashed_ids(store) == [jane]


def test_delete_forever_asks_first(
    qtbot, make_window, add_contact, store, clock, wait_idle, answer
):
    jane = add_contact("Jane", "Doe")
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=[jane], clock=clock)
    window = make_window()
    window.sidebar.select(TRASH)
    wait_idle()
    window.section("trash").view.table.select_id(jane)

    asked = answer(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(window.section("trash").view.purge_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert asked == ["Delete Jane Doe forever?\n\nThis cannot be undone."]
    assert _trashed_ids(store) == [jane]

    answer(QMessageBox.StandardButton.Discard)
    window.actions.delete.trigger()  # Del in the trash means "delete forever"
    wait_idle()
    assert _trashed_ids(store) == []
    assert window.statusBar().currentMessage() == "Deleted Jane Doe forever"
    assert not window.undo_stack.canUndo()


def test_empty_trash(qtbot, make_window, add_contact, store, clock, wait_idle, answer):
    ids = [add_contact(name) for name in ("Ann", "Bob")]
    keep = add_contact("Cy")
    with store.transaction() as session:
        contacts.trash_contacts(session, ids=ids, clock=clock)
    window = make_window()
    window.sidebar.select(TRASH)
    wait_idle()
    asked = answer(QMessageBox.StandardButton.Discard)
    qtbot.mouseClick(window.section("trash").view.empty_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert asked == ["Delete all 2 contacts in the trash forever?\n\nThis cannot be undone."]
    assert _trashed_ids(store) == []
    assert _live_ids(store) == [keep]
    assert window.sidebar.count_of(TRASH) == 0
