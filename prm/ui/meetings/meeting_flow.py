"""A meeting from plan to history: the plan dialog, the running window with its
mini timer and warnings, the summary that logs it, and the offer to resume or
end a meeting the app died in.

Composed by the main window; one meeting runs at a time.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from prm.core import contacts, meetings
from prm.core.dates import today_in
from prm.core.errors import KnownError
from prm.core.meeting_timer import Event, MeetingTimer, minutes_of
from prm.ui.common.errors import show_known_error
from prm.ui.common.formatting import plural
from prm.ui.common.notifier import Notifier
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.meetings.meeting_session import MeetingSession

log = logging.getLogger(__name__)

ALERT_TITLES = {
    Event.AMBER: "{amber} minutes left",
    Event.RED: "{red} minutes left",
    Event.WRAP_UP: "Time to wrap up",
    Event.OVERRUN: "The meeting is over time",
    Event.ITEM_OVER: "Agenda item over time",
}


class MeetingFlow(QObject):
    ended = Signal(list)  # attendee ids: their history changed
    message = Signal(str)

    def __init__(self, tasks: Tasks, parent_window: QWidget, undo_stack: UndoStack) -> None:
        super().__init__(parent_window)
        self._tasks = tasks
        self._ops = undo_stack.meetings  # logging a meeting is undoable
        self._ops.message.connect(self.message)
        self._window = parent_window
        self.notifier = Notifier(self)
        self.session: MeetingSession | None = None
        self.meeting_window = None
        self.mini = None
        self.plan_dialog = None
        self.summary_dialog = None

    def prefs(self):
        """The window's preferences (presets, warning times), read when they are used."""
        from prm.ui.preferences.prefs import load_prefs

        return load_prefs(getattr(self._window, "settings", None))

    def apply_prefs(self) -> None:
        """Preferences changed: a running meeting warns at the new times from now on."""
        if self.session is not None:
            self.session.timer.set_warnings(**self.prefs().warnings_ms())

    @property
    def running(self) -> bool:
        return self.session is not None

    # --- planning -----------------------------------------------------------------------

    def plan(self, contact_ids: list[int] | None = None) -> None:
        """Ctrl+M, or "Plan meeting" on contacts: raises the running meeting if there is one."""
        if self.session is not None:
            self.show_meeting()
            return
        if self.plan_dialog is not None and self.plan_dialog.isVisible():
            self.plan_dialog.raise_()
            self.plan_dialog.activateWindow()
            return
        from prm.ui.meetings.meeting_plan_dialog import MAX_ATTENDEES, MeetingPlanDialog

        # Bounded: the dialog takes a handful of people, however many are selected.
        ids = (contact_ids or [])[:MAX_ATTENDEES]
        people = [
            (p.id, p.name)
            for p in self._tasks.read(lambda session: contacts.live_names(session, ids=ids))
        ]
        presets = self.prefs().meeting_presets
        dialog = MeetingPlanDialog(self._tasks, people=people, parent=self._window, presets=presets)
        dialog.start_requested.connect(lambda draft: self._start(dialog, draft))
        self.plan_dialog = dialog
        dialog.open()

    def _start(self, dialog: QWidget, draft: meetings.MeetingDraft) -> None:
        clock = self._tasks.ctx.clock

        def work(session):
            meeting = meetings.start_meeting(session, draft=draft, clock=clock)
            return meeting.id, meeting.title, meetings.saved_timer(meeting)

        def started(result: tuple[int, str, MeetingTimer]) -> None:
            if isValid(dialog):
                dialog.accept()
            self._begin(*result)

        self._tasks.run(
            work,
            on_done=started,
            on_error=lambda exc: dialog.failed(exc) if isValid(dialog) else None,
        )

    # --- running ------------------------------------------------------------------------

    def _begin(
        self, meeting_id: int, title: str, timer: MeetingTimer, texts: dict[str, str] | None = None
    ) -> None:
        from prm.ui.meetings.meeting_window import MeetingWindow
        from prm.ui.meetings.mini_timer import MiniTimer

        timer.set_warnings(**self.prefs().warnings_ms())
        self.session = MeetingSession(
            self._tasks,
            meeting_id=meeting_id,
            title=title,
            timer=timer,
            **(texts or {}),
            parent=self,
        )
        self.meeting_window = MeetingWindow(self.session)
        self.mini = MiniTimer()
        self.session.updated.connect(self.mini.render)
        self.session.alert.connect(self._alert)
        self.session.save_failed.connect(self._save_failed)
        self.meeting_window.mini_requested.connect(self.show_mini)
        self.meeting_window.end_requested.connect(self.end)
        self.mini.restore_requested.connect(self.show_meeting)
        self.session.start_ticking()
        self.show_meeting()

    def show_meeting(self) -> None:
        window = self.meeting_window
        if window is None:
            return
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    def show_mini(self) -> None:
        if self.mini is None:
            return
        self.mini.render(self.session.view())
        self.mini.show()
        self.mini.raise_()

    def _alert(self, event: Event) -> None:
        from prm.ui.meetings.meeting_window import alert_text

        self.notifier.notify(
            alert_text(event, self.session.timer, ALERT_TITLES),
            f"{self.session.title}: {alert_text(event, self.session.timer)}",
            window=self.meeting_window,
        )

    def _save_failed(self, exc: KnownError) -> None:
        log.error("could not save the running meeting: %s", exc)
        self.message.emit(f"The meeting could not be saved: {exc.message}")

    # --- ending ---------------------------------------------------------------------------

    def end(self) -> None:
        """End now: the summary shows the meeting as it stands; "Back to meeting"
        carries on as if End had not been pressed."""
        session = self.session
        if session is None:
            return
        ended_ms = session.now()
        self._ask_summary(
            session.meeting_id,
            session.title,
            session.timer,
            session.texts,
            ended_ms,
            recovered=False,
            parent=self.meeting_window,
        )

    def _ask_summary(
        self,
        meeting_id: int,
        title: str,
        timer: MeetingTimer,
        texts: dict[str, str],
        ended_ms: int,
        *,
        recovered: bool,
        parent: QWidget | None,
    ) -> None:
        from prm.ui.meetings.meeting_summary_dialog import MeetingSummaryDialog

        ctx = self._tasks.ctx
        dialog = MeetingSummaryDialog(
            title=title,
            timer=timer,
            ended_ms=ended_ms,
            texts=texts,
            today=today_in(ctx.zone, ctx.clock),
            recovered=recovered,
            parent=parent,
        )
        self.summary_dialog = dialog
        dialog.accepted.connect(
            lambda: self._save_end(meeting_id, timer, dialog.summary(), ended_ms)
        )
        dialog.open()

    def _save_end(
        self, meeting_id: int, timer: MeetingTimer, summary: meetings.MeetingSummary, ended_ms: int
    ) -> None:
        clock = self._tasks.ctx.clock
        snapshot = MeetingTimer.from_dict(timer.to_dict())

        def work(session):
            meeting = meetings.end_meeting(
                session,
                meeting_id=meeting_id,
                timer=snapshot,
                summary=summary,
                clock=clock,
                ended_ms=ended_ms,
            )
            attendee_ids = [a.contact_id for a in meeting.attendees]
            return meeting_id, attendee_ids, meeting.actual_seconds, meeting.title

        self._tasks.run(work, on_done=self._ended, on_error=self._end_failed)

    def _ended(self, result: tuple[int, list[int], int, str]) -> None:
        meeting_id, attendee_ids, seconds, title = result
        self._close_meeting()
        said = f"Meeting logged: {title}, {plural(minutes_of(seconds), 'minute')}"
        self._ops.logged(meeting_id, title, attendee_ids, said)
        self.ended.emit(attendee_ids)

    def _end_failed(self, exc: KnownError) -> None:
        """Nothing is lost: the meeting stays live (and saved) so ending can be retried."""
        show_known_error(self.meeting_window or self._window, exc)

    def _close_meeting(self) -> None:
        if self.session is not None:
            self.session.stop_ticking()
            self.session.deleteLater()
        for widget in (self.meeting_window, self.mini):
            if widget is not None and isValid(widget):
                widget.hide()
                widget.deleteLater()
        self.session = self.meeting_window = self.mini = None
        self.notifier.clear()

    # --- after a crash -------------------------------------------------------------------

    def recover(self) -> None:
        """At start: a meeting still marked running means the app died during it."""
        if self.session is not None:
            return

        def work(session):
            meeting = meetings.live_meeting(session)
            if meeting is None:
                return None
            texts = {
                "notes": meeting.notes,
                "outcomes": meeting.outcomes,
                "next_step": meeting.next_step,
            }
            return (
                meeting.id,
                meeting.title,
                meetings.saved_timer(meeting),
                texts,
                meeting.last_seen_at,
            )

        # A read: closing right after start need not wait for the store's health check.
        self._tasks.run(work, on_done=self._offer_recovery, reads_only=True)

    def _offer_recovery(self, found) -> None:
        if found is None:
            return
        meeting_id, title, timer, texts, last_seen = found
        zone = self._tasks.ctx.zone
        seen: datetime = last_seen.astimezone(zone)
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("A meeting was still running")
        box.setText(f"<b>{title}</b> was still running when PRM closed.")
        box.setInformativeText(
            f"PRM last saw it at {seen:%H:%M} on {seen:%a %d %b}. Its notes are safe. "
            "Resume it if it is still going, or end it at that time."
        )
        resume = box.addButton("Resume meeting", QMessageBox.ButtonRole.AcceptRole)
        end = box.addButton(f"End at {seen:%H:%M}…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(resume)
        self.recovery_box = box

        def chosen(button) -> None:
            if button is resume:
                self._begin(meeting_id, title, timer, texts)
            elif button is end:
                last_ms = int(last_seen.timestamp() * 1000)
                self._ask_summary(
                    meeting_id, title, timer, texts, last_ms, recovered=True, parent=self._window
                )

        box.buttonClicked.connect(chosen)
        box.open()

    def confirm_quit(self) -> bool:
        """Quitting during a meeting is allowed (it is saved first) but should not be an
        accident; if the save fails the user hears so and decides. On yes the meeting's
        windows close too, so the app can end."""
        if self.session is None:
            return True
        answer = QMessageBox.question(
            self._window,
            "A meeting is running",
            "Quit PRM while the meeting is running? PRM saves it now and will offer to "
            "resume or end it when you start it again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        failure = self.session.save_now()
        if failure is not None:
            answer = QMessageBox.warning(
                self._window,
                "The meeting could not be saved",
                f"The meeting could not be saved: {failure}\n\nQuit anyway? What changed "
                "since its last save would be lost.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.show_meeting()
                return False
        self._close_meeting()  # its window and mini timer would keep the app running
        return True
