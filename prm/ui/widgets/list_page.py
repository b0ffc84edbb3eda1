"""The shape of a list section (Reach out, Awaiting reply, Trash): a title, a
header row, then either the table or a calm empty state in its place."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QLayout, QStackedWidget, QVBoxLayout, QWidget


def section_title(text: str) -> QLabel:
    title = QLabel(text)
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setWeight(QFont.Weight.DemiBold)
    title.setFont(font)
    return title


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
