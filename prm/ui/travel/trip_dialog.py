"""New trip: one city or several, the dates, optional notes.

Each city field completes from the offline gazetteer. The gazetteer takes a
second or more to load the first time, so the search runs on the worker, a
moment after the last keystroke, and only the newest answer is shown; a city
typed without picking is still looked up by name when saving.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from prm.core.errors import KnownError, ValidationError
from prm.core.travel.trips import StopDraft, TripDraft
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import FieldSlot, fit_lines, show_field_errors

MAX_STOPS = 5
SEARCH_DELAY_MS = 150
SUGGESTIONS = 12


class CityField(QLineEdit):
    """A city name with suggestions from the gazetteer ("Munich, Germany")."""

    searched = Signal()  # suggestions arrived (tests)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._asked = 0
        self.ids: dict[str, int] = {}  # suggestion text -> geonameid
        self.setPlaceholderText("Type a city: Munich, Lyon, Portland, OR…")
        self.suggestions = QStringListModel(self)
        completer = QCompleter(self.suggestions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The gazetteer matched already (accents, other spellings): show all it found.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(SUGGESTIONS)
        self.setCompleter(completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(lambda _t: self._timer.start())

    def set_city(self, text: str, geonameid: int | None) -> None:
        self.setText(text)
        if geonameid is not None:
            self.ids[text] = geonameid

    def stop(self) -> StopDraft | None:
        text = " ".join(self.text().split())
        if not text:
            return None
        return StopDraft(city_query=text, geonameid=self.ids.get(text))

    def _search(self) -> None:
        prefix = self.text().strip()
        if len(prefix) < 2:
            return
        self._asked += 1
        asked = self._asked

        def work():
            from prm.core.travel.gazetteer import search_cities

            return search_cities(prefix, limit=SUGGESTIONS)

        def done(cities) -> None:
            if not isValid(self) or asked != self._asked:
                return  # a newer search is on its way
            texts, names = [], {}
            for city in cities:
                text = f"{city.name}, {city.country_name}" if city.country_name else city.name
                if text in names:  # two Springfields: tell them apart by size
                    text = f"{text} ({city.population:,} people)"
                names[text] = city.geonameid
                texts.append(text)
            self.ids.update(names)
            self.suggestions.setStringList(texts)
            if texts and self.hasFocus():
                self.completer().setCompletionPrefix("")
                self.completer().complete()
            self.searched.emit()

        self._tasks.call(work, done, lambda _exc: None)


class TripDialog(QDialog):
    """Ask for a trip; ``save_requested`` carries the draft, the owner saves it and
    hands errors back to ``show_errors`` (the dialog stays open with the typing)."""

    save_requested = Signal(object)  # TripDraft

    def __init__(self, tasks: Tasks, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._source_proposal_id: int | None = None  # taken from a calendar event
        self.setWindowTitle("New trip")
        self.general_error = ErrorLabel(self)
        self.cities: list[CityField] = []
        self.cities_box = QVBoxLayout()
        self.cities_box.setContentsMargins(0, 0, 0, 0)
        self.cities_box.setSpacing(4)
        self.add_city_button = QPushButton("&Another city", self)
        self.add_city_button.setToolTip("A trip through several cities, one after the other")
        self.add_city_button.clicked.connect(lambda: self.add_city().setFocus())
        cities = QWidget(self)
        column = QVBoxLayout(cities)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.cities_box)
        column.addWidget(self.add_city_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.starts = self._date(today + timedelta(days=7))
        self.ends = self._date(today + timedelta(days=9))
        self.starts.dateChanged.connect(self._keep_order)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Optional: Trip to Munich")
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText("Optional: hotel, the reason for the trip…")
        self.notes.setTabChangesFocus(True)
        fit_lines(self.notes, 3)
        self.slots = {
            "stops": FieldSlot(cities, self, shown=cities),
            "starts_on": FieldSlot(self.starts, self),
            "ends_on": FieldSlot(self.ends, self),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        city_label = QLabel("&City", self)
        form.addRow(city_label, self.slots["stops"])
        form.addRow("&From", self.slots["starts_on"])
        form.addRow("&To", self.slots["ends_on"])
        form.addRow("T&itle", self.title)
        form.addRow("N&otes", self.notes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            "&Save trip", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        city_label.setBuddy(self.add_city())  # Alt+C: the first city
        from prm.core.travel import gazetteer

        if not gazetteer.loaded():  # a second or more: on the worker while the user reads
            tasks.call(gazetteer.preload, None, lambda _exc: None)

    def _date(self, day: date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy")
        edit.setDate(QDate(day.year, day.month, day.day))
        return edit

    def add_city(self) -> CityField:
        field = CityField(self._tasks, self)
        field.setAccessibleName("City" if not self.cities else f"City {len(self.cities) + 1}")
        self.cities.append(field)
        self.cities_box.addWidget(field)
        self.add_city_button.setEnabled(len(self.cities) < MAX_STOPS)
        return field

    def load(self, draft: TripDraft) -> None:
        """Fill in a draft (one taken from a calendar event)."""
        for i, stop in enumerate(draft.stops[:MAX_STOPS]):
            field = self.cities[i] if i < len(self.cities) else self.add_city()
            field.set_city(stop.city_query, stop.geonameid)
        for edit, day in ((self.starts, draft.starts_on), (self.ends, draft.ends_on)):
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
        self.title.setText(draft.title)
        self.notes.setPlainText(draft.notes)
        self._source_proposal_id = draft.source_proposal_id

    def draft(self) -> TripDraft:
        stops = [s for s in (f.stop() for f in self.cities) if s is not None]
        return TripDraft(
            title=self.title.text(),
            starts_on=self.starts.date().toPython(),
            ends_on=self.ends.date().toPython(),
            stops=stops,
            notes=self.notes.toPlainText(),
            source_proposal_id=self._source_proposal_id,
        )

    def submit(self) -> None:
        self.clear_errors()
        self.save_button.setEnabled(False)
        self.save_requested.emit(self.draft())

    def saved(self) -> None:
        self.accept()

    def show_errors(self, exc: KnownError) -> None:
        if not isValid(self):
            return
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            errors: dict[str, str] = {}
            for key, message in exc.errors.items():  # every city's problem under the cities
                key = "stops" if key.startswith("stops") else key
                errors[key] = f"{errors[key]}\n{message}" if key in errors else message
            show_field_errors(errors, self.slots, self.general_error)
        else:
            self.general_error.show_message(exc.message)

    def clear_errors(self) -> None:
        for slot in self.slots.values():
            slot.clear_error()
        self.general_error.clear_message()

    def _keep_order(self, start: QDate) -> None:
        """A later start takes the end with it (keeping the trip's length)."""
        if self.ends.date() < start:
            self.ends.setDate(start)
