"""The events side of the window: the Upcoming view, the event editor and the .ics
export, composed here so main_window stays a list of parts (like TouchSections)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QWidget

from prm.core import ics
from prm.core.errors import KnownError
from prm.core.events import EventDraft
from prm.core.upcoming import Occurrence
from prm.ui.common.errors import show_known_error
from prm.ui.events.event_editor import EventEditor
from prm.ui.events.event_ops import EventOps
from prm.ui.common.tasks import Tasks
from prm.ui.events.upcoming_view import UpcomingView

log = logging.getLogger(__name__)

UPCOMING = "upcoming"
SECTION = (UPCOMING, "Upcoming", "upcoming")  # key, sidebar label, icon


class EventSection(QObject):
    open_contact = Signal(int)
    count_changed = Signal(str, int)  # section key, badge count
    events_changed = Signal(list)  # contact ids: their timelines (and event touches) changed
    message = Signal(str)
    editor_opened = Signal(object)  # the EventEditor, for tests

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent_window: QWidget) -> None:
        super().__init__(parent_window)
        self._tasks = tasks
        self._window = parent_window
        self.view = UpcomingView(tasks)
        self.views = {UPCOMING: self.view}
        self.ops = EventOps(tasks, undo_stack, self)
        self.ops.changed.connect(self._changed)
        self.ops.message.connect(self.message)
        v = self.view
        v.contact_activated.connect(self.open_contact)
        v.add_requested.connect(lambda: self.add_event())
        v.edit_requested.connect(self.edit)
        v.status_requested.connect(self._set_status)
        v.delete_requested.connect(self._delete)
        v.export_requested.connect(self.export)
        v.count_changed.connect(lambda count: self.count_changed.emit(UPCOMING, count))

    def refresh(self) -> None:
        self.view.refresh()

    def section_shown(self, key: str) -> None:
        if key == UPCOMING:
            self.view.refresh()  # "today" may have moved on since the last load

    def add_event(self, contact_id: int | None = None) -> EventEditor:
        return self._open(
            EventEditor(self._tasks, self.ops, contact_id=contact_id, parent=self._window)
        )

    def edit_event(self, event_id: int) -> EventEditor:
        return self._open(EventEditor(self._tasks, self.ops, event_id=event_id, parent=self._window))

    def edit(self, o: Occurrence) -> EventEditor:
        if o.event_id is not None:
            editor = EventEditor(self._tasks, self.ops, event_id=o.event_id, parent=self._window)
        else:  # a birthday from the contact's details becomes an event of its own
            first = o.first_on or o.on
            prefill = EventDraft(
                contact_id=o.contact_id, kind=o.kind, start_date=first.isoformat(), yearly=True
            )
            editor = EventEditor(self._tasks, self.ops, prefill=prefill, parent=self._window)
        return self._open(editor)

    def export(self, occurrences: list[Occurrence], suggested: str) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(
            self._window,
            "Export to calendar",
            str(Path(folder) / suggested),
            "Calendar files (*.ics)",
        )
        if path:
            self.write_ics(Path(path), occurrences)

    def write_ics(self, path: Path, occurrences: list[Occurrence]) -> None:
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        now = self._tasks.ctx.clock.now()

        def done(count: int) -> None:
            self.message.emit(f"Exported {count} event{'' if count == 1 else 's'} to {path}")

        def failed(exc: KnownError) -> None:
            show_known_error(self._window, exc, title="Export to calendar")

        self._tasks.call(lambda: ics.write_calendar(path, occurrences, now=now), done, failed)

    def _open(self, editor: EventEditor) -> EventEditor:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._select_saved)
        editor.open()
        self.editor_opened.emit(editor)
        return editor

    def _select_saved(self, event_id: int) -> None:
        self.view.loaded.connect(
            lambda: self.view.select_event(event_id), Qt.ConnectionType.SingleShotConnection
        )

    def _set_status(self, o: Occurrence, status: str) -> None:
        if o.event_id is not None:
            self.ops.set_status(o.event_id, o.what, o.my_status, status)

    def _delete(self, o: Occurrence) -> None:
        if o.event_id is not None:
            self.ops.trash(o.event_id, o.what)

    def _changed(self, contact_ids: list[int]) -> None:
        self.view.refresh()
        self.events_changed.emit(contact_ids)
