"""Editing one logged touch: the quick log's form, filled in, saved with Undo.

The touch is read on the worker; until it arrives the form is disabled. Saving
runs ``touches.update_touch`` through ``TouchOps.update``, whose undo step puts
the touch back exactly as it was loaded.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget
from shiboken6 import isValid

from prm.core import touches
from prm.core.errors import KnownError
from prm.core.touches import TouchDraft
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.common.undo import UndoStack
from prm.ui.touches.quick_log_dialog import TouchDialog

log = logging.getLogger(__name__)


class TouchEditor(TouchDialog):
    saved = Signal(int)  # the touch id, after a change was stored
    loaded = Signal()  # the touch arrived and the form is filled in

    def __init__(
        self, tasks: Tasks, undo_stack: UndoStack, touch_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(tasks, undo_stack, editing=True, parent=parent)
        self.touch_id = touch_id
        self._before: TouchDraft | None = None
        self.setWindowTitle("Edit touch")
        self.save_button.setText("Save")
        # Delete sits apart on the left, away from Save.
        self.delete_button = QPushButton("Delete touch", self)
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._delete)
        layout = self.layout()
        layout.removeWidget(self.buttons)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)  # type: ignore[attr-defined]
        self.form.setEnabled(False)
        self.save_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        tasks.run(
            lambda session: touches.touch_draft(session, touch_id=touch_id),
            self._loaded,
            self._load_failed,
        )

    def _loaded(self, draft: TouchDraft) -> None:
        if not isValid(self):
            return
        self._before = draft
        self.form.fix_channel()
        self.form.load(draft)
        self.form.setEnabled(True)
        self.save_button.setEnabled(True)
        self.delete_button.setEnabled(True)
        self.form.summary.setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit()

    def _load_failed(self, exc: KnownError) -> None:
        if isValid(self):
            show_known_error(self.parentWidget(), exc)
            self.reject()

    def _save(self, draft: TouchDraft, allow_future: bool) -> None:
        if self._before is None:
            self._set_saving(False)
            return
        if draft == self._before:  # nothing changed: no write, no undo step
            self.accept()
            return
        self._ops.update(
            self.touch_id,
            self._before,
            draft,
            allow_future=allow_future,
            on_done=self._saved,
            on_error=lambda exc: self._failed(exc, draft),
        )

    def _saved(self, touch_id: int) -> None:
        if not isValid(self):
            return
        self._set_saving(False)
        self.saved.emit(touch_id)
        self.accept()

    def _delete(self) -> None:
        self._ops.trash([self.touch_id])
        self.accept()
