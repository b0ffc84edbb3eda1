"""Preferences > Reach out: the weekly capacity, and the cadence tiers (the Cadence
dialog's own editor, shown in the page: one editor, two ways in)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSpinBox, QWidget

from prm.core.errors import KnownError
from prm.core.reach_out_week import MAX_WEEKLY_CAPACITY
from prm.ui.common.tasks import Tasks
from prm.ui.preferences.page import PrefsPage, form
from prm.ui.preferences.prefs import Prefs
from prm.ui.touches.cadence_settings_dialog import CadenceSettingsDialog
from prm.ui.widgets.form_fields import HintLabel


class CadenceEditor(CadenceSettingsDialog):
    """The Cadence dialog as a widget: its Save is the Preferences' OK."""

    saved = Signal()
    failed = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setWindowFlags(Qt.WindowType.Widget)
        self.buttons.hide()
        self.layout().setContentsMargins(0, 4, 0, 0)

    def accept(self) -> None:  # saved (or nothing to save): stay in the page
        self._saving = False
        self.saved.emit()

    def _failed(self, exc: KnownError) -> None:
        super()._failed(exc)
        self.failed.emit()


class ReachOutPage(PrefsPage):
    title = "Reach out"
    scrolls = False  # the tag list scrolls inside

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.capacity = QSpinBox(self)
        self.capacity.setRange(1, MAX_WEEKLY_CAPACITY)
        self.capacity.setSuffix(" people")
        self.capacity.setAccessibleName("Weekly capacity")
        rows = form()
        rows.addRow("People to reach each week:", self.capacity)
        self.column.addLayout(rows)
        self.column.addWidget(
            HintLabel(
                "The length of Reach out's short list, and the number on the tray icon.", self
            )
        )
        self.cadence = CadenceEditor(tasks, self)
        self.column.addWidget(self.cadence, 1)
        self.column.addWidget(self.error)  # no stretch under it: the tag list takes the height

    def load(self, prefs: Prefs) -> None:
        self.capacity.setValue(prefs.weekly_capacity)

    def read(self, prefs: Prefs) -> Prefs:
        return replace(prefs, weekly_capacity=self.capacity.value())

    def save_store(self, done: Callable[[], None], failed: Callable[[], None]) -> None:
        def finish(then: Callable[[], None]) -> None:
            self.cadence.saved.disconnect(on_saved)
            self.cadence.failed.disconnect(on_failed)
            then()

        def on_saved() -> None:
            finish(done)

        def on_failed() -> None:
            finish(failed)

        self.cadence.saved.connect(on_saved)
        self.cadence.failed.connect(on_failed)
        self.cadence.save()
