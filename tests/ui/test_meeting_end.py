"""The running meeting and its end, in the window. Its text fields keep real labels;
logging it (ending it) is undoable: Ctrl+Z takes the meeting and its touch out of
the Meetings list and the contact's timeline, and the status message offering the
undo goes once it happened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from prm.core.timeline_entry import KIND_MEETING


def test_ending_a_meeting_says_so_and_ctrl_z_takes_it_and_its_touch_back(
    qtbot, window, tasks, clock, add_contact, wait_idle
):
    ann = add_contact("Ann")
    flow = window.meetings
    flow.plan([ann])
    flow.plan_dialog.title.setText("Pilot kickoff")
    qtbot.mouseClick(flow.plan_dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)
    clock.advance(minutes=30)
    flow.end()
    with qtbot.waitSignal(flow.ended, timeout=5000):
        flow.summary_dialog.save_button.click()
    wait_idle()
    status = window.statusBar().currentMessage()
    assert status.startswith("Meeting logged: Pilot kickoff, 30 minutes")
    assert status.endswith("Undo (Ctrl+Z)")
    assert window.undo_stack.undoText() == "Log meeting “Pilot kickoff”"

    meetings_view = window.section("meetings").view
    with qtbot.waitSignal(meetings_view.loaded):
        window.sidebar.select("meetings")
    assert meetings_view.model.rowCount() == 1
    window.sidebar.select("contacts")
    window.contacts_view.show_contact(ann)
    timeline = window.contacts_view.timeline
    qtbot.waitUntil(lambda: [e.kind for e in timeline.model.entries()] == [KIND_MEETING])

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle()
    assert window.undo_stack.index() == 0
    assert window.statusBar().currentMessage() == ""  # no stale "— Undo"
    qtbot.waitUntil(lambda: timeline.model.entries() == [])
    with qtbot.waitSignal(meetings_view.loaded):
        window.sidebar.select("meetings")
    assert meetings_view.stack.currentWidget() is meetings_view.empty

    window.undo_stack.redo()  # and back again
    wait_idle()
    assert meetings_view.model.rowCount() == 1


def test_outcomes_and_next_step_keep_a_visible_label_once_filled(qtbot, window, add_contact):
    flow = window.meetings
    flow.plan([add_contact("Ann")])
    qtbot.mouseClick(flow.plan_dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)
    run = flow.meeting_window
    run.outcomes.setText("Pilot agreed")
    run.next_step.setText("Send the SOW")
    for field, name in ((run.outcomes, "Outcomes"), (run.next_step, "Next step")):
        labels = [
            label
            for label in run.findChildren(QLabel)
            if label.buddy() is field and label.isVisible()
        ]
        assert [label.text().replace("&", "") for label in labels] == [name]
        assert labels[0].geometry().right() < field.geometry().left()  # beside it, not over
