"""Changing gifts from the UI: add, save, mark given, delete, each with Undo.

Like ``touch_ops``: a change runs first on the DB worker (so the editor can
show errors, or ask "give it again?", and stay open) and is pushed onto the
window's ``QUndoStack`` only once it succeeded. Undo of "mark given" puts the
gift back as it was, which sends its gift touch to the trash (core keeps the
two in step), so ``last_touch_at`` and reach-out follow.

A given gift is a touch: after every change the shared ``TouchOps`` announces
it too, so timelines, the card and the reach-out list reload as for any touch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core import gifts
from prm.core.errors import KnownError
from prm.core.gifts import GiftDraft, GiftRow
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint
from prm.ui.touches.touch_ops import TouchOps

log = logging.getLogger(__name__)

OnDone = Callable[[GiftRow], None]
OnError = Callable[[KnownError], None]


class GiftOps(QObject):
    changed = Signal(list)  # contact ids whose gifts changed
    message = Signal(str)

    def __init__(
        self, tasks: Tasks, undo_stack: QUndoStack, *, touch_ops: TouchOps,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack
        self._touch_ops = touch_ops

    # --- the changes a user asks for ------------------------------------------

    def add(
        self,
        draft: GiftDraft,
        *,
        allow_again: bool = False,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> None:
        ctx = self._tasks.ctx

        def work(session: Session) -> GiftRow:
            gift = gifts.add_gift(
                session, draft=draft, clock=ctx.clock, zone=ctx.zone, allow_again=allow_again
            )
            return gifts.row_of(session, gift)

        def done(row: GiftRow) -> None:
            self._record(
                f"Add gift “{row.description}”",
                lambda: self._restore(row.id),
                lambda: self._trash(row.id),
            )
            self._announce(row, f"Added “{row.description}” for {row.contact_name}")
            if on_done is not None:
                on_done(row)

        self._tasks.run(work, done, on_error or self._report)

    def save(
        self,
        gift_id: int,
        before: GiftDraft,
        after: GiftDraft,
        *,
        allow_again: bool = False,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> None:
        def done(row: GiftRow) -> None:
            verb = "Mark given" if after.status == gifts.GIVEN != before.status else "Edit gift"
            self._record(
                f"{verb} “{row.description}”",
                lambda: self._put(gift_id, after),
                lambda: self._put(gift_id, before),
            )
            self._announce(row, _saved_text(row, before))
            if on_done is not None:
                on_done(row)

        self._write(gift_id, after, allow_again, done, on_error or self._report)

    def mark_given(
        self,
        gift_id: int,
        *,
        on: date | None = None,
        allow_again: bool = False,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> None:
        ctx = self._tasks.ctx

        def work(session: Session) -> tuple[GiftDraft, GiftRow]:
            before = gifts.row_of(session, gifts.get_gift(session, gift_id=gift_id)).draft()
            gift = gifts.mark_given(
                session,
                gift_id=gift_id,
                on=on,
                clock=ctx.clock,
                zone=ctx.zone,
                allow_again=allow_again,
            )
            return before, gifts.row_of(session, gift)

        def done(result: tuple[GiftDraft, GiftRow]) -> None:
            before, row = result
            after = row.draft()
            self._record(
                f"Mark given “{row.description}”",
                lambda: self._put(gift_id, after),
                lambda: self._put(gift_id, before),
            )
            self._announce(row, _saved_text(row, before))
            if on_done is not None:
                on_done(row)

        self._tasks.run(work, done, on_error or self._report)

    def delete(self, gift_id: int) -> None:
        def done(row: GiftRow) -> None:
            self._record(
                f"Delete gift “{row.description}”",
                lambda: self._trash(gift_id),
                lambda: self._restore(gift_id),
            )
            self._announce(row, f"Deleted “{row.description}”{undo_hint()}")

        self._tasks.run(
            lambda session: self._moved(session, gift_id, trash=True), done, self._report
        )

    # --- undo and redo steps ------------------------------------------------------

    def _put(self, gift_id: int, draft: GiftDraft) -> None:
        """Undo/redo of a save: a gift once confirmed as given again stays confirmed."""
        self._write(gift_id, draft, True, lambda row: self._announce(row, ""), self._report)

    def _trash(self, gift_id: int) -> None:
        self._tasks.run(
            lambda session: self._moved(session, gift_id, trash=True),
            lambda row: self._announce(row, ""),
            self._report,
        )

    def _restore(self, gift_id: int) -> None:
        self._tasks.run(
            lambda session: self._moved(session, gift_id, trash=False),
            lambda row: self._announce(row, ""),
            self._report,
        )

    # --- internals --------------------------------------------------------------

    def _moved(self, session: Session, gift_id: int, *, trash: bool) -> GiftRow:
        ctx = self._tasks.ctx
        if trash:
            gift = gifts.trash_gift(session, gift_id=gift_id, clock=ctx.clock)
        else:
            gift = gifts.restore_gift(session, gift_id=gift_id, clock=ctx.clock, zone=ctx.zone)
        return gifts.row_of(session, gift)

    def _write(
        self, gift_id: int, draft: GiftDraft, allow_again: bool, on_done: OnDone, on_error: OnError
    ) -> None:
        ctx = self._tasks.ctx

        def work(session: Session) -> GiftRow:
            gift = gifts.update_gift(
                session,
                gift_id=gift_id,
                draft=draft,
                clock=ctx.clock,
                zone=ctx.zone,
                allow_again=allow_again,
            )
            return gifts.row_of(session, gift)

        self._tasks.run(work, on_done, on_error)

    def _record(self, text: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        self.undo_stack.push(DoneCommand(text, redo, undo))

    def _announce(self, row: GiftRow, text: str) -> None:
        if text:
            self.message.emit(text)
        self.changed.emit([row.contact_id])
        # Not our signal, but the one every touch view listens to: a gift may have
        # logged, moved or trashed its touch.
        self._touch_ops.changed.emit([row.contact_id])

    def _report(self, exc: KnownError) -> None:
        log.info("gift change failed: %s", exc)
        self.message.emit(exc.message)


def _saved_text(row: GiftRow, before: GiftDraft) -> str:
    if row.status == gifts.GIVEN and before.status != gifts.GIVEN:
        return f"Gave “{row.description}” to {row.contact_name} — logged a gift touch{undo_hint()}"
    return f"Saved “{row.description}”"
