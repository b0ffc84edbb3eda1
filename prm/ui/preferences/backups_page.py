"""Preferences > Backups: how often PRM backs up on its own, how many days it keeps,
where the copies are, and a backup made now."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from prm.core.errors import KnownError
from prm.ui.preferences.page import PrefsPage, form
from prm.ui.preferences.prefs import MAX_KEEP, SCHEDULES, Prefs
from prm.ui.widgets.form_fields import HintLabel, heading


class BackupsPage(PrefsPage):
    title = "Backups"
    intro = (
        "PRM copies your data in the background, checks each copy, and keeps a rolling set: "
        "the newest of each recent day, plus one a week for four weeks and one a month for a year."
    )

    def __init__(self, backup_dir: Path, back_up_now, parent: QWidget | None = None) -> None:
        """``back_up_now()`` starts a manual backup and returns the BackgroundBackup job."""
        super().__init__(parent)
        self._dir, self._back_up_now, self.job = backup_dir, back_up_now, None
        self.schedule = QComboBox(self)
        for key, label in SCHEDULES.items():
            self.schedule.addItem(label, key)
        self.schedule.setAccessibleName("Automatic backups")
        self.keep = QSpinBox(self)
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setSuffix(" days")
        self.keep.setAccessibleName("Days of daily copies to keep")
        rows = form()
        rows.addRow("Automatic backup:", self.schedule)
        rows.addRow("Keep daily copies for:", self.keep)
        self.column.addLayout(rows)
        self.column.addSpacing(8)
        self.column.addWidget(heading("Folder", self))
        folder = QLabel(str(backup_dir), self)
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(folder.textInteractionFlags().TextSelectableByMouse)
        self.column.addWidget(folder)
        row = QHBoxLayout()
        self.open_folder = QPushButton("Open folder", self)
        self.open_folder.clicked.connect(self._open_folder)
        self.now_button = QPushButton("Back up now", self)
        self.now_button.clicked.connect(self.back_up_now)
        row.addWidget(self.open_folder)
        row.addWidget(self.now_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.result = HintLabel("", self)
        self.column.addWidget(self.result)
        self.finish()

    def load(self, prefs: Prefs) -> None:
        self.schedule.setCurrentIndex(max(0, self.schedule.findData(prefs.backup_schedule)))
        self.keep.setValue(prefs.backup_keep)

    def read(self, prefs: Prefs) -> Prefs:
        return replace(
            prefs, backup_schedule=self.schedule.currentData(), backup_keep=self.keep.value()
        )

    def _open_folder(self) -> None:
        self._dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._dir)))

    def back_up_now(self) -> None:
        self.now_button.setEnabled(False)
        self.result.setText("Backing up…")
        self.job = self._back_up_now()
        self.job.finished.connect(self._done)

    def _done(self, info: object, error: KnownError | None) -> None:
        self.now_button.setEnabled(True)
        if error is not None:
            self.result.setText(f"The backup failed: {error.message}")
        else:
            self.result.setText(f"Backed up and checked: {Path(getattr(info, 'path', '')).name}")
