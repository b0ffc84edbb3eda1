"""A contact's round picture: their photo, or their initials on the theme's accent colour."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPainterPath, QPalette, QPixmap


def initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()


def avatar_pixmap(
    photo: bytes | None, name: str, size: int, palette: QPalette, ratio: float = 1.0
) -> QPixmap:
    """A ``size``-point circle; ``ratio`` is the screen's device pixel ratio (sharp on HiDPI)."""
    pixels = max(1, round(size * ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    circle = QPainterPath()
    circle.addEllipse(QRectF(0, 0, pixels, pixels))
    image = QImage.fromData(photo) if photo else QImage()
    if not image.isNull():
        scaled = image.scaled(
            pixels,
            pixels,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.setClipPath(circle)
        painter.drawImage((pixels - scaled.width()) // 2, (pixels - scaled.height()) // 2, scaled)
    else:
        # Highlight/HighlightedText are a pair every theme keeps readable together.
        painter.fillPath(circle, palette.color(QPalette.ColorRole.Highlight))
        font = QFont(painter.font())
        font.setPixelSize(max(8, int(pixels * 0.38)))
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        painter.drawText(QRectF(0, 0, pixels, pixels), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
