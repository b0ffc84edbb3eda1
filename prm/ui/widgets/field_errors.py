"""Inline validation messages: red text under a field, and a tint on the field itself.

The red comes from ``prm.ui.common.palette``: readable on light and dark themes alike.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from prm.ui.common.palette import blend, error_color

_INVALID_PROPERTY = "prmInvalid"


class ErrorLabel(QLabel):
    """A hidden, word-wrapped message that appears under its field when set."""

    cleared = Signal()  # the message went away because its field was edited

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().PlainText)  # messages quote user input
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._apply_color()
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        was_shown = not self.isHidden()
        self.setText("")
        self.hide()
        if was_shown:
            self.cleared.emit()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.PaletteChange:
            self._apply_color()
        super().changeEvent(event)

    def _apply_color(self) -> None:
        palette = self.palette()
        color = error_color(palette)
        if palette.color(QPalette.ColorRole.WindowText) != color:
            palette.setColor(QPalette.ColorRole.WindowText, color)
            self.setPalette(palette)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Tint the field's background red (or restore it) without changing its geometry.

    A stylesheet border would switch Fusion to its style-sheet renderer and make
    the invalid field a different height from its neighbours; a palette tint does not.
    """
    if bool(widget.property(_INVALID_PROPERTY)) == invalid:
        return
    widget.setProperty(_INVALID_PROPERTY, invalid)
    if not invalid:
        widget.setPalette(QPalette())  # back to inheriting the window's palette
        return
    palette = widget.palette()
    base = palette.color(QPalette.ColorRole.Base)
    palette.setColor(QPalette.ColorRole.Base, blend(base, error_color(palette), 0.18))
    widget.setPalette(palette)


def is_marked_invalid(widget: QWidget) -> bool:
    return bool(widget.property(_INVALID_PROPERTY))
