"""A new contact with the same name and email as a live one: the editor asks first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from prm.core import contact_list
from prm.ui.contacts.duplicate_offer import OPEN_EXISTING, SAVE_ANYWAY


def _live_names(store) -> list[str]:
    with store.reading() as session:
        rows = contact_list.contact_rows(session, ids=contact_list.list_contact_ids(session))
    return sorted(row.display_name for row in rows.values())


@pytest.fixture
def typed_twin(qtbot, make_window, add_contact, wait_idle):
    """Ann Lee exists (and Bob Roe, selected); a new Ann Lee with her email is typed and saved."""
    ann = add_contact("Ann", "Lee", emails=("ann@example.com",))
    bob = add_contact("Bob", "Roe")
    window = make_window()
    window.contacts_view.show_contact(bob)
    wait_idle()
    window.activateWindow()
    with qtbot.waitSignal(window.editing.editor_opened) as opened:
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = opened.args[0]
    qtbot.keyClicks(editor.name_page.given_name, "Ann")
    qtbot.keyClicks(editor.name_page.family_name, "Lee")
    qtbot.keyClicks(editor.name_page.organization, "Lee Consulting")
    qtbot.keyClicks(editor.reach_page.emails.rows()[0].value_edit, "ann@example.com")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editing.duplicate_box is not None)
    box = window.editing.duplicate_box
    qtbot.waitUntil(box.isVisible)
    return window, editor, box, ann


def _click(qtbot, box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_offer_names_the_existing_contact(typed_twin):
    _window, _editor, box, _ann = typed_twin
    assert "Ann Lee already has this name and email" in box.text()
    assert {b.text() for b in box.buttons()} >= {OPEN_EXISTING, SAVE_ANYWAY}


def test_open_existing_closes_the_editor_unsaved_and_selects_her(
    qtbot, typed_twin, store, wait_idle
):
    window, editor, box, ann = typed_twin
    with qtbot.waitSignal(editor.finished):
        _click(qtbot, box, OPEN_EXISTING)
    wait_idle()
    assert _live_names(store) == ["Ann Lee", "Bob Roe"]
    assert window.contacts_view.current_id() == ann
    shown = window.contacts_view.card.card
    qtbot.waitUntil(lambda: shown() is not None and shown().contact.id == ann)


def test_save_anyway_adds_the_second_ann(qtbot, typed_twin, store, wait_idle):
    window, editor, box, ann = typed_twin
    with qtbot.waitSignal(editor.finished):
        _click(qtbot, box, SAVE_ANYWAY)
    wait_idle()
    assert _live_names(store) == ["Ann Lee", "Ann Lee", "Bob Roe"]
    new_id = window.contacts_view.current_id()
    assert new_id not in (None, ann)
    assert window.statusBar().currentMessage() == "Added Ann Lee"


def test_cancel_goes_back_to_the_editor_with_the_typing_kept(qtbot, typed_twin, store, wait_idle):
    _window, editor, box, _ann = typed_twin
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    wait_idle()
    assert editor.isVisible()
    draft = editor.draft()
    assert (draft.given_name, draft.family_name, draft.organization) == (
        "Ann",
        "Lee",
        "Lee Consulting",
    )
    assert [e.value for e in draft.emails] == ["ann@example.com"]
    assert _live_names(store) == ["Ann Lee", "Bob Roe"]
