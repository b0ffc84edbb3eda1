"""Changing touches from the UI: log, edit, trash, restore, each with Undo.

Like ``contact_ops``: a change runs first on the DB worker (so a dialog can
show validation errors and stay open) and is pushed onto the ``QUndoStack``
only once it succeeded; the first ``redo()`` that ``push`` calls does nothing.

Undo steps outlive the dialog that made them (Ctrl+Z after the quick log
closed), so there is one ``TouchOps`` per undo stack, owned by it
(``UndoStack.touches``, made by ``prm.ui.operations.new_undo_stack``). Views
learn about the writes through the change channel (``Tasks.changed``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core import touches
from prm.core.errors import KnownError
from prm.core.touches import TouchDraft
from prm.core.vocab import TOUCH_CHANNELS
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint

log = logging.getLogger(__name__)


def describe(draft: TouchDraft) -> str:
    """ "call with Jo Smith" for the undo menu and the status bar."""
    channel = TOUCH_CHANNELS.get(draft.channel, draft.channel).lower()
    names = ", ".join(draft.contact_names) or "contact"
    return f"{channel} with {names}"


def _participants(session: Session, touch_id: int) -> list[int]:
    return [p.contact_id for p in touches.get_touch(session, touch_id=touch_id).participants]


def _set_follow_up(session: Session, touch_id: int, done: bool) -> None:
    touches.complete_follow_up(session, touch_id=touch_id, done=done)


class TouchOps(QObject):
    # Contact ids whose touches changed (a timeline reloads if it shows one of them).
    changed = Signal(list)
    message = Signal(str)

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack

    # --- the changes a user asks for ------------------------------------------

    def log(
        self,
        draft: TouchDraft,
        *,
        allow_future: bool = False,
        on_done: Callable[[int], None] | None = None,
        on_error: Callable[[KnownError], None] | None = None,
    ) -> None:
        clock = self._tasks.ctx.clock

        def work(session: Session) -> int:
            touch = touches.log_touch(session, draft=draft, clock=clock, allow_future=allow_future)
            assert touch.id is not None
            return touch.id

        def done(touch_id: int) -> None:
            what = describe(draft)
            self.undo_stack.push(
                DoneCommand(
                    f"Log {what}",
                    lambda: self.restore([touch_id], record=False),
                    lambda: self.trash([touch_id], record=False),
                )
            )
            self.message.emit(f"Logged {what}{undo_hint()}")
            self.changed.emit(list(draft.contact_ids))
            if on_done is not None:
                on_done(touch_id)

        self._tasks.run(work, done, on_error)

    def update(
        self,
        touch_id: int,
        before: TouchDraft,
        after: TouchDraft,
        *,
        allow_future: bool = False,
        on_done: Callable[[int], None] | None = None,
        on_error: Callable[[KnownError], None] | None = None,
    ) -> None:
        def done(_contact_ids: list[int]) -> None:
            self.undo_stack.push(
                DoneCommand(
                    f"Edit {describe(after)}",
                    lambda: self._put_back(touch_id, after),
                    lambda: self._put_back(touch_id, before),
                )
            )
            self.message.emit(f"Saved the {describe(after)}")
            if on_done is not None:
                on_done(touch_id)

        self._write(touch_id, after, allow_future, done, on_error)

    def complete_follow_up(
        self,
        touch_id: int,
        what: str,
        *,
        on_done: Callable[[str], None] | None = None,
        on_error: Callable[[KnownError], None] | None = None,
    ) -> None:
        """Tick a follow-up off, undoably; ``on_done`` gets the status message."""

        def done(_result: None) -> None:
            self.undo_stack.push(
                DoneCommand(
                    f"Follow-up done: {what}",
                    lambda: self._follow_up(touch_id, True),
                    lambda: self._follow_up(touch_id, False),
                )
            )
            if on_done is not None:
                on_done(f"Follow-up done: {what}{undo_hint()}")

        self._tasks.run(
            lambda session: _set_follow_up(session, touch_id, True), done, on_error or self._report
        )

    def trash(self, ids: list[int], *, record: bool = True) -> None:
        self._move(ids, to_trash=True, record=record)

    def restore(self, ids: list[int], *, record: bool = True) -> None:
        self._move(ids, to_trash=False, record=record)

    # --- internals --------------------------------------------------------------

    def _follow_up(self, touch_id: int, done: bool) -> None:
        """Undo/redo of ticking a follow-up off."""
        self._tasks.run(
            lambda session: _set_follow_up(session, touch_id, done), lambda _r: None, self._report
        )

    def _put_back(self, touch_id: int, draft: TouchDraft) -> None:
        """Undo/redo of an edit; a date once accepted stays acceptable."""

        def done(_contact_ids: list[int]) -> None:
            self.message.emit("Changed the touch back")

        self._write(touch_id, draft, True, done, None)

    def _write(
        self,
        touch_id: int,
        draft: TouchDraft,
        allow_future: bool,
        on_done: Callable[[list[int]], None],
        on_error: Callable[[KnownError], None] | None,
    ) -> None:
        clock = self._tasks.ctx.clock

        def work(session: Session) -> list[int]:
            before = _participants(session, touch_id)
            touches.update_touch(
                session, touch_id=touch_id, draft=draft, clock=clock, allow_future=allow_future
            )
            return list(dict.fromkeys(before + list(draft.contact_ids)))

        def done(contact_ids: list[int]) -> None:
            on_done(contact_ids)
            self.changed.emit(contact_ids)

        self._tasks.run(work, done, on_error or self._report)

    def _move(self, ids: list[int], *, to_trash: bool, record: bool) -> None:
        if not ids:
            return
        clock = self._tasks.ctx.clock

        def work(session: Session) -> tuple[list[int], list[int]]:
            if to_trash:
                moved = touches.trash_touches(session, ids=ids, clock=clock)
            else:
                moved = touches.restore_touches(session, ids=ids)
            people: list[int] = []
            for touch_id in moved:
                people += _participants(session, touch_id)
            return moved, list(dict.fromkeys(people))

        def done(result: tuple[list[int], list[int]]) -> None:
            moved, people = result
            if moved and record:
                forward, back = self.trash, self.restore
                if not to_trash:
                    forward, back = back, forward
                label = "touch" if len(moved) == 1 else f"{len(moved)} touches"
                self.undo_stack.push(
                    DoneCommand(
                        f"{'Delete' if to_trash else 'Restore'} {label}",
                        lambda: forward(moved, record=False),
                        lambda: back(moved, record=False),
                    )
                )
            if moved:
                noun = "Touch" if len(moved) == 1 else f"{len(moved)} touches"
                verb = "deleted" if to_trash else "restored"
                self.message.emit(f"{noun} {verb}{undo_hint() if record else ''}")
            self.changed.emit(people)

        self._tasks.run(work, done, self._report)

    def _report(self, exc: KnownError) -> None:
        log.info("touch change failed: %s", exc)
        self.message.emit(exc.message)
