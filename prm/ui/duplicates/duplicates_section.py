"""The Duplicates section: the view, the merge dialog and the undoable changes."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from prm.core.changes import CONTACT_TABLES
from prm.ui.common.section import Section
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack

if TYPE_CHECKING:  # the finder, view and dialog are imported on first use: not at start
    from prm.core import duplicates
    from prm.ui.duplicates.duplicates_ops import DuplicatesOps

DUPLICATES = "duplicates"


class DuplicatesSection(Section):
    key, title, icon = DUPLICATES, "Duplicates", "duplicates"
    watches = CONTACT_TABLES | {"duplicate_dismissal"}
    dialog_opened = Signal(object)  # the MergeDialog, for tests

    def __init__(self, tasks: Tasks, undo_stack: UndoStack, window: QWidget) -> None:
        super().__init__(tasks, undo_stack, window)

    @cached_property
    def ops(self) -> DuplicatesOps:
        from prm.ui.duplicates.duplicates_ops import DuplicatesOps

        ops = DuplicatesOps(self.tasks, self.undo_stack, self)
        ops.message.connect(self.message)
        return ops

    def build(self) -> QWidget:
        from prm.ui.duplicates.duplicates_view import DuplicatesView

        view = DuplicatesView(self.tasks)
        view.merge_requested.connect(self.merge)
        view.dismiss_requested.connect(self.ops.dismiss)
        view.contact_activated.connect(self.open_contact)
        view.count_changed.connect(self.set_badge)
        self.ops.dismissed.connect(view.drop_pairs)
        self.ops.merged.connect(lambda _keep, other: view.drop_contact(other))
        return view

    def reload(self) -> None:
        self.view.refresh()

    def merge(self, keep: int, other: int) -> None:
        """Load the plan on the worker, then show both sides to choose from."""
        from prm.core import duplicates

        def work(session: Session) -> duplicates.MergePlan:
            return duplicates.merge_plan(session, keep_id=keep, other_id=other)

        self.tasks.run(work, self._open_dialog, lambda exc: self.message.emit(exc.message))

    def _open_dialog(self, plan: duplicates.MergePlan) -> None:
        from prm.ui.duplicates.merge_dialog import MergeDialog

        dialog = MergeDialog(plan, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.ops.merge(plan, dialog.chosen()))
        dialog.swap_requested.connect(dialog.reject)
        dialog.swap_requested.connect(lambda: self.merge(plan.other_id, plan.keep_id))
        dialog.open()
        self.dialog_opened.emit(dialog)
