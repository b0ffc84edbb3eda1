"""A compact, always-on-top timer: the meeting stays in sight while the screen
is shared or other windows are in front. Click it to bring the meeting back."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from prm.core.meeting_timer import Phase, TimerView
from prm.ui.common.formatting import clock_text
from prm.ui.meetings.timer_colours import OVERRUN_BACKGROUND, PHASE_COLOURS


class MiniTimer(QWidget):
    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        flags = (
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        super().__init__(parent, flags)
        self.setWindowTitle("Meeting timer")
        self.setAutoFillBackground(True)
        self.setToolTip("Click to open the meeting; drag to move")
        self.time = QLabel("45:00")
        font = self.time.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.time.setFont(font)
        self.item = QLabel()
        self.item.setMaximumWidth(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(0)
        row = QHBoxLayout()
        row.addWidget(self.time)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.item)
        self._press: QPoint | None = None
        self.phase = Phase.CALM
        self._moved = False

    def render(self, view: TimerView) -> None:
        over = view.phase == Phase.OVERRUN
        self.time.setText(
            ("+" + clock_text(view.overrun_ms)) if over else clock_text(view.remaining_ms)
        )
        self.item.setText(
            self.item.fontMetrics().elidedText(
                view.item_title, Qt.TextElideMode.ElideRight, self.item.maximumWidth()
            )
        )
        base = QApplication.palette()
        normal = base.color(QPalette.ColorRole.WindowText).name()
        palette = QPalette(base)
        palette.setColor(
            QPalette.ColorRole.Window,
            QColor(OVERRUN_BACKGROUND) if over else base.color(QPalette.ColorRole.Window),
        )
        palette.setColor(
            QPalette.ColorRole.WindowText, QColor("#ffffff") if over else QColor(normal)
        )
        self.setPalette(palette)
        self.time.setStyleSheet(f"color: {PHASE_COLOURS.get(view.phase, normal)};")
        self.phase = view.phase

    # Frameless: move it by dragging, open the meeting with a click.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.globalPosition().toPoint() - self.frameGeometry().topLeft()
        self._moved = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            self._moved = True
            self.move(event.globalPosition().toPoint() - self._press)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self._moved:
            self.restore_requested.emit()
        self._press = None
