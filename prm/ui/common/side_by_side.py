"""Two versions of one contact, field by field, with a radio pair where they differ.

The duplicates merge dialog (kept contact | duplicate) and the sync conflict
chooser (here | on the server) show the same thing: a row per field, each side's
value as a radio button, one of them preselected. Fields both sides simply
unite (emails, tags...) are a full-width line. It scrolls when the list is long.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QWidget,
)

LEFT, RIGHT = "left", "right"
BLANK = "—"  # a side that has no value


class SideBySide(QScrollArea):
    """``add_choice`` a row per differing field; ``chosen()`` says which side each took."""

    def __init__(self, left_title: str, right_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self._groups: list[QButtonGroup] = []
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(8)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnStretch(2, 1)
        self._grid.setRowStretch(1000, 1)  # few rows sit at the top, not spread out
        for column, text in enumerate(("Field", left_title, right_title)):
            self._grid.addWidget(QLabel(f"<b>{escape(text)}</b>"), 0, column)
        self._row = 1
        inner = QWidget()
        inner.setLayout(self._grid)
        self.setWidgetResizable(True)
        self.setWidget(inner)

    def add_choice(self, key: str, label: str, left: str, right: str, *, take: str = LEFT) -> None:
        pair = (QRadioButton(left or BLANK), QRadioButton(right or BLANK))
        group = QButtonGroup(self)
        for column, button in enumerate(pair, start=1):
            button.setToolTip(button.text())  # a long value is whole on hover
            group.addButton(button)
            self._grid.addWidget(button, self._row, column)
        self._groups.append(group)
        pair[0 if take == LEFT else 1].setChecked(True)
        self.choices[key] = pair
        self._grid.addWidget(QLabel(label), self._row, 0)
        self._row += 1

    def add_note(self, label: str, text: str, *, tip: str = "") -> None:
        """A full-width line: a field whose values are not chosen between."""
        value = QLabel(text)
        value.setWordWrap(True)
        value.setToolTip(tip)
        self._grid.addWidget(QLabel(label), self._row, 0)
        self._grid.addWidget(value, self._row, 1, 1, 2)
        self._row += 1

    def chosen(self) -> dict[str, str]:
        """field key -> LEFT or RIGHT, as the radio buttons stand."""
        return {
            key: LEFT if left.isChecked() else RIGHT for key, (left, _r) in self.choices.items()
        }

    def choose(self, key: str, side: str) -> None:
        left, right = self.choices[key]
        (left if side == LEFT else right).setChecked(True)
