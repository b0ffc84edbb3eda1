"""One trip's plan: who to see (ranked, with reasons, distance and their hours), the
slots proposed, and what to do with the people ticked.

Space ticks the current person, A ticks everyone in the city, O (or Enter, or a
double-click) opens them. The plan is computed on the worker; a newer request
(another trip, another radius) supersedes an older one.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from prm.core.travel.plan import TripPlan
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.travel.travel_models import PlanModel, dates_text, slot_text
from prm.ui.widgets.action_table import OPEN, ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.form_fields import HintLabel
from prm.ui.widgets.list_page import button_row, section_title

TICK, TICK_ALL, SLOT = "tick", "tick_all", "slot"
K = Qt.Key
KEYS = {K.Key_Space: TICK, K.Key_A: TICK_ALL, K.Key_S: SLOT, K.Key_O: OPEN,
        K.Key_Return: OPEN, K.Key_Enter: OPEN}  # fmt: skip
DEFAULT_RADIUS_KM = 50


class TickDelegate(QStyledItemDelegate):
    """Draws the tick boxes on the button colour: on a dark theme Fusion draws them on
    the base colour, the very colour of the row, and they vanish."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        palette = QPalette(option.palette)
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Button))
        option.palette = palette


class PlanPanel(QWidget):
    open_contact = Signal(int)
    schedule_requested = Signal(int, list)  # trip id, [(contact id, starts_at, minutes)]
    holds_requested = Signal(int)  # trip id
    pack_requested = Signal(object, list)  # TripView, contact ids
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks, reads_only=True)
        self.trip_id: int | None = None
        self.plan: TripPlan | None = None
        self.meetings = 0  # planned for this trip already

        self.title = section_title("")
        self.title.setWordWrap(True)
        self.subtitle = HintLabel("", self)
        self.subtitle.setWordWrap(True)
        self.radius = QSpinBox(self)
        self.radius.setRange(1, 1000)
        self.radius.setValue(DEFAULT_RADIUS_KM)
        self.radius.setSuffix(" km")
        self.radius.setAccessibleName("Distance from the city")
        self.radius.setToolTip("How far from the city people may be")
        self.radius.valueChanged.connect(lambda _v: self.refresh())
        radius_label = QLabel("&Within", self)
        radius_label.setBuddy(self.radius)
        self.keys_hint = HintLabel(
            "Space ticks a person · A ticks everyone · S changes the slot · O opens", self
        )
        self.keys_hint.setWordWrap(False)

        self.model = PlanModel(self)
        self.model.set_palette(self.palette())
        self.table = ActionTable(self.model, KEYS, self)
        self.table.setAccessibleName("People to see on this trip")
        self.table.setItemDelegateForColumn(PlanModel.NAME, TickDelegate(self.table))
        self.table.size_columns(
            {
                PlanModel.NAME: "Margaret Hamilton",
                PlanModel.WHERE: "Düsseldorf · 45 km",
                PlanModel.HOURS: "09:00–18:00",
                PlanModel.SLOT: "Thu 26 Mar 09:00",
            },
            PlanModel.WHY,
        )
        self.table.action.connect(self._act)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAccessibleName("About the person")
        self.details.setMinimumHeight(self.fontMetrics().height() * 3)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.schedule_button = QPushButton("Add to &meeting planner", self)
        self.schedule_button.setToolTip(
            "Plan a meeting with each person ticked, at their proposed slot (one Undo step)"
        )
        self.schedule_button.clicked.connect(self._schedule)
        self.holds_button = QPushButton("Export calendar &holds…", self)
        self.holds_button.setToolTip("The meetings planned for this trip as an .ics file")
        self.holds_button.clicked.connect(lambda: self.holds_requested.emit(self.trip_id))
        self.pack_button = QPushButton("Travel &pack…", self)
        self.pack_button.setToolTip(
            "The briefs of the people ticked (or everyone listed) in one file that opens on a"
            " phone, locked with a passphrase"
        )
        self.pack_button.clicked.connect(self._pack)

        self.empty = EmptyState("Nobody near there yet")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        column = QVBoxLayout(self)
        column.setContentsMargins(12, 4, 14, 10)
        column.setSpacing(8)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addLayout(button_row(radius_label, self.radius, None, self.keys_hint))
        column.addWidget(self.stack, 1)
        column.addWidget(self.details)
        actions = QHBoxLayout()
        actions.addLayout(
            button_row(self.schedule_button, self.holds_button, None, self.pack_button)
        )
        column.addLayout(actions)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------

    def show_trip(self, trip_id: int | None, meetings: int = 0) -> None:
        changed = trip_id != self.trip_id
        self.trip_id, self.meetings = trip_id, meetings
        if changed:
            self.plan = None
            self.model.set_plan(None)
            self.title.setText("")
            self.subtitle.setText("Working out who to see…" if trip_id else "")
            self.details.clear()
        self.refresh()

    def refresh(self) -> None:
        trip_id = self.trip_id
        if trip_id is None:
            self._update_buttons()
            return
        from prm.core.travel.plan import plan_trip

        clock, radius = self._tasks.ctx.clock, self.radius.value()

        def work(session: Session) -> TripPlan | None:
            from prm.core.errors import NotFoundError

            try:
                return plan_trip(session, trip_id, radius_km=radius, clock=clock)
            except NotFoundError:  # deleted meanwhile (or undone)
                return None

        self._latest.run(work, self._loaded)

    def _loaded(self, plan: TripPlan | None) -> None:
        if plan is None or plan.trip.id != self.trip_id:
            return
        same = self.plan is not None and self.plan.trip.id == plan.trip.id
        current = self.current_id()
        self.plan = plan
        self.model.set_plan(plan, keep=same)
        trip = plan.trip
        self.title.setText(trip.title)
        stops = " · ".join(
            f"{s.city}, {s.country_name}" if s.country_name else s.city for s in trip.stops
        )
        n = len(plan.people)
        who = f"{n} {'person' if n == 1 else 'people'} within {self.radius.value()} km"
        planned = f" · {self.meetings} planned" if self.meetings else ""
        notes = f"\n{trip.notes}" if trip.notes else ""
        self.subtitle.setText(
            f"{stops} · {dates_text(trip.starts_on, trip.ends_on)} · {who}{planned}{notes}"
        )
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.table)
            row = self.model.row_for_id(current) if current is not None else -1
            self.table.select_row(max(row, 0))
        else:
            city = trip.stops[0].city if trip.stops else "there"
            self.empty.set_title(f"Nobody in or near {city} yet")
            self.empty.set_text(
                "PRM places people by the city in their address, else by their time zone or"
                " phone. Widen the distance above, or add addresses to your contacts."
            )
            self.stack.setCurrentWidget(self.empty)
            self.details.setText(self._free_text())
        self._update_buttons()
        self.loaded.emit()

    # --- the current person ----------------------------------------------------------

    def current_id(self) -> int | None:
        row = self.table.current_row()
        return self.model.id_at(row) if 0 <= row < self.model.rowCount() else None

    def _show_details(self, *_args: object) -> None:
        row = self.table.current_row()
        if not 0 <= row < self.model.rowCount():
            self.details.setText(self._free_text())
            return
        p = self.model.row_at(row).person
        who = f"{p.name} · {p.organization}" if p.organization else p.name
        parts = [f"<b>{html.escape(who)}</b>"]
        if p.reasons:
            parts.append("Why: " + html.escape("; ".join(p.reasons)))
        slot = self.model.row_at(row).slot
        if slot is not None:
            city = self.plan.trip.stops[0].city if self.plan and self.plan.trip.stops else ""
            where = f" {city} time" if city else ""
            parts.append(html.escape(f"Proposed: {slot_text(slot)}{where} (S changes it)"))
        if p.events_during_trip:
            parts.append("During the trip: " + html.escape("; ".join(p.events_during_trip)))
        if p.local_time_windows:
            parts.append("Their hours: " + html.escape(" · ".join(p.local_time_windows)))
        self.details.setText("<br>".join(parts))

    def _free_text(self) -> str:
        free = self.model.free_slots()
        if not free:
            return ""
        shown = ", ".join(slot_text(s) for s in free[:4])
        more = f" and {len(free) - 4} more" if len(free) > 4 else ""
        return html.escape(f"Free slots: {shown}{more}")

    # --- actions -----------------------------------------------------------------------

    def _act(self, action: str) -> None:
        row = self.table.current_row()
        if not 0 <= row < self.model.rowCount():
            return
        if action == TICK:
            self.model.toggle(row)
        elif action == TICK_ALL:
            on = not all(
                self.model.row_at(r).id in self.model.ticked_ids()
                for r in range(self.model.rowCount())
                if not self.model.row_at(r).country_level
            )
            for r in range(self.model.rowCount()):
                if not self.model.row_at(r).country_level:
                    self.model.set_ticked(r, on)
        elif action == SLOT:
            self.choose_slot(row)
        elif action == OPEN:
            self.open_contact.emit(self.model.id_at(row))

    def choose_slot(self, row: int) -> QMenu | None:
        """A menu of the free slots (Up/Down, Enter); the one picked becomes theirs."""
        free = self.model.free_slots()
        if not free:
            self.details.setText("No free slot left on this trip: every one is proposed.")
            return None
        menu = QMenu(self)
        menu.setAccessibleName("Free slots")
        for slot in free[:40]:
            menu.addAction(slot_text(slot)).setData(slot)
        menu.triggered.connect(lambda action: self._moved(row, action.data()))
        rect = self.table.visualRect(self.model.index(row, PlanModel.SLOT))
        menu.popup(self.table.viewport().mapToGlobal(rect.bottomLeft()))
        self.slot_menu = menu  # tests pick from it
        return menu

    def _moved(self, row: int, slot) -> None:
        if 0 <= row < self.model.rowCount():
            self.model.move_to(row, slot)
            self.model.set_ticked(row, True)  # chose a time for them: they are chosen
            self._show_details()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == PlanModel.SLOT:
            self.choose_slot(index.row())
        elif index.column() != PlanModel.NAME:
            self.open_contact.emit(self.model.id_at(index.row()))

    def _schedule(self) -> None:
        chosen, left = self.model.choices()
        if left:
            self.details.setText(
                html.escape(f"No free slot left for {', '.join(left)}: untick someone first.")
            )
            return
        if self.trip_id is not None and chosen:
            choices = [(cid, slot.starts_at, slot.minutes) for cid, slot in chosen]
            self.schedule_requested.emit(self.trip_id, choices)

    def _pack(self) -> None:
        if self.plan is None:
            return
        ids = self.model.ticked_ids() or [p.contact_id for p in self.plan.people]
        self.pack_requested.emit(self.plan.trip, ids)

    def _update_buttons(self) -> None:
        ticked = bool(self.model.ticked_ids())
        self.schedule_button.setEnabled(ticked)
        self.holds_button.setEnabled(self.trip_id is not None and self.meetings > 0)
        self.holds_button.setToolTip(
            "The meetings planned for this trip as an .ics file"
            if self.meetings
            else "Add meetings to the planner first; then export them as calendar holds"
        )
        self.pack_button.setEnabled(self.plan is not None and bool(self.plan.people or ticked))
