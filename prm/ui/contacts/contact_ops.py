"""Changing contacts from the UI: save, trash, restore, delete forever, with Undo.

Each operation is one core service call on the DB worker. On success it tells
the window what changed (``changed``: reload lists and counts, select this
contact) and what to say (``message``: the status bar), and records an undo
command when the change can be undone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core import contact_list, contacts
from prm.core.drafts import ContactDraft
from prm.core.errors import KnownError
from prm.ui.common import undo
from prm.ui.common.tasks import Tasks

log = logging.getLogger(__name__)


def describe(names: list[str]) -> str:
    """ "Jane Doe" for one contact, "3 contacts" for several."""
    if len(names) == 1:
        return names[0]
    return f"{len(names):,} contacts"


def _names(session: Session, ids: list[int]) -> list[str]:
    rows = contact_list.contact_rows(session, ids=ids)
    return [rows[i].display_name for i in ids if i in rows]


class ContactOps(QObject):
    changed = Signal(object)  # the contact id to select afterwards, or None
    message = Signal(str)

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._undo = undo_stack

    # --- create / edit -------------------------------------------------------

    def save(
        self,
        draft: ContactDraft,
        *,
        contact_id: int | None,
        before: ContactDraft | None,
        on_saved: Callable[[int], None],
        on_error: Callable[[KnownError], None],
        allow_duplicate: bool = False,
    ) -> None:
        """Create (``contact_id`` None) or update a contact from the editor's draft.

        A new contact like a live one fails with PossibleDuplicateError unless
        ``allow_duplicate`` (the user chose to save it anyway)."""
        clock, zone = self._tasks.ctx.clock, self._tasks.ctx.zone

        def work(session: Session) -> tuple[int, str]:
            if contact_id is None:
                contact = contacts.create_contact(
                    session, draft=draft, clock=clock, zone=zone, allow_duplicate=allow_duplicate
                )
            else:
                contact = contacts.update_contact(
                    session, contact_id=contact_id, draft=draft, clock=clock, zone=zone
                )
            assert contact.id is not None
            return contact.id, contact.display_name

        def done(result: tuple[int, str]) -> None:
            saved_id, name = result
            if contact_id is None:
                self._undo.push(undo.created(self, saved_id, name))
                self.message.emit(f"Added {name}")
            else:
                if before is not None:
                    self._undo.push(undo.edited(self, saved_id, name, before, draft))
                self.message.emit(f"Saved {name}")
            on_saved(saved_id)
            self.changed.emit(saved_id)

        self._tasks.run(work, done, on_error)

    def update(self, contact_id: int, draft: ContactDraft) -> None:
        """Put a contact back to ``draft`` (Undo / Redo of an edit)."""
        clock, zone = self._tasks.ctx.clock, self._tasks.ctx.zone

        def work(session: Session) -> str:
            contact = contacts.update_contact(
                session, contact_id=contact_id, draft=draft, clock=clock, zone=zone
            )
            return contact.display_name

        def done(name: str) -> None:
            self.message.emit(f"Changed {name} back")
            self.changed.emit(contact_id)

        self._tasks.run(work, done)

    # --- trash ---------------------------------------------------------------

    def trash(self, ids: list[int], *, record: bool = True) -> None:
        if not ids:
            return
        clock = self._tasks.ctx.clock

        def work(session: Session) -> tuple[list[int], list[str]]:
            moved = contacts.trash_contacts(session, ids=ids, clock=clock)
            return moved, _names(session, moved)

        def done(result: tuple[list[int], list[str]]) -> None:
            moved, names = result
            if not moved:
                self.changed.emit(None)
                return
            label = describe(names)
            if record:
                self._undo.push(undo.trashed(self, moved, label))
            hint = undo.undo_hint() if record else ""
            self.message.emit(f"Moved {label} to the trash{hint}")
            self.changed.emit(None)

        self._tasks.run(work, done)

    def restore(self, ids: list[int], *, record: bool = True) -> None:
        if not ids:
            return
        clock = self._tasks.ctx.clock

        def work(session: Session) -> tuple[list[int], list[str]]:
            restored = contacts.restore_contacts(session, ids=ids, clock=clock)
            return restored, _names(session, restored)

        def done(result: tuple[list[int], list[str]]) -> None:
            restored, names = result
            if restored:
                label = describe(names)
                if record:
                    self._undo.push(undo.restored(self, restored, label))
                self.message.emit(f"Restored {label}")
            self.changed.emit(restored[0] if restored else None)

        self._tasks.run(work, done)

    # --- gone for good -------------------------------------------------------

    def purge(self, ids: list[int]) -> None:
        def work(session: Session) -> tuple[int, list[str]]:
            names = _names(session, ids)
            return contacts.purge_contacts(session, ids=ids), names

        self._tasks.run(work, lambda result: self._purged(*result))

    def empty_trash(self) -> None:
        self._tasks.run(
            lambda session: (contacts.empty_trash(session), []), lambda r: self._purged(*r)
        )

    def _purged(self, count: int, names: list[str]) -> None:
        # Steps on the undo stack may refer to the contacts that are gone now;
        # undoing them would silently do nothing, so the history ends here.
        self._undo.clear()
        if names and count == len(names):
            self.message.emit(f"Deleted {describe(names)} forever")
        else:
            what = "1 contact" if count == 1 else f"{count:,} contacts"
            self.message.emit(f"Emptied the trash: {what} deleted forever")
        self.changed.emit(None)
