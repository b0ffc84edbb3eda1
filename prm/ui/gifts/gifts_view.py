"""Gifts across everyone: open ideas, upcoming occasions, given this year.

A segmented control picks the group; the table shows it. Enter (or a
double-click) opens the gift, O (or a double-click on the name) the person,
G marks an idea given. Groups load together on the DB worker, so switching
between them is instant and their counts are always current.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget
from sqlmodel import Session

from prm.core import gifts
from prm.core.dates import today_in
from prm.core.gifts import GiftsOverview
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.gifts.gifts_table_model import GiftsTableModel
from prm.ui.widgets.action_table import OPEN, ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty
from prm.ui.widgets.segmented import Segmented

IDEAS, UPCOMING, GIVEN = "ideas", "upcoming", "given"
EDIT, MARK_GIVEN = "edit", "given"
K = Qt.Key
GIFT_KEYS = {K.Key_Return: EDIT, K.Key_Enter: EDIT, K.Key_O: OPEN, K.Key_G: MARK_GIVEN}
GROUPS = {  # key -> segment label, hint, empty title, empty text
    IDEAS: (
        "Open ideas",
        "Gifts you thought of and have not given yet, soonest occasion first.",
        "No gift ideas yet",
        "When someone mentions a book, a wine or a hobby, note it as a gift idea.",
    ),
    UPCOMING: (
        "Upcoming",
        f"Gifts dated in the next {gifts.UPCOMING_DAYS} days, soonest first.",
        "Nothing coming up",
        "Give a gift idea a date (a birthday, a launch) to see it here in time.",
    ),
    GIVEN: (
        "Given this year",
        "What you gave this year, newest first.",
        "Nothing given this year yet",
        "Mark an idea given and it logs a gift touch too.",
    ),
}


class GiftsView(QWidget):
    contact_activated = Signal(int)
    gift_activated = Signal(int)
    new_requested = Signal()
    mark_given_requested = Signal(int)
    count_changed = Signal(int)  # upcoming occasions (the sidebar badge)
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks)
        self._overview = GiftsOverview([], [], [])
        self._today = date.min
        self._group = IDEAS

        self.segmented = Segmented(self)
        self.segments = self.segmented.group
        self.segment_buttons: dict[str, QPushButton] = {
            key: self.segmented.add(GROUPS[key][0]) for key in GROUPS
        }
        self.segment_buttons[IDEAS].setChecked(True)
        self.segments.buttonClicked.connect(self._segment_clicked)

        self.new_button = QPushButton("New gift…", self)
        self.new_button.setToolTip("Note a gift idea, or a gift given or received")
        self.new_button.clicked.connect(self.new_requested)
        self.given_button = QPushButton("Mark given", self)
        self.given_button.setToolTip("Mark this idea given today and log a gift touch (G)")
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip("Open this gift (Enter or double-click)")
        self.open_button = QPushButton("Open contact", self)
        self.open_button.setToolTip("Open this person's page (O, or double-click their name)")
        for button, action in (
            (self.given_button, MARK_GIVEN),
            (self.edit_button, EDIT),
            (self.open_button, OPEN),
        ):
            button.clicked.connect(lambda _=False, a=action: self._act(a))

        header = PageHeader("Gifts", GROUPS[IDEAS][1], self)
        self.summary = header.summary
        header.add_row(
            self.segmented,
            None,
            self.new_button,
            self.given_button,
            self.edit_button,
            self.open_button,
        )

        self.model = GiftsTableModel(self)
        self.table = ActionTable(self.model, GIFT_KEYS)
        self.table.setAccessibleName("Gifts")
        self.table.size_columns(
            {
                GiftsTableModel.WHO: "Margaret Hamilton-Smith",
                GiftsTableModel.OCCASION: "Anniversary dinner",
                GiftsTableModel.WHEN: "30 Sep 2026 · in 60 days",
                GiftsTableModel.PRICE: "1,234.50 EUR",
                GiftsTableModel.STATUS: "Received",
            },
            GiftsTableModel.GIFT,
        )
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.empty = EmptyState("")
        self.empty.add_button("New gift…").clicked.connect(self.new_requested)
        self.stack = table_or_empty(self, header, self.table, self.empty)
        self._show_group()

    # --- what the window asks ------------------------------------------------

    def refresh(self) -> None:
        ctx = self._tasks.ctx
        today = today_in(ctx.zone, ctx.clock)

        def work(session: Session) -> GiftsOverview:
            return gifts.gifts_overview(session, today=today)

        self._latest.run(work, lambda overview: self._loaded(today, overview))

    def show_group(self, key: str) -> None:
        self.segment_buttons[key].setChecked(True)
        self._group = key
        self._show_group()

    def group(self) -> str:
        return self._group

    def current_gift_id(self) -> int | None:
        row = self.table.current_row()
        return self.model.row_at(row).id if 0 <= row < self.model.rowCount() else None

    # --- loading -------------------------------------------------------------

    def _loaded(self, today: date, overview: GiftsOverview) -> None:
        self._overview, self._today = overview, today
        for key, rows in self._groups().items():
            count = len(rows)
            self.segment_buttons[key].setText(
                f"{GROUPS[key][0]}  {count}" if count else GROUPS[key][0]
            )
        self._show_group()
        self.count_changed.emit(len(overview.upcoming))
        self.loaded.emit()

    def _groups(self) -> dict[str, list]:
        o = self._overview
        return {IDEAS: o.open_ideas, UPCOMING: o.upcoming, GIVEN: o.given_this_year}

    def _show_group(self) -> None:
        keep = self.current_gift_id()
        rows = self._groups()[self._group]
        _label, hint, empty_title, empty_text = GROUPS[self._group]
        self.model.set_rows(rows, self._today)
        # Only the upcoming group mixes ideas with gifts given; elsewhere the status is the group.
        self.table.setColumnHidden(GiftsTableModel.STATUS, self._group != UPCOMING)
        self.summary.setText(hint)
        self.empty.set_title(empty_title)
        self.empty.set_text(empty_text)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        if rows:
            row = self.model.row_for_id(keep) if keep is not None else -1
            self.table.select_row(max(row, 0))
        self._update_buttons()

    def _segment_clicked(self, button: QPushButton) -> None:
        key = next(k for k, b in self.segment_buttons.items() if b is button)
        if key != self._group:
            self._group = key
            self._show_group()

    # --- actions -------------------------------------------------------------

    def _act(self, action: str, row: int | None = None) -> None:
        row = self.table.current_row() if row is None else row
        if not 0 <= row < self.model.rowCount():
            return
        gift = self.model.row_at(row)
        if action == OPEN:
            self.contact_activated.emit(gift.contact_id)
        elif action == EDIT:
            self.gift_activated.emit(gift.id)
        elif action == MARK_GIVEN and gift.status == gifts.IDEA:
            self.mark_given_requested.emit(gift.id)

    def _double_clicked(self, index: QModelIndex) -> None:
        self._act(OPEN if index.column() == GiftsTableModel.WHO else EDIT, index.row())

    def _update_buttons(self, *_args: object) -> None:
        row = self.table.current_row()
        has_row = 0 <= row < self.model.rowCount() and self.stack.currentWidget() is self.table
        for button in (self.edit_button, self.open_button):
            button.setEnabled(has_row)
        self.given_button.setEnabled(has_row and self.model.row_at(row).status == gifts.IDEA)
