"""A contact edited here and on the server in the same fields: choose, field by field.

The same side-by-side view as merging duplicates (``common.side_by_side``): PRM's
value on the left, preselected; the server's on the right. Nothing was dropped
while it waited: both versions are kept until this choice. The result is sent
to the server at the next sync.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from prm.core.sync.conflicts import SyncConflict
from prm.ui.common.side_by_side import LEFT, RIGHT, SideBySide
from prm.ui.widgets.form_fields import HintLabel


class ConflictDialog(QDialog):
    def __init__(self, conflict: SyncConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle("Resolve a sync conflict")
        intro = QLabel(
            f"<b>{escape(conflict.name)}</b> was changed here and in the address book "
            f"of “{escape(conflict.account)}” since the last sync. Choose which value to keep."
        )
        intro.setWordWrap(True)
        self.fields = SideBySide("Here (PRM)", f"On “{conflict.account}”", self)
        for field in conflict.fields:
            self.fields.add_choice(field.key, field.label, field.here, field.there, take=LEFT)
        footer = HintLabel(
            f"The next sync sends the chosen values to “{conflict.account}”. "
            "Fields changed on one side only were already taken.",
            self,
        )
        footer.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.keep_button = buttons.addButton(
            "&Keep these values", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields, 1)
        layout.addWidget(footer)
        layout.addWidget(buttons)
        self.resize(680, 320)

    def chosen(self) -> dict[str, str]:
        """field key -> "here" or "there", as ``conflicts.resolve_conflict`` takes them."""
        return {k: "here" if side == LEFT else "there" for k, side in self.fields.chosen().items()}

    def choose(self, key: str, side: str) -> None:
        """``side``: "here" or "there"."""
        self.fields.choose(key, LEFT if side == "here" else RIGHT)
