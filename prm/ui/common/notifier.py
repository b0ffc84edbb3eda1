"""Meeting warnings where the user will see them: in the meeting window when it
is in front, as a system tray notification when it is hidden or behind."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from prm.ui.common.icons import app_icon

IN_WINDOW, TRAY = "window", "tray"


class Notifier(QObject):
    notified = Signal(str, str, str)  # title, text, where it went (IN_WINDOW or TRAY)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray: QSystemTrayIcon | None = None
        # The app's tray (prm.ui.tray), when it has one: warnings go through its icon,
        # and only while the user wants them (Preferences > Tray & notifications).
        self.app_tray: Callable[[], QSystemTrayIcon | None] | None = None
        self.tray_wanted: Callable[[], bool] = lambda: True

    def notify(self, title: str, text: str, *, window: QWidget) -> None:
        in_front = window.isVisible() and not window.isMinimized() and window.isActiveWindow()
        if in_front:
            self.notified.emit(title, text, IN_WINDOW)  # the window shows its own banner
            return
        tray = self._tray_icon() if self.tray_wanted() else None
        if tray is not None:
            tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 10_000)
        self.notified.emit(title, text, TRAY)

    def _tray_icon(self) -> QSystemTrayIcon | None:
        """The app's tray icon, else one created on the first warning (gone with the meeting)."""
        shared = self.app_tray() if self.app_tray is not None else None
        if shared is not None:
            return shared
        if self._tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(app_icon(), self)
            self._tray.setToolTip("PRM — meeting running")
            self._tray.show()
        return self._tray

    def clear(self) -> None:
        if self._tray is not None:
            self._tray.hide()
            self._tray.deleteLater()
            self._tray = None
