"""Repeating postal-address blocks: label, street (several lines), city, region, code, country."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from prm.core.drafts import AddressDraft
from prm.core.vocab import ADDRESS_LABELS
from prm.ui.widgets.label_combo import LabelCombo
from prm.ui.widgets.row_list_editor import RowListEditor
from prm.ui.widgets.value_list_editor import remove_button


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


class AddressListEditor(RowListEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Add address", row_spacing=14, spacing=6, parent=parent)

    def set_addresses(self, addresses: list[AddressDraft]) -> None:
        self._replace_all(addresses)

    def addresses(self) -> list[AddressDraft]:
        """Addresses with something typed; a label alone is not an address."""
        return [a for a in (row.address() for row in self._rows) if not a.is_empty()]

    def focus_order(self) -> list[QWidget]:
        inputs = [
            w
            for r in self._rows
            for w in (
                r.label_combo,
                r.street,
                r.locality,
                r.region,
                r.postal_code,
                r.country,
                r.remove,
            )
        ]
        return [*inputs, self.add]

    def _make_row(self, item: AddressDraft | None) -> AddressRow:
        return AddressRow(item, self)

    def _first_input(self, row: AddressRow) -> QWidget:
        return row.street
