"""A contact's timeline: newest first, edit and delete with Undo, fast with 1,000 touches."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from prm.core import contacts, touches
from prm.core.touches import TouchDraft
from prm.ui.touches.timeline_model import TimelineModel
from prm.ui.touches.timeline_widget import TimelineWidget
from prm.ui.touches.touch_form import wall_clock


@pytest.fixture
def undo_stack(tasks):
    from prm.ui.operations import new_undo_stack

    return new_undo_stack(tasks)


@pytest.fixture
def log(store, clock):
    """Log a touch through the real service, ``days_ago`` before the fake now."""

    def log_(ids: list[int], days_ago: float, summary: str = "", **fields) -> int:
        draft = TouchDraft(
            contact_ids=ids,
            channel=fields.pop("channel", "call"),
            occurred_at=clock.now() - timedelta(days=days_ago),
            summary=summary,
            **fields,
        )
        with store.transaction() as session:
            return touches.log_touch(session, draft=draft, clock=clock).id

    return log_


@pytest.fixture
def timeline(qtbot, tasks, undo_stack):
    widget = TimelineWidget(tasks, undo_stack)
    qtbot.addWidget(widget)
    widget.resize(720, 520)
    widget.show()
    follow_changes(tasks, widget)
    return widget


def follow_changes(tasks, widget) -> None:
    """What the Contacts section does for the timeline on screen (tested in test_touch_sections)."""
    tasks.changed.connect(
        lambda changes: (
            widget.contact_id() is not None
            and changes.touched_contact(widget.contact_id())
            and widget.reload()
        )
    )


def _show(qtbot, widget: TimelineWidget, contact_id: int) -> None:
    with qtbot.waitSignal(widget.loaded):
        widget.show_contact(contact_id)


def _ids(widget: TimelineWidget) -> list[int]:
    return [e.id for e in widget.model.entries()]


def _last_touch_at(store, contact_id):
    with store.reading() as session:
        return contacts.get_contact(session, contact_id=contact_id).last_touch_at


def test_newest_first_with_the_other_people_named(qtbot, timeline, add_contact, log):
    ada, bob, cy = add_contact("Ada"), add_contact("Bob"), add_contact("Cy")
    oldest = log([ada], 3, "Intro call", duration_minutes=20)
    lunch = log([ada, bob, cy], 2, "Lunch", channel="in_person")
    # Newest, so no outbound touch has answered it yet.
    question = log([ada], 1, "Sent the deck", channel="email", direction="in", needs_reply=True)
    _show(qtbot, timeline, ada)
    assert _ids(timeline) == [question, lunch, oldest]
    rows = [timeline.proxy.index(r, 0).data() for r in range(3)]
    assert "← Email" in rows[0] and "needs reply" in rows[0]
    assert "with Bob, Cy" in rows[1] and "In person" in rows[1] and "→" in rows[1]
    assert "20 min" in rows[2]
    assert timeline.count_label.text() == "3 entries"
    timeline.grab()  # the delegate paints every kind of row without complaint

    _show(qtbot, timeline, bob)
    assert _ids(timeline) == [lunch]
    assert timeline.model.entries()[0].with_names == ("Ada", "Cy")


def test_editing_the_date_reorders_the_list_and_moves_last_touch(
    qtbot, timeline, add_contact, log, store, clock, undo_stack, wait_idle, tasks
):
    ada = add_contact("Ada")
    old = log([ada], 10, "Old call")
    recent = log([ada], 1, "Recent call")
    _show(qtbot, timeline, ada)
    timeline.select_entry("touch", old)
    timeline.view.setFocus()
    with qtbot.waitSignal(timeline.editor_opened) as opened:
        qtbot.keyClick(timeline.view, Qt.Key.Key_Return)
    editor = opened.args[0]
    qtbot.waitUntil(lambda: editor.form.isEnabled())
    assert editor.form.summary.text() == "Old call"
    moved_to = clock.now() - timedelta(hours=2)
    editor.form.when.setDateTime(wall_clock(moved_to, tasks.ctx.zone))
    with qtbot.waitSignal(timeline.loaded):
        editor.submit()
    assert _ids(timeline) == [old, recent]
    assert _last_touch_at(store, ada) == moved_to
    assert timeline.current_entry().id == old  # the selection followed the touch

    with qtbot.waitSignal(timeline.loaded):
        undo_stack.undo()
    assert _ids(timeline) == [recent, old]
    assert _last_touch_at(store, ada) == clock.now() - timedelta(days=1)
    wait_idle()


def test_delete_then_undo_brings_the_touch_back(
    qtbot, timeline, add_contact, log, store, clock, undo_stack
):
    ada = add_contact("Ada")
    first, second = log([ada], 5, "First"), log([ada], 1, "Second")
    _show(qtbot, timeline, ada)
    timeline.select_entry("touch", second)
    messages: list[str] = []
    timeline.message.connect(messages.append)
    with qtbot.waitSignal(timeline.loaded):
        qtbot.keyClick(timeline.view, Qt.Key.Key_Delete)
    assert _ids(timeline) == [first]
    assert timeline.current_entry().id == first
    assert messages[-1].startswith("Touch deleted — Undo (")
    assert _last_touch_at(store, ada) == clock.now() - timedelta(days=5)

    with qtbot.waitSignal(timeline.loaded):
        undo_stack.undo()
    assert _ids(timeline) == [second, first]
    assert _last_touch_at(store, ada) == clock.now() - timedelta(days=1)


def test_del_in_the_list_deletes_the_touch_not_what_the_window_binds_to_del(
    qtbot, tasks, undo_stack, add_contact, log
):
    window = QWidget()
    qtbot.addWidget(window)
    trash_contact = QAction("Move contact to the trash", window)
    trash_contact.setShortcut(QKeySequence(Qt.Key.Key_Delete))
    fired: list[bool] = []
    trash_contact.triggered.connect(lambda: fired.append(True))
    window.addAction(trash_contact)
    timeline = TimelineWidget(tasks, undo_stack, window)
    follow_changes(tasks, timeline)
    QVBoxLayout(window).addWidget(timeline)
    window.show()
    qtbot.waitExposed(window)
    ada = add_contact("Ada")
    log([ada], 1)
    _show(qtbot, timeline, ada)
    timeline.view.setCurrentIndex(timeline.proxy.index(0, 0))
    timeline.view.setFocus()
    window.activateWindow()
    with qtbot.waitSignal(timeline.loaded):
        qtbot.keyClick(timeline.view, Qt.Key.Key_Delete)
    assert _ids(timeline) == [] and fired == []


def test_the_last_touch_deleted_shows_the_empty_state_and_log_touch_asks(
    qtbot, timeline, add_contact, log
):
    ada = add_contact("Ada")
    log([ada], 1)
    _show(qtbot, timeline, ada)
    timeline.view.setCurrentIndex(timeline.proxy.index(0, 0))
    with qtbot.waitSignal(timeline.loaded):
        timeline.delete_current()
    assert timeline.pages.currentWidget() is timeline.empty
    with qtbot.waitSignal(timeline.log_requested):
        qtbot.mouseClick(timeline.log_button, Qt.MouseButton.LeftButton)
    timeline.show_contact(None)
    assert timeline.pages.currentWidget() is timeline.placeholder
    assert not timeline.log_button.isEnabled()


def test_the_kind_filter_is_ready_for_more_kinds(qtbot, timeline, add_contact, log):
    ada = add_contact("Ada")
    log([ada], 1)
    _show(qtbot, timeline, ada)
    touch = timeline.model.entries()[0]
    timeline.model.set_entries([touch, replace(touch, kind="gift", id=99)])
    assert [timeline.kind_filter.itemText(i) for i in range(2)] == ["All", "Touches"]
    timeline.kind_filter.setCurrentIndex(1)
    assert timeline.proxy.rowCount() == 1
    timeline.kind_filter.setCurrentIndex(0)
    assert timeline.proxy.rowCount() == 2


def test_a_contact_with_1000_touches_loads_in_one_go(
    qtbot, timeline, add_contact, store, clock, capsys
):
    ada, bob = add_contact("Ada"), add_contact("Bob")
    with store.transaction() as session:
        for i in range(1000):
            draft = TouchDraft(
                contact_ids=[ada, bob] if i % 7 == 0 else [ada],
                channel=("call", "email", "meeting")[i % 3],
                occurred_at=clock.now() - timedelta(hours=5 * i + 1),
                summary=f"Touch {i}",
                duration_minutes=15 if i % 2 else None,
            )
            touches.log_touch(session, draft=draft, clock=clock)
    started = time.perf_counter()
    _show(qtbot, timeline, ada)
    loaded = time.perf_counter()
    timeline.view.scrollToBottom()
    timeline.grab()
    painted = time.perf_counter()
    with capsys.disabled():
        print(
            f"\n[timeline] 1,000 touches: loaded in {(loaded - started) * 1000:.1f} ms,"
            f" scrolled and painted in {(painted - loaded) * 1000:.1f} ms"
        )
    assert timeline.model.rowCount() == 1000
    assert timeline.model.entries()[0].summary == "Touch 0"


def test_the_model_is_a_well_behaved_qt_model(qtmodeltester, tasks, add_contact, log, store):
    ada = add_contact("Ada")
    for days in (1, 2, 3):
        log([ada], days)
    model = TimelineModel(tasks.ctx.zone)
    from prm.core.timeline import contact_timeline

    with store.reading() as session:
        model.set_entries(contact_timeline(session, contact_id=ada))
    qtmodeltester.check(model)
    assert model.index(0, 0).data(TimelineModel.KindRole) == "touch"
