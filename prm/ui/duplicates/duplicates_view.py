"""Duplicates: contacts that look like the same person, best first, with why.

The suggestions are stored and kept up to date as contacts change (core's
``candidates``), so opening the view reads a page of them; only the first time
(or after an import of everything) is the whole store searched, on the DB worker
with a progress bar and Cancel. More pages are read as the user scrolls. A merge
or "not a duplicate" drops the resolved pairs at once. M (or Enter, or a
double-click) merges the selected pair, N says "not a duplicate", O opens the
contact.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget
from sqlmodel import Session

from prm.core.duplicates.screen import (
    DuplicatesScreen,
    PairRow,
    duplicates_page,
    duplicates_screen,
)
from prm.core.errors import KnownError
from prm.ui.common.tasks import Tasks
from prm.ui.common.work_progress import SCALE, WorkProgress
from prm.ui.duplicates.duplicates_table_model import DuplicatesTableModel
from prm.ui.widgets.action_table import OPEN, ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty

MERGE, DISMISS = "merge", "dismiss"
K = Qt.Key
KEYS = {K.Key_Return: MERGE, K.Key_Enter: MERGE, K.Key_M: MERGE, K.Key_N: DISMISS, K.Key_O: OPEN}
HINT = "Contacts that look like the same person, most certain first."


class DuplicatesView(QWidget):
    merge_requested = Signal(int, int)  # keep, other
    dismiss_requested = Signal(int, int, str)  # a, b, their names
    contact_activated = Signal(int)
    count_changed = Signal(int)  # pairs suggested
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._progress: WorkProgress | None = None
        self._again = False

        self.merge_button = QPushButton("Merge…", self)
        self.merge_button.setToolTip("Merge this pair, choosing field by field (M or Enter)")
        self.dismiss_button = QPushButton("Not a duplicate", self)
        self.dismiss_button.setToolTip("Never suggest this pair again (N)")
        self.open_button = QPushButton("Open contact", self)
        self.open_button.setToolTip("Open the first contact of the pair (O)")
        for button, action in (
            (self.merge_button, MERGE),
            (self.dismiss_button, DISMISS),
            (self.open_button, OPEN),
        ):
            button.clicked.connect(lambda _=False, a=action: self._act(a))
        self.find_button = QPushButton("Find again", self)
        self.find_button.clicked.connect(self.refresh)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, SCALE)
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(160)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        self._show_busy(False)

        header = PageHeader("Duplicates", HINT, self)
        self.summary = header.summary
        header.add_row(
            self.merge_button, self.dismiss_button, self.open_button, None,
            self.bar, self.cancel_button, self.find_button,
        )  # fmt: skip

        self.model = DuplicatesTableModel(self)
        self.model.more = self._read_page
        self.table = ActionTable(self.model, KEYS)
        self.table.setAccessibleName("Duplicates")
        self.table.size_columns(
            {
                DuplicatesTableModel.FIRST: "Margaret Hamilton-Smith  #10000",
                DuplicatesTableModel.SECOND: "Margaret Hamilton-Smith  #10000",
                DuplicatesTableModel.SCORE: "100",
            },
            DuplicatesTableModel.WHY,
        )
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.empty = EmptyState(
            "No duplicates", "Nobody here looks like someone else: no shared email, phone or name."
        )
        self.stack = table_or_empty(self, header, self.table, self.empty)
        self.stack.setCurrentWidget(self.empty)
        self._update_buttons()

    # --- what the section asks ---------------------------------------------------

    def refresh(self) -> None:
        """Read the suggestions again (refreshed for what changed); a full search still
        running is cancelled and restarted."""
        if self._progress is not None:
            self._again = True
            self._progress.cancel()
            return
        progress = self._progress = WorkProgress(self)
        progress.changed.connect(lambda value, _text: self.bar.setValue(value))
        self._show_busy(True)

        def work(session: Session) -> DuplicatesScreen:
            return duplicates_screen(
                session, progress=progress.report, cancelled=progress.cancelled
            )

        self._tasks.run(work, self._loaded, self._failed, on_settled=self._settled)

    def cancel(self) -> None:
        if self._progress is not None:
            self._again = False
            self._progress.cancel()

    def current_pair(self) -> PairRow | None:
        row = self.table.current_row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    # --- loading -------------------------------------------------------------------

    def _loaded(self, screen: DuplicatesScreen) -> None:
        if self._again:
            return  # a newer search follows
        keep = self.current_pair()
        self.model.set_rows(screen.rows, screen.total)
        self._show_count()
        if screen.rows:
            row = self.model.row_for_id(keep.id) if keep is not None else -1
            self.table.select_row(max(row, 0))
        self.loaded.emit()

    def _read_page(self, offset: int) -> None:
        self._tasks.run(
            lambda session: duplicates_page(session, offset=offset),
            lambda page: self.model.append_rows(page.rows, page.offset),
        )

    def drop_pairs(self, a: int, b: int) -> None:
        """A pair called "not a duplicate": gone from the list at once."""
        self.model.drop(lambda r: (r.a, r.b) == tuple(sorted((a, b))))
        self._show_count()

    def drop_contact(self, contact_id: int) -> None:
        """A contact merged away (now in the trash): its pairs go at once."""
        self.model.drop(lambda r: contact_id in (r.a, r.b))
        self._show_count()

    def _show_count(self) -> None:
        total = self.model.total
        self.summary.setText(
            f"{total:,} suggested pair{'s' if total != 1 else ''}. {HINT}" if total else HINT
        )
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        self._update_buttons()
        self.count_changed.emit(total)

    def _failed(self, exc: KnownError) -> None:
        if not self._again:
            self.summary.setText(exc.message)

    def _settled(self) -> None:
        self._progress = None
        self._show_busy(False)
        if self._again:
            self._again = False
            self.refresh()

    def _show_busy(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.bar.setValue(0)
        self.cancel_button.setVisible(busy)
        self.find_button.setVisible(not busy)

    # --- actions -------------------------------------------------------------------

    def _act(self, action: str, row: int | None = None) -> None:
        row = self.table.current_row() if row is None else row
        if not 0 <= row < self.model.rowCount():
            return
        pair = self.model.row_at(row)
        if action == MERGE:
            self.merge_requested.emit(pair.a, pair.b)
        elif action == DISMISS:
            self.dismiss_requested.emit(pair.a, pair.b, f"{pair.a_name} and {pair.b_name}")
        elif action == OPEN:
            self.contact_activated.emit(pair.a)

    def _double_clicked(self, index: QModelIndex) -> None:
        self._act(MERGE, index.row())

    def _update_buttons(self, *_args: object) -> None:
        has_row = self.current_pair() is not None and self.stack.currentWidget() is self.table
        for button in (self.merge_button, self.dismiss_button, self.open_button):
            button.setEnabled(has_row)
