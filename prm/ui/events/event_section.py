"""The Upcoming section: the Upcoming view, the event editor and the .ics export."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QWidget
from sqlmodel import Session

from prm.core import upcoming_pages
from prm.core.dates import today_in
from prm.core.errors import KnownError
from prm.core.events import EventDraft
from prm.core.upcoming import Occurrence
from prm.ui.common.errors import show_known_error
from prm.ui.common.section import Section
from prm.ui.common.tasks import Tasks
from prm.ui.events.event_ops import EventOps

if TYPE_CHECKING:  # the view and editor are imported when first needed: not at start
    from prm.ui.events.event_editor import EventEditor

log = logging.getLogger(__name__)

UPCOMING = "upcoming"


class UpcomingSection(Section):
    key, title, icon = UPCOMING, "Upcoming", "upcoming"
    # Events, and the birthdays and anniversaries in contacts' details.
    watches = frozenset({"event", "contact"})
    editor_opened = Signal(object)  # the EventEditor, for tests

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, window: QWidget) -> None:
        super().__init__(tasks, undo_stack, window)
        self.ops = EventOps(tasks, undo_stack, self)
        self.ops.message.connect(self.message)

    def build(self) -> QWidget:
        from prm.ui.events.upcoming_view import UpcomingView

        view = UpcomingView(self.tasks)
        view.contact_activated.connect(self.open_contact)
        view.add_requested.connect(lambda: self.add_event())
        view.edit_requested.connect(self.edit)
        view.status_requested.connect(self._set_status)
        view.delete_requested.connect(self._delete)
        view.export_requested.connect(self.export)
        view.count_changed.connect(self.set_badge)
        return view

    def reload(self) -> None:
        self.view.refresh()

    def shown(self) -> None:
        self._stale = True  # "today" may have moved on since the last load
        super().shown()

    def badge_query(self) -> Callable[[Session], int]:
        ctx = self.tasks.ctx
        today = today_in(ctx.zone, ctx.clock)
        return lambda session: upcoming_pages.week_count(session, today=today)

    def add_event(self, contact_id: int | None = None) -> EventEditor:
        from prm.ui.events.event_editor import EventEditor

        return self._open(
            EventEditor(self.tasks, self.ops, contact_id=contact_id, parent=self.window)
        )

    def edit_event(self, event_id: int) -> EventEditor:
        from prm.ui.events.event_editor import EventEditor

        return self._open(EventEditor(self.tasks, self.ops, event_id=event_id, parent=self.window))

    def edit(self, o: Occurrence) -> EventEditor:
        from prm.ui.events.event_editor import EventEditor

        if o.event_id is not None:
            editor = EventEditor(self.tasks, self.ops, event_id=o.event_id, parent=self.window)
        else:  # a birthday from the contact's details becomes an event of its own
            first = o.first_on or o.on
            prefill = EventDraft(
                contact_id=o.contact_id, kind=o.kind, start_date=first.isoformat(), yearly=True
            )
            editor = EventEditor(self.tasks, self.ops, prefill=prefill, parent=self.window)
        return self._open(editor)

    def export(self, occurrences: list[Occurrence], suggested: str) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            "Export to calendar",
            str(Path(folder) / suggested),
            "Calendar files (*.ics)",
        )
        if path:
            self.write_ics(Path(path), occurrences)

    def write_ics(self, path: Path, occurrences: list[Occurrence]) -> None:
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        from prm.core import ics

        now = self.tasks.ctx.clock.now()

        def done(count: int) -> None:
            self.message.emit(f"Exported {count} event{'' if count == 1 else 's'} to {path}")

        def failed(exc: KnownError) -> None:
            show_known_error(self.window, exc, title="Export to calendar")

        self.tasks.call(lambda: ics.write_calendar(path, occurrences, now=now), done, failed)

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
