"""The touch-history sections: Reach out, Awaiting reply, Weekly review; and the
actions around them (the quick-log dialog, the cadence tiers)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from prm.core import reach_out_week, review
from prm.core.changes import CONTACT_TABLES, TOUCH_TABLES
from prm.ui.common.section import Section
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack

REACH_OUT, REPLIES, REVIEW = "reach_out", "replies", "review"
# Rankings move with touches, names, cadences, tiers and snoozes.
_RHYTHM_TABLES = TOUCH_TABLES | CONTACT_TABLES | {"cadence_tier"}


class TouchActions(QObject):
    """Ctrl+L's quick-log dialog and the cadence tiers dialog, for every section."""

    meeting_requested = Signal(int)
    ask_logged = Signal(list, str, str)  # a touch marked as an ask: contact ids, summary, day

    def __init__(self, tasks: Tasks, undo_stack: UndoStack, window: QWidget) -> None:
        super().__init__(window)
        self._tasks, self._undo_stack, self._window = tasks, undo_stack, window
        self._dialog = None

    def log_touch(self, contact_id: int | None = None) -> None:
        """The quick-log dialog (Ctrl+L), for a contact or for whoever is typed."""
        from prm.ui.touches.quick_log_dialog import QuickLogDialog

        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.raise_()
            self._dialog.activateWindow()
            return
        dialog = QuickLogDialog(
            self._tasks, self._undo_stack, contact_id=contact_id, parent=self._window
        )
        dialog.finished.connect(self._forget_dialog)
        dialog.asked.connect(self.ask_logged)
        self._dialog = dialog
        dialog.open()

    def open_cadence_settings(self) -> None:
        from prm.ui.touches.cadence_settings_dialog import CadenceSettingsDialog

        CadenceSettingsDialog(self._tasks, parent=self._window).open()

    def _forget_dialog(self, _result: int) -> None:
        self._dialog = None


class _TouchSection(Section):
    watches = _RHYTHM_TABLES

    def __init__(
        self, tasks: Tasks, undo_stack: UndoStack, window: QWidget, actions: TouchActions
    ) -> None:
        super().__init__(tasks, undo_stack, window)
        self.actions = actions

    def _connect(self, view: QWidget) -> QWidget:
        view.contact_activated.connect(self.open_contact)
        view.log_touch_requested.connect(self.actions.log_touch)
        if hasattr(view, "count_changed"):
            view.count_changed.connect(self.set_badge)
        return view

    def reload(self) -> None:
        self.view.refresh()

    def _now_and_zone(self):
        ctx = self.tasks.ctx
        return ctx.clock.now(), ctx.zone


class ReachOutSection(_TouchSection):
    key, title, icon = REACH_OUT, "Reach out", "reach-out"
    watches = _RHYTHM_TABLES | {"referral"}  # its thank-yous owed

    def build(self) -> QWidget:
        from prm.ui.touches.reach_out_view import ReachOutView

        settings = getattr(self.window, "settings", None)  # the weekly capacity lives there
        view = self._connect(ReachOutView(self.tasks, settings=settings))
        view.meeting_requested.connect(self.actions.meeting_requested)
        return view

    def badge_query(self) -> Callable[[Session], int]:
        now, zone = self._now_and_zone()
        return lambda session: reach_out_week.needing_attention(session, now=now, zone=zone)


class RepliesSection(_TouchSection):
    key, title, icon = REPLIES, "Awaiting reply", "replies"
    watches = TOUCH_TABLES | {"contact"}

    def build(self) -> QWidget:
        from prm.ui.touches.replies_view import RepliesView

        return self._connect(RepliesView(self.tasks))

    def badge_query(self) -> Callable[[Session], int]:
        return review.replies_owed_count  # counted in its index, no rows built


class ReviewSection(_TouchSection):
    """The weekly review: its one slow query (~0.15-0.5 s at 1M touches) runs only
    while it is on screen; it has no badge."""

    key, title, icon = REVIEW, "Weekly review", "review"
    watches = _RHYTHM_TABLES | {"gift", "event", "referral"}  # referrals: thank-yous owed

    def build(self) -> QWidget:
        from prm.ui.touches.review_view import ReviewView

        view = self._connect(ReviewView(self.tasks, self.undo_stack.touches))
        view.message.connect(self.message)
        return view
