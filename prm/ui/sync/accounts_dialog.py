"""Sync accounts…: the CardDAV address books PRM syncs with, each with its last sync.

As the capture sources dialog: every change is a worker job and the table
reloads from the store after it (through the change channel), so what is shown
is what is saved. Adding one talks to the server first (creating the book if
asked); the password goes where ``accounts.store_password`` keeps it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prm.core.errors import KnownError
from prm.core.sync import accounts
from prm.ui.common.tasks import Tasks
from prm.ui.sync.add_account_dialog import AddAccountDialog
from prm.ui.widgets.list_table import style_list_table

COLUMNS = ("Name", "Address book", "Server", "Contacts", "Conflicts", "Last sync", "Problem",
           "On a timer")  # fmt: skip
SERVER, PROBLEM, TIMER = 2, 6, 7
SYNC_TABLES = frozenset({"sync_account", "sync_item"})


class AccountsDialog(QDialog):
    sync_requested = Signal(list)  # [AccountInfo]
    message = Signal(str)
    loaded = Signal()
    added = Signal(int)  # the new account's id (after it was saved)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync accounts")
        self.resize(1040, 320)
        self._tasks = tasks
        self.rows: list[accounts.AccountInfo] = []
        self.add_dialog: AddAccountDialog | None = None
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        style_list_table(self.table, QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFrameShape(QFrame.Shape.StyledPanel)
        self.add_button = QPushButton("&Add…", self)
        self.remove_button = QPushButton("&Remove", self)
        self.sync_button = QPushButton("&Sync now", self)
        close = QPushButton("Close", self)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.sync_button.clicked.connect(self._sync)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.sync_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        tasks.changed.connect(lambda changes: changes.touched(SYNC_TABLES) and self.load())
        self.load()

    def load(self) -> None:
        self._tasks.run(accounts.list_accounts, self._loaded, reads_only=True)

    def _loaded(self, rows: list[accounts.AccountInfo]) -> None:
        chosen = self.current()
        self.rows = rows
        self.table.setRowCount(len(rows))
        zone = self._tasks.ctx.zone
        for r, a in enumerate(rows):
            last = a.last_sync_at.astimezone(zone).strftime("%d %b %H:%M") if a.last_sync_at \
                else "never"  # fmt: skip
            problem = f"Waiting for you: {a.pending_confirmation}" if a.pending_confirmation \
                else a.last_error  # fmt: skip
            where = f"{a.username} at {a.server_url}" if a.username else a.server_url
            texts = (a.name, a.book_name, where, f"{a.contacts:,}", f"{a.conflicts:,}" if
                     a.conflicts else "", last, problem)  # fmt: skip
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c in (3, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
            self.table.setCellWidget(r, TIMER, self._timer_box(a))
        self.table.resizeColumnsToContents()
        # A long server address is whole on hover; the problem gets the room.
        self.table.setColumnWidth(SERVER, min(self.table.columnWidth(SERVER), 240))
        self.table.horizontalHeader().setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.Stretch)
        keep = next((r for r, a in enumerate(rows) if chosen and a.id == chosen.id), 0)
        if rows:
            self.table.selectRow(keep)
        self._update_buttons()
        self.loaded.emit()

    def _timer_box(self, a: accounts.AccountInfo) -> QWidget:
        cell = QWidget(self.table)
        box = QCheckBox(cell)
        box.setChecked(a.sync_on_timer)
        box.setAccessibleName(f"Sync {a.name} at start and on a timer")
        box.toggled.connect(lambda on, aid=a.id: self._set_timer(aid, on))
        centred = QHBoxLayout(cell)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
        return cell

    def current(self) -> accounts.AccountInfo | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _update_buttons(self) -> None:
        for button in (self.remove_button, self.sync_button):
            button.setEnabled(self.current() is not None)

    def _sync(self) -> None:
        if self.current() is not None:
            self.sync_requested.emit([self.current()])

    def _set_timer(self, account_id: int, on: bool) -> None:
        self._tasks.run(
            lambda s: accounts.set_sync_on_timer(s, account_id=account_id, enabled=on),
            None, self._report,
        )  # fmt: skip

    def _report(self, exc: KnownError) -> None:
        self.message.emit(exc.message)

    # --- add and remove --------------------------------------------------------------

    def add(self) -> None:
        dialog = self.add_dialog = AddAccountDialog(self._tasks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.open()

    def _save(self, dialog: AddAccountDialog) -> None:
        from prm.core.sync.runner import create_book

        ctx = self._tasks.ctx
        url, user, password = dialog.url.text().strip(), dialog.user.text().strip(), \
            dialog.password.text()  # fmt: skip
        name, book, new_name = dialog.account_name(), dialog.chosen_book(), dialog.new_book_name()
        on_timer = dialog.on_timer.isChecked()
        typed = {f: f.text() for f in (dialog.name, dialog.url, dialog.user, dialog.password)}

        def work() -> tuple[int, bool]:
            chosen = book or create_book(url, user, password, account=name, name=new_name)
            with ctx.store.transaction() as session:
                account_id = accounts.add_account(
                    session, name=name, server_url=url, username=user, book=chosen,
                    clock=ctx.clock,
                )  # fmt: skip
                accounts.set_sync_on_timer(session, account_id=account_id, enabled=on_timer)
            return account_id, accounts.store_password(ctx.store, ctx.secrets, account_id,
                                                       password)  # fmt: skip

        def done(result: tuple[int, bool]) -> None:
            account_id, kept = result
            note = "" if kept else " (no safe place for the password here: it is asked each time)"
            self.message.emit(f"Added sync account “{name}”{note}")
            self.added.emit(account_id)

        def failed(exc: KnownError) -> None:
            again = self.add_dialog = AddAccountDialog(self._tasks, self)
            again.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            for field, text in zip((again.name, again.url, again.user, again.password),
                                   typed.values(), strict=True):  # fmt: skip
                field.setText(text)
            again.show_error(exc.message)
            again.accepted.connect(lambda: self._save(again))
            again.open()

        self._tasks.call_remote(work, done, failed)  # may create the book on the server

    def remove(self) -> None:
        account = self.current()
        if account is None:
            return
        ctx = self._tasks.ctx

        def work() -> None:
            with ctx.store.transaction() as session:
                accounts.remove_account(session, account_id=account.id)
            accounts.forget_password(ctx.store, ctx.secrets, account.id)

        self._tasks.call(
            work,
            lambda _: self.message.emit(
                f"Removed sync account “{account.name}”; its contacts stay here and on the server"
            ),
            self._report,
        )
