"""The shape of a list section (Reach out, Awaiting reply, Gifts, Trash, ...): one
page header (a title with its hint beside it, then rows of controls), then either
the table or a calm empty state in its place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prm.ui.widgets.form_fields import HintLabel

HEADER_MARGINS = (14, 12, 14, 10)
ROW_SPACING = 8  # between the buttons of a header row


def section_title(text: str) -> QLabel:
    title = QLabel(text)
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setWeight(QFont.Weight.DemiBold)
    title.setFont(font)
    return title


class PageHeader(QVBoxLayout):
    """Every section's header: the title, its hint (``summary``) beside it, then rows.

    ``add_row(left..., stretch, right...)`` lays a row of controls out with the same
    spacing on every page; ``None`` in the list is the stretch between the groups,
    a number an extra gap of that many pixels.
    """

    def __init__(self, title: str, hint: str, owner: QWidget) -> None:
        super().__init__()
        self.setContentsMargins(*HEADER_MARGINS)
        self.setSpacing(ROW_SPACING)
        self.title = section_title(title)
        self.summary = HintLabel(hint, owner)
        self._titles = QHBoxLayout()
        self._titles.setSpacing(ROW_SPACING)
        self._titles.addWidget(self.title)
        self._titles.addSpacing(12 - ROW_SPACING)
        self._titles.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        self.addLayout(self._titles)

    def add_to_title_row(self, *widgets: QWidget) -> None:
        """Buttons at the right end of the title line (a page with no other controls)."""
        for widget in widgets:
            self._titles.addWidget(widget)

    def add_row(self, *items: QWidget | QLayout | int | None) -> QHBoxLayout:
        row = button_row(*items)
        self.addLayout(row)
        return row


def button_row(*items: QWidget | QLayout | int | None) -> QHBoxLayout:
    """Controls side by side with the standard gap; ``None`` is a stretch, a number
    an extra gap (between groups of controls)."""
    row = QHBoxLayout()
    row.setSpacing(ROW_SPACING)
    for item in items:
        if item is None:
            row.addStretch(1)
        elif isinstance(item, int):
            row.addSpacing(item)
        elif isinstance(item, QLayout):
            row.addLayout(item)
        else:
            row.addWidget(item)
    return row


def table_or_empty(
    owner: QWidget, header: QLayout, table: QWidget, empty: QWidget
) -> QStackedWidget:
    """Lay ``owner`` out as header above a stack of table/empty state; returns the stack."""
    stack = QStackedWidget()
    stack.addWidget(table)
    stack.addWidget(empty)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addLayout(header)
    layout.addWidget(stack, 1)
    return stack
