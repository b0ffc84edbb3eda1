"""Undo commands: ``DoneCommand`` for every kind of change, and the contact ones.

A change is carried out first (so the editor can show validation errors and
stay open), and only pushed onto the ``QUndoStack`` once it succeeded. So the
first ``redo()`` that ``push`` calls does nothing; later ones repeat the
change. Each step runs on the DB worker, in order, like any other write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QStatusBar
from shiboken6 import isValid

from prm.core.drafts import ContactDraft

Step = Callable[[], None]


def undo_hint() -> str:
    """ " — Undo (Ctrl+Z)" for status messages, with the platform's own shortcut."""
    keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    return f" — Undo ({keys})"


class DoneCommand(QUndoCommand):
    """An already-done change: the first ``redo`` (from ``push``) is skipped."""

    def __init__(self, text: str, redo_step: Step, undo_step: Step) -> None:
        super().__init__(text)
        self._redo_step = redo_step
        self._undo_step = undo_step
        self._already_done = True  # pushed after the change happened

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._redo_step()

    def undo(self) -> None:
        self._undo_step()


class ContactWriter(Protocol):
    """What the commands need from ``ContactOps``: the changes, without recording them."""

    def trash(self, ids: list[int], *, record: bool = True) -> None: ...
    def restore(self, ids: list[int], *, record: bool = True) -> None: ...
    def update(self, contact_id: int, draft: ContactDraft) -> None: ...


def created(ops: ContactWriter, contact_id: int, name: str) -> DoneCommand:
    # Undoing a create moves the contact to the trash rather than destroying it.
    return DoneCommand(
        f"Add {name}",
        lambda: ops.restore([contact_id], record=False),
        lambda: ops.trash([contact_id], record=False),
    )


def edited(
    ops: ContactWriter, contact_id: int, name: str, before: ContactDraft, after: ContactDraft
) -> DoneCommand:
    return DoneCommand(
        f"Edit {name}",
        lambda: ops.update(contact_id, after),
        lambda: ops.update(contact_id, before),
    )


def trashed(ops: ContactWriter, ids: list[int], label: str) -> DoneCommand:
    return DoneCommand(
        f"Move {label} to the trash",
        lambda: ops.trash(ids, record=False),
        lambda: ops.restore(ids, record=False),
    )


def restored(ops: ContactWriter, ids: list[int], label: str) -> DoneCommand:
    return DoneCommand(
        f"Restore {label}",
        lambda: ops.restore(ids, record=False),
        lambda: ops.trash(ids, record=False),
    )


class UndoStack(QUndoStack):
    """The window's undo stack, and the one owner of the operations that push onto it.

    Whoever makes the stack (the window, a test) makes its operations with it
    (``prm.ui.operations.new_undo_stack``). A widget that logs or deletes a touch or
    a gift reaches them as ``stack.touches`` and ``stack.gifts``: set once, in the
    open, never looked up by type. (Undo steps outlive the dialog that made them,
    so the operations live as long as the stack.)
    """

    touches: Any  # prm.ui.touches.touch_ops.TouchOps
    gifts: Any  # prm.ui.gifts.gift_ops.GiftOps
    meetings: Any  # prm.ui.meetings.meeting_ops.MeetingOps
    _status_bar: QStatusBar | None = None

    def keep_status_honest(self, status_bar: QStatusBar) -> None:
        """After an undo or redo, a message ending "— Undo (Ctrl+Z)" offers what just
        happened: it goes."""
        self._status_bar = status_bar
        self.indexChanged.connect(self._forget_undo_hint)

    def _forget_undo_hint(self, _index: int) -> None:
        bar = self._status_bar
        if bar is not None and isValid(bar) and undo_hint() in bar.currentMessage():
            bar.clearMessage()
