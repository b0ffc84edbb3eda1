"""Advocates: who carries the business, and what to do about it this month.

A row of lists (by value, valuable but overdue, not yet asked, asked too often,
thank-yous owed, dormant ties) over one table, and beside it the selected
person's value breakdown: every dimension, its points, weight and score, so the
number is never a black box. Every row is one key from its action: Enter or O
opens the contact, T logs the thank-you touch, R records a referral from them,
I introduces them, A records their advocacy; 1…6 switch lists.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QSplitter, QTextBrowser, QWidget
from sqlmodel import Session

from prm.core.advocacy.lists import AdvocatesLists
from prm.core.advocacy.value import ContactValue
from prm.core.errors import KnownError
from prm.ui.advocates.advocates_model import (
    LISTS,
    OWED,
    RANKED,
    TOO_OFTEN,
    AdvocateRow,
    AdvocatesTableModel,
    breakdown_html,
    counts,
    rows_for,
)
from prm.ui.common.palette import muted_color
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.action_table import OPEN, ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty
from prm.ui.widgets.segmented import Segmented

THANK, REFER, INTRODUCE, ADVOCACY = "thank", "refer", "introduce", "advocacy"
K = Qt.Key
KEYS = {
    K.Key_Return: OPEN, K.Key_Enter: OPEN, K.Key_O: OPEN, K.Key_T: THANK,
    K.Key_R: REFER, K.Key_I: INTRODUCE, K.Key_A: ADVOCACY,
}  # fmt: skip
NEW_KIND = {REFER: "referral", INTRODUCE: "introduction", ADVOCACY: "signal"}
HINT = "Which relationships carry the business, from what you recorded."


def load_lists(session: Session, ctx) -> tuple[AdvocatesLists, date]:
    """Every list at once, and the user's today they were made for."""
    from prm.core.advocacy.lists import advocates_lists
    from prm.core.dates import today_in

    lists = advocates_lists(session, now=ctx.clock.now(), zone=ctx.zone)
    return lists, today_in(ctx.zone, ctx.clock)


class AdvocatesView(QWidget):
    row_action = Signal(str, object)  # action, AdvocateRow
    new_requested = Signal(str)  # "referral" | "introduction" | "signal" | "engagement"
    weights_requested = Signal()
    count_changed = Signal(object)  # thank-yous owed (the badge)
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._lists: AdvocatesLists | None = None
        self._today: date | None = None
        self._which = RANKED

        header = PageHeader("Advocates", HINT, self)
        self.summary = header.summary
        self.chooser = Segmented(self)
        for which, (text, tip, _empty) in LISTS.items():
            self.chooser.add(text, which, tooltip=f"{tip} ({which + 1})")
            # 1…6 switch lists from anywhere in the section (there is no text field here).
            shortcut = QShortcut(QKeySequence(str(which + 1)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda w=which: self.show_list(w))
        self.chooser.group.idClicked.connect(self.show_list)
        self.buttons: dict[str, QPushButton] = {}
        for action, text, tip in (
            (OPEN, "Open", "Open this contact (O or Enter)"),
            (THANK, "Thank-you touch", "Log the thank-you you sent them (T)"),
            (REFER, "Referral…", "Record a referral they made (R)"),
            (INTRODUCE, "Introduce…", "Introduce them to someone (I)"),
            (ADVOCACY, "Advocacy…", "Record a testimonial, reference call, favour… (A)"),
        ):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, a=action: self._act(a))
            self.buttons[action] = button
        self.new_engagement = QPushButton("Engagement…", self)
        self.new_engagement.setToolTip("Add paid work for a client (the revenue side of value)")
        self.new_engagement.clicked.connect(lambda: self.new_requested.emit("engagement"))
        self.weights_button = QPushButton("Weights…", self)
        self.weights_button.setToolTip("How much each dimension of value counts")
        self.weights_button.clicked.connect(self.weights_requested)
        header.add_row(self.chooser, None)
        header.add_row(*self.buttons.values(), None, self.new_engagement, self.weights_button)

        self.model = AdvocatesTableModel(self)
        self.table = ActionTable(self.model, KEYS)
        self.table.setAccessibleName("Advocates")
        self.table.size_columns(
            {
                AdvocatesTableModel.NAME: "Margaret Hamilton-Smith",
                AdvocatesTableModel.VALUE: "100.0",
            },
            AdvocatesTableModel.WHY,
        )
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.breakdown = QTextBrowser(self)
        self.breakdown.setAccessibleName("Value breakdown")
        self.breakdown.setOpenLinks(False)
        self.breakdown.setMinimumWidth(300)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.breakdown)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.empty = EmptyState("Nothing here", "")
        self.stack = table_or_empty(self, header, split, self.empty)
        self.split = split
        self._update_buttons()

    # --- loading -----------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self._tasks.ctx
        self._tasks.run(lambda s: load_lists(s, ctx), self._loaded, self._failed, reads_only=True)

    def _loaded(self, result: tuple[AdvocatesLists, date]) -> None:
        self._lists, self._today = result
        n = counts(self._lists)
        for which, (text, _tip, _empty) in LISTS.items():
            button = self.chooser.group.button(which)
            button.setText(f"{text} ({n[which]})" if n[which] else text)
        self.count_changed.emit(n[OWED])
        self.show_list(self._which)
        self.loaded.emit()

    def _failed(self, exc: KnownError) -> None:
        self.summary.setText(exc.message)

    def show_list(self, which: int) -> None:
        self._which = which
        self.chooser.group.button(which).setChecked(True)
        text, tip, empty = LISTS[which]
        self.summary.setText(tip)
        if self._lists is None or self._today is None:
            return
        keep = self.current()
        rows = rows_for(self._lists, which, self._today)
        self.model.set_rows(rows)
        # Asked too often and thank-yous owed are about a person, not a value.
        self.table.setColumnHidden(AdvocatesTableModel.VALUE, which in (TOO_OFTEN, OWED))
        self.empty.title.setText(empty)
        self.stack.setCurrentWidget(self.split if rows else self.empty)
        if rows:
            at = self.model.row_for_id(keep.contact_id) if keep is not None else -1
            self.table.select_row(max(at, 0))
        self._update_buttons()

    def current(self) -> AdvocateRow | None:
        row = self.table.current_row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    # --- the breakdown -----------------------------------------------------------

    def _current_changed(self, *_args: object) -> None:
        self._update_buttons()
        row = self.current()
        if row is None:
            self.breakdown.clear()
        elif row.value_detail is not None:
            self._show_breakdown(row.value_detail)
        else:  # a list not about value: read this person's breakdown
            self._read_breakdown(row.contact_id)

    def _read_breakdown(self, contact_id: int) -> None:
        from prm.core.advocacy.value import contact_value

        today = self._today

        def shown(value: ContactValue) -> None:
            current = self.current()
            if current is not None and current.contact_id == contact_id:
                self._show_breakdown(value)

        self._tasks.run(
            lambda s: contact_value(s, contact_id=contact_id, today=today),
            shown,
            lambda _exc: self.breakdown.clear(),
            reads_only=True,
        )

    def _show_breakdown(self, value: ContactValue) -> None:
        muted = muted_color(self.breakdown.palette(), on_base=True).name()
        self.breakdown.setHtml(breakdown_html(value, muted))

    # --- actions -----------------------------------------------------------------

    def _act(self, action: str, row: int | None = None) -> None:
        row = self.table.current_row() if row is None else row
        if 0 <= row < self.model.rowCount() and self.stack.currentWidget() is self.split:
            self.row_action.emit(action, self.model.row_at(row))
        elif action in NEW_KIND:  # no one chosen: start a blank one
            self.new_requested.emit(NEW_KIND[action])

    def _double_clicked(self, index: QModelIndex) -> None:
        self._act(OPEN, index.row())

    def _update_buttons(self) -> None:
        has_row = self.current() is not None and self.stack.currentWidget() is self.split
        for action in (OPEN, THANK):
            self.buttons[action].setEnabled(has_row)
