"""The window's list of sections (Contacts, Trash, ...), each with a count."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from prm.ui.common.icons import icon

KeyRole = Qt.ItemDataRole.UserRole
CountRole = Qt.ItemDataRole.UserRole + 1
IconNameRole = Qt.ItemDataRole.UserRole + 2


# palette(...) keeps this right in light and dark themes.
_STYLE = (
    "QListWidget#sidebar { background: palette(window); padding: 8px 6px; }"
    "QListWidget#sidebar::item { padding: 4px 6px; border-radius: 6px; }"
    "QListWidget#sidebar::item:selected {"
    " background: palette(highlight); color: palette(highlighted-text); }"
)


class _CountDelegate(QStyledItemDelegate):
    """Draws the section as usual plus its count, right-aligned and muted."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 40, max(size.height(), option.fontMetrics.height() * 2))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(CountRole)
        if count is None:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.save()
        painter.setPen(option.palette.color(role))
        rect = QRect(option.rect).adjusted(0, 0, -12, 0)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{count:,}"
        )
        painter.restore()


class Sidebar(QListWidget):
    """Sections by key; ``section_changed`` says which one the user picked."""

    section_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setIconSize(QSize(18, 18))
        # Labels and their badges must never overlap ("Awaiting reply  7"). A width
        # rather than a sizeHint() override: Qt calls such Python overrides while a
        # closing window is being torn down, which crashed the test run once.
        self.setMinimumWidth(175)
        self.setItemDelegate(_CountDelegate(self))
        self.setSpacing(1)
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Sections")
        self.currentItemChanged.connect(self._emit_change)

    def add_section(self, key: str, label: str, icon_name: str) -> None:
        item = QListWidgetItem(icon(icon_name), label)
        item.setData(KeyRole, key)
        item.setData(IconNameRole, icon_name)
        self.addItem(item)
        if self.count() == 1:
            self.setCurrentRow(0)

    def set_count(self, key: str, count: int | None) -> None:
        item = self._item(key)
        if item is not None:
            item.setData(CountRole, count)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.text()}, {count}")

    def count_of(self, key: str) -> int | None:
        item = self._item(key)
        return None if item is None else item.data(CountRole)

    def current_key(self) -> str:
        item = self.currentItem()
        return item.data(KeyRole) if item is not None else ""

    def select(self, key: str) -> None:
        item = self._item(key)
        if item is not None:
            self.setCurrentItem(item)

    def retint_icons(self) -> None:
        """Redraw the icons in the current palette's text colour (theme switch)."""
        # palette(...) in a style sheet is resolved when the sheet is set: set it
        # again, or a switch to dark keeps the light background under light icons.
        self.setStyleSheet("")
        self.setStyleSheet(_STYLE)
        for row in range(self.count()):
            item = self.item(row)
            item.setIcon(icon(item.data(IconNameRole)))

    def _item(self, key: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(KeyRole) == key:
                return self.item(row)
        return None

    def _emit_change(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None:
            self.section_changed.emit(current.data(KeyRole))
