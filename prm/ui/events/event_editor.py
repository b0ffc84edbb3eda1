"""Add or edit one event: kind, title, all day or a time in a zone, place, link, status.

Problems show under their fields and everything typed stays; the dialog
closes only once the store said yes. Saving goes through ``EventOps`` so it can
be undone from the window (Ctrl+Z).
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from prm.core import contact_list, events, validation
from prm.core.dates import today_in
from prm.core.errors import KnownError, ValidationError
from prm.core.events import EventDraft
from prm.core.vocab import EVENT_KINDS, EVENT_STATUSES
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.events.event_ops import EventOps
from prm.ui.widgets.contact_picker import ContactPicker
from prm.ui.widgets.field_errors import ErrorLabel, mark_invalid
from prm.ui.widgets.form_fields import FieldSlot, show_field_errors

log = logging.getLogger(__name__)

_DATE_FORMAT = "ddd d MMM yyyy"


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return box


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(_DATE_FORMAT)
    return edit


class EventEditor(QDialog):
    saved = Signal(int)  # the event id

    def __init__(
        self,
        tasks: Tasks,
        ops: EventOps,
        *,
        event_id: int | None = None,
        contact_id: int | None = None,
        prefill: EventDraft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._ops = ops
        self.event_id = event_id
        self._before: EventDraft | None = None
        self._busy = False
        self._zone = events.zone_name(tasks.ctx.zone)
        self.setWindowTitle("Edit event" if event_id else "Add event")
        self._build(picking=event_id is None and contact_id is None and prefill is None)
        today = today_in(tasks.ctx.zone, tasks.ctx.clock)
        self.load(prefill or EventDraft(contact_id=contact_id, start_date=today.isoformat()))
        if self.picker is None and event_id is None and self._contact_id is not None:
            self._show_contact(self._contact_id)
        if event_id is not None:
            self.setEnabled(False)
            tasks.run(
                lambda session: events.event_to_edit(session, event_id=event_id),
                self._loaded,
                self._load_failed,
            )

    # --- building ---------------------------------------------------------------

    def _build(self, *, picking: bool) -> None:
        self.contact_label = QLabel()
        self.contact_label.setTextFormat(Qt.TextFormat.PlainText)
        self.picker: ContactPicker | None = None
        if picking:
            self.picker = ContactPicker(
                self._pick, self._name_for, placeholder="Whose event? Type a name"
            )
        self.contact_slot = FieldSlot(self.picker or self.contact_label)
        self.kind = QComboBox()
        for key, label in EVENT_KINDS.items():
            self.kind.addItem(label, key)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Web Summit, product launch, 40th birthday party…")
        self.all_day = QCheckBox("All day")
        self.all_day.toggled.connect(self._all_day_toggled)
        self.start_date, self.end_date = _date_edit(), _date_edit()
        self.start_time, self.end_time = QTimeEdit(), QTimeEdit()
        for edit in (self.start_time, self.end_time):
            edit.setDisplayFormat("HH:mm")
        self.has_end = QCheckBox("Until")
        self.has_end.toggled.connect(self._end_toggled)
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(validation.timezone_names())
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.setMinimumContentsLength(20)
        self.yearly = QCheckBox("Repeats every year")
        self.location = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.status = QComboBox()
        for key, label in EVENT_STATUSES.items():
            self.status.addItem(label, key)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 5)

        self.kind_slot = FieldSlot(self.kind)
        self.title_slot = FieldSlot(self.title)
        self.start_slot = FieldSlot(
            self.start_date, shown=_row(self.start_date, self.start_time, self.all_day)
        )
        self.end_slot = FieldSlot(
            self.end_date, shown=_row(self.has_end, self.end_date, self.end_time)
        )
        self.zone_slot = FieldSlot(self.zone, hint="The zone it happens in; shown in yours too.")
        self.url_slot = FieldSlot(self.url)
        self.status_slot = FieldSlot(self.status, hint="Marking it attended logs an event touch.")
        for edit, slot in (
            (self.start_date, self.start_slot),
            (self.start_time, self.start_slot),
            (self.end_date, self.end_slot),
            (self.end_time, self.end_slot),
        ):
            (edit.dateChanged if isinstance(edit, QDateEdit) else edit.timeChanged).connect(
                slot.clear_error
            )
        self.has_end.toggled.connect(self.end_slot.clear_error)
        self._time_fields = {
            "start_time": self.start_time,
            "end": self.end_time,
            "end_time": self.end_time,
        }
        self._slots = {
            "contact_id": self.contact_slot,
            "kind": self.kind_slot,
            "title": self.title_slot,
            "start_date": self.start_slot,
            "start_time": self.start_slot,
            "end": self.end_slot,
            "end_date": self.end_slot,
            "end_time": self.end_slot,
            "timezone": self.zone_slot,
            "url": self.url_slot,
            "my_status": self.status_slot,
        }

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Contact", self.contact_slot)
        form.addRow("Kind", self.kind_slot)
        form.addRow("Title", self.title_slot)
        form.addRow("Starts", self.start_slot)
        form.addRow("Ends", self.end_slot)
        form.addRow("Time zone", self.zone_slot)
        self._zone_label = form.labelForField(self.zone_slot)
        form.addRow("", self.yearly)
        form.addRow("Location", self.location)
        form.addRow("Web page", self.url_slot)
        form.addRow("My status", self.status_slot)
        form.addRow("Notes", self.notes)

        self.error = ErrorLabel(self)  # anything that belongs to no field
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.delete_button = QPushButton("Delete event")  # apart on the left, away from Save
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._delete)
        self.delete_button.setVisible(self.event_id is not None)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.setMinimumWidth(520)

    # --- contents ---------------------------------------------------------------

    def load(self, draft: EventDraft) -> None:
        self._contact_id = draft.contact_id
        self.kind.setCurrentIndex(max(self.kind.findData(draft.kind), 0))
        self.title.setText(draft.title)
        start = date.fromisoformat(draft.start_date) if draft.start_date else date.today()
        self.start_date.setDate(QDate(start.year, start.month, start.day))
        end = date.fromisoformat(draft.end_date) if draft.end_date else start
        self.end_date.setDate(QDate(end.year, end.month, end.day))
        self.start_time.setTime(QTime.fromString(draft.start_time or "09:00", "HH:mm"))
        self.end_time.setTime(QTime.fromString(draft.end_time or "10:00", "HH:mm"))
        self.has_end.setChecked(bool(draft.end_date or draft.end_time))
        self.zone.setCurrentText(draft.timezone or self._zone)
        self.all_day.setChecked(draft.all_day)
        self._all_day_toggled(draft.all_day)
        self._end_toggled(self.has_end.isChecked())
        self.yearly.setChecked(draft.yearly)
        self.location.setText(draft.location)
        self.url.setText(draft.url)
        self.status.setCurrentIndex(max(self.status.findData(draft.my_status), 0))
        self.notes.setPlainText(draft.notes)

    def draft(self) -> EventDraft:
        all_day, ends = self.all_day.isChecked(), self.has_end.isChecked()
        return EventDraft(
            contact_id=self.picker.contact_id() if self.picker else self._contact_id,
            kind=self.kind.currentData(),
            title=self.title.text(),
            all_day=all_day,
            start_date=self.start_date.date().toString("yyyy-MM-dd"),
            end_date=self.end_date.date().toString("yyyy-MM-dd") if ends else "",
            start_time="" if all_day else self.start_time.time().toString("HH:mm"),
            end_time="" if all_day or not ends else self.end_time.time().toString("HH:mm"),
            timezone="" if all_day else self.zone.currentText().strip(),
            location=self.location.text(),
            url=self.url.text(),
            yearly=self.yearly.isChecked(),
            my_status=self.status.currentData(),
            notes=self.notes.toPlainText(),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        show_field_errors(errors, self._slots, self.error)
        if not self.all_day.isChecked():
            for key in errors.keys() & self._time_fields.keys():
                mark_invalid(self._time_fields[key], True)  # the time is what is wrong

    def clear_errors(self) -> None:
        for slot in set(self._slots.values()):
            slot.clear_error()
        for edit in self._time_fields.values():
            mark_invalid(edit, False)
        self.error.clear_message()

    # --- saving ---------------------------------------------------------------

    def submit(self) -> None:
        if self._busy:
            return
        self.clear_errors()
        draft = self.draft()
        if self.picker is not None and draft.contact_id is None and self.picker.text().strip():
            self.show_errors(
                {"contact_id": f"Choose “{self.picker.text().strip()}” from the list."}
            )
            return
        try:
            draft.cleaned(self._zone)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        if self._before is not None and draft == self._before:
            self.accept()  # nothing changed: no write, no undo step
            return
        self._busy = True
        self.save_button.setEnabled(False)
        if self.event_id is None:
            self._ops.add(draft, on_done=self._saved, on_error=self._failed)
        else:
            assert self._before is not None
            self._ops.update(
                self.event_id, self._before, draft, on_done=self._saved, on_error=self._failed
            )

    def _delete(self) -> None:
        if self.event_id is not None and self._before is not None:
            self._ops.trash(
                self.event_id, events.event_label(self._before.kind, self._before.title)
            )
            self.accept()

    def _saved(self, event_id: int) -> None:
        if not isValid(self):
            return
        self._busy = False
        self.saved.emit(event_id)
        self.accept()

    def _failed(self, exc: KnownError) -> None:
        if not isValid(self):
            show_known_error(None, exc)
            return
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        else:
            show_known_error(self, exc)

    # --- reactions ----------------------------------------------------------------

    def _loaded(self, result: events.EventToEdit) -> None:
        if not isValid(self):
            return
        draft, name = result.draft, result.contact_name
        self._before = draft
        self.load(draft)
        self.contact_label.setText(name)
        self.setEnabled(True)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_failed(self, exc: KnownError) -> None:
        if isValid(self):
            show_known_error(self.parentWidget(), exc)
            self.reject()

    def _show_contact(self, contact_id: int) -> None:
        self.contact_label.setText(self._name_for(contact_id))

    def _all_day_toggled(self, all_day: bool) -> None:
        self.start_time.setVisible(not all_day)
        self.end_time.setVisible(not all_day)
        self.zone_slot.setVisible(not all_day)
        if self._zone_label is not None:
            self._zone_label.setVisible(not all_day)

    def _end_toggled(self, ends: bool) -> None:
        self.end_date.setEnabled(ends)
        self.end_time.setEnabled(ends)

    # Synchronous, bounded reads for the contact picker (see Tasks.read).

    def _pick(self, text: str) -> list[tuple[int, str, str]]:
        return self._tasks.read(lambda session: contact_list.pick_list(session, query=text))

    def _name_for(self, contact_id: int) -> str:
        rows = self._tasks.read(
            lambda session: contact_list.contact_rows(session, ids=[contact_id])
        )
        row = rows.get(contact_id)
        return row.display_name if row is not None else f"#{contact_id}"
