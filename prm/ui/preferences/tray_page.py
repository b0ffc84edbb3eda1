"""Preferences > Tray & notifications: the tray icon, closing to it, and each kind of notice."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QWidget

from prm.core.notices import KIND_LABELS
from prm.ui.preferences.page import PrefsPage
from prm.ui.preferences.prefs import Prefs
from prm.ui.widgets.form_fields import HintLabel, heading

NOTICE_FIELDS = {"birthday": "notify_birthday", "follow_up": "notify_follow_up",
                 "reply": "notify_reply"}  # fmt: skip


class TrayPage(PrefsPage):
    title = "Tray & notifications"

    def __init__(self, *, tray_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tray_icon = QCheckBox("Show PRM in the system tray", self)
        self.tray_icon.setToolTip("With the number of people to reach out to this week")
        self.close_to_tray = QCheckBox("Closing the window keeps PRM running in the tray", self)
        self.column.addWidget(self.tray_icon)
        self.column.addWidget(self.close_to_tray)
        if not tray_available:
            self.column.addWidget(
                HintLabel(
                    "This desktop has no system tray: PRM shows no icon or notifications, "
                    "and closing the window quits.",
                    self,
                )
            )
        self.column.addSpacing(8)
        self.column.addWidget(heading("Notify me about", self))
        self.kinds: dict[str, QCheckBox] = {}
        labels = {**KIND_LABELS, "meeting": "Meeting warnings while the meeting window is hidden"}
        for kind, label in labels.items():
            box = QCheckBox(label, self)
            self.kinds[kind] = box
            self.column.addWidget(box)
        self.column.addWidget(HintLabel("Each notice comes once a day, from the tray.", self))
        for box in (self.tray_icon, self.close_to_tray, *self.kinds.values()):
            box.setEnabled(tray_available)
        self.tray_icon.toggled.connect(self._tray_toggled)
        self.finish()

    def _tray_toggled(self, on: bool) -> None:
        for box in (self.close_to_tray, *self.kinds.values()):
            box.setEnabled(on and self.tray_icon.isEnabled())

    def load(self, prefs: Prefs) -> None:
        self.tray_icon.setChecked(prefs.tray_icon)
        self.close_to_tray.setChecked(prefs.close_to_tray)
        for kind, box in self.kinds.items():
            box.setChecked(getattr(prefs, NOTICE_FIELDS.get(kind, "notify_meeting")))
        self._tray_toggled(prefs.tray_icon)

    def read(self, prefs: Prefs) -> Prefs:
        notices = {
            NOTICE_FIELDS.get(k, "notify_meeting"): b.isChecked() for k, b in self.kinds.items()
        }
        return replace(
            prefs,
            tray_icon=self.tray_icon.isChecked(),
            close_to_tray=self.close_to_tray.isChecked(),
            **notices,
        )
