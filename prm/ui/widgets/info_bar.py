"""A coloured strip above the content: one message, an optional action, a close button.

Used for things the user should notice but need not answer right away:
"You are looking at sample data", "your data is stored unencrypted".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

INFO, WARNING = "info", "warning"
_WARNING_TINT = QColor("#d9822b")


def _blend(a: QColor, b: QColor, amount: float) -> QColor:
    """``amount`` of ``a`` over ``b``."""
    return QColor.fromRgbF(
        a.redF() * amount + b.redF() * (1 - amount),
        a.greenF() * amount + b.greenF() * (1 - amount),
        a.blueF() * amount + b.blueF() * (1 - amount),
    )


class InfoBar(QWidget):
    closed = Signal()
    action_triggered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = INFO
        self._on_action: Callable[[], None] | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.action_button.hide()
        self.action_button.clicked.connect(self._action_clicked)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 12, 10)
        layout.setSpacing(12)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self.hide()

    def show_message(
        self,
        text: str,
        *,
        kind: str = INFO,
        rich: bool = False,
        action: str = "",
        on_action: Callable[[], None] | None = None,
        closable: bool = True,
    ) -> None:
        self._kind = kind
        self._on_action = on_action
        self.label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.label.setText(text)
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action))
        self.close_button.setVisible(closable)
        self.show()
        self.update()

    def _action_clicked(self) -> None:
        if self._on_action is not None:
            self._on_action()
        self.action_triggered.emit()

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Window)
        tint = (
            _WARNING_TINT if self._kind == WARNING else palette.color(QPalette.ColorRole.Highlight)
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(_blend(tint, base, 0.55))
        painter.setBrush(_blend(tint, base, 0.16))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(6.5, 4.5, -6.5, -4.5), 6, 6)
        painter.end()
        super().paintEvent(event)
