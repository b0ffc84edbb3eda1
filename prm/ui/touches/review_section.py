"""One section of the weekly review: a heading with an exact count, the most
urgent rows, and a quiet "Show 50 more" while some are left out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm.ui.common.palette import MUTED, attention_color

MORE_STEP = 50  # rows each "Show more" adds


def tint(label: QLabel, level: str | None) -> None:
    """Colour a label's text; both roles, as a label on a Base card draws with Text."""
    color = attention_color(level) if level else None
    palette = QPalette()  # the application's, so a theme change starts afresh
    if color is not None:
        palette.setColor(QPalette.ColorRole.WindowText, color)
        palette.setColor(QPalette.ColorRole.Text, color)
    label.setPalette(palette)


def colored(text: str, level: str | None, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if level:
        tint(label, level)
    if bold:
        font = label.font()
        font.setWeight(QFont.Weight.DemiBold)
        label.setFont(font)
    return label


class ReviewSection(QFrame):
    """A heading with a count, then a grid of rows (or one calm line when empty), and
    a quiet "Show 50 more" while rows are left out."""

    more_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.12)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.count = QLabel("")
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(8)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.more_button = QPushButton("")
        self.more_button.setFlat(True)
        self.more_button.setVisible(False)
        self.more_button.clicked.connect(self.more_requested)
        footer = QHBoxLayout()
        footer.addWidget(self.note, 1)
        footer.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignRight)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(8)
        heading.addWidget(self.count, 1, Qt.AlignmentFlag.AlignBaseline)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.body)
        layout.addLayout(footer)

    def set_rows(
        self,
        rows: list[list[QWidget]],
        *,
        count: str,
        empty: str,
        more: str = "",
        hidden: int = 0,
    ) -> None:
        """``hidden``: rows left out that "Show more" brings in (0: no button)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for r, widgets in enumerate(rows):
            for c, widget in enumerate(widgets):
                self.grid.addWidget(widget, r, c, Qt.AlignmentFlag.AlignBaseline)
        if rows:
            self.grid.setColumnStretch(len(rows[0]) - 2, 1)  # the text column takes the room
        self.body.setVisible(bool(rows))
        self.count.setText(count if rows else "")
        self.note.setText(more if rows else empty)
        self.note.setVisible(bool(self.note.text()))
        if hidden > MORE_STEP:
            self.more_button.setText(f"Show {MORE_STEP} more")
        else:
            self.more_button.setText(
                "Show the last one" if hidden == 1 else f"Show the last {hidden}"
            )
        self.more_button.setVisible(bool(rows) and hidden > 0)
        tint(self.count, MUTED)
        tint(self.note, MUTED)
