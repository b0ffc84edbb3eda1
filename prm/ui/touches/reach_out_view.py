"""Reach out: this week's short list (the most valuable of the people who need the
user, as many as their weekly capacity), everyone one click away; keyboard first.

L (or Enter) asks to log a touch, S snoozes, O (or a double-click) opens the
contact. Lists load on the DB worker; a newer reload supersedes an older one.
When a touch moves the selected person down the list, the selection stays on
the row, which is now the next person: the user works down the list.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QModelIndex, QPoint, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QWidget,
)

from prm.core import reach_out_screen as core
from prm.core.reach_out import ReachOutRow
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.touches.reach_out_table_model import ReachOutQuery, ReachOutTableModel
from prm.ui.touches.reach_out_texts import (
    CAPACITY_KEY,
    calm_text,
    scope_text,
    stored_capacity,
    summary_text,
)
from prm.ui.touches.snooze_dialog import SnoozeDialog
from prm.ui.widgets.action_table import LOG, MEET, OPEN, SNOOZE, ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.link_label import LinkLabel
from prm.ui.widgets.list_page import PageHeader, table_or_empty

log = logging.getLogger(__name__)

_ACTION = "prmAction"  # which action a toolbar button stands for
# A reload keeps at most this many rows the user had scrolled through.
MAX_RELOAD_ROWS = 1000
THANKS_SHOWN = 3  # thank-yous owed named above the list
# Sample texts that size the fixed columns (Name takes the rest).
_COLUMN_SAMPLES = {
    ReachOutTableModel.STATUS: "Snoozed to 30 Sep  ",
    ReachOutTableModel.DAYS: "365 d / every 180",
    ReachOutTableModel.LAST_TOUCH: "30 Sep 2026 · Video call",
    ReachOutTableModel.PREFERS: "prefers social media",
    ReachOutTableModel.DRIFTING: "▼ Drifting",
}


class ReachOutView(QWidget):
    contact_activated = Signal(int)
    log_touch_requested = Signal(int)
    meeting_requested = Signal(int)
    changed = Signal()
    count_changed = Signal(int)  # people needing attention (the sidebar badge)
    loaded = Signal()
    counted = Signal()  # "Show all": the counts, after the rows

    def __init__(
        self, tasks: Tasks, parent: QWidget | None = None, *, settings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._settings = settings
        self._latest = LatestOnly(tasks)
        self._counts = LatestOnly(tasks)  # "Show all": the counts follow the rows
        self.show_all = False  # everyone who needs the user (or everyone), not the short list
        self._to_top = False  # the filters changed: start at the top of the new list
        self.needing_attention = 0
        self.snooze_dialog: SnoozeDialog | None = None

        header = PageHeader("Reach out", "This week's short list, most valuable first.", self)
        self.summary = header.summary

        self.capacity_spin = QSpinBox()
        self.capacity_spin.setRange(1, core.MAX_WEEKLY_CAPACITY)
        self.capacity_spin.setSuffix(" people")
        self.capacity_spin.setValue(self._stored_capacity())
        self.capacity_spin.setAccessibleName("Weekly capacity")
        self.capacity_spin.setToolTip("How many people you can reach in a week: the short list")
        self.capacity_spin.valueChanged.connect(self._capacity_changed)
        capacity_label = QLabel("Each week:")
        capacity_label.setBuddy(self.capacity_spin)
        self.scope_button = QPushButton("Show all")
        self.scope_button.setToolTip("Everyone who needs you, or back to this week's short list")
        self.scope_button.clicked.connect(self._toggle_scope)

        self.tag_combo, self.tier_combo = QComboBox(), QComboBox()
        self.tag_combo.addItem("All tags", None)
        self.tag_combo.setAccessibleName("Tag")
        self.tier_combo.addItem("All tiers", None)
        self.tier_combo.setAccessibleName("Tier")
        for combo in (self.tag_combo, self.tier_combo):  # the choices come with each load
            # As wide as ten letters, whatever the tag names: long ones elide in the box
            # and show whole in the open list.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(self._filters_changed)
        self.snoozed_check = QCheckBox("Show snoozed")
        self.snoozed_check.toggled.connect(self._filters_changed)
        self.call_now_check = QCheckBox("Can &call now")
        self.call_now_check.setToolTip(
            "Only people inside their hours (their time) in the next 2 h"
        )
        self.call_now_check.toggled.connect(self._call_now_toggled)
        self.call_now = None  # prm.ui.travel.reach_now_panel.ReachNowPanel, made when first asked

        self.log_button = QPushButton("Log touch…")
        self.log_button.setToolTip("Log a touch with this person (L or Enter)")
        self.log_button.setProperty(_ACTION, LOG)
        self.snooze_button = QPushButton("Snooze…")
        self.snooze_button.setToolTip("Hide this person until a later day (S)")
        self.snooze_button.setProperty(_ACTION, SNOOZE)
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open this person's page (O or double-click)")
        self.open_button.setProperty(_ACTION, OPEN)

        for button in (self.log_button, self.snooze_button, self.open_button):
            button.clicked.connect(self._button_clicked)
        header.add_row(
            capacity_label,
            self.capacity_spin,
            self.scope_button,
            12,
            self.tag_combo,
            self.tier_combo,
            6,
            self.snoozed_check,
            12,
            self.call_now_check,
            None,
        )
        # The actions on a row of their own, as in Advocates: one row of filters and
        # buttons no longer fits the default window beside the sidebar.
        header.add_row(self.log_button, self.snooze_button, self.open_button, None)

        # Referrals nobody thanked for yet: each a link that opens the quick log for them.
        self.thanks_label = LinkLabel(self)
        self.thanks_label.setWordWrap(True)
        by = Qt.TextInteractionFlag
        self.thanks_label.setTextInteractionFlags(
            by.LinksAccessibleByMouse | by.LinksAccessibleByKeyboard
        )
        self.thanks_label.linkActivated.connect(self._thank)
        self.thanks_label.hide()
        header.add_row(self.thanks_label)

        self.model = ReachOutTableModel(tasks.run, self)
        self.table = ActionTable(self.model)
        self.table.size_columns(_COLUMN_SAMPLES, ReachOutTableModel.NAME)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setAccessibleName("People to reach out to")
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.empty = EmptyState("Everyone is on track")
        self.show_all_button = self.empty.add_button("Show everyone")
        self.show_all_button.clicked.connect(lambda: self._set_scope(True))
        self.stack = table_or_empty(self, header, self.table, self.empty)
        self._update_buttons()

    # --- what the window asks ------------------------------------------------

    def refresh(self) -> None:
        """Reload the list (a fresh "now"), the filters' choices and the badge count."""
        ctx = self._tasks.ctx
        query = ReachOutQuery(
            now=ctx.clock.now(),
            zone=ctx.zone,
            tag=self.tag_combo.currentData(),
            tier_id=self.tier_combo.currentData(),
            include_snoozed=self.snoozed_check.isChecked(),
        )
        if self.call_now is not None and self.call_now_check.isChecked():
            self.call_now.refresh()
        capacity = None if self.show_all else self.capacity_spin.value()
        page = ReachOutTableModel.PAGE_SIZE
        # Keep as many rows as the user scrolled through (a touch must not jump them to the top).
        scrolled = -(-self.model.rowCount() // page) * page  # whole pages
        asked = page if self._to_top else min(max(page, scrolled), MAX_RELOAD_ROWS)
        keep = -1 if self._to_top else self.table.current_row()
        keep_id = self.model.id_at(keep) if keep >= 0 else None
        self._to_top = False

        self._latest.run(
            lambda session: core.reach_out_screen(
                session,
                now=query.now,
                zone=query.zone,
                limit=asked,
                capacity=capacity,
                tag=query.tag,
                tier_id=query.tier_id,
                include_snoozed=query.include_snoozed,
                count_later=True,
            ),
            lambda screen: self._loaded(query, asked, screen, keep, keep_id, capacity),
        )

    def reload_after_touch(self, contact_id: int) -> None:
        """A touch was logged for ``contact_id``: reload; the selection moves on past them."""
        log.debug("touch logged for #%s; reloading reach-out", contact_id)
        self.refresh()

    def current_id(self) -> int | None:
        if self.call_now is not None and self.stack.currentWidget() is self.call_now:
            return self.call_now.current_id()
        row = self.table.current_row()
        if row < 0 or self.stack.currentWidget() is not self.table:
            return None
        return self.model.id_at(row)

    def open_snooze(self, contact_id: int | None = None) -> SnoozeDialog | None:
        """Open the snooze dialog for a contact in the list (the current one by default)."""
        contact_id = contact_id if contact_id is not None else self.current_id()
        row = self.model.row_for_id(contact_id) if contact_id is not None else -1
        if row < 0:
            return None
        data: ReachOutRow = self.model.row_at(row)
        dialog = SnoozeDialog(
            self._tasks, data.contact_id, data.name, snoozed_until=data.snoozed_until, parent=self
        )
        dialog.snoozed.connect(self._snoozed)
        dialog.finished.connect(self._dialog_finished)
        self.snooze_dialog = dialog
        dialog.open()
        return dialog

    # --- loading -------------------------------------------------------------

    def _loaded(
        self,
        query: ReachOutQuery,
        asked: int,
        screen: core.ReachOutScreen,
        keep: int,
        keep_id: int | None,
        capacity: int | None,
    ) -> None:
        rows = screen.rows
        self._fill_filters(list(screen.tags), list(screen.tiers))
        self.model.set_rows(query, rows, asked=asked, complete=capacity is not None)
        self._show_page(screen, query)
        self._restore_selection(keep, keep_id)
        if screen.attention is None:  # everyone, most overdue first: counted next
            self.summary.setText("Everyone, most overdue first. Counting who needs you…")
            self.scope_button.setText(scope_text(0, show_all=True))
            self.scope_button.setVisible(True)
            self._count_after(query, capacity, len(rows))
        else:
            self._show_counts(query, capacity, len(rows), screen.attention)
            self._show_thanks(screen.thank_yous_owed)
        self._update_buttons()
        self.loaded.emit()

    def _count_after(self, query: ReachOutQuery, capacity: int | None, shown: int) -> None:
        def counted(found: tuple) -> None:
            attention, thanks = found
            self._show_counts(query, capacity, shown, attention)
            self._show_thanks(thanks)
            self.counted.emit()

        self._counts.run(
            lambda session: core.reach_out_counts(
                session,
                now=query.now,
                zone=query.zone,
                tag=query.tag,
                tier_id=query.tier_id,
                include_snoozed=query.include_snoozed,
            ),
            counted,
        )

    def _show_counts(
        self, query: ReachOutQuery, capacity: int | None, shown: int, attention: core.Attention
    ) -> None:
        count = attention.total
        self.needing_attention = count
        self.summary.setText(summary_text(attention, capacity, shown))
        self.scope_button.setText(scope_text(count, self.show_all))
        self.scope_button.setVisible(self.show_all or count > shown)
        if not self._filtered(query):
            self.count_changed.emit(count)

    def _restore_selection(self, keep: int, keep_id: int | None) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = self.model.row_for_id(keep_id) if keep_id is not None else -1
        if row < 0 or row > keep:
            # They moved down (a touch) or left the list: stay on the row, now the next person.
            row = min(max(keep, 0), count - 1)
        self.table.select_row(row)

    def _show_page(self, screen: core.ReachOutScreen, query: ReachOutQuery) -> None:
        rows = screen.rows
        if self.call_now_check.isChecked():
            return  # the "Can call now" list stays on screen
        if rows:
            self.stack.setCurrentWidget(self.table)
            return
        title, text = calm_text(screen.next_up, self._filtered(query))
        self.empty.set_title(title)
        self.empty.set_text(text)
        self.show_all_button.setVisible(screen.next_up is not None and not self.show_all)
        self.stack.setCurrentWidget(self.empty)

    def _show_thanks(self, owed: tuple) -> None:
        """ "Thank-yous owed: thank Erik — Acme signed · …" (the first few; all in Advocates)."""
        links = [
            f'<a href="thank:{o.referrer_id}">{html.escape(o.text)}</a>'
            for o in owed[:THANKS_SHOWN]
        ]
        more = (
            f" · and {len(owed) - THANKS_SHOWN} more in Advocates"
            if len(owed) > THANKS_SHOWN
            else ""
        )
        self.thanks_label.setText(f"<b>Thank-yous owed:</b> {' · '.join(links)}{more}")
        self.thanks_label.setVisible(bool(owed))

    def _thank(self, href: str) -> None:
        number = href.partition(":")[2]
        if number.isdigit():
            self.log_touch_requested.emit(int(number))

    @staticmethod
    def _filtered(query: ReachOutQuery) -> bool:
        return query.tag is not None or query.tier_id is not None or query.include_snoozed

    def _fill_filters(self, tags: list[str], tiers: list[core.TierFilter]) -> None:
        _refill(self.tag_combo, "All tags", [(name, name) for name in tags])
        tier_items = [(f"{t.name} · every {t.target_days} d", t.id) for t in tiers]
        _refill(self.tier_combo, "All tiers", tier_items)

    def _filters_changed(self, *_args: object) -> None:
        self._to_top = True
        self.refresh()

    def _toggle_scope(self) -> None:
        self._set_scope(not self.show_all)

    def _set_scope(self, show_all: bool) -> None:
        self.show_all = show_all
        self._to_top = True
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _stored_capacity(self) -> int:
        return stored_capacity(self._settings)

    def _capacity_changed(self, value: int) -> None:
        if self._settings is not None:
            self._settings.setValue(CAPACITY_KEY, value)
        if not self.show_all:
            self.refresh()

    # --- actions -------------------------------------------------------------

    def _call_now_toggled(self, on: bool) -> None:
        """ "Can call now": who is inside their hours in the next two hours, instead of the list."""
        from prm.ui.travel.reach_now_panel import show_call_now

        show_call_now(self, on)
        self._to_top = True
        self.refresh()

    def _act(self, action: str, row: int | None = None) -> None:
        if (
            row is None
            and self.call_now is not None
            and self.stack.currentWidget() is self.call_now
        ):
            self.call_now._act(action)  # the header's buttons on the "Can call now" list
            return
        row = self.table.current_row() if row is None else row
        if row < 0 or row >= self.model.rowCount():
            return
        contact_id = self.model.id_at(row)
        if action == LOG:
            self.log_touch_requested.emit(contact_id)
        elif action == SNOOZE:
            self.open_snooze(contact_id)
        elif action == OPEN:
            self.contact_activated.emit(contact_id)
        elif action == MEET:
            self.meeting_requested.emit(contact_id)

    def _button_clicked(self) -> None:
        self._act(self.sender().property(_ACTION))

    def _double_clicked(self, index: QModelIndex) -> None:
        self._act(OPEN, index.row())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.select_row(index.row())
        menu = QMenu(self)
        for text, action in (
            ("Log touch…\tL", LOG),
            ("Plan meeting…\tM", MEET),
            ("Snooze…\tS", SNOOZE),
            ("Open\tO", OPEN),
        ):
            menu.addAction(text).setData(action)
        chosen = menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()
        if chosen is not None:
            self._act(chosen.data())

    def _snoozed(self, contact_id: int) -> None:
        log.debug("contact #%s snoozed or woken; reloading", contact_id)
        self.refresh()
        self.changed.emit()

    def _dialog_finished(self, _result: int) -> None:
        dialog = self.sender()
        if self.snooze_dialog is dialog:
            self.snooze_dialog = None
        if dialog is not None:
            dialog.deleteLater()

    def _update_buttons(self, *_args: QModelIndex) -> None:
        has_row = self.current_id() is not None
        for button in (self.log_button, self.snooze_button, self.open_button):
            button.setEnabled(has_row)


def _refill(combo: QComboBox, everything: str, items: list[tuple[str, object]]) -> None:
    """Replace a filter's choices, keeping the chosen one (even if it just went away)."""
    chosen, chosen_text = combo.currentData(), combo.currentText()
    if chosen is not None and all(value != chosen for _text, value in items):
        items = [*items, (chosen_text, chosen)]
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
    combo.blockSignals(False)
