"""Repeating rows of labelled values: a contact's emails, phones or web profiles.

Each row is label, value, a "preferred" star and remove, with its own error line under it.
Blank rows are ignored when reading the list back, so an empty row left ready
for typing never becomes data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from prm.core.drafts import LabeledValue
from prm.ui.widgets.field_errors import ErrorLabel, mark_invalid
from prm.ui.widgets.label_combo import LabelCombo
from prm.ui.widgets.row_list_editor import RowListEditor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ValueKind:
    """What one list holds, in words the user sees."""

    noun: str  # "email", used in "Add email" and "Remove this email"
    vocabulary: list[str]
    placeholder: str
    add_text: str


def remove_button(what: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText("✕")
    button.setAutoRaise(True)
    button.setToolTip(f"Remove this {what}")
    button.setAccessibleName(f"Remove this {what}")
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class PreferredToggle(QToolButton):
    """A star that marks the value to use first; quieter than a "Preferred" checkbox per row."""

    def __init__(self, noun: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName("Preferred")
        self._noun = noun
        self.toggled.connect(self._show_state)
        self._show_state(False)

    def _show_state(self, checked: bool) -> None:
        self.setText("★" if checked else "☆")
        self.setToolTip(
            f"Preferred {self._noun}: used first"
            if checked
            else f"Make this the preferred {self._noun}"
        )


class LabeledValueRow(QWidget):
    changed = Signal()
    remove_requested = Signal(QWidget)
    preferred_clicked = Signal(QWidget)

    def __init__(self, kind: ValueKind, item: LabeledValue | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.label_combo = LabelCombo(kind.vocabulary, self)
        self.value_edit = QLineEdit(self)
        self.value_edit.setPlaceholderText(kind.placeholder)
        self.value_edit.setAccessibleName(kind.noun.capitalize())
        self.preferred_check = PreferredToggle(kind.noun, self)
        self.remove = remove_button(kind.noun, self)
        self.error = ErrorLabel(self)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.label_combo, 0, 0)
        grid.addWidget(self.value_edit, 0, 1)
        grid.addWidget(self.preferred_check, 0, 2)
        grid.addWidget(self.remove, 0, 3)
        grid.addWidget(self.error, 1, 1, 1, 3)
        grid.setColumnStretch(1, 1)

        if item is not None:
            self.label_combo.set_label(item.label)
            self.value_edit.setText(item.value)
            self.preferred_check.setChecked(item.preferred)

        self.value_edit.textChanged.connect(self._edited)
        self.label_combo.currentTextChanged.connect(self._edited)
        self.preferred_check.toggled.connect(self._edited)
        self.preferred_check.clicked.connect(lambda: self.preferred_clicked.emit(self))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def item(self) -> LabeledValue:
        return LabeledValue(
            self.value_edit.text(), self.label_combo.label(), self.preferred_check.isChecked()
        )

    def is_blank(self) -> bool:
        return not self.value_edit.text().strip()

    def show_error(self, message: str) -> None:
        self.error.show_message(message)
        mark_invalid(self.value_edit, True)

    def clear_error(self) -> None:
        self.error.clear_message()
        mark_invalid(self.value_edit, False)

    def focus_target(self) -> QWidget:
        return self.value_edit

    def _edited(self) -> None:
        self.clear_error()
        self.changed.emit()


class ValueListEditor(RowListEditor):
    """All of one kind of value; ``items()`` returns only rows with something typed."""

    def __init__(self, kind: ValueKind, parent: QWidget | None = None) -> None:
        self._kind = kind
        super().__init__(kind.add_text, parent=parent)

    def set_items(self, items: list[LabeledValue], *, blank_row_if_empty: bool = False) -> None:
        self._replace_all(items)
        if not items and blank_row_if_empty:
            self._append(None)

    def focus_order(self) -> list[QWidget]:
        inputs = [
            w
            for r in self._rows
            for w in (r.label_combo, r.value_edit, r.preferred_check, r.remove)
        ]
        return [*inputs, self.add]

    def filled_rows(self) -> list[LabeledValueRow]:
        """The rows that become draft items, in order (draft index i = this list's i)."""
        return [row for row in self._rows if not row.is_blank()]

    def items(self) -> list[LabeledValue]:
        return [row.item() for row in self.filled_rows()]

    def clear_errors(self) -> None:
        for row in self._rows:
            row.clear_error()

    def _make_row(self, item: LabeledValue | None) -> LabeledValueRow:
        row = LabeledValueRow(self._kind, item, self)
        row.preferred_clicked.connect(self._make_only_preferred)
        return row

    def _first_input(self, row: LabeledValueRow) -> QWidget:
        return row.value_edit

    def _make_only_preferred(self, chosen: QWidget) -> None:
        """One preferred value per list, like a radio group that can also be all off."""
        if not isinstance(chosen, LabeledValueRow) or not chosen.preferred_check.isChecked():
            return
        for row in self._rows:
            if row is not chosen:
                row.preferred_check.setChecked(False)
