"""How every list of rows in PRM looks and behaves: whole-row selection, no grid,
no in-place editing, fixed row heights (a view then never asks 100k rows for
their size), left-aligned headers. Shared by the contact list and ActionTable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QTableView,
    QWidget,
)

ROW_HEIGHT = 1.9  # times the font's line height
CELL_PADDING = 8  # px between a cell's text and its edges (and the window's, for the last column)


class _CellPadding(QProxyStyle):
    """The app's style with room around cell and column-title text: Fusion leaves
    about 3 px, so right-aligned text in the last column ran into the window edge."""

    def pixelMetric(self, metric, option=None, widget: QWidget | None = None) -> int:
        if metric == QStyle.PixelMetric.PM_FocusFrameHMargin and isinstance(
            widget, QAbstractItemView
        ):
            return CELL_PADDING - 1  # Qt's text margin is this plus one
        if metric == QStyle.PixelMetric.PM_HeaderMargin:
            return CELL_PADDING
        return super().pixelMetric(metric, option, widget)


def pad_cells(view: QTableView) -> None:
    """Give ``view`` and its column titles the same room around their text."""
    style = _CellPadding(QApplication.style().name())
    style.setParent(view)
    view.setStyle(style)
    view.horizontalHeader().setStyle(style)


def style_list_table(view: QTableView, selection: QAbstractItemView.SelectionMode) -> None:
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.setCornerButtonEnabled(False)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(int(view.fontMetrics().height() * ROW_HEIGHT))
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    pad_cells(view)
