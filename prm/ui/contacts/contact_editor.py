"""The contact editor: every field of a contact, grouped in tabs, with errors shown inline.

The dialog never saves anything itself. Save validates on the spot (the same
``ContactDraft.cleaned()`` the services use) and emits the cleaned draft; the
owner writes it in the background and then either ``accept()``s the dialog or
hands the service's errors to ``show_errors``. Nothing typed is ever rewritten,
so a rejected form is still exactly what the user entered.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Protocol

import shiboken6
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prm.core.drafts import ContactDraft, field_label
from prm.core.errors import ValidationError
from prm.ui.common.palette import error_color
from prm.ui.contacts.contact_editor_pages import (
    NamePage,
    NotesPage,
    PersonalPage,
    ReachPage,
    RelationshipsPage,
)
from prm.ui.contacts.relation_list_editor import UNRESOLVED_MESSAGE
from prm.ui.touches.cadence_fields import CadenceFields
from prm.ui.widgets.contact_picker import NameForId, Picker
from prm.ui.widgets.field_errors import ErrorLabel

log = logging.getLogger(__name__)

_ROW_KEY = re.compile(r"^(emails|phones|urls|relations)\[(\d+)\]$")


class _ErrorTarget(Protocol):
    """Anything that can show a message next to itself: a field slot or a list row."""

    error: ErrorLabel

    def show_error(self, message: str) -> None: ...
    def clear_error(self) -> None: ...
    def focus_target(self) -> QWidget: ...


class ContactEditor(QDialog):
    submitted = Signal(object)  # a cleaned ContactDraft

    def __init__(
        self,
        draft: ContactDraft,
        *,
        title: str,
        picker: Picker,
        name_for_id: NameForId,
        cadence: CadenceFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 640)
        self._shown_errors: list[tuple[_ErrorTarget, int]] = []

        self.general_error = ErrorLabel(self)
        self.name_page = NamePage()
        self.reach_page = ReachPage()
        self.personal_page = PersonalPage()
        self.relationships_page = RelationshipsPage(picker, name_for_id, cadence)
        self.notes_page = NotesPage()
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for page, label in (
            (self.name_page, "Name && work"),
            (self.reach_page, "Ways to reach"),
            (self.personal_page, "Personal"),
            (self.relationships_page, "Relationships"),
            (self.notes_page, "Notes"),
        ):
            self.tabs.addTab(page, label)
            page.changed.connect(self._refresh_tab_marks)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Save (Ctrl+Enter)")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.general_error)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        for keys in ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save):
            QShortcut(QKeySequence(keys), self, self.submit)

        # Fields this form does not show (added to the draft later, e.g. cadence)
        # ride along from the original so saving never drops them.
        self._original = copy.deepcopy(draft)
        self._load(draft)
        self._baseline = self.draft()
        self.tabs.setCurrentIndex(0)
        self.name_page.given_name.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the interface the main window uses ---------------------------------

    def draft(self) -> ContactDraft:
        """The form as typed, not validated. Blank rows are left out."""
        draft = copy.deepcopy(self._original)
        for page in self._pages():
            page.store(draft)
        return draft

    def is_modified(self) -> bool:
        return self.draft() != self._baseline

    def submit(self) -> None:
        """Validate; emit the cleaned draft, or show every problem next to its field."""
        self._clear_errors()
        errors: dict[str, str] = {}
        cleaned: ContactDraft | None = None
        try:
            cleaned = self.draft().cleaned()
        except ValidationError as exc:
            errors = dict(exc.errors)
        unresolved = self._unresolved_pickers()
        if errors or unresolved:
            log.debug("contact form has errors: %s", sorted(errors))
            self._show(errors, unresolved)
            return
        self.submitted.emit(cleaned)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Errors from the service (or ``cleaned()``), keyed like ValidationError.errors."""
        self._clear_errors()
        self._show(errors, [])

    def reject(self) -> None:
        """Cancel, Esc and the window's close button all come here."""
        if self.is_modified() and not self._confirm_discard():
            return
        super().reject()

    # --- internals -----------------------------------------------------------

    def _pages(self) -> tuple:
        return (
            self.name_page,
            self.reach_page,
            self.personal_page,
            self.relationships_page,
            self.notes_page,
        )

    def _load(self, draft: ContactDraft) -> None:
        for page in self._pages():
            page.load(draft)

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Discard changes?",
            "You have changed this contact. Discard your changes?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _target_for(self, key: str) -> tuple[_ErrorTarget, int] | None:
        match = _ROW_KEY.match(key)
        if match:
            lists = {
                "emails": (self.reach_page.emails, self.reach_page),
                "phones": (self.reach_page.phones, self.reach_page),
                "urls": (self.reach_page.urls, self.reach_page),
                "relations": (self.relationships_page.relations, self.relationships_page),
            }
            editor, page = lists[match[1]]
            rows = editor.filled_rows()
            index = int(match[2])
            return (rows[index], self.tabs.indexOf(page)) if index < len(rows) else None
        for page in self._pages():
            if key in page.slots:
                return page.slots[key], self.tabs.indexOf(page)
        return None

    def _unresolved_pickers(self) -> list[tuple[_ErrorTarget, int, str]]:
        """Names typed into a contact picker without choosing anyone from the list."""
        page = self.relationships_page
        tab = self.tabs.indexOf(page)
        found: list[tuple[_ErrorTarget, int, str]] = []
        if page.referred_by.is_unresolved():
            found.append((page.slots["referred_by_id"], tab, UNRESOLVED_MESSAGE))
        for row in page.relations.rows():
            if row.problem():
                found.append((row, tab, row.problem()))
        return found

    def _show(self, errors: dict[str, str], extra: list[tuple[_ErrorTarget, int, str]]) -> None:
        placed: list[tuple[_ErrorTarget, int, str]] = list(extra)
        general: list[str] = []
        for key, message in errors.items():
            found = self._target_for(key)
            if found is None:
                log.info("error for %r has no field; shown at the top", key)
                general.append(f"{field_label(key).capitalize()}: {message}")
            else:
                placed.append((found[0], found[1], message))
        for target, tab, message in placed:
            target.show_error(message)
            target.error.cleared.connect(self._refresh_tab_marks)
            self._shown_errors.append((target, tab))
        self.general_error.show_message("\n".join(general))
        self._refresh_tab_marks()
        if placed:
            target, tab, _message = min(placed, key=lambda p: (p[1], *self._position(p[0])))
            self.tabs.setCurrentIndex(tab)
            focus = target.focus_target()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
            page = self.tabs.widget(tab)
            if hasattr(page, "ensureWidgetVisible"):
                page.ensureWidgetVisible(focus)

    @staticmethod
    def _position(target: _ErrorTarget) -> tuple[int, int]:
        """Where the field sits on its page, so focus goes to the topmost error."""
        point = target.focus_target().mapTo(target.focus_target().window(), QPoint(0, 0))
        return point.y(), point.x()

    def _clear_errors(self) -> None:
        for target, _tab in self._live_errors():
            target.error.cleared.disconnect(self._refresh_tab_marks)
            target.clear_error()
        self._shown_errors.clear()
        self.general_error.clear_message()
        self._refresh_tab_marks()

    def _live_errors(self) -> list[tuple[_ErrorTarget, int]]:
        """Shown errors whose field still exists (a row may have been removed since)."""
        return [(t, tab) for t, tab in self._shown_errors if shiboken6.isValid(t)]

    def _refresh_tab_marks(self) -> None:
        """Colour the titles of tabs that still hold an error, so none goes unnoticed."""
        still_wrong = {
            tab
            for target, tab in self._live_errors()
            if not target.isHidden() and not target.error.isHidden()
        }
        color = error_color(self.palette())
        bar = self.tabs.tabBar()
        for index in range(self.tabs.count()):
            bar.setTabTextColor(index, color if index in still_wrong else QColor())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # QDialogButtonBox makes Save the default button when shown, so plain Enter
        # in any field would save a half-typed form. Saving is Ctrl+Enter / Ctrl+S.
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
