"""Upcoming: the contacts' events, birthdays and anniversaries in the next 7, 30 or 90 days.

Keyboard first like Reach out: Enter (or E) edits, O opens the contact, A marks
the event attended. Birthdays and anniversaries come from the contact's
details; "Edit…" on one turns it into a stored event with a status and notes.
The view only asks; ``EventSection`` opens dialogs and writes.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu, QPushButton, QWidget
from sqlmodel import Session

from prm.core import events
from prm.core.dates import today_in
from prm.core.upcoming import WEEK_DAYS, Occurrence
from prm.core.upcoming_pages import UpcomingPage, first_page, next_page
from prm.core.vocab import EVENT_STATUSES
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.events.upcoming_table_model import UpcomingTableModel
from prm.ui.widgets.action_table import OPEN, ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty
from prm.ui.widgets.segmented import Segmented

log = logging.getLogger(__name__)

DAY_CHOICES = (7, 30, 90)
EDIT, DELETE, ATTENDED = "edit", "delete", events.ATTENDED
K = Qt.Key
UPCOMING_KEYS = {
    K.Key_Return: EDIT,
    K.Key_Enter: EDIT,
    K.Key_E: EDIT,
    K.Key_O: OPEN,
    K.Key_A: ATTENDED,
}
_COLUMN_SAMPLES = {
    UpcomingTableModel.WHEN: "Wed 30 Sep – Fri 2 Oct · 09:30 JST",
    UpcomingTableModel.WHO: "Margaret Hamilton-Smith",
    UpcomingTableModel.KIND: "Work anniversary",
    UpcomingTableModel.STATUS: "Ticket bought",
}


class UpcomingView(QWidget):
    contact_activated = Signal(int)
    add_requested = Signal()
    edit_requested = Signal(object)  # the Occurrence
    status_requested = Signal(object, str)  # the Occurrence, the new status
    delete_requested = Signal(object)  # the Occurrence (a stored event)
    export_requested = Signal(list, str)  # occurrences, a suggested file name
    count_changed = Signal(int)  # what happens this week (the sidebar badge)
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks)
        self._generation = 0  # one per refresh: a page of an older list is not appended
        self._fetching = -1  # the generation whose next page is on its way
        self._page: UpcomingPage | None = None  # the last page loaded
        self._today = date.today()  # replaced by each load
        self.days = DAY_CHOICES[0]
        self.week_count = 0

        self.segmented = Segmented(self)
        self.day_buttons = self.segmented.group
        for days in DAY_CHOICES:
            self.segmented.add(f"{days} days", days, tooltip=f"Show the next {days} days")
        self.day_buttons.button(self.days).setChecked(True)
        self.day_buttons.idClicked.connect(self.set_days)

        self.add_button = QPushButton("Add event…")
        self.add_button.clicked.connect(self.add_requested)
        self.status_button = QPushButton("My status")
        self.status_menu = QMenu(self)
        self.status_group = QActionGroup(self)
        for key, label in EVENT_STATUSES.items():
            action = self.status_menu.addAction(label)
            action.setCheckable(True)
            action.setData(key)
            self.status_group.addAction(action)
        self.status_menu.triggered.connect(lambda action: self._act(action.data()))
        self.status_button.setMenu(self.status_menu)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit this event (Enter)")
        self.edit_button.clicked.connect(lambda: self._act(EDIT))
        self.open_button = QPushButton("Open contact")
        self.open_button.setToolTip("Open this person's page (O)")
        self.open_button.clicked.connect(lambda: self._act(OPEN))
        self.export_button = QPushButton("Export")
        export_menu = QMenu(self)
        self.export_list_action = export_menu.addAction("This list as .ics…", self.export_list)
        self.export_one_action = export_menu.addAction("This event as .ics…", self.export_current)
        self.export_button.setMenu(export_menu)

        header = PageHeader("Upcoming", "", self)
        self.summary = header.summary
        header.add_row(
            self.segmented,
            None,
            self.add_button,
            self.status_button,
            self.edit_button,
            self.open_button,
            self.export_button,
        )

        self.model = UpcomingTableModel(self)
        self.model.more_wanted.connect(self._load_more)
        self.table = ActionTable(self.model, UPCOMING_KEYS)
        self.table.size_columns(_COLUMN_SAMPLES, UpcomingTableModel.WHAT)
        self.table.setAccessibleName("Upcoming events")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.empty = EmptyState("Nothing coming up")
        self.empty.add_button("Add an event").clicked.connect(self.add_requested)
        self.stack = table_or_empty(self, header, self.table, self.empty)
        self._update_buttons()

    # --- what the window asks ------------------------------------------------

    def refresh(self) -> None:
        """Reload the list (and the week's count) for a fresh "today": the first week
        and the exact total; the other weeks as the user scrolls to them."""
        days, ctx = self.days, self._tasks.ctx
        today = today_in(ctx.zone, ctx.clock)
        self._generation += 1  # pages asked for before this are dropped when they come

        def work(session: Session) -> UpcomingPage:
            return first_page(session, today=today, days=days)

        self._latest.run(work, lambda page: self._loaded(today, page))

    def _load_more(self) -> None:
        page, generation, today = self._page, self._generation, self._today
        if page is None or page.complete or self._fetching == generation:
            return
        self._fetching = generation

        def work(session: Session) -> UpcomingPage:
            return next_page(
                session, today=today, after=page.until, last=page.last, total=page.total
            )

        def done(more: UpcomingPage) -> None:
            if generation != self._generation:
                return
            self._fetching = -1
            self._page = more
            self.model.append_rows(more.rows, complete=more.complete)
            if not more.rows and not more.complete:
                self._load_more()  # an empty week adds no row to scroll past

        def failed(exc: Exception) -> None:
            self._fetching = -1
            self._tasks.known_error.emit(exc)

        self._tasks.run(work, done, failed)

    def set_days(self, days: int) -> None:
        self.days = days
        self.day_buttons.button(days).setChecked(True)
        self.refresh()

    def current(self) -> Occurrence | None:
        row = self.table.current_row()
        if row < 0 or self.stack.currentWidget() is not self.table:
            return None
        return self.model.row_at(row)

    def select_event(self, event_id: int) -> None:
        row = self.model.row_for_event(event_id)
        if row >= 0:
            self.table.select_row(row)

    def export_list(self) -> None:
        """Every occurrence of the window, the weeks not scrolled to yet too."""
        name = f"upcoming-{self.days}-days.ics"
        if self.model.complete:
            self.export_requested.emit(self.model.occurrences(), name)
            return
        days, today = self.days, self._today
        self._tasks.run(
            lambda session: events.upcoming(session, today=today, days=days),
            lambda rows: self.export_requested.emit(rows, name),
            self._tasks.known_error.emit,
        )

    def export_current(self) -> None:
        o = self.current()
        if o is not None:
            name = "".join(
                ch if ch.isalnum() else "-" for ch in f"{o.contact_name} {o.what}".lower()
            )
            self.export_requested.emit([o], f"{name}.ics")

    # --- loading -------------------------------------------------------------

    def _loaded(self, today: date, page: UpcomingPage) -> None:
        keep = self.current()
        rows, self._page, self._today = page.rows, page, today
        self.model.set_rows(rows, today, self._tasks.ctx.zone, complete=page.complete)
        self.week_count = page.week  # == events.week_count
        self.summary.setText(self._summary_text(page.total))
        if page.total:
            self.stack.setCurrentWidget(self.table)
            self._restore_selection(keep)
        else:
            self.empty.set_title(f"Nothing in the next {self.days} days")
            self.empty.set_text(
                "Birthdays and anniversaries from your contacts show up here by themselves; "
                "add their conferences, launches and parties to see them too."
            )
            self.stack.setCurrentWidget(self.empty)
        self.count_changed.emit(self.week_count)
        self._update_buttons()
        if not rows and not page.complete:
            self._load_more()  # a quiet first week: Qt asks for more only past a row
        self.loaded.emit()

    def _restore_selection(self, keep: Occurrence | None) -> None:
        row = -1
        if keep is not None:
            row = next(
                (
                    i
                    for i, o in enumerate(self.model.occurrences())
                    if (o.event_id, o.source, o.contact_id)
                    == (keep.event_id, keep.source, keep.contact_id)
                ),
                -1,
            )
        self.table.select_row(max(row, 0))

    def _summary_text(self, count: int) -> str:
        if count == 0:
            return ""
        things = "1 occasion" if count == 1 else f"{count:,} occasions"
        week = f", {self.week_count:,} this week" if self.days > WEEK_DAYS else ""
        return f"{things} in the next {self.days} days{week}"

    # --- actions -------------------------------------------------------------

    def _act(self, action: str) -> None:
        o = self.current()
        if o is None:
            return
        if action == OPEN:
            self.contact_activated.emit(o.contact_id)
        elif action == EDIT:
            self.edit_requested.emit(o)
        elif action == DELETE and not o.is_virtual:
            self.delete_requested.emit(o)
        elif action in EVENT_STATUSES and not o.is_virtual:
            self.status_requested.emit(o, action)

    def _double_clicked(self, index: QModelIndex) -> None:
        self.table.select_row(index.row())
        self._act(EDIT)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.select_row(index.row())
        menu = QMenu(self)
        menu.addAction("Edit…\tEnter").setData(EDIT)
        menu.addAction("Open contact\tO").setData(OPEN)
        if not self.model.row_at(index.row()).is_virtual:
            menu.addSeparator()
            current = self.model.row_at(index.row()).my_status
            for key, label in EVENT_STATUSES.items():  # fresh actions: one signal path only
                action = menu.addAction(label)
                action.setData(key)
                action.setCheckable(True)
                action.setChecked(key == current)
        menu.addSeparator()
        menu.addAction(self.export_one_action)
        if not self.model.row_at(index.row()).is_virtual:
            menu.addAction("Delete event").setData(DELETE)
        chosen = menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()
        if chosen is not None and chosen.data():  # the export action runs its own slot
            self._act(chosen.data())

    def _update_buttons(self, *_args: QModelIndex) -> None:
        o = self.current()
        for button in (self.edit_button, self.open_button):
            button.setEnabled(o is not None)
        self.status_button.setEnabled(o is not None and not o.is_virtual)
        self.status_button.setToolTip(
            "Your plans for this event; Attended logs an event touch (A)"
            if o is None or not o.is_virtual
            else "From the contact's details: Edit… it to track your plans"
        )
        for action in self.status_group.actions():
            action.setChecked(o is not None and action.data() == o.my_status)
        self.export_one_action.setEnabled(o is not None)
        self.export_list_action.setEnabled(self.model.rowCount() > 0)
        self.edit_button.setText("Add as event…" if o is not None and o.is_virtual else "Edit…")
