"""Travel: the trips on the left, the selected trip's plan on the right.

N starts a new trip, C takes one from a captured calendar event, Delete moves
the selected trip to the trash (Undo brings it back); Enter (or Tab) goes to the plan.
The trips load on the worker; the plan loads for the selected trip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QSplitter, QWidget
from sqlmodel import Session

from prm.core.travel.trips import TripRow
from prm.ui.common.latest import LatestOnly
from prm.ui.common.tasks import Tasks
from prm.ui.travel.plan_panel import PlanPanel
from prm.ui.travel.travel_models import TripsModel
from prm.ui.widgets.action_table import ActionTable
from prm.ui.widgets.empty_state import EmptyState
from prm.ui.widgets.list_page import PageHeader, table_or_empty

HINT = "Who to see on a trip, when, in their hours."
DELETE, PLAN = "delete", "plan"
NO_TRIPS_TEXT = (
    "Add a trip — a city and its dates — and PRM proposes who to see there: the people "
    "overdue, owed a reply or worth reviving, with their local hours and meeting slots of "
    "45 minutes or less."
)


class TravelView(QWidget):
    new_requested = Signal()
    from_calendar_requested = Signal()
    delete_requested = Signal(object)  # TripRow
    road_notes_requested = Signal(object)  # the selected TripRow or None
    loaded = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._latest = LatestOnly(tasks, reads_only=True)
        self._select_id: int | None = None

        header = PageHeader("Travel", HINT, self)
        self.summary = header.summary
        self.new_button = QPushButton("&New trip…", self)
        self.new_button.setToolTip("A city (or several) and dates (N)")
        self.new_button.clicked.connect(self.new_requested)
        self.calendar_button = QPushButton("From &calendar…", self)
        self.calendar_button.setToolTip("A trip from a captured calendar event with a place (C)")
        self.calendar_button.clicked.connect(self.from_calendar_requested)
        self.delete_button = QPushButton("&Delete trip", self)
        self.delete_button.setToolTip("Move the selected trip to the trash (Delete; Undo restores)")
        self.delete_button.clicked.connect(lambda: self._act(DELETE))
        self.notes_button = QPushButton("Import &road notes…", self)
        self.notes_button.setToolTip(
            "Touches you noted on the road (a text or CSV file): preview, then log them"
        )
        self.notes_button.clicked.connect(lambda: self.road_notes_requested.emit(self.current()))
        header.add_row(
            self.new_button, self.calendar_button, 12, self.delete_button, None, self.notes_button
        )

        self.model = TripsModel(self)
        K = Qt.Key
        keys = {K.Key_Delete: DELETE, K.Key_Backspace: DELETE, K.Key_Return: PLAN,
                K.Key_Enter: PLAN}  # fmt: skip
        self.trips = ActionTable(self.model, keys)
        self.trips.setAccessibleName("Trips")
        self.trips.size_columns({TripsModel.WHEN: "30 Mar – 2 Apr"}, TripsModel.TRIP)
        self.trips.setColumnHidden(TripsModel.MEETINGS, True)  # the plan says how many
        self.trips.action.connect(self._act)
        self.trips.selectionModel().currentRowChanged.connect(self._trip_changed)
        self.plan = PlanPanel(tasks, self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.trips)
        split.addWidget(self.plan)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([250, 950])
        split.setChildrenCollapsible(False)
        self.trips.setMinimumWidth(240)
        self.split = split

        self.empty = EmptyState("No trips yet", NO_TRIPS_TEXT)
        self.empty_new = self.empty.add_button("New trip…", primary=True)
        self.empty_new.clicked.connect(self.new_requested)
        self.empty_calendar = self.empty.add_button("From calendar…")
        self.empty_calendar.clicked.connect(self.from_calendar_requested)
        self.stack = table_or_empty(self, header, split, self.empty)
        self.stack.setCurrentWidget(self.empty)
        for key, signal in (("N", self.new_requested), ("C", self.from_calendar_requested)):
            shortcut = QShortcut(QKeySequence(key), self.trips)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(signal)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        from prm.core.travel.trips import list_trips

        def work(session: Session) -> list[TripRow]:
            return list_trips(session)

        self._latest.run(work, self._loaded)

    def select_trip(self, trip_id: int) -> None:
        """After a new trip is saved: it is selected when the list next loads."""
        self._select_id = trip_id
        row = self.model.row_for_id(trip_id)
        if row >= 0:
            self.trips.select_row(row)

    def _loaded(self, rows: list[TripRow]) -> None:
        keep = self._select_id or self.current_id()
        self._select_id = None
        self.trips.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.trips.selectionModel().blockSignals(False)
        if rows:
            self.stack.setCurrentWidget(self.split)
            row = self.model.row_for_id(keep) if keep is not None else -1
            self.trips.select_row(max(row, 0))
            self._trip_changed()
            n = len(rows)
            self.summary.setText(f"{n} trip{'s' * (n != 1)}. {HINT}")
        else:
            self.stack.setCurrentWidget(self.empty)
            self.plan.show_trip(None)
            self.summary.setText(HINT)
        self._update_buttons()
        self.loaded.emit()

    # --- the selected trip ------------------------------------------------------------

    def current(self) -> TripRow | None:
        row = self.trips.current_row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def current_id(self) -> int | None:
        trip = self.current()
        return trip.id if trip is not None else None

    def _trip_changed(self, *_args: object) -> None:
        trip = self.current()
        self.plan.show_trip(trip.id if trip else None, trip.meetings if trip else 0)
        self._update_buttons()

    def _act(self, action: str) -> None:
        trip = self.current()
        if action == DELETE and trip is not None:
            self.delete_requested.emit(trip)
        elif action == PLAN:  # Enter: on to the trip's people
            self.plan.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.current() is not None)
