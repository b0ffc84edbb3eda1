"""The quick log (Ctrl+L): a touch in a few keystrokes, with Undo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from prm.core import contacts
from prm.core.timeline import contact_timeline
from prm.ui.touches.quick_log_dialog import QuickLogDialog
from prm.ui.touches.touch_form import parse_duration


@pytest.fixture
def undo_stack(tasks):
    from prm.ui.operations import new_undo_stack

    return new_undo_stack(tasks)


@pytest.fixture
def open_dialog(qtbot, tasks, undo_stack):
    def open_(contact_id: int | None = None) -> QuickLogDialog:
        dialog = QuickLogDialog(tasks, undo_stack, contact_id=contact_id)
        qtbot.addWidget(dialog, before_close_func=lambda d: d.done(0))
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def _timeline(store, contact_id):
    with store.reading() as session:
        return contact_timeline(session, contact_id=contact_id)


def _last_touch_at(store, contact_id):
    with store.reading() as session:
        return contacts.get_contact(session, contact_id=contact_id).last_touch_at


def _enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_typo_then_enter_enter_logs_a_touch_now_on_their_preferred_channel(
    qtbot, open_dialog, add_contact, store, clock, undo_stack, wait_idle
):
    john = add_contact("John", "Smith", preferred_channel="email")
    add_contact("Ada", "Lovelace")
    dialog = open_dialog()
    line = dialog.form.participants.line
    qtbot.keyClicks(line, "smiht")  # a typo
    _enter(qtbot, line)  # picks the highlighted match as soon as the worker has found it
    qtbot.waitUntil(lambda: dialog.form.participants.people() == [(john, "John Smith")])
    assert dialog.form.channel.currentData() == "email"
    with qtbot.waitSignal(dialog.logged) as logged:
        _enter(qtbot, line)
    wait_idle()

    [entry] = _timeline(store, john)
    assert entry.id == logged.args[0]
    assert (entry.channel, entry.direction, entry.at) == ("email", "out", clock.now())
    assert _last_touch_at(store, john) == clock.now()
    assert not dialog.isVisible()

    undo_stack.undo()  # Ctrl+Z in the window
    wait_idle()
    assert _timeline(store, john) == []
    assert _last_touch_at(store, john) is None
    undo_stack.redo()
    wait_idle()
    assert [e.id for e in _timeline(store, john)] == [entry.id]


def test_up_down_choose_among_matches_and_a_second_person_becomes_a_chip(
    qtbot, open_dialog, add_contact, store, wait_idle
):
    add_contact("Joanna", "Adams")
    jo = add_contact("Jo", "Baker")
    bob = add_contact("Bob", "Jones")
    dialog = open_dialog()
    field = dialog.form.participants
    qtbot.keyClicks(field.line, "jo")
    qtbot.waitUntil(field.is_showing_matches)  # the debounced search ran by itself
    qtbot.keyClick(field.line, Qt.Key.Key_Down)
    _enter(qtbot, field.line)
    qtbot.keyClicks(field.line, "bob")
    _enter(qtbot, field.line)
    qtbot.waitUntil(lambda: [cid for cid, _ in field.people()] == [jo, bob])
    field.remove(jo)
    assert field.people() == [(bob, "Bob Jones")]
    qtbot.keyClicks(dialog.form.summary, "Lunch")
    with qtbot.waitSignal(dialog.logged):
        _enter(qtbot, dialog.form.summary)
    wait_idle()
    assert [e.summary for e in _timeline(store, bob)] == ["Lunch"]


def test_with_a_contact_given_the_name_is_filled_selected_and_tab_takes_it(
    qtbot, open_dialog, add_contact, store, wait_idle
):
    ada = add_contact("Ada", "Lovelace", preferred_channel="in_person")
    dialog = open_dialog(ada)
    field = dialog.form.participants
    assert field.people() == [(ada, "Ada Lovelace")]
    assert field.selected_people() == [(ada, "Ada Lovelace")]
    assert dialog.windowTitle() == "Log a touch — with Ada Lovelace"
    assert dialog.form.channel.currentData() == "in_person"
    assert dialog.focusWidget() is field.line
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is not field.line
    assert field.selected_people() == []  # taken
    qtbot.keyClicks(dialog.form.summary, "Coffee at the station")
    with qtbot.waitSignal(dialog.logged):
        _enter(qtbot, dialog.form.summary)
    wait_idle()
    assert _timeline(store, ada)[0].summary == "Coffee at the station"


def test_ctrl_l_on_the_selected_contact_then_typing_a_name_logs_for_that_person(
    qtbot, window, add_contact, store, wait_idle
):
    ann = add_contact("Ann", "Abe")
    bob = add_contact("Bob", "Bee")
    wait_idle()
    view = window.contacts_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    view.table.selectRow(view.model.row_for_id(ann))
    window.activateWindow()
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QuickLogDialog))
    assert dialog.windowTitle() == "Log a touch — with Ann Abe"
    field = dialog.form.participants
    assert dialog.focusWidget() is field.line
    qtbot.keyClicks(dialog.focusWidget(), "Bob")
    assert field.people() == []  # typing replaced Ann
    _enter(qtbot, field.line)
    qtbot.waitUntil(lambda: field.people() == [(bob, "Bob Bee")])
    assert dialog.windowTitle() == "Log a touch — with Bob Bee"
    with qtbot.waitSignal(dialog.logged):
        _enter(qtbot, field.line)
    wait_idle()
    [entry] = _timeline(store, bob)
    assert entry.summary == ""
    assert _timeline(store, ann) == []


def test_backspace_removes_the_prefilled_person(qtbot, open_dialog, add_contact):
    ada = add_contact("Ada", "Lovelace")
    dialog = open_dialog(ada)
    qtbot.keyClick(dialog.form.participants.line, Qt.Key.Key_Backspace)
    assert dialog.form.participants.people() == []
    assert dialog.windowTitle() == "Log a touch"


def test_needs_reply_is_only_for_what_they_sent(qtbot, open_dialog, add_contact, store, wait_idle):
    ada = add_contact("Ada")
    dialog = open_dialog(ada)
    form = dialog.form
    assert form.out_button.isChecked()
    assert not form.needs_reply.isEnabled()
    qtbot.mouseClick(form.in_button, Qt.MouseButton.LeftButton)
    assert form.needs_reply.isEnabled()
    form.needs_reply.setChecked(True)
    qtbot.mouseClick(form.out_button, Qt.MouseButton.LeftButton)
    assert not form.needs_reply.isEnabled() and not form.needs_reply.isChecked()
    qtbot.mouseClick(form.in_button, Qt.MouseButton.LeftButton)
    form.needs_reply.setChecked(True)
    with qtbot.waitSignal(dialog.logged):
        dialog.submit()
    wait_idle()
    [entry] = _timeline(store, ada)
    assert (entry.direction, entry.needs_reply) == ("in", True)


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_a_touch_a_week_ahead_is_saved_only_after_a_yes(
    qtbot, open_dialog, add_contact, store, clock, monkeypatch, wait_idle, answer
):
    ada = add_contact("Ada")
    asked = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    dialog = open_dialog(ada)
    dialog.form.when.setDateTime(dialog.form.when.dateTime().addDays(7))
    dialog.submit()
    wait_idle()
    assert len(asked) == 1
    assert "more than a day ahead. Log it anyway?" in asked[0]
    assert "21 Mar 2026" in asked[0]
    entries = _timeline(store, ada)
    if answer == QMessageBox.StandardButton.Yes:
        assert [e.at for e in entries] == [clock.now() + timedelta(days=7)]
        assert not dialog.isVisible()
    else:
        assert entries == []
        assert dialog.isVisible() and dialog.save_button.isEnabled()


def test_an_invalid_duration_shows_next_to_the_field_and_keeps_the_typing(
    qtbot, open_dialog, add_contact, store, wait_idle
):
    ada = add_contact("Ada")
    dialog = open_dialog(ada)
    form = dialog.form
    qtbot.keyClicks(form.summary, "Board prep")
    qtbot.keyClicks(form.duration, "two hours")
    _enter(qtbot, form.duration)
    error = form.slots["duration_minutes"].error
    assert error.isVisible() and "not a duration" in error.text()
    form.duration.setText("2000")  # a number, but the service says no
    dialog.submit()
    wait_idle()
    assert "between 0 and 1440" in error.text() and error.isVisible()
    assert (form.summary.text(), form.duration.text()) == ("Board prep", "2000")
    assert dialog.isVisible() and _timeline(store, ada) == []
    form.duration.setText("1:30")
    assert not error.isVisible()  # typing clears the message
    with qtbot.waitSignal(dialog.logged):
        dialog.submit()
    wait_idle()
    assert _timeline(store, ada)[0].duration_minutes == 90


def test_no_one_chosen_or_a_name_not_picked_is_reported_by_the_name(
    qtbot, open_dialog, add_contact, store, wait_idle
):
    add_contact("Ada")
    dialog = open_dialog()
    _enter(qtbot, dialog.form.participants.line)  # nothing typed: the service says who is missing
    wait_idle()
    error = dialog.form.slots["contact_ids"].error
    assert error.isVisible() and "Choose who" in error.text()
    qtbot.keyClicks(dialog.form.participants.line, "zzzz")
    _enter(qtbot, dialog.form.participants.line)
    qtbot.waitUntil(lambda: "Pick “zzzz”" in error.text())
    assert dialog.isVisible()


def test_enter_enter_typed_faster_than_the_search_picks_then_logs(
    qtbot, open_dialog, add_contact, store, wait_idle
):
    jo = add_contact("Jo", "Baker")
    dialog = open_dialog()
    line = dialog.form.participants.line
    qtbot.keyClicks(line, "jo")
    with qtbot.waitSignal(dialog.logged):
        _enter(qtbot, line)  # both presses land before the worker answers
        _enter(qtbot, line)
    wait_idle()
    assert [e.channel for e in _timeline(store, jo)] == ["call"]


def test_typing_never_reads_names_on_the_gui_thread(
    qtbot, open_dialog, add_contact, monkeypatch, wait_idle
):
    """The typo search reads every live name: it must run on the worker, never the GUI thread."""
    import threading

    from prm.core import fuzzy

    add_contact("John", "Smith")
    threads = []
    close_spellings = fuzzy._close_spellings

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return close_spellings(*args, **kwargs)

    monkeypatch.setattr(fuzzy, "_close_spellings", recording)
    dialog = open_dialog()
    field = dialog.form.participants
    for text in ("s", "m", "i", "h", "t"):
        qtbot.keyClicks(field.line, text)
        field.flush()  # a search per keystroke, not one after the pause
    _enter(qtbot, field.line)
    qtbot.waitUntil(lambda: [name for _cid, name in field.people()] == ["John Smith"])
    wait_idle()
    assert threads and threading.main_thread() not in threads


def test_an_answer_to_older_typing_is_dropped(qtbot, open_dialog, add_contact, wait_idle):
    add_contact("Ada", "Lovelace")
    add_contact("Bob", "Jones")
    dialog = open_dialog()
    field = dialog.form.participants
    answers = []
    field._search = lambda text, deliver: answers.append((text, deliver))  # answered by hand
    qtbot.keyClicks(field.line, "ada")
    field.flush()
    qtbot.keyClicks(field.line, "x")
    field.flush()
    [(_, older), (_, latest)] = answers
    latest([])
    older([(1, "Ada Lovelace", "")])  # arrives late: the user typed on meanwhile
    texts = [field.matches.item(i).text() for i in range(field.matches.count())]
    assert texts == ["No one matches “adax”"]


def test_durations_read_as_a_person_types_them():
    assert [parse_duration(t) for t in ("", "45", "45m", "1:30", "1h30", "2h", "90 min")] == [
        None,
        45,
        45,
        90,
        90,
        120,
        90,
    ]
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_the_notes_box_opens_at_four_lines_and_grows_with_the_dialog(qtbot, open_dialog):
    dialog = open_dialog()
    notes = dialog.form.notes
    notes.setFocus()
    for line in ("Talked about the move", "Kids are fine", "Wants the book", "Call in May"):
        qtbot.keyClicks(notes, line)
        qtbot.keyClick(notes, Qt.Key.Key_Return)
    notes.textCursor().deletePreviousChar()
    qtbot.waitUntil(lambda: notes.blockCount() == 4)
    assert notes.verticalScrollBar().maximum() == 0  # all four lines in view
    before = notes.height()
    dialog.resize(dialog.width(), dialog.height() + 120)
    qtbot.waitUntil(lambda: notes.height() >= before + 100)
    save_top = dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft()).y()
    assert notes.mapTo(dialog, notes.rect().bottomLeft()).y() < save_top
