"""Preferences > Meetings: the lengths the planner offers, and when the timer warns."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from prm.ui.preferences.page import PageError, PrefsPage, form
from prm.ui.preferences.prefs import Prefs, parse_presets
from prm.ui.widgets.form_fields import HintLabel, heading

MAX_WARNING = 120


def _minutes_spin(parent: QWidget, name: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(1, MAX_WARNING)
    spin.setSuffix(" min left")
    spin.setAccessibleName(name)
    return spin


class MeetingsPage(PrefsPage):
    title = "Meetings"
    intro = "Short meetings on agenda: the planner's quick lengths and the timer's warnings."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column.addWidget(heading("Length presets", self))
        self.presets = QLineEdit(self)
        self.presets.setAccessibleName("Meeting length presets in minutes")
        self.presets.setPlaceholderText("15, 25, 30, 45")
        self.presets.setMinimumWidth(self.presets.fontMetrics().horizontalAdvance("0" * 28))
        rows = form()
        rows.addRow("Quick lengths (minutes):", self.presets)
        self.column.addLayout(rows)
        self.column.addWidget(
            HintLabel("Buttons beside the length when you plan a meeting (up to six).", self)
        )
        self.column.addSpacing(8)
        self.column.addWidget(heading("Warnings", self))
        self.amber = _minutes_spin(self, "First warning, minutes left")
        self.red = _minutes_spin(self, "Second warning, minutes left")
        self.wrap_up = _minutes_spin(self, "Wrap-up prompt, minutes left")
        warnings = form()
        warnings.addRow("First warning (amber):", self.amber)
        warnings.addRow("Second warning (red):", self.red)
        warnings.addRow("Wrap up (outcomes, next step):", self.wrap_up)
        self.column.addLayout(warnings)
        self.column.addWidget(
            HintLabel(
                "The timer turns amber, then red, then asks for the outcomes. "
                "A meeting already running uses the new times from now on.",
                self,
            )
        )
        for field in (self.presets, self.amber, self.red, self.wrap_up):
            signal = field.textEdited if isinstance(field, QLineEdit) else field.valueChanged
            signal.connect(self.clear_error)
        self.finish()

    def load(self, prefs: Prefs) -> None:
        self.presets.setText(", ".join(map(str, prefs.meeting_presets)))
        self.amber.setValue(prefs.amber_minutes)
        self.red.setValue(prefs.red_minutes)
        self.wrap_up.setValue(prefs.wrap_up_minutes)

    def read(self, prefs: Prefs) -> Prefs:
        try:
            presets = parse_presets(self.presets.text())
        except ValueError as exc:
            raise PageError(str(exc), self.presets) from exc
        amber, red, wrap_up = self.amber.value(), self.red.value(), self.wrap_up.value()
        if red > amber:
            raise PageError(
                f"The second warning ({red} min) must come after the first ({amber} min).",
                self.red,
            )
        if wrap_up > red:
            raise PageError(
                f"The wrap-up prompt ({wrap_up} min) must come after the second warning "
                f"({red} min).",
                self.wrap_up,
            )
        return replace(
            prefs, meeting_presets=presets, amber_minutes=amber, red_minutes=red,
            wrap_up_minutes=wrap_up,
        )  # fmt: skip
