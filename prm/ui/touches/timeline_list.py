"""The contact page's timeline list: as tall as its rows, no scroll bar of its own,
so the page around it (card and timeline) scrolls as one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QListView, QScrollArea, QWidget


class FittedList(QListView):
    """A list as tall as its rows, no scroll bar of its own: the page around it scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit(self) -> None:
        rows = self.model().rowCount() if self.model() is not None else 0
        height = sum(self.sizeHintForRow(row) for row in range(rows)) + 2 * self.frameWidth()
        self.setFixedHeight(max(height, 1))

    def show_in_page(self, index: QModelIndex) -> None:
        """Scroll the page's scroll area (the nearest one around) so ``index`` shows."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is None or area.widget() is None:
            return
        # Layouts still pending (the list just fitted to its rows, the page not yet
        # grown to it) would map the row to where it no longer is, and nothing would
        # scroll again: run them first (a loaded machine delivered them after the key).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        rect = self.visualRect(index)
        centre = self.viewport().mapTo(area.widget(), rect.center())
        # ensureVisible takes a point and margins: the row's centre, half a row either side.
        area.ensureVisible(centre.x(), centre.y(), 0, rect.height() // 2 + 4)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # the page's scroll area scrolls, not this

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
