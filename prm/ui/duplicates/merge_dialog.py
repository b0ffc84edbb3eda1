"""Both sides of a merge, field by field: pick the value that wins where they differ.

Single-valued fields (names, birthday, organization...) show the two values as
a pair of radio buttons, the kept contact's preselected unless it is blank.
Emails, phones, tags and the like are united and shown as the result. The line
below says what moves (touches, gifts, events...) and that the duplicate goes
to the trash; one Undo brings both back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from prm.core.duplicates import KEEP, OTHER, MergePlan
from prm.ui.common.undo import undo_hint
from prm.ui.widgets.form_fields import HintLabel


class MergeDialog(QDialog):
    swap_requested = Signal()  # keep the other contact instead

    def __init__(self, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Merge duplicates")
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self._groups: list[QButtonGroup] = []

        intro = QLabel(
            f"Keep <b>#{plan.keep_id} {_esc(plan.keep_name)}</b> and merge "
            f"<b>#{plan.other_id} {_esc(plan.other_name)}</b> into it."
        )
        self.swap_button = QPushButton("Keep the other one instead")
        self.swap_button.clicked.connect(self.swap_requested)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.addWidget(_header("Field"), 0, 0)
        grid.addWidget(_header(f"#{plan.keep_id} (kept)"), 0, 1)
        grid.addWidget(_header(f"#{plan.other_id}"), 0, 2)
        row = 1
        for field in plan.fields:
            keep = QRadioButton(field.keep_text or "—")
            other = QRadioButton(field.other_text or "—")
            group = QButtonGroup(self)
            group.addButton(keep)
            group.addButton(other)
            self._groups.append(group)
            (keep if field.winner == KEEP else other).setChecked(True)
            self.choices[field.key] = (keep, other)
            grid.addWidget(QLabel(field.label), row, 0)
            grid.addWidget(keep, row, 1)
            grid.addWidget(other, row, 2)
            row += 1
        for united in plan.united:
            if not united.result:
                continue
            grid.addWidget(QLabel(united.label), row, 0)
            together = QLabel(", ".join(united.result))
            together.setWordWrap(True)
            together.setToolTip("Both sides' values, each once")
            grid.addWidget(together, row, 1, 1, 2)
            row += 1
        if plan.notes_joined:
            grid.addWidget(QLabel("Notes"), row, 0)
            grid.addWidget(QLabel("both kept, one after the other"), row, 1, 1, 2)
        fields = QWidget()
        fields.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)

        moving = ", ".join(f"{n} {kind}" for kind, n in plan.moves.items() if n)
        footer = HintLabel(
            (f"Moving to #{plan.keep_id}: {moving}. " if moving else "")
            + f"#{plan.other_id} goes to the trash{undo_hint()} brings both back.",
            self,
        )
        footer.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.swap_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(scroll, 1)
        layout.addWidget(footer)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def chosen(self) -> dict[str, str]:
        """field key -> KEEP or OTHER, as the radio buttons stand."""
        return {
            key: KEEP if keep.isChecked() else OTHER for key, (keep, _o) in self.choices.items()
        }

    def choose(self, key: str, side: str) -> None:
        keep, other = self.choices[key]
        (keep if side == KEEP else other).setChecked(True)


def _header(text: str) -> QLabel:
    label = QLabel(f"<b>{_esc(text)}</b>")
    return label


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
