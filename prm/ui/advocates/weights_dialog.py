"""The value weights: how much each dimension counts, next to the rule that turns
what was recorded into points, so the score stays something the user can check."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QPushButton,
    QWidget,
)

from prm.core.advocacy.value import DEFAULT_WEIGHTS, DIMENSIONS, MAX_WEIGHT
from prm.core.errors import KnownError
from prm.ui.advocates.advocacy_ops import AdvocacyOps
from prm.ui.widgets.field_errors import ErrorLabel
from prm.ui.widgets.form_fields import HintLabel


class WeightsDialog(QDialog):
    def __init__(
        self, ops: AdvocacyOps, weights: dict[str, float], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Value weights")
        self.setMinimumWidth(460)
        self._ops, self._before = ops, dict(weights)
        form = QFormLayout(self)
        form.addRow(
            HintLabel(
                "A contact's value is the sum of each dimension's points times its weight. "
                "0 leaves a dimension out.",
                self,
            )
        )
        self.spins: dict[str, QDoubleSpinBox] = {}
        for name, (label, rule) in DIMENSIONS.items():
            spin = QDoubleSpinBox(self)
            spin.setRange(0.0, MAX_WEIGHT)
            spin.setDecimals(2)
            spin.setSingleStep(0.25)
            spin.setValue(weights.get(name, DEFAULT_WEIGHTS[name]))
            spin.setAccessibleName(f"{label} weight")
            spin.setMaximumWidth(110)
            self.spins[name] = spin
            form.addRow(f"{label}:", spin)
            form.addRow("", HintLabel(rule, self))
        self.error = ErrorLabel(self)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        reset = QPushButton("&Defaults", self)
        reset.clicked.connect(self.reset)
        self.buttons.addButton(reset, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def weights(self) -> dict[str, float]:
        return {name: round(spin.value(), 2) for name, spin in self.spins.items()}

    def reset(self) -> None:
        for name, spin in self.spins.items():
            spin.setValue(DEFAULT_WEIGHTS[name])

    def save(self) -> None:
        self.error.clear_message()
        self._ops.save_weights(
            self.weights(), self._before, on_done=lambda _w: self.accept(), on_error=self._failed
        )

    def _failed(self, exc: KnownError) -> None:
        self.error.show_message(exc.message)
