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
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm.core.duplicates import KEEP, OTHER, MergePlan
from prm.ui.common.side_by_side import LEFT, RIGHT, SideBySide
from prm.ui.common.undo import undo_hint
from prm.ui.widgets.form_fields import HintLabel


class MergeDialog(QDialog):
    swap_requested = Signal()  # keep the other contact instead

    def __init__(self, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Merge duplicates")

        intro = QLabel(
            f"Keep <b>#{plan.keep_id} {_esc(plan.keep_name)}</b> and merge "
            f"<b>#{plan.other_id} {_esc(plan.other_name)}</b> into it."
        )
        self.swap_button = QPushButton("Keep the other one instead")
        self.swap_button.clicked.connect(self.swap_requested)

        self.fields = SideBySide(f"#{plan.keep_id} (kept)", f"#{plan.other_id}", self)
        for field in plan.fields:
            take = LEFT if field.winner == KEEP else RIGHT
            self.fields.add_choice(
                field.key, field.label, field.keep_text, field.other_text, take=take
            )
        for united in plan.united:
            if united.result:
                self.fields.add_note(
                    united.label, ", ".join(united.result), tip="Both sides' values, each once"
                )
        if plan.notes_joined:
            self.fields.add_note("Notes", "both kept, one after the other")

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
        layout.addWidget(self.fields, 1)
        layout.addWidget(footer)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def chosen(self) -> dict[str, str]:
        """field key -> KEEP or OTHER, as the radio buttons stand."""
        return {key: KEEP if side == LEFT else OTHER for key, side in self.fields.chosen().items()}

    def choose(self, key: str, side: str) -> None:
        self.fields.choose(key, LEFT if side == KEEP else RIGHT)


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
