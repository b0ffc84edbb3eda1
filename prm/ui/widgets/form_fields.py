"""Building blocks for long forms: a field with its error line, section headings, hints."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from prm.ui.common.palette import muted_color
from prm.ui.widgets.contact_picker import ContactPicker
from prm.ui.widgets.field_errors import ErrorLabel, mark_invalid


class FieldSlot(QWidget):
    """One input and the message that appears under it; typing clears the message."""

    def __init__(
        self,
        field: QWidget,
        parent: QWidget | None = None,
        *,
        hint: str = "",
        shown: QWidget | None = None,
    ) -> None:
        """``shown`` is what goes on screen when the field sits inside a bigger widget."""
        super().__init__(parent)
        self.field = field
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(shown or field)
        if hint:
            layout.addWidget(HintLabel(hint, self))
        layout.addWidget(self.error)
        _on_edit(field, self.clear_error)

    def show_error(self, message: str) -> None:
        self.error.show_message(message)
        mark_invalid(self.field, True)

    def clear_error(self) -> None:
        if not self.error.isHidden():
            self.error.clear_message()
        mark_invalid(self.field, False)

    def focus_target(self) -> QWidget:
        return self.field


def show_field_errors(
    errors: dict[str, str], slots: Mapping[str, FieldSlot], general: ErrorLabel
) -> None:
    """Each message under its field, the rest (errors of the whole form) in
    ``general``; the first field with a problem gets the focus."""
    others: list[str] = []
    first: FieldSlot | None = None
    for key, message in errors.items():
        slot = slots.get(key)
        if slot is None:
            others.append(message)
            continue
        slot.show_error(message)
        first = first or slot
    if others:
        general.show_message("\n".join(others))
    if first is not None and first.focus_target().isVisibleTo(first.window()):
        first.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)


def _on_edit(field: QWidget, callback) -> None:
    if isinstance(field, ContactPicker):
        field.changed.connect(callback)
    elif isinstance(field, QLineEdit | QPlainTextEdit):
        field.textChanged.connect(callback)
    elif isinstance(field, QComboBox):
        field.currentTextChanged.connect(callback)


class HintLabel(QLabel):
    """Small secondary text under a field; recolours itself when the theme changes."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)
        self._recolour()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.PaletteChange:
            self._recolour()
        super().changeEvent(event)

    def _recolour(self) -> None:
        palette = self.palette()
        # Blend from the surroundings, never from this label's own (already muted)
        # palette: doing that on every PaletteChange faded the text into the background.
        source = self.parentWidget().palette() if self.parentWidget() else QGuiApplication.palette()
        color = muted_color(source)
        if palette.color(palette.ColorRole.WindowText) != color:
            palette.setColor(palette.ColorRole.WindowText, color)
            self.setPalette(palette)


def fit_lines(edit: QPlainTextEdit, lines: int) -> None:
    """Make ``edit`` show at least ``lines`` whole lines, and grow when there is room."""
    margin = edit.document().documentMargin()
    inner = edit.contentsMargins().top() + edit.contentsMargins().bottom()
    height = lines * edit.fontMetrics().lineSpacing() + 2 * margin + inner + 2
    edit.setMinimumHeight(round(height))
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    # Open at the minimum (not Qt's tall default), grow with the dialog.
    edit.setSizeAdjustPolicy(QPlainTextEdit.SizeAdjustPolicy.AdjustToContentsOnFirstShow)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 6, 0, 0)
    return label


def chain_tab_order(widgets: list[QWidget]) -> None:
    """Make Tab visit ``widgets`` in this order (rows added later join the chain's end)."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)
