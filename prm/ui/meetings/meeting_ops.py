"""Writing meetings from the UI with Undo: logging one as it ends, discarding one.

Like ``touch_ops`` and ``gift_ops``: the change runs first on the DB worker and is
pushed onto the window's undo stack once it succeeded (the first ``redo`` that
``push`` calls does nothing). Undoing a logged meeting discards it (the meeting
and the touch it logged leave the history and the contact's timeline); redo
brings both back. One ``MeetingOps`` per undo stack: ``UndoStack.meetings``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core import meetings
from prm.core.errors import KnownError
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint

log = logging.getLogger(__name__)


class MeetingOps(QObject):
    changed = Signal(list)  # contact ids whose history changed
    message = Signal(str)

    def __init__(
        self, tasks: Tasks, undo_stack: QUndoStack, touch_ops: Any, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack
        self._touch_ops = touch_ops  # its ``changed`` is what every timeline listens to

    def logged(self, meeting_id: int, title: str, attendee_ids: list[int], text: str) -> None:
        """A meeting was ended and logged (``meetings.end_meeting``): offer its undo."""
        self.undo_stack.push(
            DoneCommand(
                f"Log meeting “{title}”",
                lambda: self._move(meeting_id, back=True),
                lambda: self._move(meeting_id, back=False),
            )
        )
        self.message.emit(text + undo_hint())
        self._announce(attendee_ids)

    def discard(
        self,
        meeting_id: int,
        title: str,
        *,
        on_done: Callable[[], None] | None = None,
        on_error: Callable[[KnownError], None] | None = None,
    ) -> None:
        def done(attendee_ids: list[int]) -> None:
            self.undo_stack.push(
                DoneCommand(
                    f"Discard meeting “{title}”",
                    lambda: self._move(meeting_id, back=False),
                    lambda: self._move(meeting_id, back=True),
                )
            )
            self.message.emit(f"Discarded “{title}” and its touch{undo_hint()}")
            self._announce(attendee_ids)
            if on_done is not None:
                on_done()

        self._tasks.run(
            lambda session: self._moved(session, meeting_id, back=False),
            done,
            on_error or self._report,
        )

    # --- undo and redo steps ----------------------------------------------------

    def _move(self, meeting_id: int, *, back: bool) -> None:
        self._tasks.run(
            lambda session: self._moved(session, meeting_id, back=back),
            self._announce,
            self._report,
        )

    def _moved(self, session: Session, meeting_id: int, *, back: bool) -> list[int]:
        if back:
            return meetings.restore_meeting(session, meeting_id=meeting_id)
        clock = self._tasks.ctx.clock
        return meetings.discard_meeting(session, meeting_id=meeting_id, clock=clock)

    def _announce(self, attendee_ids: list[int]) -> None:
        self.changed.emit(list(attendee_ids))
        self._touch_ops.changed.emit(list(attendee_ids))

    def _report(self, exc: KnownError) -> None:
        log.info("meeting change failed: %s", exc)
        self.message.emit(exc.message)
