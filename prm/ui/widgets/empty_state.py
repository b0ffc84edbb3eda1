"""A friendly, centred panel for a list with nothing in it, and what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(self, title: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Parented from the start: showing a parentless label (setVisible below) would
        # flash it as a window of its own and take activation from the main window.
        self.title = QLabel(title, self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width: a word-wrapped label centred in a box layout gets the wrong height.
        self.text.setFixedWidth(440)
        self.text.setVisible(bool(text))
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(12)
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)

        column = QVBoxLayout(self)
        column.addStretch(2)
        column.addWidget(self.title)
        column.addSpacing(6)
        centred = QHBoxLayout()  # not an alignment flag: that breaks word-wrapped heights
        centred.addStretch(1)
        centred.addWidget(self.text)
        centred.addStretch(1)
        column.addLayout(centred)
        column.addSpacing(18)
        column.addLayout(self._buttons)
        column.addStretch(3)

    def set_title(self, title: str) -> None:
        self.title.setText(title)

    def set_text(self, text: str) -> None:
        self.text.setText(text)
        self.text.setVisible(bool(text))

    def add_button(self, text: str, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(button.sizeHint().height() + 6)
        button.setMinimumWidth(button.sizeHint().width() + 24)
        if primary:
            button.setDefault(True)
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button
