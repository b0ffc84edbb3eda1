"""Changing events from the UI: add, edit, set my status, trash; each with Undo.

The same pattern as ``touch_ops``: the change runs first on the DB worker (so
the editor can show validation errors and stay open) and is pushed onto the
window's ``QUndoStack`` only once it succeeded. Marking an event attended logs
an event touch in core; undoing puts the old status back, which sends that
touch to the trash (redo restores the same touch).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core import events
from prm.core.errors import KnownError
from prm.core.events import EventDraft
from prm.core.vocab import EVENT_STATUSES
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint

log = logging.getLogger(__name__)

OnError = Callable[[KnownError], None]


class EventOps(QObject):
    # The contact ids whose events (and maybe event touches) changed.
    changed = Signal(list)
    message = Signal(str)

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack

    def _zone(self) -> str:
        return events.zone_name(self._tasks.ctx.zone)

    def add(
        self,
        draft: EventDraft,
        *,
        on_done: Callable[[int], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        clock, zone = self._tasks.ctx.clock, self._zone()

        def work(session: Session) -> int:
            return events.add_event(session, draft=draft, clock=clock, default_zone=zone).id

        def done(event_id: int) -> None:
            label = events.event_label(draft.kind, draft.title)
            self.undo_stack.push(
                DoneCommand(
                    f"Add {label}",
                    lambda: self._move([event_id], to_trash=False),
                    lambda: self._move([event_id], to_trash=True),
                )
            )
            self.message.emit(f"Added {label}{undo_hint()}")
            self.changed.emit([draft.contact_id])
            if on_done is not None:
                on_done(event_id)

        self._tasks.run(work, done, on_error or self._report)

    def update(
        self,
        event_id: int,
        before: EventDraft,
        after: EventDraft,
        *,
        on_done: Callable[[int], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        def done() -> None:
            label = events.event_label(after.kind, after.title)
            self.undo_stack.push(
                DoneCommand(
                    f"Edit {label}",
                    lambda: self._write(event_id, after),
                    lambda: self._write(event_id, before),
                )
            )
            self.message.emit(f"Saved {label}{undo_hint()}")
            if on_done is not None:
                on_done(event_id)

        self._write(event_id, after, done, on_error)

    def set_status(self, event_id: int, label: str, before: str, after: str) -> None:
        if before == after:
            return

        def done() -> None:
            self.undo_stack.push(
                DoneCommand(
                    f"Mark {label} {EVENT_STATUSES[after].lower()}",
                    lambda: self._status(event_id, after),
                    lambda: self._status(event_id, before),
                )
            )
            logged = " and logged the touch" if after == events.ATTENDED else ""
            self.message.emit(
                f"Marked {label} {EVENT_STATUSES[after].lower()}{logged}{undo_hint()}"
            )

        self._status(event_id, after, done)

    def trash(self, event_id: int, label: str) -> None:
        def done() -> None:
            self.undo_stack.push(
                DoneCommand(
                    f"Delete {label}",
                    lambda: self._move([event_id], to_trash=True),
                    lambda: self._move([event_id], to_trash=False),
                )
            )
            self.message.emit(f"Deleted {label}{undo_hint()}")

        self._move([event_id], to_trash=True, on_done=done)

    # --- internals ---------------------------------------------------------------

    def _write(
        self,
        event_id: int,
        draft: EventDraft,
        on_done: Callable[[], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        clock, zone = self._tasks.ctx.clock, self._zone()

        def work(session: Session) -> list[int]:
            old = events.get_event(session, event_id=event_id).contact_id
            new = events.update_event(
                session, event_id=event_id, draft=draft, clock=clock, default_zone=zone
            ).contact_id
            return list(dict.fromkeys([old, new]))

        self._tasks.run(work, lambda ids: self._done(ids, on_done), on_error or self._report)

    def _status(
        self, event_id: int, status: str, on_done: Callable[[], None] | None = None
    ) -> None:
        clock = self._tasks.ctx.clock

        def work(session: Session) -> list[int]:
            return [
                events.set_status(session, event_id=event_id, status=status, clock=clock).contact_id
            ]

        self._tasks.run(work, lambda ids: self._done(ids, on_done), self._report)

    def _move(
        self, ids: list[int], *, to_trash: bool, on_done: Callable[[], None] | None = None
    ) -> None:
        clock = self._tasks.ctx.clock

        def work(session: Session) -> list[int]:
            move = events.trash_events if to_trash else events.restore_events
            moved = move(session, ids=ids, clock=clock)
            return [events.get_event(session, event_id=i).contact_id for i in moved]

        self._tasks.run(work, lambda people: self._done(people, on_done), self._report)

    def _done(self, contact_ids: list[int], then: Callable[[], None] | None) -> None:
        if then is not None:
            then()
        self.changed.emit(contact_ids)

    def _report(self, exc: KnownError) -> None:
        log.info("event change failed: %s", exc)
        self.message.emit(exc.message)
