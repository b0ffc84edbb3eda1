"""Writes to the advocacy ledgers from the UI, each one step on the window's undo stack.

Adding an entry is undone by trashing it (an introduction takes its touches with
it) and redone by restoring it; an edit is undone by writing back what was there.
The thank-you touch a row offers is a plain touch, undone by trashing it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core.errors import KnownError
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint

log = logging.getLogger(__name__)

REFERRAL, INTRODUCTION, SIGNAL, ENGAGEMENT = "referral", "introduction", "signal", "engagement"
WHAT = {
    REFERRAL: "referral",
    INTRODUCTION: "introduction",
    SIGNAL: "advocacy entry",
    ENGAGEMENT: "engagement",
}


@dataclass(frozen=True)
class Saved:
    kind: str
    record_id: int
    label: str  # "Erik Berg referred Acme" — for the status bar and the undo text


def _ledger():
    from prm.core.advocacy import ledger

    return ledger


def _write(session: Session, kind: str, record_id: int | None, draft, ctx) -> Saved:
    """Add (``record_id`` None) or update one entry; returns what the user sees of it."""
    ledger = _ledger()
    clock, zone = ctx.clock, ctx.zone
    if kind == REFERRAL:
        if record_id is None:
            rec = ledger.add_referral(session, draft=draft, clock=clock, zone=zone)
        else:
            rec = ledger.update_referral(
                session, referral_id=record_id, draft=draft, clock=clock, zone=zone
            )
        row = ledger.referral_row(session, rec)
        return Saved(kind, rec.id, f"{row.referrer_name} referred {row.referred_name}")
    if kind == INTRODUCTION:
        if record_id is None:
            rec = ledger.add_introduction(session, draft=draft, clock=clock, zone=zone)
        else:
            rec = ledger.update_introduction(
                session, introduction_id=record_id, draft=draft, clock=clock, zone=zone
            )
        row = ledger.introduction_row(session, rec)
        return Saved(kind, rec.id, f"introduction of {row.a_name} and {row.b_name}")
    if kind == SIGNAL:
        rec = ledger.add_signal(session, draft=draft, clock=clock, zone=zone)
        row = ledger.signal_row(session, rec)
        what = ledger.SIGNAL_KINDS.get(row.kind, row.kind).lower()
        return Saved(kind, rec.id, f"{what} from {row.contact_name}")
    if record_id is None:
        rec = ledger.add_engagement(session, draft=draft, clock=clock)
    else:
        rec = ledger.update_engagement(session, engagement_id=record_id, draft=draft, clock=clock)
    row = ledger.engagement_row(session, rec)
    return Saved(kind, rec.id, f"engagement “{row.name}” with {row.contact_name}")


def _trash(session: Session, kind: str, record_id: int, ctx) -> None:
    ledger = _ledger()
    fn = getattr(ledger, f"trash_{kind}")
    fn(session, **{f"{kind}_id": record_id}, clock=ctx.clock)


def _restore(session: Session, kind: str, record_id: int) -> None:
    fn = getattr(_ledger(), f"restore_{kind}")
    fn(session, **{f"{kind}_id": record_id})


class AdvocacyOps(QObject):
    message = Signal(str)
    saved = Signal(object)  # Saved

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack

    def save(
        self,
        kind: str,
        draft,
        *,
        record_id: int | None = None,
        before=None,
        on_done: Callable[[Saved], None] | None = None,
        on_error: Callable[[KnownError], None] | None = None,
    ) -> None:
        """Add or update; ``before``: the draft the entry had (an edit's undo writes it back)."""
        ctx = self._tasks.ctx

        def done(saved: Saved) -> None:
            if record_id is None:
                self._push(
                    f"Add {saved.label}",
                    lambda: self._tasks.run(lambda s: _restore(s, kind, saved.record_id)),
                    lambda: self._tasks.run(lambda s: _trash(s, kind, saved.record_id, ctx)),
                )
                self.message.emit(f"Recorded the {saved.label}{undo_hint()}")
            else:
                self._push(
                    f"Edit {saved.label}",
                    lambda: self._tasks.run(lambda s: _write(s, kind, record_id, draft, ctx)),
                    lambda: self._tasks.run(lambda s: _write(s, kind, record_id, before, ctx)),
                )
                self.message.emit(f"Saved the {saved.label}{undo_hint()}")
            self.saved.emit(saved)
            if on_done is not None:
                on_done(saved)

        self._tasks.run(
            lambda s: _write(s, kind, record_id, draft, ctx), done, on_error or self._report
        )

    def delete(self, kind: str, record_id: int, label: str) -> None:
        ctx = self._tasks.ctx

        def done(_result: object) -> None:
            self._push(
                f"Delete {label}",
                lambda: self._tasks.run(lambda s: _trash(s, kind, record_id, ctx)),
                lambda: self._tasks.run(lambda s: _restore(s, kind, record_id)),
            )
            self.message.emit(f"Deleted the {label}{undo_hint()}")

        self._tasks.run(lambda s: _trash(s, kind, record_id, ctx), done, self._report)

    def log_thank_you(self, contact_id: int, name: str, summary: str) -> None:
        """An outgoing touch to the referrer: it settles the thank-you owed."""
        from prm.core import touches

        ctx = self._tasks.ctx

        def work(session: Session) -> int:
            draft = touches.TouchDraft(contact_ids=[contact_id], channel="email", summary=summary)
            return touches.log_touch(session, draft=draft, clock=ctx.clock).id

        def done(touch_id: int) -> None:
            clock = ctx.clock
            self._push(
                f"Thank-you to {name}",
                lambda: self._tasks.run(lambda s: touches.restore_touches(s, ids=[touch_id])),
                lambda: self._tasks.run(
                    lambda s: touches.trash_touches(s, ids=[touch_id], clock=clock)
                ),
            )
            self.message.emit(f"Logged a thank-you to {name}{undo_hint()}")

        self._tasks.run(work, done, self._report)

    def _push(self, text: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        self.undo_stack.push(DoneCommand(text, redo, undo))

    def _report(self, exc: KnownError) -> None:
        log.info("advocacy change failed: %s", exc)
        self.message.emit(exc.message)

    def save_weights(
        self,
        changes: dict[str, float],
        before: dict[str, float],
        *,
        on_done: Callable[[dict[str, float]], None] | None = None,
        on_error: Callable[[KnownError], None] | None = None,
    ) -> None:
        """New value weights; Undo puts ``before`` back."""
        from prm.core.advocacy import value

        def put(weights: dict[str, float]) -> Callable[[Session], dict[str, float]]:
            return lambda session: value.set_weights(session, changes=dict(weights))

        def done(weights: dict[str, float]) -> None:
            self._push(
                "Change value weights",
                lambda: self._tasks.run(put(changes)),
                lambda: self._tasks.run(put(before)),
            )
            self.message.emit(f"Value weights saved{undo_hint()}")
            if on_done is not None:
                on_done(weights)

        self._tasks.run(put(changes), done, on_error or self._report)
