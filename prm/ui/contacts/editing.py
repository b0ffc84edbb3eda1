"""Opening the contact editor and saving what the user typed.

The editor stays open while the save runs on the worker: on success it
closes, on a validation error the messages appear under the fields, and on
any other known problem a message box explains it. The typing is never lost.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid
from sqlmodel import Session

from prm.core import contact_list, contacts
from prm.core.drafts import ContactDraft
from prm.core.errors import KnownError, PossibleDuplicateError, ValidationError
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.contacts.contact_ops import ContactOps

if TYPE_CHECKING:
    from prm.ui.contacts.contact_editor import ContactEditor

log = logging.getLogger(__name__)


class EditorFlow(QObject):
    editor_opened = Signal(object)  # the ContactEditor, for tests and focus handling
    open_requested = Signal(int)  # show this (existing) contact instead of adding a twin

    def __init__(self, tasks: Tasks, ops: ContactOps, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._tasks = tasks
        self._ops = ops
        self._parent = parent_widget
        self.editor: ContactEditor | None = None
        self.duplicate_box: QMessageBox | None = None  # the last "already there?" question

    def new_contact(self, draft: ContactDraft | None = None) -> None:
        """The editor for a new contact, empty or prefilled (someone seen in captured mail)."""
        self._open(draft or ContactDraft(), title="New contact", contact_id=None, before=None)

    def edit_contact(self, contact_id: int) -> None:
        def work(session: Session) -> tuple[ContactDraft, str]:
            contact = contacts.get_contact(session, contact_id=contact_id)
            return contacts.draft_from_contact(contact), contact.display_name

        def loaded(result: tuple[ContactDraft, str]) -> None:
            draft, name = result
            self._open(draft, title=f"Edit {name}", contact_id=contact_id, before=draft)

        self._tasks.run(work, loaded, lambda exc: show_known_error(self._parent, exc))

    def _open(
        self,
        draft: ContactDraft,
        *,
        title: str,
        contact_id: int | None,
        before: ContactDraft | None,
    ) -> None:
        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            self.editor.activateWindow()
            return
        # Imported on first use: the editor is big and not needed to show the list.
        from prm.ui.contacts.contact_editor import ContactEditor
        from prm.ui.touches.cadence_fields import CadenceFields

        editor = ContactEditor(
            draft,
            title=title,
            picker=self._pick,
            name_for_id=self._name_for,
            cadence=CadenceFields(self._tasks),
            parent=self._parent,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.submitted.connect(
            lambda cleaned: self._save(editor, cleaned, contact_id=contact_id, before=before)
        )
        editor.destroyed.connect(self._forget_editor)
        self.editor = editor
        editor.open()
        self.editor_opened.emit(editor)

    def _forget_editor(self) -> None:
        self.editor = None

    def _save(
        self,
        editor: ContactEditor,
        draft: ContactDraft,
        *,
        contact_id: int | None,
        before: ContactDraft | None,
        allow_duplicate: bool = False,
    ) -> None:
        def saved(_saved_id: int) -> None:
            if isValid(editor):  # the user may have closed it meanwhile
                editor.accept()

        def failed(exc: KnownError) -> None:
            if not isValid(editor):
                show_known_error(self._parent, exc)
            elif isinstance(exc, ValidationError):
                editor.show_errors(exc.errors)
            elif isinstance(exc, PossibleDuplicateError):
                self._offer_duplicate(editor, draft, exc)
            else:
                show_known_error(editor, exc)

        self._ops.save(
            draft,
            contact_id=contact_id,
            before=before,
            on_saved=saved,
            on_error=failed,
            allow_duplicate=allow_duplicate,
        )

    def _offer_duplicate(
        self, editor: ContactEditor, draft: ContactDraft, exc: PossibleDuplicateError
    ) -> None:
        from prm.ui.contacts.duplicate_offer import offer_duplicate

        def open_existing(existing_id: int) -> None:
            if isValid(editor):
                editor.done(0)  # nothing saved; the typing goes on purpose, no second question
            self.open_requested.emit(existing_id)

        def save_anyway() -> None:
            if isValid(editor):
                self._save(editor, draft, contact_id=None, before=None, allow_duplicate=True)

        self.duplicate_box = offer_duplicate(
            editor, exc, open_existing=open_existing, save_anyway=save_anyway
        )

    # Synchronous, bounded reads for the editor's contact picker (see Tasks.read).

    def _pick(self, text: str) -> list[tuple[int, str, str]]:
        return self._tasks.read(lambda session: contact_list.pick_list(session, query=text))

    def _name_for(self, contact_id: int) -> str:
        rows = self._tasks.read(
            lambda session: contact_list.contact_rows(session, ids=[contact_id])
        )
        row = rows.get(contact_id)
        return row.display_name if row is not None else f"#{contact_id}"
