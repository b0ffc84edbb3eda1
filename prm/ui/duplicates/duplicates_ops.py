"""Merging and "not a duplicate" from the UI, each one step on the window's undo stack.

A merge runs on the DB worker and returns core's snapshot of every row it could
change; Undo hands that snapshot back (both contacts return exactly, with all
their links) and Redo merges again with the same choices, keeping the fresh
snapshot for the next Undo.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core import duplicates
from prm.core.errors import KnownError
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint

log = logging.getLogger(__name__)


class DuplicatesOps(QObject):
    message = Signal(str)
    merged = Signal(int, int)  # the contact that stayed, the one merged into it
    dismissed = Signal(int, int)

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack

    def merge(self, plan: duplicates.MergePlan, choices: dict[str, str]) -> None:
        keep, other = plan.keep_id, plan.other_id
        state: dict[str, duplicates.MergeResult] = {}

        def work(session: Session) -> duplicates.MergeResult:
            return duplicates.merge_contacts(
                session, keep_id=keep, other_id=other, choices=choices, clock=self._tasks.ctx.clock
            )

        def redo() -> None:
            self._tasks.run(work, lambda result: state.update(result=result), self._report)

        def undo() -> None:
            snapshot = state["result"].undo
            self._tasks.run(
                lambda session: duplicates.undo_merge(session, undo=snapshot), None, self._report
            )

        def done(result: duplicates.MergeResult) -> None:
            state["result"] = result
            self.undo_stack.push(
                DoneCommand(f"Merge {plan.other_name} into {plan.keep_name}", redo, undo)
            )
            self.message.emit(
                f"Merged {plan.other_name} into {plan.keep_name}; the duplicate is in the "
                f"trash{undo_hint()}"
            )
            self.merged.emit(keep, other)

        self._tasks.run(work, done, self._report)

    def dismiss(self, a: int, b: int, names: str) -> None:
        clock = self._tasks.ctx.clock

        def forget() -> None:
            self._tasks.run(lambda s: duplicates.dismiss_pair(s, a=a, b=b, clock=clock))

        def remember() -> None:
            self._tasks.run(lambda s: duplicates.undismiss_pair(s, a=a, b=b))

        def done(_pair: tuple[int, int]) -> None:
            self.dismissed.emit(a, b)
            self.undo_stack.push(DoneCommand(f"Not a duplicate: {names}", forget, remember))
            self.message.emit(f"{names}: not suggested again{undo_hint()}")

        self._tasks.run(
            lambda s: duplicates.dismiss_pair(s, a=a, b=b, clock=clock), done, self._report
        )

    def _report(self, exc: KnownError) -> None:
        log.info("duplicates change failed: %s", exc)
        self.message.emit(exc.message)
