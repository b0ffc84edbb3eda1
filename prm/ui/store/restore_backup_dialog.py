"""File → Restore from backup…: pick a backup; the window then restarts on it.

The dialog only chooses (and confirms); the restore itself needs the store
closed, so ``prm.ui.app.run`` does it between closing the window and opening
it again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prm.core.backups import BackupInfo
from prm.core.backups.catalog import human_size

KIND_LABELS = {
    "daily": "Daily",
    "manual": "Made by hand",
    "pre-migration": "Before an upgrade",
    "before-restore": "Before a restore",
    "before-sync": "Before a first sync",
}
COLUMNS = ("Made", "Kind", "Contacts", "Size", "Verified")

Confirm = Callable[[QWidget, BackupInfo], bool]


def made_at(info: BackupInfo) -> str:
    return info.created_at.astimezone().strftime("%Y-%m-%d %H:%M")


def ask_to_confirm(parent: QWidget, info: BackupInfo) -> bool:
    count = "an unknown number of" if info.contacts is None else f"{info.contacts:,}"
    answer = QMessageBox.question(
        parent,
        "Restore from backup",
        f"Restore the backup made {made_at(info)} ({count} contacts)?\n\n"
        "Your current data is kept as a “Before a restore” backup first, so nothing is lost "
        "and this restore can be undone by restoring that copy (here, or with "
        "`prm backup restore ID`).\n\nPRM will close the window and open the restored data.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class RestoreBackupDialog(QDialog):
    def __init__(
        self,
        backups: list[BackupInfo],
        *,
        parent: QWidget | None = None,
        confirm: Confirm = ask_to_confirm,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setMinimumSize(560, 360)
        self._backups = backups
        self._confirm = confirm
        self.chosen: BackupInfo | None = None

        intro = QLabel(
            "Choose the backup to go back to. Your current data is kept as a backup "
            "first, so a restore can be undone."
            if backups
            else "There are no backups yet. PRM makes one every day you use it."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, info in enumerate(backups):
            cells = (
                made_at(info),
                KIND_LABELS.get(info.kind, info.kind),
                "?" if info.contacts is None else f"{info.contacts:,}",
                human_size(info.size),
                "Yes" if info.verified else "No",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not info.verified:
                    item.setToolTip("This copy has no matching manifest: PRM cannot vouch for it.")
                self.table.setItem(row, column, item)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self._restore)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._restore())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _restore(self) -> None:
        info = self.selected()
        if info is None or not self._confirm(self, info):
            return
        self.chosen = info
        self.accept()


def choose_backup_to_restore(parent: QWidget | None, backup_dir, problem: str) -> str | None:
    """At start-up, when the store is missing or damaged: the backup id chosen, or None."""
    from prm.core.backups import list_backups

    found = list_backups(backup_dir)
    if not found:
        return None
    dialog = RestoreBackupDialog(found, parent=parent)
    dialog.setWindowTitle("PRM cannot open your data")
    reason = QLabel(f"<b>{problem}</b>")
    reason.setWordWrap(True)
    dialog.layout().insertWidget(0, reason)
    dialog.table.selectRow(0)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return None
    return dialog.chosen.id
