"""Colours that read on light and dark themes alike, and the attention levels
(calm / due / overdue / muted) every list shares.

Qt has no "error" or "due" palette role, so these are picked from the palette's
lightness. Everything here is a pure function of a ``QPalette`` (the
application's when none is given).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

# Attention levels shared by the reach-out, replies, review, gifts, events,
# articles and meetings lists.
CALM, DUE, OVERDUE, MUTED = "calm", "due", "overdue", "muted"


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def error_color(palette: QPalette) -> QColor:
    return QColor("#ff8a80") if is_dark(palette) else QColor("#c62828")


def on_track_color(palette: QPalette) -> QColor:
    return QColor("#56c271" if is_dark(palette) else "#3f9f5f")


def muted_color(palette: QPalette, *, on_base: bool = False) -> QColor:
    """Secondary text (labels, hints) that still passes for text on both themes.

    ``on_base`` is for text drawn on the Base colour (cards, lists) instead of Window.
    """
    if on_base:
        text = palette.color(QPalette.ColorRole.Text)
        ground = palette.color(QPalette.ColorRole.Base)
    else:
        text = palette.color(QPalette.ColorRole.WindowText)
        ground = palette.color(QPalette.ColorRole.Window)
    return blend(text, ground, 0.45)


def blend(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def attention_color(level: str, palette: QPalette | None = None) -> QColor | None:
    """Amber / red / grey text that reads on both light and dark backgrounds (None: normal)."""
    palette = palette or QGuiApplication.palette()
    if level == DUE:
        return QColor("#e3b341") if is_dark(palette) else QColor("#8a5a00")
    if level == OVERDUE:
        return error_color(palette)
    if level == MUTED:
        return muted_color(palette, on_base=True)
    return None


def status_dot(color: QColor) -> QIcon:
    """A small round badge in one colour."""
    ratio = 2.0
    pixmap = QPixmap(int(12 * ratio), int(12 * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    icon = QIcon(pixmap)
    # The same colour on a selected row: Qt's generated "selected" look tints it with the
    # highlight, and a red dot on blue turned a muddy purple.
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon
