"""The touch-history side of the window: Reach out, Awaiting reply, Weekly review,
the quick-log dialog and the cadence settings — composed here so main_window
stays a list of parts.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from prm.ui.common.tasks import Tasks
from prm.ui.touches.touch_ops import shared_ops
from prm.ui.touches.reach_out_view import ReachOutView
from prm.ui.touches.replies_view import RepliesView
from prm.ui.touches.review_view import ReviewView

log = logging.getLogger(__name__)

REACH_OUT, REPLIES, REVIEW = "reach_out", "replies", "review"
SECTIONS = [  # key, sidebar label, icon
    (REACH_OUT, "Reach out", "reach-out"),
    (REPLIES, "Awaiting reply", "replies"),
    (REVIEW, "Weekly review", "review"),
]


class TouchSections(QObject):
    """Owns the three touch views and keeps them (and the badges) current."""

    open_contact = Signal(int)
    meeting_requested = Signal(int)
    count_changed = Signal(str, int)  # section key, badge count
    touches_changed = Signal()  # a touch was logged, edited, deleted or undone
    message = Signal(str)

    def __init__(self, tasks: Tasks, undo_stack: QUndoStack, parent_window: QWidget) -> None:
        super().__init__(parent_window)
        self._tasks = tasks
        self._undo_stack = undo_stack
        self._window = parent_window
        self._dialog = None
        self._review_stale = True
        self.reach_out = ReachOutView(tasks)
        self.replies = RepliesView(tasks)
        self.review = ReviewView(tasks)
        self.views = {REACH_OUT: self.reach_out, REPLIES: self.replies, REVIEW: self.review}
        for view in self.views.values():
            view.contact_activated.connect(self.open_contact)
            view.log_touch_requested.connect(self.log_touch)
            view.changed.connect(self.refresh)
        self.reach_out.count_changed.connect(self._reach_out_count)
        self.reach_out.meeting_requested.connect(self.meeting_requested)
        self.replies.count_changed.connect(self._replies_count)
        self.ops = shared_ops(tasks, undo_stack)
        self.ops.changed.connect(self._touches_changed)
        self.ops.message.connect(self.message)

    def refresh(self) -> None:
        """Reload what shows or feeds a badge; the weekly review (the one slow
        query, ~0.15-0.5 s at 1M touches) waits until someone opens it, so it
        never holds up the worker at start-up or after each logged touch."""
        self.reach_out.refresh()
        self.replies.refresh()
        self._review_stale = True
        if self.review.isVisible():
            self.section_shown(REVIEW)

    def section_shown(self, key: str) -> None:
        if key == REVIEW and self._review_stale:
            self._review_stale = False
            self.review.refresh()

    def log_touch(self, contact_id: int | None = None) -> None:
        """The quick-log dialog (Ctrl+L), for a contact or for whoever is typed."""
        from prm.ui.touches.quick_log_dialog import QuickLogDialog

        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.raise_()
            self._dialog.activateWindow()
            return
        dialog = QuickLogDialog(self._tasks, self._undo_stack, contact_id=contact_id, parent=self._window)
        dialog.finished.connect(self._forget_dialog)
        self._dialog = dialog
        dialog.open()

    def open_cadence_settings(self) -> None:
        from prm.ui.touches.cadence_settings_dialog import CadenceSettingsDialog

        dialog = CadenceSettingsDialog(self._tasks, parent=self._window)
        dialog.changed.connect(self.refresh)
        dialog.open()

    def _forget_dialog(self, _result: int) -> None:
        self._dialog = None

    def _touches_changed(self, _contact_ids: list[int]) -> None:
        self.refresh()
        self.touches_changed.emit()

    def _reach_out_count(self, count: int) -> None:
        self.count_changed.emit(REACH_OUT, count)

    def _replies_count(self, count: int) -> None:
        self.count_changed.emit(REPLIES, count)
