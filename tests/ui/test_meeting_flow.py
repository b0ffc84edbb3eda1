"""A meeting driven through the GUI with a fake clock: plan, colours, warnings,
the touch written at the end, and recovery after a crash."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox
from sqlmodel import select

from prm.core import contacts, meetings
from prm.core.drafts import ContactDraft
from prm.core.errors import KnownError
from prm.core.meeting_timer import Phase
from prm.core.meetings import AgendaDraft, MeetingDraft
from prm.core.models import Meeting, Touch
from prm.ui.meetings.meeting_plan_dialog import MeetingPlanDialog
from prm.ui.meetings.timer_colours import PHASE_COLOURS


@pytest.fixture
def people(store, clock):
    with store.transaction() as session:
        return [
            contacts.create_contact(
                session, draft=ContactDraft(given_name=n, pref_coffee="espresso"), clock=clock
            ).id
            for n in ("Ann", "Bob")
        ]


def wait_idle(qtbot, tasks):
    qtbot.waitUntil(lambda: not tasks.is_busy(), timeout=5000)


def test_plan_warns_over_length_scales_to_fit_and_keeps_typing(qtbot, tasks, people):
    dialog = MeetingPlanDialog(tasks, people=[(people[0], "Ann")])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("Quarterly review")
    dialog.agenda.add_item("Numbers", 30)
    dialog.agenda.add_item("Plans", 30)
    assert "15 more than the meeting" in dialog.agenda.total.text()
    assert dialog.agenda.fit_button.isVisible()
    qtbot.mouseClick(dialog.agenda.fit_button, Qt.MouseButton.LeftButton)
    assert [i.minutes for i in dialog.agenda.items()] == [23, 22] or sum(
        i.minutes for i in dialog.agenda.items()
    ) == 45
    assert not dialog.agenda.fit_button.isVisible()

    dialog.presets.button(30).click()
    assert dialog.length.value() == 30
    dialog.length.setValue(60)
    assert dialog.over_rule.isVisible()
    dialog.submit()
    assert "45-minute rule" in dialog.length_error.text()
    assert dialog.title.text() == "Quarterly review"  # kept
    # The brief shows what PRM knows about the attendee.
    qtbot.waitUntil(lambda: "espresso" in dialog.brief.toPlainText(), timeout=5000)


def test_a_whole_meeting_turns_amber_red_overrun_and_logs_the_touch(
    qtbot, window, tasks, clock, people, store
):
    flow = window.meetings
    flow.plan(people)
    dialog = flow.plan_dialog
    dialog.agenda.add_item("Status", 20)
    dialog.agenda.add_item("Next steps", 25)
    notified = []
    flow.notifier.notified.connect(lambda title, text, via: notified.append(title))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)
    run = flow.meeting_window
    session = flow.session
    assert run.countdown.text() == "45:00"
    assert run.phase == Phase.CALM

    clock.advance(minutes=20)
    qtbot.mouseClick(run.next_button, Qt.MouseButton.LeftButton)
    assert run.item_title.text().endswith("Next steps")
    assert not run.next_button.isEnabled()  # the last item

    clock.advance(minutes=15)
    session.tick()
    assert run.phase == Phase.AMBER and run.countdown_colour() == PHASE_COLOURS[Phase.AMBER]
    assert notified == ["10 minutes left"]

    clock.advance(minutes=5)
    session.tick()
    assert run.phase == Phase.RED and run.countdown_colour() == PHASE_COLOURS[Phase.RED]

    clock.advance(minutes=2, seconds=30)
    session.tick()
    assert run.banner.isVisible() and "capture the outcomes" in run.banner.text()
    run.outcomes.setText("Pilot agreed")

    run.pause_button.click()  # a 10-minute interruption, not counted
    clock.advance(minutes=10)
    session.tick()
    assert "Paused" in run.caption.text()
    run.pause_button.click()

    clock.advance(minutes=4)
    session.tick()
    assert run.phase == Phase.OVERRUN
    assert run.countdown.text() == "+01:30"
    assert "Time to wrap up" in notified and "The meeting is over time" in notified

    flow.show_mini()
    assert flow.mini.isVisible() and flow.mini.time.text() == "+01:30"

    flow.end()
    summary = flow.summary_dialog
    assert "47 min of 45 min planned" in summary.verdict.text()
    assert summary.outcomes.toPlainText() == "Pilot agreed"
    summary.next_step.setText("Send the SOW")
    summary.follow_up_date.setDate(QDate(2026, 3, 28))
    with qtbot.waitSignal(flow.ended, timeout=5000):
        summary.save_button.click()
    assert flow.meeting_window is None and not flow.running

    with store.reading() as session_db:
        meeting = session_db.exec(select(Meeting)).one()
        touch = session_db.get(Touch, meeting.touch_id)
        assert meeting.actual_seconds == 46 * 60 + 30 and meeting.paused_seconds == 600
        assert touch.channel == "meeting" and touch.duration_minutes == 47
        assert touch.follow_up_on == date(2026, 3, 28)
        assert "Send the SOW" in touch.notes and "Pilot agreed" in touch.notes
        assert sorted(p.contact_id for p in touch.participants) == sorted(people)


def test_notes_typed_during_the_meeting_are_saved_without_ending_it(
    qtbot, window, tasks, clock, people, store
):
    flow = window.meetings
    flow.plan(people[:1])
    qtbot.mouseClick(flow.plan_dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)
    flow.meeting_window.notes.setPlainText("They are moving offices in May")
    flow.session.save()  # what the typing pause triggers
    wait_idle(qtbot, tasks)
    with store.reading() as session:
        assert meetings.live_meeting(session).notes == "They are moving offices in May"


def start_in_store(store, clock, people):
    with store.transaction() as session:
        meeting = meetings.start_meeting(
            session,
            draft=MeetingDraft(people, title="Kick-off", items=[AgendaDraft("Intro", 45)]),
            clock=clock,
        )
        timer = meetings.saved_timer(meeting)
        clock.advance(minutes=12)
        meetings.save_progress(
            session, meeting_id=meeting.id, timer=timer, notes="Budget 40k", clock=clock
        )
        return meeting.id


def test_after_a_crash_the_meeting_can_be_ended_at_the_last_known_time(
    qtbot, make_window, clock, people, store
):
    meeting_id = start_in_store(store, clock, people)
    clock.advance(hours=5)  # PRM died; this is the next start
    window = make_window()
    flow = window.meetings
    qtbot.waitUntil(lambda: getattr(flow, "recovery_box", None) is not None, timeout=5000)
    box = flow.recovery_box
    assert "Kick-off" in box.text()
    end_button = next(b for b in box.buttons() if b.text().startswith("End at"))
    end_button.click()
    qtbot.waitUntil(lambda: flow.summary_dialog is not None, timeout=5000)
    summary = flow.summary_dialog
    assert summary.notes.toPlainText() == "Budget 40k"
    assert "12 min of 45 min planned" in summary.verdict.text()
    with qtbot.waitSignal(flow.ended, timeout=5000):
        summary.save_button.click()
    with store.reading() as session:
        meeting = meetings.get_meeting(session, meeting_id=meeting_id)
        assert meeting.state == "ended" and meeting.actual_seconds == 12 * 60


def test_after_a_crash_the_meeting_can_be_resumed(qtbot, make_window, clock, people, store):
    start_in_store(store, clock, people)
    clock.advance(minutes=3)
    window = make_window()
    flow = window.meetings
    qtbot.waitUntil(lambda: getattr(flow, "recovery_box", None) is not None, timeout=5000)
    next(b for b in flow.recovery_box.buttons() if b.text() == "Resume meeting").click()
    assert flow.running
    assert flow.meeting_window.notes.toPlainText() == "Budget 40k"
    assert flow.meeting_window.countdown.text() == "30:00"  # the meeting went on while PRM was down
    flow.session.stop_ticking()
    flow._close_meeting()


def test_end_can_go_back_to_the_meeting(qtbot, window, clock, people):
    flow = window.meetings
    flow.plan(people[:1])
    qtbot.mouseClick(flow.plan_dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)
    clock.advance(minutes=5)
    flow.end()
    flow.summary_dialog.back_button.click()
    clock.advance(minutes=5)
    flow.session.tick()
    assert flow.running and flow.meeting_window.countdown.text() == "35:00"
    flow._close_meeting()


def test_reach_out_offers_a_meeting(qtbot, window, people):
    window.section("reach_out").view.meeting_requested.emit(people[0])
    dialog = window.meetings.plan_dialog
    assert dialog is not None and dialog.attendees.people() == [(people[0], "Ann")]
    dialog.reject()


def test_an_ended_meeting_is_one_entry_on_the_timeline_and_opens_its_details(
    qtbot, tasks, clock, people, store
):

    from prm.ui.contacts.contact_timeline import contact_timeline_widget
    from prm.ui.operations import new_undo_stack

    meeting_id = start_in_store(store, clock, people)
    with store.transaction() as session:
        meeting = meetings.get_meeting(session, meeting_id=meeting_id)
        meetings.end_meeting(
            session,
            meeting_id=meeting_id,
            timer=meetings.saved_timer(meeting),
            summary=meetings.MeetingSummary(notes="Budget 40k"),
            clock=clock,
        )
    widget = contact_timeline_widget(tasks, new_undo_stack(tasks))
    qtbot.addWidget(widget)
    widget.show_contact(people[0])
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=5000)
    (entry,) = widget.model.entries()
    assert (entry.kind, entry.id, entry.with_names) == ("meeting", meeting_id, ("Bob",))
    widget.kind_filter.setCurrentIndex(widget.kind_filter.findData("touch"))
    assert widget.proxy.rowCount() == 0  # its touch is not shown twice
    widget.kind_filter.setCurrentIndex(widget.kind_filter.findData("meeting"))
    assert widget.proxy.rowCount() == 1
    widget.select_entry("meeting", meeting_id)
    widget.edit_current()
    dialog = widget.findChild(QDialog)
    assert dialog is not None
    qtbot.waitUntil(
        lambda: "Budget 40k" in " ".join(label.text() for label in dialog.findChildren(QLabel)),
        timeout=5000,
    )
    dialog.close()


def test_plus_one_minute_says_whether_later_items_shrink_or_the_end_moves(
    qtbot, window, clock, people
):
    flow = window.meetings
    flow.plan(people[:1])
    dialog = flow.plan_dialog
    dialog.agenda.add_item("Status", 20)
    dialog.agenda.add_item("Next steps", 25)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)
    run = flow.meeting_window
    end = flow.session.local_time_in(45 * 60_000)
    assert "the items after it shrink" in run.minute_button.toolTip()
    qtbot.mouseClick(run.minute_button, Qt.MouseButton.LeftButton)
    assert run.minute_note.text() == (
        f"+1 minute: the later items shrink; the meeting still ends at {end:%H:%M}"
    )
    assert flow.session.timer.length_ms == 45 * 60_000

    clock.advance(minutes=21)
    qtbot.mouseClick(run.next_button, Qt.MouseButton.LeftButton)  # the last item now
    assert run.minute_note.isHidden()
    assert "no later item to shrink" in run.minute_button.toolTip()
    qtbot.mouseClick(run.minute_button, Qt.MouseButton.LeftButton)
    later = flow.session.local_time_in(flow.session.view().remaining_ms)
    assert later.strftime("%H:%M") == (end + timedelta(minutes=1)).strftime("%H:%M")
    assert run.minute_note.text() == (
        f"+1 minute: no later item to shrink, so the meeting now ends at {later:%H:%M}"
    )
    assert run.caption.text().endswith(f"ends {later:%H:%M}")
    assert "46 minutes" in run.caption.text()
    flow._close_meeting()


def _answer(monkeypatch, **answers):
    """QMessageBox.question/warning answer as given, and remember what they said."""
    said = []

    def box(kind):
        def ask(_parent, title, text, *_args):
            said.append((kind, title, text))
            return answers[kind]

        return ask

    for kind in answers:
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    return said


def _start(qtbot, flow, people):
    flow.plan(people[:1])
    qtbot.mouseClick(flow.plan_dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.meeting_window is not None, timeout=5000)


def test_quit_during_a_meeting_saves_it_and_leaves_no_window_open(
    qtbot, window, people, store, monkeypatch
):
    flow = window.meetings
    _start(qtbot, flow, people)
    flow.meeting_window.notes.setPlainText("Typed just before quitting")  # not saved yet
    flow.show_mini()
    said = _answer(monkeypatch, question=QMessageBox.StandardButton.Yes)

    assert window.close()
    assert [kind for kind, *_ in said] == ["question"]
    assert not flow.running
    # Qt ends the app when its last window closes: the meeting's must not stay behind.
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []
    with store.reading() as session:
        assert meetings.live_meeting(session).notes == "Typed just before quitting"


def test_quit_during_a_meeting_says_so_when_the_save_fails(
    qtbot, window, people, store, monkeypatch
):
    flow = window.meetings
    _start(qtbot, flow, people)

    def broken(*_args, **_kwargs):
        raise KnownError("The disk is full.")

    monkeypatch.setattr(meetings, "save_progress", broken)
    said = _answer(
        monkeypatch,
        question=QMessageBox.StandardButton.Yes,
        warning=QMessageBox.StandardButton.No,
    )
    assert not window.close()  # the user stays to sort it out
    assert said[-1][0] == "warning" and "The disk is full." in said[-1][2]
    assert flow.running and flow.meeting_window.isVisible()

    said = _answer(
        monkeypatch,
        question=QMessageBox.StandardButton.Yes,
        warning=QMessageBox.StandardButton.Yes,
    )
    assert window.close()  # "Quit anyway"
    assert not flow.running
