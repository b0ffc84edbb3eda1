"""The plan dialog's agenda typed with the keyboard only: typing replaces a cell,
Return moves on (never starting the meeting), an over-long agenda asks first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from prm.core import contacts
from prm.core.drafts import ContactDraft
from prm.ui.meetings.meeting_plan_dialog import MeetingPlanDialog

K = Qt.Key


@pytest.fixture
def dialog(qtbot, tasks, store, clock):
    with store.transaction() as session:
        ann = contacts.create_contact(session, draft=ContactDraft(given_name="Ann"), clock=clock)
        people = [(ann.id, "Ann")]
    dialog = MeetingPlanDialog(tasks, people=people)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    started = []
    dialog.start_requested.connect(started.append)
    dialog.started = started
    return dialog


def type_(qtbot, text: str) -> None:
    for char in text:  # each key to whoever has the focus by then, as a keyboard does
        qtbot.keyClicks(QApplication.focusWidget(), char)
        QApplication.processEvents()


def key(qtbot, k) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k)
    QApplication.processEvents()


def titles_and_minutes(dialog):
    return [(i.title, i.minutes) for i in dialog.agenda.items()]


def test_tab_into_minutes_and_typing_replaces_the_default(qtbot, dialog):
    qtbot.mouseClick(dialog.agenda.add_button, Qt.MouseButton.LeftButton)
    type_(qtbot, "Numbers")
    key(qtbot, K.Key_Tab)
    type_(qtbot, "20")
    key(qtbot, K.Key_Tab)
    assert titles_and_minutes(dialog) == [("Numbers", 20)]
    assert "Agenda: 20 of 45 minutes" in dialog.agenda.total.text()
    # Not editing: the current cell is the name, Tab to Minutes, type: it is replaced too.
    table = dialog.agenda.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    key(qtbot, K.Key_Tab)
    assert table.currentColumn() == 1
    type_(qtbot, "35")
    key(qtbot, K.Key_Tab)
    assert titles_and_minutes(dialog) == [("Numbers", 35)]


def test_return_moves_name_minutes_next_item_and_never_starts(qtbot, dialog):
    qtbot.mouseClick(dialog.agenda.add_button, Qt.MouseButton.LeftButton)
    type_(qtbot, "Status")
    key(qtbot, K.Key_Return)  # to its minutes
    qtbot.waitUntil(lambda: dialog.agenda.table.currentColumn() == 1)
    type_(qtbot, "15")
    key(qtbot, K.Key_Return)  # a new item, its name being edited
    qtbot.waitUntil(lambda: dialog.agenda.table.rowCount() == 2)
    type_(qtbot, "Plans")
    key(qtbot, K.Key_Return)
    qtbot.waitUntil(lambda: dialog.agenda.table.currentColumn() == 1)
    type_(qtbot, "5")
    key(qtbot, K.Key_Return)
    qtbot.waitUntil(lambda: dialog.agenda.table.rowCount() == 3)
    assert titles_and_minutes(dialog)[:2] == [("Status", 15), ("Plans", 5)]
    key(qtbot, K.Key_Return)  # Return on the empty new item: the agenda is done
    qtbot.waitUntil(lambda: dialog.agenda.table.rowCount() == 2)
    assert titles_and_minutes(dialog) == [("Status", 15), ("Plans", 5)]
    assert dialog.started == [] and dialog.isVisible()


def test_return_in_the_minutes_cell_of_an_over_long_agenda_does_not_start(qtbot, dialog):
    dialog.agenda.add_item("Everything", 200)
    table = dialog.agenda.table
    table.setFocus()
    table.setCurrentCell(0, 1)
    key(qtbot, K.Key_Return)  # edits the cell
    key(qtbot, K.Key_Return)  # commits it, moves on
    QApplication.processEvents()
    assert dialog.started == [] and dialog.over_length_box is None


def test_starting_an_over_long_agenda_asks_first(qtbot, dialog):
    dialog.agenda.add_item("Everything", 220)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    box = dialog.over_length_box
    assert box is not None and "175 minutes over the 45-minute meeting" in box.text()
    assert dialog.started == []
    go_back = next(b for b in box.buttons() if b.text() == "Go back")
    go_back.click()
    assert dialog.started == [] and dialog.agenda.items()[0].minutes == 220

    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    box = dialog.over_length_box
    start = next(b for b in box.buttons() if b.text() == "Start anyway")
    assert box.buttonRole(start) == QMessageBox.ButtonRole.AcceptRole
    start.click()
    assert len(dialog.started) == 1


def test_a_blank_item_left_behind_is_dropped_when_starting(qtbot, dialog):
    qtbot.mouseClick(dialog.agenda.add_button, Qt.MouseButton.LeftButton)
    key(qtbot, K.Key_Escape)  # changed their mind: the empty row stays on screen
    qtbot.mouseClick(dialog.agenda.add_button, Qt.MouseButton.LeftButton)  # and once more
    assert dialog.agenda.table.rowCount() == 2
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.agenda_error.isHidden(), dialog.agenda_error.text()
    assert len(dialog.started) == 1 and dialog.started[0].items == []


def test_an_untitled_item_with_its_minutes_set_still_asks_for_a_title(qtbot, dialog):
    qtbot.mouseClick(dialog.agenda.add_button, Qt.MouseButton.LeftButton)
    key(qtbot, K.Key_Tab)  # no title, on to its minutes
    qtbot.waitUntil(lambda: dialog.agenda.table.currentColumn() == 1)
    type_(qtbot, "20")
    key(qtbot, K.Key_Tab)
    qtbot.waitUntil(lambda: dialog.agenda.table.minutes_at(0) == 20)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert "Give the agenda item a title" in dialog.agenda_error.text()
    assert dialog.started == []
