"""Adding and editing contacts from the window, with Undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from prm.core import contacts
from prm.core.drafts import ContactDraft
from prm.core.errors import KnownError


def _activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _open_new_editor(qtbot, window):
    _activate(qtbot, window)
    with qtbot.waitSignal(window.editing.editor_opened) as opened:
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return opened.args[0]


def _stored(store, contact_id):
    with store.reading() as session:
        return contacts.get_contact(session, contact_id=contact_id)


def test_ctrl_n_opens_the_editor_and_the_saved_contact_appears_selected(
    qtbot, window, store, wait_idle
):
    editor = _open_new_editor(qtbot, window)
    qtbot.keyClicks(editor.name_page.given_name, "Jane")
    qtbot.keyClicks(editor.name_page.family_name, "Doe")
    with qtbot.waitSignal(editor.finished):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle()

    view = window.contacts_view
    assert view.pages.currentWidget() is view.splitter  # no longer the empty state
    new_id = view.current_id()
    assert new_id is not None
    assert _stored(store, new_id).display_name == "Jane Doe"
    assert window.sidebar.count_of("contacts") == 1
    assert window.statusBar().currentMessage() == "Added Jane Doe"


def test_a_saved_contact_hidden_by_the_search_is_shown_anyway(
    qtbot, make_window, add_contact, wait_idle
):
    add_contact("Ada", "Lovelace")
    window = make_window()
    view = window.contacts_view
    view.search.setText("ada")
    view.search.flush()
    wait_idle()
    editor = _open_new_editor(qtbot, window)
    qtbot.keyClicks(editor.name_page.given_name, "Zed")
    with qtbot.waitSignal(editor.finished):
        editor.submit()
    wait_idle()
    assert view.search.text() == ""
    assert view.model.index(view.model.row_for_id(view.current_id()), 0).data() == "Zed"


def test_service_validation_errors_show_in_the_editor_and_keep_the_typing(qtbot, window, wait_idle):
    editor = _open_new_editor(qtbot, window)
    qtbot.keyClicks(editor.name_page.given_name, "Jane")
    shown = []
    editor.show_errors = lambda errors: shown.append(errors)  # spy on the real interface
    editor.submitted.emit(ContactDraft(given_name="Jane", referred_by_id=9999))
    wait_idle()
    assert shown == [{"referred_by_id": "There is no contact #9999."}]
    assert editor.isVisible()
    assert editor.draft().given_name == "Jane"


def test_a_known_error_while_saving_is_explained_and_the_editor_stays(
    qtbot, window, wait_idle, monkeypatch
):
    def broken(*_args, **_kwargs):
        raise KnownError("The disk holding your data is full; nothing was saved.")

    monkeypatch.setattr(contacts, "create_contact", broken)
    editor = _open_new_editor(qtbot, window)
    qtbot.keyClicks(editor.name_page.given_name, "Jane")
    editor.submit()
    qtbot.waitUntil(lambda: _message_box() is not None)
    box = _message_box()
    assert "disk holding your data is full" in box.text()
    box.close()
    assert editor.isVisible()
    assert editor.draft().given_name == "Jane"


def _message_box() -> QMessageBox | None:
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    return boxes[0] if boxes else None


def test_enter_opens_the_selected_contact_and_undo_reverts_the_edit(
    qtbot, make_window, add_contact, store, wait_idle
):
    ada = add_contact("Ada", "Lovelace", organization="Analytical Engines")
    window = make_window()
    view = window.contacts_view
    view.table.setFocus()
    with qtbot.waitSignal(window.editing.editor_opened) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    editor = opened.args[0]
    assert editor.name_page.given_name.text() == "Ada"
    editor.name_page.organization.clear()
    qtbot.keyClicks(editor.name_page.organization, "Babbage & Co")
    with qtbot.waitSignal(editor.finished):
        editor.submit()
    wait_idle()
    assert _stored(store, ada).organization == "Babbage & Co"
    qtbot.waitUntil(
        lambda: (
            view.card.card() is not None and view.card.card().contact.organization == "Babbage & Co"
        )
    )

    window.actions.undo.trigger()
    wait_idle()
    assert _stored(store, ada).organization == "Analytical Engines"
    window.actions.redo.trigger()
    wait_idle()
    assert _stored(store, ada).organization == "Babbage & Co"


def test_undo_of_add_moves_the_contact_to_the_trash(qtbot, window, store, wait_idle):
    editor = _open_new_editor(qtbot, window)
    qtbot.keyClicks(editor.name_page.given_name, "Jane")
    with qtbot.waitSignal(editor.finished):
        editor.submit()
    wait_idle()
    new_id = window.contacts_view.current_id()
    window.actions.undo.trigger()
    wait_idle()
    assert _stored(store, new_id).deleted_at is not None
    assert window.sidebar.count_of("trash") == 1
    window.actions.redo.trigger()
    wait_idle()
    assert _stored(store, new_id).deleted_at is None
