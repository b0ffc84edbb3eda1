"""Help > Keyboard shortcuts (F1, Ctrl+/): every action of the window that has a
shortcut, read from the window's QActions when opened — never a hand-kept list —
with the menu it lives in, and a filter to find one by name or key."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class Shortcut:
    name: str  # the action's text without mnemonics or ellipsis
    keys: str  # every key sequence, native text, " or " between them
    where: str  # "Edit › Advocacy", or "" when in no menu


def clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".… ").strip()


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Each action with a shortcut once, menus first in their order, then the others."""
    seen: set[int] = set()
    found: list[Shortcut] = []

    def add(action: QAction, where: str) -> None:
        keys = [k.toString(NATIVE) for k in action.shortcuts() if not k.isEmpty()]
        if id(action) in seen or not keys or action.isSeparator():
            return
        seen.add(id(action))
        found.append(Shortcut(clean(action.text()) or action.toolTip(), " or ".join(keys), where))

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{where} › {clean(action.menu().title())}")
            else:
                add(action, where)

    for action in window.menuBar().actions():
        if action.menu() is not None:
            walk(action.menu(), clean(action.menu().title()))
    for action in window.findChildren(QAction):
        add(action, "")
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.shortcuts = window_shortcuts(window)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find a shortcut by name or key")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Find a shortcut")
        self.filter.textChanged.connect(self._apply_filter)
        label = QLabel("&Find:")
        label.setBuddy(self.filter)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Action", "Shortcut", "Menu"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSortingEnabled(False)
        for shortcut in self.shortcuts:
            item = QTreeWidgetItem([shortcut.name, shortcut.keys, shortcut.where])
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{shortcut.name}: {shortcut.keys}")
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        height = self.fontMetrics().height()
        self.resize(height * 40, height * 30)
        self._apply_filter("")

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        shown = 0
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            hay = " ".join(item.text(c) for c in range(3)).casefold()
            hidden = not all(word in hay for word in words)
            item.setHidden(hidden)
            shown += not hidden
        self.count.setText(f"{shown} of {len(self.shortcuts)} shortcuts")

    def visible_names(self) -> list[str]:
        return [
            self.tree.topLevelItem(i).text(0)
            for i in range(self.tree.topLevelItemCount())
            if not self.tree.topLevelItem(i).isHidden()
        ]
