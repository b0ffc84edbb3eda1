"""Travel's writes from the UI, each one step on the window's undo stack.

A new trip is undone by trashing it (redone by restoring it); meetings chosen
from a plan are undone by unscheduling them all at once; road notes imported
are undone by trashing their touches. Files (calendar holds, the travel pack)
are written on the worker, never on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from prm.core.errors import KnownError
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint

log = logging.getLogger(__name__)

Choice = tuple[int, datetime, int]  # contact id, starts at (aware), minutes


class TravelOps(QObject):
    message = Signal(str)
    trip_added = Signal(int)  # the new trip's id: the view selects it
    scheduled = Signal(list)  # meeting ids

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.undo_stack = undo_stack

    # --- trips -------------------------------------------------------------------

    def add_trip(
        self, draft, *, on_done: Callable[[int], None], on_error: Callable[[KnownError], None]
    ) -> None:
        from prm.core.travel import trips

        ctx = self._tasks.ctx

        def done(trip_id: int) -> None:
            title = draft.title or "trip"
            self._push(
                f"Add {title}",
                lambda: self._tasks.run(lambda s: trips.restore_trip(s, trip_id)),
                lambda: self._tasks.run(lambda s: trips.delete_trip(s, trip_id, ctx.clock)),
            )
            self.message.emit(f"Trip added{undo_hint()}")
            self.trip_added.emit(trip_id)
            on_done(trip_id)

        self._tasks.run(lambda s: trips.add_trip(s, draft, ctx.clock), done, on_error)

    def delete_trip(self, trip_id: int, title: str) -> None:
        from prm.core.travel import trips

        ctx = self._tasks.ctx

        def done(_result: object) -> None:
            self._push(
                f"Delete {title}",
                lambda: self._tasks.run(lambda s: trips.delete_trip(s, trip_id, ctx.clock)),
                lambda: self._tasks.run(lambda s: trips.restore_trip(s, trip_id)),
            )
            self.message.emit(f"Moved “{title}” to the trash{undo_hint()}")

        self._tasks.run(lambda s: trips.delete_trip(s, trip_id, ctx.clock), done, self._report)

    # --- meetings from a plan ------------------------------------------------------

    def schedule(self, trip_id: int, choices: list[Choice]) -> None:
        """Planned meetings in the meeting planner, one undo step for all of them."""
        from prm.core.travel import schedule

        ctx = self._tasks.ctx

        def done(ids: list[int]) -> None:
            n = len(ids)
            what = f"{n} meeting{'s' * (n != 1)}"
            self._push(
                f"Plan {what}",
                lambda: self._tasks.run(lambda s: schedule.reschedule_meetings(s, ids)),
                lambda: self._tasks.run(lambda s: schedule.unschedule_meetings(s, ids, ctx.clock)),
            )
            self.message.emit(f"Added {what} to the meeting planner{undo_hint()}")
            self.scheduled.emit(ids)

        self._tasks.run(
            lambda s: schedule.schedule_meetings(s, trip_id, choices, ctx.clock), done, self._report
        )

    def export_holds(self, trip_id: int, out: Path) -> None:
        """Every meeting planned for the trip as a calendar hold, in one .ics file."""
        from prm.core.fsio import atomic_write_bytes, os_error_message
        from prm.core.travel import schedule

        def work(session: Session) -> int:
            ids = schedule.trip_meeting_ids(session, trip_id)
            data = schedule.holds_ics(session, trip_id, ids)
            try:
                atomic_write_bytes(out, data)
            except OSError as exc:
                raise KnownError(f"Could not write {out}: {os_error_message(exc)}.") from exc
            return len(ids)

        def done(n: int) -> None:
            self.message.emit(f"Wrote {n} calendar hold{'s' * (n != 1)} to {out}")

        self._tasks.run(work, done, self._report, reads_only=True)

    # --- the travel pack and road notes --------------------------------------------

    def write_pack(
        self,
        *,
        contact_ids: list[int],
        trip,
        passphrase: str,
        out: Path,
        on_done: Callable[[object], None],
        on_error: Callable[[KnownError], None],
    ) -> None:
        from prm.core.travel.pack import write_pack

        ctx = self._tasks.ctx

        def work(session: Session):
            return write_pack(
                session, contact_ids=contact_ids, title=trip.title, starts_on=trip.starts_on,
                ends_on=trip.ends_on, passphrase=passphrase, out=out, clock=ctx.clock,
            )  # fmt: skip

        def done(summary) -> None:
            n = summary.people
            self.message.emit(f"Travel pack for {n} {'person' if n == 1 else 'people'}: {out}")
            on_done(summary)

        self._tasks.run(work, done, on_error, reads_only=True)

    def apply_road_notes(self, rows: list, on_done: Callable[[list[int]], None]) -> None:
        from prm.core.travel import road_notes

        ctx = self._tasks.ctx

        def done(ids: list[int]) -> None:
            n = len(ids)
            what = f"{n} touch{'es' * (n != 1)} from road notes"
            self._push(
                f"Import {what}",
                lambda: self._tasks.run(lambda s: road_notes.redo_road_notes(s, ids)),
                lambda: self._tasks.run(
                    lambda s: road_notes.undo_road_notes(s, ids, clock=ctx.clock)
                ),
            )
            self.message.emit(f"Logged {what}{undo_hint()}")
            on_done(ids)

        self._tasks.run(
            lambda s: road_notes.apply_road_notes(s, rows, ctx.clock, zone=ctx.zone),
            done,
            self._report,
        )

    def _push(self, text: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        self.undo_stack.push(DoneCommand(text, redo, undo))

    def _report(self, exc: KnownError) -> None:
        log.info("travel change failed: %s", exc)
        self.message.emit(exc.message)
