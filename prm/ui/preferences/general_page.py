"""Preferences > General: the theme, and whether PRM starts in the tray."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QRadioButton, QWidget

from prm.ui.common.theme import THEMES
from prm.ui.preferences.page import PrefsPage
from prm.ui.preferences.prefs import Prefs
from prm.ui.widgets.form_fields import HintLabel, heading


class GeneralPage(PrefsPage):
    title = "General"

    def __init__(self, *, tray_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column.addWidget(heading("Theme", self))
        self.themes = QButtonGroup(self)
        self.theme_buttons: dict[str, QRadioButton] = {}
        for key, label in THEMES.items():
            button = QRadioButton(label if key != "system" else "Follow the system", self)
            self.themes.addButton(button)
            self.theme_buttons[key] = button
            self.column.addWidget(button)
        self.column.addSpacing(8)
        self.column.addWidget(heading("Starting", self))
        self.start_in_tray = QCheckBox("Start PRM in the tray, without opening the window", self)
        self.start_in_tray.setEnabled(tray_available)
        self.column.addWidget(self.start_in_tray)
        if not tray_available:
            self.column.addWidget(
                HintLabel("This desktop has no system tray, so PRM always opens its window.", self)
            )
        self.finish()

    def load(self, prefs: Prefs) -> None:
        self.theme_buttons.get(prefs.theme, self.theme_buttons["system"]).setChecked(True)
        self.start_in_tray.setChecked(prefs.start_in_tray)

    def read(self, prefs: Prefs) -> Prefs:
        theme = next(k for k, b in self.theme_buttons.items() if b.isChecked())
        return replace(prefs, theme=theme, start_in_tray=self.start_in_tray.isChecked())
