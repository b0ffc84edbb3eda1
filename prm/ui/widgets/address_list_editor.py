"""Repeating postal-address blocks: label, street (several lines), city, region, code, country."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from prm.core.drafts import AddressDraft
from prm.core.vocab import ADDRESS_LABELS
from prm.ui.widgets.label_combo import LabelCombo
from prm.ui.widgets.value_list_editor import add_button, remove_button


class AddressRow(QFrame):
    changed = Signal()
    remove_requested = Signal(QWidget)

    def __init__(self, address: AddressDraft | None, parent: QWidget) -> None:
        super().__init__(parent)
        address = address or AddressDraft(label=ADDRESS_LABELS[0])
        # Not editable here, but kept so a round trip does not drop it.
        self._preferred = address.preferred
        self.label_combo = LabelCombo(ADDRESS_LABELS, self)
        self.street = QPlainTextEdit(self)
        self.street.setTabChangesFocus(True)
        self.street.setPlaceholderText("Street")
        self.street.setAccessibleName("Street")
        lines = QFontMetrics(self.street.font()).lineSpacing()
        self.street.setFixedHeight(lines * 2 + 14)
        self.locality = self._line("City")
        self.region = self._line("State / region")
        self.postal_code = self._line("Postal code")
        self.country = self._line("Country")
        self.remove = remove_button("address", self)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.label_combo, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.street, 0, 1, 1, 3)
        grid.addWidget(self.remove, 0, 4, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.locality, 1, 1)
        grid.addWidget(self.region, 1, 2)
        grid.addWidget(self.postal_code, 1, 3)
        grid.addWidget(self.country, 2, 1, 1, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 2)

        self.label_combo.set_label(address.label)
        self.street.setPlainText(address.street)
        self.locality.setText(address.locality)
        self.region.setText(address.region)
        self.postal_code.setText(address.postal_code)
        self.country.setText(address.country)

        self.label_combo.currentTextChanged.connect(self.changed)
        self.street.textChanged.connect(self.changed)
        for edit in (self.locality, self.region, self.postal_code, self.country):
            edit.textChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def _line(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(placeholder)
        return edit

    def address(self) -> AddressDraft:
        return AddressDraft(
            label=self.label_combo.label(),
            street=self.street.toPlainText(),
            locality=self.locality.text(),
            region=self.region.text(),
            postal_code=self.postal_code.text(),
            country=self.country.text(),
            preferred=self._preferred,
        )


class AddressListEditor(QWidget):
    changed = Signal()
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AddressRow] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(14)
        self.add = add_button("Add address", self)
        self.add.clicked.connect(self._add_clicked)
        footer = QHBoxLayout()
        footer.addWidget(self.add)
        footer.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        outer.addLayout(self._rows_box)
        outer.addLayout(footer)

    def set_addresses(self, addresses: list[AddressDraft]) -> None:
        for row in list(self._rows):
            self._remove(row, notify=False)
        for address in addresses:
            self._append(address)

    def addresses(self) -> list[AddressDraft]:
        """Addresses with something typed; a label alone is not an address."""
        return [a for a in (row.address() for row in self._rows) if not a.is_empty()]

    def rows(self) -> list[AddressRow]:
        return list(self._rows)

    def focus_order(self) -> list[QWidget]:
        inputs = [
            w
            for r in self._rows
            for w in (
                r.label_combo, r.street, r.locality, r.region, r.postal_code, r.country, r.remove
            )
        ]
        return [*inputs, self.add]

    def _add_clicked(self) -> None:
        row = self._append(None)
        row.street.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def _append(self, address: AddressDraft | None) -> AddressRow:
        row = AddressRow(address, self)
        row.changed.connect(self.changed)
        row.remove_requested.connect(lambda r: self._remove(r, notify=True))
        self._rows.append(row)
        self._rows_box.addWidget(row)
        self.rows_changed.emit()
        return row

    def _remove(self, row: QWidget, *, notify: bool) -> None:
        assert isinstance(row, AddressRow)
        self._rows.remove(row)
        self._rows_box.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.rows_changed.emit()
        if notify:
            self.add.setFocus(Qt.FocusReason.OtherFocusReason)
            self.changed.emit()
