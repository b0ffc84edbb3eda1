"""Sources…: the calendars and mailboxes capture reads, and the user's own addresses.

Every change is a worker job; the list reloads from the store after it, so what
is shown is what is saved. "Run now" here reads the selected source only.
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
    QInputDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from prm.core.capture import book, sources
from prm.core.capture.source_config import SOURCE_KINDS
from prm.core.errors import KnownError, ValidationError
from prm.ui.capture.add_source_dialog import AddSourceDialog
from prm.ui.capture.capture_ops import CaptureOps
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.list_table import style_list_table

COLUMNS = ("Name", "Kind", "Where", "Last read", "Last error", "Auto-accept")


class SourcesDialog(QDialog):
    run_requested = Signal(list)  # [SourceInfo]
    loaded = Signal()

    def __init__(self, tasks: Tasks, ops: CaptureOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture sources")
        self.resize(900, 340)
        self._tasks, self._ops = tasks, ops
        self.rows: list[sources.SourceInfo] = []
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        style_list_table(self.table, QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFrameShape(QFrame.Shape.StyledPanel)  # in a dialog: set off from the buttons
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("&Add…", self)
        self.remove_button = QPushButton("&Remove", self)
        self.run_button = QPushButton("Run &now", self)
        self.mine_button = QPushButton("&My addresses…", self)
        close = QPushButton("Close", self)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.run_button.clicked.connect(self._run)
        self.mine_button.clicked.connect(self.ask_my_addresses)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.run_button, self.mine_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        tasks.changed.connect(lambda changes: changes.touched({"capture_source"}) and self.load())
        self.load()

    def load(self) -> None:
        self._tasks.run(sources.list_sources, self._loaded)

    def _loaded(self, rows: list[sources.SourceInfo]) -> None:
        chosen = self.current()
        self.rows = rows
        self.table.setRowCount(len(rows))
        zone = self._tasks.ctx.zone
        for r, s in enumerate(rows):
            last = s.last_run_at.astimezone(zone).strftime("%d %b %H:%M") if s.last_run_at else ""
            where = f"{s.username} at {s.location}" if s.username else s.location
            texts = (s.label, SOURCE_KINDS.get(s.kind, s.kind), where, last or "never",
                     s.last_error)  # fmt: skip
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
            cell = QWidget(self.table)
            box = QCheckBox(cell)
            box.setChecked(s.auto_accept)
            box.setAccessibleName(f"Accept {s.label} automatically")
            box.toggled.connect(lambda on, sid=s.id: self._ops.set_auto_accept(sid, on))
            centred = QHBoxLayout(cell)
            centred.setContentsMargins(0, 0, 0, 0)
            centred.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
            self.table.setCellWidget(r, 5, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        keep = next((r for r, s in enumerate(rows) if chosen and s.id == chosen.id), 0)
        if rows:
            self.table.selectRow(keep)
        self._update_buttons()
        self.loaded.emit()

    def current(self) -> sources.SourceInfo | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _update_buttons(self) -> None:
        for button in (self.remove_button, self.run_button):
            button.setEnabled(self.current() is not None)

    def _run(self) -> None:
        if self.current() is not None:
            self.run_requested.emit([self.current()])

    # --- add, remove, my addresses --------------------------------------------------------

    def add(self) -> None:
        dialog = AddSourceDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.open()
        self.add_dialog = dialog  # for tests

    def _save(self, dialog: AddSourceDialog) -> None:
        config, password = dialog.config(), dialog.password.text()
        label, auto = dialog.label.text(), dialog.auto_accept.isChecked()
        ctx = self._tasks.ctx

        def work(session: Session) -> tuple[sources.SourceInfo, bool]:
            info = sources.add_source(
                session, config, clock=ctx.clock, label=label, auto_accept=auto
            )
            if password and ctx.secrets.available():
                sources.store_password(ctx.secrets, info.id, password)
            return info, not book.my_addresses(session)

        def done(result: tuple[sources.SourceInfo, bool]) -> None:
            info, no_addresses = result
            self._ops.message.emit(f"Added {info.label}: Run now reads it")
            if no_addresses:
                self.ask_my_addresses()

        def failed(exc: KnownError) -> None:
            again = AddSourceDialog(self)
            again.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            for field, value in (
                (again.location, config.location), (again.user, config.username),
                (again.folders, config.folder), (again.label, label),
            ):  # fmt: skip
                field.setText(value)
            again.kind.setCurrentIndex(again.kind.findData(config.kind))
            again.show_error(
                " ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
            )
            again.accepted.connect(lambda: self._save(again))
            again.open()
            self.add_dialog = again

        self._tasks.run(work, done, failed)

    def remove(self) -> None:
        source = self.current()
        if source is None:
            return
        secrets = self._tasks.ctx.secrets
        self._tasks.run(
            lambda s: sources.remove_source(s, source.id, secrets=secrets),
            lambda _: self._ops.message.emit(
                f"Removed {source.label}; the touches you accepted from it stay"
            ),
            self._ops.report,
        )

    def ask_my_addresses(self) -> None:
        current = self._tasks.read(book.my_addresses)
        text, ok = QInputDialog.getText(
            self,
            "My addresses",
            "Your own email addresses, separated by commas\n"
            "(mail from them is yours; mail to them was sent to you):",
            text=", ".join(current),
        )
        if ok:
            addresses = [a for a in text.replace(";", ",").split(",") if a.strip()]
            self._tasks.run(
                lambda s: book.set_my_addresses(s, addresses),
                lambda mine: self._ops.message.emit(f"Your addresses: {', '.join(mine)}"),
                self._ops.report,
            )
