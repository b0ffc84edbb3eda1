"""Cadence settings: how often each tier should hear from the user, and which tier each tag gets.

Save writes every change in one transaction on the worker: if any tier is
refused (a maximum shorter than its target...), nothing is stored, each
message appears under its row, and everything typed stays as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from prm.core import cadence
from prm.core.cadence import TagTier, TierSetting
from prm.core.errors import KnownError, ValidationError
from prm.ui.common.errors import show_known_error
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.field_errors import ErrorLabel, mark_invalid
from prm.ui.widgets.form_fields import HintLabel, heading

log = logging.getLogger(__name__)

MAX_DAYS = 3650
NO_TIER = "No tier"


@dataclass
class TierRow:
    tier_id: int
    name: QLineEdit
    target: QSpinBox
    most: QSpinBox
    error: ErrorLabel
    loaded: TierSetting

    def value(self) -> TierSetting:
        target, most = self.target.value() or None, self.most.value() or None
        return TierSetting(self.tier_id, self.name.text(), target, most)

    def fields(self) -> dict[str, QWidget]:
        return {"name": self.name, "target_days": self.target, "max_days": self.most}


def _days_spin(parent: QWidget, none_text: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(0, MAX_DAYS)
    spin.setSpecialValueText(none_text)  # 0 shows as "No cadence": no target at all
    spin.setSuffix(" days")
    spin.setMinimumWidth(120)
    return spin


class CadenceSettingsDialog(QDialog):
    changed = Signal()  # tiers or tag tiers were saved

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._saving = False
        self.setWindowTitle("Cadence")
        self.tier_rows: dict[int, TierRow] = {}
        self.tag_combos: dict[str, QComboBox] = {}
        # Bounded: the user's own tiers and tags (tens), read before the dialog can show.
        settings = tasks.read(cadence.cadence_settings)
        tiers, tags = list(settings.tiers), list(settings.tags)
        self._loaded_tags = {t.tag: t.tier_id for t in tags}
        self.general_error = ErrorLabel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(6)
        layout.addWidget(heading("Tiers", self))
        layout.addWidget(
            HintLabel(
                "How often each group should hear from you, and when they count as overdue. "
                "Set the target to “No cadence” for people you never need reminding about.",
                self,
            )
        )
        layout.addLayout(self._tier_grid(tiers))
        layout.addSpacing(10)
        layout.addWidget(heading("Tags", self))
        layout.addWidget(
            HintLabel(
                "Everyone with a tag gets its tier, unless their own card says otherwise. "
                "With several tags, the tightest tier wins.",
                self,
            )
        )
        layout.addWidget(self._tag_list(tiers, tags), 1)
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, 600)

    # --- building ----------------------------------------------------------------

    def _tier_grid(self, tiers: list[TierSetting]) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for column, title in enumerate(("Name", "Keep in touch every", "Overdue after")):
            grid.addWidget(QLabel(title, self), 0, column)
        grid.setColumnStretch(0, 1)
        for i, tier in enumerate(tiers):
            tier_id, name, target, most = tier.id, tier.name, tier.target_days, tier.max_days
            row = TierRow(
                tier_id,
                QLineEdit(name, self),
                _days_spin(self, "No cadence"),
                _days_spin(self, "—"),
                ErrorLabel(self),
                tier,
            )
            row.name.setAccessibleName(f"Name of tier {name}")
            row.target.setValue(target or 0)
            row.most.setValue(most or 0)
            row.target.valueChanged.connect(lambda value, r=row: self._target_changed(r, value))
            for widget in row.fields().values():
                signal = widget.textEdited if isinstance(widget, QLineEdit) else widget.valueChanged
                signal.connect(lambda *_args, r=row: self._clear_row(r))
            row.name.textEdited.connect(lambda text, r=row: self._rename(r.tier_id, text))
            grid.addWidget(row.name, 1 + 2 * i, 0)
            grid.addWidget(row.target, 1 + 2 * i, 1)
            grid.addWidget(row.most, 1 + 2 * i, 2)
            grid.addWidget(row.error, 2 + 2 * i, 0, 1, 3)
            self.tier_rows[tier_id] = row
        return grid

    def _tag_list(self, tiers: list[TierSetting], tags: list[TagTier]) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(8, 6, 12, 6)
        form.setHorizontalSpacing(16)
        for tag, tier_id in ((t.tag, t.tier_id) for t in tags):
            combo = QComboBox(box)
            combo.setAccessibleName(f"Tier for tag {tag}")
            combo.setMinimumWidth(200)
            combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            combo.addItem(NO_TIER, None)
            for tier in tiers:
                combo.addItem(tier.name, tier.id)
            combo.setCurrentIndex(max(0, combo.findData(tier_id)) if tier_id is not None else 0)
            label = QLabel(tag, box)
            label.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(label, combo)
            self.tag_combos[tag] = combo
        if not tags:
            form.addRow(QLabel("No tags yet. Tags you give contacts appear here.", box))
        scroll = QScrollArea(self)
        scroll.setWidget(box)
        scroll.setWidgetResizable(True)
        return scroll

    # --- behaviour -------------------------------------------------------------------

    def _target_changed(self, row: TierRow, target: int) -> None:
        """Both or neither: suggest a maximum half as long again when a target appears."""
        if target == 0:
            row.most.setValue(0)
        elif row.most.value() == 0:
            row.most.setValue(min(MAX_DAYS, round(target * cadence.OVERRIDE_MAX_FACTOR)))

    def _rename(self, tier_id: int, text: str) -> None:
        for combo in self.tag_combos.values():
            index = combo.findData(tier_id)
            if index >= 0:
                combo.setItemText(index, text.strip() or f"Tier #{tier_id}")

    def _clear_row(self, row: TierRow) -> None:
        row.error.clear_message()
        for widget in row.fields().values():
            mark_invalid(widget, False)

    def changes(self) -> tuple[list[TierSetting], list[TagTier]]:
        tiers = [row.value() for row in self.tier_rows.values() if row.value() != row.loaded]
        tags = [
            TagTier(tag, combo.currentData())
            for tag, combo in self.tag_combos.items()
            if combo.currentData() != self._loaded_tags.get(tag)
        ]
        return tiers, tags

    def save(self) -> None:
        if self._saving:
            return
        for row in self.tier_rows.values():
            self._clear_row(row)
        self.general_error.clear_message()
        tiers, tags = self.changes()
        if not tiers and not tags:
            self.accept()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._tasks.run(
            lambda session: cadence.save_cadence_settings(session, tiers=tiers, tags=tags),
            self._saved,
            self._failed,
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Errors keyed ``tier:<id>:<field>`` go under their row; the rest at the bottom."""
        general = []
        for key, message in errors.items():
            _, _, rest = key.partition("tier:")
            tier_id, _, field = rest.partition(":")
            row = self.tier_rows.get(int(tier_id)) if tier_id.isdigit() else None
            if row is None:
                general.append(message)
                continue
            row.error.show_message("\n".join(filter(None, (row.error.text(), message))))
            widget = row.fields().get(field, row.name)
            mark_invalid(widget, True)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.general_error.show_message("\n".join(general))

    def _saved(self, _result: object) -> None:
        self.changed.emit()
        if isValid(self):
            self._saving = False
            self.accept()

    def _failed(self, exc: KnownError) -> None:
        if not isValid(self):
            show_known_error(None, exc)
            return
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        else:
            show_known_error(self, exc)
