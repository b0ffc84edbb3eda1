"""A splitter that looks finished: a thin line between the panes, not a floating grip.

Fusion draws a column of dots in the middle of a wide handle, which floats in the
empty space beside the sidebar. A one-pixel handle filled with the palette's Dark
colour reads as a separator in both themes (the palette follows a theme switch);
Qt keeps a few pixels around it to grab, so it still drags.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSplitter


def finish_splitter(splitter: QSplitter) -> QSplitter:
    splitter.setHandleWidth(1)
    for i in range(1, splitter.count()):
        line_handle(splitter, i)
    return splitter


def line_handle(splitter: QSplitter, index: int) -> None:
    handle = splitter.handle(index)
    handle.setAutoFillBackground(True)
    handle.setBackgroundRole(QPalette.ColorRole.Dark)
