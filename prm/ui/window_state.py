"""The window's frame: bars over a sidebar beside the sections, and where it all was."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from prm.ui.widgets.separator import finish_splitter

DEFAULT_SIZE = (1180, 740)
DEFAULT_SIDEBAR = [190, 990]


def restore_window_state(window: QMainWindow, body: QSplitter, settings: QSettings) -> None:
    geometry = settings.value("window/geometry")
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        window.resize(*DEFAULT_SIZE)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    sizes = settings.value("window/sidebar")
    if not (isinstance(sizes, QByteArray) and body.restoreState(sizes)):
        body.setSizes(DEFAULT_SIDEBAR)
    finish_splitter(body)  # a saved state brings back the old handle width


def save_window_state(window: QMainWindow, body: QSplitter, settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/sidebar", body.saveState())


def lay_out(
    window: QMainWindow, *, bars: tuple[QWidget, ...], side: QWidget, main: QWidget
) -> QSplitter:
    """Info bars on top, then the sidebar beside the main area; returns the splitter."""
    body = QSplitter(Qt.Orientation.Horizontal)
    body.setChildrenCollapsible(False)
    body.addWidget(side)
    body.addWidget(main)
    body.setStretchFactor(1, 1)
    finish_splitter(body)
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for bar in bars:
        layout.addWidget(bar)
    layout.addWidget(body, 1)
    window.setCentralWidget(central)
    window.statusBar().setSizeGripEnabled(True)
    return body
