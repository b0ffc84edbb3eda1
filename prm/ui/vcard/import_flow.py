"""Importing vCards and contact CSVs from the window: choose or drop files, read, preview,
apply, Undo.

1. Reading and planning run on the DB worker with a progress dialog; Cancel
   stops between cards and nothing is written (planning never writes).
2. The preview dialog shows what would happen; Cancel there writes nothing.
3. Applying runs on the worker in one transaction (Cancel rolls it back) and
   becomes one ``QUndoCommand``, "Import 42 contacts": Undo takes the whole
   batch back (``prm.core.vcard.apply.undo_import``), Redo applies the plan again.

A CSV file is read whole on the worker (its table kept for the preview); its
rows are planned like cards. When the user changes how a column is read, the
files are planned again with the new mapping and the preview shows that plan.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QFileDialog, QWidget
from sqlmodel import Session

from prm.core.errors import KnownError
from prm.ui.common.errors import show_known_error
from prm.ui.common.formatting import plural
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import DoneCommand, undo_hint
from prm.ui.common.work_progress import WorkProgress, close_progress, progress_dialog

if TYPE_CHECKING:  # planning and applying import these on first use: not at start-up
    from prm.core.csv_contacts.table import Table
    from prm.core.vcard.apply import ImportResult
    from prm.core.vcard.importer import ImportPlan

log = logging.getLogger(__name__)

FILE_FILTER = (
    "Contacts (*.vcf *.vcard *.csv *.tsv);;vCard files (*.vcf *.vcard);;"
    "CSV files (Google, Outlook, Apple, LinkedIn) (*.csv *.tsv);;All files (*)"
)
TITLE = "Import contacts"


class _CountingReader:
    """A file handle that tells how many bytes were read: progress through a big file."""

    def __init__(self, handle, on_read) -> None:
        self._handle, self._on_read = handle, on_read

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._on_read(len(data))
        return data


class ImportCommand(DoneCommand):
    """The whole import as one undo step. Already applied when pushed."""

    def __init__(self, flow: ImportFlow, plan: ImportPlan, result: ImportResult) -> None:
        super().__init__(
            f"Import {plural(result.count, 'contact')}",
            lambda: flow.run_step(self, undo=False),
            lambda: flow.run_step(self, undo=True),
        )
        self.flow, self.plan, self.result = flow, plan, result


class ImportFlow(QObject):
    changed = Signal(object)  # a contact id to select, or None
    message = Signal(str)
    preview_opened = Signal(object)  # the ImportPreviewDialog (tests, focus)

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, window: QWidget) -> None:
        super().__init__(window)
        self._tasks, self._undo, self._window = tasks, undo_stack, window
        self._busy = False
        self.progress: WorkProgress | None = None  # the running step's (Cancel, tests)
        self.last_dir = ""
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # --- starting --------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self._window, TITLE, self.last_dir, FILE_FILTER)
        if names:
            self.last_dir = str(Path(names[0]).parent)
            self.start([Path(n) for n in names])

    def start(self, paths: list[Path]) -> None:
        # Imported on first use: the app's start never needs the CSV reader.
        from prm.core.csv_contacts.read import CSV_SUFFIXES, VCARD_SUFFIXES, load_table, mapping_for

        files = [p for p in paths if p.suffix.lower() in (*VCARD_SUFFIXES, *CSV_SUFFIXES)]
        others = [p.name for p in paths if p not in files]
        if others:
            self.message.emit(f"Not a vCard or CSV file (.vcf, .csv): {', '.join(others)}")
        if not files or self._busy:
            return
        self._busy = True
        progress = self.progress = WorkProgress(self)
        dialog = progress_dialog(self._window, progress, TITLE, f"Reading {files[0].name}…")
        total = sum(_size(p) for p in files) or 1
        done_bytes = 0

        def on_read(n: int) -> None:
            nonlocal done_bytes
            done_bytes += n
            progress.report(done_bytes / total)

        def work(session: Session) -> tuple[ImportPlan, dict[Path, CsvFile]]:
            tables = {}
            for path in files:
                if path.suffix.lower() in CSV_SUFFIXES:
                    table = load_table(path)
                    tables[path] = CsvFile(table, mapping_for([table])[0])
                    on_read(_size(path))
            plan = _plan(
                session,
                files,
                {p: (f.table, list(f.mapping)) for p, f in tables.items()},
                on_read=on_read,
                cancelled=progress.cancelled,
                progress=lambda n: progress.report(
                    done_bytes / total, f"Read {plural(n, 'card')}…"
                ),
            )
            return plan, tables

        def finished(result: tuple[ImportPlan, dict[Path, CsvFile]]) -> None:
            plan, tables = result
            close_progress(dialog)
            self._busy = False
            if plan.cancelled:
                self.message.emit("Import cancelled; nothing was imported")
                return
            self._preview(plan, files, tables)

        def failed(exc: KnownError) -> None:
            close_progress(dialog)
            self._busy = False
            show_known_error(self._window, exc, title=TITLE)

        self._tasks.run(work, finished, failed)

    # --- preview and apply ---------------------------------------------------------------

    def _preview(self, plan: ImportPlan, files: list[Path], tables: dict[Path, CsvFile]) -> None:
        from prm.ui.vcard.import_preview import ImportPreviewDialog  # not needed at start-up

        csv_files = list(tables.values())
        preview = ImportPreviewDialog(
            plan,
            [str(p) for p in files],
            self._window,
            csv_files=[(f.table, f.mapping) for f in csv_files] or None,
        )
        preview.accepted.connect(lambda: self._apply(preview.plan))
        preview.rejected.connect(lambda: self.message.emit("Nothing was imported"))
        preview.finished.connect(preview.deleteLater)
        generation = 0

        def remap(index: int, column: int, key: str) -> None:
            nonlocal generation
            csv_files[index].mapping[column] = key
            generation += 1
            asked = generation
            mappings = {p: (f.table, list(f.mapping)) for p, f in tables.items()}

            def shown(new_plan: ImportPlan) -> None:
                try:
                    if asked == generation and preview.isVisible():  # a later change wins
                        preview.set_plan(new_plan)
                except RuntimeError:  # the preview was closed (and deleted) meanwhile
                    pass

            self._tasks.run(
                lambda session: _plan(session, files, mappings),
                shown,
                lambda exc: show_known_error(preview, exc, title=TITLE),
            )

        preview.mapping_changed.connect(remap)
        preview.open()
        self.preview_opened.emit(preview)

    def _apply(self, plan: ImportPlan) -> None:
        clock = self._tasks.ctx.clock
        progress = self.progress = WorkProgress(self)
        dialog = progress_dialog(self._window, progress, TITLE, "Importing…")
        total = max(plan.to_write, 1)
        from prm.core.vcard.apply import ImportCancelled, apply_import

        def work(session: Session) -> ImportResult:
            return apply_import(
                session,
                plan,
                clock=clock,
                cancelled=progress.cancelled,
                progress=lambda n: progress.report(n / total, f"Imported {n:,} of {total:,}…"),
            )

        def finished(result: ImportResult) -> None:
            close_progress(dialog)
            self._undo.push(ImportCommand(self, plan, result))
            self.message.emit(f"Imported {plural(result.count, 'contact')}{undo_hint()}")
            self.changed.emit(_first(result))

        def failed(exc: KnownError) -> None:
            close_progress(dialog)
            if isinstance(exc, ImportCancelled):
                self.message.emit(exc.message)
            else:
                show_known_error(self._window, exc, title=TITLE)

        self._tasks.run(work, finished, failed)

    def run_step(self, command: ImportCommand, *, undo: bool) -> None:
        """Undo or Redo of an import, on the worker after whatever is queued before it."""
        clock = self._tasks.ctx.clock
        from prm.core.vcard.apply import apply_import, undo_import

        def work(session: Session) -> None:
            # The command's result is read and replaced here, on the serial worker,
            # so an Undo queued right behind a Redo sees the Redo's result.
            if undo:
                undo_import(session, command.result, clock=clock)
            else:
                command.result = apply_import(session, command.plan, clock=clock)

        def done(_none: None) -> None:
            what = plural(command.result.count, "contact")
            self.message.emit(
                f"Took back the import of {what}" if undo else f"Imported {what} again"
            )
            self.changed.emit(None if undo else _first(command.result))

        self._tasks.run(work, done, lambda exc: show_known_error(self._window, exc, title=TITLE))

    # --- drag and drop onto the window ------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
        ):
            assert isinstance(event, QDragMoveEvent)  # DragEnter is one, too
            if _local_paths(event):
                event.acceptProposedAction()
                return True
        elif watched is self._window and event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = _local_paths(event)
            if paths:
                event.acceptProposedAction()
                self.start(paths)
                return True
        return super().eventFilter(watched, event)


@dataclass
class CsvFile:
    table: Table  # read once; planning again needs only the rows
    mapping: list[str]  # a field key per column, as the user has it now


def _plan(
    session: Session,
    files: list[Path],
    tables: dict[Path, tuple[Table, list[str]]],
    *,
    on_read=lambda n: None,
    cancelled=lambda: False,
    progress=None,
) -> ImportPlan:
    """Every file's cards or rows planned into one import, in the order chosen."""
    # Imported here, on the worker: an import is rare and the app's start skips them.
    from prm.core.csv_contacts.cards import cards
    from prm.core.csv_contacts.enrich import enrich_matches
    from prm.core.vcard.importer import ImportPlan, plan_import
    from prm.core.vcard.read import read_vcards

    plan = ImportPlan()
    for path in files:
        if path in tables:
            table, mapping = tables[path]
            rows = cards(table, mapping)
            plan_import(
                session, rows, source=str(path), into=plan, cancelled=cancelled, progress=progress
            )
        else:
            try:
                with path.open("rb") as handle:
                    plan_import(
                        session,
                        read_vcards(_CountingReader(handle, on_read), name=str(path)),
                        source=str(path),
                        into=plan,
                        cancelled=cancelled,
                        progress=progress,
                    )
            except OSError as exc:
                raise KnownError(f"Could not read {path}: {exc.strerror or exc}") from None
        if plan.cancelled:
            return plan
    enrich_matches(session, plan)  # LinkedIn: connection dates for people you have
    return plan


def _local_paths(event: QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say what is wrong


def _first(result: ImportResult) -> int | None:
    ids = result.created_ids or result.updated_ids
    return ids[0] if ids else None
