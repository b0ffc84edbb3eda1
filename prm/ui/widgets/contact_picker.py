"""Choose another contact by typing part of their name (referrer, relationships).

The search itself belongs to the caller (``picker(text)`` -> ``(id, name,
organization)`` rows); this widget only shows the matches and remembers the
chosen id. Typing after a choice forgets it, so the id never disagrees with
the name on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

log = logging.getLogger(__name__)

Picker = Callable[[str], list[tuple[int, str, str]]]
NameForId = Callable[[int], str]

_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_NAME_ROLE = Qt.ItemDataRole.UserRole + 2


class _NameCompleter(QCompleter):
    """Shows "Name — Organization" in the popup but puts only the name in the field."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return index.data(_NAME_ROLE) or ""


class ContactPicker(QLineEdit):
    """A line edit that resolves to a contact id (or None) via a completion popup."""

    changed = Signal()  # the chosen contact changed, or the user typed

    def __init__(
        self,
        picker: Picker,
        name_for_id: NameForId,
        parent: QWidget | None = None,
        *,
        placeholder: str = "Type a name to search your contacts",
    ) -> None:
        super().__init__(parent)
        self._picker = picker
        self._name_for_id = name_for_id
        self._contact_id: int | None = None
        self._chosen_name = ""
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)

        self._matches = QStandardItemModel(self)
        completer = _NameCompleter(self._matches, self)
        # The caller's search already filtered (by any name part or organization);
        # QCompleter's own prefix filter would hide good matches.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated[QModelIndex].connect(self._on_activated)
        self.setCompleter(completer)
        self.textEdited.connect(self._on_text_edited)
        self.editingFinished.connect(self._resolve_exact_name)

    # --- API ---------------------------------------------------------------

    def contact_id(self) -> int | None:
        return self._contact_id

    def set_contact_id(self, contact_id: int | None) -> None:
        """Show an existing choice (when the editor opens a stored draft)."""
        name = ""
        if contact_id is not None:
            try:
                name = self._name_for_id(contact_id) or f"Contact #{contact_id}"
            except Exception:  # a deleted referrer must not stop the editor opening
                log.exception("could not name contact #%s", contact_id)
                name = f"Contact #{contact_id}"
        self._set_choice(contact_id, name)

    def choose(self, contact_id: int, name: str) -> None:
        self._set_choice(contact_id, name)
        self.changed.emit()

    def is_unresolved(self) -> bool:
        """Text was typed but no contact chosen: the user's intent is unclear."""
        return self._contact_id is None and bool(self.text().strip())

    # --- internals ---------------------------------------------------------

    def _set_choice(self, contact_id: int | None, name: str) -> None:
        self._contact_id = contact_id
        self._chosen_name = name
        self.setText(name)
        self.setCursorPosition(0)

    def _on_text_edited(self, text: str) -> None:
        if self._contact_id is not None and text != self._chosen_name:
            self._contact_id = None
        self._refresh_matches(text)
        self.changed.emit()

    def _refresh_matches(self, text: str) -> None:
        self._matches.clear()
        query = text.strip()
        if not query:
            self.completer().popup().hide()
            return
        for contact_id, name, organization in self._picker(query):
            shown = f"{name} — {organization}" if organization else name
            item = QStandardItem(shown)
            item.setData(contact_id, _ID_ROLE)
            item.setData(name, _NAME_ROLE)
            item.setEditable(False)
            self._matches.appendRow(item)
        if self._matches.rowCount():
            self.completer().complete()
        else:
            self.completer().popup().hide()

    def _on_activated(self, index: QModelIndex) -> None:
        contact_id = index.data(_ID_ROLE)
        if contact_id is None:
            return
        self.choose(int(contact_id), index.data(_NAME_ROLE) or "")

    def _resolve_exact_name(self) -> None:
        """Typing a full name and tabbing away picks that person if exactly one matches."""
        text = self.text().strip()
        if self._contact_id is not None or not text:
            return
        exact = [row for row in self._picker(text) if row[1].casefold() == text.casefold()]
        if len(exact) == 1:
            self.choose(exact[0][0], exact[0][1])
