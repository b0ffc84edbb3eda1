"""Light and dark: follow the system by default, let the user force either.

Fusion everywhere, so PRM looks the same on every platform. Qt 6.8+ can ask
the platform for a colour scheme (``styleHints().setColorScheme``), but many
platforms ignore the request (X11 without a desktop theme, offscreen), so when
the palette that results does not match what was asked for, PRM sets its own.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

log = logging.getLogger(__name__)

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = {SYSTEM: "System", LIGHT: "Light", DARK: "Dark"}
SETTINGS_KEY = "view/theme"

_DARK_COLOURS: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#26282b",
    QPalette.ColorRole.WindowText: "#e4e6e8",
    QPalette.ColorRole.Base: "#1d1f21",
    QPalette.ColorRole.AlternateBase: "#24272a",
    QPalette.ColorRole.ToolTipBase: "#303338",
    QPalette.ColorRole.ToolTipText: "#e4e6e8",
    QPalette.ColorRole.PlaceholderText: "#8b9098",
    QPalette.ColorRole.Text: "#e4e6e8",
    QPalette.ColorRole.Button: "#2f3236",
    QPalette.ColorRole.ButtonText: "#e4e6e8",
    QPalette.ColorRole.BrightText: "#ff7b72",
    QPalette.ColorRole.Light: "#3d4045",
    QPalette.ColorRole.Midlight: "#35383c",
    QPalette.ColorRole.Mid: "#2a2c30",
    QPalette.ColorRole.Dark: "#17181a",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#3474b8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Accent: "#3474b8",
    QPalette.ColorRole.Link: "#74b4ff",
    QPalette.ColorRole.LinkVisited: "#b392f0",
}
_DARK_DISABLED = "#6f747b"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DARK_DISABLED))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor("#3a3d42"))
    return palette


def light_palette() -> QPalette:
    palette = QStyleFactory.create("Fusion").standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fb0"))
    palette.setColor(QPalette.ColorRole.Accent, QColor("#2f6fb0"))
    return palette


class ThemeController(QObject):
    """Applies a theme to the application and re-applies it when the system changes."""

    changed = Signal()

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._mode = SYSTEM
        app.setStyle("Fusion")
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)

    @property
    def mode(self) -> str:
        return self._mode

    def apply(self, mode: str) -> None:
        if mode not in THEMES:
            log.warning("unknown theme %r; following the system", mode)
            mode = SYSTEM
        self._mode = mode
        hints = QGuiApplication.styleHints()
        if mode == SYSTEM:
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(Qt.ColorScheme.Dark if mode == DARK else Qt.ColorScheme.Light)
        want_dark = mode == DARK or (mode == SYSTEM and hints.colorScheme() == Qt.ColorScheme.Dark)
        # Our own palettes in every case: the platform's answer is unreliable (see above),
        # and a forced theme must not depend on it.
        self._app.setPalette(dark_palette() if want_dark else light_palette())
        log.info("theme %s (%s)", mode, "dark" if want_dark else "light")
        self.changed.emit()

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._mode == SYSTEM:
            self.apply(SYSTEM)
