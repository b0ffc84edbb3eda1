"""Icons from ``resources/``, drawn in the palette's text colour.

The SVGs use ``currentColor``; Qt's SVG renderer has no notion of it, so the
colour is substituted before rendering. That keeps one set of line icons
legible on both light and dark themes.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, in a checkout or a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base.joinpath("resources", *parts)


def app_icon() -> QIcon:
    return QIcon(str(resource_path("prm.svg")))


@cache
def _svg_text(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    """``resources/icons/<name>.svg`` tinted for ``palette`` (the app's by default)."""
    palette = palette or QApplication.palette()
    normal = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    result = QIcon()
    for colour, mode in ((normal, QIcon.Mode.Normal), (disabled, QIcon.Mode.Disabled)):
        svg = _svg_text(name).replace("currentColor", colour.name())
        renderer = QSvgRenderer(QByteArray(svg.encode()))
        for size in (16, 24, 32, 48):
            pixmap = QPixmap(QSize(size, size))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
            result.addPixmap(pixmap, mode)
    return result
