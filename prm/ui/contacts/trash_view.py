"""The trash: contacts moved there, newest first; restore them or delete them for good."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QMessageBox,
    QPushButton,
    QWidget,
)
from sqlmodel import Session

from prm.ui.common.icons import icon
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.contacts.contact_table import ContactTable
from prm.ui.contacts.contact_table_model import ContactList, ContactTableModel, load_contact_list
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty


class TrashView(QWidget):
    restore_requested = Signal(list)
    purge_requested = Signal(list)
    empty_requested = Signal()
    selection_changed = Signal()
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks)

        self.restore_button = QPushButton(icon("restore"), "Restore")
        self.restore_button.setToolTip("Put the selected contacts back in your contacts")
        self.restore_button.clicked.connect(
            lambda: self.restore_requested.emit(self.selected_ids())
        )
        self.purge_button = QPushButton(icon("delete-forever"), "Delete forever…")
        self.purge_button.clicked.connect(self.confirm_purge)
        self.empty_button = QPushButton(icon("trash"), "Empty trash…")
        self.empty_button.clicked.connect(self.confirm_empty)

        header = PageHeader(
            "Trash",
            "Restore contacts you trashed by mistake. Deleting forever cannot be undone.",
            self,
        )
        self.summary = header.summary
        self.buttons = header.add_row(
            self.restore_button, self.purge_button, None, self.empty_button
        )

        self.model = ContactTableModel(tasks.read, self)
        self.table = ContactTable(self.model)
        self.table.setAccessibleName("Trashed contacts")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(
            lambda _index: self.restore_requested.emit(self.selected_ids())
        )

        self.empty = EmptyState(
            "The trash is empty", "Contacts you delete wait here until you empty the trash."
        )
        self.stack = table_or_empty(self, header, self.table, self.empty)
        self._selection_changed()

    def reload(self) -> None:
        def work(session: Session) -> ContactList:
            return load_contact_list(session, trashed=True)

        self._latest.run(work, self._loaded)

    def reset(self) -> None:
        self.model.set_ids([])
        self.reload()

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def retint_icons(self) -> None:
        self.restore_button.setIcon(icon("restore"))
        self.purge_button.setIcon(icon("delete-forever"))
        self.empty_button.setIcon(icon("trash"))

    def confirm_purge(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        what = self._describe(ids)
        answer = QMessageBox.question(
            self,
            "Delete forever?",
            f"Delete {what} forever?\n\nThis cannot be undone.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.purge_requested.emit(ids)

    def confirm_empty(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        answer = QMessageBox.question(
            self,
            "Empty the trash?",
            f"Delete all {self._plural(count)} in the trash forever?\n\nThis cannot be undone.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.empty_requested.emit()

    def _describe(self, ids: list[int]) -> str:
        if len(ids) == 1:
            row = self.model.row_data(self.model.row_for_id(ids[0]))
            if row is not None:
                return row.display_name
        return self._plural(len(ids))

    @staticmethod
    def _plural(count: int) -> str:
        return "1 contact" if count == 1 else f"{count:,} contacts"

    def _loaded(self, result: ContactList) -> None:
        ids = result.ids
        self.model.set_list(result)
        self.stack.setCurrentWidget(self.table if ids else self.empty)
        for button in (self.restore_button, self.purge_button, self.empty_button):
            button.setVisible(bool(ids))  # an empty trash needs no buttons; the text explains
        self._selection_changed()
        self.loaded.emit()

    def _selection_changed(self, *_args: object) -> None:
        has_selection = bool(self.table.selectionModel().selectedRows())
        self.restore_button.setEnabled(has_selection)
        self.purge_button.setEnabled(has_selection)
        self.selection_changed.emit()
