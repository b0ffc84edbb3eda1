"""The Capture section: the review queue, its decisions, the sources and Run now."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlmodel import Session

from prm.core.changes import CONTACT_TABLES
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.errors import KnownError
from prm.ui.capture.capture_run import CaptureRun, RunOutcome, summary
from prm.ui.common.section import Section
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # the queue, ops and view are imported on first use: not at start
    from prm.core.capture import queue
    from prm.ui.capture.capture_ops import CaptureOps

CAPTURE = "capture"
CAPTURE_TABLES = frozenset({"capture_proposal", "capture_proposal_person", "capture_source"})
# Sources already read once are read again in the background: first a while after
# start-up (never in the way of the first screen), then every half hour.
FIRST_SCHEDULED_RUN_MS = 2 * 60_000
SCHEDULED_RUN_EVERY_MS = 30 * 60_000


class CaptureSection(Section):
    key, title, icon = CAPTURE, "Capture", "capture"
    # Names shown on proposals come from contacts.
    watches = CAPTURE_TABLES | CONTACT_TABLES
    dialog_opened = Signal(object)  # the edit or sources dialog, for tests

    def __init__(self, tasks: Tasks, undo_stack: UndoStack, window: QWidget) -> None:
        super().__init__(tasks, undo_stack, window)
        self.runner = CaptureRun(tasks, window)
        self.runner.finished.connect(self._ran)
        self.runner.busy_changed.connect(self._busy)
        self.runner.progress.connect(self._progress)
        self.sources_dialog = None
        self.schedule = QTimer(self)
        self.schedule.setSingleShot(True)
        self.schedule.timeout.connect(self.run_scheduled)
        self.schedule.start(FIRST_SCHEDULED_RUN_MS)

    @cached_property
    def ops(self) -> CaptureOps:
        from prm.ui.capture.capture_ops import CaptureOps

        ops = CaptureOps(self.tasks, self.undo_stack, self)
        ops.message.connect(self.message)
        return ops

    def build(self) -> QWidget:
        from prm.ui.capture.capture_view import CaptureView

        view = CaptureView(self.tasks)
        view.action.connect(self.act)
        view.accept_all_requested.connect(lambda: self.ops.accept(
            [p.id for p in view.tree.shown_proposals()]))  # fmt: skip
        view.run_requested.connect(self.run_all)
        view.sources_requested.connect(self.open_sources)
        view.cancel_button.clicked.connect(self.runner.cancel)
        view.count_changed.connect(self.set_badge)
        return view

    def reload(self) -> None:
        self.view.refresh()

    def badge_query(self) -> Callable[[Session], int]:
        def pending(session: Session) -> int:
            from prm.core.capture.waiting import pending_count  # a raw count: no models

            return pending_count(session)

        return pending

    # --- decisions ----------------------------------------------------------------------

    def act(self, action: str) -> None:
        from prm.ui.capture.capture_tree import ACCEPT, EDIT, IGNORE, REJECT
        from prm.ui.capture.capture_view import CaptureView, ignore_target

        view: CaptureView = self.view
        chosen = view.selected()
        stranger = view.stranger()
        if not chosen and stranger is not None:
            if action == ACCEPT:
                self.add_contact(stranger)
            elif action == IGNORE:
                self.ops.ignore("sender", stranger.email)
            return
        if not chosen:
            return
        if action == ACCEPT:
            self.ops.accept([p.id for p in chosen])
        elif action == REJECT:
            self.ops.reject([p.id for p in chosen])
        elif action == EDIT:
            self.edit(chosen[0])
        elif action == IGNORE:
            targets = {ignore_target(p) for p in chosen}
            target = targets.pop() if len(targets) == 1 else None
            if target is None:
                self.message.emit("Ignore needs proposals from one sender or one calendar")
                return
            self.ops.ignore(*target)

    def edit(self, proposal: queue.ProposalView) -> None:
        from prm.ui.capture.proposal_dialog import ProposalDialog

        dialog = ProposalDialog(self.tasks, proposal, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.ops.accept([proposal.id], {proposal.id: dialog.edit()})
        )
        dialog.open()
        self.dialog_opened.emit(dialog)

    def add_contact(self, stranger: queue.NewContactSuggestion) -> None:
        """The contact editor, prefilled with the name and address seen."""
        editing = getattr(self.window, "editing", None)
        if editing is None:
            return
        given, _, family = stranger.name.partition(" ")
        draft = ContactDraft(
            given_name=given, family_name=family, emails=[LabeledValue(stranger.email)]
        )
        editing.new_contact(draft)

    # --- sources and runs ----------------------------------------------------------------

    def open_sources(self) -> None:
        from prm.ui.capture.sources_dialog import SourcesDialog

        if self.sources_dialog is not None and self.sources_dialog.isVisible():
            self.sources_dialog.raise_()
            return
        dialog = self.sources_dialog = SourcesDialog(self.tasks, self.ops, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "sources_dialog", None))
        dialog.run_requested.connect(self.runner.run)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def run_all(self) -> None:
        from prm.core.capture.sources import list_sources

        found = [s for s in self.tasks.read(list_sources) if s.enabled]
        if not found:
            self.open_sources()
            return
        self.runner.run(found)

    def run_scheduled(self) -> None:
        """Read again, quietly, every enabled source that has been read before:
        new mail and past meetings wait in the queue without anyone asking."""
        from prm.core.capture.sources import list_sources

        self.schedule.start(SCHEDULED_RUN_EVERY_MS)
        try:
            found = self.tasks.read(list_sources)
        except KnownError as exc:  # a store that cannot be read says so elsewhere
            log.warning("scheduled capture skipped: %s", exc)
            return
        due = [s for s in found if s.enabled and s.last_run_at is not None]
        self.runner.run(due, quiet=True)

    def _busy(self, busy: bool) -> None:
        if self.built:
            self.view.show_busy(busy)
        if busy:
            self.message.emit("Reading your sources…")

    def _progress(self, value: int, text: str) -> None:
        if self.built:
            self.view.show_progress(value, text)

    def _ran(self, outcomes: list[RunOutcome]) -> None:
        done = summary(outcomes)
        if done:
            self.message.emit(done)
        failed = [o for o in outcomes if o.error]
        if failed and self.runner.quiet:  # nobody asked: say it, don't interrupt
            first = failed[0]
            self.message.emit(f"Could not read {first.source.label or first.source.location}:"
                              f" {first.error}")  # fmt: skip
        elif failed:
            text = "\n\n".join(f"{o.source.label or o.source.location}: {o.error}" for o in failed)
            box = QMessageBox(QMessageBox.Icon.Warning, "Could not read a source", text,
                              QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.dialog_opened.emit(box)
