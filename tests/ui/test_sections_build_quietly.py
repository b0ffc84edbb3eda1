"""Building a section's screen (on its first show) never flashes a window of its own
nor takes the focus from the main window: a parentless widget made visible while a
screen is put together would pop up as a top-level window for an instant."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class _TopLevelShows(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.shown: list[str] = []

    def eventFilter(self, obj, event) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(obj, QWidget)
            and obj.isWindow()
            and obj is not self.window
        ):
            self.shown.append(f"{type(obj).__name__} {getattr(obj, 'text', lambda: '')()!r}")
        return False


def test_every_section_builds_without_a_window_of_its_own(qtbot, make_window):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    spy = _TopLevelShows(window)
    QApplication.instance().installEventFilter(spy)
    try:
        for key in window.sections:
            window.sidebar.select(key)
            QApplication.processEvents()
            assert QApplication.activeWindow() is window, f"building {key} took the focus"
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.shown == []
