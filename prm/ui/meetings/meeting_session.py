"""A running meeting on the Qt side: ticks the pure timer, saves it, forwards alerts.

``MeetingTimer`` (prm.core.meeting_timer) decides everything; this object asks
it for a ``TimerView`` on every tick, saves it through the worker at every
transition, on a heartbeat, and shortly after the notes change, so a crash
loses neither the meeting nor a word of its notes.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from prm.core import meetings
from prm.core.errors import KnownError
from prm.core.meeting_timer import MeetingTimer, State, TimerError, TimerView
from prm.ui.common.tasks import Tasks

log = logging.getLogger(__name__)

TICK_MS = 250
HEARTBEAT_MS = 30_000  # how stale "the last known time" can be after a crash
NOTES_SAVE_DELAY_MS = 1_500


class MeetingSession(QObject):
    updated = Signal(object)  # TimerView
    alert = Signal(object)  # Event: amber, red, wrap-up, overrun, item over
    save_failed = Signal(object)  # KnownError

    def __init__(
        self,
        tasks: Tasks,
        *,
        meeting_id: int,
        title: str,
        timer: MeetingTimer,
        notes: str = "",
        outcomes: str = "",
        next_step: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.meeting_id = meeting_id
        self.title = title
        self.timer = timer
        # What has been typed so far: notes, outcomes, next step.
        self.texts = {"notes": notes, "outcomes": outcomes, "next_step": next_step}
        self._ticker = QTimer(self, interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self._ticker.timeout.connect(self.tick)
        self._heartbeat = QTimer(self, interval=HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self.save)
        self._notes_timer = QTimer(self, singleShot=True, interval=NOTES_SAVE_DELAY_MS)
        self._notes_timer.timeout.connect(self.save)
        # Crossed while the app was down (a resumed meeting): already past, not news.
        self.timer.tick(self.now())

    # --- clock and state ----------------------------------------------------------

    def now(self) -> int:
        return meetings.now_ms(self._tasks.ctx.clock)

    def local_time_in(self, ms: int) -> datetime:
        """The wall-clock time ``ms`` from now, in the user's zone."""
        return (self._tasks.ctx.clock.now() + timedelta(milliseconds=ms)).astimezone(
            self._tasks.ctx.zone
        )

    def view(self) -> TimerView:
        return self.timer.view(self.now())

    def start_ticking(self) -> None:
        self._ticker.start()
        self._heartbeat.start()
        self.tick()

    def stop_ticking(self) -> None:
        self._ticker.stop()
        self._heartbeat.stop()
        self._notes_timer.stop()

    def tick(self) -> None:
        now = self.now()
        for event in self.timer.tick(now):
            self.alert.emit(event)
        self.updated.emit(self.timer.view(now))

    # --- buttons --------------------------------------------------------------------

    def toggle_pause(self) -> None:
        if self.timer.state == State.PAUSED:
            self._transition(self.timer.resume)
        else:
            self._transition(self.timer.pause)

    def next_item(self) -> None:
        self._transition(self.timer.next_item)

    def add_minute(self) -> int | None:
        """How far the end moved (ms), or None when the timer refused."""
        return self._transition(self.timer.add_minute)

    def can_go_to_next_item(self) -> bool:
        return self.timer.current < len(self.timer.items) - 1

    def _transition(self, action):
        try:
            result = action(self.now())
        except TimerError as exc:  # a button that should have been disabled
            log.warning("ignored timer action: %s", exc)
            return None
        self.save()
        self.tick()
        return result

    # --- saving -----------------------------------------------------------------------

    def set_text(self, name: str, text: str) -> None:
        """Notes, outcomes or next step typed: saved after a short pause in typing."""
        self.texts[name] = text
        self._notes_timer.start()

    def save_now(self, wait_ms: int = 5000) -> str | None:
        """At quit: write the meeting as it stands and wait for it; why it failed, or None.

        Runs on the worker like every write (one writer), but the answer is needed
        before the window goes, so it waits instead of taking a callback.
        """
        self._notes_timer.stop()
        snapshot = MeetingTimer.from_dict(self.timer.to_dict())
        texts, meeting_id, clock = dict(self.texts), self.meeting_id, self._tasks.ctx.clock
        store = self._tasks.ctx.store
        outcome: list[str] = []

        def work() -> None:
            try:
                with store.transaction() as session:
                    meetings.save_progress(
                        session, meeting_id=meeting_id, timer=snapshot, clock=clock, **texts
                    )
            except Exception as exc:  # reported to the user, who decides whether to quit
                log.exception("could not save the running meeting at quit")
                outcome.append(exc.message if isinstance(exc, KnownError) else str(exc))
            else:
                outcome.append("")

        self._tasks.call(work)
        if not self._tasks.wait_idle(wait_ms) or not outcome:
            return "PRM was still busy and could not save it in time."
        return outcome[0] or None

    def save(self) -> None:
        snapshot = MeetingTimer.from_dict(self.timer.to_dict())
        texts, meeting_id, clock = dict(self.texts), self.meeting_id, self._tasks.ctx.clock
        self._tasks.run(
            lambda session: meetings.save_progress(
                session, meeting_id=meeting_id, timer=snapshot, clock=clock, **texts
            ),
            on_error=self.save_failed.emit,
        )
