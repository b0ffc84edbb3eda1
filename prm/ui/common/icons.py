"""Icons from ``resources/``, drawn in the palette's text colour.

The SVGs use ``currentColor``; Qt's SVG renderer has no notion of it, so the
colour is substituted before rendering. That keeps one set of line icons
legible on both light and dark themes.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, in a checkout or a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    return base.joinpath("resources", *parts)


def app_icon() -> QIcon:
    return QIcon(str(resource_path("prm.svg")))


@cache
def _svg_text(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


class _TintedSvgEngine(QIconEngine):
    """Renders at whatever size is asked, only when asked (start-up draws few icons)."""

    def __init__(self, normal: bytes, disabled: bytes) -> None:
        super().__init__()
        self._svgs = {False: normal, True: disabled}
        self._renderers: dict[bool, QSvgRenderer] = {}

    def _renderer(self, disabled: bool) -> QSvgRenderer:
        if disabled not in self._renderers:
            self._renderers[disabled] = QSvgRenderer(QByteArray(self._svgs[disabled]))
        return self._renderers[disabled]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, _state: QIcon.State) -> None:
        self._renderer(mode == QIcon.Mode.Disabled).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._svgs[False], self._svgs[True])


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    """``resources/icons/<name>.svg`` tinted for ``palette`` (the app's by default)."""
    palette = palette or QApplication.palette()
    normal = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    svg = _svg_text(name)
    return QIcon(
        _TintedSvgEngine(
            svg.replace("currentColor", normal.name()).encode(),
            svg.replace("currentColor", disabled.name()).encode(),
        )
    )
