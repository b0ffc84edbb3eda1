"""Accepting, rejecting and ignoring proposals, each one step on the window's undo stack.

Accepting many is one worker job (one transaction) and one undo step: Undo puts
them back in the queue and moves the touches they logged to the trash, so Reach
out and Awaiting reply move back as they moved forward.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from sqlmodel import Session

from prm.core.capture import queue, review
from prm.core.errors import KnownError
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, UndoStack, undo_hint

log = logging.getLogger(__name__)


def _many(n: int, one: str) -> str:
    return f"{n} {one}{'s' if n != 1 else ''}"


class CaptureOps(QObject):
    message = Signal(str)
    decided = Signal()  # after a decision was written (tests wait on it)

    def __init__(self, tasks: Tasks, undo_stack: UndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack

    def accept(self, ids: list[int], edits: dict[int, queue.ProposalEdit] | None = None) -> None:
        if not ids:
            return
        clock = self._tasks.ctx.clock

        def work(session: Session) -> list[int]:
            return queue.accept(session, ids, clock=clock, edits=edits)

        def undo() -> None:
            self._tasks.run(lambda s: review.undo_accept(s, ids, clock=clock), None, self.report)

        def done(touch_ids: list[int]) -> None:
            what = _many(len(touch_ids), "touch")
            self.undo_stack.push(DoneCommand(f"Accept {what}", lambda: self._tasks.run(work), undo))
            self.message.emit(f"Logged {what}{undo_hint()}")
            self.decided.emit()

        self._tasks.run(work, done, self.report)

    def reject(self, ids: list[int]) -> None:
        if not ids:
            return
        clock = self._tasks.ctx.clock

        def work(session: Session) -> list[int]:
            return queue.reject(session, ids, clock=clock)

        def done(rejected: list[int]) -> None:
            what = _many(len(rejected), "proposal")
            self.undo_stack.push(
                DoneCommand(
                    f"Reject {what}",
                    lambda: self._tasks.run(work),
                    lambda: self._tasks.run(lambda s: review.undo_reject(s, ids)),
                )
            )
            self.message.emit(f"Rejected {what}; not proposed again{undo_hint()}")
            self.decided.emit()

        self._tasks.run(work, done, self.report)

    def ignore(self, kind: str, value: str) -> None:
        """Never propose from this sender (domain, calendar) again; what waits from it goes."""
        clock = self._tasks.ctx.clock
        dropped: list[int] = []

        def work(session: Session) -> list[int]:
            return queue.ignore(session, kind, value, clock=clock)

        def again() -> None:
            self._tasks.run(work, lambda ids: dropped.__setitem__(slice(None), ids))

        def undo() -> None:
            gone = list(dropped)
            self._tasks.run(lambda s: review.undo_ignore(s, kind, value, gone), None, self.report)

        def done(ids: list[int]) -> None:
            dropped[:] = ids
            self.undo_stack.push(DoneCommand(f"Ignore {kind} {value}", again, undo))
            self.message.emit(
                f"Ignoring {kind} {value}; {_many(len(ids), 'proposal')} dropped{undo_hint()}"
            )
            self.decided.emit()

        self._tasks.run(work, done, self.report)

    def set_auto_accept(self, source_id: int, on: bool) -> None:
        self._tasks.run(lambda s: review.set_auto_accept(s, source_id, on), None, self.report)

    def report(self, exc: KnownError) -> None:
        log.info("capture decision failed: %s", exc)
        self.message.emit(exc.message)
