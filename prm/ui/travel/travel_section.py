"""The Travel section: trips, who to see on each, and the dialogs around them.

The view, the dialogs, the ops and the travel core are imported on first use,
never at start-up (the gazetteer alone takes a second to load).
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from prm.core.changes import CONTACT_TABLES, TOUCH_TABLES
from prm.core.errors import KnownError
from prm.ui.common.section import Section

if TYPE_CHECKING:
    from prm.ui.travel.travel_ops import TravelOps

TRAVEL = "travel"
TRAVEL_TABLES = frozenset({"trip", "trip_stop", "meeting", "meeting_attendee", "contact_place"})


def _documents() -> Path:
    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(where or Path.home())


def _file_name(title: str, suffix: str) -> str:
    stem = re.sub(r"[^\w-]+", "-", title.strip()).strip("-") or "trip"
    return f"{stem}{suffix}"


class TravelSection(Section):
    key, title, icon = TRAVEL, "Travel", "travel"
    # The plan ranks people by their touches, replies owed and places.
    watches = TRAVEL_TABLES | CONTACT_TABLES | TOUCH_TABLES
    dialog_opened = Signal(object)  # each dialog, for tests

    @cached_property
    def ops(self) -> TravelOps:
        from prm.ui.travel.travel_ops import TravelOps

        ops = TravelOps(self.tasks, self.undo_stack, self)
        ops.message.connect(self.message)
        ops.trip_added.connect(lambda trip_id: self.view.select_trip(trip_id))
        # Planned: untick them, so a second click cannot plan them twice.
        ops.scheduled.connect(lambda _ids: self.view.plan.model.clear_ticks())
        return ops

    def build(self) -> QWidget:
        from prm.ui.travel.travel_view import TravelView

        view = TravelView(self.tasks)
        view.new_requested.connect(self.new_trip)
        view.from_calendar_requested.connect(self.from_calendar)
        view.delete_requested.connect(lambda row: self.ops.delete_trip(row.id, row.title))
        view.road_notes_requested.connect(self.import_road_notes)
        plan = view.plan
        plan.open_contact.connect(self.open_contact)
        plan.schedule_requested.connect(
            lambda trip_id, choices: self.ops.schedule(trip_id, choices)
        )
        plan.holds_requested.connect(self.export_holds)
        plan.pack_requested.connect(self.travel_pack)
        return view

    def reload(self) -> None:
        self.view.refresh()

    # --- trips ---------------------------------------------------------------------

    def new_trip(self, draft=None) -> None:
        from prm.core.dates import today_in
        from prm.ui.travel.trip_dialog import TripDialog

        ctx = self.tasks.ctx
        dialog = TripDialog(self.tasks, today=today_in(ctx.zone, ctx.clock), parent=self.window)
        if draft is not None:
            dialog.load(draft)
        dialog.save_requested.connect(
            lambda d: self.ops.add_trip(
                d, on_done=lambda _id: dialog.saved(), on_error=dialog.show_errors
            )
        )
        self._open(dialog)

    def from_calendar(self) -> None:
        """The coming months' events with a place, read from the calendar sources (on the
        network worker: a CalDAV server may be slow or away), and captured ones."""
        from datetime import timedelta

        from prm.core.travel.from_calendar import calendar_places, calendar_sources

        ctx = self.tasks.ctx
        now = ctx.clock.now()

        def known(session):
            return calendar_places(session, since=now - timedelta(days=30)), calendar_sources(
                session, ctx.secrets
            )

        self.tasks.run(known, self._read_calendars, reads_only=True)

    def _read_calendars(self, found) -> None:
        from prm.core.travel.from_calendar import upcoming_places

        captured, sources = found
        ctx = self.tasks.ctx
        if not sources:
            self._pick_event((captured, []))
            return
        self.message.emit("Reading your calendars…")
        self.tasks.call_remote(
            lambda: upcoming_places(sources, zone=ctx.zone, now=ctx.clock.now()),
            lambda read: self._pick_event((_merged(read[0], captured), read[1])),
            self._explain,
        )

    def _pick_event(self, found) -> None:
        from prm.ui.travel.travel_dialogs import CalendarPickDialog

        places, problems = found
        if not places:
            QMessageBox.information(
                self.window,
                "No calendar events with a place",
                "No event in your calendars from the last month on has a place"
                + (f" (not read: {'; '.join(problems)})" if problems else "")
                + ". Add a calendar in Capture (Sources…), or type the trip in with New trip.",
            )
            return
        dialog = CalendarPickDialog(places, self.tasks.ctx.zone, self.window, problems=problems)
        dialog.accepted.connect(lambda: self._from_event(dialog.chosen()))
        self._open(dialog)

    def _from_event(self, place) -> None:
        from prm.core.travel.trips import trip_from_place

        if place is None:
            return
        zone = self.tasks.ctx.zone  # the gazetteer loads on the worker, never here
        self.tasks.run(lambda _s: trip_from_place(place, zone), self.new_trip, self._explain)

    # --- what a plan sends out ---------------------------------------------------------

    def export_holds(self, trip_id: int) -> None:
        trip = self.view.current()
        name = _file_name(trip.title if trip else "trip", ".ics")
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export calendar holds", str(_documents() / name), "Calendar (*.ics)"
        )
        if path:
            self.ops.export_holds(trip_id, Path(path if path.endswith(".ics") else path + ".ics"))

    def travel_pack(self, trip, contact_ids: list[int]) -> None:
        from prm.ui.travel.travel_dialogs import PackDialog

        suggested = _documents() / _file_name(trip.title, ".html")
        dialog = PackDialog(trip.title, len(contact_ids), suggested, self.window)
        dialog.write_requested.connect(
            lambda passphrase, out: self.ops.write_pack(
                contact_ids=contact_ids,
                trip=trip,
                passphrase=passphrase,
                out=out,
                on_done=lambda summary: self._pack_written(dialog, summary),
                on_error=dialog.failed,
            )  # fmt: skip
        )
        self._open(dialog)

    def _pack_written(self, dialog: QDialog, summary) -> None:
        dialog.accept()
        QMessageBox.information(
            self.window,
            "Travel pack written",
            f"The travel pack ({summary.people} {'person' if summary.people == 1 else 'people'})"
            f" is in\n{summary.path}\n\nOpen it in any browser and type the passphrase.",
        )

    def import_road_notes(self, trip_row=None) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            "Import road notes",
            str(_documents()),
            "Road notes (*.txt *.csv *.md);;All files (*)",
        )
        if path:
            self.preview_road_notes(Path(path), trip_row)

    def preview_road_notes(self, path: Path, trip_row=None) -> None:
        from prm.core.dates import today_in
        from prm.core.travel.road_notes import load_road_notes, preview

        ctx = self.tasks.ctx
        today = today_in(ctx.zone, ctx.clock)
        trip = (trip_row.starts_on, trip_row.ends_on) if trip_row is not None else None

        def work(session):
            notes = load_road_notes(session, path, today=today, trip=trip)
            return notes, preview(notes)

        self.tasks.run(
            work, lambda result: self._show_notes(path, *result), self._explain, reads_only=True
        )

    def _show_notes(self, path: Path, notes, lines: list[str]) -> None:
        from prm.ui.travel.travel_dialogs import RoadNotesDialog

        dialog = RoadNotesDialog(path, notes, lines, self.window)
        dialog.accepted.connect(lambda: self.ops.apply_road_notes(notes.rows, lambda _ids: None))
        self._open(dialog)

    def _explain(self, exc: KnownError) -> None:
        from prm.ui.common.errors import show_known_error

        show_known_error(self.window, exc)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)


def _merged(upcoming: list, captured: list) -> list:
    """Both lists, soonest first; a captured event also read just now listed once."""
    seen = {(p.occurred_at, p.summary, p.location) for p in upcoming}
    rest = [p for p in captured if (p.occurred_at, p.summary, p.location) not in seen]
    return sorted([*upcoming, *rest], key=lambda p: (p.occurred_at, p.summary))
