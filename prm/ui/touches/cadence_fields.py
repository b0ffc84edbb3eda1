"""How often a contact should hear from the user: a tier, or "every N days".

For the contact editor (``ContactDraft.cadence_tier_id`` / ``cadence_days``).
"Follow tags" (None) lets the contact's tags decide; a day count overrides any
tier. A line under the fields says in words what the choice means.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QSpinBox, QVBoxLayout, QWidget

from prm.core import cadence
from prm.core.cadence import OVERRIDE_MAX_FACTOR, TierSetting
from prm.ui.common.tasks import Tasks
from prm.ui.widgets.field_errors import ErrorLabel, mark_invalid
from prm.ui.widgets.form_fields import HintLabel

log = logging.getLogger(__name__)

FOLLOW_TAGS = "Follow tags"
MIN_DAYS, MAX_DAYS = 1, 3650
DEFAULT_DAYS = 30


def tier_label(name: str, target_days: int | None, max_days: int | None) -> str:
    if target_days is None:
        return name
    return f"{name} ({target_days}–{max_days} days)"


class CadenceFields(QWidget):
    changed = Signal()

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._tiers: dict[int, TierSetting] = {}
        self.tier = QComboBox(self)
        self.tier.setAccessibleName("Cadence tier")
        self.override = QCheckBox("Every", self)
        self.override.setToolTip("Keep in touch on this person's own rhythm, whatever the tier")
        self.days = QSpinBox(self)
        self.days.setRange(MIN_DAYS, MAX_DAYS)
        self.days.setSuffix(" days")
        self.days.setValue(DEFAULT_DAYS)
        self.days.setAccessibleName("Keep in touch every N days")
        self.days.setEnabled(False)
        self.hint = HintLabel("", self)
        self.error = ErrorLabel(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.tier, 1)
        row.addSpacing(8)
        row.addWidget(self.override)
        row.addWidget(self.days)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)
        self.reload_tiers()
        self.tier.currentIndexChanged.connect(self._edited)
        self.override.toggled.connect(self._override_toggled)
        self.days.valueChanged.connect(self._edited)
        self._describe()

    # --- API -------------------------------------------------------------------

    def reload_tiers(self) -> None:
        """Read the tiers again (after Cadence settings changed them); keeps the choice."""
        chosen = self.tier.currentData() if self.tier.count() else None
        self._read_tiers()
        self.tier.blockSignals(True)
        self.tier.clear()
        self.tier.addItem(FOLLOW_TAGS, None)
        for tier in self._tiers.values():
            self.tier.addItem(tier_label(tier.name, tier.target_days, tier.max_days), tier.id)
        self._select_tier(chosen)
        self.tier.blockSignals(False)
        self._describe()

    def _read_tiers(self) -> None:
        # Bounded: the user's few tiers, needed before the editor can show its choice.
        self._tiers = {t.id: t for t in self._tasks.read(cadence.tier_settings)}

    def set_values(self, tier_id: int | None, days: int | None) -> None:
        for widget in (self.tier, self.override, self.days):
            widget.blockSignals(True)
        self._select_tier(tier_id)
        self.override.setChecked(days is not None)
        self.days.setEnabled(days is not None)
        self.tier.setEnabled(days is None)
        if days is not None:
            self.days.setValue(max(MIN_DAYS, min(MAX_DAYS, days)))
        for widget in (self.tier, self.override, self.days):
            widget.blockSignals(False)
        self.clear_error()
        self._describe()

    def values(self) -> tuple[int | None, int | None]:
        days = self.days.value() if self.override.isChecked() else None
        return self.tier.currentData(), days

    def show_error(self, text: str) -> None:
        self.error.show_message(text)
        mark_invalid(self.days if self.override.isChecked() else self.tier, True)

    def clear_error(self) -> None:
        self.error.clear_message()
        mark_invalid(self.days, False)
        mark_invalid(self.tier, False)

    def focus_target(self) -> QWidget:
        return self.days if self.override.isChecked() else self.tier

    # --- internals ---------------------------------------------------------------

    def _select_tier(self, tier_id: int | None) -> None:
        index = self.tier.findData(tier_id) if tier_id is not None else 0
        if index < 0:  # a tier this list does not know (yet): keep it rather than drop it
            log.info("cadence tier #%s is not in the list", tier_id)
            self.tier.addItem(f"Tier #{tier_id}", tier_id)
            index = self.tier.count() - 1
        self.tier.setCurrentIndex(index)

    def _override_toggled(self, on: bool) -> None:
        self.days.setEnabled(on)
        self.tier.setEnabled(not on)  # a day count overrides any tier
        if on:
            chosen = self._tiers.get(self.tier.currentData())
            target = chosen.target_days if chosen is not None else None
            self.days.setValue(target or self.days.value())
            self.days.setFocus(Qt.FocusReason.OtherFocusReason)
        self._edited()

    def _edited(self) -> None:
        self.clear_error()
        self._describe()
        self.changed.emit()

    def _describe(self) -> None:
        tier_id, days = self.values()
        if days is not None:
            text = f"Every {days} days; overdue after {round(days * OVERRIDE_MAX_FACTOR)}."
        elif tier_id is None:
            text = "The tightest tier among their tags decides."
        else:
            tier = self._tiers.get(tier_id, TierSetting(tier_id, f"Tier #{tier_id}", None, None))
            name, target, most = tier.name, tier.target_days, tier.max_days
            text = (
                f"{name}: no reminders to keep in touch."
                if target is None
                else f"{name}: every {target} days; overdue after {most}."
            )
        self.hint.setText(text)
