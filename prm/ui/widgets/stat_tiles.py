"""A row of big numbers with a caption under each ("40 / meetings"), on a card."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from prm.ui.common.palette import muted_color


def card(parent: QWidget | None = None) -> QFrame:
    """A panel on the Base colour, like the weekly review's sections."""
    frame = QFrame(parent)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setBackgroundRole(QPalette.ColorRole.Base)
    frame.setAutoFillBackground(True)
    return frame


class CardHint(QLabel):
    """Small muted text on a card, re-tinted when the theme changes.

    A label on a Base-coloured card draws with the Text role, so both roles get
    the muted colour; it is always derived from the application's palette, never
    from the label's own (already muted) one.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)
        self._tint()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)

    def _tint(self) -> None:
        colour = muted_color(QGuiApplication.palette(), on_base=True)
        palette = self.palette()
        if palette.color(QPalette.ColorRole.Text) != colour:
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            palette.setColor(QPalette.ColorRole.Text, colour)
            self.setPalette(palette)


def card_hint(text: str = "") -> CardHint:
    return CardHint(text)


def card_heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


class StatTile(QWidget):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = QLabel("—")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setWeight(QFont.Weight.DemiBold)
        self.value.setFont(font)
        self.value.setAccessibleName(caption)
        self.caption = card_hint(caption)
        self.caption.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, text: str, tooltip: str = "") -> None:
        self.value.setText(text)
        self.setToolTip(tooltip)


class StatTiles(QFrame):
    """Tiles side by side, evenly spread, divided by thin lines."""

    def __init__(self, captions: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.tiles: dict[str, StatTile] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.setSpacing(18)
        for i, (key, caption) in enumerate(captions.items()):
            if i:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.VLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                layout.addWidget(line)
            tile = self.tiles[key] = StatTile(caption)
            layout.addWidget(tile, 1, Qt.AlignmentFlag.AlignVCenter)
