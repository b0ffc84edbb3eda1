"""Repeating relationship rows: "<kind> <other contact>", with an optional note."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QWidget,
)

from prm.core.drafts import RelationDraft
from prm.core.vocab import RELATION_KINDS
from prm.ui.widgets.contact_picker import ContactPicker, NameForId, Picker
from prm.ui.widgets.field_errors import ErrorLabel, mark_invalid
from prm.ui.widgets.row_list_editor import RowListEditor
from prm.ui.widgets.value_list_editor import remove_button

UNRESOLVED_MESSAGE = "Choose a person from the suggestions that appear as you type."


class RelationRow(QWidget):
    changed = Signal()
    remove_requested = Signal(QWidget)

    def __init__(
        self,
        relation: RelationDraft | None,
        picker: Picker,
        name_for_id: NameForId,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox(self)
        for kind, (label, _inverse) in RELATION_KINDS.items():
            self.kind_combo.addItem(label, kind)
        self.other = ContactPicker(picker, name_for_id, self, placeholder="Search contacts")
        self.other.setAccessibleName("Related contact")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Note (optional)")
        self.note.setAccessibleName("Note")
        self.remove = remove_button("relationship", self)
        self.error = ErrorLabel(self)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.kind_combo, 0, 0)
        grid.addWidget(self.other, 0, 1)
        grid.addWidget(self.note, 0, 2)
        grid.addWidget(self.remove, 0, 3)
        grid.addWidget(self.error, 1, 1, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)

        if relation is not None:
            self._select_kind(relation.kind)
            self.other.set_contact_id(relation.other_id)
            self.note.setText(relation.note)

        self.kind_combo.currentIndexChanged.connect(self._edited)
        self.other.changed.connect(self._edited)
        self.note.textChanged.connect(self._edited)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def _select_kind(self, kind: str) -> None:
        index = self.kind_combo.findData(kind)
        if index < 0:  # an unknown kind (e.g. imported) is shown, not silently changed
            self.kind_combo.addItem(kind, kind)
            index = self.kind_combo.count() - 1
        self.kind_combo.setCurrentIndex(index)

    def relation(self) -> RelationDraft | None:
        other_id = self.other.contact_id()
        if other_id is None:
            return None
        return RelationDraft(self.kind_combo.currentData(), other_id, self.note.text())

    def is_blank(self) -> bool:
        return not self.other.text().strip() and not self.note.text().strip()

    def problem(self) -> str:
        """What stops this row becoming a relationship, before asking the service."""
        if self.other.is_unresolved() or (self.other.contact_id() is None and not self.is_blank()):
            return UNRESOLVED_MESSAGE
        return ""

    def show_error(self, message: str) -> None:
        self.error.show_message(message)
        mark_invalid(self.other, True)

    def clear_error(self) -> None:
        self.error.clear_message()
        mark_invalid(self.other, False)

    def focus_target(self) -> QWidget:
        return self.other

    def _edited(self) -> None:
        self.clear_error()
        self.changed.emit()


class RelationListEditor(RowListEditor):
    def __init__(self, picker: Picker, name_for_id: NameForId, parent: QWidget | None = None):
        self._picker = picker
        self._name_for_id = name_for_id
        super().__init__("Add relationship", parent=parent)

    def set_relations(self, relations: list[RelationDraft]) -> None:
        self._replace_all(relations)

    def focus_order(self) -> list[QWidget]:
        inputs = [w for r in self._rows for w in (r.kind_combo, r.other, r.note, r.remove)]
        return [*inputs, self.add]

    def filled_rows(self) -> list[RelationRow]:
        """Rows that become draft relations, in order (draft index i = this list's i)."""
        return [row for row in self._rows if row.relation() is not None]

    def relations(self) -> list[RelationDraft]:
        return [r for r in (row.relation() for row in self._rows) if r is not None]

    def _make_row(self, item: RelationDraft | None) -> RelationRow:
        return RelationRow(item, self._picker, self._name_for_id, self)

    def _first_input(self, row: RelationRow) -> QWidget:
        return row.other
